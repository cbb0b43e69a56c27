"""Sums and products over an index: with limits, without (over the whole family), over i != k, of a symbolic length."""

from __future__ import annotations

import re

import sympy as sp

from derivations.base.errors import ParseError, UnsupportedNotation
from .tokens import joined, skip_space, split_top


class Sums:
    """Sums and products over an index."""

    def _sum(self, tokens, i, product: bool = False):
        r"""A sum or product, its index known as an index while its body is read (e^{i x} under \sum_i is no
        imaginary unit)."""
        k = skip_space(tokens, i + 1)
        index = None
        if k < len(tokens) and tokens[k].text == "_":
            _, lower = self._group(tokens, k + 1)
            letters = [t.text for t in lower if re.fullmatch(r"[A-Za-z]", t.text)]
            index = letters[0] if letters else None
        saved = getattr(self, "summed", frozenset())
        self.summed = saved | ({index} if index else set())
        try:
            return self._sum_of(tokens, i, product)
        finally:
            self.summed = saved

    def _sum_of(self, tokens, i, product: bool = False):
        r"""\sum_{i=1}^{3} (one term each), \sum_{i=1}^{n}, \sum_j (over all indices), \sum_{i \neq k}; \prod alike.
        Over a symbolic range the index is an integer and x_i the i-th of a family of symbolic length."""
        what = r"\prod" if product else r"\sum"  # noqa: F841 - in the messages
        k = skip_space(tokens, i + 1)
        if k >= len(tokens) or tokens[k].text != "_":
            raise ParseError(rf"{what} needs an index: {what}_{{i=1}}^{{n}} or {what}_i")
        after, lower = self._group(tokens, k + 1)
        k = skip_space(tokens, after)
        upper = None
        if k < len(tokens) and tokens[k].text == "^":
            after, upper = self._group(tokens, k + 1)
        parts = split_top(lower, {"="})
        excluded = None
        if len(parts) == 1 and upper is None:  # \sum_j, \sum_{i \neq k}: over every index of the family
            pair = split_top(lower, {r"\neq"})
            if len(pair) > 2 or not self._is_index(pair[0][1]):
                raise UnsupportedNotation(rf"{what} over {joined(lower)} (an index i, i = 1 to n, or i \neq k)")
            index_name = joined(pair[0][1]).strip()
            if len(pair) == 2:
                excluded = pair[1][1]
            lo, hi = sp.Integer(1), None
        elif len(parts) == 2 and upper is not None and self._is_index(parts[0][1]):
            index_name = joined(parts[0][1]).strip()
            lo, hi = self.expression(parts[1][1]), self.expression(upper)
        else:
            raise ParseError(rf"the limits of {what} must read {what}_{{i=1}}^{{n}}")
        end = self._term_end(tokens, after)
        if not joined(tokens[after:end]).strip():
            raise ParseError(f"{what} without a body (what it adds up)")
        if hi is not None and lo.is_Integer and hi.is_Integer:
            return end, self._expanded(tokens[after:end], self.symbol(index_name), lo, hi, product)
        if hi is not None and self.notations.families and not product:  # the article's family x_1, ..., x_n
            index = self.symbol(index_name)
            saved = dict(self.bound)
            self.bound[index_name] = index  # p_i beside the family's x_i is the i-th of a family p too
            try:
                return end, sp.Sum(self.expression(tokens[after:end]), (index, lo, hi))
            finally:
                self.bound = saved
        if index_name in self.bound:
            raise UnsupportedNotation(rf"{what} over {index_name} inside a sum or product over {index_name}: name the inner index apart")
        index = sp.Symbol(index_name, integer=True)
        saved = dict(self.bound)
        self.bound[index_name] = index
        try:
            body = self.expression(tokens[after:end])
            if hi is None:
                hi = self._family_size(body, index)
            other = self.expression(excluded) if excluded is not None else None
        finally:
            self.bound = saved
        if product:
            value = sp.Product(body, (index, lo, hi))
            return end, (value / body.xreplace({index: other}) if other is not None else value)
        value = sp.Sum(body, (index, lo, hi))
        return end, (value - body.xreplace({index: other}) if other is not None else value)

    def _is_index(self, tokens) -> bool:
        return re.fullmatch(r"[A-Za-z]", joined(tokens).strip()) is not None

    def _family_size(self, body, index) -> sp.Basic:
        """n of the family the body's x_i belongs to: the article's size when it declared one, else n."""
        for indexed in body.atoms(sp.Indexed):
            size = self.notations.sizes.get(str(indexed.base.label))
            if size is not None and index in indexed.indices:
                return size
        return self.symbol("n")  # the n the formula may write elsewhere (n is real unless assumed more)
