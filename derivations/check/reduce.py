"""Relations decided through others the gate decides with both keys: a strict bound from the non-strict one
and the exact zeros of the difference (all excluded), a quotient multiplied through by its denominator of
known sign in each case, and a \\neq claim as a strict bound or an exact equality point."""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass

import sympy as sp

from derivations.model.verdict import Counterexample, Verdict

@dataclass(frozen=True)
class Outcome:
    """What a reduction decided, in the fields of the gate's own Outcome (derivations.check.prove)."""

    verdict: Verdict
    reason: str
    counterexample: Counterexample | None = None
    domain: tuple = ()
    witness: object = None


_DEPTH = contextvars.ContextVar("reduce_depth", default=0)
MAX_DEPTH = 2  # a reduction inside a reduction inside a reduction: no deeper
SECONDS = 2.5  # CPU seconds for each reduction of an undecided relation, all it decides inside included
TOTAL_SECONDS = 4.0  # and for all of them together
_KINKED = (sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.sign, sp.Heaviside, sp.floor, sp.ceiling)
_STRICT = {sp.StrictGreaterThan: sp.GreaterThan, sp.StrictLessThan: sp.LessThan}


@contextlib.contextmanager
def _deeper():
    token = _DEPTH.set(_DEPTH.get() + 1)
    try:
        yield
    finally:
        _DEPTH.reset(token)


def available(outermost=False) -> bool:
    return _DEPTH.get() == 0 if outermost else _DEPTH.get() < MAX_DEPTH


# ---------------------------------------------------------------- the set the facts leave, and exact zeros


def region(x, facts):
    """The set of real x the facts (relations in x alone) allow, or None when it cannot be written."""
    found = sp.S.Reals
    for fact in facts:
        if fact == sp.true:
            continue
        if not isinstance(fact, sp.Rel) or fact.free_symbols != {x}:
            return None
        try:
            with sp.evaluate(True):
                here = fact.as_set()
        except Exception:  # noqa: BLE001 - a relation SymPy cannot solve: no region
            return None
        if not isinstance(here, (sp.Interval, sp.Union, sp.FiniteSet, sp.Complement)) and here not in (sp.S.Reals, sp.S.EmptySet):
            return None
        found = found & here
    return found


def examples(found, where, count=3):
    """A few points of a solution set inside the set (the first members of each family of 2 n pi + c)."""
    out = []
    for part in (found.args if isinstance(found, sp.Union) else (found,)):
        if isinstance(part, sp.FiniteSet):
            out += list(part)
        elif isinstance(part, sp.ImageSet) and len(part.lamda.variables) == 1 and part.base_sets[0] == sp.S.Integers:
            out += [part.lamda(sp.Integer(n)) for n in (0, 1, -1, 2, -2)]
    return [c for c in out if c.is_real and where.contains(c) == sp.true][:count]


def _solve(expr, x, where):
    """The zeros of expr on the set, exactly, or None when SymPy cannot give all of them."""
    try:
        found = sp.solveset(expr, x, where)
    except Exception:  # noqa: BLE001 - SymPy cannot solve it: not known
        return None
    return found if isinstance(found, sp.FiniteSet) or found == sp.S.EmptySet else None


def _is_zero_at(f, x, c):
    """f(c) = 0 exactly (True), f(c) != 0 certainly (False), or None."""
    from derivations.decide import interval

    point = {x: c}
    if interval.sign(f, point) is not None:
        return False
    return True if interval.exactly_zero(f, point) else None


def zeros(f, x, where, signed):
    """(the zeros of f on the set, exactly, how) or (None, why not). ``signed``: f >= 0 (or <= 0) on the set is
    proved, so a zero inside is a minimum, where f' vanishes (f differentiable there), or an end of the set."""
    from derivations.decide.domain import Undetermined, conditions

    found = _solve(f, x, where)
    if found is not None:
        return found, "solved exactly"
    if not signed or f.has(*_KINKED):
        return None, f"the zeros of {sp.sstr(f)} are not found exactly"
    derivative = sp.diff(f, x)
    try:
        needed = [c.relation for c in conditions(derivative) if c.guard == sp.true]
    except Undetermined:
        return None, "where f' is defined is not known"
    smooth = region(x, needed)
    if smooth is None:
        return None, "where f' is defined is not known"
    rough = where - smooth
    if not (isinstance(rough, sp.FiniteSet) or rough == sp.S.EmptySet):
        return None, "f is not differentiable on an interval of the domain"
    critical = _solve(sp.together(derivative), x, where & smooth)
    if critical is None:
        return None, f"the critical points (zeros of {sp.sstr(derivative)}) are not found exactly"
    ends = [b for b in where.boundary if b.is_finite and where.contains(b) == sp.true] if where.boundary.is_FiniteSet else None
    if ends is None:
        return None, "the ends of the domain are not known"
    candidates = set(critical) | set(rough) | set(ends)
    out = []
    for c in candidates:
        zero = _is_zero_at(f, x, c)
        if zero is None:
            return None, f"whether f({sp.sstr(c)}) = 0 is not decided"
        if zero:
            out.append(c)
    return sp.FiniteSet(*out), "a zero of f >= 0 is a critical point or an end: " + (", ".join(sp.sstr(c) for c in sorted(candidates, key=sp.default_sort_key)) or "there is none")


# ---------------------------------------------------------------- the three reductions


def strict_from_weak(rel, facts, decide):
    """f > 0 where f >= 0 is proved (both keys) and f = 0 exactly at no point the facts allow; an Outcome or None."""

    if type(rel) not in _STRICT or not available() or len(rel.free_symbols) != 1:
        return None
    (x,) = rel.free_symbols
    where = region(x, facts)
    if where is None or where == sp.S.EmptySet:
        return None
    from derivations.decide.domain import implied

    wider = tuple(f for f in facts if not isinstance(f, sp.Ne))  # on more points: proved there, proved here
    with _deeper():
        weak = decide(_STRICT[type(rel)](rel.lhs, rel.rhs), wider)
    if weak.verdict is not Verdict.PROVED or not all(implied(c, facts) for c in weak.domain):
        return None
    from derivations.notation import expand_notation

    f = expand_notation(sp.sympify(rel.lhs - rel.rhs))
    found, how = zeros(f, x, where, signed=True)
    if found is None:
        return None
    if any(where.contains(c) != sp.false for c in found):
        return None  # attained inside (the refutation at that point is the gate's own), or not known
    excluded = ", ".join(sp.sstr(c) for c in found) or "none"
    return Outcome(Verdict.PROVED, f"the non-strict bound is proved ({weak.reason.split('; numbers agree')[0]}) and equality holds only where the assumptions exclude it (zeros of {sp.sstr(f)}: {excluded}; {how})")


def through_denominator(rel, facts, decide):
    """N/D > 0 as s N > 0 in each case s = sign D (D != 0 on the domain), each case decided with both keys."""
    from derivations.decide.domain import Condition, implied
    from derivations.decide.rules.inequality import impossible

    if type(rel) not in (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan) or not available():
        return None
    f = sp.sympify(rel.lhs - rel.rhs)
    if not f.free_symbols or f.has(sp.Limit, sp.Integral, sp.Sum, sp.Product, sp.Derivative):
        return None
    numerator, denominator = sp.fraction(sp.together(f))
    if not denominator.free_symbols or not implied(Condition(sp.Ne(denominator, 0)), facts):
        return None
    cancelled = sp.cancel(f) if f.is_rational_function() else None
    cases = []
    if cancelled is not None and sp.fraction(cancelled)[1].is_number and sp.fraction(cancelled)[1] != 0:
        cases.append((None, cancelled, f"{sp.sstr(f)} = {sp.sstr(cancelled)} where it is defined"))
    else:
        for sign, side in ((1, sp.Gt(denominator, 0)), (-1, sp.Lt(denominator, 0))):
            if impossible(tuple(facts) + (side,)):
                continue
            cases.append((side, sign * numerator, f"where {sp.sstr(side)}, times the denominator: {sp.sstr(sign * numerator)}"))
    if not cases:
        return None
    reasons = []
    for side, value, said in cases:
        here = tuple(facts) + ((side,) if side is not None else ())
        with _deeper():
            outcome = decide(type(rel)(value, 0), here)
        if outcome.verdict is not Verdict.PROVED or (outcome.domain and not all(implied(c, here) for c in outcome.domain)):
            return None
        reasons.append(f"{said} {_OP[type(rel)]} 0: {outcome.reason.split('; numbers agree')[0]}")
    return Outcome(Verdict.PROVED, "multiplied through by the denominator " + sp.sstr(denominator) + ": " + "; ".join(reasons))


def split_exclusions(rel, facts, decide):
    """A relation under x != a decided on x < a and on x > a, each with both keys (the rules see intervals)."""
    from derivations.decide.domain import implied
    from derivations.decide.rules.inequality import impossible

    if not available():
        return None
    point = next((f for f in facts if isinstance(f, sp.Ne) and f.lhs.is_Symbol and f.rhs.is_number and f.lhs in rel.free_symbols), None)
    if point is None:
        return None
    x, a = point.lhs, point.rhs
    rest = tuple(f for f in facts if f != point)
    reasons = []
    for side in (sp.Lt(x, a), sp.Gt(x, a)):
        here = rest + (side,)
        if impossible(here):
            continue
        with _deeper():
            outcome = decide(rel, here)
        if outcome.verdict is not Verdict.PROVED or not all(implied(c, here) for c in outcome.domain):
            return None
        reasons.append(f"where {sp.sstr(side)}: {outcome.reason.split('; numbers agree')[0]}")
    if not reasons:
        return None
    return Outcome(Verdict.PROVED, f"on each side of the excluded point {x} = {sp.sstr(a)}: " + "; ".join(reasons))


_OP = {sp.StrictGreaterThan: ">", sp.GreaterThan: ">=", sp.StrictLessThan: "<", sp.LessThan: "<="}


def unequal(rel, facts, domain, decide):
    """a != b: proved as a > b or a < b (both keys) or by the exact zeros of a - b, all excluded; refuted at an
    exact point where a = b. An Outcome."""
    from derivations.decide import interval, numeric
    from . import witness

    from derivations.notation import expand_notation

    lhs, rhs = rel.args
    d = expand_notation(sp.sympify(lhs - rhs))
    if not d.free_symbols:
        if interval.sign(d, {}) is not None:
            seen = witness.Witness("tripwire", True, 1, 50, "the difference of the two sides in interval arithmetic", "its sign is certain")
            return Outcome(Verdict.PROVED, f"the two sides differ: {sp.sstr(d)} has a certain sign by interval arithmetic", None, (), seen)
        if interval.exactly_zero(d, {}):
            seen = witness.Witness("counterexample", True, 1, 50, "the statement as written, exactly", "both sides are equal")
            return Outcome(Verdict.REFUTED, "the two sides are equal exactly", Counterexample({}, f"{sp.sstr(lhs)} = {sp.sstr(rhs)} exactly", True), (), seen)
        return Outcome(Verdict.UNKNOWN, "whether the two sides differ is not decided")
    if available():
        for strict in (sp.Gt(lhs, rhs, evaluate=False), sp.Lt(lhs, rhs, evaluate=False)):
            with _deeper():
                outcome = decide(strict, facts)
            if outcome.verdict is Verdict.PROVED and not outcome.domain:
                return Outcome(Verdict.PROVED, f"{sp.sstr(strict)} everywhere: {outcome.reason}", None, (), outcome.witness)
    if len(d.free_symbols) != 1:
        return Outcome(Verdict.UNKNOWN, "\\neq: neither side is shown larger everywhere")
    (x,) = d.free_symbols
    where = region(x, facts)
    if where is None:
        return Outcome(Verdict.UNKNOWN, "\\neq: neither side is shown larger everywhere, and the assumptions are not an interval")
    try:
        some = examples(sp.solveset(d, x, where), where)
    except Exception:  # noqa: BLE001 - not solved: no equality point from here
        some = []
    for c in some:
        point = {x: c}
        if numeric.admissible(point, facts, domain) and interval.exactly_zero(d, point):
            shown = {str(x): sp.sstr(c)}
            seen = witness.Witness("counterexample", True, 1, 50, "the statement as written at the counterexample, exactly", "both sides are equal", (shown,))
            return Outcome(Verdict.REFUTED, f"the two sides are equal at {x} = {sp.sstr(c)} (exact arithmetic)", Counterexample(shown, f"fails at {x} = {sp.sstr(c)}: both sides equal exactly", True), tuple(domain), seen)
    found, how = None, ""
    numerator = sp.fraction(sp.together(d))[0]
    for g in dict.fromkeys((d, numerator)):  # N/D != 0 where D != 0 exactly where N != 0
        found, how = zeros(g, x, where, signed=False)
        if found is None:
            found, how = _signed_zeros(g, x, where, facts, decide, how)
        if found is not None:
            break
    if found is None:
        return Outcome(Verdict.UNKNOWN, f"\\neq: {how}")
    for c in found:
        point = {x: c}
        if where.contains(c) == sp.true and numeric.admissible(point, facts, domain) and interval.exactly_zero(d, point):
            shown = {str(x): sp.sstr(c)}
            seen = witness.Witness("counterexample", True, 1, 50, "the statement as written at the counterexample, exactly", "both sides are equal", (shown,))
            return Outcome(Verdict.REFUTED, f"the two sides are equal at {x} = {sp.sstr(c)} (exact arithmetic)", Counterexample(shown, f"fails at {x} = {sp.sstr(c)}: both sides equal exactly", True), tuple(domain), seen)
    if any(where.contains(c) != sp.false for c in found):
        return Outcome(Verdict.UNKNOWN, "\\neq: an equality point is not decided")
    seen = _tripwire(d, facts, domain)
    if seen.agrees is not True:
        return Outcome(Verdict.UNKNOWN, f"\\neq: the zeros of {sp.sstr(d)} are all excluded ({how}), but the numbers do not confirm it: {seen.detail}", None, tuple(domain), seen)
    excluded = ", ".join(sp.sstr(c) for c in found) or "none"
    return Outcome(Verdict.PROVED, f"\\neq: {sp.sstr(d)} vanishes only where the assumptions or the domain exclude it ({excluded}; {how}); numbers agree at {seen.points} points", None, tuple(domain), seen)


def _signed_zeros(g, x, where, facts, decide, how):
    """The zeros of g where g >= 0 (or <= 0) is proved with both keys: the minima of a one-signed g."""
    if not available():
        return None, how
    wider = tuple(f for f in facts if not isinstance(f, sp.Ne))
    for weak in (sp.Ge(g, 0), sp.Le(g, 0)):
        if weak in (sp.true, sp.false):
            continue
        with _deeper():
            outcome = decide(weak, wider)
        if outcome.verdict is Verdict.PROVED and not outcome.domain:
            found, why = zeros(g if isinstance(weak, sp.GreaterThan) else -g, x, where, signed=True)
            return found, f"{sp.sstr(weak)} is proved; {why}"
    return None, how


def _tripwire(d, facts, domain):
    """The second key of a \\neq: the difference nonzero, certainly, at sample points inside the facts."""
    from derivations.decide import interval, numeric
    from . import witness

    rel = sp.Gt(d * d, 0)  # only to draw sample points where d is defined
    agree, samples = 0, []
    for point in numeric._candidates(rel, tuple(facts), tuple(domain), 24):
        sign = interval.sign(d, point)
        if sign is None:
            if interval.exactly_zero(d, point):
                return witness.Witness("tripwire", False, agree, 50, "the difference of the two sides", f"zero at {numeric._show(point)}")
            continue
        agree += 1
        if len(samples) < 3:
            samples.append(numeric._show(point))
    if not agree:
        return witness.Witness("tripwire", None, 0, 50, "the difference of the two sides", "not evaluated at any admissible point")
    return witness.Witness("tripwire", True, agree, 50, "the difference of the two sides, nonzero by interval arithmetic", f"agrees at {agree} points", tuple(samples))
