"""Claims and derivations to LaTeX, through a SymPy LatexPrinter subclass that knows the article's notation."""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.latex import LatexPrinter

from ..claims import Chain, Enumeration, Induction, Proof, conjuncts, relation_symbol
from ..notation import Notation, sigmoid_tower

_OPS = {"=": "=", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}


class ArticlePrinter(LatexPrinter):
    """SymPy's LaTeX printer, plus primes for derivatives of the notation: \\sigma'(x), f_n'(x)."""

    printmethod = "_latex"

    def __init__(self, settings=None):
        super().__init__(settings or {})

    def _prime(self, function, variable, order, at=None):
        """\\sigma'(x) for d/dx sigma(x) (or its value at a point), if function is notation of variable."""
        if order > 2 or not isinstance(function, Notation):
            return None
        if isinstance(function, sigmoid_tower):
            n, arg = function.args
            head = rf"f_{{{self._print(n)}}}"
        elif len(function.args) == 1:
            arg, head = function.args[0], function.latex_name
        else:
            return None
        if arg != variable:
            return None
        point = variable if at is None else at
        return rf"{head}{chr(39) * order}\left({self._print(point)}\right)"

    def _print_KroneckerDelta(self, expr, exp=None):
        body = r"\delta_{" + " ".join(self._print(a) for a in expr.args) + "}"
        return rf"\left({body}\right)^{{{exp}}}" if exp else body

    def _print_Derivative(self, expr):
        if len(expr.variable_count) == 1:
            variable, order = expr.variable_count[0]
            primed = self._prime(expr.expr, variable, int(order))
            if primed:
                return primed
        return super()._print_Derivative(expr)

    def _print_Subs(self, expr):
        inner, (variable,), (point,) = expr.args[0], expr.args[1], expr.args[2]
        if isinstance(inner, sp.Derivative) and len(inner.variable_count) == 1:
            dvar, order = inner.variable_count[0]
            if dvar == variable:
                primed = self._prime(inner.expr, variable, int(order), at=point)
                if primed:
                    return primed
        return super()._print_Subs(expr)

    def _print_Indexed(self, expr):
        # x_{i}, as the article writes it (SymPy prints {x}_{i})
        return f"{self._print(expr.base.label)}_{{{', '.join(self._print(i) for i in expr.indices)}}}"

    def _print_log(self, expr, exp=None):
        body = rf"\log\left({self._print(expr.args[0])}\right)"
        return rf"{body}^{{{exp}}}" if exp else body

    def _print_Max(self, expr, exp=None):
        body = r"\max\left(" + ", ".join(self._print(a) for a in _ordered(expr.args)) + r"\right)"
        return rf"{body}^{{{exp}}}" if exp else body

    def _print_Min(self, expr, exp=None):
        body = r"\min\left(" + ", ".join(self._print(a) for a in _ordered(expr.args)) + r"\right)"
        return rf"{body}^{{{exp}}}" if exp else body


def _ordered(args):
    return sorted(args, key=sp.default_sort_key)


def latex(expr) -> str:
    """One expression or relation in the article's notation."""
    expr = sp.sympify(expr)
    if isinstance(expr, sp.Rel) and type(expr) in _REL_TYPES:
        return f"{latex(expr.lhs)} {_OPS[relation_symbol(expr)]} {latex(expr.rhs)}"
    return ArticlePrinter().doprint(expr)


_REL_TYPES = (sp.Eq, sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)


LONG = 60  # printed width (symbols, roughly) past which a displayed formula is broken into lines
ROW = 90  # the same for a derivation row's two sides


def width(tex: str) -> int:
    """A rough printed width of LaTeX: commands count as one symbol, \\left, \\right and braces as none."""
    tex = re.sub(r"\\(left|right)", "", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex)
    return len(re.sub(r"[{}\s]", "", tex))


def pieces(expr) -> list[str]:
    """expr as lines of at most about LONG characters, broken before top-level + and - (a sum only)."""
    whole = latex(expr)
    if width(whole) <= LONG or not isinstance(expr, sp.Add):
        return [whole]
    lines: list[str] = []
    for term in ArticlePrinter()._as_ordered_terms(expr, order=None):
        negative = term.could_extract_minus_sign()
        body = latex(-term if negative else term)
        sign = "-" if negative else "+"
        if lines and width(lines[-1]) + width(body) + 1 <= LONG:
            lines[-1] += f" {sign} {body}"
        elif lines:
            lines.append(f"{sign} {body}")
        else:
            lines.append(f"- {body}" if negative else body)
    return lines


def statement_latex(statement) -> list[str]:
    """One line per relation; a long relation on several (its left side, then the relation and the
    right side, each side broken at its top-level terms if still too long)."""
    from ..claims import relation_symbol

    lines = []
    for rel in conjuncts(statement):
        text_ = latex(rel)
        if width(text_) > LONG and isinstance(rel, sp.Rel) and relation_symbol(rel) in _OPS:
            left, right = pieces(rel.lhs), pieces(rel.rhs)
            right[0] = f"{_OPS[relation_symbol(rel)]} {right[0]}"
            text_ = r" \\ ".join(left + right)
        lines.append(text_)
    return lines


_TEXT_ESCAPES = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def text(words: str) -> str:
    """Prose with $math$ inside, for \\text{...}: escape the prose, keep the math."""
    pieces = re.split(r"(\$[^$]*\$)", words)
    out = []
    for piece in pieces:
        if piece.startswith("$") and piece.endswith("$") and len(piece) > 1:
            out.append(piece)
        else:
            out.append("".join(_TEXT_ESCAPES.get(c, c) for c in piece.replace("\\", r"\textbackslash{}")))
    return "".join(out)


def chain_lines(chain: Chain) -> list[dict]:
    """Rows of an align*: ``start &= e1 && why``, then ``&<= e2 && why`` for each further step."""
    rows = []
    for i, step in enumerate(chain.steps):
        left = latex(chain.start) if i == 0 else ""
        right = latex(step.expr)
        long = width(left) + width(right) > ROW
        if long:  # the left side alone, then the right side in pieces, then the reason
            left = r" \\ ".join("&" + piece for piece in pieces(chain.start)) if i == 0 else ""
            right = r" \\ &\quad ".join(pieces(step.expr))
        rows.append({"left": left, "op": _OPS[step.relation], "right": right, "why": text(step.justification), "long": long})
    return rows


def parts_view(proof: Proof) -> list[dict]:
    """The derivation's parts, ready for the template."""
    out = []
    for part in proof.built_parts():
        if isinstance(part, Chain):
            out.append({"kind": "chain", "title": text(part.title), "condition": _condition(part.condition), "rows": chain_lines(part)})
        elif isinstance(part, Induction):
            sub = []
            for label, chains in (("base case", part.base_chains), ("induction step", part.step_chains)):
                for chain in chains:
                    sub.append({"label": label, "title": text(chain.title), "rows": chain_lines(chain)})
            out.append({"kind": "induction", "title": text(part.title), "variable": latex(part.variable), "base": part.base, "chains": sub})
        elif isinstance(part, Enumeration):
            cases = part.cases(proof.assumptions)
            if part.domain == "integers":
                what = "every integer " + ", ".join(latex(v) for v in part.variables) + " allowed by the assumptions"
            else:
                what = "each of " + ", ".join(latex(v) for v in part.variables) + r" finite or $-\infty$"
            out.append({"kind": "enumeration", "title": text(part.title), "what": text(what) if part.domain != "integers" else what, "cases": len(cases)})
    for definition in proof.definitions:
        out.append({"kind": "definition", "latex": latex(definition)})
    return out


def _condition(condition) -> str:
    return "" if condition == sp.true else latex(condition)


def _domain(name: str, symbol: sp.Symbol) -> str:
    """Where a symbol (or a family's members, through its label) lives, from its SymPy assumptions."""
    if symbol.is_integer:
        return rf"{name} \in \mathbb{{Z}}_{{\geq 1}}" if symbol.is_positive else rf"{name} \in \mathbb{{Z}}"
    if symbol.is_positive:
        return rf"{name} > 0"
    if symbol.is_nonnegative:
        return rf"{name} \geq 0"
    return rf"{name} \in \mathbb{{R}}" if symbol.is_real else ""


def assumption_lines(proof: Proof) -> list[str]:
    """Symbol domains (x real, n a positive integer) and the relational assumptions (t > 1)."""
    symbols, families = set(), set()
    for rel in conjuncts(proof.statement):
        symbols |= {s for s in rel.free_symbols if isinstance(s, sp.Symbol)}
        families |= {i.base.label for i in rel.atoms(sp.Indexed)}
    symbols -= families
    lines = [_domain(rf"{latex(f)}_{{k}}", f) for f in sorted(families, key=str)]
    lines += [_domain(latex(s), s) for s in sorted(symbols, key=lambda s: s.name)]
    lines = [line for line in lines if line]
    for a in proof.assumptions:
        lines.append(latex(a) if type(a) in _REL_TYPES else ArticlePrinter().doprint(a))
    return lines


def formulas(proof: Proof) -> list[tuple[str, sp.Basic]]:
    """Every formula the export writes for a proof, with the expression it was rendered from."""
    out = [(latex(rel), rel) for rel in conjuncts(proof.statement)]
    out += [(latex(d), d) for d in proof.definitions]
    for part in proof.built_parts():
        if not isinstance(part, (Chain, Induction)):
            continue
        chains = [part] if isinstance(part, Chain) else list(part.base_chains) + list(part.step_chains)
        for chain in chains:
            out.append((latex(chain.start), chain.start))
            out += [(latex(step.expr), step.expr) for step in chain.steps]
            if chain.condition != sp.true:
                out.append((latex(chain.condition), chain.condition))
    for a in proof.assumptions:
        out.append((latex(a), a))
    return out
