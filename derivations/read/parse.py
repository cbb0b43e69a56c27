"""The reader: LaTeX to SymPy through one parsing layer whose vocabulary is declared in vocabulary.py.

Tokens (tokens.py) are read by a recursive parser made of small parts: statements and memberships (here),
function applications (functions.py, trig.py), big operators (constructs.py, sums.py), runs written with
dots (runs.py), names (names.py), rows, cases and conditions (rows.py). Each construct latex2sympy2_extended would get wrong is parsed here and stands in the backend's
input as a placeholder symbol; the backend (backend.py) reads the plain arithmetic around them.
Nothing is ever evaluated as Python.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from derivations.base.errors import ParseError, UnsupportedNotation
from derivations.notation import logb
from .constructs import Constructs, indexed_alike
from .held import Held
from .names import Names
from .runs import Runs, parse_family  # noqa: F401 - parse_family is the reader's public name
from .functions import Functions
from .rows import Rows, _trim, relations_of  # noqa: F401 - relations_of is the reader's public name
from .tokens import Tok, closing, inside_group, joined, paired_bars, pop_operand, split_top, tokenize
from .vocabulary import ALIGNED_ENVIRONMENTS, ALLOWED_HEADS, ARTICLE, FUNCTION_LETTERS, GREEK, TRIG, OPERATOR_LEVELS, OPERATORS, REL_CLASS, RELATIONS, Notations

__all__ = ["Notations", "parse", "parse_written", "parse_rows", "relations_of", "parse_family", "tokenize"]


class _Parser(Names, Held, Constructs, Functions, Rows, Runs):
    """One formula's reading: statements, expressions, and the backend's input with placeholders."""

    def __init__(self, notations: Notations):
        self.notations = notations
        self.functions = {**ARTICLE, **{("\\" + k if not k.startswith("\\") and len(k) > 1 else k): v for k, v in notations.functions.items()}}
        self.placeholders: dict[str, sp.Basic] = {}
        self.bound: dict[str, sp.Symbol] = {}
        self.sources: dict[str, str] = {}  # placeholder -> the formula it stands for, as the author wrote it  # the indices of the sums being read: i -> an integer symbol

    # -- statements
    def statement(self, tokens):
        implication = split_top(tokens, {r"\Rightarrow", r"\implies"})
        if len(implication) == 2:  # condition => relation; a chain on either side is all its links
            condition, consequence = self.statement(implication[0][1]), self.statement(implication[1][1])
            condition = condition if isinstance(condition, tuple) else (condition,)
            consequence = consequence if isinstance(consequence, tuple) else (consequence,)
            if not all(isinstance(c, sp.Rel) for c in condition + consequence):
                raise UnsupportedNotation("an implication between relations only")
            given = condition[0] if len(condition) == 1 else sp.And(*condition)
            found = tuple(sp.Implies(given, c, evaluate=False) for c in consequence)
            return found[0] if len(found) == 1 else found
        if len(implication) > 2:
            raise UnsupportedNotation("a chain of implications")
        if len(split_top(tokens, {r"\to", r"\rightarrow"})) > 1:  # \lim_{x \to a} holds its \to inside a group
            raise UnsupportedNotation(r"'A \to B' outside a limit (a map, or where f tends without saying where its variable goes): write \lim_{x \to a} f(x) = b")
        membership = split_top(tokens, {r"\in"})
        if len(membership) == 2 and len(split_top(membership[0][1], set(RELATIONS))) > 1:
            # a = b \in (0,1): the chain, then the membership of its last side
            links = self.statement(membership[0][1])
            links = links if isinstance(links, tuple) else (links,)
            last = split_top(membership[0][1], set(RELATIONS))[-1][1]
            extra = self.membership(last, membership[1][1])
            return links + (extra if isinstance(extra, tuple) else (extra,))
        if len(membership) == 2:
            return self.membership(membership[0][1], membership[1][1])
        if len(membership) > 2:
            raise UnsupportedNotation(r"more than one \in in a formula")
        parts = split_top(tokens, set(RELATIONS))
        if len(parts) == 1:
            return self.expression(tokens)
        sides = []
        for sep, side in parts:
            if not joined(side):
                raise ParseError("a relation has an empty side" + (f" (after {sep})" if sep else ""))
            sides.append((sep, self.expression(side)))
        links = []
        for (_, left), (op, right) in zip(sides, sides[1:]):
            links.append(REL_CLASS[RELATIONS[op]](left, right, evaluate=False))
        return links[0] if len(links) == 1 else tuple(links)  # a chain, in the order written

    # -- expressions
    def expression(self, tokens) -> sp.Basic:
        value = self._expression(tokens)
        if isinstance(value, sp.Tuple):  # (a, b) read as a pair: no formula of the vocabulary is one
            raise UnsupportedNotation(f"a list of values ({joined(tokens)}) where a formula is expected")
        return value

    def _expression(self, tokens) -> sp.Basic:
        if not joined(tokens):
            raise ParseError("empty expression")
        kept = [t for t in tokens if t.text != " "]
        if kept[0].text == "{" and closing(kept, 0) == len(kept) - 1 and len(kept) > 2:
            return self._expression(kept[1:-1])  # \sum_{i=1}^n{e^{x_i}}: a group around the whole term is no set
        folded = self._ellipsis(tokens)  # A_1 + \dots + A_n
        if folded is not None:
            return self._expression(folded)
        for level in OPERATOR_LEVELS:  # the max-plus operators, the lowest precedence first, left to right
            parts = split_top(tokens, set(level))
            if len(parts) > 1:
                for op, part in parts:
                    if not joined(part).strip():
                        raise ParseError(f"{op or parts[1][0]} without an operand on each side")
                value = self.expression(parts[0][1])
                for op, part in parts[1:]:
                    value = OPERATORS[op](value, self.expression(part))
                return value
        if split_top(tokens, set(RELATIONS)).__len__() > 1:
            raise UnsupportedNotation("a relation inside an expression")
        rewritten = self.rewrite(tokens)
        return self.backend(rewritten)

    def backend(self, tokens) -> sp.Basic:
        from . import backend

        text = joined(paired_bars(tokens))
        # an atom needs no parser: a letter, a whole number, a placeholder (most function arguments)
        if re.fullmatch(r"[A-Za-df-zA-Z]|\d+", text):  # not e: that is Euler's number, left to the backend
            return self.finish(sp.Integer(text) if text.isdigit() else sp.Symbol(text))
        m = re.fullmatch(r"\\varpi\s*_\s*\{(\d+)\}", text)
        if m and m.group(1) in self.placeholders:
            return self.placeholders[m.group(1)]
        try:
            expr = backend.parse(text)
        except ParseError as exc:
            raise ParseError(self.in_author_terms(str(exc))) from None
        return self.finish(expr)

    def finish(self, expr):
        """Placeholders back, natural/base-b logs, exact numbers, real symbols, allowed heads only."""
        if isinstance(expr, (sp.Set, sp.FiniteSet)) or expr.has(sp.FiniteSet) or expr.atoms(sp.Set):
            raise UnsupportedNotation("braces or commas read as a set: write \\max\\{...\\} or parentheses")
        mapping = {}
        for s in expr.atoms(sp.Symbol):
            m = re.fullmatch(r"varpi_\{?(\d+)\}?", s.name)
            if m and m.group(1) in self.placeholders:
                mapping[s] = self.placeholders[m.group(1)]
            elif not s.name.startswith("_"):
                mapping[s] = self.member(re.sub(r"[{}]", "", _accented(s.name)))
        expr = expr.xreplace(mapping)
        if any("varpi" in str(s) for s in expr.free_symbols):  # a placeholder the backend split: never a symbol
            raise ParseError("cannot read this formula: a construct of it is split in a way the reader does not follow")
        if _imaginary_unit(expr) and "i" not in self.bound and "i" not in getattr(self, "summed", ()):
            raise UnsupportedNotation("the imaginary unit i (e^{ix}): complex numbers are outside the vocabulary")
        expr = expr.replace(lambda e: isinstance(e, sp.log) and len(e.args) == 2, lambda e: sp.log(e.args[0]) if e.args[1] == sp.E else logb(e.args[0], e.args[1]))
        expr = expr.replace(lambda e: isinstance(e, sp.Float), lambda e: sp.Rational(str(e)))
        for node in sp.preorder_traversal(expr):
            if isinstance(node, AppliedUndef):
                name = node.func.__name__
                name = "\\" + name if name in GREEK else name
                if name in self.notations.arbitrary:
                    continue
                raise UnsupportedNotation(f"unknown function {name}: define it or use the vocabulary")
            if not isinstance(node, ALLOWED_HEADS):
                raise UnsupportedNotation(f"unsupported construct {type(node).__name__}")
        return expr

    def rewrite(self, tokens) -> list[Tok]:
        """The backend's input: every construct it gets wrong replaced by a placeholder."""
        out: list[Tok] = []
        i = start = count = 0
        n = len(tokens)
        while i < n:
            self._note_sources(tokens[start:i], count)  # what the placeholders of the last step stand for, as written
            start, count = i, len(self.placeholders)
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
            if t in (r"\sum", r"\prod"):
                j, value = self._sum(tokens, i, product=t == r"\prod")
                out += self._hold(value)
                i = j
                continue
            if t == r"\delta" and i + 1 < n and tokens[i + 1].text == "_":
                j, sub = self._group(tokens, i + 2)
                names = [x.text for x in sub if x.text not in (" ", ",")]
                if len(names) != 2:
                    raise UnsupportedNotation(r"\delta_{ij} needs exactly two indices")
                out += self._hold(sp.KroneckerDelta(*[self.expression([Tok(nm, 0)]) for nm in names]))
                i = j
                continue
            if t == r"\max" and i + 1 < n and tokens[i + 1].text == "_":
                j, value = self._family_max(tokens, i)
                out += self._hold(value)
                i = j
                continue
            if t == r"\max" and (held := self._max_of_family(tokens, i)) is not None:  # \max(x_1, x_2, \cdots, x_n)
                out, i = out + self._hold(held[1]), held[0]
                continue
            if t == r"\sqrt" and self._odd_root(tokens, i) is not None:  # \sqrt[3]{-8} = -2: the real root
                j, value = self._odd_root(tokens, i)
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
            if t in TRIG:  # \sin x, \sin^2(x), \tan^{-1} x: read here, never by the backend
                j, value = self._trig(tokens, i)
                out += self._hold(value)
                i = j
                continue
            if (held := self._arbitrary(tokens, i)) is not None:  # \phi(x) of a function left arbitrary
                out, i = out + self._hold(held[1]), held[0]
                continue
            self._unknown_application(tokens, i)
            if t in (r"\log", r"\ln"):  # one reading for both: \ln 2x and \log 2x are log(2x)
                j, value = self._log(tokens, i)
                out += self._hold(value)
                i = j
                continue
            if t == "(" and split_top(tokens[i + 1 : closing(tokens, i)], set(OPERATORS)).__len__() > 1:
                j = closing(tokens, i)
                out += self._hold(self.expression(tokens[i + 1 : j]))
                i = j + 1
                continue
            if t == "^" and self._tropical_power(tokens, i) is not None:  # x^{\odot n} = n x
                j, power = self._tropical_power(tokens, i)
                written = pop_operand(out)
                operand = self.backend(written)
                out += self._hold(sp.Mul(self.expression(power), operand))
                self._note_sources(written + tokens[i:j], count)
                i = j
                continue
            if t == "^" and self._sign_exponent(tokens, i) is not None:
                j, sign = self._sign_exponent(tokens, i)
                written = pop_operand(out)
                operand = self.backend(written)
                out += self._hold(sp.Max(operand, 0) if sign == "+" else sp.Max(-operand, 0))
                self._note_sources(written + tokens[i:j], count)
                i = j
                continue
            if t == "(" and out and _multiplies(out[-1].text):
                out.append(Tok(r"\cdot", tok.col))  # x(\log x)^2: a letter that is no function multiplies
            if t == r"\frac" and out and out[-1].text.isdigit():
                out.append(Tok(r"\cdot", tok.col))  # 2\frac{1}{2} is a product, not the mixed number 5/2
            if t == "'":
                raise UnsupportedNotation(f"a prime at column {tok.col + 1} on something that is not a known function")
            if t == "_" and i + 1 < n and tokens[i + 1].text == "_":
                raise ParseError(f"double subscript at column {tok.col + 1}")
            if t == "," and not inside_group(out):
                raise UnsupportedNotation(f"a comma at column {tok.col + 1} outside a function's arguments")
            if t == r"\text":
                raise UnsupportedNotation(r"\text inside a formula (only in the conditions of cases)")
            if t == r"\quad":  # never a product across a spacing command: x^2 = x \quad x \geq 0 is a row and its condition
                raise UnsupportedNotation(r"two formulas side by side (\quad between them): read as a display row, the second is its condition")
            out.append(tok)
            i += 1
        self._note_sources(tokens[start:i], count)
        return out

def _multiplies(text: str) -> bool:
    """A letter (or Greek letter) the reader left to the backend is a variable: before "(" it multiplies."""
    return bool(re.fullmatch(r"[A-Za-z]", text) or text.startswith("\\") and text[1:] in GREEK) and text not in FUNCTION_LETTERS


def _imaginary_unit(expr) -> bool:
    r"""A free i as a factor of an exponent of e (e^{ix}, e^{-i\omega t}, Euler's formula): the imaginary unit,
    never a real variable i; i as an index (x_i, a sum's i) is no factor there."""
    free = {s for s in expr.free_symbols if s.name == "i"}
    if not free:
        return False
    for node in sp.preorder_traversal(expr):
        exponent = node.args[0] if isinstance(node, sp.exp) else node.exp if (node.is_Pow and node.base == sp.E) else None
        if exponent is not None and any(f in free for term in sp.Add.make_args(sp.expand(exponent)) for f in sp.Mul.make_args(term)):
            return True
    return False


# ---------------------------------------------------------------- public API


def parse(latex: str, notations: Notations | None = None) -> sp.Basic:
    """A formula: an expression, a relation, or a chain (a conjunction of relations, evaluate=False)."""
    parser = _Parser(notations or Notations())
    tokens = _trim(tokenize(latex, keep_gaps=True))
    try:
        return indexed_alike(parser.statement(tokens))
    except (ParseError, UnsupportedNotation) as exc:
        if not any(t.text in (r"\quad", r"\forall", r"\text", ",") for t in tokens):
            raise
        try:  # \sigma(x) = \frac{1}{1+e^{-x}}, \quad \forall x \in \mathbb{R}: a condition that holds everywhere
            rows = _Parser(notations or Notations()).line_rows(tokens)
        except (ParseError, UnsupportedNotation):
            raise exc from None
        if len(rows) == 1 and rows[0][1] == sp.true and isinstance(rows[0][0], sp.Basic):
            return indexed_alike(rows[0][0])
        if len(rows) == 1:
            raise UnsupportedNotation("a formula with a condition of its own (after \\quad, a comma, \\text{if}, \\forall): read it as a display row, the condition attached") from None
        raise exc from None


def parse_written(latex: str, notations: Notations | None = None) -> sp.Basic:
    """The formula as written, nothing evaluated: x/x stays x/x, e^{\\log x} stays. What the natural
    domain is read from (derivations.decide.domain); never what is decided."""
    with sp.evaluate(False):
        return parse(latex, notations)


def parse_rows(latex: str, notations: Notations | None = None) -> list[tuple[object, sp.Basic]]:
    """A display formula as (statement, condition) rows: each \\\\-separated line is a row (alignment &
    dropped), a line that is a cases environment gives one row per case, its condition attached, and an
    aligned (split, gathered) environment is read as its lines."""
    parser = _Parser(notations or Notations())
    rows = []
    for _, line in split_top(_unwrap(tokenize(latex, keep_gaps=True)), {"\\\\"}):
        stripped = [t for t in line if t.text not in (" ", "&", r"\quad")]
        if not stripped:
            continue
        text = joined(stripped)
        if text.startswith(r"\begin{cases}") and text.endswith(r"\end{cases}") and text.count(r"\begin") == 1:
            body = [t for t in line if t.text not in (" ", r"\quad")]
            after, _ = parser._group(body, 1)
            rows += parser.cases_rows(body[after : -len(tokenize(r"\end{cases}"))])
        else:
            rows += parser.line_rows(line)
    if not rows:
        raise ParseError("empty formula")
    return [(indexed_alike(statement), indexed_alike(condition)) for statement, condition in rows]


def _accented(name: str) -> str:
    r"""The backend's bar{x}, hat{y}_k, hat{\theta} as the names xbar, yhat_k, thetahat (printed \bar{x}, \hat{y}_{k})."""
    return re.sub(r"^(bar|hat|tilde)\{\\?([A-Za-z]+)\}", r"\2\1", name)


def _unwrap(tokens) -> list:
    r"""The lines of an aligned, split, gathered (or align, equation) environment around the whole formula."""
    kept = [t for t in tokens if t.text != " "]
    if len(kept) < 8 or kept[0].text != r"\begin" or kept[1].text != "{":
        return tokens
    name = joined(kept[2 : closing(kept, 1)])
    if name.rstrip("*") not in ALIGNED_ENVIRONMENTS:
        return tokens
    tail = tokenize(rf"\end{{{name}}}")
    if [t.text for t in kept[-len(tail):]] != [t.text for t in tail]:
        return tokens
    first = tokens.index(kept[closing(kept, 1)]) + 1
    last = len(tokens) - 1 - [t.text for t in reversed(tokens)].index(r"\end")
    return tokens[first:last]
