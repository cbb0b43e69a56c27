"""The second key of every verdict: a proof's numeric tripwire at concrete values of every symbol, and a
refutation's counterexample substituted into the statement as written and confirmed there."""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp

from derivations.decide import interval, magnitude, numeric, series
from derivations.base.budget import OutOfTime, budget
from derivations.decide.fresh import Fresh
from derivations.notation import expand_notation
from derivations.model.verdict import Counterexample

POINT_SECONDS = 4.0  # CPU seconds for one point of the tripwire or of a refutation's confirmation
SETTLED = mpmath.mpf("1e-12")  # successive values closer than this (relative): the approach has converged
CLOSE_ENOUGH = mpmath.mpf("1e-3")  # the last value this close to the claimed one (relative) and closing in: agreement
AGREE = mpmath.mpf("1e-9")  # settled farther than this from the claimed value (relative): a contradiction
CONFIRM_SECONDS = 10.0  # CPU seconds for confirming a refutation at one point (its numeric look has POINT_SECONDS)
TRIES = 24  # sample points tried for a refutation's confirmation


@dataclass(frozen=True)
class Witness:
    """What the numbers said about a verdict: ``agrees`` True (the second key turns), False (a confirmed
    contradiction), None (inconclusive: the verdict cannot stand on one key)."""

    kind: str  # "tripwire" (for proved) or "counterexample" (for refuted)
    agrees: bool | None
    points: int  # points evaluated that agree (tripwire) or 1 (the confirmed counterexample)
    digits: int
    compared: str  # what was compared, in words
    detail: str = ""
    samples: tuple = ()  # up to three points, as {name: value} with strings

    def as_json(self) -> dict:
        return {"kind": self.kind, "agrees": self.agrees, "points": self.points, "digits": self.digits, "compared": self.compared, "detail": self.detail, "samples": [dict(s) for s in self.samples]}


def _timed(function, *args, seconds=None):
    try:
        with budget(seconds or POINT_SECONDS):
            return function(*args)
    except OutOfTime:
        return None


def _scale(*values):
    finite = [abs(v) for v in values if mpmath.isfinite(v)]
    return max([mpmath.mpf(1)] + finite)


def _settled(values) -> bool:
    return len(values) >= 3 and all(abs(b - a) <= SETTLED * _scale(a, b) for a, b in zip(values[-3:], values[-2:]))


def _toward_infinity(values, sign) -> bool:
    tail = values[-3:]
    return len(tail) >= 3 and all(sign * v > 0 for v in tail) and all(abs(b) > abs(a) for a, b in zip(tail, tail[1:])) and abs(tail[-1]) > 10**4


def approach_verdict(values, target) -> str:
    """'agree', 'contradict' (the values settled, away from the target) or 'unsettled' (fewer than two
    values kept their digits: one value says nothing of where they go)."""
    if len(values) < 2:
        return "unsettled"
    if target in (sp.oo, -sp.oo):
        sign = 1 if target == sp.oo else -1
        if _toward_infinity(values, sign):
            return "agree"
        return "contradict" if _settled(values) else "unsettled"
    gaps = [abs(v - target) for v in values]
    tail = gaps[-3:]
    if gaps[-1] <= CLOSE_ENOUGH * _scale(target) and all(b <= a + SETTLED * _scale(target) for a, b in zip(tail, tail[1:])):
        return "agree"  # close, and still closing in (log 2 / log t at t = 10^k is slow, but steady)
    if _settled(values) and gaps[-1] > AGREE * _scale(target):
        return "contradict"
    return "unsettled"


def _side_value(expr, point, digits, side, grow):
    """expr at point, its limits approached from ``side``; (values of the approach or a number)."""
    if isinstance(expr, sp.Limit):
        return numeric._approach(expr, point, digits, side, grow)
    if expr in (sp.oo, -sp.oo):
        return expr
    return numeric.evaluate(expr, point, digits)


def limit_at(rel, point, digits=50) -> tuple[str, str]:
    """A limit relation (lim f = v, lim f = lim g) at one point of its parameters, by approaching the
    limit point numerically: ('agree' | 'contradict' | 'unsettled' | 'unevaluable', what was seen).
    Two looks: the working precision fixed, then growing with t (1 + 1/t must not round to 1)."""
    lim = rel.lhs if isinstance(rel.lhs, sp.Limit) else rel.rhs
    other = rel.rhs if lim is rel.lhs else rel.lhs
    if not isinstance(rel, sp.Eq) or not isinstance(lim, sp.Limit) or (other.has(sp.Limit) and not isinstance(other, sp.Limit)):
        return "unevaluable", "only lim f = value and lim f = lim g are approached numerically"
    two_sided = str(lim.args[3]) == "+-" and lim.args[2] not in (sp.oo, -sp.oo)
    seen = []
    for side in ("+", "-") if two_sided else (None,):
        outcome, text = "unevaluable", ""
        for grow in (False, True):
            try:
                with mpmath.workdps(digits + 10):
                    values = numeric._approach(lim, point, digits, side, grow)
                    target = _side_value(other, point, digits, None, grow)
                    if isinstance(target, list):
                        target = target[-1] if approach_verdict(target, target[-1]) != "unsettled" or len(target) == 1 else None
            except (numeric.NotNumeric, TypeError, ValueError, ZeroDivisionError, OverflowError) as exc:
                if outcome == "unevaluable":
                    text = str(exc)
                break
            if target is None:
                outcome, text = "unsettled", "the other limit did not settle"
                continue
            look = approach_verdict(values, target)
            where = f" from the {'right' if side == '+' else 'left'}" if side else ""
            text = f"values{where} at growing t: {[numeric.shown(v, 8) for v in values]}, claimed {target if target in (sp.oo, -sp.oo) else numeric.shown(target, 12)}"
            outcome = look
            if look == "agree":
                break
        if outcome != "agree":
            return outcome, text
        seen.append(text)
    return "agree", "; ".join(seen)


def _point_verdict(rel, point, digits) -> tuple[str, str]:
    """One point of a proved relation: 'agree', 'contradict' (confirmed), 'unsettled' or 'unevaluable'."""
    if rel.has(sp.Limit):
        return limit_at(rel, point, digits)
    bad, _, text = numeric.violation(rel, point, digits)
    if bad is None and text.startswith("left"):  # equal to working precision: intervals decide (1 + 10^-60 > 1)
        held = interval.holds(rel, point)
        if held:
            return "agree", text
        if held is False and numeric.confirm(rel, point, False):
            return "contradict", text
        if numeric.confirm(rel, point, True) == "exact":  # a strict bound attained exactly here: it fails here
            return "contradict", text + " (equal exactly)"
        return "unevaluable", text
    if bad is None:
        return "unevaluable", text
    if not bad:
        return "agree", text
    if numeric.confirm(rel, point, False) is not None:
        return "contradict", text
    return "unevaluable", text + " (digits lost: the interval enclosure does not confirm it)"


def tripwire(relations, facts=(), domain=(), digits=50, points=24) -> Witness:
    """The second key of a proof: every relation evaluated at concrete values of every symbol (inside
    the facts and the domain), limits approached numerically. Agrees only when each relation agreed at
    one point at least and nowhere the numbers contradict or fail to settle."""
    from derivations.decide.rules.family_sums import instances, over_family

    agreeing, samples, problems, unevaluated = 0, [], [], []
    written_out = []  # a statement about x_1, ..., x_n with n symbolic: checked at n = 1, 2, 3, 4, sums written out
    for rel in relations:
        found = instances(rel, tuple(facts) + tuple(c.relation for c in domain if getattr(c, "guard", None) == sp.true)) if over_family(rel) else []
        written_out += [(r, f, ()) for r, f, _ in found] or [(rel, facts, domain)]
    for rel, facts, domain in written_out:
        mine = []
        rel, facts_here = numeric._conditional(rel, facts)
        own = numeric._domain_of(rel) if not rel.has(sp.Limit) else []
        if own is None:
            unevaluated.append(f"where {sp.sstr(rel)} is defined is not known")
            continue
        here = 0
        for point in numeric._candidates(rel, facts_here, tuple(domain) + tuple(own), points):
            outcome, text = _timed(_point_verdict, rel, point, digits) or ("unevaluable", "too costly to evaluate")
            if outcome == "agree":
                here += 1
                if len(samples) < 3:
                    samples.append(numeric._show(point))
            elif outcome in ("contradict", "unsettled"):
                mine.append((outcome, f"{sp.sstr(rel)} at {numeric._show(point)}: {text}"))
        slow = sum(kind == "unsettled" for kind, _ in mine)
        if rel.has(sp.Limit) and slow == len(mine) and here >= max(2, 2 * slow):
            mine = []  # a limit that agrees at most points and is slow at a few (x^a log x at a = 1/1000)
        problems += mine
        agreeing += here
        if not here:
            unevaluated.append(f"{sp.sstr(rel)} could not be evaluated at any admissible point")
    compared = "both sides at sample points of every symbol (limits approached numerically)"
    contradictions = [text for kind, text in problems if kind == "contradict"]
    if contradictions:
        return Witness("tripwire", False, agreeing, digits, compared, "; ".join(contradictions[:2]), tuple(samples))
    if problems:
        return Witness("tripwire", None, agreeing, digits, compared, "the numbers did not settle: " + "; ".join(text for _, text in problems[:2]), tuple(samples))
    if unevaluated:
        return Witness("tripwire", None, agreeing, digits, compared, "; ".join(unevaluated), tuple(samples))
    return Witness("tripwire", True, agreeing, digits, compared, f"agrees at {agreeing} points", tuple(samples))


# ---------------------------------------------------------------- a refutation's confirmation


def _concrete_limit(lim):
    """The value of a limit with no parameter left (two agreeing routes, both sides), or why not."""
    from derivations.decide.rules.limits import NoLimit, bound_context, decide_limit

    body, var, local = bound_context(lim, ())
    try:
        value, how = decide_limit(expand_notation(body), var, lim.args[2], str(lim.args[3]), local)
    except NoLimit as exc:
        return None, f"the limit does not exist ({exc})", True
    return value, how, False


def _without_limits(side):
    """(side with each limit replaced by its value computed with no parameter left, what was computed,
    whether a limit does not exist); side None when a limit is not computed."""
    found, notes = {}, []
    for lim in sorted(side.atoms(sp.Limit), key=sp.count_ops):
        if lim.free_symbols:
            return None, "a parameter is left in the limit", False
        value, how, missing = _concrete_limit(lim)
        if missing or value is None:
            return None, how, missing
        found[lim] = value
        notes.append(f"the limit is {sp.sstr(value)} ({how})")
    return side.xreplace(found), "; ".join(notes), False


def falsified(rel, point, digits=50) -> str | None:
    """How rel, every free symbol given its value at point, is false by a computation with no symbolic
    parameter left (limits recomputed at those numbers and approached numerically, the relation then
    confirmed by interval or exact arithmetic); None when that cannot be shown."""
    if not isinstance(rel, sp.Rel):
        return None
    if {lim.args[1] for lim in rel.atoms(sp.Limit)} & set(point):  # lim_{t->oo} f = g(t): the t of g is free
        rel = rel.replace(lambda e: isinstance(e, sp.Limit), _renamed)
    if numeric._free(rel) - set(point):
        return None
    if not rel.free_symbols and magnitude.applies(rel):  # too large to write out: by its logarithms
        found = magnitude.compare(rel.lhs, rel.rhs)
        return f"false: {found.how}" if found is not None and magnitude.holds(rel, found.sign) is False else None
    if rel.has(sp.Sum):  # a divergent series (at the point's numbers) has no value to compare
        values = {k: sp.sympify(v) for k, v in point.items()}
        concrete = type(rel)(rel.lhs.xreplace(values), rel.rhs.xreplace(values), evaluate=False)  # evaluated, SymPy's evalf of a divergent sum raises
        diverges = series.divergence(concrete) if series.constant_series(concrete) else ""
        if diverges:
            return diverges
    jump = _jump(rel, point)
    if jump:
        return jump
    if not rel.has(sp.Limit):  # derivatives and antiderivatives are taken before the point is put in
        bad, _, text = numeric.violation(rel, point, digits)
        if bad is False and not text.endswith(numeric.CLOSE):
            return None
        how = numeric.confirm(rel, point, True)
        return f"{text} (confirmed by {'exact' if how == 'exact' else 'interval'} arithmetic)" if how else None
    values = {k: sp.sympify(v) for k, v in point.items()}
    lhs, rhs = rel.lhs.xreplace(values), rel.rhs.xreplace(values)
    concrete = type(rel)(lhs, rhs, evaluate=False)
    look = _timed(limit_at, concrete, {}, digits) if isinstance(concrete, sp.Eq) else None
    seen = look[0] if look else "unevaluable"  # numbers too costly to compute cannot side with the claim
    if seen == "agree":
        return None  # the numbers side with the claim: a value SymPy computed is not trusted against them
    sides, notes = [], []
    for side in (lhs, rhs):
        plain, how, missing = _without_limits(side)
        if missing and isinstance(concrete, sp.Eq) and isinstance(side, sp.Limit):
            return f"{how}, where the statement gives it a value"
        if plain is None:
            return None
        sides.append(plain)
        notes += [how] if how else []
    how = "; ".join(notes)
    if any(s in (sp.oo, -sp.oo) for s in sides):
        if isinstance(concrete, sp.Eq) and sides[0] != sides[1] and all(s.is_number or s in (sp.oo, -sp.oo) for s in sides):
            return f"{how}, not {sp.sstr(sides[1] if isinstance(lhs, sp.Limit) else sides[0])}"
        return None
    plain = type(rel)(sides[0], sides[1], evaluate=False)
    verdict = numeric.confirm(plain, {}, True)
    return f"{how}, so {sp.sstr(plain)} is false (confirmed by {'exact' if verdict == 'exact' else 'interval'} arithmetic)" if verdict else None


def _jump(rel, point) -> str | None:
    """An antiderivative claimed (int f dx = F) whose F jumps at the point: its one-sided limits there,
    computed with no parameter left, differ; no antiderivative on an interval does."""
    if not (isinstance(rel, sp.Eq) and isinstance(rel.lhs, sp.Integral) and len(rel.lhs.limits[0]) == 1):
        return None
    x = rel.lhs.limits[0][0]
    if x not in point or (numeric._free(rel) - {x}):
        return None
    F = expand_notation(rel.rhs)
    sides = []
    for direction in ("-", "+"):
        value, _, missing = _concrete_limit(sp.Limit(F, x, point[x], direction))
        if missing or value is None or not (value.is_number or value in (sp.oo, -sp.oo)):
            return None
        sides.append(value)
    if sides[0] in (sp.oo, -sp.oo) or sides[1] in (sp.oo, -sp.oo):
        return None
    if interval.sign(sides[0] - sides[1], {}) is None:
        return None
    return f"the right-hand side jumps at {x} = {point[x]} (from the left {sp.sstr(sides[0])}, from the right {sp.sstr(sides[1])}): no antiderivative on an interval does"


def _renamed(lim):
    """The limit with its bound variable renamed apart (a Dummy of the same name)."""
    fresh = Fresh(lim.args[1].name, **lim.args[1].assumptions0)
    return sp.Limit(lim.args[0].xreplace({lim.args[1]: fresh}), fresh, lim.args[2], str(lim.args[3]))


def _named(values, symbols) -> dict | None:
    by_name = {s.name: s for s in symbols}
    point = {}
    for name, value in values.items():
        if name not in by_name:
            return None
        try:
            value = sp.Rational(value) if "." not in value else sp.sympify(value, rational=True)
        except (TypeError, ValueError, sp.SympifyError):
            if "**" in value or "^" in value or len(value) > 60:  # 10**(10**10) would be built digit by digit
                return None
            try:  # an exact point that is a closed form: E, sqrt(3)/3
                value = sp.sympify(value, rational=True)
            except (TypeError, ValueError, sp.SympifyError):
                return None
        if not (value.is_number and value.is_real):  # an exact point (sqrt(2), log(2)) is a number too
            return None
        point[by_name[name]] = value
    return point


def confirm_refutation(rel, facts=(), domain=(), proposed: Counterexample | None = None, digits=50) -> Counterexample | None:
    """A counterexample that falsifies rel as written: the proposed one if it does, else one found among
    sample points inside the facts and the domain; None when no point can be confirmed."""
    from derivations.decide.rules.family_sums import instances, over_family

    if over_family(rel):  # about x_1, ..., x_n: a length n (and indices) and values, the sums written out
        given = tuple(facts) + tuple(c.relation for c in domain if getattr(c, "guard", None) == sp.true)
        for instance, facts_here, chosen in instances(rel, given):
            found = confirm_refutation(instance, facts_here, (), None, digits)
            if found is not None:
                values = {**chosen, **dict(found.values)}
                at = ", ".join(f"{k} = {v}" for k, v in values.items())
                return Counterexample(values, f"at {at}, the sums written out: {found.detail}", True)
        return None
    rel, facts = numeric._conditional(rel, facts)
    bound = {lim.args[1] for lim in rel.atoms(sp.Limit)}
    outside = rel.replace(lambda e: isinstance(e, sp.Limit), lambda e: sp.Integer(0)).free_symbols
    if bound & outside:  # lim_{t->oo} f = g(t): the t of g is free, and the conditions on t are about it
        rel = rel.replace(lambda e: isinstance(e, sp.Limit), _renamed)
    else:  # a condition on a limit's variable alone is about its body
        facts = tuple(f for f in facts if not f.free_symbols & bound)
        domain = tuple(c for c in domain if not c.as_fact().free_symbols & bound)
    symbols = numeric._free(rel) | numeric._fact_symbols(facts) | numeric._fact_symbols(c.as_fact() for c in domain)
    candidates = []
    if proposed is not None and proposed.values:
        point = _named(proposed.values, symbols)
        if point is not None and set(point) >= numeric._free(rel):
            candidates.append(point)
    if not candidates or not numeric._free(rel):
        candidates += numeric._candidates(rel, facts, tuple(domain), TRIES) if numeric._free(rel) else [{}]
    for point in candidates:
        if point and not _timed(numeric.admissible, point, facts, domain):
            continue
        how = _timed(falsified, rel, point, digits, seconds=CONFIRM_SECONDS)
        if how:
            shown = numeric._show(point)
            at = ", ".join(f"{k} = {v}" for k, v in shown.items())
            return Counterexample(shown, f"fails at {at}: {how}" if at else how, True)
    return None


__all__ = ["Witness", "tripwire", "confirm_refutation", "falsified", "limit_at", "approach_verdict"]
