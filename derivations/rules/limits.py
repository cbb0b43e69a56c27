"""Limits: computed by several independent routes that must agree, two-sided limits from both sides,
sign cases of the parameters, and a squeeze between bounds proved near the limit point."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..algebra import consistent, is_zero, linear_root, strengthen
from ..budget import budget
from ..notation import expand_notation
from ..verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, register
from .inequality import impossible

# SymPy's limit() has returned wrong values (sympy#25885, #21598), so one computed value is never
# enough: every limit is computed along at least two routes (a change of variable changes the
# series expansion SymPy performs), and all routes that succeed must agree.
ROUTE_SECONDS = 4.0
_BAD = (sp.Limit, sp.AccumBounds, sp.sign, sp.Heaviside)
_INFINITE = (sp.oo, -sp.oo)


@dataclass(frozen=True)
class Route:
    name: str
    value: sp.Basic | None
    error: str = ""


def _clean(value) -> tuple[sp.Basic | None, str]:
    """A limit value, or None with the reason it is none: an infinity below the top level
    (oo**(x - 1), oo*sign(x)) is no value, it depends on a parameter's sign."""
    if value is None:
        return None, "no value"
    if value in _INFINITE:
        return value, ""
    if value.has(*_BAD) or value.has(sp.nan, sp.zoo):
        return None, f"{sp.sstr(value)} is not a value"
    if value.has(sp.oo, -sp.oo):
        return None, f"{sp.sstr(value)} still contains an infinity"
    if any(isinstance(s, sp.Dummy) and s.name in ("s", "u", "h") for s in value.free_symbols):
        return None, "a route's own variable was left in the value"
    return value, ""


def _routes(expr, var, point, direction) -> list[Route]:
    """Compute the one-sided (or at +-oo) lim_{var -> point} expr along several routes."""
    attempts = []
    if point in _INFINITE:
        sign = 1 if point == sp.oo else -1
        s = sp.Dummy("s", positive=True)
        u = sp.Dummy("u", positive=True)
        attempts.append(("direct", lambda: sp.limit(expr, var, point)))
        attempts.append((f"{var} = {'' if sign > 0 else '-'}e^s, s -> oo", lambda: sp.limit(expr.subs(var, sign * sp.exp(s)), s, sp.oo)))
        attempts.append(("after expand_log", lambda: sp.limit(sp.expand_log(sp.expand(expr), force=False), var, point)))
        attempts.append((f"{var} = {'' if sign > 0 else '-'}1/u, u -> 0+", lambda: sp.limit(expr.subs(var, sign / u), u, 0, "+")))
    else:
        if direction not in ("+", "-"):
            raise ValueError("a two-sided limit is decided as two one-sided limits")
        h = sp.Dummy("h", positive=True)
        shift = h if direction == "+" else -h
        attempts.append(("direct", lambda: sp.limit(expr, var, point, direction)))
        attempts.append((f"{var} = {point} {direction} h, h -> 0+", lambda: sp.limit(expr.subs(var, point + shift), h, 0, "+")))
        attempts.append((f"{var} = {point} {direction} 1/u, u -> oo", lambda: sp.limit(expr.subs(var, point + shift.subs(h, 1 / h)), h, sp.oo)))
    routes = []
    for name, compute in attempts:
        try:
            with budget(ROUTE_SECONDS):
                value, why = _clean(compute())
            routes.append(Route(name, value, why))
        except Exception as exc:  # SymPy raises many kinds here (NotImplementedError, ValueError, ...)
            routes.append(Route(name, None, f"{type(exc).__name__}: {str(exc)[:80]}"))
            if name == "direct" and "sign" in str(exc):
                break  # the others would need the sign too: the caller splits into sign cases
        if sum(r.value is not None for r in routes) >= 2:
            break  # two agreeing routes are the requirement; agreement is checked by the caller
    return routes


def _same_value(a, b, facts) -> bool | None:
    """Equal limit values? Infinities compare structurally (oo - oo is nan, not 0)."""
    if a in (sp.oo, -sp.oo, sp.zoo) or b in (sp.oo, -sp.oo, sp.zoo):
        return a == b
    return is_zero(a - b, facts).value


def _resolve_pieces(expr, var, point, direction, facts):
    """Each piecewise part replaced by the piece that applies near the point (SymPy's own limit of a
    piecewise has been wrong from the left: lim_{x->0-} of (x if x >= 0, x + 1) came out 0)."""
    def piece(pw):
        for value, cond in pw.args:
            if cond == sp.true or eventually(cond, var, point, direction, facts):
                return value
            if not eventually(_negation(cond), var, point, direction, facts):
                return pw  # this piece may apply near the point: leave the piecewise to the routes
        return pw

    return expr.replace(lambda e: isinstance(e, sp.Piecewise) and e.has(var), piece) if expr.has(sp.Piecewise) else expr


def _negation(cond):
    flip = {sp.Gt: sp.Le, sp.Ge: sp.Lt, sp.Lt: sp.Ge, sp.Le: sp.Gt, sp.Eq: sp.Ne, sp.Ne: sp.Eq}
    if type(cond) in flip:
        return flip[type(cond)](cond.lhs, cond.rhs)
    return sp.Not(cond)


def _one_sided(expr, var, point, direction, facts):
    expr = _resolve_pieces(expr, var, point, direction, facts)
    constant = sp.Add(*[term for term in sp.Add.make_args(expr) if not term.has(var)])
    if constant != 0:  # lim (c + f) = c + lim f: SymPy need not see c (a max of eight scores)
        value, how = _one_sided(expr - constant, var, point, direction, facts)
        if value is None:
            return None, how
        if value in _INFINITE and constant.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            return None, "an infinite constant term"
        return (value if value in _INFINITE else value + constant), how
    if not expr.has(var):
        return expr, "no dependence on the limit variable"
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


class NoLimit(Exception):
    """The one-sided limits of a two-sided limit are both known and differ: the limit does not exist."""


def decide_limit(expr, var, point, direction, facts):
    """The limit's value if at least two routes agree (on each side, for a two-sided limit), else
    (None, explanation). Raises NoLimit when the two one-sided limits provably differ."""
    if point in _INFINITE or direction in ("+", "-"):
        return _one_sided(expr, var, point, direction, facts)
    left, how_left = _one_sided(expr, var, point, "-", facts)
    right, how_right = _one_sided(expr, var, point, "+", facts)
    if left is None or right is None:
        return None, f"two-sided: from the left {how_left if left is None else sp.sstr(left)}; from the right {how_right if right is None else sp.sstr(right)}"
    same = _same_value(left, right, facts)
    if same is True:
        return left, f"both one-sided limits are {sp.sstr(left)} (left: {how_left}; right: {how_right})"
    if same is False and (left.is_number and right.is_number or left in _INFINITE or right in _INFINITE):
        raise NoLimit(f"the one-sided limits differ: {sp.sstr(left)} from the left, {sp.sstr(right)} from the right")
    return None, f"the one-sided limits {sp.sstr(left)} and {sp.sstr(right)} are not known to agree"


# ---------------------------------------------------------------- the bound variable


def near_facts(var, point, direction) -> tuple[sp.Basic, ...]:
    """Facts that hold on a punctured neighbourhood of the limit point: what a limit may assume."""
    if point == sp.oo:
        return (sp.Gt(var, 1),)
    if point == -sp.oo:
        return (sp.Lt(var, -1),)
    if direction == "+":
        return (sp.Gt(var, point), sp.Lt(var, point + 1))
    if direction == "-":
        return (sp.Lt(var, point), sp.Gt(var, point - 1))
    return (sp.Ne(var, point), sp.Gt(var, point - 1), sp.Lt(var, point + 1))


def _fresh(var, point, direction):
    """A new variable for the limit's bound one, with the sign it has near the point and nothing else:
    whatever the context assumed of a symbol of the same name is not about the bound variable."""
    if point == sp.oo or (direction == "+" and point.is_number and point >= 0):
        return sp.Dummy(var.name, positive=True)
    if point == -sp.oo or (direction == "-" and point.is_number and point <= 0):
        return sp.Dummy(var.name, negative=True)
    return sp.Dummy(var.name, real=True)


def bound_context(lim: sp.Limit, facts):
    """(body with a fresh variable, the fresh variable, facts for the body): facts about the bound
    variable are dropped (meaningless), and the neighbourhood of the point is assumed instead."""
    body, var, point, direction = lim.args[0], lim.args[1], lim.args[2], str(lim.args[3])
    fresh = _fresh(var, point, direction)
    kept = tuple(f for f in facts if var not in f.free_symbols)
    return body.xreplace({var: fresh}), fresh, kept + near_facts(fresh, point, direction)


def eventually(condition, var, point, direction, facts) -> bool:
    """Does condition (g > 0, g >= 0, g != 0 in var) hold for every var near the point? Decided by
    the limit of g when that has a strict sign, else by g's sign on the whole neighbourhood."""
    from .inequality import decide_sign

    if condition == sp.true:
        return True
    if isinstance(condition, sp.And):
        return all(eventually(c, var, point, direction, facts) for c in condition.args)
    if point not in _INFINITE and direction not in ("+", "-"):  # a punctured neighbourhood: both sides
        return all(eventually(condition, var, point, side, facts) for side in ("+", "-"))
    if not isinstance(condition, (sp.Gt, sp.Ge, sp.Lt, sp.Le, sp.Ne)):
        return False
    g = condition.lhs - condition.rhs
    if isinstance(condition, (sp.Lt, sp.Le)):
        g = -g
    local = tuple(facts) + near_facts(var, point, direction)
    if isinstance(condition, sp.Ne):
        return decide_sign(g, True, local)[0] or decide_sign(-g, True, local)[0] or _limit_sign(g, var, point, direction, facts) in (1, -1)
    if decide_sign(g, isinstance(condition, (sp.Gt, sp.Lt)), local)[0]:
        return True
    return _limit_sign(g, var, point, direction, facts) == 1


def _limit_sign(g, var, point, direction, facts) -> int | None:
    sides = ("+", "-") if point not in _INFINITE and direction not in ("+", "-") else (direction,)
    signs = set()
    for side in sides:
        try:
            value, _ = decide_limit(expand_notation(g), var, point, side, facts)
        except NoLimit:
            return None
        if value is None:
            return None
        if value == sp.oo or (value.is_number and value.is_positive):
            signs.add(1)
        elif value == -sp.oo or (value.is_number and value.is_negative):
            signs.add(-1)
        else:
            return None
    return signs.pop() if len(signs) == 1 else None


def _undefined_near(body, var, point, direction, facts) -> str:
    """Why the body is not defined on a whole punctured neighbourhood of the point ('' if it is)."""
    from ..domain import Undetermined, conditions

    try:
        needed = [c for c in conditions(body) if var in c.relation.free_symbols]
    except Undetermined as exc:
        return str(exc)
    for c in needed:
        if c.guard != sp.true or not eventually(c.relation, var, point, direction, facts):
            return f"the expression is not known to be defined near the limit point ({sp.sstr(c.relation)})"
    return ""


# ---------------------------------------------------------------- sign cases of the parameters


def _critical(expr, var, params):
    """Linear expressions in one parameter whose sign the limit depends on: exponents of powers of
    var-dependent bases, coefficients of var; the parameter itself last."""
    found = []
    for node in list(sp.preorder_traversal(expr)) + list(sp.preorder_traversal(sp.powsimp(expr))):
        if node.is_Pow and node.base.has(var) and not node.exp.has(var):
            found.append(node.exp)
        if isinstance(node, sp.exp) and node.args[0].has(var):
            coefficient = node.args[0].as_coefficient(var)
            if coefficient is not None:
                found.append(coefficient)
    out = []
    for g in found + list(params):
        g = sp.expand(g)
        symbols = g.free_symbols & set(params)
        if len(symbols) == 1:
            (p,) = symbols
            if g.is_polynomial(p) and sp.degree(g, p) == 1 and sp.Poly(g, p).all_coeffs()[0].is_number:
                root = linear_root(g, p)
                if root.is_number and (p, root) not in out:
                    out.append((p, root))
    return out


def _parameter_cases(expr, var, facts):
    """Cases covering every value of the parameters: for one parameter p with critical points
    r_1 < ... < r_k (where the limit's shape may change): p < r_1, p = r_i, r_i < p < r_(i+1), p > r_k;
    for two parameters x, y: x > y, x = y, x < y. Cases the facts exclude are dropped."""
    params = sorted((s for s in expr.free_symbols if s != var), key=lambda s: s.name)
    d = sp.Dummy("d", positive=True)
    if len(params) == 1:
        (p,) = params
        roots = sorted({root for q, root in _critical(expr, var, params) if q == p}, key=lambda r: float(r))
        if not roots:
            roots = [sp.Integer(0)]
        options = [({p: roots[0] - d}, f"{p} < {roots[0]}")]
        for k, r in enumerate(roots):
            options.append(({p: r}, f"{p} = {r}"))
            if k + 1 < len(roots):
                gap = roots[k + 1] - r
                options.append(({p: r + gap / (1 + d)}, f"{r} < {p} < {roots[k + 1]}"))
        options.append(({p: roots[-1] + d}, f"{p} > {roots[-1]}"))
    elif len(params) == 2:
        x, y = params
        options = [({x: y + d}, f"{x} > {y}"), ({x: y}, f"{x} = {y}"), ({y: x + d}, f"{x} < {y}")]
    else:
        return None
    kept = []
    for substitution, label in options:
        if not all(consistent(symbol, value) for symbol, value in substitution.items()):
            continue
        substituted = tuple(f for f in (f.subs(substitution) for f in facts) if f != sp.true)
        if impossible(substituted):
            continue
        kept.append((substitution, label, substituted))
    return kept


def _refuting_point(expr, var, substitution, facts, found=None, claimed=None) -> dict | None:
    """A concrete point of a case (its gap d and the other parameters given small values) that
    satisfies the facts and where the computed limit and the claimed value differ exactly (any
    point of the case when found is None: the limit does not exist there)."""
    import itertools

    from ..numeric import admissible

    params = sorted((s for s in expr.free_symbols if s != var), key=lambda s: s.name)
    gaps = sorted({d for v in substitution.values() for d in sp.sympify(v).free_symbols if isinstance(d, sp.Dummy)}, key=str)
    free = [p for p in params if p not in substitution]
    pools = [[1, 2, sp.Rational(1, 2)]] * len(gaps) + [[0, 1, -1, 2]] * len(free)
    for values in itertools.islice(itertools.product(*pools), 64):
        at = dict(zip(gaps + free, map(sp.sympify, values)))
        point = {p: sp.sympify(substitution.get(p, p)).subs(at) for p in params}
        if not all(v.is_number for v in point.values()):
            continue
        if not admissible(point, tuple(f for f in facts if f.free_symbols <= set(point))):
            continue
        if found is None or _differs(sp.sympify(found).subs(at), sp.sympify(claimed).subs(at)):
            return point
    return None


def _against_a_free_namesake(lim, expr, var, point, direction, facts, goal, ctx) -> StepCheck:
    """lim_{t->p} f = g(t): the t of g is free (another variable than the bound one), so the statement
    says g(t) equals the limit for every t the facts allow. Decided as that identity, or refuted at a
    confirmed point."""
    from ..numeric import find_counterexample

    value = goal.rhs if goal.lhs is lim else goal.lhs
    try:
        found, how = decide_limit(expr, var, point, direction, facts)
    except NoLimit as exc:
        return StepCheck(Verdict.REFUTED, "limit", f"the limit does not exist: {exc}")
    if found is None:
        return StepCheck.unknown("limit", how)
    identity = sp.Eq(found, value, evaluate=False)
    if is_zero(found - expand_notation(value), ctx.facts).value is True:
        return StepCheck.proved(f"limit = {sp.sstr(found)} ({how}), equal to the right-hand side for every {lim.args[1]}")
    counterexample = find_counterexample([identity], ctx.facts)
    detail = f"the limit is {sp.sstr(found)} ({how}); the other side depends on {lim.args[1]}, which is free there"
    if counterexample is not None:
        return StepCheck(Verdict.REFUTED, "limit", f"{detail}: {counterexample.detail}", counterexample)
    return StepCheck.unknown("limit", detail)


def _differs(a, b) -> bool:
    """Two limit values that differ exactly (numbers or infinities)."""
    if a in _INFINITE or b in _INFINITE:
        return a != b and (a.is_number or a in _INFINITE) and (b.is_number or b in _INFINITE)
    difference = sp.simplify(a - b)
    return bool(difference.is_number) and difference.is_zero is False


def _refutation(detail, point) -> StepCheck:
    return StepCheck(Verdict.REFUTED, "limit", detail, Counterexample({k.name: sp.sstr(v) for k, v in point.items()}, detail, True))


# ---------------------------------------------------------------- the squeeze


def _squeeze(lim, value, ctx: Context) -> str:
    """lower <= f <= upper, both relations PROVED by earlier parts for every value of the bound
    variable allowed by the claim's assumptions, those assumptions holding near the limit point, and
    lim lower = lim upper = value. Hypotheses (assumed, not proved) are never bounds."""
    body, var, point, direction = lim.args[0], lim.args[1], lim.args[2], str(lim.args[3])
    if not all(eventually(a, var, point, direction, ()) for a in ctx.assumptions if var in a.free_symbols):
        return ""
    if not eventually(_own_sign(var), var, point, direction, ()):
        return ""
    proved = ctx.proved
    same = [body] + [f.rhs if f.lhs == body else f.lhs for f in proved if isinstance(f, sp.Eq) and body in (f.lhs, f.rhs)]
    lowers, uppers = [], []
    for fact in proved:
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
    facts = tuple(f for f in ctx.facts if var not in f.free_symbols)
    for lower in lowers:
        for upper in uppers:
            try:
                low, how_low = decide_limit(expand_notation(lower), var, point, direction, facts)
                high, how_high = decide_limit(expand_notation(upper), var, point, direction, facts)
            except NoLimit:
                continue
            if low is not None and high is not None and _same_value(low, value, facts) and _same_value(high, value, facts):
                return f"squeeze: {sp.sstr(lower)} <= f <= {sp.sstr(upper)} (proved above), both tending to {sp.sstr(value)} ({how_low}; {how_high})"
    return ""


def _own_sign(var):
    """The symbol's own sign assumption as a relation (a positive tau is tau > 0)."""
    if var.is_positive:
        return sp.Gt(var, 0)
    if var.is_nonnegative:
        return sp.Ge(var, 0)
    if var.is_negative:
        return sp.Lt(var, 0)
    if var.is_nonpositive:
        return sp.Le(var, 0)
    return sp.true


# ---------------------------------------------------------------- the rule


@register("limit", description="a limit, computed along two or more agreeing routes (from both sides when two-sided), split by sign cases if needed")
def limit(goal: Goal, ctx: Context) -> StepCheck:
    """lim expr = value: at least two routes agree with the value, in every sign case of the parameters."""
    if goal.op != "=":
        return StepCheck.unknown("limit", "a limit step is an equality")
    lim, value = (goal.lhs, goal.rhs) if isinstance(goal.lhs, sp.Limit) else (goal.rhs, goal.lhs)
    if not isinstance(lim, sp.Limit) or value.has(sp.Limit):
        return StepCheck.unknown("limit", "expected  lim ... = value  with a limit-free value")
    body, var, body_facts = bound_context(lim, ctx.facts)
    point, direction = lim.args[2], str(lim.args[3])
    outer = tuple(f for f in ctx.facts if lim.args[1] not in f.free_symbols)
    mapping = strengthen(outer)
    expr = expand_notation(body.xreplace(mapping))
    value = expand_notation(value.xreplace(mapping))
    facts = tuple(f.xreplace(mapping) for f in outer)
    if lim.args[1] in value.free_symbols:
        return _against_a_free_namesake(lim, expr, var, point, direction, facts, goal, ctx)

    # where the body is defined is read before the fresh variable's sign lets SymPy rewrite it
    # (log(-t) for a positive t becomes log(t) + i pi, a value with no real meaning)
    plain = sp.Dummy(lim.args[1].name, real=True)
    undefined = _undefined_near(expand_notation(lim.args[0].xreplace({lim.args[1]: plain}).xreplace(mapping)), plain, point, direction, facts)
    if undefined or expr.has(sp.I):
        return StepCheck.unknown("limit", undefined or "the expression is not real near the limit point")
    try:
        found, how = decide_limit(expr, var, point, direction, facts)
    except NoLimit as exc:
        return StepCheck(Verdict.REFUTED, "limit", f"the limit does not exist: {exc}")
    if found is not None and _same_value(found, value, facts) is True:
        return StepCheck.proved(f"limit = {sp.sstr(found)} ({how})")

    squeezed = _squeeze(lim, value, ctx)
    if squeezed:
        return StepCheck.proved(squeezed)
    if found is not None and not (expr.free_symbols - {var}) and not value.free_symbols and _differs(found, value):
        return StepCheck(Verdict.REFUTED, "limit", f"the limit is {sp.sstr(found)}, not {sp.sstr(value)} ({how})")
    cases = _parameter_cases(expr, var, facts)
    if not cases:
        reason = how if found is None else f"the limit is {sp.sstr(found)}, not {sp.sstr(value)}"
        return StepCheck.unknown("limit", reason)
    parts = []
    for substitution, label, case_facts in cases:
        case_expr, case_value = expr.subs(substitution), value.subs(substitution)
        try:
            found, how = decide_limit(case_expr, var, point, direction, case_facts)
        except NoLimit as exc:
            at = _refuting_point(expr, var, substitution, facts)
            detail = f"case {label}: the limit does not exist ({exc})"
            return _refutation(detail, at) if at is not None else StepCheck.unknown("limit", detail)
        if found is None:
            return StepCheck.unknown("limit", f"case {label}: {how}")
        same = _same_value(found, case_value, case_facts)
        if same is not True:
            detail = f"case {label}: the limit is {sp.sstr(found)}, not {sp.sstr(value)} ({how})"
            at = _refuting_point(expr, var, substitution, facts, found, case_value)
            return _refutation(detail, at) if at is not None else StepCheck.unknown("limit", detail)
        parts.append(f"{label}: {sp.sstr(found)}")
    return StepCheck.proved("sign cases, each by agreeing routes: " + "; ".join(parts))


__all__ = ["decide_limit", "bound_context", "near_facts", "eventually", "NoLimit"]
