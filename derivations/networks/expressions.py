"""Networks and tropical polynomials as SymPy expressions (max-plus, in x_1..x_d), and back: what a
claim states and the PDF prints, and what the tropical-network rule reads from a statement."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from .model import Network
from .tropical import TropicalForm, TropicalPolynomial


def input_symbols(d: int) -> tuple[sp.Symbol, ...]:
    return tuple(sp.Symbol(f"x_{k}", real=True) for k in range(1, d + 1))


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def network_expression(network: Network, xs=None) -> sp.Expr:
    """The network written out: hidden neurons max(0, w.h + b), the output w.h + b."""
    values = list(xs or input_symbols(network.inputs))
    for layer in network.layers:
        out = []
        for row, b in zip(layer.weights, layer.biases):
            z = sp.Add(*(w * v for w, v in zip(row, values) if w), _rational(b))
            out.append(sp.Max(0, z) if layer.activation == "relu" else z)
        values = out
    return values[0]


def polynomial_expression(poly: TropicalPolynomial, xs=None) -> sp.Expr:
    """max over the monomials of c + e.x (a single monomial is just its affine function)."""
    xs = xs or input_symbols(poly.dimension)
    pieces = [_rational(c) + sp.Add(*(e * x for e, x in zip(exponent, xs) if e)) for exponent, c in sorted(poly.terms.items())]
    return sp.Max(*pieces)


def form_expression(form: TropicalForm, xs=None) -> sp.Expr:
    xs = xs or input_symbols(form.F.dimension)
    return sp.Add(polynomial_expression(form.F, xs), -polynomial_expression(form.G, xs), evaluate=False)


class NotTropical(ValueError):
    """An expression that is not max of affine functions with nonnegative integer slopes."""


def polynomial_from_expression(expr: sp.Expr, xs) -> TropicalPolynomial:
    """Read max(c + e.x, ...) back into monomials; exponents must be nonnegative integers."""
    args = expr.args if isinstance(expr, sp.Max) else (expr,)
    terms: dict[tuple[int, ...], Fraction] = {}
    for arg in args:
        try:
            poly = sp.Poly(arg, *xs)
        except sp.PolynomialError as exc:
            raise NotTropical(f"{sp.sstr(arg)} is not affine in {', '.join(map(str, xs))}") from exc
        if poly.total_degree() > 1:
            raise NotTropical(f"{sp.sstr(arg)} is not affine")
        exponent = []
        for x in xs:
            slope = poly.coeff_monomial(x)
            if not (slope.is_Integer and slope >= 0):
                raise NotTropical(f"{sp.sstr(arg)}: the coefficient of {x} is not a nonnegative integer")
            exponent.append(int(slope))
        constant = poly.coeff_monomial(1)
        if not constant.is_Rational:
            raise NotTropical(f"{sp.sstr(arg)}: the constant is not rational")
        c = Fraction(int(constant.p), int(constant.q))
        key = tuple(exponent)
        terms[key] = max(c, terms.get(key, c))
    return TropicalPolynomial(len(xs), terms)


def form_from_expression(expr: sp.Expr, xs) -> TropicalForm:
    """F - G from an expression that is a difference of two max-plus polynomials."""
    terms = sp.Add.make_args(expr)
    plus = [t for t in terms if not t.could_extract_minus_sign()]
    minus = [-t for t in terms if t.could_extract_minus_sign()]
    if len(plus) != 1 or len(minus) != 1:
        raise NotTropical("expected F - G, a difference of two maxima of affine functions")
    return TropicalForm(polynomial_from_expression(plus[0], xs), polynomial_from_expression(minus[0], xs))
