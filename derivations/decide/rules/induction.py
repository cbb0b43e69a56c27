"""Statements over the integers: closed forms of sums and products by a telescoping certificate, inequalities by induction found by the engine."""

from __future__ import annotations

import sympy as sp

from derivations.decide.algebra import is_zero
from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback, register

SECONDS = 6.0  # CPU seconds for one statement
STEP_SECONDS = 1.5  # CPU seconds for the sign of one candidate step's rest
START_SHIFTS = 6  # the induction step may start this many values after the base (3^n > n^2 from n = 2)
CHECKED = 16  # values n0, n0 + 1, ... computed exactly when looking for the first failure


def _start(n, facts):
    """The least integer n the facts allow (n >= n0 from n in N, n >= 1, n > 2, ...), or None."""
    if not n.is_integer:
        return None
    low = 0 if n.is_nonnegative else (1 if n.is_positive else None)
    for fact in facts:
        fact = sp.sympify(fact)
        if n not in getattr(fact, "free_symbols", set()) or isinstance(fact, sp.Ne):
            continue  # a point excluded (where a denominator vanishes) leaves the ray a ray
        if fact.free_symbols != {n} or not isinstance(fact, (sp.Gt, sp.Ge, sp.Lt, sp.Le)):
            return None
        small, big = (fact.rhs, fact.lhs) if isinstance(fact, (sp.Gt, sp.Ge)) else (fact.lhs, fact.rhs)
        strict = isinstance(fact, (sp.Gt, sp.Lt))
        if big == n and small.is_number:
            bound = sp.floor(small) + 1 if strict else sp.ceiling(small)
            low = bound if low is None else max(low, int(bound))
        else:
            return None  # an upper bound or a nonlinear condition: not a ray of integers
    return None if low is None else sp.Integer(low)


def _shift(e, n):
    """e at n + 1, a sum or product up to n + 1 split into the one up to n and its next term
    (S(n+1) = S(n) + f(n+1)), so that the one up to n cancels against the hypothesis."""
    shifted = sp.sympify(e).xreplace({n: n + 1})

    def step(node):
        (k, a, b), body = node.limits[0], node.function
        if b != n + 1 or body.has(n) or a.has(n):
            return node
        nxt = body.xreplace({k: n + 1})
        up_to_n = node.func(body, (k, a, n))
        return up_to_n + nxt if isinstance(node, sp.Sum) else up_to_n * nxt

    return shifted.replace(lambda x: isinstance(x, (sp.Sum, sp.Product)) and len(x.limits) == 1, step)


def _unfold(e, n):
    """Factorials and binomials of m n + c written through (m n)!: binom(a, b) = a!/(b!(a-b)!) (where
    0 <= b <= a for every n, as binom(2n, n)) and
    (m n + c)! = (m n)! (m n + 1)...(m n + c) for an integer c > 0 (identities for every integer n >= 0)."""
    e = sp.sympify(e).replace(lambda t: isinstance(t, sp.binomial) and t.args[0].is_integer and t.args[1].is_integer and (t.args[0] - t.args[1]).is_nonnegative is True and t.args[1].is_nonnegative is True, lambda t: t.rewrite(sp.factorial))

    def down(t):
        arg = sp.expand(t.args[0])
        c = arg.as_coeff_Add()[0] if arg.is_Add else sp.Integer(0)
        base = arg - c
        if not (c.is_Integer and c > 0 and base.has(n) and sp.Poly(base, n).degree() == 1 and base.coeff(n).is_Integer and base.coeff(n) > 0 and base.xreplace({n: 0}) == 0):
            return t
        return sp.factorial(base) * sp.Mul(*[base + i for i in range(1, int(c) + 1)])

    return e.replace(lambda t: isinstance(t, sp.factorial), down)


def _at(e, n, value):
    """e at an integer n, sums and products computed term by term."""
    return sp.simplify(sp.sympify(e).xreplace({n: sp.Integer(value)}).doit())


def _family(rel, n):
    """(a sum or product over k = a..n with its body, the other side) when rel is one of them = F(n)."""
    for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if isinstance(side, (sp.Sum, sp.Product)) and len(side.limits) == 1 and side.limits[0][2] == n and not other.has(sp.Sum, sp.Product):
            return side, other
    return None, None


def _all_hold(rel, n, n0, n1) -> bool:
    """The statement true, exactly, at every n = n0..n1."""
    return all(sp.sympify(type(rel)(_at(rel.lhs, n, v), _at(rel.rhs, n, v))) == sp.true for v in range(int(n0), int(n1) + 1))


def _first_failure(rel, n, n0, count=CHECKED):
    for value in range(int(n0), int(n0) + count):
        truth = sp.sympify(type(rel)(_at(rel.lhs, n, value), _at(rel.rhs, n, value)))
        if truth == sp.false:
            return value
        if truth != sp.true:
            return None
    return None


def _integer_symbol(goal: Goal):
    found = [s for s in (goal.lhs - goal.rhs).free_symbols if s.is_integer]
    return found[0] if len(found) == 1 else None


def _refuted(rel, n, n0, why) -> StepCheck:
    value = _first_failure(rel, n, n0)
    if value is None:
        return StepCheck.unknown("induction", why)
    return StepCheck(Verdict.REFUTED, "induction", f"{why}; at {n} = {value} exactly the statement fails", Counterexample({n.name: str(value)}, f"fails at {n} = {value}, computed exactly", True))


def is_closed_form(goal: Goal) -> bool:
    """Is the goal a sum or product over k = a..n (n an integer symbol, no family) = a closed form?"""
    n = _integer_symbol(goal) if goal.op == "=" else None
    family = _family(sp.Eq(goal.lhs, goal.rhs, evaluate=False), n)[0] if n is not None else None
    if family is None and n is not None:  # up to n + c, c an integer
        for side, other in ((goal.lhs, goal.rhs), (goal.rhs, goal.lhs)):
            if isinstance(side, (sp.Sum, sp.Product)) and len(side.limits) == 1 and sp.expand(side.limits[0][2] - n).is_Integer and not other.has(sp.Sum, sp.Product):
                family = side
    return family is not None and not family.has(sp.Indexed)


@register("telescoping", description="a sum (product) up to n equal to F(n): F at the base, and F(n+1) - F(n) (F(n+1)/F(n)) the next term, exactly")
def telescoping(goal: Goal, ctx: Context) -> StepCheck:
    """sum_{k=a}^{n} f(k) = F(n) (or prod) for every integer n >= n0: F(n0) is the sum at n0 and
    F(n+1) - F(n) = f(n+1) (F(n+1) = F(n) f(n+1)) exactly, so both sides agree at each next n."""
    if goal.op != "=":
        return StepCheck.unknown("telescoping", "not an equality")
    n = _integer_symbol(goal)
    if n is None:
        return StepCheck.unknown("telescoping", "no integer bound")
    rel = sp.Eq(goal.lhs, goal.rhs, evaluate=False)
    family, F = _family(rel, n)
    if family is None:
        return _shifted(rel, n, ctx)
    n0 = _start(n, ctx.facts)
    (k, a, _), f = family.limits[0], family.function
    if n0 is not None and a.is_Integer and f.has(n):  # the terms depend on n: a binomial sum, or c(n) g(k)
        from .binomial_sums import binomial_sum

        try:
            with budget(SECONDS):
                why = binomial_sum(family, F, n, n0, ctx.facts)
        except OutOfTime:
            why = ""
        if why:
            return StepCheck.proved(why)
        return _factored(family, F, n, n0, rel, ctx)  # the factor free of k comes out of the sum
    if n0 is None or not a.is_Integer or n0 < a - 1 or f.has(n):
        return StepCheck.unknown("telescoping", "the range of n is not a ray of integers starting at the sum's first index or later")
    try:
        with budget(SECONDS):
            base = is_zero(_at(family, n, n0) - F.xreplace({n: n0}), ctx.facts)
            nxt = f.xreplace({k: n + 1})
            step = F.xreplace({n: n + 1}) - (F + nxt if isinstance(family, sp.Sum) else F * nxt)
            local = tuple(ctx.facts) + (sp.Ge(n, n0),)
            diff = is_zero(sp.expand(step), local) if base.value is True else None
    except OutOfTime:
        return StepCheck.unknown("telescoping", "out of time")
    what = "difference" if isinstance(family, sp.Sum) else "ratio"
    if base.value is True and diff is not None and diff.value is True:
        return StepCheck.proved(f"telescoping certificate: at {n} = {n0} both sides are {sp.sstr(F.xreplace({n: n0}))}, and F({n}+1) {'- F(n)' if what == 'difference' else '/ F(n)'} is the next term {sp.sstr(nxt)} exactly ({diff.method}): by induction on {n} >= {n0}")
    return _refuted(rel, n, n0, f"no telescoping certificate (base {'holds' if base.value is True else 'fails'}, the {what} of the closed form {'is not the next term' if base.value is True else 'unchecked'})")


def _shifted(rel, n, ctx) -> StepCheck:
    """A sum up to n + c (c an integer): the same certificate in m = n + c, over m >= n0 + c."""
    for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if not isinstance(side, (sp.Sum, sp.Product)) or len(side.limits) != 1 or other.has(sp.Sum, sp.Product):
            continue
        c = sp.expand(side.limits[0][2] - n)
        n0 = _start(n, ctx.facts)
        if not c.is_Integer or c == 0 or n0 is None or side.function.has(n) or side.limits[0][1].has(n):
            continue
        m = sp.Symbol(f"{n.name}_shifted", integer=True)
        (k, a, _), f = side.limits[0], side.function
        goal = Goal(side.func(f, (k, a, m)), "=", other.xreplace({n: m - c}))
        facts = tuple(x for x in ctx.facts if n not in getattr(x, "free_symbols", set())) + (sp.Ge(m, n0 + c),)
        found = telescoping(goal, Context(facts, ctx.lemma, (), facts))
        if found.verdict is Verdict.PROVED:
            return StepCheck.proved(f"in {m} = {sp.sstr(n + c)}: {found.method}")
        if found.counterexample is not None and m.name in found.counterexample.values:
            at = int(found.counterexample.values[m.name]) - int(c)
            detail = f"at {n} = {at} exactly the statement fails"
            return StepCheck(Verdict.REFUTED, "telescoping", detail, Counterexample({n.name: str(at)}, detail, True))
        return StepCheck.unknown("telescoping", found.detail or found.method)
    return StepCheck.unknown("telescoping", "not a sum or product up to n set equal to a closed form")


def _factored(family, F, n, n0, rel, ctx) -> StepCheck:
    """sum_{k=a}^{n} c(n) g(k) = F(n): the sum of g up to n proved equal to a closed form H (SymPy's
    summation proposes H, the telescoping certificate decides), then c(n) H(n) = F(n) exactly."""
    (k, a, _), f = family.limits[0], family.function
    c, g = f.as_independent(k, as_Add=False)
    if g.has(n) or not isinstance(family, sp.Sum):
        return _refuted(rel, n, n0, "the terms depend on n through more than a factor: no telescoping certificate")
    try:
        with budget(SECONDS):
            H = sp.summation(g, (k, a, n))
    except OutOfTime:
        return StepCheck.unknown("telescoping", "out of time")
    if H.has(sp.Sum, sp.Piecewise):
        return _refuted(rel, n, n0, "no closed form of the sum of the terms' k-part")
    inner = telescoping(Goal(sp.Sum(g, (k, a, n)), "=", H), ctx)
    if inner.verdict is not Verdict.PROVED:
        return _refuted(rel, n, n0, f"the k-part's closed form is not certified ({inner.detail or inner.method})")
    this = sp.Sum(g, (k, a, n))  # the same sum written with another index (a softmax's normaliser) is H too
    c = c.replace(lambda e: isinstance(e, sp.Sum) and len(e.limits) == 1 and e.xreplace({e.limits[0][0]: k}) == this, lambda e: H)
    same = is_zero(sp.expand(c * H - F), tuple(ctx.facts) + (sp.Ge(n, n0),))
    if same.value is True:
        return StepCheck.proved(f"the factor {sp.sstr(c)} free of {k} comes out of the sum; sum of {sp.sstr(g)} = {sp.sstr(H)} by a {inner.method}; and {sp.sstr(c)} * ({sp.sstr(H)}) is the right side exactly ({same.method})")
    return _refuted(rel, n, n0, "the factored sum differs from the right side")


def _ratios(big, n):
    """Multipliers r(n) to try in d(n+1) = r d(n) + rest: each term's growth factor t(n+1)/t(n) when it
    is a rational function of n (2 for 2^n, n+1 for n!), and 1."""
    out = []
    for term in sp.Add.make_args(sp.expand(big)):
        if not term.has(n):
            continue
        try:
            r = sp.simplify(sp.combsimp(term.xreplace({n: n + 1}) / term))
        except Exception:  # noqa: BLE001
            continue
        if r.is_rational_function(n) and r not in out and r != 1:
            out.append(r)
    return out + [sp.Integer(1)]  # the plain difference last: the growth factors are the usual step


def _nonneg_for(g, n, n0, strict) -> str:
    """g(n) >= 0 (> 0) for every integer n >= n0, certified for every real n >= n0 (a stronger claim):
    by signs, or by calculus in one variable."""
    from .calculus_bounds import decide_one_variable
    from .inequality import decide_sign

    from derivations.decide.domain import conditions, implied
    from .integrals import holds_on

    t = sp.Symbol(n.name, real=True)
    # a factorial is some positive number: the sign for every positive value of it is the stronger claim
    g = g.replace(lambda e: isinstance(e, sp.factorial), lambda e: sp.Symbol(f"({sp.sstr(e.args[0])})!", positive=True))
    g_real = g.xreplace({n: t})
    facts = (sp.Ge(t, n0),)
    if g_real.has(sp.factorial, sp.binomial):  # of a real t these have no meaning here
        return ""
    try:
        with budget(STEP_SECONDS):
            # defined at every n >= n0: r = (n+1)^2/n^2 at n = 0 would make the step an identity nowhere
            if not all(implied(c, facts) or holds_on(c, t, facts) for c in conditions(g_real)):
                return ""
            ok, why = decide_sign(g_real, strict, facts)
            if ok:
                return why
            why = _by_logarithms(g_real, t, strict, facts)
            if why:
                return why
            found = decide_one_variable(g_real, strict, facts)
    except OutOfTime:
        return ""
    return found.how if found is not None and found.verdict is Verdict.PROVED else ""


def _by_logarithms(g, t, strict, facts) -> str:
    """g = A - B, A the positive terms and B the negative ones (each factored), A, B and every power's base
    > 0: A >= B iff log A >= log B, whose expanded form ((t+1) log(t+1) - t log t) is signed by
    monotonicity (t^t with t > 0 has no other form)."""
    from .inequality import decide_sign

    terms = sp.Add.make_args(sp.expand(g))
    A = sp.factor(sp.Add(*[a for a in terms if not a.could_extract_minus_sign()]))
    B = sp.factor(-sp.Add(*[a for a in terms if a.could_extract_minus_sign()]))
    if A == 0 or B == 0:
        return ""
    bases = [p.base for side in (A, B) for p in side.atoms(sp.Pow)] + [A, B]
    if not all(decide_sign(b, True, facts)[0] for b in bases):
        return ""
    ok, why = decide_sign(sp.expand(sp.expand_log(sp.log(A) - sp.log(B), force=True)), strict, facts)
    return f"{sp.sstr(A)} >= {sp.sstr(B)} as their logarithms ({why})" if ok else ""


@fallback("inequality")
def by_induction(goal: Goal, ctx: Context) -> StepCheck:
    """small <= big over integers n >= n0: the base d(n0) >= 0 exactly, and the step d(n+1) = r d(n) +
    rest with r >= 0 and rest >= 0 for n >= n0 (r > 0 when strict), an identity checked exactly."""
    from .inequality import _oriented

    small, op, big = _oriented(goal)
    if op not in ("<", "<="):
        return StepCheck.unknown("induction", "not an inequality")
    n = _integer_symbol(goal)
    if n is None or (big - small).free_symbols != {n}:
        return StepCheck.unknown("induction", "not a statement about one integer")
    n0 = _start(n, ctx.facts)
    if n0 is None:
        return StepCheck.unknown("induction", "the range of n is not a ray of integers")
    strict = op == "<"
    rel = (sp.Lt if strict else sp.Le)(small, big, evaluate=False)
    d = big - small
    try:
        with budget(SECONDS):
            base = _at(d, n, n0)
            if not base.is_number or (base < 0) == sp.true or (strict and base == 0):
                return _refuted(rel, n, n0, f"the base case {n} = {n0} fails")
            if (base >= 0) != sp.true:
                return StepCheck.unknown("induction", "the base case is not decided")
            if _first_failure(rel, n, n0) is not None:  # a small counterexample first: cheaper than any step
                return _refuted(rel, n, n0, "the statement fails at a small n")
            following = _shift(d, n)
            ratios = _ratios(big, n)  # then the small side's growth factors (n + 1 of n! in n! <= n^n)
            for r in ratios[:-1] + [r for r in _ratios(small, n) if r not in ratios] + ratios[-1:]:
                rest = sp.expand(following - r * d)  # 5^{n+1} - 5 * 5^n cancels; simplify writes 4^{n+1} as 2^{2n+2}
                if rest.has(sp.factorial, sp.binomial):  # (n+1)! - (n+1) n! cancels once (n+1)! is unfolded
                    rest = sp.factor(sp.cancel(sp.together(_unfold(following, n) - r * _unfold(d, n))))
                if rest.has(sp.Sum, sp.Product):
                    continue
                if not rest.is_Add or len(rest.args) > 2:
                    rest = sp.factor(sp.together(rest))
                for n1 in range(int(n0), int(n0) + START_SHIFTS):  # the step may hold only from n1 on
                    if not _nonneg_for(r, n, n1, strict):
                        continue
                    why = _nonneg_for(rest, n, n1, False)
                    if not why:
                        continue
                    if _first_failure(rel, n, n0, n1 - n0 + 1) is not None or not _all_hold(rel, n, n0, n1):
                        break
                    bases = f"g({n0}) = {sp.sstr(base)}" if n1 == n0 else f"{n} = {n0}..{n1} checked exactly"
                    return StepCheck.proved(f"induction on {n} >= {n0}: base {bases}; step for {n} >= {n1}: g({n}+1) = ({sp.sstr(r)}) g({n}) + ({sp.sstr(rest)}) for g = {sp.sstr(d)}, with {sp.sstr(r)} {'>' if strict else '>='} 0 and the rest >= 0 ({why})")
    except OutOfTime:
        return StepCheck.unknown("induction", "out of time")
    return _refuted(rel, n, n0, "no induction step found")
