"""Interval arithmetic (mpmath.iv) for confirming a numeric failure: a sign is certain only when the
enclosure of a value excludes zero, at whatever precision that takes. Used to refute; a sign on a whole box (enclosure) may prove it."""

from __future__ import annotations

import contextlib

import mpmath
import sympy as sp

from derivations.base.budget import budget
from derivations.decide import series
from derivations.notation import Notation, expand_notation

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


def _values(point) -> dict:
    return {k: sp.sympify(v) for k, v in point.items()}


def _prepared(expr, point):
    """expr ready to be evaluated at point: integer symbols (a depth n) substituted first, since f_n has
    a closed form only for a concrete n; derivatives taken before their variable gets a value; the
    notation and finite sums expanded. The other symbols keep their names."""
    expr = sp.sympify(expr)
    fixed = {k: sp.sympify(v) for k, v in point.items() if getattr(k, "is_integer", False)}
    if fixed:
        expr = expr.xreplace(fixed)
    if expr.has(sp.Derivative, sp.Subs):
        expr = expr.doit()
    expr = expand_notation(expr)
    if point and expr.has(sp.Sum):  # a series at the point's numbers: a constant series, enclosed
        values = _values(point)
        expr = expr.replace(lambda e: series.is_series(e) and e.free_symbols <= set(point), lambda e: e.xreplace(values))
    if expr.has(sp.Sum, sp.Product):  # an infinite series with no parameter is enclosed, never summed by SymPy
        expr = expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)) and not series.is_constant_series(e), lambda e: e.doit())
    return expr


def _rational_function(e, at) -> bool:
    """Is e built from the point's variables and rationals by +, * and integer powers alone?"""
    if e in at or e.is_Rational:
        return True
    if e.is_Add or e.is_Mul:
        return all(_rational_function(a, at) for a in e.args)
    return bool(e.is_Pow and e.exp.is_Integer and _rational_function(e.base, at))


def _concrete(expr, point):
    """expr at point, exactly (SymPy evaluates what it can)."""
    return _prepared(expr, point).xreplace(_values(point))


def _rational_value(prepared, at):
    """The prepared value at ``at`` as an exact rational, when it is a rational function of its
    symbols; else None."""
    if not _rational_function(prepared, at):
        return None
    try:
        value = prepared.xreplace(at)
    except Exception:  # noqa: BLE001 - a value that cannot be formed is not exact
        return None
    return value if value.is_Rational else None


def _positive(a) -> bool:
    return a.a > 0


def _enc(e, at):
    """The enclosure of e, its symbols taking the exact values ``at`` (enclosed at the working
    precision: substituting them first would make SymPy evaluate, and a tower of twenty sigmoids
    at a point takes it minutes)."""
    if e in at:  # a symbol, or an entry x_k of a family (or already an interval: a box of values)
        value = at[e]
        return value if isinstance(value, iv.mpf) else _enc(value, at)
    if e.is_Symbol:
        raise NoEnclosure(f"no value for {e}")
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
            total = total + _enc(arg, at)
        return total
    if e.is_Mul:
        total = iv.mpf(1)
        for arg in e.args:
            total = total * _enc(arg, at)
        return total
    if e.is_Pow:
        return _pow(e, at)
    if isinstance(e, sp.exp):
        return iv.exp(_enc(e.args[0], at))
    if isinstance(e, sp.log):
        inner = _enc(e.args[0], at)
        if not _positive(inner):
            raise NoEnclosure("log of a value not certainly positive")
        value = iv.log(inner)
        if len(e.args) == 2:
            base = _enc(e.args[1], at)
            if not _positive(base):
                raise NoEnclosure("log base not certainly positive")
            value = value / iv.log(base)
        return value
    if isinstance(e, sp.tanh):
        return 1 - 2 / (iv.exp(2 * _enc(e.args[0], at)) + 1)
    if isinstance(e, _TRIG):
        return _trig(e, _enc(e.args[0], at))
    if isinstance(e, sp.Abs):
        return abs(_enc(e.args[0], at))
    if isinstance(e, (sp.Max, sp.Min)):
        values = [_enc(a, at) for a in e.args]
        pick = max if isinstance(e, sp.Max) else min
        return iv.mpf([pick(v.a for v in values), pick(v.b for v in values)])
    if isinstance(e, sp.Piecewise):
        for value, cond in e.args:
            truth = holds(cond, at)
            if truth is None:
                raise NoEnclosure("a case condition that intervals cannot decide")
            if truth:
                return _enc(value, at)
        raise NoEnclosure("no case of the piecewise applies")
    if isinstance(e, sp.KroneckerDelta):
        value = e.doit()
        if value.is_Integer:
            return iv.mpf(int(value))
    if isinstance(e, Notation):
        return _enc(e.expanded(), at)
    if isinstance(e, (sp.floor, sp.ceiling)):
        inner = _enc(e.args[0], at)
        low, high = (mpmath.floor(inner.a), mpmath.floor(inner.b)) if isinstance(e, sp.floor) else (mpmath.ceil(inner.a), mpmath.ceil(inner.b))
        if low != high:
            raise NoEnclosure(f"{type(e).__name__} of an interval across an integer")
        return iv.mpf(low)
    if isinstance(e, _COUNTING):
        return _counting(e, at)
    if series.is_constant_series(e):
        value = series.enclosure(e, iv.dps)
        if value is None:
            raise NoEnclosure(f"no certified enclosure of {e}")
        return value
    placed = e.xreplace(at) if at else e
    if placed != e:  # no interval rule, but SymPy may evaluate it at the point: sign(-1), Heaviside(2)
        return _enc(placed, at)
    raise NoEnclosure(f"no interval rule for {type(e).__name__}")


_COUNTING = (sp.factorial, sp.binomial, sp.factorial2, sp.RisingFactorial, sp.FallingFactorial)
COUNTING_LIMIT = 5000  # the largest integer argument of n!, binom(n, k), ... computed exactly here


def _counting(e, at):
    """n!, binom(n, k), ... at integer arguments: the exact integer (arguments up to COUNTING_LIMIT)."""
    args = [_rational_value(a, at) if a.free_symbols else a for a in e.args]
    if not all(a is not None and a.is_Integer and abs(a) <= COUNTING_LIMIT for a in args):
        raise NoEnclosure(f"{type(e).__name__} at arguments that are not small exact integers")
    value = e.func(*args)
    if not value.is_Rational:
        raise NoEnclosure(f"{type(e).__name__} not an exact number here")
    return iv.mpf(int(value.p)) / iv.mpf(int(value.q))


# -- the trigonometric and hyperbolic functions: mpmath's interval sin, cos, tan, cot, sec, csc (which
#    widen to [-1, 1] or to (-oo, oo) across a period or a pole) and atan (mpmath's directed rounding);
#    the others from exp, log, sqrt and atan, through their monotonicity on the interval
_TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan, sp.sinh, sp.cosh, sp.coth, sp.sech, sp.csch, sp.asinh, sp.acosh, sp.atanh)


def _finite(x) -> bool:
    return bool(mpmath.isfinite(x.a) and mpmath.isfinite(x.b))


def _atan(x):
    from mpmath.libmp.libmpi import mpi_atan

    return iv.make_mpf(mpi_atan(x._mpi_, iv.prec))


def _hull(point_value, x, increasing=True):
    """The values of a function monotone on x: its enclosures at the two ends (each a point interval)."""
    if not _finite(x):
        raise NoEnclosure("an unbounded argument")
    low, high = (x.a, x.b) if increasing else (x.b, x.a)
    return iv.mpf([point_value(low).a, point_value(high).b])


def _sinh_at(p):
    return (iv.exp(p) - iv.exp(-p)) / 2


def _cosh_at(p):
    return (iv.exp(p) + iv.exp(-p)) / 2


def _asin_at(p):  # asin p = 2 atan(p / (1 + sqrt(1 - p^2))), exact at p = +-1
    return 2 * _atan(p / (1 + iv.sqrt(1 - p * p)))


def _asinh_at(p):  # odd: the positive side only, no cancellation
    if p.b < 0:
        return -_asinh_at(-p)
    return iv.log(p + iv.sqrt(p * p + 1))


def _within(x, low, high, strict, what):
    inside = (x.a > low and x.b < high) if strict else (x.a >= low and x.b <= high)
    if not inside:
        raise NoEnclosure(f"{what} of a value not certainly in its domain")


def _trig(e, x):
    """The enclosure of a trigonometric or hyperbolic function of an argument enclosed by x."""
    if isinstance(e, (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)):
        return getattr(iv, type(e).__name__)(x)
    if isinstance(e, sp.atan):
        return _atan(x)
    if isinstance(e, sp.asin):
        _within(x, -1, 1, False, "arcsin")
        return _hull(_asin_at, x)
    if isinstance(e, sp.acos):
        _within(x, -1, 1, False, "arccos")
        return _hull(lambda p: iv.pi / 2 - _asin_at(p), x, increasing=False)
    if isinstance(e, sp.sinh):
        return _hull(_sinh_at, x)
    if isinstance(e, (sp.cosh, sp.sech)):
        if x.a >= 0:
            value = _hull(_cosh_at, x)
        elif x.b <= 0:
            value = _hull(_cosh_at, x, increasing=False)
        else:  # the minimum 1 at 0 inside
            if not _finite(x):
                raise NoEnclosure("an unbounded argument")
            value = iv.mpf([1, max(_cosh_at(x.a).b, _cosh_at(x.b).b)])
        return value if isinstance(e, sp.cosh) else 1 / value
    if isinstance(e, (sp.coth, sp.csch)):
        if not (x.a > 0 or x.b < 0):
            raise NoEnclosure(f"{type(e).__name__} of a value that may be 0")
        s = _hull(_sinh_at, x)
        return 1 / s if isinstance(e, sp.csch) else 1 + 2 / (iv.exp(2 * x) - 1)
    if isinstance(e, sp.asinh):
        return _hull(_asinh_at, x)
    if isinstance(e, sp.acosh):
        _within(x, 1, mpmath.inf, False, "arcosh")
        return _hull(lambda p: iv.log(p + iv.sqrt(iv.mpf([max(0, (p * p - 1).a), (p * p - 1).b]))), x)
    if isinstance(e, sp.atanh):
        _within(x, -1, 1, True, "artanh")
        return _hull(lambda p: (iv.log(1 + p) - iv.log(1 - p)) / 2, x)
    raise NoEnclosure(f"no interval rule for {type(e).__name__}")


def _pow(e, at):
    base, exponent = e.args
    if exponent.is_Integer:
        b = _enc(base, at)
        n = int(exponent)
        if n >= 0:
            return b**n
        if b.a <= 0 <= b.b:
            raise NoEnclosure("division by a value that may be 0")
        return 1 / (b ** (-n))
    b = _enc(base, at)
    if exponent.is_Rational and exponent > 0 and b.a >= 0 and not _positive(b):
        # x^p (p > 0) is increasing on [0, oo) and 0 at 0: sqrt(0) = 0
        top = iv.exp(_enc(exponent, at) * iv.log(iv.mpf(b.b))) if b.b > 0 else iv.mpf(0)
        return iv.mpf([0, top.b])
    if not _positive(b):
        raise NoEnclosure("a real power of a base not certainly positive")
    return iv.exp(_enc(exponent, at) * iv.log(b))


def sign(expr, point) -> int | None:
    """+1 or -1 when the value of expr at point certainly has that sign, else None (0 is never certain
    here: exact zeros are for exact arithmetic)."""
    try:
        prepared, at = _prepared(expr, point), _values(point)
    except (ValueError, TypeError, ZeroDivisionError, NotImplementedError):
        return None
    return _sign(prepared, at)


def _sign(prepared, at) -> int | None:
    """sign() of a prepared value: each precision encloses the same prepared expression."""
    for dps in PRECISIONS:
        try:
            with _digits(dps):
                value = _enc(prepared, at)
        except (NoEnclosure, ZeroDivisionError, ValueError, TypeError, mpmath.libmp.libmpf.ComplexResult):
            return None
        if value.a > 0:
            return 1
        if value.b < 0:
            return -1
        if not (mpmath.isfinite(value.a) and mpmath.isfinite(value.b)):
            return None
    return None


def holds(rel, point) -> bool | None:
    """Is the relation true at point? True/False when exact arithmetic or intervals say so, else None."""
    rel = sp.sympify(rel)
    if rel in (sp.true, sp.false):
        return rel == sp.true
    if isinstance(rel, sp.And):
        values = [holds(a, point) for a in rel.args]
        return False if False in values else (None if None in values else True)
    if isinstance(rel, sp.Or):
        values = [holds(a, point) for a in rel.args]
        return True if True in values else (None if None in values else False)
    if isinstance(rel, sp.Not):
        value = holds(rel.args[0], point)
        return None if value is None else not value
    if isinstance(rel, sp.Implies):
        first = holds(rel.args[0], point)
        if first is False:
            return True
        second = holds(rel.args[1], point)
        return second if first else (True if second else None)
    if not isinstance(rel, sp.Rel):
        return None
    try:  # prepared once, for the exact test and the enclosure
        d, at = _prepared(rel.lhs - rel.rhs, point), _values(point)
    except Exception:  # noqa: BLE001 - a value that cannot be formed: neither test can say
        return None
    exact = _rational_value(d, at)
    if exact is not None:
        return bool(type(rel)(exact, 0))
    s = _sign(d, at)
    if s is None:
        return None
    if isinstance(rel, sp.Eq):
        return False
    if isinstance(rel, sp.Ne):
        return True
    if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
        return s == 1
    return s == -1


EXACT_SECONDS = 2.0  # CPU seconds for simplifying one value to 0; past them it is not known to be 0


def exactly_zero(d, point) -> bool:
    """d at point is exactly 0, by exact simplification (a strict bound attained). Within a CPU-time
    budget: a tower of exponentials at a point can keep simplify busy for an hour."""
    try:
        with budget(EXACT_SECONDS):
            value = _concrete(d, point)
            if value.is_Rational:
                return value == 0
            return sp.simplify(value) == 0
    except Exception:  # noqa: BLE001 - OutOfTime included: not known to be 0
        return False


def enclosure(expr, box: dict, dps: int = 30):
    """An interval containing every value of expr as its symbols range over the box ({symbol: (lo, hi)}
    with rational ends): the natural interval extension (None when it cannot be formed or is unbounded).
    Sound for proofs of a sign on the whole box: each operation's enclosure contains all its values."""
    try:
        prepared = _prepared(expr, {})
    except (ValueError, TypeError, ZeroDivisionError, NotImplementedError):
        return None
    try:
        with _digits(dps):
            at = {s: iv.mpf([_enc(sp.sympify(lo), {}).a, _enc(sp.sympify(hi), {}).b]) for s, (lo, hi) in box.items()}
            value = _enc(prepared, at)
    except (NoEnclosure, ZeroDivisionError, ValueError, TypeError, mpmath.libmp.libmpf.ComplexResult):
        return None
    if not (mpmath.isfinite(value.a) and mpmath.isfinite(value.b)):
        return None
    return value


__all__ = ["sign", "holds", "exactly_zero", "enclosure", "NoEnclosure"]
