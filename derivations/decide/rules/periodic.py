"""Periodic functions at infinity: a nonconstant periodic function has no limit there (never a value)."""

from __future__ import annotations

from functools import reduce
from math import gcd

import sympy as sp

# each periodic function of the vocabulary with its period in units of pi
_PERIODS = {sp.sin: 2, sp.cos: 2, sp.tan: 1, sp.cot: 1, sp.sec: 2, sp.csc: 2}
_POINTS = [sp.Rational(n, d) for n, d in ((0, 1), (1, 2), (1, 1), (3, 2), (2, 1), (5, 2), (3, 1), (4, 1), (1, 3), (5, 1), (7, 4), (6, 1))]


def period(expr, var):
    """A period T of expr in var, exactly a rational multiple of pi, when var occurs only inside periodic
    functions of arguments a var + b (a a nonzero rational, b free of var): each of them then takes the
    same value at var + T as at var, so expr does, wherever it is defined. None otherwise."""
    atoms = [node for node in sp.preorder_traversal(expr) if isinstance(node, tuple(_PERIODS)) and node.has(var)]
    if not atoms:
        return None
    placeholders = {atom: sp.Dummy("p") for atom in atoms}
    if expr.xreplace(placeholders).has(var):
        return None  # var outside the periodic functions too (x sin x, sin x + 1/x)
    multiples = []
    for atom in atoms:
        argument = sp.expand(atom.args[0])
        if not argument.is_polynomial(var) or sp.degree(argument, var) != 1:
            return None
        a = argument.coeff(var, 1)
        if not a.is_Rational or a == 0 or (argument - a * var).has(var):
            return None
        multiples.append(sp.Rational(_PERIODS[type(atom)]) / abs(a))  # the atom's period over pi
    top = reduce(lambda p, q: p * q // gcd(p, q), (int(m.p) for m in multiples))
    bottom = reduce(gcd, (int(m.q) for m in multiples))
    return sp.pi * sp.Rational(top, bottom)


def oscillates(expr, var, point) -> str | None:
    """Why lim_{var -> +-oo} expr does not exist, when expr is periodic in var and takes two values that
    interval arithmetic separates: along p + nT and q + nT the values stay at f(p) != f(q). None when
    that is not shown."""
    from derivations.decide import interval

    if point not in (sp.oo, -sp.oo) or expr.free_symbols != {var}:
        return None
    T = period(expr, var)
    if T is None:
        return None
    seen = []
    for p in _POINTS:
        value = interval.enclosure(expr, {var: (p, p)})
        if value is None:
            continue
        for q, other in seen:
            if value.a > other.b or value.b < other.a:
                return (f"{sp.sstr(expr)} has period {sp.sstr(T)} and takes different values at {var} = {sp.sstr(q)} and {var} = {sp.sstr(p)} "
                        f"(interval arithmetic): along both, shifted by multiples of {sp.sstr(T)}, it keeps them, so it tends to no value")
        seen.append((p, value))
    return None


def oscillation(expr, var, point, direction) -> str | None:
    """Why the one-sided limit (or the limit at +-oo) of expr does not exist, when it oscillates: at
    infinity directly, at a finite point written in u with var = point +- 1/u (sin(1/x) at 0+ is sin u
    as u -> oo); None when that is not shown."""
    from derivations.decide.fresh import Fresh

    if point in (sp.oo, -sp.oo):
        return oscillates(expr, var, point)
    if point.free_symbols or direction not in ("+", "-"):
        return None
    u = Fresh("u" if var.name != "u" else "v", positive=True)
    why = oscillates(expr.subs(var, point + (1 if direction == "+" else -1) / u), u, sp.oo)
    side = "right" if direction == "+" else "left"
    return f"from the {side}, with {var.name} = {sp.sstr(point)} {direction} 1/{u.name}: {why}" if why else None


__all__ = ["period", "oscillates", "oscillation"]
