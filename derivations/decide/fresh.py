"""Fresh symbols that print as what they stand for (a case gap d > 0 of x = y + d prints as (x - y), a
limit's renamed variable as the author's name), so that no internal name (_d, _x) reaches a message."""

from __future__ import annotations

import sympy as sp


class Fresh(sp.Dummy):
    """A Dummy (never equal to a user's symbol) printed as ``meaning``, or as its bare name."""

    def __new__(cls, name=None, dummy_index=None, meaning=None, **assumptions):
        obj = super().__new__(cls, name, dummy_index, **assumptions)
        obj.meaning = meaning
        return obj

    def __getnewargs_ex__(self):
        return ((self.name, self.dummy_index, self.meaning), self._assumptions_orig)

    def _shown(self, printer):
        if self.meaning is None:
            return self.name
        text = printer._print(self.meaning)
        return f"({text})" if isinstance(self.meaning, sp.Basic) and (self.meaning.is_Add or self.meaning.is_Mul or self.meaning.is_Pow) else text

    def _sympystr(self, printer):
        return self._shown(printer)

    def _latex(self, printer):
        return self._shown(printer)


def gap(symbol, value_of) -> sp.Expr:
    """``value_of(d)`` for a new gap d > 0 that prints as what it is in terms of ``symbol``: the case
    symbol = value_of(d) solved for d (x = y + d gives d = x - y)."""
    d = Fresh("d", positive=True)
    value = value_of(d)
    try:
        solved = sp.solve(sp.Eq(symbol, value), d)
    except Exception:  # noqa: BLE001 - not solvable: the gap prints as d
        solved = []
    if len(solved) == 1:
        d.meaning = solved[0]
    return value


__all__ = ["Fresh", "gap"]
