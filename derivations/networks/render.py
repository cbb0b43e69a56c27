"""LaTeX for networks and their tropical forms: the max-plus expressions (--latex) and the worked
example of the PDF (layers, F, G, and every activation region with its pieces)."""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import sympy as sp

from derivations.notation.printer import latex
from .certify import Certification
from .expressions import _rational, input_symbols, network_expression, polynomial_expression
from .model import Network
from .polyhedra import Affine
from .regions import Region, region_bound
from .tropical import TropicalForm


def _affine(f: Affine, xs) -> sp.Expr:
    return sp.Add(*(_rational(a) * x for a, x in zip(f[0], xs)), _rational(f[1]))


def _matrix(rows) -> str:
    body = r" \\ ".join(" & ".join(latex(_rational(Fraction(v))) for v in row) for row in rows)
    return rf"\begin{{pmatrix}} {body} \end{{pmatrix}}"


def max_plus_lines(network: Network, form: TropicalForm) -> list[str]:
    """F, G and the network as max-plus expressions, one LaTeX line each."""
    xs = input_symbols(network.inputs)
    return [
        rf"F(x) = {latex(polynomial_expression(form.F, xs))}",
        rf"G(x) = {latex(polynomial_expression(form.G, xs))}",
        rf"\nu(x) = {latex(network_expression(network, xs))}",
    ]


def worked_example(network: Network, form: TropicalForm, regions: Sequence[Region], result: Certification) -> str:
    xs = input_symbols(network.inputs)
    lines = [r"\paragraph{Worked example.} The network $\nu$ has weight matrices and biases"]
    layers = []
    for number, layer in enumerate(network.layers, start=1):
        kind = r"\rho" if layer.activation == "relu" else r"\text{linear}"
        layers.append(
            rf"W^{{({number})}} = {_matrix(layer.weights)},\quad b^{{({number})}} = {_matrix([[b] for b in layer.biases])}\quad ({kind})"
        )
    lines.append(r"\begin{gather*}" + r" \\ ".join(layers) + r"\end{gather*}")
    lines.append(
        rf"and $\nu = F - G$ with $F$ of {len(form.F)} monomials and $G$ of {len(form.G)}. "
        rf"Its {len(regions)} activation regions (signs of the hidden neurons, layer by layer), each with a "
        r"point inside it found by exact LP, the network's affine piece there, and the monomials of $F$ and "
        r"$G$ that are the maximum there; on every region the piece equals $F - G$ exactly:"
    )
    lines.append(r"\begin{center}\small")
    lines.append(r"\begin{tabular}{lllll}")
    lines.append(r"signs & point & $\nu$ on the region & $F$ & $G$ \\ \hline")
    hidden = [layer.width for layer in network.hidden]
    for region in regions:
        signs, k = [], 0
        for width in hidden:
            signs.append("".join("+" if s else "-" for s in region.pattern[k : k + width]))
            k += width
        (fe, fc), (ge, gc) = region.f, region.g
        f = _affine((tuple(Fraction(v) for v in fe), Fraction(fc, region.scale)), xs)
        g = _affine((tuple(Fraction(v) for v in ge), Fraction(gc, region.scale)), xs)
        point = ", ".join(latex(_rational(v)) for v in region.point)
        lines.append(rf"${'|'.join(signs)}$ & $({point})$ & ${latex(_affine(region.piece, xs))}$ & ${latex(f)}$ & ${latex(g)}$ \\")
    lines.append(r"\end{tabular}")
    lines.append(r"\end{center}")
    lines.append(
        rf"Verdict of the certificate: \textbf{{{result.verdict}}} ({result.regions} regions; the bound of "
        r"Zhang, Naitzat and Lim, Theorem 6.3, is "
        + str(region_bound(network))
        + ")."
    )
    return "\n".join(lines)
