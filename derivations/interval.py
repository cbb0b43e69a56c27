"""Interval arithmetic (mpmath.iv) for confirming a numeric failure: a sign is certain only when the
enclosure of a value excludes zero, at whatever precision that takes. Used to refute, never to prove."""

from __future__ import annotations

import contextlib

import mpmath
import sympy as sp

from .notation import Notation, expand_notation

iv = mpmath.iv
PRECISIONS = (30, 60, 120, 300, 1000)  # decimal digits tried in turn until a sign is certain


class NoEnclosure(Exception):
    """The expression could not be enclosed (undefined at the point, or a construct not handled)."""


@contextlib.contextmanager
def _digits(dps):
    saved = iv.prec
    iv.dps = dps
    try:
        yield
    finally:
        iv.prec = saved


def _concrete(expr, point):
    expr = sp.sympify(expr)
    # integer symbols first (a depth n): f_n has a closed form only for a concrete n, and a derivative
    # must be taken before its variable gets a value
    fixed = {k: sp.sympify(v) for k, v in point.items() if getattr(k, "is_integer", False)}
    if fixed:
        expr = expr.xreplace(fixed)
    if expr.has(sp.Derivative, sp.Subs):
        expr = expr.doit()
    expr = expand_notation(expr)
    if expr.has(sp.Sum):
        expr = expr.replace(lambda e: isinstance(e, sp.Sum), lambda e: e.doit())
    return expr.xreplace({k: sp.sympify(v) for k, v in point.items()})


def enclose(expr, point, dps: int = 30):
    """An mpmath interval that contains the real value of expr at point (NoEnclosure if none)."""
    concrete = _concrete(expr, point)
    with _digits(dps):
        return _enc(concrete)


def _positive(a) -> bool:
    return a.a > 0


def _enc(e):
    if e.is_Integer:
        return iv.mpf(int(e))
    if e.is_Rational:
        return iv.mpf(int(e.p)) / iv.mpf(int(e.q))
    if e is sp.E:
        return iv.e
    if e is sp.pi:
        return iv.pi
    if e.is_Float:
        return iv.mpf(mpmath.mpf(e))
    if e.is_Add:
        total = iv.mpf(0)
        for arg in e.args:
            total = total + _enc(arg)
        return total
    if e.is_Mul:
        total = iv.mpf(1)
        for arg in e.args:
            total = total * _enc(arg)
        return total
    if e.is_Pow:
        return _pow(e)
    if isinstance(e, sp.exp):
        return iv.exp(_enc(e.args[0]))
    if isinstance(e, sp.log):
        inner = _enc(e.args[0])
        if not _positive(inner):
            raise NoEnclosure("log of a value not certainly positive")
        value = iv.log(inner)
        if len(e.args) == 2:
            base = _enc(e.args[1])
            if not _positive(base):
                raise NoEnclosure("log base not certainly positive")
            value = value / iv.log(base)
        return value
    if isinstance(e, sp.tanh):
        return 1 - 2 / (iv.exp(2 * _enc(e.args[0])) + 1)
    if isinstance(e, sp.Abs):
        return abs(_enc(e.args[0]))
    if isinstance(e, (sp.Max, sp.Min)):
        values = [_enc(a) for a in e.args]
        pick = max if isinstance(e, sp.Max) else min
        return iv.mpf([pick(v.a for v in values), pick(v.b for v in values)])
    if isinstance(e, sp.Piecewise):
        for value, cond in e.args:
            truth = holds(cond, {}, _already=True)
            if truth is None:
                raise NoEnclosure("a case condition that intervals cannot decide")
            if truth:
                return _enc(value)
        raise NoEnclosure("no case of the piecewise applies")
    if isinstance(e, sp.KroneckerDelta):
        value = e.doit()
        if value.is_Integer:
            return iv.mpf(int(value))
    if isinstance(e, Notation):
        return _enc(e.expanded())
    raise NoEnclosure(f"no interval rule for {type(e).__name__}")


def _pow(e):
    base, exponent = e.args
    if exponent.is_Integer:
        b = _enc(base)
        n = int(exponent)
        if n >= 0:
            return b**n
        if b.a <= 0 <= b.b:
            raise NoEnclosure("division by a value that may be 0")
        return 1 / (b ** (-n))
    b = _enc(base)
    if not _positive(b):
        raise NoEnclosure("a real power of a base not certainly positive")
    return iv.exp(_enc(exponent) * iv.log(b))


def sign(expr, point) -> int | None:
    """+1 or -1 when the value of expr at point certainly has that sign, else None (0 is never certain
    here: exact zeros are for exact arithmetic)."""
    for dps in PRECISIONS:
        try:
            value = enclose(expr, point, dps)
        except (NoEnclosure, ZeroDivisionError, ValueError, TypeError, mpmath.libmp.libmpf.ComplexResult):
            return None
        if value.a > 0:
            return 1
        if value.b < 0:
            return -1
        if not (mpmath.isfinite(value.a) and mpmath.isfinite(value.b)):
            return None
    return None


_OPS = {
    sp.StrictGreaterThan: lambda s: s == 1,
    sp.StrictLessThan: lambda s: s == -1,
}


def holds(rel, point, _already=False) -> bool | None:
    """Is the relation true at point? True/False when exact arithmetic or intervals say so, else None."""
    rel = sp.sympify(rel)
    if rel in (sp.true, sp.false):
        return rel == sp.true
    if isinstance(rel, sp.And):
        values = [holds(a, point, _already) for a in rel.args]
        return False if False in values else (None if None in values else True)
    if isinstance(rel, sp.Or):
        values = [holds(a, point, _already) for a in rel.args]
        return True if True in values else (None if None in values else False)
    if isinstance(rel, sp.Not):
        value = holds(rel.args[0], point, _already)
        return None if value is None else not value
    if isinstance(rel, sp.Implies):
        first = holds(rel.args[0], point, _already)
        if first is False:
            return True
        second = holds(rel.args[1], point, _already)
        return second if first else (True if second else None)
    if not isinstance(rel, sp.Rel):
        return None
    d = rel.lhs - rel.rhs
    exact = _exact_value(d, point)
    if exact is not None:
        return bool(type(rel)(exact, 0))
    s = sign(d, point) if not _already else sign(d, {})
    if s is None:
        return None
    if isinstance(rel, sp.Eq):
        return False
    if isinstance(rel, sp.Ne):
        return True
    if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
        return s == 1
    return s == -1


def _exact_value(d, point):
    """d at point as an exact rational, when it is one (polynomial and rational data)."""
    try:
        value = _concrete(d, point)
    except Exception:  # noqa: BLE001 - a value that cannot be formed is not exact
        return None
    return value if value.is_Rational else None


def exactly_zero(d, point) -> bool:
    """d at point is exactly 0, by exact simplification (a strict bound attained)."""
    try:
        value = _concrete(d, point)
        if value.is_Rational:
            return value == 0
        return sp.simplify(value) == 0
    except Exception:  # noqa: BLE001
        return False


__all__ = ["enclose", "sign", "holds", "exactly_zero", "NoEnclosure"]
