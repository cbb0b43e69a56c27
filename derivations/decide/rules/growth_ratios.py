"""Inequalities a_n <= b_n over integers n >= n0 between positive products of n!, binomials, c^n, n^n, sqrt(n), e^n: exact search for a failure, then induction on the ratio b_n / a_n, its growth log(b_{n+1}/b_n) - log(a_{n+1}/a_n) >= 0 signed on a real ray."""

from __future__ import annotations

import mpmath
import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback
from .ray_signs import DEPTH, _limit, constant_sign, log_sign, monotone_increments, rational_sign

SECONDS = 3.0  # CPU seconds for one statement
SEARCHED = 61  # n = n0 .. n0 + 60 computed exactly (a certified enclosure) before any step is tried
FAR = 2**18  # the farthest n looked at for a failure when the ratio b/a decreases
START_SHIFTS = 12  # the step may hold only from n0 + 11 on, the values before it computed exactly
LABEL = "growth ratios"


class NotInClass(Exception):
    """The side is not a product of factors whose growth ratio is known."""


def _linear(e, n):
    """(p, c) with e = p n + c, p and c integers, else None."""
    e = sp.expand(e)
    p, c = e.coeff(n), sp.sympify(e.xreplace({n: sp.Integer(0)}))
    return (p, c) if sp.expand(p * n + c - e) == 0 and p.is_Integer and c.is_Integer else None


def _hypergeometric_ratio(f, n, n0):
    """f(n+1)/f(n) for f = (p n + c)! or binom(A n + a, B n + b), a rational function, with f > 0 for
    every integer n >= n0; None when f is neither."""
    if isinstance(f, sp.factorial):
        lin = _linear(f.args[0], n)
        if lin is None or lin[0] < 0 or lin[0] * n0 + lin[1] < 0:
            raise NotInClass(f"{sp.sstr(f)} is not (p n + c)! with p n + c >= 0")
        p, c = lin
        return sp.Mul(*[p * n + c + j for j in range(1, int(p) + 1)])
    if isinstance(f, sp.binomial):
        top, bottom = _linear(f.args[0], n), _linear(f.args[1], n)
        if top is None or bottom is None:
            raise NotInClass(f"{sp.sstr(f)} is not a binomial of integers linear in n")
        (A, a), (B, b) = top, bottom
        # 0 <= B n + b <= A n + a for every n >= n0: both ends linear, checked at n0 with nonnegative slopes
        if not (B >= 0 and A - B >= 0 and B * n0 + b >= 0 and (A - B) * n0 + (a - b) >= 0):
            raise NotInClass(f"{sp.sstr(f)} is not positive for every n >= {n0}")
        k, m = f.args[1], f.args[0] - f.args[1]
        up = sp.Mul(*[sp.expand(f.args[0]) + j for j in range(1, int(A) + 1)])
        down = sp.Mul(*[sp.expand(k) + j for j in range(1, int(B) + 1)]) * sp.Mul(*[sp.expand(m) + j for j in range(1, int(A - B) + 1)])
        return sp.cancel(up / down)
    return None


def _elementary_positive(f, n, n0) -> bool:
    """f > 0 for every real n >= n0: a positive constant, a rational function positive there, exp(.),
    or a power of one of these to any real exponent."""
    x = n
    if not f.has(n):
        return constant_sign(f) == 1
    if isinstance(f, sp.exp):
        return f.args[0].is_real is not False
    if f.is_Pow:
        return _elementary_positive(f.base, n, n0)
    if f.is_Mul:
        return all(_elementary_positive(g, n, n0) for g in f.args)
    if f.is_rational_function(n):
        s = rational_sign(f, x, n0)
        return s is not None and s.sign == 1 and s.strict
    return False


def growth(side, n, n0):
    """(hypergeometric part of log(side(n+1)/side(n)), e) with log side(n) = (hypergeometric logs) + e(n):
    side a product of powers of factorials, binomials and elementary positive factors."""
    hyper, elementary = sp.Integer(0), sp.Integer(0)
    for factor in sp.Mul.make_args(side):
        base, exp = factor.as_base_exp() if not isinstance(factor, sp.exp) else (factor, sp.Integer(1))
        if base.has(sp.factorial, sp.binomial, sp.gamma):
            if exp.has(n) or not exp.is_Rational:
                raise NotInClass("a factorial or binomial to a power depending on n")
            ratio = _hypergeometric_ratio(base, n, n0)
            if ratio is None:
                raise NotInClass(f"no growth ratio of {sp.sstr(base)}")
            hyper += exp * sp.log(ratio)
        elif factor.has(n):
            if not _elementary_positive(factor, n, n0):
                raise NotInClass(f"{sp.sstr(factor)} is not positive for every n >= {n0}")
            elementary += sp.expand_log(sp.log(factor), force=True)
        elif constant_sign(factor) != 1:
            raise NotInClass(f"the constant {sp.sstr(factor)} is not positive")
    return sp.expand(sp.expand_log(hyper, force=True)), sp.expand(elementary)


def _value(d, n, v):
    """The sign of d at the integer n = v: exact or by a certified enclosure (None when neither says)."""
    at = sp.sympify(d).xreplace({n: sp.Integer(v)})
    try:
        at = sp.sympify(at.doit())
    except (ValueError, ZeroDivisionError):
        return None
    if at.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    return constant_sign(at)


def _scan(d, n, values):
    """d at each integer in values in 30-digit floats (None where not evaluated): a quick look only."""
    try:
        f = sp.lambdify(n, d, modules=["mpmath", {"factorial": mpmath.factorial, "binomial": mpmath.binomial}])
    except Exception:  # noqa: BLE001 - nothing to look at quickly
        return [None for _ in values]
    out = []
    with mpmath.workdps(30):
        for v in values:
            try:
                y = f(mpmath.mpf(v))
                out.append(y if isinstance(y, mpmath.mpf) and mpmath.isfinite(y) else None)
            except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                out.append(None)
    return out


def search(d, strict, n, n0, count=SEARCHED, exact=2):
    """(first n where d >= 0 (> 0) fails, last n up to which it holds): n0 .. n0 + count - 1 looked at in
    30-digit floats, a failure (or a near tie) then decided exactly, and the first `exact` values always
    decided exactly (the bases of an induction are decided again by `exactly_up_to`)."""
    values = list(range(int(n0), int(n0) + count))
    last = None
    for v, y in zip(values, _scan(d, n, values)):
        if y is None or v < n0 + exact or abs(y) <= mpmath.mpf(10) ** -20 * (1 + abs(y)) or y < 0:
            s = _value(d, n, v)
            if s is None:
                return None, last
            if s < 0 or (strict and s == 0):
                return v, last
        last = v
    return None, last


def exactly_up_to(d, strict, n, n0, n1):
    """The first n0 <= v <= n1 where d >= 0 (> 0) fails exactly, 'undecided' when one is not decided, else None."""
    for v in range(int(n0), int(n1) + 1):
        sign = _value(d, n, v)
        if sign is None:
            return "undecided"
        if sign < 0 or (strict and sign == 0):
            return v
    return None


def _increments_agree(L, small, big, n, at) -> bool:
    """The growth L at a real point agrees with log(big(n+1)/big(n)) - log(small(n+1)/small(n)) at an
    integer: a guard against a wrong expansion of logarithms (only integers carry meaning here)."""
    with mpmath.workdps(40):
        try:
            direct = sp.N(sp.log(big.xreplace({n: at + 1}) / big.xreplace({n: at})) - sp.log(small.xreplace({n: at + 1}) / small.xreplace({n: at})), 40)
            mine = sp.N(L.xreplace({n: at}), 40)
        except (ValueError, ZeroDivisionError, TypeError):
            return False
        return direct.is_number and mine.is_number and abs(direct - mine) <= 10**-30 * max(1, abs(direct))


def step(small, big, n, n0):
    """(n1, why, None) when big/small is nondecreasing over integers n >= n1 (both sides positive there),
    else (None, why not, the n from which it is shown to decrease or None)."""
    why_not = "no start found"
    x = sp.Symbol(n.name, positive=True)
    for n1 in range(int(n0), int(n0) + START_SHIFTS):
        try:
            hb, eb = growth(big, n, n1)
            hs, es = growth(small, n, n1)
        except NotInClass as exc:
            why_not = str(exc)
            continue
        e = sp.expand(eb - es)
        increments = sp.expand(sp.expand_log(e.xreplace({n: n + 1}), force=True) - e)
        L = sp.expand(hb - hs + increments)
        if not all(_increments_agree(L, small, big, n, v) for v in (n1, n1 + 3)):
            return None, "the growth of the two sides does not agree with their values", None
        rx = {n: x}
        found = log_sign(L.xreplace(rx), x, n1, depth=DEPTH - 1)  # one or two derivatives: the usual case
        if found is not None and found.sign == 1:
            return n1, f"the growth log(b({n}+1)/b({n})) - log(a({n}+1)/a({n})) = {sp.sstr(L)} >= 0 for real {n} >= {n1}: {found.why}", None
        if e.has(n):
            hyper = log_sign(sp.expand(hb - hs).xreplace(rx), x, n1) if (hb - hs) != 0 else None
            if (hb - hs) == 0 or (hyper is not None and hyper.sign == 1):
                mono = monotone_increments(e.xreplace(rx), x, n1)
                if mono is not None and mono.sign == 1:
                    part = "" if (hb - hs) == 0 else f"the factorial part's growth {sp.sstr(hb - hs)} >= 0 [{hyper.why}], and "
                    return n1, f"{part}log(b/a) = {sp.sstr(e)} + ... increases from one n to the next as {mono.why}", None
        if e.has(n) and (hb - hs) == 0:
            mono = monotone_increments(e.xreplace(rx), x, n1)
            if mono is not None and mono.sign == -1 and mono.strict:
                return None, f"the ratio b/a decreases for {n} >= {n1} ({mono.why}): no induction on it", n1
        why_not = f"the growth {sp.sstr(L)} is not shown >= 0 for {n} >= {n1}"
        if found is not None and found.sign == -1 and found.strict:
            return None, f"the ratio b/a decreases for {n} >= {n1} (its growth {sp.sstr(L)} < 0): no induction on it", n1
    return None, why_not, None


def far_failure(small, big, n, n1):
    """b/a decreasing for n >= n1: the least n = n1 2^i, then bisected, where b/a < 1 - 10^-8 in 30-digit
    floats (a point for the witness to confirm by interval arithmetic), or None up to FAR."""
    f = sp.lambdify(n, big / small, modules=["mpmath", {"factorial": mpmath.factorial, "binomial": mpmath.binomial}])
    below = lambda v: f(mpmath.mpf(v)) < 1 - mpmath.mpf(10) ** -8  # noqa: E731
    with mpmath.workdps(30):
        try:
            low, high = max(int(n1), 1), None
            while low <= FAR:
                if below(2 * low):
                    high = 2 * low
                    break
                low *= 2
            if high is None:
                return None
            while high - low > 1:
                mid = (low + high) // 2
                low, high = (low, mid) if below(mid) else (mid, high)
            return high
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None


def _stirling(m, n):
    """log m! less an error -> 0 as m -> oo (Stirling: log m! = m log m - m + log(2 pi m)/2 + O(1/m)),
    for m = p n + c with p > 0; the limit of log(b/a) is unchanged by the replacement."""
    lin = _linear(m, n)
    if lin is None or lin[0] <= 0:
        return sp.log(sp.factorial(m))
    return m * sp.log(m) - m + sp.log(2 * sp.pi * m) / 2


def _limit_of_ratio(small, big, n) -> str:
    """lim log(b/a) at oo >= 0 (factorials by Stirling's formula, then SymPy's limit, seen again in 60-digit
    floats at n = 10^6, 10^9, 10^12): why, or ''."""
    x = sp.Symbol(n.name, positive=True)
    sides = [side.replace(lambda e: isinstance(e, sp.binomial), lambda e: e.rewrite(sp.factorial)) for side in (big, small)]
    h = sp.expand(sp.expand_log(sp.log(sides[0]) - sp.log(sides[1]), force=True))
    h = h.replace(lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.factorial) and e.args[0].args[0].has(n), lambda e: _stirling(e.args[0].args[0], n))
    if h.has(sp.factorial, sp.binomial):
        return ""
    found = _limit(h.xreplace({n: x}), x)
    if found is None:
        return ""
    sign = 1 if found == sp.oo else -1 if found == -sp.oo else constant_sign(found)
    return f"lim log(b/a) = {sp.sstr(found)}{'' if sign == 0 else ' > 0'} (log m! by Stirling's m log m - m + log(2 pi m)/2, the rest -> 0)" if sign is not None and sign >= 0 else ""


def _one_integer(goal, ctx):
    """(n, n0) for a statement about one integer n >= n0; values n != c that the facts (or the domain)
    exclude are set aside: a proof for every n >= n0 covers the rest, a counterexample must be admissible."""
    from .induction import _integer_symbol, _start

    n = _integer_symbol(goal)
    if n is None or (goal.lhs - goal.rhs).free_symbols != {n}:
        return None, None
    return n, _start(n, [f for f in ctx.facts if not isinstance(f, sp.Ne)])


def admissible(v, n, facts) -> bool:
    """Every fact about n (the excluded values among them) holds at n = v."""
    return all(sp.sympify(f).xreplace({n: sp.Integer(v)}) == sp.true for f in facts if n in getattr(f, "free_symbols", set()))


def refutation(label, n, v, detail, exact, facts) -> StepCheck:
    """Refuted at n = v, when the facts allow v."""
    if not admissible(v, n, facts):
        return StepCheck.unknown(label, f"the statement fails at {n} = {v}, a value the assumptions or the domain exclude")
    return StepCheck(Verdict.REFUTED, label, detail, Counterexample({n.name: str(v)}, detail, exact))


@fallback("inequality", order=30)
def by_growth_ratios(goal: Goal, ctx: Context) -> StepCheck:
    """a_n <= b_n (<) for every integer n >= n0, both sides positive products of factorials, binomials
    and elementary factors: refuted at the first n0 <= n <= n0 + 60 where it fails (exact), else proved
    by the values up to n1 and b_{n+1}/b_n >= a_{n+1}/a_n for real n >= n1 (then b_n/a_n only grows)."""
    from .inequality import _oriented

    small, op, big = _oriented(goal)
    if op not in ("<", "<="):
        return StepCheck.unknown(LABEL, "not an inequality")
    n, n0 = _one_integer(goal, ctx)
    if n is None or n0 is None:
        return StepCheck.unknown(LABEL, "not a statement about one integer on a ray")
    strict = op == "<"
    d = big - small
    if not (d.has(sp.factorial, sp.binomial) or any(p.exp.has(n) for p in d.atoms(sp.Pow)) or d.has(sp.exp)):
        return StepCheck.unknown(LABEL, "no factorial, binomial or power with n in the exponent")
    try:
        with budget(SECONDS):
            bad, last = search(d, strict, n, n0)
            if bad is not None:
                rel = sp.sstr(goal.relation())
                detail = f"at {n} = {bad} the statement {rel} fails, computed exactly (the values from {n} = {n0} on were checked in turn)"
                return refutation(LABEL, n, bad, detail, True, ctx.facts)
            if last is None:
                return StepCheck.unknown(LABEL, f"the statement at {n} = {n0} is not decided exactly")
            n1, why, falling = step(small, big, n, n0)
            far = far_failure(small, big, n, falling) if falling is not None else None
            start = n1 if n1 is not None else falling
            bases = exactly_up_to(d, strict, n, n0, start) if start is not None and start <= last else "undecided"
            if bases is not None and bases != "undecided":
                detail = f"at {n} = {bases} the statement {sp.sstr(goal.relation())} fails, computed exactly"
                return refutation(LABEL, n, bases, detail, True, ctx.facts)
            if bases == "undecided":  # no proof without its bases; a far failure is still for the witness
                n1 = None
                falling = falling if far is not None else None
    except OutOfTime:
        return StepCheck.unknown(LABEL, "out of time")
    if falling is not None and far is None and falling <= last:
        limit = _limit_of_ratio(small, big, n)
        if limit:
            return StepCheck.proved(f"b/a decreases to a limit >= 1 (a = {sp.sstr(small)}, b = {sp.sstr(big)}): {why.split(': no induction')[0]}, strictly, and {limit}; so b/a > its limit >= 1 for {n} >= {falling}, and {n} = {n0}..{falling} are computed exactly")
    if far is not None:
        detail = f"{why}; at {n} = {far} the ratio b/a is below 1 - 10^-8 in 30-digit floats (the statement fails there and for every larger {n}, b/a only decreasing)"
        return refutation(LABEL, n, far, detail, False, ctx.facts)
    if n1 is None or n1 > last:
        return StepCheck.unknown(LABEL, f"no induction on b/a: {why}; it holds for {n} = {n0}..{last}, computed exactly")
    return StepCheck.proved(f"induction on the ratio b/a of the two sides (a = {sp.sstr(small)}, b = {sp.sstr(big)}), both positive for {n} >= {n1}: the statement holds {'strictly ' if strict else ''}at {n} = {n0}..{n1}, computed exactly; step: {why}; so b/a at {n} >= {n1} is at least its value at {n1}, {'>' if strict else '>='} 1")
