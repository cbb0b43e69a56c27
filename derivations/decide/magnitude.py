"""Numbers too large to write out (2^{2^{20}}, 10^{10^{10}}) compared by their logarithms: enclosed by
interval arithmetic for < and >, decided exactly by prime exponents for =, never by building digits."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp

from .interval import NoEnclosure, _digits, _enc, iv

HUGE_DIGITS = 1000  # a power with more decimal digits than this is compared by logarithms
EXPONENT_DIGITS = 60  # exact prime exponents only when every exponent has at most this many digits
PRECISIONS = (30, 60, 120, 300)


class _Unsupported(Exception):
    """A shape whose logarithm is not enclosed here (a sign that may be negative, a function)."""


@dataclass(frozen=True)
class Comparison:
    """lhs against rhs: ``sign`` of lhs - rhs (+1, -1, 0) and how it was decided; ``check`` the same sign
    found a second way (plain mpmath floats at 50 digits), or None when that way could not say."""

    sign: int
    how: str
    check: int | None
    digits: int


def _log(e):
    """An enclosure of log(e) for a certainly positive constant e, without forming e itself."""
    if e.is_Integer or e.is_Rational:
        if e <= 0:
            raise _Unsupported("a value that is not positive")
        return iv.log(iv.mpf(int(e.p))) - iv.log(iv.mpf(int(e.q)))
    if isinstance(e, sp.exp):
        return _enc(e.args[0], {})
    if e.is_Pow:
        base, exponent = e.args
        if base is sp.E:
            return _enc(exponent, {})
        return _enc(exponent, {}) * _log(base)
    if e.is_Mul:
        total = iv.mpf(0)
        for factor in e.args:
            total = total + _log(factor)
        return total
    if e.is_Add:
        ups = [_log(t) for t in e.args if not t.could_extract_minus_sign()]
        downs = [_log(-t) for t in e.args if t.could_extract_minus_sign()]
        if not ups:
            raise _Unsupported("a sum that is not positive")
        up = _log_sum(ups)
        if not downs:
            return up
        down = _log_sum(downs)
        if not up.a > down.b:
            raise _Unsupported("a difference whose sign the enclosures do not settle")
        return up + iv.log(1 - iv.exp(down - up))
    value = _enc(e, {})
    if not value.a > 0:
        raise _Unsupported("a value that is not certainly positive")
    return iv.log(value)


def _log_sum(logs):
    """log(sum of exp(l)) for enclosures l, scaled by the largest so that nothing overflows."""
    top = max(logs, key=lambda v: v.b)
    return top + iv.log(sum((iv.exp(v - top) for v in logs), iv.mpf(0)))


def _digits_of(e) -> float:
    """About how many decimal digits the largest number or power inside e has."""
    most = max([0.0] + [abs(int(n.p)).bit_length() * 0.30103 for n in e.atoms(sp.Rational)] + [abs(int(n.q)).bit_length() * 0.30103 for n in e.atoms(sp.Rational)])
    for power in e.atoms(sp.Pow):
        try:
            with _digits(15):
                size = _log(power)
        except (NoEnclosure, _Unsupported, ZeroDivisionError, ValueError, TypeError, OverflowError):
            continue
        if mpmath.isfinite(size.b):
            most = max(most, float(abs(size.b)) / 2.302585)
    return most


def applies(rel) -> bool:
    """A relation between constants holding a power too large to write out."""
    return isinstance(rel, sp.Rel) and not rel.free_symbols and _digits_of(sp.Tuple(rel.lhs, rel.rhs)) > HUGE_DIGITS


_NOT_A_NUMBER_YET = (sp.Limit, sp.Integral, sp.Sum, sp.Product, sp.Derivative)


def constant_comparison(rel) -> bool:
    """A comparison of two constants with nothing left to compute symbolically (no limit, integral, sum,
    product or derivative): its truth is a sign that interval arithmetic certifies or cannot separate."""
    return (isinstance(rel, sp.Rel) and not isinstance(rel, (sp.Eq, sp.Ne)) and not rel.free_symbols
            and not rel.has(*_NOT_A_NUMBER_YET) and rel.lhs.is_real is not False and rel.rhs.is_real is not False)


def _exponents(e) -> dict[int, Fraction]:
    """e as a product of primes to rational powers, exactly, when it is one (no sums)."""
    if e.is_Integer or e.is_Rational:
        if e <= 0:
            raise _Unsupported("not positive")
        out: dict[int, Fraction] = {}
        for p, k in sp.factorint(int(e.p), limit=10**6).items():
            out[p] = out.get(p, 0) + Fraction(k)
        for p, k in sp.factorint(int(e.q), limit=10**6).items():
            out[p] = out.get(p, 0) - Fraction(k)
        if any(not sp.isprime(p) for p in out):
            raise _Unsupported("a factor too large to factor")
        return out
    if e.is_Pow:
        exponent = _small_rational(e.args[1])
        return {p: k * exponent for p, k in _exponents(e.args[0]).items()}
    if e.is_Mul:
        out = {}
        for factor in e.args:
            for p, k in _exponents(factor).items():
                out[p] = out.get(p, 0) + k
        return out
    raise _Unsupported(f"{type(e).__name__} is not a product of powers")


def _small_rational(e) -> Fraction:
    """An exponent's exact value, when it is a rational small enough to compute."""
    if _digits_of(e) > EXPONENT_DIGITS:
        raise _Unsupported("an exponent too large to compute exactly")
    value = sp.nsimplify(e) if not e.is_Rational else e
    value = sp.sympify(value).doit()
    if not value.is_Rational:
        raise _Unsupported("an exponent that is not rational")
    return Fraction(int(value.p), int(value.q))


def _interval_sign(lhs, rhs) -> tuple[int | None, int]:
    for dps in PRECISIONS:
        with _digits(dps):
            a, b = _log(lhs), _log(rhs)
        if a.a > b.b:
            return 1, dps
        if a.b < b.a:
            return -1, dps
    return None, PRECISIONS[-1]


def _float_sign(lhs, rhs) -> int | None:
    """The second look: the logarithms as plain 50-digit floats (no intervals)."""
    with mpmath.workdps(50):
        try:
            fa, fb = _float_log(lhs), _float_log(rhs)
        except (_Unsupported, NoEnclosure, ValueError, TypeError, ZeroDivisionError, OverflowError):
            return None
        gap = fa - fb
        if abs(gap) <= mpmath.mpf(10) ** -40 * max(1, abs(fa)):
            return 0
        return 1 if gap > 0 else -1


def _float_sign_of(e) -> int | None:
    """The sign of a constant as a plain 50-digit float."""
    with mpmath.workdps(50):
        try:
            value = _float_value(e)
        except (_Unsupported, NoEnclosure, ValueError, TypeError, ZeroDivisionError, OverflowError):
            return None
        return 0 if value == 0 else (1 if value > 0 else -1)


def _float_log(e):
    if e.is_Integer or e.is_Rational:
        return mpmath.log(int(e.p)) - mpmath.log(int(e.q))
    if isinstance(e, sp.exp):
        return _float_value(e.args[0])
    if e.is_Pow:
        base, exponent = e.args
        return _float_value(exponent) if base is sp.E else _float_value(exponent) * _float_log(base)
    if e.is_Mul:
        return mpmath.fsum(_float_log(f) for f in e.args)
    if e.is_Add:
        ups = [_float_log(t) for t in e.args if not t.could_extract_minus_sign()]
        downs = [_float_log(-t) for t in e.args if t.could_extract_minus_sign()]
        if not ups:
            raise _Unsupported("a sum that is not positive")
        up = max(ups) + mpmath.log(mpmath.fsum(mpmath.exp(v - max(ups)) for v in ups))
        if not downs:
            return up
        down = max(downs) + mpmath.log(mpmath.fsum(mpmath.exp(v - max(downs)) for v in downs))
        if down >= up:
            raise _Unsupported("a sum that is not positive")
        return up + mpmath.log1p(-mpmath.exp(down - up))
    value = _float_value(e)
    if value <= 0:
        raise _Unsupported("not positive")
    return mpmath.log(value)


def _float_value(e):
    if e.is_Integer or e.is_Rational:
        return mpmath.mpf(int(e.p)) / int(e.q)
    if e.is_Pow or isinstance(e, sp.exp):
        return mpmath.exp(_float_log(e))
    if e.is_Add:
        return mpmath.fsum(_float_value(t) for t in e.args)
    if e.is_Mul:
        return mpmath.fprod(_float_value(f) for f in e.args)
    value = e.evalf(50)
    if not value.is_Number:
        raise _Unsupported(f"cannot evaluate {type(e).__name__}")
    return mpmath.mpf(value)


def _signed(e):
    """(sign, |e|) for a side whose sign its structure settles (a power, a product, a sum whose largest
    terms dominate), or 0."""
    if e == 0:
        return 0, e
    for sign, side in ((1, e), (-1, -e)):
        try:
            _log(side)
            return sign, side
        except (_Unsupported, NoEnclosure, ValueError, TypeError, ZeroDivisionError, OverflowError):
            continue
    raise _Unsupported("a side whose sign is not settled")


def _by_logarithms(lhs, rhs) -> Comparison | None:
    (sl, a), (sr, b) = _signed(lhs), _signed(rhs)
    if sl != sr or sl == 0:  # different signs (or a zero): the sign of a side is its logarithm's existence
        sign = 1 if sl > sr else -1
        return Comparison(sign, "the two sides have different signs, each read from the sizes of its terms by interval arithmetic", sign, 0)
    if sl < 0:
        a, b = b, a  # -A against -B is B against A
    sign, dps = _interval_sign(a, b)
    check = _float_sign(a, b)
    if sign is not None:
        return Comparison(sign, f"their logarithms, enclosed by interval arithmetic at {dps} digits, do not overlap", check, dps)
    if _exponents(a) == _exponents(b):
        return Comparison(0, "both are the same product of prime powers (exact exponents)", 0, 0)
    return None  # unequal exponents with overlapping enclosures: a sum inside, or a near miss


_HOLDS = {sp.Eq: lambda s: s == 0, sp.Ne: lambda s: s != 0, sp.StrictGreaterThan: lambda s: s > 0, sp.GreaterThan: lambda s: s >= 0, sp.StrictLessThan: lambda s: s < 0, sp.LessThan: lambda s: s <= 0}


def holds(rel, sign: int) -> bool | None:
    """Is rel true when lhs - rhs has this sign? None for a relation that is not a comparison."""
    test = _HOLDS.get(type(rel))
    return None if test is None else test(sign)


def compare(lhs, rhs) -> Comparison | None:
    """The sign of lhs - rhs for two constants, by logarithms; None when not decided here. Terms that
    cancel (A < A + 1) are cancelled first, exactly, and what is left is compared."""
    # the terms of both sides in one sum: SymPy collects equal terms without evaluating any power
    difference = sp.Add(*sp.Add.make_args(lhs), *(-t for t in sp.Add.make_args(rhs)))
    try:
        if difference == 0:
            return Comparison(0, "the two sides are the same expression", 0, 0)
        if _digits_of(difference) <= HUGE_DIGITS:
            from . import interval

            sign = interval.sign(difference, {})
            if sign is not None:
                return Comparison(sign, "the difference of the two sides (equal terms cancelled exactly) has a certain sign by interval arithmetic", _float_sign_of(difference), 30)
            return None
        return _by_logarithms(lhs, rhs)
    except (_Unsupported, NoEnclosure, ValueError, TypeError, ZeroDivisionError, OverflowError):
        return None


__all__ = ["applies", "compare", "constant_comparison", "holds", "Comparison", "HUGE_DIGITS"]
