"""Limits: computed by several independent routes that must agree, two-sided limits from both sides,
and the bound variable of a limit (what holds near the limit point)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from derivations.decide.algebra import is_zero
from derivations.base.budget import budget
from derivations.base.errors import in_words
from derivations.decide.fresh import Fresh
from derivations.notation import expand_notation

# SymPy's limit() has returned wrong values (sympy#25885, #21598), so one computed value is never
# enough: every limit is computed along at least two routes (a change of variable changes the
# series expansion SymPy performs), and all routes that succeed must agree.
ROUTE_SECONDS = 4.0
_BAD = (sp.Limit, sp.AccumBounds, sp.sign, sp.Heaviside)
_INFINITE = (sp.oo, -sp.oo)
_SHAPES = (sp.Max, sp.Min, sp.Abs, sp.Piecewise, sp.Heaviside, sp.sign)  # a body or case of these shapes


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


def _routes(expr, var, point, direction, every=False) -> list[Route]:
    """Compute the one-sided (or at +-oo) lim_{var -> point} expr along several routes (the first two
    that give a value, or ``every`` route)."""
    attempts, name = [], var.name  # the author's name of the variable, never a Dummy's _x
    if point in _INFINITE:
        sign = 1 if point == sp.oo else -1
        s = sp.Dummy("s", positive=True)
        u = sp.Dummy("u", positive=True)
        attempts.append(("direct", lambda: sp.limit(expr, var, point)))
        attempts.append((f"{name} = {'' if sign > 0 else '-'}e^s, s -> oo", lambda: sp.limit(expr.subs(var, sign * sp.exp(s)), s, sp.oo)))
        expanded = sp.expand_log(sp.expand(expr), force=False)
        if expanded != expr and expr.has(sp.log):  # only a route when it computes something else
            attempts.append(("after expand_log", lambda: sp.limit(expanded, var, point)))
        attempts.append((f"{name} = {'' if sign > 0 else '-'}1/u, u -> 0+", lambda: sp.limit(expr.subs(var, sign / u), u, 0, "+")))
    else:
        if direction not in ("+", "-"):
            raise ValueError("a two-sided limit is decided as two one-sided limits")
        h = sp.Dummy("h", positive=True)
        shift = h if direction == "+" else -h
        attempts.append(("direct", lambda: sp.limit(expr, var, point, direction)))
        attempts.append((f"{name} = {point} {direction} h, h -> 0+", lambda: sp.limit(expr.subs(var, point + shift), h, 0, "+")))
        attempts.append((f"{name} = {point} {direction} 1/u, u -> oo", lambda: sp.limit(expr.subs(var, point + shift.subs(h, 1 / h)), h, sp.oo)))
    routes = []
    for name, compute in attempts:
        try:
            with budget(ROUTE_SECONDS):
                value, why = _clean(compute())
            routes.append(Route(name, value, why))
        except Exception as exc:  # SymPy raises many kinds here (NotImplementedError, ValueError, ...)
            routes.append(Route(name, None, in_words(exc, 80)))
            if name == "direct" and "sign" in str(exc):
                break  # the others would need the sign too: the caller splits into sign cases
        if not every and sum(r.value is not None for r in routes) >= 2:
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

    if expr.has(sp.Max, sp.Min):  # max(-1, t) near -oo is -1: the argument that stays largest
        expr = expr.replace(lambda e: isinstance(e, (sp.Max, sp.Min)) and e.has(var), lambda e: sp.Piecewise(*_extremum_pieces(e)))
    if expr.has(sp.Abs):
        expr = expr.replace(lambda e: isinstance(e, sp.Abs) and e.has(var), lambda e: sp.Piecewise((e.args[0], sp.Ge(e.args[0], 0)), (-e.args[0], True)))
    return expr.replace(lambda e: isinstance(e, sp.Piecewise) and e.has(var), piece) if expr.has(sp.Piecewise) else expr


def _extremum_pieces(e):
    """max(a, b, ...) as cases: a where a >= every other argument, and so on (min: <=)."""
    args, bigger = list(e.args), (sp.Ge if isinstance(e, sp.Max) else sp.Le)
    pieces = [(a, sp.And(*[bigger(a, b) for b in args if b is not a])) for a in args[:-1]]
    return pieces + [(args[-1], sp.true)]


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
    if any(isinstance(e, _SHAPES) and e.has(var) for e in sp.preorder_traversal(expr)):
        # SymPy takes the limit of a piecewise body for generic parameters, and has been wrong from
        # the left even without any: the piece that holds near the point must be known
        return None, "which piece of the body holds near the limit point is not decided"
    routes = _routes(expr, var, point, direction)
    ok = [r for r in routes if r.value is not None]
    if len(ok) < 2:
        failed = "; ".join(f"{r.name}: {r.error or 'no closed form'}" for r in routes if r.value is None)
        return None, f"fewer than two routes gave a value ({failed})"
    first = ok[0]
    for other in ok[1:]:
        if _same_value(first.value, other.value, facts) is not True:
            return _majority(expr, var, point, direction, facts, f"routes disagree: {first.name} gives {first.value}, {other.name} gives {other.value}")
    return first.value, "agreeing routes: " + ", ".join(r.name for r in ok)


def _majority(expr, var, point, direction, facts, disagreement):
    """Two routes disagree: every route is computed, and a value stands only when two routes or more
    agree on it and no two agree on another (SymPy's direct limit of sqrt(x^2 + x) + x at -oo is -oo,
    two substitutions give -1/2); the numeric tripwire then judges it like any other."""
    ok = [r for r in _routes(expr, var, point, direction, every=True) if r.value is not None]
    groups = []
    for r in ok:
        for group in groups:
            if _same_value(group[0].value, r.value, facts) is True:
                group.append(r)
                break
        else:
            groups.append([r])
    agreeing = [g for g in groups if len(g) >= 2]
    if len(agreeing) != 1:
        return None, disagreement
    group = agreeing[0]
    dissent = "; ".join(f"{r.name} gives {r.value}" for g in groups if g is not group for r in g)
    return group[0].value, "agreeing routes: " + ", ".join(r.name for r in group) + f" (outvoted: {dissent})"


class NoLimit(Exception):
    """The limit does not exist: the one-sided limits of a two-sided limit are both known and differ, or a
    nonconstant periodic function at infinity (rules.periodic)."""


def decide_limit(expr, var, point, direction, facts):
    """The limit's value if at least two routes agree (on each side, for a two-sided limit), else
    (None, explanation). Raises NoLimit when the two one-sided limits provably differ."""
    if point in _INFINITE or direction in ("+", "-"):
        return _side(expr, var, point, direction, facts)
    left, how_left = _side(expr, var, point, "-", facts)
    right, how_right = _side(expr, var, point, "+", facts)
    if left is None or right is None:
        return None, f"two-sided: from the left {how_left if left is None else sp.sstr(left)}; from the right {how_right if right is None else sp.sstr(right)}"
    same = _same_value(left, right, facts)
    if same is True:
        return left, f"both one-sided limits are {sp.sstr(left)} (left: {how_left}; right: {how_right})"
    if same is False and (left.is_number and right.is_number or left in _INFINITE or right in _INFINITE):
        raise NoLimit(f"the one-sided limits differ: {sp.sstr(left)} from the left, {sp.sstr(right)} from the right")
    return None, f"the one-sided limits {sp.sstr(left)} and {sp.sstr(right)} are not known to agree"


def _side(expr, var, point, direction, facts):
    """A one-sided limit (or at +-oo); NoLimit when the body oscillates periodically there (rules.periodic)."""
    from .periodic import oscillation

    found = _one_sided(expr, var, point, direction, facts)
    why = oscillation(expr, var, point, direction) if found[0] is None else None
    if why:
        raise NoLimit(why)
    return found


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
        return Fresh(var.name, positive=True)
    if point == -sp.oo or (direction == "-" and point.is_number and point <= 0):
        return Fresh(var.name, negative=True)
    return Fresh(var.name, real=True)


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
    return _limit_sign(g, var, point, direction, facts) == 1 or _leaving_zero(g, var, point, direction) == 1


def _leaving_zero(g, var, point, direction) -> int | None:
    """The sign of g just beside a finite point where g vanishes: that of g' there from the right, its
    opposite from the left (x^2 - 1 just left of -1 is positive), when g'(point) is a number not 0."""
    if point in _INFINITE or direction not in ("+", "-"):
        return None
    try:
        if sp.simplify(g.xreplace({var: point})) != 0:
            return None
        slope = sp.simplify(sp.diff(g, var).xreplace({var: point}))
    except Exception:  # noqa: BLE001 - not computable: no sign
        return None
    slope = sp.factor(sp.together(slope)) if slope.free_symbols else slope
    if slope.is_positive:
        return 1 if direction == "+" else -1
    if slope.is_negative:
        return -1 if direction == "+" else 1
    return None


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
        value = value if value in _INFINITE else sp.factor(sp.together(value))
        if value == sp.oo or value.is_positive:
            signs.add(1)
        elif value == -sp.oo or value.is_negative:
            signs.add(-1)
        else:
            return None
    return signs.pop() if len(signs) == 1 else None


def _undefined_near(body, var, point, direction, facts) -> str:
    """Why the body is not defined on a whole punctured neighbourhood of the point ('' if it is)."""
    from derivations.decide.domain import Undetermined, conditions

    try:
        needed = [c for c in conditions(body) if var in c.relation.free_symbols]
    except Undetermined as exc:
        return str(exc)
    for c in needed:
        if c.guard != sp.true or not eventually(c.relation, var, point, direction, facts):
            return f"the expression is not known to be defined near the limit point ({sp.sstr(c.relation)})"
    return ""


__all__ = ["decide_limit", "bound_context", "near_facts", "eventually", "NoLimit"]
