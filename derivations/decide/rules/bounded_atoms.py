"""Inequalities in bounded functions of any arguments (sigma in (0, 1), tanh in (-1, 1)): each one replaced by an independent variable on the closure of its range, a multilinear polynomial in them has its minimum over that box at a vertex, computed exactly."""

from __future__ import annotations

from itertools import product

import sympy as sp

from derivations.notation import sigmoid
from derivations.model.verdict import StepCheck
from . import Context, gap_fallback

MAX_ATOMS = 6
RANGES = {sigmoid: (sp.Integer(0), sp.Integer(1)), sp.tanh: (sp.Integer(-1), sp.Integer(1))}  # of any real argument


def relaxed(d):
    """(d with every bounded function a fresh symbol, {symbol: (lo, hi)}), or None when another variable
    is left or an argument is not real."""
    box, mapping = {}, {}
    for atom in sorted(d.atoms(*RANGES), key=sp.default_sort_key):
        if not all(a.is_real for a in atom.args):
            return None
        symbol = sp.Symbol(f"[{sp.sstr(atom)}]", real=True)
        mapping[atom], box[symbol] = symbol, RANGES[atom.func]
    e = sp.expand(d.xreplace(mapping))
    if e.has(sp.Integral, sp.Sum, sp.Product, sp.Limit, sp.Derivative, sp.Piecewise):
        return None
    if not box or len(box) > MAX_ATOMS or e.free_symbols - set(box) or not e.is_polynomial(*box):
        return None
    return e, box


@gap_fallback("ranges")
def by_ranges(difference, strict: bool, ctx: Context) -> StepCheck:
    """small <= big (<) when big - small, as a polynomial of degree <= 1 in each bounded function taken
    independently on the closure of its range, is >= 0 (> 0) at every vertex of that box: the minimum of
    a multilinear polynomial over a box is at a vertex, and independence only widens what is checked."""

    found = relaxed(difference)
    if found is None:
        return StepCheck.unknown("ranges", "not a polynomial in sigma and tanh alone")
    e, box = found
    symbols = list(box)
    if any(sp.degree(e, s) > 1 for s in symbols):
        return StepCheck.unknown("ranges", "not multilinear in the bounded functions")
    values = [e.xreplace(dict(zip(symbols, corner))) for corner in product(*[box[s] for s in symbols])]
    if not all(v.is_number and (v < 0) in (sp.true, sp.false) for v in values):
        return StepCheck.unknown("ranges", "a vertex value whose sign is not decided")
    low = min(values)
    if low < 0 or (strict and low == 0):
        return StepCheck.unknown("ranges", f"a vertex of the box of ranges gives {sp.sstr(low)}")
    ranges = ", ".join(f"{sp.sstr(s)} in [{sp.sstr(box[s][0])}, {sp.sstr(box[s][1])}]" for s in symbols)
    return StepCheck.proved(f"ranges: big - small = {sp.sstr(e)}, multilinear with {ranges} taken independently; its least vertex value is {sp.sstr(low)}")
