"""The reader's runs written out: x_1, \\dots, x_n as the terms of a sum or a product, and the largest of them."""

from __future__ import annotations

import re

import sympy as sp

from derivations.base.errors import ParseError, UnsupportedNotation
from .tokens import Tok, closing, joined, next_is
from .vocabulary import CLOSE, MAX_SUM_TERMS, OPEN


class Runs:
    """Mixed into the parser: A_1 + \\dots + A_n and \\max(x_1, \\cdots, x_n)."""

    def _ellipsis(self, tokens):
        r"""A_1 + \dots + A_d, x_1 \odot \dots \odot x_d (also A_2 + \cdots + A_n): the terms from the written
        pattern, A_k for k from 1 (or 2) to d, as a sum (a product for \cdot and \times; \odot, \otimes are
        the tropical product, a sum). (tokens with the run held, or None when there is no such run.)"""
        depth, dots = 0, None
        for k, tok in enumerate(tokens):
            depth += tok.text in OPEN
            depth -= tok.text in CLOSE
            if depth == 0 and tok.text in (r"\dots", r"\cdots", r"\ldots"):
                dots = k
                break
        if dots is None:
            return None
        left = [k for k in range(dots) if tokens[k].text != " "]
        right = [k for k in range(dots + 1, len(tokens)) if tokens[k].text != " "]
        if not left or not right or tokens[left[-1]].text != tokens[right[0]].text or tokens[left[-1]].text not in ELLIPSIS_OPERATORS:
            raise UnsupportedNotation(r"\dots between two terms of one operation (A_1 + \dots + A_n) only")
        op = tokens[left[-1]].text
        tropical = {r"\oplus", r"\odot", r"\otimes", r"\oslash"}
        stops = tropical if op in tropical else tropical | {op, "+", "-"}  # where a term of the run ends
        first = _top_level_back(tokens, left[-1], stops)
        last = _top_level_forward(tokens, right[0] + 1, stops)
        a = [t for t in tokens[first : left[-1]] if t.text != " "]
        b = [t for t in tokens[right[0] + 1 : last] if t.text != " "]
        differ = [k for k, (x, y) in enumerate(zip(a, b)) if x.text != y.text]
        pairs = {(a[k].text, b[k].text) for k in differ}
        subscripts = all(k > 0 and (a[k - 1].text == "_" or k > 1 and a[k - 1].text == "{" and a[k - 2].text == "_") for k in differ)
        if len(a) != len(b) or len(pairs) != 1 or not next(iter(pairs))[0].isdigit() or not subscripts:
            raise UnsupportedNotation(r"the terms around \dots must differ in one index only (x_1 + \dots + x_n)")
        (low, high), = pairs
        index = next(n for n in "kjmlpq" if all(t.text != n for t in tokens))
        term = [Tok(index, t.col) if t.text == low and x.text != t.text else t for t, x in zip(a, b)]
        lo, hi = sp.Integer(low), self.expression([Tok(high, 0)])
        saved = dict(self.bound)
        self.bound[index] = sp.Symbol(index, integer=True)
        try:
            body = self.expression(term)
        finally:
            self.bound = saved
        run = (sp.Product if op in (r"\cdot", r"\times") else sp.Sum)(body, (sp.Symbol(index, integer=True), lo, hi))
        return tokens[:first] + self._hold(run) + tokens[last:]

    def _expanded(self, body_tokens, index, lo, hi, product: bool):
        if hi - lo + 1 > MAX_SUM_TERMS:
            raise ParseError(f"a {'product' if product else 'sum'} of {hi - lo + 1} terms (at most {MAX_SUM_TERMS})")
        body = self.expression(body_tokens)
        # x_i under \sum_{i=...} is the i-th of a family x_1, x_2, ...: one symbol per term
        indexed = {s: s.name[: -len(index.name)] for s in body.free_symbols if isinstance(index, sp.Symbol) and s.name.endswith("_" + index.name)}
        terms = [body.xreplace({index: k, **{s: self.symbol(f"{stem}{k}") for s, stem in indexed.items()}}) for k in range(int(lo), int(hi) + 1)]
        return sp.Mul(*terms) if product else sp.Add(*terms)

    def _max_of_family(self, tokens, i):
        r"""\max(x_1, x_2, \cdots, x_n): the largest member of the family, (index after it, value), else None."""
        from derivations.notation import family_max

        k = next_is(tokens, i + 1, "(")
        if k is None:
            return None
        end = closing(tokens, k)
        family = parse_family(joined(tokens[k : end + 1]))
        if family is None:
            return None
        name, size = family
        base = self.notations.symbols.get(name)
        return end + 1, family_max(base if isinstance(base, sp.IndexedBase) else sp.IndexedBase(name, real=True), self.notations.sizes.get(name, size))


ELLIPSIS_OPERATORS = {"+", r"\cdot", r"\times", r"\odot", r"\otimes"}


def _top_level_back(tokens, k, stops) -> int:
    """Where the term that ends before tokens[k] starts: after the previous top-level stop (or at 0)."""
    depth = 0
    for j in range(k - 1, -1, -1):
        t = tokens[j].text
        depth += t in CLOSE
        depth -= t in OPEN
        if depth == 0 and t in stops:
            return j + 1
    return 0


def _top_level_forward(tokens, k, stops) -> int:
    """Where the term that starts at tokens[k] ends: at the next top-level stop (or the end)."""
    depth = 0
    for j in range(k, len(tokens)):
        t = tokens[j].text
        depth += t in OPEN
        depth -= t in CLOSE
        if depth == 0 and t in stops and j > k:
            return j
    return len(tokens)


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
