"""mpmath evaluation at high precision: counterexample search and the cross-check of proved claims."""

from __future__ import annotations

import functools

import mpmath
import sympy as sp

from . import interval, series
from derivations.base.budget import OutOfTime, budget
from derivations.notation import expand_notation, sigmoid_tower
from .sampling import sample_points
from derivations.model.verdict import Counterexample, NumericCheck

GROWTH = [10, 100, 1000, 10000, 100000]  # t = 10^GROWTH[k] when a limit at infinity is approached numerically
GROW_AT_MOST = 1000  # the precision grows with t = 10^k up to this k
RECHECK_DIGITS = 400  # a value at t = 10^k is recomputed with 2k more digits (cancellation) up to these
NEARNESS = [5, 10, 20, 40]  # point +- 10^-NEARNESS[k] when a limit at a finite point is approached


EXACT_TRIES = 3  # points per relation at which a strict bound, met to working precision, is simplified to 0
POINT_SECONDS = 3.0  # CPU seconds for one sample point (its admissibility, value and confirmation)
CLOSE = " (equal to working precision)"  # a relation that held only to the digits used: worth a closer look


class NotNumeric(Exception):
    """An expression that cannot be evaluated at a point (undefined there, or not a number)."""


def evaluate(expr: sp.Basic, point: dict, digits: int = 50) -> mpmath.mpf:
    """expr at point, as an mpmath number with ``digits`` significant digits."""
    with mpmath.workdps(digits + 10):
        value = _evaluate(expr, point, digits)
        if not isinstance(value, mpmath.mpf):
            raise NotNumeric(f"{expr} is not real at {point}")
        return value


def _evaluate(expr, point, digits):
    if point and any(series.is_series(e) and e.free_symbols <= set(point) for e in sp.preorder_traversal(expr)):
        values = {k: sp.Rational(v) if isinstance(v, (float, sp.Float)) else sp.sympify(v) for k, v in point.items()}
        expr = expr.replace(lambda e: series.is_series(e) and e.free_symbols <= set(point), lambda e: e.xreplace(values))
    if any(series.is_constant_series(e) for e in sp.preorder_traversal(expr)):  # proved convergent, then nsum
        return _evaluate(expr.replace(series.is_constant_series, lambda e: _series_value(e, digits)), point, digits)
    if isinstance(expr, sp.Limit):
        return _approach(expr, point, digits)[-1]
    if expr.has(sp.Limit):
        replaced = expr.replace(lambda e: isinstance(e, sp.Limit), lambda e: sp.Float(_approach(e, point, digits)[-1], digits))
        return _evaluate(replaced, point, digits)
    # Integer symbols (a depth n) are substituted before compiling: f_n has a closed form only for a
    # concrete n. Everything else is an argument of one compiled mpmath function per expression.
    fixed = tuple(sorted(((k, v) for k, v in point.items() if k.is_integer), key=lambda kv: kv[0].name))
    if fixed and expr.has(sp.Sum, sp.Product):  # a finite sum at a concrete n: its terms added exactly, not in floats
        expr = expr.replace(lambda e: _finite_at(e, dict(fixed)), lambda e: e.xreplace(dict(fixed)).doit())
    compiled = _compile(sp.sympify(expr), fixed)
    if compiled is None:
        return _evaluate_slowly(expr, point, digits)
    symbols, function = compiled
    try:
        value = function(*[_mpf(point[s]) if s in point else _mpf(s) for s in symbols])
    except (ZeroDivisionError, OverflowError) as exc:
        raise NotNumeric(f"{expr} is undefined at {point}: {exc}") from None
    except (NameError, AttributeError, TypeError, ValueError) as exc:  # DiracDelta: nothing mpmath can compute
        raise NotNumeric(f"{expr} cannot be evaluated at {point}: {type(exc).__name__}") from None
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > mpmath.mpf(10) ** (-digits + 5) * max(1, abs(value.real)):
            raise NotNumeric(f"{expr} is not real at {point}")
        value = value.real
    if not isinstance(value, mpmath.mpf):
        value = mpmath.mpf(value)
    if not mpmath.isfinite(value):
        raise NotNumeric(f"{expr} is not finite at {point}")
    return value


FINITE_TERMS = 2000  # the most terms of a sum or product added exactly at one point


def _finite_at(e, fixed) -> bool:
    """A sum or product whose every symbol has a value in ``fixed`` and whose range then has few terms."""
    if not isinstance(e, (sp.Sum, sp.Product)) or not e.free_symbols or not e.free_symbols <= set(fixed):
        return False
    span = 1
    for _, low, high in e.limits:
        low, high = sp.sympify(low).xreplace(fixed), sp.sympify(high).xreplace(fixed)
        if not (low.is_Integer and high.is_Integer):
            return False
        span *= max(int(high - low) + 1, 0)
    return span <= FINITE_TERMS


def _series_value(s, digits):
    value = series.value(s, digits)
    if value is None:
        raise NotNumeric(f"{s} is not proved convergent with a value its enclosure confirms")
    return sp.Float(value, digits + 10)


def _mpf(value):
    value = sp.sympify(value)
    if value.is_Rational:
        return mpmath.mpf(int(value.p)) / int(value.q)
    if value.is_Symbol:
        raise NotNumeric(f"no value for {value}")
    number = value if value.is_Float else sp.N(value, mpmath.mp.dps)
    if not number.is_Float:
        raise NotNumeric(f"{value} is not a real number")
    return mpmath.mpf(number._mpf_)  # SymPy's binary value itself: no decimal string of 10 000 digits


@functools.lru_cache(maxsize=1024)
def _compile(expr, fixed):
    """(free symbols, an mpmath function of them) for expr, or None when it has no closed form."""
    concrete = expand_notation(expr.subs(dict(fixed)))
    if concrete.has(sigmoid_tower, sp.Derivative, sp.Subs):
        concrete = expand_notation(concrete.doit())
    if concrete.has(sigmoid_tower, sp.Derivative, sp.Subs, sp.Integral, sp.Limit, sp.Function("f")):
        return None
    # 10^{-30} written unevaluated would be compiled as Python's float 10**(-30): 1 + 10**(-30) == 1.0
    concrete = concrete.replace(
        lambda e: e.is_Pow and e.base.is_Rational and e.exp.is_Integer and e.exp < 0 and -e.exp <= 4000,
        lambda e: sp.Rational(1) / (e.base ** (-e.exp)),
    )
    # log(1 + u) as log1p(u): with u = e^{-10^5}, 1 + u is 1 at any working precision and the log 0
    concrete = concrete.replace(lambda e: isinstance(e, sp.log) and len(e.args) == 1 and e.args[0].is_Add and sp.S.One in e.args[0].args, lambda e: _Log1p(e.args[0] - 1))
    labels = {indexed.base.label for indexed in concrete.atoms(sp.Indexed)}
    symbols = tuple(sorted(concrete.free_symbols - labels, key=str))
    try:
        # dummify: symbol names never reach the generated code, whatever the user called them
        return symbols, sp.lambdify(symbols, concrete, modules=[{"DiracDelta": _dirac, "_Log1p": mpmath.log1p}, "mpmath"], dummify=True)
    except Exception:  # noqa: BLE001 - a construct lambdify cannot print: use the slow path
        return None


class _Log1p(sp.Function):
    """log(1 + u), evaluated by mpmath's log1p (no digits lost when u is tiny)."""


def _dirac(x, *order):
    """DiracDelta away from 0 is 0 (rho''(x) where rho is differentiable); at 0 it has no value."""
    if x == 0:
        raise ZeroDivisionError("DiracDelta at 0")
    return mpmath.mpf(0)


def _evaluate_slowly(expr, point, digits):
    concrete = expand_notation(sp.sympify(expr).subs(point))
    if concrete.has(sigmoid_tower, sp.Derivative, sp.Subs):
        concrete = expand_notation(concrete.doit())
    value = sp.N(concrete, digits)
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not value.is_number:
        raise NotNumeric(f"{expr} is not a finite number at {point}")
    if not value.is_real:
        value = sp.N(sp.re(value), digits) if abs(sp.im(value)) < 10 ** (-digits + 5) else None
        if value is None:
            raise NotNumeric(f"{expr} is not real at {point}")
    return mpmath.mpf(str(value))


def shown(value, digits: int) -> str:
    """A value in decimal, but a number like e^{-10^{100000}} as its order of magnitude: writing out
    its decimal exponent exactly is a power of ten with 10^5 digits, minutes of work for one message."""
    if isinstance(value, mpmath.mpf) and value != 0 and mpmath.isfinite(value) and abs(mpmath.mag(value)) > 10**5:
        return f"about 10^{mpmath.nstr(mpmath.log10(abs(value)), 6)}" if value > 0 else f"about -10^{mpmath.nstr(mpmath.log10(abs(value)), 6)}"
    return mpmath.nstr(value, digits)


def _approach(lim: sp.Limit, point: dict, digits: int, side: str | None = None, grow: bool = False, schedule=None) -> list:
    """Values of the limit's argument as its variable approaches the limit point from one side (a
    cross-check only); a two-sided limit is approached from the right unless ``side`` says. The point
    itself may depend on parameters: it is evaluated at ``point`` first. Towards infinity t = 10^k; at a
    finite point, point +- 10^-k with the working precision raised by k digits (a + 10^-40 must not round
    to a). With ``grow`` the precision grows with k towards infinity too, so that 1 + 1/t does not round
    to 1. Values are taken while they can be: a later k that cannot be evaluated ends the list."""
    body, var, target, direction = lim.args[0], lim.args[1], lim.args[2], str(lim.args[3])
    direction = side or ("+" if direction == "+-" else direction)
    infinite = target in (sp.oo, -sp.oo)
    if not infinite and target.free_symbols:
        target = sp.Float(evaluate(target, point, digits + 20), digits + 20)
    values = []
    for k in schedule or (GROWTH if infinite else NEARNESS):
        if grow and infinite and k > GROW_AT_MOST:
            break  # 10^5 digits for one value: the fixed-precision look goes that far
        # Floats, not exact integers: (10^10000)^200 exactly would have two million digits.
        dps = digits + (k if (grow or not infinite) else 0) + 10
        with mpmath.workdps(dps):
            step = sp.Float(f"1e{k}", dps)
            if target == sp.oo:
                at = step
            elif target == -sp.oo:
                at = -step
            else:
                at = sp.Float(target, dps) + (1 if direction == "+" else -1) / step
            try:
                value = _evaluate(body, {**point, var: at}, dps - 10)
            except (NotNumeric, TypeError, ValueError, ZeroDivisionError, OverflowError):
                if len(values) < 2:
                    raise
                break
        more = dps + 2 * k + 10 if 2 * k <= RECHECK_DIGITS else dps + digits  # past them: a cheaper look, and no collapse
        collapsed = bool(values) and value == 0 and values[-1] != 0 and 2 * k > RECHECK_DIGITS  # sqrt(t + sqrt t) - sqrt t = 0 exactly
        if collapsed or not _significant(body, point, var, at, value, more, digits):
            break  # sqrt(t + sqrt t) - sqrt t at t = 10^100 in 60 digits is 0: digits lost, not a value
        values.append(value)
        if infinite and _stalled(values, digits):
            break  # e^{-t} at t = 10^1000 costs seconds and says nothing new
    return values


def _significant(body, point, var, at, value, more, digits) -> bool:
    """Does the value keep its digits when computed again with ``more`` of them (half the digits agree)?"""
    with mpmath.workdps(more):
        try:
            again = _evaluate(body, {**point, var: sp.Float(at, more)}, more - 10)
        except (NotNumeric, TypeError, ValueError, ZeroDivisionError, OverflowError):
            return False
        return abs(again - value) <= mpmath.mpf(10) ** (-(digits // 2)) * max(mpmath.mpf(1), abs(again))


def _stalled(values, digits) -> bool:
    """Two successive values towards infinity both below 10^-digits, or equal at working precision:
    further values (whose cost grows with t) cannot move the comparison."""
    if len(values) < 2:
        return False
    a, b = values[-2], values[-1]
    tiny = mpmath.mpf(10) ** (-digits)
    return (abs(a) < tiny and abs(b) <= abs(a)) or a == b


def _sides(rel: sp.Basic):
    if isinstance(rel, sp.Eq) and isinstance(rel.lhs, sp.Integral) and len(rel.lhs.limits[0]) == 1:
        x = rel.lhs.limits[0][0]  # up to a constant: compare derivatives
        return rel.lhs.function, sp.diff(rel.rhs, x)
    return rel.lhs, rel.rhs


def violation(rel: sp.Basic, point: dict, digits: int = 50) -> tuple[bool | None, mpmath.mpf, str]:
    """Does rel fail at point? True / False, or None when the numbers cannot tell (not evaluable, or
    the two sides agree to within the working precision on a strict inequality)."""
    lhs, rhs = _sides(rel)
    try:
        a, b = evaluate(lhs, point, digits), evaluate(rhs, point, digits)
    except (NotNumeric, TypeError, ValueError, ZeroDivisionError) as exc:
        return None, mpmath.mpf(0), str(exc)
    tol = mpmath.mpf(10) ** (-(digits - 10)) * max(1, abs(a), abs(b))
    diff = a - b
    close = abs(diff) <= tol
    shown_digits = 15  # as many digits as it takes to tell the two sides apart
    while shown_digits < digits - 10 and not close and shown(a, shown_digits) == shown(b, shown_digits):
        shown_digits += 5
    text = f"left = {shown(a, shown_digits)}, right = {shown(b, shown_digits)}" + (CLOSE if close else "")
    if isinstance(rel, sp.Eq):
        return not close, abs(diff), text
    if close:  # equal to working precision: a strict bound may be attained; decided exactly elsewhere
        return (None if isinstance(rel, (sp.StrictLessThan, sp.StrictGreaterThan)) else False), abs(diff), text
    if isinstance(rel, (sp.StrictLessThan, sp.LessThan)):
        return diff > 0, abs(diff), text
    return diff < 0, abs(diff), text


def confirm(rel: sp.Basic, point: dict, exact: bool = True) -> str | None:
    """How a failure of rel at point is certain: 'exact' (exact arithmetic), 'interval' (an interval
    enclosure at rising precision excludes the relation), or None when neither can say. ``exact``:
    whether to try simplifying to an exact 0 (a strict bound attained), which may cost seconds."""
    lhs, rhs = _sides(rel)
    if lhs.has(sp.Limit) or rhs.has(sp.Limit):
        return None
    d = sp.sympify(lhs - rhs)
    if isinstance(rel, sp.Eq):
        return "interval" if interval.sign(d, point) is not None else None
    if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
        d = -d  # as small < big: fails when d >= 0 (strict) or d > 0
    certain = interval.sign(d, point)
    if certain == 1:
        return "interval"
    if certain == -1:
        return None  # it holds here, by a margin intervals see (e^{-200} > 0): nothing to simplify
    if exact and isinstance(rel, (sp.StrictLessThan, sp.StrictGreaterThan)) and interval.exactly_zero(d, point):
        return "exact"
    return None


def admissible(point: dict, facts=(), domain=()) -> bool:
    """Does point satisfy every fact and every condition of the domain, certainly? A counterexample
    outside the assumptions, or where the statement is undefined, is no counterexample."""
    from .sampling import allowed

    if not all(allowed(symbol, value) for symbol, value in point.items()):
        return False  # n = 1/2 for an integer n, x = -1 for a positive x
    for fact in tuple(facts) + tuple(c.as_fact() for c in domain):
        if fact.free_symbols - set(point):
            return False
        if interval.holds(fact, point) is not True:
            return False
    return True


def _conditional(rel, facts):
    """(relation, facts) with a condition `c => r` moved into the facts."""
    if isinstance(rel, sp.Implies):
        return rel.args[1], tuple(facts) + (rel.args[0],)
    return rel, tuple(facts)


def _fact_symbols(facts) -> set:
    out = set()
    for fact in facts:
        out |= fact.free_symbols
    return out


def _candidates(rel, facts, domain, limit):
    """Admissible sample points for rel: every symbol of the relation and of the facts gets a value."""
    symbols = _free(rel) | _fact_symbols(facts) | _fact_symbols(c.as_fact() for c in domain)
    statement = (rel,) + tuple(c.relation for c in domain)
    found = []
    for point in sample_points(symbols, facts, limit, statement):
        if _in_time(admissible, point, facts, domain):
            found.append(point)
            if len(found) >= limit:
                break
    return found


def _domain_of(rel):
    from .domain import Undetermined, conditions

    lhs, rhs = _sides(rel)
    try:
        out = conditions(lhs) + conditions(rhs)
        if isinstance(rel, sp.Eq) and isinstance(rel.lhs, sp.Integral):  # F must be differentiable there
            out += conditions(sp.Derivative(rel.rhs, rel.lhs.limits[0][0]))
        return out
    except Undetermined:
        return None


def find_counterexample(statement_parts, facts=(), digits: int = 50, domain=(), limit: int = 60) -> Counterexample | None:
    """A point where some conjunct fails: found at ``digits`` digits, then confirmed exactly or by
    interval arithmetic, inside the facts and the domain. Without a confirmation there is none."""
    for rel in statement_parts:
        rel, facts_here = _conditional(rel, facts)
        if rel.has(sp.Limit, sp.Sum, sp.Indexed):
            continue  # limits are decided symbolically; families are checked per instance elsewhere
        own = _domain_of(rel)
        if own is None:
            continue  # where the statement is defined is not known: no point can be trusted
        exact_tries = EXACT_TRIES
        for point in _candidates(rel, facts_here, tuple(domain) + tuple(own), limit):
            bad, _, text = _in_time(violation, rel, point, digits) or (None, 0, "")
            if (bad is False and not text.endswith(CLOSE)) or (bad is None and not text.startswith("left")):
                continue  # holds here with room to spare, or not evaluable here; 1 - e^{-200} >= 1 is close
            how = _in_time(confirm, rel, point, exact_tries > 0)
            exact_tries -= bad is None  # a strict bound met to working precision: an exact test was tried
            if how is not None:
                return Counterexample(_show(point), f"{sp.sstr(rel)} fails: {text} (confirmed by {'exact arithmetic' if how == 'exact' else 'interval arithmetic'})", True)
    return None


def _in_time(function, *args):
    """function(*args) within POINT_SECONDS of CPU time, else None: a point too costly to evaluate
    (a tower of twenty sigmoids differentiated at n = 20) is passed over, never taken as evidence."""
    try:
        with budget(POINT_SECONDS):
            return function(*args)
    except OutOfTime:
        return None


def _show(point) -> dict[str, str]:
    return {str(k): sp.sstr(v) for k, v in sorted(point.items(), key=lambda kv: kv[0].name)}


def _free(rel) -> set:
    out = set(rel.free_symbols)
    for indexed in rel.atoms(sp.Indexed):  # x[1] is a variable; its label x is not
        out.discard(indexed.base.label)
    for lim in rel.atoms(sp.Limit):
        out.discard(lim.args[1])
    for integral in rel.atoms(sp.Integral):
        out |= {lim[0] for lim in integral.limits}
    return out


def cross_check(statement_parts, facts=(), digits: int = 50, minimum_points: int = 20, domain=()) -> NumericCheck:
    """Evaluate a proved statement at >= minimum_points points; any failure, confirmed by interval
    arithmetic as a refutation would be, contradicts the proof."""
    count, worst, problems = 0, mpmath.mpf(0), []
    for rel in statement_parts:
        rel, facts_here = _conditional(rel, facts)
        own = _domain_of(rel) if not rel.has(sp.Limit) else []
        if own is None:
            continue  # where it is defined is not known: no point can be trusted to be inside
        for point in _candidates(rel, facts_here, tuple(domain) + tuple(own), max(minimum_points, 24)):
            if rel.has(sp.Limit):
                ok, deviation, text = _in_time(_limit_agrees, rel, point, digits) or (None, 0, "")
            else:
                bad, deviation, text = _in_time(violation, rel, point, digits) or (None, 0, "")
                ok = None if bad is None else not bad
                if bad and _in_time(confirm, rel, point, False) is None:
                    ok = None  # digits lost to cancellation ((x^40+1)^2 - x^80 - 2x^40 at x = 7): not a failure
            if ok is None:
                continue
            count += 1
            if isinstance(rel, sp.Eq) and not rel.has(sp.Limit):  # a gap in an inequality is no error
                worst = max(worst, deviation)
            if not ok:
                problems.append(f"{sp.sstr(rel)} at {point}: {text}")
    # too few evaluable points (a finite family, a claim about limits only) is no contradiction: the
    # count is reported with the result, and only a failing point disagrees
    agrees = not problems
    detail = "; ".join(problems[:3]) if problems else ("" if count >= minimum_points else f"only {count} evaluable points")
    has_equality = any(isinstance(rel, sp.Eq) and not rel.has(sp.Limit) for rel in statement_parts)
    return NumericCheck(count, digits, mpmath.nstr(worst, 3) if has_equality else "", agrees, detail)


def _limit_agrees(rel, point, digits):
    """Numbers at growing t must approach the claimed value (a tripwire, never a proof)."""
    lim = rel.lhs if isinstance(rel.lhs, sp.Limit) else rel.rhs
    other = rel.rhs if lim is rel.lhs else rel.lhs
    two_sided = str(lim.args[3]) == "+-" and lim.args[2] not in (sp.oo, -sp.oo)
    results = []
    for side in ("+", "-") if two_sided else (None,):
        first = None
        for grow in (False, True):  # more digits only when the first look disagrees: (1 + 1/t)^t
            try:
                with mpmath.workdps(digits + 10):
                    approach = _approach(lim, point, digits, side, grow)
                    target = _evaluate(other, point, digits) if not other.has(sp.Limit) else _approach(other, point, digits, None, grow)[-1]
            except (NotNumeric, TypeError, ValueError, ZeroDivisionError) as exc:
                if first is None:
                    return None, mpmath.mpf(0), str(exc)
                break  # the second look failed to evaluate: the first one's disagreement stands
            gaps = [abs(v - target) for v in approach]
            ok = gaps[-1] < mpmath.mpf("1e-3") and all(b <= a * (1 + mpmath.mpf("1e-30")) + mpmath.mpf(10) ** (-digits) for a, b in zip(gaps, gaps[1:]))
            first = first or (ok, gaps)
            if ok:
                first = (ok, gaps)
                break
        ok, gaps = first
        results.append((ok, gaps[-1], f"distance to the claimed value at growing t{' from the ' + ('right' if side == '+' else 'left') if side else ''}: {[shown(g, 3) for g in gaps]}"))
    failed = [r for r in results if not r[0]]
    return failed[0] if failed else results[0]
