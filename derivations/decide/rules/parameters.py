"""Inequalities with parameters, for every value of them: one variable x by calculus (f_x or f_xx of one sign, a critical point in closed form in the parameters), each sub-claim an inequality in fewer variables decided again, or the whole a function of one combination u = g(a, x)."""

from __future__ import annotations

from itertools import product

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import StepCheck, Verdict
from . import Context, gap_fallback

SECONDS = 3.0  # CPU seconds for one inequality
SOLVE_SECONDS = 1.0  # CPU seconds for solving f_x = 0 in x
MAX_DEPTH = 3  # sub-claims of sub-claims: the sign of f_x decided by its own derivative, and so on
MAX_VARIABLES = 4
PER_VARIABLE = 4  # sample values of each fixed variable in an assignment of numbers
MAX_ASSIGNMENTS = 12
_KINKS = (sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Derivative, sp.Integral, sp.Sum, sp.Limit, sp.Product)


def _real_variables(d):
    """The free symbols of d when every one is real and not an integer, sorted; None otherwise."""
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if any(not v.is_real or v.is_integer for v in variables):
        return None
    return variables


def radicals(d):
    """The fractional powers of d with a non-constant base."""
    return [q for q in d.atoms(sp.Pow) if q.exp.is_Rational and not q.exp.is_Integer and q.base.free_symbols]


def _about(facts, symbols) -> tuple:
    """The facts that mention only the given symbols (and mention one at least)."""
    symbols = set(symbols)
    return tuple(f for f in facts if sp.sympify(f).free_symbols and sp.sympify(f).free_symbols <= symbols)


def _number_sign(v) -> int | None:
    from .calculus_bounds import _number_sign as sign

    return sign(v)


def claim(g, strict: bool, facts, depth: int) -> str:
    """g >= 0 (> 0 when strict) for every value the facts allow its symbols, decided: by signs, by calculus
    in its one variable, as a polynomial, or again with one variable and the rest as parameters; the
    certificate in words, or "" when undecided."""
    from derivations.decide.algebra import strengthen
    from .calculus_bounds import decide_one_variable
    from .inequality import decide_sign

    g = sp.sympify(g)
    free = g.free_symbols
    if not free:
        s = _number_sign(g)
        return f"{sp.sstr(g)} {'>' if s > 0 else '='} 0" if s is not None and (s > 0 or (s == 0 and not strict)) else ""
    facts = _about(facts, free)
    if seen_negative(g, strict, facts):
        return ""  # no certificate can exist: a point the facts allow is below 0
    mapping = strengthen(facts)
    ok, why = decide_sign(g.xreplace(mapping), strict, tuple(sp.sympify(f).xreplace(mapping) for f in facts))
    if ok:
        return why or "signs"
    if len(free) == 1:
        found = decide_one_variable(g, strict, facts)
        return found.how if found is not None and found.verdict is Verdict.PROVED else ""
    if depth >= MAX_DEPTH:
        return ""
    why = _by_factors(g, strict, facts, depth)
    if why:
        return why
    variables = _real_variables(g)
    if variables is None:
        return ""
    from .polynomials import decide_polynomial

    why = decide_polynomial(g, strict, variables, facts)
    return why or in_one_variable(g, strict, variables, facts, depth + 1)


def _grid_values(span, count):
    """Up to count sample numbers of an interval, its closed ends first."""
    lo, hi = span.lo, span.hi
    if lo != -sp.oo and hi != sp.oo:
        inner = [lo + (hi - lo) * sp.Rational(k, count) for k in range(1, count)]
        return ([lo] if span.lo_closed else []) + ([hi] if span.hi_closed else []) + inner
    steps = [sp.Rational(1, 8), sp.Integer(1), sp.Rational(1, 2), sp.Integer(2), sp.Integer(5), sp.Integer(20)][: max(2, count - 1)]
    if lo != -sp.oo:
        return ([lo] if span.lo_closed else []) + [lo + t for t in steps]
    if hi != sp.oo:
        return ([hi] if span.hi_closed else []) + [hi - t for t in steps]
    return [sp.Integer(0)] + [s * t for t in steps for s in (1, -1)][: 2 * count - 2]


def seen_negative(g, strict, facts, points=150) -> bool:
    """Is g clearly below 0 at a grid point the facts allow (a tie between variables checked with a margin), in
    20-digit floats? Only a reason to skip a search for a certificate, never a verdict."""
    import mpmath
    from .calculus_bounds import span_of

    variables = sorted(g.free_symbols, key=lambda s: s.name)
    if not variables:
        return False
    per = max(3, int(round(points ** (1 / len(variables)))))
    values = []
    for v in variables:
        span = span_of(v, _about(facts, {v}))
        if span is None:
            return False
        values.append(_grid_values(span, per)[:per])
    try:
        func = sp.lambdify(variables, g, "mpmath")
        tests = [(sp.lambdify(variables, f.lhs - f.rhs, "mpmath"), type(f)) for f in facts if isinstance(f, (sp.Gt, sp.Ge, sp.Lt, sp.Le)) and len(f.free_symbols) > 1]
    except Exception:  # noqa: BLE001
        return False
    margin = mpmath.mpf(10) ** -12
    with mpmath.workdps(20):
        for point in product(*values):
            args = [mpmath.mpf(p.p) / p.q if p.is_Rational else mpmath.mpf(sp.N(p, 25)) for p in point]
            try:
                if not all(_holds(test(*args), kind, margin) for test, kind in tests):
                    continue
                value = func(*args)
            except Exception:  # noqa: BLE001 - undefined there
                continue
            if isinstance(value, mpmath.mpf) and value < -margin * max(1, abs(value)):
                return True
    return False


def _holds(value, kind, margin) -> bool:
    if not isinstance(value, mpmath_mpf()):
        return False
    if kind in (sp.Gt, sp.Ge):
        return value > margin
    return value < -margin


def mpmath_mpf():
    import mpmath

    return mpmath.mpf


def _by_factors(g, strict, facts, depth) -> str:
    """g a product whose factors in fewer variables have signs decided one by one (a - 1 >= 0 for a >= 2
    beside (1 + x)^a > 0), their product >= 0 (> 0)."""
    try:
        with budget(0.5):
            factored = sp.factor(sp.together(g))
    except OutOfTime:
        return ""
    factors = [f for f in sp.Mul.make_args(factored) if f.free_symbols]
    constant = sp.Mul(*[f for f in sp.Mul.make_args(factored) if not f.free_symbols])
    if len(factors) < 2 or all(f.free_symbols == g.free_symbols for f in factors):
        return ""  # a factor in fewer variables at least: else the same problem again
    total, shown = 1 if constant > 0 else -1 if constant < 0 else 0, []
    for f in factors:
        if f.is_Pow and f.exp.is_Integer and f.exp.is_even and not strict:
            shown.append(f"({sp.sstr(f.base)})^{f.exp} >= 0")
            continue
        for sign in (1, -1):
            why = claim(sign * f, strict, facts, depth + 1)
            if why:
                total *= sign
                shown.append(f"{sp.sstr(f)} {'>' if sign > 0 else '<'}{'' if strict else '='} 0 ({why})")
                break
        else:
            return ""
    return f"{sp.sstr(factored)}: " + "; ".join(shown) if total > 0 else ""


def assignments_of(others, facts):
    """Assignments of numbers to the fixed variables, each inside its own interval (closed ends first)
    and every fact about them alone certainly true there; None when a variable has no interval."""
    from derivations.decide import interval
    from .calculus_bounds import span_of

    values = []
    for v in others:
        span = span_of(v, _about(facts, {v}))
        if span is None:
            return None
        values.append(_grid_values(span, PER_VARIABLE)[: PER_VARIABLE + 1])
    tied = [f for f in facts if sp.sympify(f).free_symbols <= set(others) and len(sp.sympify(f).free_symbols) > 1]
    out = []
    for point in product(*values):
        assignment = dict(zip(others, point))
        if all(interval.holds(f, assignment) is True for f in tied):
            out.append(assignment)
        if len(out) >= MAX_ASSIGNMENTS:
            break
    return out


# ---------------------------------------------------------------- one combination u = g(a, x)


def _combinations(d, variables):
    """Subexpressions of d in two variables or more that d might be a function of: function arguments,
    bases and exponents of powers, products of symbols."""
    found = []
    for node in sp.preorder_traversal(d):
        parts = node.args if isinstance(node, (sp.Function, sp.Pow)) else (node,) if node.is_Mul else ()
        for part in parts:
            if len(part.free_symbols & set(variables)) > 1 and part not in found:
                found.append(part)
    return found


def through_combination(d, strict, variables, facts) -> str:
    """d = h(u) for u = g(a, x) (e^{ax} - 1 - ax, log(1 + ax) <= ax): h(u) >= 0 wherever the facts about u
    allow u is enough, since then every (a, x) the facts allow gives such a u."""
    from .calculus_bounds import decide_one_variable

    u = sp.Dummy("u", real=True)
    for g in _combinations(d, variables):
        candidates = [sp.expand(g)] if sp.expand(g) != g else []
        for form in [g] + candidates:
            h = d.subs(form, u)
            if h.free_symbols & set(variables) or not h.has(u):
                continue
            if sp.expand(h.xreplace({u: form}) - d) != 0 and sp.simplify(h.xreplace({u: form}) - d) != 0:
                continue
            on_u = []
            for f in facts:
                f = sp.sympify(f)
                if not f.free_symbols & form.free_symbols:
                    continue
                moved = f.subs(form, u)
                if not moved.free_symbols & set(variables):
                    on_u.append(moved)  # a fact not about u alone is dropped: u's set only grows
            named = sp.Symbol("u", real=True)
            h, on_u = h.xreplace({u: named}), [f.xreplace({u: named}) for f in on_u]
            found = decide_one_variable(h, strict, tuple(on_u))
            if found is not None and found.verdict is Verdict.PROVED:
                return f"a function of u = {sp.sstr(form)} alone: {sp.sstr(h)}; {found.how}"
    return ""


# ---------------------------------------------------------------- calculus in x, the others parameters


def _order(d, variables):
    """The variables to try as x, the one of calculus: a symbol in an exponent is a parameter, a higher
    degree makes a variable (a x^2 + x + 1)."""

    def score(v):
        in_exponent = any(p.exp.has(v) for p in d.atoms(sp.Pow))
        try:
            degree = sp.degree(d, v) if d.is_polynomial(v) else 99
        except (sp.PolynomialError, ValueError):
            degree = 99
        return (in_exponent, -degree, v.name)

    return sorted(variables, key=score)


def _defined(expr, facts) -> bool:
    """expr has a real value wherever the facts hold (the domain rule's conditions, each implied)."""
    from derivations.decide.domain import Undetermined, conditions, implied

    try:
        return all(implied(c, facts) for c in conditions(expr))
    except Undetermined:
        return False


def _simplified(e):
    e = sp.powsimp(sp.powdenest(sp.sympify(e)))
    try:
        with budget(0.5):
            return sp.simplify(e)
    except OutOfTime:
        return sp.cancel(e) if e.is_rational_function() else e


class _Problem:
    """f(x; parameters) >= 0 on x's interval for every value of the parameters the facts allow."""

    def __init__(self, f, x, span, params, facts_p, strict, depth):
        self.f, self.x, self.span, self.params, self.facts_p, self.strict, self.depth = f, x, span, params, tuple(facts_p), strict, depth
        self.fx = sp.diff(f, x)
        self.inside = self.facts_p + span.interior(x)
        self.closed = self.facts_p + span.closed(x)

    def sub(self, g, strict, facts) -> str:
        return claim(g, strict, facts, self.depth)

    def end_value(self, left: bool):
        """f at an end of the interval, for every parameter value: its value where f is defined there (f is
        then continuous up to it), a limit free of the parameters at an infinite end; else None."""
        from .limits import NoLimit, decide_limit

        end = self.span.lo if left else self.span.hi
        if end in (sp.oo, -sp.oo):
            try:
                with budget(1.0):
                    value, _ = decide_limit(self.f, self.x, end, "+" if left else "-", self.facts_p)
            except (NoLimit, OutOfTime):
                return None
            if value is None or value.free_symbols or value.has(sp.zoo, sp.nan, sp.AccumBounds):
                return None
            return value if self._same_limit_at_numbers(end, left, value) else None
        at = self.f.xreplace({self.x: end})
        if not _defined(at, self.facts_p) or at.has(sp.zoo, sp.nan):
            return None
        return _simplified(at)

    def _same_limit_at_numbers(self, end, left, value) -> bool:
        """A limit computed with the parameters symbolic is computed again with them numbers (two
        assignments the facts allow): the same value, or it is not used."""
        from derivations.decide import interval
        from .limits import NoLimit, decide_limit
        assignments = assignments_of(self.params, self.facts_p) or []
        checked = 0
        for assignment in assignments[:: max(1, len(assignments) // 2)][:2]:
            if not all(interval.holds(f, assignment) is True for f in self.facts_p if f.free_symbols <= set(assignment)):
                continue
            try:
                with budget(1.0):
                    again, _ = decide_limit(self.f.xreplace(assignment), self.x, end, "+" if left else "-", ())
            except (NoLimit, OutOfTime):
                return False
            if again is None or sp.simplify(again - value) != 0:
                return False
            checked += 1
        return checked > 0

    def monotone(self) -> str:
        for direction, word in ((1, "nondecreasing"), (-1, "nonincreasing")):
            why = self.sub(direction * self.fx, False, self.inside)
            if why:
                break
        else:
            return ""
        left = direction > 0
        value = self.end_value(left)
        if value is None:
            return ""
        end, closed = (self.span.lo, self.span.lo_closed) if left else (self.span.hi, self.span.hi_closed)
        if value in (sp.oo, -sp.oo):
            return ""
        at_end = self.sub(value, self.strict and closed, self.facts_p)
        if at_end and self.strict and not closed and not self.sub(value, True, self.facts_p):
            strictly = self.sub(direction * self.fx, True, self.inside)  # the bound approached, never reached
            at_end = f"{at_end}, and f is strictly monotone ({strictly})" if strictly else ""
        if not at_end:
            return ""
        return f"f_{self.x} = {sp.sstr(self.fx)} has one sign ({why}): f is {word} in {self.x} on {self.span.text()}; at {self.x} = {sp.sstr(end)}: {sp.sstr(value)} {'>' if self.strict else '>='} 0 ({at_end})"

    def critical_points(self) -> list:
        try:
            with budget(SOLVE_SECONDS):
                found = sp.solve(self.fx, self.x)
        except Exception:  # noqa: BLE001 - solve fails or runs out: no closed form
            return []
        if isinstance(found, dict):
            found = list(found.values())
        return [c for c in found if isinstance(c, sp.Expr) and not c.has(self.x, sp.I) and c.free_symbols <= set(self.params) and c.is_real is not False]

    def convex(self) -> str:
        fxx = sp.diff(self.fx, self.x)
        why = self.sub(fxx, False, self.inside)
        if not why:
            return self.concave(fxx)
        for c in self.critical_points():
            if not _defined(c, self.facts_p):
                continue
            inside = []
            for end, sign in ((self.span.lo, 1), (self.span.hi, -1)):
                if end not in (sp.oo, -sp.oo):
                    inside.append(self.sub(sign * (c - end), True, self.facts_p))
            if not all(inside):
                continue
            from derivations.decide.algebra import is_zero

            if is_zero(self.fx.xreplace({self.x: c}), self.facts_p).value is not True:
                continue
            value = _simplified(self.f.xreplace({self.x: c}))
            if not _defined(value, self.facts_p):
                continue
            there = self.sub(value, self.strict, self.facts_p)
            if there:
                return f"f_{self.x}{self.x} = {sp.sstr(fxx)} >= 0 ({why}): f is convex in {self.x} on {self.span.text()}, f_{self.x} = 0 at {self.x} = {sp.sstr(c)} (inside it, for every parameter value), so the minimum is f there = {sp.sstr(value)} {'>' if self.strict else '>='} 0 ({there})"
        return ""

    def turning(self) -> str:
        """One critical point c(parameters) inside the interval with f_x <= 0 before it and >= 0 after it
        (each a claim in x and the parameters, x < c or x > c among its facts): the minimum is f(c)."""
        from derivations.decide.algebra import is_zero

        for c in self.critical_points():
            if not _defined(c, self.facts_p) or is_zero(self.fx.xreplace({self.x: c}), self.facts_p).value is not True:
                continue
            if not all(self.sub(sign * (c - end), True, self.facts_p) for end, sign in ((self.span.lo, 1), (self.span.hi, -1)) if end not in (sp.oo, -sp.oo)):
                continue
            numerator, denominator = sp.fraction(sp.together(self.x - c))
            if self.sub(denominator, True, self.facts_p):
                gap = numerator  # x - c = numerator / denominator with a positive denominator
            elif self.sub(-denominator, True, self.facts_p):
                gap = -numerator
            else:
                continue
            before = self.sub(-self.fx, False, self.inside + (sp.Lt(gap, 0),))
            after = before and self.sub(self.fx, False, self.inside + (sp.Gt(gap, 0),))
            if not after:
                continue
            value = _simplified(self.f.xreplace({self.x: c}))
            there = _defined(value, self.facts_p) and self.sub(value, self.strict, self.facts_p)
            if there:
                return f"f_{self.x} = {sp.sstr(self.fx)} is <= 0 before {self.x} = {sp.sstr(c)} ({before}) and >= 0 after it ({after}), and 0 there: the minimum is f there = {sp.sstr(value)} {'>' if self.strict else '>='} 0 ({there})"
        return ""

    def concave(self, fxx) -> str:
        why = self.sub(-fxx, False, self.inside)
        if not why:
            return ""
        values = [self.end_value(True), self.end_value(False)]
        if any(v is None or v in (sp.oo, -sp.oo) for v in values):
            return ""
        shown = []
        for value in values:
            there = self.sub(value, self.strict, self.facts_p)
            if not there:
                return ""
            shown.append(f"{sp.sstr(value)} ({there})")
        return f"f_{self.x}{self.x} = {sp.sstr(fxx)} <= 0 ({why}): f is concave in {self.x}, its infimum on {self.span.text()} at an end: " + ", ".join(shown)


def _pieces(span, points):
    """p's interval cut at the given points: the open pieces between them, as spans."""
    from .calculus_bounds import Span

    cuts = sorted(points, key=lambda c: float(c))
    ends = [(span.lo, span.lo_closed)] + [(c, False) for c in cuts] + [(span.hi, span.hi_closed)]
    out = []
    for (lo, lo_closed), (hi, hi_closed) in zip(ends, ends[1:]):
        if lo != hi:
            out.append(Span(lo, lo_closed, hi, hi_closed))
    return out


def _degenerate(f, x, params, facts_p, x_span=None):
    """Values of the one parameter where a closed-form critical point of f in x has a zero denominator
    or reaches a finite end of x's interval, inside the parameter's interval: (the parameter, its span,
    the values), or None."""
    from .calculus_bounds import span_of

    if len(params) != 1:
        return None
    (p,) = params
    span = span_of(p, _about(facts_p, {p}))
    if span is None or any(not set(sp.sympify(f).free_symbols) <= {p} for f in facts_p):
        return None
    try:
        with budget(SOLVE_SECONDS):
            found = sp.solve(sp.diff(f, x), x)
            zeros = set()
            for c in found if isinstance(found, list) else []:
                _, denominator = sp.fraction(sp.together(c))
                if denominator.has(p):
                    zeros |= {z for z in sp.solve(denominator, p) if z.is_real and z.is_number}
                for end in (x_span.lo, x_span.hi) if x_span is not None else ():
                    if end not in (sp.oo, -sp.oo) and c.has(p):  # inside x's interval on one side only
                        zeros |= {z for z in sp.solve(c - end, p) if z.is_real and z.is_number}
    except Exception:  # noqa: BLE001
        return None
    inside = [z for z in zeros if (span.lo == -sp.oo or z >= span.lo) and (span.hi == sp.oo or z <= span.hi)]
    return (p, span, inside) if inside and len(inside) <= 3 else None


def _even_in(d, x, facts):
    """(t, h) with d = h(t) for t = x^2 (t >= 0) when x is free (no fact names it) and d has x only
    through even powers; else None."""
    if any(x in sp.sympify(f).free_symbols for f in facts) or not d.has(x):
        return None
    t = sp.Symbol(f"{x.name}^2", nonnegative=True)
    h = sp.expand(d).replace(lambda e: e.is_Pow and e.base == x and e.exp.is_Integer and e.exp.is_even and e.exp > 0, lambda e: t ** (e.exp // 2))
    if h.has(x) or not h.has(t) or not any(e.is_Pow and e.base == t and e.exp > 1 for e in h.atoms(sp.Pow)):
        return None  # a plain x^2 only: the calculus in x sees it directly
    return t, h


def in_one_variable(d, strict, variables, facts, depth) -> str:
    """d >= 0 (> 0) with one variable x on an interval of numbers and the others parameters: calculus in
    x whose steps are claims about fewer variables; where a critical point's closed form degenerates at
    a parameter value, that value is decided apart and the parameter's interval cut there."""
    from .calculus_bounds import span_of

    if d.has(*_KINKS) or len(variables) < 2:
        return ""
    for x in _order(d, variables):
        params = [v for v in variables if v != x]
        even = _even_in(d, x, facts)
        if even is not None:  # d = h(x^2): h(t) >= 0 for t = x^2 >= 0 is the same claim
            t, h = even
            why = in_one_variable(h, strict, [t] + params, facts, depth)
            if why:
                return f"a function of {t} = {x}^2 >= 0: {why}"
            continue
        if any(x in sp.sympify(f).free_symbols and sp.sympify(f).free_symbols - {x} for f in facts):
            continue  # a fact ties x to a parameter: x's interval is not one of numbers
        span = span_of(x, _about(facts, {x}))
        if span is None:
            continue
        facts_p = tuple(f for f in facts if x not in sp.sympify(f).free_symbols)
        if not (_defined(d, facts_p + span.closed(x)) and _defined(sp.diff(d, x), facts_p + span.interior(x))):
            continue
        problem = _Problem(d, x, span, params, facts_p, strict, depth)
        for strategy in (problem.convex, problem.monotone, problem.turning):
            why = strategy()
            if why:
                return f"in {x}, for every value of {', '.join(map(str, params))}: {why}"
        split = _degenerate(d, x, params, facts_p, span) if depth <= 1 else None
        if split is not None:
            why = _split_parameter(d, strict, x, span, split, facts, depth)
            if why:
                return why
    return ""


def _split_parameter(d, strict, x, span, split, facts, depth) -> str:
    """The parameter's interval cut at the values where the critical point degenerates: each value
    decided with the parameter a number, each open piece between them as before."""
    p, p_span, points = split
    shown = []
    for value in points:
        why = claim(d.xreplace({p: value}), strict, span.closed(x), depth)
        if not why:
            return ""
        shown.append(f"at {p} = {sp.sstr(value)}: {why}")
    others = tuple(f for f in facts if p not in sp.sympify(f).free_symbols)
    for piece in _pieces(p_span, points):
        facts_piece = others + piece.closed(p)
        problem = _Problem(d, x, span, [p], facts_piece, strict, depth)
        if not (_defined(d, facts_piece + span.closed(x)) and _defined(sp.diff(d, x), facts_piece + span.interior(x))):
            return ""
        why = problem.convex() or problem.monotone()
        if not why:
            return ""
        shown.append(f"for {p} in {piece.text()}: {why}")
    return f"in {x}, {p} cut at {', '.join(map(sp.sstr, points))}: " + "; ".join(shown)


@gap_fallback("parameter")
def with_parameters(difference, strict: bool, ctx: Context) -> StepCheck:
    """small <= big for every value of two to four real symbols: one of them a variable handled by
    calculus, the others parameters whose conditions the sub-claims keep; or one combination of them."""
    from derivations.notation import expand_notation

    d = expand_notation(difference)
    variables = _real_variables(d)
    if variables is None or not 2 <= len(variables) <= MAX_VARIABLES:
        return StepCheck.unknown("parameter", "not two to four real variables")
    if d.has(*_KINKS):
        return StepCheck.unknown("parameter", "a kink or an operator: not a smooth function of the variables")
    if radicals(d):
        return StepCheck.unknown("parameter", "a root of a variable: the radicals procedure's")
    facts = tuple(sp.sympify(f) for f in ctx.facts if sp.sympify(f).free_symbols <= set(variables) and sp.sympify(f) != sp.true)
    try:
        with budget(SECONDS):
            if seen_negative(d, strict, facts):
                return StepCheck.unknown("parameter", "below 0 at a sample point: no certificate (the counterexample search looks there)")
            from .polynomials import decide_polynomial

            why = decide_polynomial(d, strict, variables, facts) if d.is_polynomial(*variables) else ""
            why = why or through_combination(d, strict, variables, facts) or in_one_variable(d, strict, variables, facts, 1)
    except OutOfTime:
        return StepCheck.unknown("parameter", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("parameter", "a SymPy computation failed: not decided")
    if not why:
        return StepCheck.unknown("parameter", "no calculus certificate in one variable with the others as parameters")
    return StepCheck.proved(f"parameters: {why}")
