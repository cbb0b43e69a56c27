"""Limits: computed by several independent routes that must agree, with automatic sign case splits."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..algebra import is_zero, strengthen
from ..budget import budget
from ..notation import expand_notation
from ..verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, register

# SymPy's limit() has returned wrong values (sympy#25885, #21598), so one computed value is never
# enough: every limit is computed along at least two routes (a change of variable changes the
# series expansion SymPy performs), and all routes that succeed must agree.
ROUTE_SECONDS = 4.0
_BAD = (sp.Limit, sp.AccumBounds, sp.sign, sp.Heaviside)


@dataclass(frozen=True)
class Route:
    name: str
    value: sp.Basic | None
    error: str = ""


def _clean(value) -> sp.Basic | None:
    if value is None or value.has(*_BAD) or value.has(sp.nan, sp.zoo):
        return None
    return value


def _routes(expr, var, point, direction) -> list[Route]:
    """Compute lim_{var -> point} expr along several routes."""
    attempts = []
    if point in (sp.oo, -sp.oo):
        sign = 1 if point == sp.oo else -1
        s = sp.Dummy("s", positive=True)
        u = sp.Dummy("u", positive=True)
        attempts.append(("direct", lambda: sp.limit(expr, var, point)))
        attempts.append((f"{var} = {'' if sign > 0 else '-'}e^s, s -> oo", lambda: sp.limit(expr.subs(var, sign * sp.exp(s)), s, sp.oo)))
        attempts.append(("after expand_log", lambda: sp.limit(sp.expand_log(sp.expand(expr), force=False), var, point)))
        attempts.append((f"{var} = {'' if sign > 0 else '-'}1/u, u -> 0+", lambda: sp.limit(expr.subs(var, sign / u), u, 0, "+")))
    else:
        h = sp.Dummy("h", positive=True)
        shift = h if direction == "+" else -h
        attempts.append(("direct", lambda: sp.limit(expr, var, point, direction)))
        attempts.append((f"{var} = {point} {'+' if direction == '+' else '-'} h, h -> 0+", lambda: sp.limit(expr.subs(var, point + shift), h, 0, "+")))
        attempts.append((f"{var} = {point} {'+' if direction == '+' else '-'} 1/u, u -> oo", lambda: sp.limit(expr.subs(var, point + shift.subs(h, 1 / h)), h, sp.oo)))
    routes = []
    for name, compute in attempts:
        try:
            with budget(ROUTE_SECONDS):
                routes.append(Route(name, _clean(compute())))
        except Exception as exc:  # SymPy raises many kinds here (NotImplementedError, ValueError, ...)
            routes.append(Route(name, None, f"{type(exc).__name__}: {str(exc)[:80]}"))
            if name == "direct" and "depends on the sign" in str(exc):
                break  # the others would need the sign too: the caller splits into sign cases
        if sum(r.value is not None for r in routes) >= 2:
            break  # two routes are the requirement; agreement is checked by the caller
    return routes


def _same_value(a, b, facts) -> bool | None:
    """Equal limit values? Infinities compare structurally (oo - oo is nan, not 0)."""
    if a in (sp.oo, -sp.oo, sp.zoo) or b in (sp.oo, -sp.oo, sp.zoo):
        return a == b
    return is_zero(a - b, facts).value


def decide_limit(expr, var, point, direction, facts):
    """The limit's value if at least two routes agree and none disagrees, else (None, explanation)."""
    routes = _routes(expr, var, point, direction)
    ok = [r for r in routes if r.value is not None]
    if len(ok) < 2:
        failed = "; ".join(f"{r.name}: {r.error or 'no closed form'}" for r in routes if r.value is None)
        return None, f"fewer than two routes gave a value ({failed})"
    first = ok[0]
    for other in ok[1:]:
        if _same_value(first.value, other.value, facts) is not True:
            return None, f"routes disagree: {first.name} gives {first.value}, {other.name} gives {other.value}"
    return first.value, "agreeing routes: " + ", ".join(r.name for r in ok)


def _parameter_cases(expr, var, facts):
    """Sign cases for the free parameters of the limit: one parameter x: x > 0, x = 0, x < 0;
    two parameters x, y: x > y, x = y, x < y (through a positive gap d). Cases the facts exclude are
    dropped."""
    params = sorted((s for s in expr.free_symbols if s != var), key=lambda s: s.name)
    d = sp.Dummy("d", positive=True)
    if len(params) == 1:
        (x,) = params
        options = [({x: d}, f"{x} > 0"), ({x: sp.S.Zero}, f"{x} = 0"), ({x: -d}, f"{x} < 0")]
    elif len(params) == 2:
        x, y = params
        options = [({x: y + d}, f"{x} > {y}"), ({x: y}, f"{x} = {y}"), ({y: x + d}, f"{x} < {y}")]
    else:
        return None
    kept = []
    for substitution, label in options:
        if not all(_consistent(symbol, value) for symbol, value in substitution.items()):
            continue
        substituted = [f.subs(substitution) for f in facts]
        if any(f == sp.false for f in substituted):
            continue
        kept.append((substitution, label, tuple(f for f in substituted if f != sp.true)))
    return kept


def _squeeze(lim, value, facts) -> str:
    """lower <= f <= upper (proved facts of this context) and lim lower = lim upper = value."""
    body, var, point, direction = lim.args[0], lim.args[1], lim.args[2], str(lim.args[3])
    same = [body] + [f.rhs if f.lhs == body else f.lhs for f in facts if isinstance(f, sp.Eq) and body in (f.lhs, f.rhs)]
    lowers, uppers = [], []
    for fact in facts:
        if isinstance(fact, (sp.LessThan, sp.StrictLessThan)):
            small, big = fact.lhs, fact.rhs
        elif isinstance(fact, (sp.GreaterThan, sp.StrictGreaterThan)):
            small, big = fact.rhs, fact.lhs
        else:
            continue
        if big in same:
            lowers.append(small)
        if small in same:
            uppers.append(big)
    for lower in lowers:
        for upper in uppers:
            low, how_low = decide_limit(expand_notation(lower), var, point, direction, facts)
            high, how_high = decide_limit(expand_notation(upper), var, point, direction, facts)
            if low is not None and high is not None and _same_value(low, value, facts) and _same_value(high, value, facts):
                return f"squeeze: {sp.sstr(lower)} <= f <= {sp.sstr(upper)}, both tending to {sp.sstr(value)} ({how_low}; {how_high})"
    return ""


def _differs_at(a, b) -> dict | None:
    """A point (small exact values) where a - b is an exact nonzero number, if one is found."""
    import itertools

    difference = a - b
    symbols = sorted(difference.free_symbols, key=lambda s: s.name)
    pools = [[1, 2, 3] if s.is_positive else [1, -1, 2, 0] for s in symbols]
    for values in itertools.islice(itertools.product(*pools), 64):
        at = dict(zip(symbols, values))
        value = sp.simplify(difference.subs(at))
        if value.is_number and value.is_zero is False:
            return at
    return None


def _case_point(expr, var, substitution, detail, at) -> Counterexample:
    """A concrete point of a refuted case: the gap d and other parameters as in ``at`` (else d = 1, 0)."""
    params = sorted((s for s in expr.free_symbols if s != var), key=lambda s: s.name)
    point = {}
    for p in params:
        value = sp.sympify(substitution.get(p, p)).subs(at)
        value = value.subs({d: 1 for d in value.free_symbols if isinstance(d, sp.Dummy)})
        point[p] = value.subs({q: 0 for q in value.free_symbols})
    return Counterexample({p.name: sp.sstr(v) for p, v in point.items()}, detail, True)


def _consistent(symbol, value) -> bool:
    """Does the case value respect the symbol's own sign assumptions (a strengthened x >= 0)?"""
    for key in ("positive", "nonnegative", "negative", "nonpositive", "zero", "nonzero"):
        if symbol.assumptions0.get(key) is True and getattr(value, "is_" + key) is False:
            return False
    return True


@register("limit", description="a limit, computed along two or more agreeing routes, split by sign cases if needed")
def limit(goal: Goal, ctx: Context) -> StepCheck:
    """lim expr = value: at least two routes agree with the value, in every sign case of the parameters."""
    if goal.op != "=":
        return StepCheck.unknown("limit", "a limit step is an equality")
    lim, value = (goal.lhs, goal.rhs) if isinstance(goal.lhs, sp.Limit) else (goal.rhs, goal.lhs)
    if not isinstance(lim, sp.Limit) or value.has(sp.Limit):
        return StepCheck.unknown("limit", "expected  lim ... = value  with a limit-free value")
    mapping = strengthen(ctx.facts)
    expr, var, point, direction = lim.args[0], lim.args[1], lim.args[2], str(lim.args[3])
    var = var.xreplace(mapping)  # the limit variable too, if the facts strengthened it (t > 1)
    expr = expand_notation(expr.xreplace(mapping))
    value = expand_notation(value.xreplace(mapping))
    facts = tuple(f.xreplace(mapping) for f in ctx.facts)

    found, how = decide_limit(expr, var, point, direction, facts)
    if found is not None and _same_value(found, value, facts) is True:
        return StepCheck.proved(f"limit = {sp.sstr(found)} ({how})")

    squeezed = _squeeze(lim, value, ctx.facts)
    if squeezed:
        return StepCheck.proved(squeezed)
    cases = _parameter_cases(expr, var, facts)
    if not cases:
        reason = how if found is None else f"the limit is {sp.sstr(found)}, not {sp.sstr(value)}"
        return StepCheck.unknown("limit", reason)
    parts = []
    for substitution, label, case_facts in cases:
        case_expr, case_value = expr.subs(substitution), value.subs(substitution)
        found, how = decide_limit(case_expr, var, point, direction, case_facts)
        if found is None:
            return StepCheck.unknown("limit", f"case {label}: {how}")
        same = _same_value(found, case_value, case_facts)
        if same is not True:
            detail = f"case {label}: the limit is {sp.sstr(found)}, not {sp.sstr(value)} ({how})"
            at = {} if same is False else _differs_at(found, case_value)
            if at is not None:  # the limit is known in this case, and differs (at this point, exactly)
                return StepCheck(Verdict.REFUTED, "limit", detail, _case_point(expr, var, substitution, detail, at))
            return StepCheck(Verdict.UNKNOWN, "limit", detail)
        parts.append(f"{label}: {sp.sstr(found)}")
    return StepCheck.proved("sign cases, each by agreeing routes: " + "; ".join(parts))
