"""The names of a formula: a symbol with the assumptions the notation gives it, a member of a family."""

from __future__ import annotations

import sympy as sp

from .vocabulary import SYMBOL_ALIASES


class Names:
    """The names of a formula."""

    def member(self, name: str) -> sp.Basic:
        """x_i of a declared family is Indexed(x, i); anything else a symbol."""
        base, _, index = name.partition("_")
        if len(index) > 1 and index.isalpha() and index not in self.bound:
            return self.symbol(name)  # x_{max}, x_{\max}: a name of its own, never the max-th member of x
        if index and base not in self.notations.families and index in self.bound:
            return sp.IndexedBase(base, real=True)[self.bound[index]]  # x_i under \sum_i: the i-th of a family
        if index and base in self.notations.families:
            position = sp.Integer(index) if index.isdigit() else self.symbol(index)
            family = self.notations.symbols.get(base)  # the proof's own family, with its assumptions
            if not isinstance(family, sp.IndexedBase):
                family = sp.IndexedBase(base, real=True)
            return family[position]
        return self.symbol(name)

    def symbol(self, name: str) -> sp.Symbol:
        name = SYMBOL_ALIASES.get(name, name)
        if name in self.bound:
            return self.bound[name]
        return self.notations.symbols.get(name) or sp.Symbol(name, real=True)
