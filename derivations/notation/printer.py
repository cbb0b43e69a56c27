"""Expressions and relations to LaTeX, through a SymPy LatexPrinter subclass that knows the article's notation.

The printer knows the notation by a protocol, not by importing it (notation.py imports this printer): a
function of the article's notation is a SymPy function whose class names its LaTeX head in ``latex_name``
(\\sigma, \\rho, f); an ``indexed`` one takes its index first (f_n(x)); a binary one with an ``operator``
(\\oplus, \\otimes) is written infix."""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.latex import LatexPrinter

_OPS = {"=": "=", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}
_SYMBOL = {sp.Eq: "=", sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">", sp.GreaterThan: ">="}


def is_notation(expr) -> bool:
    """A function of the article's notation (see the protocol above)."""
    return isinstance(expr, sp.Function) and isinstance(getattr(type(expr), "latex_name", None), str)


class ArticlePrinter(LatexPrinter):
    """SymPy's LaTeX printer in the article's hand: terms in the order the proof script wrote them
    (``order="none"``), \\sigma(x) without a \\left( gap, primes for derivatives of the notation
    (\\sigma'(x), f_n'(x)), \\log_t 2 without brackets around an atom, and fractions in exponents inline."""

    printmethod = "_latex"

    def __init__(self, settings=None):
        super().__init__({"order": "none", **(settings or {})})

    # -- term order: the proof script's, where it wrote one (an unevaluated sum or product); a sum
    #    SymPy built is printed positive terms first (2\sigma(2x) - 1, not -1 + 2\sigma(2x)), a
    #    polynomial one in SymPy's order but not with a leading minus (6x_2 + 2, n + 1, y - x)
    def _as_ordered_terms(self, expr, order=None):
        terms = list(expr.args)
        if not _canonical(expr):
            return terms
        if all(term.is_polynomial() for term in terms):
            terms = super()._as_ordered_terms(expr, order="lex")
            first = next((i for i, t in enumerate(terms) if not t.could_extract_minus_sign()), 0)
            return terms[first:] + terms[:first]  # y - x, x_1 - \Delta - s_k: not a leading minus
        negative = [term for term in terms if term.could_extract_minus_sign()]
        return [t for t in terms if t not in negative] + [t for t in negative if not t.is_number] + [t for t in negative if t.is_number]

    def _print_Add(self, expr, order=None):
        terms = self._as_ordered_terms(expr)
        written = not _canonical(expr)
        tex = ""
        for i, term in enumerate(terms):
            if i == 0:
                pass
            elif term.could_extract_minus_sign() and not (written and term.is_Add):
                tex += " - "
                term = -term
            else:
                tex += " + "
            term_tex = self._print(term)
            if self._needs_add_brackets(term) or (written and term.is_Add):  # sigma + (1 - sigma), as written
                term_tex = rf"\left({term_tex}\right)"
            tex += term_tex
        return tex

    def _print_Mul(self, expr):
        if _canonical(expr):  # SymPy's product: its usual order of factors
            saved, self._settings["order"] = self._settings["order"], "lex"
            try:
                return super()._print_Mul(expr)
            finally:
                self._settings["order"] = saved
        if any(_is_fraction(f) for f in expr.args) and not (len(expr.args) == 2 and _is_reciprocal(expr.args[1])):
            # factors side by side, as written: \frac{1}{2} \cdot \frac{1}{2}, \frac{1}{4} \cdot 4^{-n}
            tex = ""
            for previous, factor in zip((None,) + expr.args, expr.args):
                printed = self._print(factor)
                if previous is not None:  # a dot between two fractions or numbers, a space otherwise
                    tex += r" \cdot " if (_is_fraction(previous) or previous.is_Number) and (_is_fraction(factor) or factor.is_Number) else " "
                tex += rf"\left({printed}\right)" if factor.is_Add else printed
            return tex
        return super()._print_Mul(expr)

    # -- function applications: name(args), never name\left(args\right)
    def _apply(self, head: str, args, exp=None) -> str:
        inside = ", ".join(self._print(a) for a in args)
        body = rf"{head}\left({inside}\right)" if _TALL.search(inside) else f"{head}({inside})"  # sized only around a sum, a fraction
        return rf"\left({body}\right)^{{{exp}}}" if exp else body

    def _print(self, expr, **kwargs):
        # The notation is printed here, not by its own _latex (SymPy's printer, with \left( gaps and
        # SymPy's term order); SymPy would look a function's printer up by its own class name only.
        if is_notation(expr):
            exp = kwargs.get("exp")
            special = getattr(self, f"_print_{type(expr).__name__}", None) or getattr(self, f"_print_{type(expr).__mro__[1].__name__}", None)
            return special(expr, exp) if special else self._apply(expr.latex_name, expr.args, exp)
        return super()._print(expr, **kwargs)

    def _print_logb(self, expr, exp=None):
        value, base = expr.args
        return self._log(rf"\log_{{{self._print(base)}}}", value, exp)

    def _print_log(self, expr, exp=None):
        return self._log(r"\log", expr.args[0], exp)

    def _log(self, head, value, exp):
        if value.is_Symbol or (value.is_Integer and value > 0):  # \log_t 2, \log n: the article's way
            body = f"{head} {self._print(value)}"
            return rf"\left({body}\right)^{{{exp}}}" if exp else body
        return self._apply(head, [value], exp)

    def _print_real_root(self, expr, exp=None):
        value, n = expr.args
        body = rf"\sqrt[{self._print(n)}]{{{self._print(value)}}}"
        return rf"\left({body}\right)^{{{exp}}}" if exp else body

    def _print_sigmoid_tower(self, expr, exp=None):
        n, value = expr.args
        return self._apply(rf"f_{{{self._print(n)}}}", [value], exp)

    def _print_family_max(self, expr, exp=None):
        base, n = expr.args
        body = rf"\max_{{1 \leq k \leq {self._print(n)}}} {self._print(base.label)}_{{k}}"
        return rf"\left({body}\right)^{{{exp}}}" if exp else body

    def _print__Tropical(self, expr, exp=None):
        from sympy.printing.precedence import PRECEDENCE

        # \oplus and \otimes bind more loosely than + in the parser, and each other's operands are
        # always bracketed, so x (x) (y (+) z) prints back as it was built.
        left, right = (
            rf"\left({self._print(a)}\right)" if is_notation(a) and hasattr(type(a), "operator") else self.parenthesize(a, PRECEDENCE["Mul"], strict=False)
            for a in expr.args
        )
        body = rf"{left} {expr.operator} {right}"
        return rf"\left({body}\right)^{{{exp}}}" if exp else body

    def _trig(self, expr, exp=None):
        r"""\sin(x), \sin^{2}(x), \arctan(x), \operatorname{sech}(x): as the reader reads them back."""
        head = _TRIG_HEADS[type(expr).__name__]
        return self._apply(rf"{head}^{{{exp}}}" if exp else head, expr.args)

    _print_sin = _print_cos = _print_tan = _print_cot = _print_sec = _print_csc = _trig
    _print_asin = _print_acos = _print_atan = _print_sinh = _print_cosh = _print_tanh = _trig
    _print_coth = _print_sech = _print_csch = _print_asinh = _print_acosh = _print_atanh = _trig

    def _print_ExpBase(self, expr, exp=None):
        # e^{x_1/\tau}, not a fraction stacked in the exponent
        tex = r"e^{%s}" % self._inline(expr.args[0])
        return self._do_exponent(tex, exp)

    def _print_Pow(self, expr):
        if expr.exp.is_Rational and expr.exp.p == 1 and expr.exp.q % 2 == 1 and expr.exp.q > 1 and not expr.base.is_nonnegative:
            # SymPy's principal root of a base of either sign: u^{1/3}, never \sqrt[3]{u}, which reads as the real root
            base = self.parenthesize(expr.base, PRECEDENCE_POW, strict=False)
            return f"{self.parenthesize_super(base) if expr.base.is_Symbol else base}^{{1/{expr.exp.q}}}"
        if expr.exp.is_Rational or expr.base.is_Function or expr.base is sp.E:
            return super()._print_Pow(expr)
        if expr.exp.could_extract_minus_sign() and not expr.exp.is_number:
            return super()._print_Pow(expr)  # a reciprocal: \frac{1}{t^{x}}, as SymPy writes it
        base = self.parenthesize(expr.base, PRECEDENCE_POW, strict=False)
        if expr.base.is_Symbol:
            base = self.parenthesize_super(base)
        return f"{base}^{{{self._inline(expr.exp)}}}"

    def _inline(self, expr) -> str:
        return type(self)({"fold_short_frac": True}).doprint(expr)

    # -- derivatives of the notation: primes
    def _prime(self, function, variable, order, at=None):
        """\\sigma'(x) for d/dx sigma(x) (or its value at a point), if function is notation of variable."""
        if order > 2 or not is_notation(function):
            return None
        if getattr(function, "indexed", False):
            n, arg = function.args
            head = rf"{function.latex_name}_{{{self._print(n)}}}"
        elif len(function.args) == 1:
            arg, head = function.args[0], function.latex_name
        else:
            return None
        if arg != variable:
            return None
        point = variable if at is None else at
        return f"{head}{chr(39) * order}({self._print(point)})"

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

    def _print_Max(self, expr, exp=None):
        return self._apply(r"\max", _ordered(expr.args), exp)

    def _print_Min(self, expr, exp=None):
        return self._apply(r"\min", _ordered(expr.args), exp)


# the head of each trigonometric and hyperbolic function, as the reader's vocabulary reads it back
_TRIG_HEADS = {
    "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "cot": r"\cot", "sec": r"\sec", "csc": r"\csc",
    "asin": r"\arcsin", "acos": r"\arccos", "atan": r"\arctan", "sinh": r"\sinh", "cosh": r"\cosh", "tanh": r"\tanh",
    "coth": r"\coth", "sech": r"\operatorname{sech}", "csch": r"\operatorname{csch}", "asinh": r"\operatorname{arsinh}",
    "acosh": r"\operatorname{arcosh}", "atanh": r"\operatorname{artanh}",
}
PRECEDENCE_POW = 60  # sympy.printing.precedence.PRECEDENCE["Pow"]


def _canonical(expr) -> bool:
    """Is this sum or product as SymPy itself would build it (not one the proof script kept unevaluated)?"""
    try:
        return type(expr)(*expr.args).args == expr.args
    except Exception:  # noqa: BLE001 - cannot rebuild: print it as it stands
        return False


def _is_reciprocal(expr) -> bool:
    return expr.is_Pow and expr.exp == -1


def _is_fraction(expr) -> bool:
    """A factor that prints as a fraction of its own: 1/2, e^{-x}/(1+e^{-x}), 1/(1+e^{-x})."""
    if expr.is_Rational:
        return not expr.is_Integer
    if expr.is_Mul:
        return any(_is_reciprocal(f) for f in expr.args)
    return False


def _ordered(args):
    return sorted(args, key=sp.default_sort_key)


_TALL = re.compile(r"\\(frac|dfrac|sum|prod|int|lim|begin|binom|left)(?![A-Za-z])|\\(max|min)_")


def flat_brackets(tex: str) -> str:
    """\\left( ... \\right) as plain ( ... ) where nothing inside is taller than a line of text: the
    sized delimiters are an inner atom, which TeX spaces away from its neighbours (the gap in
    \\sigma\\left(x\\right))."""
    opens: list[int] = []
    pairs: list[tuple[int, int]] = []
    for match in re.finditer(r"\\left\(|\\right\)", tex):
        if match.group() == r"\left(":
            opens.append(match.start())
        elif opens:
            pairs.append((opens.pop(), match.start()))
    # innermost first, so an outer pair sees its flattened contents
    for start, stop in sorted(pairs, key=lambda p: p[1] - p[0]):
        pass
    out = tex
    while True:
        match = _innermost_flat(out)
        if match is None:
            return out
        start, stop = match
        out = out[:start] + "(" + out[start + 6 : stop] + ")" + out[stop + 7 :]


def _innermost_flat(tex: str):
    opens: list[int] = []
    for match in re.finditer(r"\\left\(|\\right\)", tex):
        if match.group() == r"\left(":
            opens.append(match.start())
            continue
        if not opens:
            continue
        start = opens.pop()
        inside = tex[start + 6 : match.start()]
        if not _TALL.search(inside):
            return start, match.start()
    return None


def latex(expr) -> str:
    """One expression or relation in the article's notation."""
    expr = sp.sympify(expr)
    if isinstance(expr, sp.Rel) and type(expr) in _REL_TYPES:
        return f"{latex(expr.lhs)} {_OPS[_SYMBOL[type(expr)]]} {latex(expr.rhs)}"
    return flat_brackets(ArticlePrinter().doprint(expr))


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


_PLAIN = {
    r"\sigma": "σ", r"\rho": "ρ", r"\tau": "τ", r"\beta": "β", r"\Delta": "Δ", r"\delta": "δ", r"\partial": "∂",
    r"\leq": "≤", r"\geq": "≥", r"\neq": "≠", r"\to": "→", r"\infty": "∞", r"\oplus": "⊕", r"\otimes": "⊗",
    r"\cup": "∪", r"\mathbb{R}": "R", r"\sum": "Σ", r"\cdot": "·",
}


def plain(math: str) -> str:
    """A formula as readable plain text (for PDF bookmarks): \\sigma'(x) -> σ'(x), \\frac{1}{4} -> 1/4."""
    out = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", math)
    out = re.sub(r"\\frac(\d)(\d)", r"\1/\2", out)
    for command, symbol in _PLAIN.items():
        out = out.replace(command, symbol)
    out = re.sub(r"\\(operatorname|mathrm|text)\{([^{}]*)\}", r"\2", out)
    out = re.sub(r"\\([A-Za-z]+)", r"\1", out)
    out = re.sub(r"\s+", " ", out.replace("{", "").replace("}", "").replace("\\", "")).strip()
    return out.replace("_", r"\textunderscore{}").replace("^", r"\textasciicircum{}")


def heading(words: str) -> str:
    """Prose with $math$ for a section title: each formula kept on one line (\\mbox) and given a plain
    text form for the PDF's bookmarks."""
    out = []
    for piece in re.split(r"(\$[^$]*\$)", words):
        if piece.startswith("$") and piece.endswith("$") and len(piece) > 1:
            out.append(rf"\texorpdfstring{{\mbox{{{piece}}}}}{{{plain(piece[1:-1])}}}")
        else:
            out.append(text(piece))
    return "".join(out)
