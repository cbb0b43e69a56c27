"""Sums sum_{k=a}^{n+c} F(n, k) = C(n) by creative telescoping: a recurrence sum_j a_j(n) S(n+j) = 0 with a rational certificate R (G = R F), found by an ansatz and checked exactly, boundary terms included."""

from __future__ import annotations

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.decide.algebra import is_zero
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback

SECONDS = 4.0  # CPU seconds for one statement
CHECKED = 30  # n = n0 .. n0 + 29: the sum computed exactly against the closed form first
ORDERS = (1, 2)
EDGES = 4  # at most this many k at each end of the range handled as boundary terms
LABEL = "creative telescoping"


class Unfit(Exception):
    """Not of the class, or a piece of the certificate fails."""


def _family(goal, n):
    for side, other in ((goal.lhs, goal.rhs), (goal.rhs, goal.lhs)):
        if isinstance(side, sp.Sum) and len(side.limits) == 1 and not other.has(sp.Sum, sp.Product):
            k, a, b = side.limits[0]
            c = sp.expand(b - n)
            if a.is_Integer and c.is_Integer and side.function.has(n):
                return side.function, k, int(a), int(c), other
    return None


def _exact_sum(F, k, a, c, n, v):
    """The sum at n = v term by term; a range running backwards has SymPy's (Karr's) meaning."""
    at = lambda i: F.xreplace({n: sp.Integer(v), k: sp.Integer(i)})  # noqa: E731
    if v + c < a - 1:
        return -sp.Add(*[at(i) for i in range(v + c + 1, a)])
    return sp.Add(*[at(i) for i in range(a, v + c + 1)])


def _differs(F, k, a, c, C, n, v) -> bool | None:
    """S(v) != C(v), exactly (None when C(v) has no value)."""
    right = sp.sympify(C).xreplace({n: sp.Integer(v)})
    if right.has(sp.zoo, sp.nan) or not right.is_number:
        return None
    return sp.nsimplify(sp.simplify(_exact_sum(F, k, a, c, n, v) - right)) != 0


def _linear_forms(expr, n, k):
    """The linear factors (in n, k, rational coefficients) of a polynomial, or Unfit."""
    out = []
    for f, _ in sp.factor_list(sp.expand(expr), n, k)[1]:
        poly = sp.Poly(f, n, k)
        if poly.total_degree() > 1 or poly.domain not in (sp.ZZ, sp.QQ):
            raise Unfit(f"the factor {sp.sstr(f)} is not linear")
        out.append(f)
    return out


def _sign_on(L, n, k, region) -> int:
    """+1 (-1) when the linear L(n, k) > 0 (< 0) on {n >= N, lo <= k <= n + hi} (vertices and recession
    directions (1, 0), (1, 1) checked), 0 when neither."""
    N, lo, hi = region
    alpha, beta = sp.expand(L).coeff(n), sp.expand(L).coeff(k)
    values = [L.xreplace({n: N, k: lo}), L.xreplace({n: N, k: N + hi})]
    slopes = [alpha, alpha + beta]
    if all(v > 0 for v in values) and all(s >= 0 for s in slopes):
        return 1
    if all(v < 0 for v in values) and all(s <= 0 for s in slopes):
        return -1
    return 0


def _nonneg_on(L, n, k, region) -> bool:
    N, lo, hi = region
    alpha, beta = sp.expand(L).coeff(n), sp.expand(L).coeff(k)
    return all(L.xreplace({n: N, k: kk}) >= 0 for kk in (lo, N + hi)) and alpha >= 0 and alpha + beta >= 0


def _arguments(F, n, k):
    """Linear forms that must be >= 0 for F's factorials and binomials to be Gamma values at (n, k)."""
    forms = []
    for f in F.atoms(sp.factorial):
        forms.append(f.args[0])
    for b in F.atoms(sp.binomial):
        forms += [b.args[1], b.args[0] - b.args[1]]
    for f in forms:
        if sp.Poly(f, n, k).total_degree() > 1:
            raise Unfit("a factorial or binomial of a nonlinear argument")
    return forms


def _ratio(F, shifted, n, k):
    r = sp.factor(sp.cancel(sp.combsimp(sp.gammasimp((shifted / F).rewrite(sp.gamma)))))
    if r.has(sp.gamma, sp.factorial, sp.binomial) or not r.is_rational_function(n, k):
        raise Unfit(f"the ratio {sp.sstr(r)} is not rational in {n}, {k}")
    return r


def _certificate(F, n, k):
    """(a_0..a_J, R) with sum_j a_j F(n+j, k) = G(k+1) - G(k), G = R F, checked as a rational identity
    after dividing by F(n, k)."""
    rho = _ratio(F, F.xreplace({k: k + 1}), n, k)
    for J in ORDERS:
        rs = [sp.Integer(1)] + [_ratio(F, F.xreplace({n: n + j}), n, k) for j in range(1, J + 1)]
        D = sp.Integer(1)
        for r in rs:
            D = sp.lcm(D, sp.fraction(sp.cancel(r))[1])
        D = sp.factor(D)
        for degree in range(0, int(sp.degree(D, k)) + 3):
            a = sp.symbols(f"a0:{J + 1}")
            p = sp.symbols(f"p0:{degree + 1}")
            P = sum(pi * k**i for i, pi in enumerate(p))
            R = P / D
            eq = sp.together(R.xreplace({k: k + 1}) * rho - R - sum(aj * r for aj, r in zip(a, rs)))
            num = sp.expand(sp.fraction(eq)[0])
            eqs = sp.Poly(num, k).coeffs()
            sol = sp.linsolve(eqs, list(a) + list(p))
            if not sol:
                continue
            (values,) = list(sol)
            free = set().union(*[v.free_symbols for v in values]) & (set(a) | set(p))
            choice = {s: sp.Integer(1) for s in free}
            avals = [sp.cancel(v.xreplace(choice)) for v in values[: J + 1]]
            if all(v == 0 for v in avals):
                continue
            scale = sp.Integer(1)
            for v in avals:
                scale = sp.lcm(scale, sp.fraction(sp.cancel(v))[1])
            avals = [sp.factor(sp.cancel(v * scale)) for v in avals]
            Rval = sp.cancel(R.xreplace(dict(zip(p, [v.xreplace(choice) * scale for v in values[J + 1:]]))))
            check = sp.cancel(sp.together(Rval.xreplace({k: k + 1}) * rho - Rval - sum(aj * r for aj, r in zip(avals, rs))))
            if check == 0:
                return avals, Rval, rs, rho
    raise Unfit("no recurrence of order 1 or 2 with a rational certificate")


def _good_region(F, R, rs, rho, n, k, a, c, n0, J):
    """(N, s, t): for n >= N and a + s <= k <= n + c - t, every factorial and binomial at (n + j, k) and
    (n, k + 1) is a Gamma value and no denominator vanishes, so the rational identity holds as numbers."""
    args = []
    for j in range(J + 1):
        args += [f.xreplace({n: n + j}) for f in _arguments(F, n, k)]
    args += [f.xreplace({k: k + 1}) for f in _arguments(F, n, k)]
    dens = [sp.fraction(sp.cancel(r))[1] for r in rs + [rho]]
    num_F, den_F = sp.fraction(sp.cancel(F.replace(lambda e: isinstance(e, (sp.binomial, sp.factorial)), lambda e: sp.Integer(1)).replace(lambda e: e.is_Pow and e.exp.has(n, k), lambda e: sp.Integer(1))))
    dens += [sp.fraction(R)[1], sp.fraction(R.xreplace({k: k + 1}))[1], num_F, den_F]
    dens += [f.xreplace({n: n + j}) for f in (num_F, den_F) for j in range(1, J + 1)] + [f.xreplace({k: k + 1}) for f in (num_F, den_F)]
    linear = [L for d in dens if d.has(n, k) for L in _linear_forms(d, n, k)]
    for s in range(EDGES):
        for t in range(EDGES):
            N = max(int(n0), a + s - c + t)
            region = (N, a + s, c - t)
            if all(_nonneg_on(f, n, k, region) for f in args) and all(_sign_on(L, n, k, region) for L in linear):
                return N, s, t
    raise Unfit("the certificate's identity is not shown to hold at every k of the range")


def _value(expr):
    return sp.combsimp(sp.simplify(sp.expand_func(expr)))


def certify(F, k, a, c, C, n, n0, checked_upto) -> str:
    avals, R, rs, rho = _certificate(F, n, k)
    J = len(avals) - 1
    N, s, t = _good_region(F, R, rs, rho, n, k, a, c, n0, J)
    while avals[-1] == 0:  # the recurrence's true order: its last nonzero coefficient leads
        avals = avals[:-1]
    J = len(avals) - 1
    top = n + c - t  # the identity holds for k = a + s .. top: it telescopes to G(top + 1) - G(a + s)
    G = lambda kk: R.xreplace({k: kk}) * F.xreplace({k: kk})  # noqa: E731
    boundary = G(top + 1) - G(a + s)
    for j, aj in enumerate(avals):
        Fj = F.xreplace({n: n + j})
        edge = [Fj.xreplace({k: a + i}) for i in range(s)] + [Fj.xreplace({k: n + c + i}) for i in range(1 - t, j + 1)]
        boundary += aj * sp.Add(*edge)
    # sum_j a_j S(n+j) = boundary(n) for n >= N: seen again at concrete n, the sums computed term by term
    for v in range(N, N + 3):
        at = sp.Add(*[aj.xreplace({n: v}) * _exact_sum(F, k, a, c, n, v + j) for j, aj in enumerate(avals)])
        if sp.simplify(at - boundary.xreplace({n: sp.Integer(v)})) != 0:
            raise Unfit(f"the telescoped recurrence does not hold at {n} = {v}")
    # the closed form must satisfy the same recurrence, with the same right side
    rec = sp.Add(*[aj * C.xreplace({n: n + j}) for j, aj in enumerate(avals)]) - boundary
    if is_zero(_value(rec), (sp.Ge(n, N),)).value is not True:
        raise Unfit("the closed form does not satisfy the recurrence")
    lead = sp.Poly(avals[-1], n)
    zeros = [int(r) for r in sp.roots(lead, filter="Z") if r >= N] if lead.degree() > 0 else []
    last_needed = max([N + J - 1] + [z + J for z in zeros])
    if last_needed > checked_upto:
        raise Unfit("the leading coefficient vanishes beyond the values checked")
    rec_text = " + ".join(f"({sp.sstr(aj)}) S({n}+{j})" if j else f"({sp.sstr(aj)}) S({n})" for j, aj in enumerate(avals))
    rhs = sp.sstr(_value(boundary))
    return f"creative telescoping: {rec_text} = {rhs} for {n} >= {N}, with certificate R({n},{k}) = {sp.sstr(R)} (sum_j a_j F({n}+j,{k}) = G({k}+1) - G({k}), G = R F, an exact rational identity after dividing by F; it holds as numbers for {k} = {a + s}..{sp.sstr(top)}, the boundary terms give the right side); the closed form satisfies the same recurrence exactly and agrees with the sum at {n} = {n0}..{checked_upto} (computed exactly){'; the leading coefficient vanishes at ' + str(zeros) + ', where the values were checked' if zeros else ''}"


@fallback("identity")
def by_creative_telescoping(goal: Goal, ctx: Context) -> StepCheck:
    """sum_{k=a}^{n+c} F(n, k) = C(n) for every integer n >= n0 (F depends on n): refuted at the first n
    where the two sides differ exactly, else proved by a recurrence with a certificate (see certify)."""
    from .growth_ratios import admissible
    from .induction import _integer_symbol, _start

    if goal.op != "=":
        return StepCheck.unknown(LABEL, "not an equality")
    n = _integer_symbol(goal)
    found = _family(goal, n) if n is not None and (goal.lhs - goal.rhs).free_symbols == {n} else None
    n0 = _start(n, [f for f in ctx.facts if not isinstance(f, sp.Ne)]) if found is not None else None  # n != c set aside
    if found is None or n0 is None:
        return StepCheck.unknown(LABEL, "not a sum over k = a..n + c with terms depending on n, n an integer on a ray")
    F, k, a, c, C = found
    try:
        with budget(SECONDS):
            last = None
            for v in range(int(n0), int(n0) + CHECKED):
                differs = _differs(F, k, a, c, C, n, v)
                if differs is None:
                    break
                if differs and not admissible(v, n, ctx.facts):
                    break  # an excluded value: neither a counterexample nor an initial value
                if differs:
                    detail = f"at {n} = {v} the sum, computed exactly term by term, differs from {sp.sstr(C)}"
                    return StepCheck(Verdict.REFUTED, LABEL, detail, Counterexample({n.name: str(v)}, detail, True))
                last = v
            if last is None:
                return StepCheck.unknown(LABEL, f"the closed form has no value at {n} = {n0}")
            why = certify(F, k, a, c, C, n, n0, last)
    except OutOfTime:
        return StepCheck.unknown(LABEL, "out of time")
    except Unfit as exc:
        return StepCheck.unknown(LABEL, f"{exc}; the two sides agree at {n} = {n0}..{last} (computed exactly)")
    except (sp.PolynomialError, ValueError, TypeError, ZeroDivisionError, NotImplementedError) as exc:
        return StepCheck.unknown(LABEL, f"no certificate ({type(exc).__name__})")
    return StepCheck.proved(why)
