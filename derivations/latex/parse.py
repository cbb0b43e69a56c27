"""LaTeX front end: the article's notation, read through an adapter over latex2sympy2_extended.

The backend parses arithmetic (fractions, powers, products, roots, |x|, exp, log_b, tanh). Everything it
gets wrong or does not know is handled here first: relations and chains, function applications of the
article's notation (\\sigma(1-x) is not a product; \\sigma'(x) is a derivative; \\sigma^{-1}, \\sigma^2(x)),
\\oplus/\\otimes, limits (including 0^+), derivatives d/dx and partial ones of any order, indefinite and
definite integrals, sums, \\max/\\min (also over a family), cases, natural \\log (also \\log\\sigma(x) and
\\log\\frac{a}{b} without parentheses), x^+ and x^-, memberships x \\in (0,1), a display row's own condition.
Each such construct is parsed recursively and stands in the backend's input as a placeholder symbol.
Nothing is ever evaluated as Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp
from sympy.core.function import AppliedUndef

from ..errors import ParseError, UnsupportedNotation
from ..notation import Notation, logb, relu, sigmoid, softplus, tropical_add, tropical_mul

MAX_LENGTH = 4000
MAX_DEPTH = 60
MAX_SUM_TERMS = 1000

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|[A-Za-z]|\s+|.", re.S)
_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
}
_KNOWN = {
    r"\frac", r"\sqrt", r"\cdot", r"\times", r"\exp", r"\log", r"\ln", r"\tanh", r"\max", r"\min", r"\lim",
    r"\to", r"\infty", r"\int", r"\sum", r"\operatorname", r"\oplus", r"\otimes", r"\leq", r"\geq", r"\neq",
    r"\begin", r"\end", r"\text", r"\textrm", r"\mathrm", r"\{", r"\}", r"\\", r"\rightarrow", r"\Rightarrow", r"\implies",
    r"\partial", r"\in", r"\mathbb", r"\dots", r"\ldots", r"\cdots", r"\sinh", r"\cosh",
} | {"\\" + g for g in _GREEK}
_DROP = {r"\displaystyle", r"\textstyle", r"\mathop", r"\bigg", r"\Bigg", r"\biggl", r"\biggr", r"\left", r"\right", r"\,", r"\;", r"\:", r"\!", r"\ ", r"\limits", r"\big", r"\Big", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr"}
_GAPS = {r"\quad", r"\qquad"}  # kept as tokens: between a formula and its condition they separate
_ALIAS = {r"\le": r"\leq", r"\ge": r"\geq", r"\ne": r"\neq", r"\lt": "<", r"\gt": ">", r"\dfrac": r"\frac", r"\textrm": r"\text", r"\tfrac": r"\frac", r"\leqslant": r"\leq", r"\geqslant": r"\geq", r"\dotsc": r"\dots", r"\dotsb": r"\dots"}
_RELATIONS = {"=": "=", "<": "<", ">": ">", r"\leq": "<=", r"\geq": ">=", r"\neq": "!="}
_REL_CLASS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
_OPEN = {"(": ")", "[": "]", "{": "}", r"\{": r"\}"}
_CLOSE = {v: k for k, v in _OPEN.items()}

# the SymPy heads a parsed formula may contain; anything else is reported, never silently kept
_ALLOWED_HEADS = (
    sp.Add, sp.Mul, sp.Pow, sp.Symbol, sp.Number, sp.NumberSymbol, sp.exp, sp.log, sp.tanh, sp.Abs, sp.Max,
    sp.Min, sp.Limit, sp.Integral, sp.Derivative, sp.Subs, sp.Sum, sp.Piecewise, Notation, sp.Tuple,
    sp.core.numbers.Infinity, sp.core.numbers.NegativeInfinity, sp.logic.boolalg.BooleanAtom, sp.Rel,
    sp.And, sp.Or, sp.Not, sp.functions.elementary.piecewise.ExprCondPair, sp.Dummy, sp.Indexed, sp.IndexedBase,
    sp.Implies, sp.KroneckerDelta, sp.sinh, sp.cosh,
)


@dataclass(frozen=True)
class Notations:
    """Function names the parser knows: the article's, plus any an article defines (``\\phi``, ``f_n``)."""

    functions: Mapping[str, Callable] = field(default_factory=dict)
    symbols: Mapping[str, sp.Symbol] = field(default_factory=dict)  # name -> symbol with assumptions
    families: frozenset = frozenset()  # x such that x_i is the i-th of a family x_1, ..., x_n
    sizes: Mapping[str, sp.Basic] = field(default_factory=dict)  # x -> n, for an article's x_1, ..., x_n

    def with_function(self, name: str, build: Callable) -> "Notations":
        return Notations({**self.functions, name: build}, self.symbols, self.families, self.sizes)

    def with_family(self, name: str, size: sp.Basic) -> "Notations":
        return Notations(self.functions, self.symbols, self.families | {name}, {**self.sizes, name: size})


def logit(p):
    r"""\operatorname{logit}(p) = \sigma^{-1}(p) = \log\frac{p}{1-p}, defined for 0 < p < 1."""
    return sp.log(p / (1 - p))


def softplus_inverse(y):
    r"""\operatorname{softplus}^{-1}(y) = \log(e^y - 1), defined for y > 0."""
    return sp.log(sp.exp(y) - 1)


INVERSES = {sigmoid: logit, softplus: softplus_inverse}

ARTICLE = {
    r"\sigma": sigmoid,
    r"\rho": relu,
    r"\operatorname{ReLU}": relu,
    r"\operatorname{relu}": relu,
    r"\operatorname{softplus}": softplus,
    r"\operatorname{sigmoid}": sigmoid,
    r"\operatorname{logit}": logit,
}


@dataclass
class _Tok:
    text: str
    col: int


def tokenize(latex: str, keep_gaps: bool = False) -> list[_Tok]:
    if len(latex) > MAX_LENGTH:
        raise ParseError(f"formula too long ({len(latex)} characters; at most {MAX_LENGTH})")
    if not latex.strip():
        raise ParseError("empty formula")
    out: list[_Tok] = []
    for m in _TOKEN.finditer(latex):
        text = m.group(0)
        if text.isspace() or text == "~":
            if out and out[-1].text != " ":
                out.append(_Tok(" ", m.start()))
            continue
        text = _ALIAS.get(text, text)
        if text in _DROP or text in _GAPS and not keep_gaps:
            continue
        if text in _GAPS:
            out.append(_Tok(r"\quad", m.start()))
            continue
        if text == "." and out and out[-1].text in (r"\left", r"\right"):
            continue
        if text.startswith("\\") and text not in _KNOWN:
            raise UnsupportedNotation(f"unsupported LaTeX command {text} at column {m.start() + 1}")
        if text in ('"', "`", ";", "?", "@", "#", "$", "%", "\t"):
            raise UnsupportedNotation(f"unexpected character {text!r} at column {m.start() + 1}")
        out.append(_Tok(text, m.start()))
    _split_fraction_digits(out)
    _fold_intervals(out)
    _check_balance(out)
    _rewrite_names(out)
    return out


def _split_fraction_digits(tokens) -> None:
    r"""\frac12 is \frac{1}{2}: the tokenizer reads 12 as one number."""
    for i in range(len(tokens) - 2, -1, -1):
        following = tokens[i + 1].text
        if tokens[i].text == r"\frac" and following.isdigit() and len(following) >= 2:
            col = tokens[i + 1].col
            rest = [_Tok(following[2:], col + 2)] if len(following) > 2 else []
            tokens[i + 1 : i + 2] = [_Tok("{", col), _Tok(following[0], col), _Tok("}", col), _Tok("{", col + 1), _Tok(following[1], col + 1), _Tok("}", col + 1), *rest]


@dataclass
class _IntervalTok(_Tok):
    """An interval after \\in, read before the balance check: [0,1) is not an unbalanced bracket."""

    left_open: bool = True
    low: list = field(default_factory=list)
    high: list = field(default_factory=list)
    right_open: bool = True


def _fold_intervals(tokens) -> None:
    r"""x \in (0,1), [0,1], (0,\infty), [0,1), ]0,1[: each interval becomes one token."""
    i = 0
    while i < len(tokens):
        if tokens[i].text != r"\in":
            i += 1
            continue
        start = i + 1
        while start < len(tokens) and tokens[start].text == " ":
            start += 1
        if start >= len(tokens) or tokens[start].text not in ("(", "[", "]"):
            i += 1
            continue
        depth, comma, end = 0, None, None
        for j in range(start + 1, len(tokens)):
            t = tokens[j].text
            if depth == 0 and t == "," and comma is None:
                comma = j
                continue
            if depth == 0 and comma is not None and t in (")", "]", "["):
                end = j
                break
            if t in ("{", "("):
                depth += 1
            elif t in ("}", ")"):
                depth -= 1
                if depth < 0:
                    break
        if comma is None or end is None:
            raise ParseError(f"the interval after \\in at column {tokens[i].col + 1} must read (a, b), [a, b], (a, b] or [a, b)")
        interval = _IntervalTok(r"\interval", tokens[start].col, tokens[start].text != "[", tokens[start + 1 : comma], tokens[comma + 1 : end], tokens[end].text != "]")
        tokens[start : end + 1] = [interval]
        i = start + 1


def _check_balance(tokens) -> None:
    stack: list[_Tok] = []
    for tok in tokens:
        if tok.text in _OPEN:
            stack.append(tok)
            if len(stack) > MAX_DEPTH:
                raise ParseError(f"nesting deeper than {MAX_DEPTH} levels at column {tok.col + 1}")
        elif tok.text in _CLOSE:
            if not stack or stack[-1].text != _CLOSE[tok.text]:
                raise ParseError(f"unbalanced {tok.text!r} at column {tok.col + 1}")
            stack.pop()
    if stack:
        raise ParseError(f"unbalanced {stack[-1].text!r} at column {stack[-1].col + 1} is never closed")


def _rewrite_names(tokens) -> None:
    r"""\mathrm{e} -> e, \mathrm{d} -> d; \operatorname{name} and \mathrm{name} -> one token; \mathbb{R} -> one token."""
    i = 0
    while i < len(tokens):
        t = tokens[i].text
        if t in (r"\mathrm", r"\operatorname", r"\mathbb") and i + 1 < len(tokens) and tokens[i + 1].text == "{":
            j = _match(tokens, i + 1)
            name = "".join(x.text for x in tokens[i + 2 : j]).strip()
            if not re.fullmatch(r"[A-Za-z]+", name):
                raise UnsupportedNotation(f"unsupported {t}{{{name}}}")
            if t == r"\mathbb":
                new = rf"\mathbb{{{name}}}"
            else:
                new = name if t == r"\mathrm" and name in ("e", "d") else rf"\operatorname{{{name}}}"
            tokens[i : j + 1] = [_Tok(new, tokens[i].col)]
        elif t == r"\text" and i + 1 < len(tokens) and tokens[i + 1].text == "{":
            j = _match(tokens, i + 1)
            name = "".join(x.text for x in tokens[i + 2 : j]).strip()
            k = j + 1
            while k < len(tokens) and tokens[k].text == " ":
                k += 1
            if re.fullmatch(r"[A-Za-z]{2,}", name) and name.lower() not in CONDITION_WORDS and k < len(tokens) and tokens[k].text in ("(", "^", "'"):
                tokens[i : j + 1] = [_Tok(rf"\operatorname{{{name}}}", tokens[i].col)]  # \text{softplus}(x)
        elif t == r"\mathbb" and i + 1 < len(tokens) and re.fullmatch(r"[A-Z]", tokens[i + 1].text):
            tokens[i : i + 2] = [_Tok(rf"\mathbb{{{tokens[i + 1].text}}}", tokens[i].col)]
        i += 1


def _match(tokens, i) -> int:
    """Index of the token closing the group opened at i."""
    close = _OPEN[tokens[i].text]
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j].text
        if t == tokens[i].text:
            depth += 1
        elif t == close:
            depth -= 1
            if depth == 0:
                return j
    raise ParseError(f"unbalanced {tokens[i].text!r} at column {tokens[i].col + 1}")


def _skip_space(tokens, i) -> int:
    while i < len(tokens) and tokens[i].text == " ":
        i += 1
    return i


def _split_top(tokens, separators) -> list[tuple[str | None, list[_Tok]]]:
    """Split at separators outside any group: [(None, first), (sep, next), ...]."""
    parts, current, sep, depth = [], [], None, 0
    for tok in tokens:
        if tok.text in _OPEN:
            depth += 1
        elif tok.text in _CLOSE:
            depth -= 1
        elif tok.text == r"\begin":
            depth += 1
        elif tok.text == r"\end":
            depth -= 1
        if depth == 0 and tok.text in separators:
            parts.append((sep, current))
            current, sep = [], tok.text
            continue
        current.append(tok)
    parts.append((sep, current))
    return parts


def _text(tokens) -> str:
    return "".join(t.text for t in tokens).strip()


CONDITION_WORDS = ("if", "when", "whenever", "for", "for all", "for every", "for each", "if and only if", "where", "provided", "provided that", "with", "on", "")


class _Parser:
    def __init__(self, notations: Notations):
        self.notations = notations
        self.functions = {**ARTICLE, **{("\\" + k if not k.startswith("\\") and len(k) > 1 else k): v for k, v in notations.functions.items()}}
        self.placeholders: dict[str, sp.Basic] = {}

    # -- placeholders
    def _hold(self, value: sp.Basic) -> list[_Tok]:
        key = f"{len(self.placeholders)}"
        self.placeholders[key] = value
        return [_Tok(" ", 0), _Tok(r"\Xi", 0), _Tok("_", 0), _Tok("{", 0), _Tok(key, 0), _Tok("}", 0), _Tok(" ", 0)]

    # -- statements
    def statement(self, tokens):
        implication = _split_top(tokens, {r"\Rightarrow", r"\implies"})
        if len(implication) == 2:  # condition => relation
            condition, consequence = self.statement(implication[0][1]), self.statement(implication[1][1])
            if not isinstance(condition, sp.Rel) or not isinstance(consequence, sp.Rel):
                raise UnsupportedNotation("an implication between single relations only")
            return sp.Implies(condition, consequence, evaluate=False)
        if len(implication) > 2:
            raise UnsupportedNotation("a chain of implications")
        membership = _split_top(tokens, {r"\in"})
        if len(membership) == 2 and len(_split_top(membership[0][1], set(_RELATIONS))) > 1:
            # a = b \in (0,1): the chain, then the membership of its last side
            links = self.statement(membership[0][1])
            links = links if isinstance(links, tuple) else (links,)
            last = _split_top(membership[0][1], set(_RELATIONS))[-1][1]
            extra = self.membership(last, membership[1][1])
            return links + (extra if isinstance(extra, tuple) else (extra,))
        if len(membership) == 2:
            return self.membership(membership[0][1], membership[1][1])
        if len(membership) > 2:
            raise UnsupportedNotation(r"more than one \in in a formula")
        parts = _split_top(tokens, set(_RELATIONS))
        if len(parts) == 1:
            return self.expression(tokens)
        sides = []
        for sep, side in parts:
            if not _text(side):
                raise ParseError("a relation has an empty side" + (f" (after {sep})" if sep else ""))
            sides.append((sep, self.expression(side)))
        links = []
        for (_, left), (op, right) in zip(sides, sides[1:]):
            links.append(_REL_CLASS[_RELATIONS[op]](left, right, evaluate=False))
        return links[0] if len(links) == 1 else tuple(links)  # a chain, in the order written

    def membership(self, left, right) -> tuple:
        r"""x \in (0,1), x, y \in [0, \infty), x \in \mathbb{R}: the relations it states, as a chain."""
        members = [self.expression(part) for _, part in _split_top(left, {","})]
        right = [t for t in right if t.text != " "]
        if len(right) == 1 and isinstance(right[0], _IntervalTok):
            interval = right[0]
            low, high = self.expression(interval.low), self.expression(interval.high)
            out = []
            for member in members:
                if low != -sp.oo:
                    out.append((sp.Lt if interval.left_open else sp.Le)(low, member, evaluate=False))
                if high != sp.oo:
                    out.append((sp.Lt if interval.right_open else sp.Le)(member, high, evaluate=False))
            return out[0] if len(out) == 1 else tuple(out)
        text = _text(right).replace(" ", "")
        bounds = {r"\mathbb{R}": None, r"\mathbb{R}_{>0}": (sp.Gt, 0), r"\mathbb{R}_{\geq0}": (sp.Ge, 0), r"\mathbb{R}_{<0}": (sp.Lt, 0), r"\mathbb{R}_{\leq0}": (sp.Le, 0)}
        if text not in bounds:
            raise UnsupportedNotation(f"membership in {text} (only intervals such as (0,1), [0,\\infty) and \\mathbb{{R}}, \\mathbb{{R}}_{{>0}})")
        if bounds[text] is None:
            return ()
        relation, value = bounds[text]
        out = tuple(relation(member, value, evaluate=False) for member in members)
        return out[0] if len(out) == 1 else out

    # -- expressions
    def expression(self, tokens) -> sp.Basic:
        if not _text(tokens):
            raise ParseError("empty expression")
        for op, build in ((r"\oplus", tropical_add), (r"\otimes", tropical_mul)):
            parts = _split_top(tokens, {op})
            if len(parts) > 1:
                value = self.expression(parts[0][1])
                for _, part in parts[1:]:
                    value = build(value, self.expression(part))
                return value
        if _split_top(tokens, set(_RELATIONS)).__len__() > 1:
            raise UnsupportedNotation("a relation inside an expression")
        rewritten = self.rewrite(tokens)
        return self.backend(rewritten)

    def backend(self, tokens) -> sp.Basic:
        from . import backend

        text = _text(tokens)
        # an atom needs no parser: a letter, a whole number, a placeholder (most function arguments)
        if re.fullmatch(r"[A-Za-df-zA-Z]|\d+", text):  # not e: that is Euler's number, left to the backend
            return self.finish(sp.Integer(text) if text.isdigit() else sp.Symbol(text))
        m = re.fullmatch(r"\\Xi\s*_\s*\{(\d+)\}", text)
        if m and m.group(1) in self.placeholders:
            return self.placeholders[m.group(1)]
        expr = backend.parse(text)
        return self.finish(expr)

    def finish(self, expr):
        """Placeholders back, natural/base-b logs, exact numbers, real symbols, allowed heads only."""
        if isinstance(expr, (sp.Set, sp.FiniteSet)) or expr.has(sp.FiniteSet) or expr.atoms(sp.Set):
            raise UnsupportedNotation("braces or commas read as a set: write \\max\\{...\\} or parentheses")
        mapping = {}
        for s in expr.atoms(sp.Symbol):
            m = re.fullmatch(r"Xi_\{?(\d+)\}?", s.name)
            if m and m.group(1) in self.placeholders:
                mapping[s] = self.placeholders[m.group(1)]
            elif not s.name.startswith("_"):
                mapping[s] = self.member(re.sub(r"[{}]", "", s.name))
        expr = expr.xreplace(mapping)
        expr = expr.replace(lambda e: isinstance(e, sp.log) and len(e.args) == 2, lambda e: sp.log(e.args[0]) if e.args[1] == sp.E else logb(e.args[0], e.args[1]))
        expr = expr.replace(lambda e: isinstance(e, sp.Float), lambda e: sp.Rational(str(e)))
        for node in sp.preorder_traversal(expr):
            if isinstance(node, AppliedUndef):
                raise UnsupportedNotation(f"unknown function {node.func.__name__}: define it or use the vocabulary")
            if not isinstance(node, _ALLOWED_HEADS):
                raise UnsupportedNotation(f"unsupported construct {type(node).__name__}")
        return expr

    def member(self, name: str) -> sp.Basic:
        """x_i of a declared family is Indexed(x, i); anything else a symbol."""
        base, _, index = name.partition("_")
        if index and base in self.notations.families:
            position = sp.Integer(index) if index.isdigit() else self.symbol(index)
            family = self.notations.symbols.get(base)  # the proof's own family, with its assumptions
            if not isinstance(family, sp.IndexedBase):
                family = sp.IndexedBase(base, real=True)
            return family[position]
        return self.symbol(name)

    def symbol(self, name: str) -> sp.Symbol:
        name = {"varepsilon": "epsilon", "varphi": "phi", "vartheta": "theta"}.get(name, name)
        return self.notations.symbols.get(name) or sp.Symbol(name, real=True)

    def rewrite(self, tokens) -> list[_Tok]:
        """The backend's input: every construct it gets wrong replaced by a placeholder."""
        out: list[_Tok] = []
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            t = tok.text
            if t == r"\begin":
                j, value = self._cases(tokens, i)
                out += self._hold(value)
                i = j + 1
                continue
            if t == r"\lim":
                j, value = self._limit(tokens, i)
                out += self._hold(value)
                i = j
                continue
            if t == r"\frac" and self._is_derivative(tokens, i):
                j, value = self._derivative(tokens, i)
                out += self._hold(value)
                i = j
                continue
            if t == r"\int":
                j, value = self._integral(tokens, i)
                out += self._hold(value)
                i = j
                continue
            if t == r"\sum":
                j, value = self._sum(tokens, i)
                out += self._hold(value)
                i = j
                continue
            if t == r"\delta" and i + 1 < n and tokens[i + 1].text == "_":
                j, sub = self._group(tokens, i + 2)
                names = [x.text for x in sub if x.text not in (" ", ",")]
                if len(names) != 2:
                    raise UnsupportedNotation(r"\delta_{ij} needs exactly two indices")
                out += self._hold(sp.KroneckerDelta(*[self.expression([_Tok(nm, 0)]) for nm in names]))
                i = j
                continue
            if t == r"\max" and i + 1 < n and tokens[i + 1].text == "_":
                j, value = self._family_max(tokens, i)
                out += self._hold(value)
                i = j
                continue
            if t in (r"\max", r"\min"):
                j, args = self._arguments(tokens, i + 1, t)
                out += self._hold((sp.Max if t == r"\max" else sp.Min)(*args))
                i = j
                continue
            name, j = self._function_name(tokens, i)
            if name is not None:
                j, value = self._application(tokens, i, name, j)
                out += self._hold(value)
                i = j
                continue
            if t in (r"\log", r"\ln"):  # one reading for both: \ln 2x and \log 2x are log(2x)
                j, value = self._log(tokens, i)
                out += self._hold(value)
                i = j
                continue
            if t == "(" and _split_top(tokens[i + 1 : _match(tokens, i)], {r"\oplus", r"\otimes"}).__len__() > 1:
                j = _match(tokens, i)
                out += self._hold(self.expression(tokens[i + 1 : j]))
                i = j + 1
                continue
            if t == "^" and self._sign_exponent(tokens, i) is not None:
                j, sign = self._sign_exponent(tokens, i)
                operand = self.backend(_pop_operand(out))
                out += self._hold(sp.Max(operand, 0) if sign == "+" else sp.Max(-operand, 0))
                i = j
                continue
            if t == r"\frac" and out and out[-1].text.isdigit():
                out.append(_Tok(r"\cdot", tok.col))  # 2\frac{1}{2} is a product, not the mixed number 5/2
            if t == "'":
                raise UnsupportedNotation(f"a prime at column {tok.col + 1} on something that is not a known function")
            if t == "_" and i + 1 < n and tokens[i + 1].text == "_":
                raise ParseError(f"double subscript at column {tok.col + 1}")
            if t == "," and not _inside_group(out):
                raise UnsupportedNotation(f"a comma at column {tok.col + 1} outside a function's arguments")
            if t == r"\text":
                raise UnsupportedNotation(r"\text inside a formula (only in the conditions of cases)")
            out.append(tok)
            i += 1
        return out

    def _sign_exponent(self, tokens, i):
        """x^+ and x^- (also x^{+}): (index after it, the sign), else None."""
        j = _skip_space(tokens, i + 1)
        if j < len(tokens) and tokens[j].text in ("+", "-"):
            following = _skip_space(tokens, j + 1)
            if following >= len(tokens) or tokens[following].text not in _OPEN and not re.fullmatch(r"[A-Za-z0-9]|\\.*", tokens[following].text):
                return j + 1, tokens[j].text
            return None
        if j < len(tokens) and tokens[j].text == "{":
            end = _match(tokens, j)
            inner = [t.text for t in tokens[j + 1 : end] if t.text != " "]
            if inner in (["+"], ["-"]):
                return end + 1, inner[0]
        return None

    # -- constructs
    def _term_end(self, tokens, start) -> int:
        """Where the operand of \\lim, d/dx or \\sum ends: the next + or - of the same level."""
        depth = 0
        i = _skip_space(tokens, start)
        first = i
        while i < len(tokens):
            t = tokens[i].text
            if t in _OPEN or t == r"\begin":
                depth += 1
            elif t in _CLOSE or t == r"\end":
                depth -= 1
                if depth < 0:
                    return i
            elif depth == 0 and t in ("+", "-") and i > first:
                prev = tokens[i - 1].text if i > 0 else ""
                if prev not in ("^", "_", "(", "{", r"\cdot", r"\times", " ") or (prev == " " and i - 1 > first):
                    return i
            i += 1
        return i

    def _group(self, tokens, i) -> tuple[int, list[_Tok]]:
        """A {...} group or a single token at i: (index after it, its tokens)."""
        i = _skip_space(tokens, i)
        if i >= len(tokens):
            raise ParseError("a group is missing at the end")
        if tokens[i].text == "{":
            j = _match(tokens, i)
            return j + 1, tokens[i + 1 : j]
        return i + 1, [tokens[i]]

    def _limit(self, tokens, i):
        k = _skip_space(tokens, i + 1)
        if k >= len(tokens) or tokens[k].text != "_":
            raise ParseError(r"\lim needs a subscript like \lim_{t\to\infty}")
        after, sub = self._group(tokens, k + 1)
        parts = _split_top(sub, {r"\to", r"\rightarrow"})
        if len(parts) != 2:
            raise ParseError(r"the subscript of \lim must read v \to a")
        variable = self.expression(parts[0][1])
        if not isinstance(variable, sp.Symbol):
            raise ParseError(r"\lim: the limit variable must be a symbol")
        target_tokens = [t for t in parts[1][1] if t.text != " "]
        direction = "+-"
        if len(target_tokens) >= 2 and target_tokens[-2].text == "^" or (len(target_tokens) >= 4 and target_tokens[-4].text == "^"):
            sign = [t.text for t in target_tokens if t.text in ("+", "-")][-1:]
            hat = max(idx for idx, t in enumerate(target_tokens) if t.text == "^")
            direction = sign[0] if sign else "+-"
            target_tokens = target_tokens[:hat]
        point = self.expression(target_tokens)
        end = self._term_end(tokens, after)
        body = self.expression(tokens[after:end])
        if point in (sp.oo, -sp.oo):
            return end, sp.Limit(body, variable, point)
        return end, sp.Limit(body, variable, point, direction)

    def _family_max(self, tokens, i):
        r"""\max_{1 \leq k \leq n} x_k: the largest member of a declared family."""
        from ..notation import family_max

        after, sub = self._group(tokens, i + 2)
        bounds = self.statement(sub)
        if isinstance(bounds, sp.Symbol):  # \max_i x_i over a family x_1, ..., x_n declared by the article
            start = _skip_space(tokens, after)
            end, _ = self._group(tokens, start)
            if end < len(tokens) and tokens[end].text == "_":
                end, _ = self._group(tokens, end + 1)
            member = self.expression(tokens[start:end])
            if isinstance(member, sp.Indexed) and str(member.base.label) in self.notations.sizes and member.indices == (bounds,):
                return end, family_max(member.base, self.notations.sizes[str(member.base.label)])
            raise UnsupportedNotation(r"\max_i x_i needs a family x_1, \dots, x_n declared before it")
        if not (isinstance(bounds, tuple) and len(bounds) == 2 and all(isinstance(b, sp.LessThan) for b in bounds)):
            raise UnsupportedNotation(r"\max over an index must read \max_{1 \leq k \leq n} x_k")
        (low, index), (_, upper) = (bounds[0].lhs, bounds[0].rhs), (bounds[1].lhs, bounds[1].rhs)
        start = _skip_space(tokens, after)
        end, _ = self._group(tokens, start)
        if end < len(tokens) and tokens[end].text == "_":
            end, _ = self._group(tokens, end + 1)
        member = self.expression(tokens[start:end])
        if low != 1 or not isinstance(member, sp.Indexed) or member.indices != (self.symbol(index.name),) and member.indices != (index,):
            raise UnsupportedNotation(r"\max over an index must read \max_{1 \leq k \leq n} x_k")
        return end, family_max(member.base, upper)

    _NUMERATOR = re.compile(r"^(d|\\partial)\s*(?:\^\s*\{?\s*(\d+)\s*\}?)?\s*(.*)$", re.S)
    _DENOMINATOR = re.compile(r"(d|\\partial)\s*([A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)\s*(?:\^\s*\{?\s*(\d+)\s*\}?)?\s*")

    def _derivative_parts(self, tokens, i):
        r"""d/dx, d^2/dx^2, \partial^2/\partial x\,\partial y, d f/dx: (after, variables with orders, body tokens) or None."""
        try:
            after_num, num = self._group(tokens, i + 1)
            after, den = self._group(tokens, after_num)
        except ParseError:
            return None
        m = self._NUMERATOR.match(_text(num))
        if not m or (m.group(1) == "d" and _text(num)[1:2].isalpha()):
            return None
        order = int(m.group(2) or 1)
        den_text = _text(den)
        variables, position = [], 0
        for piece in self._DENOMINATOR.finditer(den_text):
            if piece.start() != position or piece.group(1) != m.group(1):
                return None
            variables.append((piece.group(2).replace("{", "").replace("}", ""), int(piece.group(3) or 1)))
            position = piece.end()
        if not variables or position != len(den_text) or sum(n for _, n in variables) != order:
            return None
        body = None
        if m.group(3).strip():  # d f / dx: the body in the numerator
            k = _skip_space(num, 1)
            if k < len(num) and num[k].text == "^":
                k, _ = self._group(num, k + 1)
            body = num[k:]
        return after, variables, body

    def _is_derivative(self, tokens, i) -> bool:
        return self._derivative_parts(tokens, i) is not None

    def _derivative(self, tokens, i):
        after, variables, body_tokens = self._derivative_parts(tokens, i)
        if body_tokens is None:
            end = self._term_end(tokens, after)
            body = self.expression(tokens[after:end])
        else:
            end, body = after, self.expression(body_tokens)
        spec = [(self.member(name), n) for name, n in variables]
        return end, sp.Derivative(body, *spec)

    def _integral(self, tokens, i):
        k = _skip_space(tokens, i + 1)
        bounds = {}
        while k < len(tokens) and tokens[k].text in ("_", "^") and tokens[k].text not in bounds:
            which = tokens[k].text
            k, bound = self._group(tokens, k + 1)
            bounds[which] = self.expression(bound)
            k = _skip_space(tokens, k)
        if len(bounds) == 1:
            raise ParseError("\\int with one bound: write both, \\int_{a}^{b}")
        depth, spots = 0, []
        for j in range(k, len(tokens) - 1):
            t = tokens[j].text
            if t in _OPEN:
                depth += 1
            elif t in _CLOSE:
                depth -= 1
            elif depth == 0 and t == "d":
                nxt = _skip_space(tokens, j + 1)
                if nxt < len(tokens) and re.fullmatch(r"[A-Za-z]", tokens[nxt].text):
                    spots.append((j, nxt))
        if not spots:
            raise ParseError("\\int without its differential (dx)")
        if len(spots) > 1 and all(_text(tokens[a:b]) == "" for (_, a), (b, _) in zip(spots, spots[1:]) for a in [a + 1]):
            raise UnsupportedNotation("a multiple integral (dx dy): one \\int with one differential only")
        j, v = spots[-1]
        body = self.expression(tokens[k:j])
        variable = self.symbol(tokens[v].text)
        if bounds:
            low, high = bounds["_"], bounds["^"]
            if variable in low.free_symbols | high.free_symbols:
                raise UnsupportedNotation(f"the integration variable {variable} in a bound of the integral")
            return v + 1, sp.Integral(body, (variable, low, high))
        return v + 1, sp.Integral(body, variable)

    def _sum(self, tokens, i):
        k = _skip_space(tokens, i + 1)
        if k >= len(tokens) or tokens[k].text != "_":
            raise ParseError(r"\sum needs limits: \sum_{i=1}^{n}")
        after, lower = self._group(tokens, k + 1)
        k = _skip_space(tokens, after)
        if k >= len(tokens) or tokens[k].text != "^":
            raise ParseError(r"\sum needs an upper limit: \sum_{i=1}^{n}")
        after, upper = self._group(tokens, k + 1)
        parts = _split_top(lower, {"="})
        if len(parts) != 2:
            raise ParseError(r"the lower limit of \sum must read i=1")
        index = self.expression(parts[0][1])
        lo, hi = self.expression(parts[1][1]), self.expression(upper)
        if not (lo.is_Integer and hi.is_Integer):
            if not self.notations.families:
                raise UnsupportedNotation(r"\sum with a symbolic bound (only numeric n, or over a declared family)")
            end = self._term_end(tokens, after)
            return end, sp.Sum(self.expression(tokens[after:end]), (index, lo, hi))
        if hi - lo + 1 > MAX_SUM_TERMS:
            raise ParseError(f"a sum of {hi - lo + 1} terms (at most {MAX_SUM_TERMS})")
        end = self._term_end(tokens, after)
        body = self.expression(tokens[after:end])
        # x_i under \sum_{i=...} is the i-th of a family x_1, x_2, ...: one symbol per term
        indexed = {s: s.name[: -len(index.name)] for s in body.free_symbols if isinstance(index, sp.Symbol) and s.name.endswith("_" + index.name)}
        terms = [body.xreplace({index: k, **{s: self.symbol(f"{stem}{k}") for s, stem in indexed.items()}}) for k in range(int(lo), int(hi) + 1)]
        return end, sp.Add(*terms)

    def _arguments(self, tokens, i, what):
        i = _skip_space(tokens, i)
        if i >= len(tokens) or tokens[i].text not in ("(", r"\{", "{"):
            raise ParseError(f"{what} needs arguments in parentheses")
        j = _match(tokens, i)
        inner = tokens[i + 1 : j]
        if tokens[i].text == "{":  # SymPy prints \sigma{\left(x \right)}: a group around the parentheses
            stripped = [t for t in inner if t.text != " "]
            if not stripped or stripped[0].text != "(" or _match(stripped, 0) != len(stripped) - 1:
                raise ParseError(f"{what} needs arguments in parentheses")
            inner = stripped[1:-1]
        args = [self.expression(part) for _, part in _split_top(inner, {","})]
        return j + 1, args

    def _function_name(self, tokens, i):
        """A known function at i (\\sigma, \\operatorname{softplus}, f_{n}): (name, index after it)."""
        t = tokens[i].text
        if t in self.functions:
            return t, i + 1
        if re.fullmatch(r"[A-Za-z]", t) and t in self.functions:
            return t, i + 1
        return None, i

    def _application(self, tokens, i, name, j):
        build = self.functions[name]
        index = None
        k = _skip_space(tokens, j)
        if k < len(tokens) and tokens[k].text == "_" and name not in ARTICLE:
            k, sub = self._group(tokens, k + 1)
            index = self.expression(sub)
        inverse, power = False, 1
        k = _skip_space(tokens, k)
        if k < len(tokens) and tokens[k].text == "^":
            k, sup = self._group(tokens, k + 1)
            written = _text(sup).replace(" ", "")
            if written == "-1":
                inverse = True
            elif written.isdigit() and int(written) >= 1:
                power = int(written)
            else:
                raise UnsupportedNotation(f"{name}^{{{written}}} (only {name}^{{-1}}, the inverse, or a whole power such as {name}^2)")
        primes = 0
        k = _skip_space(tokens, k)
        while k < len(tokens) and tokens[k].text == "'":
            primes += 1
            k += 1
        end, args = self._arguments(tokens, k, name)
        full = ([index] if index is not None else []) + args
        if primes > 2:
            raise UnsupportedNotation(f"{name} with {primes} primes (at most 2)")
        if inverse:
            if primes or index is not None or len(args) != 1 or build not in INVERSES:
                raise UnsupportedNotation(f"the inverse {name}^{{-1}} (known only for the sigmoid and softplus, of one argument)")
            return end, INVERSES[build](args[0])
        if primes == 0:
            return end, build(*full) ** power
        point = args[-1]
        dummy = point if isinstance(point, sp.Symbol) else sp.Symbol("x", real=True)
        derivative = sp.Derivative(build(*(full[:-1] + [dummy])), (dummy, primes))
        return end, (derivative if dummy is point else derivative.subs(dummy, point)) ** power

    def _log(self, tokens, i):
        r"""\log x and \log_e x are natural (this project's convention); \log_b x is base b."""
        k = _skip_space(tokens, i + 1)
        base = sp.E
        if k < len(tokens) and tokens[k].text == "_":
            k, base_tokens = self._group(tokens, k + 1)
            base = self.expression(base_tokens)
        k = _skip_space(tokens, k)
        if k >= len(tokens):
            raise ParseError(r"\log without an argument")
        if tokens[k].text in ("(", "{"):
            end = _match(tokens, k) + 1
            inner = tokens[k + 1 : end - 1]
            if tokens[k].text == "{":
                stripped = [t for t in inner if t.text != " "]
                if stripped and stripped[0].text == "(" and _match(stripped, 0) == len(stripped) - 1:
                    inner = stripped[1:-1]
            argument = self.expression(inner)
        else:  # \log x, \log_t 1, \log 2: one atom, with a power if it has one; \log\sigma(x), \log\frac{a}{b}, \log|x|
            end = self._operand_end(tokens, k)
            argument = self.expression(tokens[k:end])
        return end, (sp.log(argument) if base == sp.E else logb(argument, base))

    def _operand_end(self, tokens, k) -> int:
        r"""Where the argument of \log written without parentheses ends: a function application
        (\sigma(x), \log x, \frac{a}{b}, \sqrt{x}, |x|) or one atom with its power."""
        t = tokens[k].text
        if t == r"\frac":
            end, _ = self._group(tokens, k + 1)
            end, _ = self._group(tokens, end)
        elif t == r"\sqrt":
            end = _skip_space(tokens, k + 1)
            if end < len(tokens) and tokens[end].text == "[":
                end = _match(tokens, end) + 1
            end, _ = self._group(tokens, end)
        elif t == "|":
            end = next((j + 1 for j in range(k + 1, len(tokens)) if tokens[j].text == "|"), None)
            if end is None:
                raise ParseError(f"unbalanced '|' at column {tokens[k].col + 1}")
        elif t in (r"\log", r"\ln"):
            end, _ = self._log(tokens, k)
        elif t == r"\sum":  # \log\sum_{i=1}^{n} e^{x_i}: the whole sum
            end, _ = self._sum(tokens, k)
        elif t == r"\lim":
            end, _ = self._limit(tokens, k)
        elif t in (r"\exp", r"\tanh", r"\sinh", r"\cosh") or self._function_name(tokens, k)[0] is not None:
            end = _skip_space(tokens, k + 1)
            while end < len(tokens) and tokens[end].text in ("_", "^", "'"):
                end = end + 1 if tokens[end].text == "'" else self._group(tokens, end + 1)[0]
                end = _skip_space(tokens, end)
            if end < len(tokens) and tokens[end].text in ("(", "{"):
                end = _match(tokens, end) + 1
            elif t in (r"\exp", r"\tanh", r"\sinh", r"\cosh") and end < len(tokens):
                end = self._operand_end(tokens, end)
        else:
            end = self._juxtaposed(tokens, k)
        if end < len(tokens) and tokens[end].text == "^" and t not in (r"\log", r"\ln"):
            end, _ = self._group(tokens, end + 1)
        return end

    def _juxtaposed(self, tokens, k) -> int:
        r"""The end of a product written by juxtaposition from k: 2x, xy, 2\pi t^2 (each atom with its
        power or index), as \log 2x = \log(2x) is read; an operator, a space before an operator, a
        bracket or a function ends it."""
        end = k
        while end < len(tokens):
            t = tokens[end].text
            if not (re.fullmatch(r"\d+(\.\d+)?|[A-Za-z]", t) or (t.startswith("\\") and t[1:] in _GREEK and t not in self.functions)):
                break
            if end > k and re.fullmatch(r"\d+(\.\d+)?", t):
                break  # x2 is not x times 2
            end += 1
            while end < len(tokens) and tokens[end].text in ("^", "_"):
                end, _ = self._group(tokens, end + 1)
        return max(end, k + 1)

    def _cases(self, tokens, i):
        after, name = self._group(tokens, i + 1)
        if _text(name) != "cases":
            raise UnsupportedNotation(f"the {_text(name)} environment (only cases)")
        depth, j = 0, i
        while j < len(tokens):
            if tokens[j].text == r"\begin":
                depth += 1
            elif tokens[j].text == r"\end":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(tokens):
            raise ParseError(r"\begin{cases} is never closed")
        rows = self.cases_rows(tokens[after:j])
        pieces = []
        for value, condition in rows:
            if isinstance(value, (sp.Rel, tuple)):
                raise UnsupportedNotation("a relation inside cases used as an expression")
            pieces.append((value, condition))
        end, _ = self._group(tokens, j + 1)
        return end, sp.Piecewise(*pieces)

    def cases_rows(self, body) -> list[tuple[sp.Basic, sp.Basic]]:
        rows = []
        for _, row in _split_top(body, {r"\\"}):
            if not _text(row):
                continue
            cells = _split_top(row, {"&"})
            if len(cells) != 2:
                raise ParseError("each row of cases needs one & before its condition")
            rows.append((self.statement(cells[0][1]), self.condition(cells[1][1])))
        if not rows:
            raise ParseError("empty cases")
        return rows

    def line_rows(self, line) -> list[tuple[object, sp.Basic]]:
        r"""One display line as rows: a formula and its own condition (``\quad x > 0``, ``, x > 0``,
        ``\text{for } x > 0``, ``\qquad (x \in (0,1))``), or several formulas side by side (``A = B, \qquad
        C = D``): a segment is a condition only after a cue word, or when it is a plain condition on
        variables (no function in it); another relation is another row, never a condition."""
        segments, depth, start = [], 0, 0
        for k, tok in enumerate(line):
            if tok.text in _OPEN or tok.text == r"\begin":
                depth += 1
            elif tok.text in _CLOSE or tok.text == r"\end":
                depth -= 1
            elif depth == 0 and k > start and (tok.text in (r"\quad", ",") or tok.text == r"\text" and self._cue_text(line, k)):
                segments.append(line[start:k])
                start = k + (0 if tok.text == r"\text" else 1)
        segments.append(line[start:])
        segments = [[t for t in seg if t.text not in (r"\quad", "&")] for seg in segments]
        segments = [seg for seg in segments if _text(seg).strip(" ,")]
        if len(segments) <= 1:
            return [(self.statement([t for t in line if t.text not in (" ", "&", r"\quad")]), sp.true)]
        rows: list = []
        for segment in segments:
            stripped = [t for t in segment if t.text != " "]
            cued = bool(stripped) and stripped[0].text == r"\text"
            if stripped and stripped[0].text == "(" and _match(stripped, 0) == len(stripped) - 1:
                stripped = stripped[1:-1]
            if rows and (cued or self._plain_condition(stripped)):
                statement, condition = rows[-1]
                rows[-1] = (statement, sp.And(condition, self.condition(stripped)))
                continue
            statement = self.statement(stripped)
            if rows and not relations_of(statement):
                raise UnsupportedNotation("two formulas side by side, the second no relation")
            rows.append((statement, sp.true))
        return rows

    def _plain_condition(self, tokens) -> bool:
        r"""A relation between variables and numbers only (x > 0, 0 < x < 1, x \in (0,1)): a condition."""
        try:
            relations = relations_of(self.statement(tokens))
        except ParseError:
            return False
        return bool(relations) and all(
            not rel.has(sp.Limit, sp.Derivative, sp.Integral, sp.Sum, sp.Subs) and all(isinstance(f, sp.Abs) for f in rel.atoms(sp.Function))
            for rel in relations
        )

    def _cue_text(self, tokens, k) -> bool:
        try:
            _, words = self._group(tokens, k + 1)
        except ParseError:
            return False
        return _text(words).strip().rstrip(",").lower() in CONDITION_WORDS[:-1]

    def condition(self, tokens) -> sp.Basic:
        kept, i = [], 0
        while i < len(tokens):
            if tokens[i].text == r"\text":
                after, words = self._group(tokens, i + 1)
                said = _text(words).strip().rstrip(",").lower()
                if said in ("otherwise", "else", "sonst"):
                    return sp.true
                if said not in CONDITION_WORDS:
                    raise UnsupportedNotation(f"condition text {said!r}")
                i = after
                continue
            kept.append(tokens[i])
            i += 1
        while kept and kept[-1].text in (",", ".", " "):
            kept.pop()
        if not _text(kept):
            raise ParseError("a case without a condition")
        cond = self.statement(kept)
        if isinstance(cond, tuple):
            return sp.And(*cond)
        if not isinstance(cond, sp.Rel):
            raise ParseError("a case's condition must be a relation")
        return cond


def _pop_operand(out) -> list[_Tok]:
    """The operand just written (a letter with its subscript, a number, a group, a placeholder), removed from out."""
    while out and out[-1].text == " ":
        out.pop()
    if not out:
        raise ParseError("a ^+ or ^- without an operand")
    end = len(out)
    if out[-1].text in _CLOSE:
        depth, start = 0, None
        for k in range(end - 1, -1, -1):
            if out[k].text in _CLOSE:
                depth += 1
            elif out[k].text in _OPEN:
                depth -= 1
                if depth == 0:
                    start = k
                    break
        if start is None:
            raise ParseError("unbalanced group before ^+ or ^-")
        if start >= 2 and out[start - 1].text == "_":  # x_{1} or the placeholder \Xi_{k}
            start -= 2
    elif out[-1].text.isdigit() and len(out) >= 2 and out[-2].text == "_":
        start = len(out) - 3
    else:
        start = end - 1
    operand = out[start:end]
    del out[start:end]
    return operand


def _inside_group(out) -> bool:
    depth = 0
    for tok in out:
        if tok.text in _OPEN:
            depth += 1
        elif tok.text in _CLOSE:
            depth -= 1
    return depth > 0


# ---------------------------------------------------------------- public API


def parse(latex: str, notations: Notations | None = None) -> sp.Basic:
    """A formula: an expression, a relation, or a chain (a conjunction of relations, evaluate=False)."""
    parser = _Parser(notations or Notations())
    return parser.statement(tokenize(latex))


def parse_written(latex: str, notations: Notations | None = None) -> sp.Basic:
    """The formula as written, nothing evaluated: x/x stays x/x, e^{\\log x} stays. What the natural
    domain is read from (derivations.domain); never what is decided."""
    with sp.evaluate(False):
        return parse(latex, notations)


def parse_rows(latex: str, notations: Notations | None = None) -> list[tuple[object, sp.Basic]]:
    """A display formula as (statement, condition) rows: each \\\\-separated line is a row (alignment &
    dropped), and a line that is a cases environment gives one row per case, its condition attached."""
    parser = _Parser(notations or Notations())
    rows = []
    for _, line in _split_top(tokenize(latex, keep_gaps=True), {"\\\\"}):
        if not any(t.text == r"\begin" for t in line):
            if [t for t in line if t.text not in (" ", "&", r"\quad")]:
                rows += parser.line_rows(line)
            continue
        line = [t for t in line if t.text != r"\quad"]
        stripped = [t for t in line if t.text not in (" ", "&")]
        if not stripped:
            continue
        text = _text(stripped)
        if text.startswith(r"\begin{cases}") and text.endswith(r"\end{cases}") and text.count(r"\begin") == 1:
            after, _ = parser._group(stripped, 1)
            body = [t for t in line if t.text != " "]
            after, _ = parser._group(body, 1)
            rows += parser.cases_rows(body[after : -len(tokenize(r"\end{cases}"))])
        else:
            rows.append((parser.statement(stripped), sp.true))
    if not rows:
        raise ParseError("empty formula")
    return rows


def relations_of(parsed) -> list[sp.Basic]:
    if isinstance(parsed, tuple):
        return list(parsed)
    if isinstance(parsed, sp.Rel):
        return [parsed]
    return []


_FAMILY = re.compile(
    r"^\(?\s*(?P<x>[A-Za-z])_\{?1\}?\s*,\s*(?:(?P=x)_\{?2\}?\s*,\s*)?\\(?:dots|ldots|cdots|dotsc)\s*,\s*(?P=x)_\{?(?P<n>[A-Za-z]|\d+)\}?\s*\)?"
    r"(?:\s*\\in\s*\\mathbb\{?R\}?(?:\^\{?(?P=n)\}?)?)?$"
)


def parse_family(latex: str) -> tuple[str, sp.Basic] | None:
    r"""x_1, \dots, x_n (also x_1, x_2, \ldots, x_n and in parentheses): (the family's name, its size)."""
    m = _FAMILY.match(latex.strip())
    if m is None:
        return None
    n = m.group("n")
    return m.group("x"), (sp.Integer(n) if n.isdigit() else sp.Symbol(n, real=True))  # the article's n, as it reads elsewhere
