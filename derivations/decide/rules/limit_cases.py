"""The limit rule: a limit step decided in every sign case of its parameters, or by a squeeze between bounds
proved near the limit point (the routes themselves are in limits.py)."""

from __future__ import annotations

import sympy as sp

from derivations.decide.algebra import consistent, is_zero, linear_root, strengthen
from derivations.decide.fresh import Fresh, gap
from derivations.notation import expand_notation
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, register
from .inequality import impossible
from .limits import NoLimit, _INFINITE, _SHAPES, _same_value, _undefined_near, bound_context, decide_limit, eventually


# ---------------------------------------------------------------- sign cases of the parameters


def _degenerate(expr, value, var, point=sp.oo) -> list[sp.Expr]:
    """Expressions in the parameters alone whose sign the limit's shape depends on, and which are not
    of one sign by their symbols' own assumptions: factors of terms in the variable (a^2 in a^2 t: the
    term vanishes at a = 0), exponents of powers of the variable (t^g), bases of powers to the variable
    (a^t), the coefficients of an exponent in the variable (e^{x/t}: the sign of x), which of two terms
    dominates (t^a + t^b, e^{x/t} + e^{y/t}: the sign of a - b, of x - y), where a kink of a max, min,
    |.| or cases in the variable lies against a limit point with parameters (max(0, x) at x -> a: the
    sign of a), and the parameters inside max, min, |.| or cases, in the limit or in the value claimed.
    SymPy computes a limit with parameters for their generic values, and sees only the symbols'
    assumptions: the limit is accepted only in cases where none of these can vanish or change sign (a
    fact such as x > 1 becomes the case x = 1 + d, d > 0)."""
    found = []
    for node in sp.preorder_traversal(sp.powsimp(expr)):  # t^x / t is t^(x-1): its exponent is x - 1
        if node.is_Mul and node.has(var):
            found += [f for f in node.args if not f.has(var) and f.free_symbols]
        elif node.is_Pow and node.base.has(var) and not node.exp.has(var) and node.exp.free_symbols:
            found.append(node.exp)
        elif node.is_Pow and node.exp.has(var) and not node.base.has(var) and node.base.free_symbols:
            found += [node.base, node.base - 1]
        elif isinstance(node, sp.exp) and node.args[0].has(var):
            found += _coefficients(node.args[0], var)
        if node.is_Add and node.has(var):
            growths = [_growth(term, var) for term in node.args if term.has(var)]
            for k, (e1, g1) in enumerate(growths):
                for e2, g2 in growths[k + 1 :]:
                    found += _coefficients(e1 - e2, var) + ([g1 - g2] if (g1 - g2).free_symbols else [])
        if isinstance(node, _SHAPES) and not node.has(var) and node.free_symbols:
            found.append(node)
        if isinstance(node, _SHAPES) and node.has(var) and point not in _INFINITE and point.free_symbols:
            found += [k.xreplace({var: point}) for k in _shape_differences(node) if k.has(var)]
    found += [node for node in sp.preorder_traversal(value) if isinstance(node, _SHAPES) and node.free_symbols]
    out = []
    for g in found:
        if g in out or not g.free_symbols or g.has(var):
            continue
        if g.has(*_SHAPES) or not _one_sign(g):
            out.append(g)
    return out


def _growth(term, var):
    """(E, g) with term = c e^E var^g (times factors slower than any of these): how fast it grows."""
    exponent, power = sp.Integer(0), sp.Integer(0)
    for factor in sp.Mul.make_args(sp.powsimp(term)):
        if isinstance(factor, sp.exp) and factor.args[0].has(var):
            exponent += factor.args[0]
        elif factor.is_Pow and factor.exp.has(var) and not factor.base.has(var):
            exponent += factor.exp * sp.log(factor.base)
        elif factor == var:
            power += 1
        elif factor.is_Pow and factor.base == var and not factor.exp.has(var):
            power += factor.exp
    return exponent, power


def _coefficients(e, var) -> list[sp.Expr]:
    """The parameter expressions whose signs decide the sign of e as the variable moves (x - y in
    (x - y)/t, both a and b in a t^2 + b t): the coefficients of e's numerator in the variable, or its
    factors free of the variable when it is no polynomial in it."""
    if not e.has(var):
        return [e] if e.free_symbols else []
    top = sp.fraction(sp.together(sp.expand(e)))[0]
    if top.is_polynomial(var):
        return [c for c in sp.Poly(top, var).all_coeffs() if c.free_symbols]
    return [f for f in sp.Mul.make_args(sp.factor(top)) if not f.has(var) and f.free_symbols]


def _one_sign(g) -> bool:
    """Of one strict sign by its symbols' assumptions, as written or over one denominator, factored
    (d - d/(1 + e) is d e/(1 + e) > 0)."""
    if g.is_positive or g.is_negative:
        return True
    factored = sp.factor(sp.together(g))
    return bool(factored.is_positive or factored.is_negative)


def _plain_rates(expr, var):
    """Exponents of the variable over one denominator, factored: SymPy reads the sign of t^(d e/(1+e))
    from its symbols' assumptions, where that of t^(d - d/(1+e)) escapes it."""
    return expr.replace(lambda e: e.is_Pow and e.base == var and e.exp.free_symbols, lambda e: var ** sp.factor(sp.together(e.exp)))


def _rate(term, var):
    """How fast a term grows with the variable, when it is a power of it or an exponential in it:
    ("pow", g) for c t^g, ("exp", c) for e^{c t}; None otherwise."""
    for factor in sp.Mul.make_args(term):
        if factor.is_Pow and factor.base == var and not factor.exp.has(var):
            return ("pow", factor.exp)
        if factor == var:
            return ("pow", sp.Integer(1))
        if isinstance(factor, sp.exp) and factor.args[0].has(var):
            coefficient = factor.args[0].as_coefficient(var)
            if coefficient is not None:
                return ("exp", coefficient)
    return None


def _shape_differences(g) -> list[sp.Expr]:
    """Where a max, min, |.| or case part of g changes shape: its arguments' differences, zeros, bounds."""
    from derivations.decide.algebra import _critical_differences

    return _critical_differences([g])


def _split(g, facts):
    """Cases (substitution, label) covering every value of the parameters, such that g has one sign
    (or one shape) in each: for a max, min, |.| or cases, by where its shape changes; else by the real
    roots of a factor of g in one parameter (linear in it with a number for coefficient, or a polynomial
    in it alone): p < r_1, p = r_1, r_1 < p < r_2, ..., p > r_k. None when g cannot be split so."""
    if g.has(*_SHAPES):
        for h in _shape_differences(g):
            options = _split(h, facts)
            if options is not None:
                return options
        return None
    top, bottom = sp.fraction(sp.together(g))  # a sign changes where the top or the bottom vanishes
    factors = [f for part in (top, bottom) for f, _ in sp.factor_list(part)[1]]
    for factor in factors:
        if factor.is_positive or factor.is_negative:
            continue  # of one sign by its symbols' assumptions (a gap d > 0): no case to split
        for p in sorted(factor.free_symbols, key=lambda s: s.name):
            if not (p.is_real and factor.is_polynomial(p)):
                continue
            try:
                coefficients = sp.Poly(factor, p).all_coeffs()
                if len(coefficients) == 2 and coefficients[0].is_number:
                    roots = [linear_root(factor, p)]
                elif factor.free_symbols == {p}:
                    roots = sorted(set(sp.Poly(factor, p).real_roots()), key=lambda r: float(r))
                else:
                    continue
            except sp.PolynomialError:
                continue
            # a positive (nonnegative) symbol, such as a gap d > 0, stays in its range: 0 < p < r_1 is
            # p = r_1/(1 + d), not r_1 - d, which would need splitting again where r_1 - d < 0
            low = 0 if (p.is_positive or p.is_nonnegative) else None
            roots = [r for r in roots if low is None or not r.is_number or r > 0 or (r == 0 and not p.is_positive)]
            if not roots:
                continue
            # each case its own gap d > 0, printed as what it is in p (no internal name in a message)
            if low is None:
                options = [({p: gap(p, lambda d: roots[0] - d)}, (sp.Lt(p, roots[0], evaluate=False),))]
            elif roots[0] != 0:
                options = [({p: gap(p, lambda d: roots[0] / (1 + d))}, (sp.Lt(0, p, evaluate=False), sp.Lt(p, roots[0], evaluate=False)))] + ([({p: sp.Integer(0)}, (sp.Eq(p, 0, evaluate=False),))] if not p.is_positive else [])
            else:
                options = []
            for k, r in enumerate(roots):
                options.append(({p: r}, (sp.Eq(p, r, evaluate=False),)))
                if k + 1 < len(roots):
                    options.append(({p: gap(p, lambda d, r=r, k=k: r + (roots[k + 1] - r) / (1 + d))}, (sp.Lt(r, p, evaluate=False), sp.Lt(p, roots[k + 1], evaluate=False))))
            options.append(({p: gap(p, lambda d: roots[-1] + d)}, (sp.Gt(p, roots[-1], evaluate=False),)))
            return options
    return None


MAX_CASE_DEPTH = 4


def _by_cases(expr, value, var, point, direction, facts, origin, depth=0):
    """(check, labels): the limit decided in every case of the parameters where SymPy's generic
    computation is valid (no degenerate factor left), or the first case that is not proved. ``origin``:
    (the parameters, their values in this case, the facts about them), for a refuting point."""
    original, substitution, original_facts = origin
    expr, value = _settled_shapes(_normalised(_plain_rates(sp.powsimp(expr), var), var, value, point)), _settled_shapes(value)
    critical = _degenerate(expr, value, var, point)
    told = lambda e: _told(e, substitution)  # noqa: E731 - in the author's parameters, no case gap left
    if not critical:
        try:
            found, how = decide_limit(expr, var, point, direction, facts)
        except NoLimit as exc:
            at = _refuting_point(original, substitution, original_facts)
            detail = f"the limit does not exist ({exc})"
            return (_refutation(detail, at) if at is not None else StepCheck.unknown("limit", detail)), []
        if found is None:
            return StepCheck.unknown("limit", how), []
        same = _same_value(found, value, facts)
        if same is True:
            return None, [f"{told(found)} ({how})"]
        detail = f"the limit is {told(found)}, not {told(value)} ({how})"
        at = _refuting_point(original, substitution, original_facts, found, value)
        return (_refutation(detail, at) if at is not None else StepCheck.unknown("limit", detail)), []
    if depth >= MAX_CASE_DEPTH:
        return StepCheck.unknown("limit", f"too many cases of the parameters ({told(critical[0])} still undecided)"), []
    options = _split(critical[0], facts)
    if options is None:
        return StepCheck.unknown("limit", f"the limit depends on the sign of {told(critical[0])}, which is not split into cases here"), []
    labels = []
    for case, relations in options:
        if not all(consistent(symbol, v) for symbol, v in case.items()):
            continue
        case_facts = tuple(f for f in (f.subs(case) for f in facts) if f != sp.true)
        if impossible(case_facts):
            continue
        label = " and ".join(told(r) for r in relations)
        composed = {k: sp.sympify(v).subs(case) for k, v in substitution.items()}
        composed.update({k: v for k, v in case.items() if k not in composed})
        failed, inner = _by_cases(expr.subs(case), value.subs(case), var, sp.sympify(point).subs(case), direction, case_facts, (original, composed, original_facts), depth + 1)
        if failed is not None:
            detail = f"case {label}: {failed.detail}"
            return StepCheck(failed.verdict, "limit", detail, failed.counterexample), []
        labels += [f"{label}: {x}" for x in inner]
    return None, labels


def _told(e, substitution) -> str:
    """e in the author's parameters: each case gap (a Dummy d of a case p = r + d) solved back for from
    the parameter it came with, so that no internal name reaches a message."""
    e = sp.sympify(e)
    for gap in sorted((g for g in e.free_symbols if isinstance(g, sp.Dummy)), key=str):
        for p, v in substitution.items():
            if gap in sp.sympify(v).free_symbols and not isinstance(p, sp.Dummy):
                try:
                    solved = sp.solve(sp.Eq(p, v), gap)
                except Exception:  # noqa: BLE001 - not solvable: try another parameter
                    solved = []
                if len(solved) == 1:
                    e = e.xreplace({gap: solved[0]})
                    break
    if isinstance(e, sp.Rel):
        e = type(e)(sp.simplify(e.lhs), sp.simplify(e.rhs), evaluate=False)
    elif not isinstance(e, sp.logic.boolalg.Boolean):
        e = sp.simplify(e)
    return sp.sstr(e)  # a gap left over prints as what it stands for (see derivations.decide.fresh)


def _settled_shapes(e):
    """max, min, |.| without the limit's variable whose shape a sign already decides (max(1, (1 - 2/(d + 1))^2)
    for a gap d > 0 is 1 once the difference, over one denominator, shows its sign)."""
    def settle(node):
        if isinstance(node, (sp.Max, sp.Min)) and len(node.args) == 2:
            a, b = node.args
            d = sp.factor(sp.together(a - b))
            if d.is_positive or d.is_nonnegative:
                return a if isinstance(node, sp.Max) else b
            if d.is_negative or d.is_nonpositive:
                return b if isinstance(node, sp.Max) else a
        if isinstance(node, sp.Abs):
            inner = sp.factor(sp.together(node.args[0]))
            if inner.is_nonnegative:
                return node.args[0]
            if inner.is_nonpositive:
                return -node.args[0]
        return node

    return e.replace(lambda n: isinstance(n, (sp.Max, sp.Min, sp.Abs)) and n.free_symbols, settle) if e.has(sp.Max, sp.Min, sp.Abs) else e


def _normalised(expr, var, value, point):
    """A quotient of sums of exponentials divided through by one of its denominator's terms
    (e^{x/t} / (e^{x/t} + e^{y/t}) is 1 / (1 + e^{(y - x)/t})): which term dominates is then read from
    exponent differences alone. Kept only when it leaves fewer quantities to split on."""
    top, bottom = sp.fraction(sp.together(expr))
    if not (bottom.is_Add and bottom.has(sp.exp) and bottom.has(var)):
        return expr
    pivots = [e for term in bottom.args for e in sp.Mul.make_args(term) if isinstance(e, sp.exp) and e.has(var)]
    if not pivots:
        return expr
    scaled = sp.powsimp(sp.expand(top / pivots[0])) / sp.powsimp(sp.expand(bottom / pivots[0]))
    if len(_degenerate(scaled, value, var, point)) < len(_degenerate(expr, value, var, point)):
        return scaled
    return expr


def _refuting_point(params, substitution, facts, found=None, claimed=None) -> dict | None:
    """A concrete point of a case (its gap d and the other parameters given small values) that
    satisfies the facts and where the computed limit and the claimed value differ exactly (any
    point of the case when found is None: the limit does not exist there)."""
    import itertools

    from derivations.decide.numeric import admissible

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
    from derivations.decide.numeric import find_counterexample

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
    plain = Fresh(lim.args[1].name, real=True)
    undefined = _undefined_near(expand_notation(lim.args[0].xreplace({lim.args[1]: plain}).xreplace(mapping)), plain, point, direction, facts)
    if undefined or expr.has(sp.I):
        return StepCheck.unknown("limit", undefined or "the expression is not real near the limit point")
    if not (expr.free_symbols | value.free_symbols) - {var}:  # no parameters: one computation decides
        try:
            found, how = decide_limit(expr, var, point, direction, facts)
        except NoLimit as exc:
            return StepCheck(Verdict.REFUTED, "limit", f"the limit does not exist: {exc}")
        if found is not None and _same_value(found, value, facts) is True:
            return StepCheck.proved(f"limit = {sp.sstr(found)} ({how})")
        squeezed = _squeeze(lim, value, ctx)
        if squeezed:
            return StepCheck.proved(squeezed)
        if found is not None and _differs(found, value):
            return StepCheck(Verdict.REFUTED, "limit", f"the limit is {sp.sstr(found)}, not {sp.sstr(value)} ({how})")
        return StepCheck.unknown("limit", how if found is None else f"the limit is {sp.sstr(found)}, not {sp.sstr(value)}")
    squeezed = _squeeze(lim, value, ctx)
    if squeezed:
        return StepCheck.proved(squeezed)
    params = sorted((expr.free_symbols | value.free_symbols) - {var}, key=lambda s: s.name)
    failed, labels = _by_cases(expr, value, var, point, direction, facts, (params, {}, facts))
    if failed is not None:
        return failed
    return StepCheck.proved("in every case of the parameters, by agreeing routes: " + "; ".join(labels))
