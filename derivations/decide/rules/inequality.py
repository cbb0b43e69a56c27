"""Inequalities, each from an explicit certificate: a complete square, AM-GM, signs of factors, products of bounds."""

from __future__ import annotations

import sympy as sp

from derivations.decide.algebra import is_zero, sign_of, strengthen, sum_extent
from derivations.decide.symmetry import by_symmetry
from derivations.model.verdict import StepCheck
from . import Context, Goal, register

_FLIP = {">": "<", ">=": "<=", "<": "<", "<=": "<="}


def _oriented(goal: Goal) -> tuple[sp.Expr, str, sp.Expr]:
    """The goal as small (< or <=) big."""
    if goal.op in (">", ">="):
        return goal.rhs, _FLIP[goal.op], goal.lhs
    return goal.lhs, goal.op, goal.rhs


def gap_of(goal: Goal) -> tuple[sp.Expr, bool] | None:
    """An inequality goal as (big - small, strict): big - small >= 0 (> 0) is what it states; None for an
    equality or any other relation."""
    small, op, big = _oriented(goal)
    return (sp.sympify(big - small), op == "<") if op in ("<", "<=") else None


@register("am-gm", description="AM-GM: a b <= ((a + b)/2)^2, certified by the square ((a - b)/2)^2")
def am_gm(goal: Goal, ctx: Context) -> StepCheck:
    """a*b <= ((a+b)/2)^2 for real a, b, since the difference is the complete square ((a-b)/2)^2."""
    small, op, big = _oriented(goal)
    if op != "<=":
        return StepCheck.unknown("AM-GM", "AM-GM gives a non-strict bound (<=)")
    a, b = goal.hints.get("a"), goal.hints.get("b")
    if a is None or b is None:
        factors = sp.Mul.make_args(small)
        if len(factors) != 2:
            return StepCheck.unknown("AM-GM", "give the two factors as hints a=..., b=...")
        a, b = factors
    if is_zero(small - a * b, ctx.facts).value is not True:
        return StepCheck.unknown("AM-GM", f"{small} is not a*b for the given a, b")
    for factor in (a, b):
        if not sp.sympify(factor).is_real and sign_of(factor, ctx.facts)[0] is None:
            return StepCheck.unknown("AM-GM", f"{factor} is not known to be real")
    square = ((a - b) / 2) ** 2
    decision = is_zero(big - small - square, ctx.facts)
    if decision.value is True:
        return StepCheck.proved(f"certificate: right - left = ({sp.sstr((a - b) / 2)})^2 >= 0, exactly ({decision.method})")
    return StepCheck.unknown("AM-GM", "right - left is not ((a-b)/2)^2: " + decision.method)


@register("sum-of-squares", description="right - left equals a given nonnegative combination of squares")
def sum_of_squares(goal: Goal, ctx: Context) -> StepCheck:
    """left <= right because right - left = sum w_i c_i^2 with constants w_i >= 0 (hints squares=, weights=)."""
    small, op, big = _oriented(goal)
    squares = list(goal.hints.get("squares", ()))
    weights = list(goal.hints.get("weights", [1] * len(squares)))
    if op != "<=" or not squares or len(weights) != len(squares):
        return StepCheck.unknown("sum of squares", "needs a non-strict bound and hints squares=[...] (weights=[...])")
    if not all(sp.sympify(w).is_number and sp.sympify(w) >= 0 for w in weights):
        return StepCheck.unknown("sum of squares", "weights must be nonnegative constants")
    for c in squares:  # the square of a non-real number may be negative: sqrt(-e^{-200})^2 < 0
        if sp.sympify(c).is_real is not True and sign_of(c, ctx.facts)[0] is None and sign_of(-sp.sympify(c), ctx.facts)[0] is None:
            return StepCheck.unknown("sum of squares", f"{sp.sstr(c)} is not known to be real")
    certificate = sum(sp.sympify(w) * sp.sympify(c) ** 2 for w, c in zip(weights, squares))
    decision = is_zero(big - small - certificate, ctx.facts)
    if decision.value is True:
        return StepCheck.proved(f"certificate: right - left = {sp.sstr(certificate)}, exactly ({decision.method})")
    return StepCheck.unknown("sum of squares", decision.method)


@register("positivity", description="a sign from factors of known sign (exp > 0, 0 < sigma < 1, hypotheses)")
def positivity(goal: Goal, ctx: Context) -> StepCheck:
    """0 < e (or 0 <= e): e is a product/sum of factors whose signs are known symbolically."""
    small, op, big = _oriented(goal)
    expr = big - small
    sign, why = sign_of(expr, ctx.facts)
    if sign == "pos" or (sign == "nonneg" and op == "<="):
        return StepCheck.proved(why)
    if sign == "nonneg":
        return StepCheck.unknown("sign", f"only {sp.sstr(expr)} >= 0 is known, the step needs > 0")
    return StepCheck.unknown("sign", why)


# ---------------------------------------------------------------- automatic inequalities


def decide_sign(d: sp.Expr, strict: bool, facts, depth: int = 0) -> tuple[bool, str]:
    """Is d > 0 (strict) or d >= 0, decided symbolically? (decided, certificate or reason)."""
    from derivations.decide.algebra import sign_cases
    from derivations.notation import expand_notation

    d = sp.sympify(d)
    if d.has(sp.Derivative):  # computed first: a case split must not substitute into d/dx
        d = d.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    sign, why = sign_of(d, facts)
    if sign == "pos" or (sign == "nonneg" and not strict):
        return True, why
    if depth > 10:
        return False, why
    reduced = _monotone_reduce(d, facts)  # cheap first: F(b) - F(a) as written, before any rewriting
    if reduced is not None:
        ok, reason = decide_sign(reduced[0], strict, facts, depth + 1)
        if ok:
            return True, f"{reduced[1]}; {reason}"
    termwise = _termwise(d, strict, facts, depth)
    if termwise:
        return True, termwise
    rest = _sum_without_term(d, strict, facts, depth)
    if rest:
        return True, rest
    from derivations.notation import family_max

    def concrete(e):
        return e.replace(lambda e: isinstance(e, family_max) and e.args[1].is_Integer, lambda e: e.expanded())

    d, facts = concrete(d), tuple(concrete(sp.sympify(f)) for f in facts)
    wide = [m for m in d.atoms(sp.Max) if len(m.args) > 2]
    if wide:  # split on which argument is the largest: n cases, where sign cases would be 3^(n choose 2)
        big = wide[0]
        reasons, decided = [], []
        for m, arg in enumerate(big.args):
            larger = tuple(sp.Ge(arg, other) for other in big.args if other != arg)
            # in this case the maximum is arg, in the facts too (x_j < max becomes x_j < arg)
            case_facts = tuple(f.xreplace({big: arg}) for f in facts)
            if any(f == sp.false for f in case_facts) or _contradictory(case_facts + larger):
                reasons.append(f"{sp.sstr(arg)} largest: impossible")
                continue
            goal = (d.xreplace({big: arg}), (case_facts + larger,))
            image_of = by_symmetry(decided, arg, goal)  # this case is a decided one with two variables renamed
            if image_of is not None:
                reasons.append(f"{sp.sstr(arg)} largest: as {sp.sstr(image_of)}, by symmetry")
                continue
            ok, reason = decide_sign(goal[0], strict, case_facts + larger, depth + 1)
            if not ok:
                return False, f"case {sp.sstr(arg)} largest: {reason}"
            decided.append((arg, goal))
            reasons.append(f"{sp.sstr(arg)} largest")
        return True, "split on the largest argument (" + ", ".join(reasons) + "), each case certified"
    if d.has(sp.Max, sp.Min, sp.Abs, sp.Piecewise, sp.Heaviside, sp.sign):
        cases = sign_cases([d], facts)
        if cases is None:
            return False, "a Max/Min/Abs argument is not linear in any symbol"
        reasons = []
        for case in cases:
            ok, reason = decide_sign(sp.piecewise_fold(d.xreplace(case.substitution)), strict, facts, depth + 1)
            if not ok:
                return False, f"case {case.label}: {reason}"
            reasons.append(f"{case.label}: {reason}")
        return True, "case split; " + "; ".join(reasons)
    unfolded = expand_notation(d)
    forms = [unfolded]
    found = _by_structure(unfolded, strict, facts, depth)
    if found:
        return True, found
    # rewritten forms, cheapest first and only when needed: simplify is the cost of this function
    for transform in (lambda e: sp.together(e), lambda e: sp.factor(sp.together(e)), sp.simplify, _combined_logs):
        try:
            form = transform(unfolded)
        except Exception:  # noqa: BLE001 - a canonicaliser that fails decides nothing
            continue
        if any(form == f for f in forms):
            continue
        forms.append(form)
        sign, why = sign_of(form, facts)
        if sign == "pos" or (sign == "nonneg" and not strict):
            return True, f"{sp.sstr(d)} = {sp.sstr(form)}: {why}"
        found = _by_structure(form, strict, facts, depth)
        if found:
            return True, found
    logs = [t for t in sp.Add.make_args(sp.expand(unfolded)) if isinstance(t, sp.log)]
    if len(logs) == 1:
        # log is increasing: log P + R > 0  iff  P > e^{-R}  iff  P - e^{-R} > 0   (P > 0)
        (term,) = logs
        inner, rest = term.args[0], sp.expand(unfolded) - term
        if sign_of(inner, facts)[0] == "pos":
            ok, reason = decide_sign(sp.simplify(inner - sp.exp(-rest)), strict, facts, depth + 1)
            if ok:
                return True, f"log is increasing: {sp.sstr(inner)} - e^({sp.sstr(-rest)}) compared with 0; {reason}"
    square = _completed_square(d, strict)
    if square:
        return True, square
    return False, f"no certificate for the sign of {sp.sstr(d)}"


def impossible(facts) -> bool:
    """Facts that cannot all hold: one false outright, or with a value pinned by an equality (x != 0
    beside x = 0), or refuted by the others' certificates (-1 - x^2 > 0; 1/(1+d) > 1 for d > 0), or
    two that contradict each other (x < y beside x >= y)."""
    facts = [f for f in facts if f != sp.true]
    pinned = {f.lhs: f.rhs for f in facts if isinstance(f, sp.Eq) and f.lhs.is_Symbol and f.rhs.is_number}
    if pinned:
        facts = [f if (isinstance(f, sp.Eq) and f.lhs in pinned) else f.xreplace(pinned) for f in facts]
    if any(f == sp.false for f in facts):
        return True
    for f in facts:
        if isinstance(f, (sp.Gt, sp.Ge, sp.Lt, sp.Le)):
            g = f.lhs - f.rhs if isinstance(f, (sp.Gt, sp.Ge)) else f.rhs - f.lhs
            strict = isinstance(f, (sp.Gt, sp.Lt))
            if decide_sign(-g, not strict, [x for x in facts if x is not f])[0]:
                return True
    return _contradictory(facts)


def _contradictory(facts) -> bool:
    """Two facts u > 0 and -u >= 0 (x < y beside x >= y): then 0 = u + (-u) > 0, impossible."""
    return _two_hypotheses(sp.Integer(0), True, facts) is not None


def _two_hypotheses(target, strict, facts):
    """Hypotheses u, v (u > 0 or u >= 0 among the facts) with target = u + v, strict if one of them is:
    one step of transitivity, x < y and y <= z give z - x = (z - y) + (y - x) > 0."""
    from derivations.decide.algebra import positive_forms

    forms = [(sp.expand(f), s) for f, s in positive_forms(facts)]
    target = sp.expand(target)
    for k, (f1, s1) in enumerate(forms):
        for f2, s2 in forms[k + 1 :]:
            if (s1 or s2 or not strict) and sp.expand(target - f1 - f2) == 0:
                return f1, f2
    return None


def _termwise(d, strict, facts, depth) -> str:
    """sum_k b_k - sum_k a_k >= 0 over one range because b_k - a_k >= 0 for every k in it (> 0 needs
    a nonempty range). Facts naming the index are dropped: that is a free symbol, not the bound one."""
    terms = [t.as_coeff_Mul() for t in sp.Add.make_args(d)]
    if len(terms) < 2 or not all(isinstance(body, sp.Sum) and len(body.limits) == 1 for _, body in terms):
        return ""
    limits = {body.limits for _, body in terms}
    if len(limits) != 1:
        return ""
    ((index, lower, upper),) = limits.pop()
    extent = sum_extent(lower, upper, facts)
    if extent is None or (strict and extent != "nonempty"):
        return ""
    summand = sp.Add(*(coeff * body.function for coeff, body in terms))
    inside = tuple(f for f in facts if index not in f.free_symbols) + (sp.Ge(index, lower), sp.Le(index, upper))
    ok, reason = decide_sign(summand, strict, inside, depth + 1)
    if not ok:
        return ""
    return f"termwise over {sp.sstr(index)} = {sp.sstr(lower)}..{sp.sstr(upper)}: {sp.sstr(summand)} {'>' if strict else '>='} 0 ({reason})"


def _sum_without_term(d, strict, facts, depth) -> str:
    """sum_{k=a}^{b} f(k) - f(i) with a <= i <= b is the sum over the other k: positive when f > 0 on
    the range and it has another element (b >= a + 1); nonnegative when f >= 0."""
    terms = sp.Add.make_args(d)
    if len(terms) != 2:
        return ""
    sums = [t for t in terms if isinstance(t, sp.Sum) and len(t.limits) == 1]
    if len(sums) != 1:
        return ""
    total = sums[0]
    single = -[t for t in terms if t is not total][0]
    (index, lower, upper), body = total.limits[0], total.function
    candidates = [a for a in single.free_symbols | {v for ix in single.atoms(sp.Indexed) for v in ix.indices} if getattr(a, "is_integer", False)]
    for i in candidates:
        if sp.expand(body.xreplace({index: i}) - single) != 0:
            continue
        inside = _by_hypotheses(i - lower, False, facts, depth)[0] and _by_hypotheses(upper - i, False, facts, depth)[0]
        if not inside:
            continue
        another = _by_hypotheses(upper - lower - 1, False, facts, depth)[0]
        if strict and not another:
            continue
        terms_inside = tuple(f for f in facts if index not in f.free_symbols) + (sp.Ge(index, lower), sp.Le(index, upper))
        ok, reason = decide_sign(body, strict, terms_inside, depth + 1)
        if ok:
            return f"{sp.sstr(total)} - {sp.sstr(single)} is the sum over {index} != {i} in {sp.sstr(lower)}..{sp.sstr(upper)}, {'a nonempty range' if another else 'a range'} of terms {'>' if strict else '>='} 0 ({reason})"
    return ""


def _combined_logs(e):
    """a log u + log v -> log(u^a v) where SymPy can tell that is valid (u, v > 0, a real)."""
    return sp.logcombine(sp.expand(sp.together(e)), force=False)


def _paired(form, strict, facts, depth) -> str:
    """c A - (B_1 + ... + B_c) >= 0 because every A - B_k >= 0: a sum bounded by c times its largest term."""
    terms = sp.Add.make_args(sp.expand(form))
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    negative = [-t for t in terms if t.could_extract_minus_sign()]
    if len(positive) != 1 or len(negative) < 2:
        return ""
    count, single = positive[0].as_coeff_Mul()
    if not (count.is_Integer and count == len(negative)):
        return ""
    for other in negative:
        ok, _ = decide_sign(single - other, False, facts, depth + 1)
        if not ok:
            return ""
    what = f"{count} times {sp.sstr(single)} bounds the sum of {len(negative)} terms, each at most {sp.sstr(single)}"
    if not strict:
        return what
    # strictly, if one of the terms is strictly smaller: first by the hypotheses alone (cheap), since a
    # full search that fails for every other term costs more than all the rest
    for decide in (_by_hypotheses, decide_sign):
        for other in negative:
            if decide(single - other, True, facts, depth + 1)[0]:
                return f"{what}, and {sp.sstr(other)} < {sp.sstr(single)}"
    return ""


def _by_hypotheses(d, strict, facts, depth) -> tuple[bool, str]:
    """The sign of d, or of the b - a of d = F(b) - F(a) with F increasing, read off the hypotheses."""
    reduced = _monotone_reduce(d, facts)
    target = reduced[0] if reduced is not None else d
    sign, why = sign_of(target, facts)
    if sign == "pos" or (sign == "nonneg" and not strict):
        return True, why
    pair = _two_hypotheses(target, strict, facts)
    if pair is not None:
        return True, f"{sp.sstr(target)} = ({sp.sstr(pair[0])}) + ({sp.sstr(pair[1])}), hypotheses"
    return False, why


def _by_structure(form, strict, facts, depth) -> str:
    """A certificate from the shape of form: F(b) - F(a) for increasing F, or a product of factors
    whose signs are decided (an even power of a nonzero base is positive)."""
    reduced = _monotone_reduce(form, facts)
    if reduced is not None:
        inner, why = reduced
        ok, reason = decide_sign(inner, strict, facts, depth + 1)
        if ok:
            return f"{why}; {reason}"
    paired = _paired(form, strict, facts, depth)
    if paired:
        return paired
    if form.is_Mul or (form.is_Pow and form.exp.is_integer):
        factors = form.args if form.is_Mul else (form,)
        reasons = []
        for factor in factors:
            if factor.is_Pow and factor.exp.is_integer and factor.exp.is_even:
                nonzero = decide_sign(factor.base, True, facts, depth + 1)[0] or decide_sign(-factor.base, True, facts, depth + 1)[0]
                if not nonzero and strict:
                    return ""
                reasons.append(f"({sp.sstr(factor.base)})^{factor.exp} {'>' if nonzero else '>='} 0")
                continue
            if factor.is_Pow and factor.exp.is_integer and factor.exp.is_negative:
                ok, reason = decide_sign(factor.base, True, facts, depth + 1)
            else:
                ok, reason = decide_sign(factor, strict, facts, depth + 1)
            if not ok:
                return ""
            reasons.append(reason)
        return "product of factors of known sign: " + "; ".join(reasons)
    return ""


def _monotone_reduce(d, facts):
    """d = F(b) - F(a) with F strictly increasing  ->  (b - a, why): log, exp, and t^u or log_t u for
    t > 1; a lone constant c is read as F(F^{-1}(c)) (0 = log 1, 1 = t^0, 1 = e^0)."""
    terms = sp.Add.make_args(d)  # not expanded: expand would split log(4u) into 2 log 2 + log u
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    negative = [-t for t in terms if t.could_extract_minus_sign()]

    def head(term):
        if isinstance(term, sp.log):
            return ("log", None), term.args[0]
        if isinstance(term, sp.exp):
            return ("exp", None), term.args[0]
        if term.is_Pow and term.base.is_Symbol and sign_of(term.base - 1, facts)[0] == "pos":
            return ("pow", term.base), term.exp
        return None, None

    if len(positive) == 1 and len(negative) == 1:
        (kb, b), (ka, a) = head(positive[0]), head(negative[0])
        if kb is not None and kb == ka:
            return b - a, f"{'log' if kb[0] == 'log' else 'exp' if kb[0] == 'exp' else sp.sstr(kb[1]) + '^u'} is increasing"
        # a constant on one side: c = log(e^c), 1 = t^0 = e^0
        for (k, inner), const, flip in ((head(positive[0]), negative[0], False), (head(negative[0]), positive[0], True)):
            if k is None or not const.is_number:
                continue
            if k[0] == "log" and const.is_positive is not None:
                other = sp.exp(const)
            elif k[0] in ("exp", "pow") and const == 1:
                other = sp.Integer(0) if k[0] == "pow" else sp.Integer(0)
            else:
                continue
            return ((other - inner) if flip else (inner - other)), "monotonicity against a constant"
    if len(positive) == 1 and not negative:
        k, inner = head(positive[0])
        if k is not None and k[0] == "log":
            top, bottom = sp.fraction(sp.together(inner))
            if bottom != 1 and sign_of(bottom, facts)[0] == "pos":  # P/Q > 1 iff P - Q > 0 when Q > 0
                return sp.expand(top - bottom), f"log(P/Q) > 0 iff P - Q > 0 (Q = {sp.sstr(bottom)} > 0)"
            return inner - 1, "log u > 0 iff u > 1"
    if len(negative) == 1 and not positive:
        return None
    return None


def _completed_square(d, strict) -> str | None:
    """c (g - h)^2 + k with c > 0 and k >= 0 (k > 0 if strict), g one atom (sigma(x), a symbol)."""
    from derivations.notation import Notation

    atoms = [a for a in sp.preorder_traversal(d) if isinstance(a, (Notation, sp.Symbol))]
    for g in dict.fromkeys(atoms):
        u = sp.Dummy("u")
        poly_expr = sp.expand(d.xreplace({g: u}))
        if poly_expr.has(g) or not poly_expr.is_polynomial(u) or sp.degree(poly_expr, u) != 2:
            continue
        c, b, k0 = sp.Poly(poly_expr, u).all_coeffs()
        if not all(v.is_number for v in (c, b, k0)) or not c > 0:
            continue
        k = k0 - b**2 / (4 * c)
        if k > 0 or (k == 0 and not strict):
            return f"completed square: {sp.sstr(c)}({sp.sstr(g)} + {sp.sstr(b / (2 * c))})^2 + {sp.sstr(k)}"
    return None


@register("inequality", description="an inequality decided automatically: signs, case splits, log monotonicity, a completed square")
def inequality(goal: Goal, ctx: Context) -> StepCheck:
    """small < big (or <=): the sign of big - small from known signs, sign cases, monotonicity, squares."""
    small, op, big = _oriented(goal)
    if op not in ("<", "<="):
        return StepCheck.unknown("inequality", "not an inequality")
    # Inside the facts' context t > 1 makes t positive: SymPy then knows log(t) > 0 and t^u > 0.
    mapping = strengthen(ctx.facts)
    facts = tuple(sp.sympify(f).xreplace(mapping) for f in ctx.facts)
    ok, reason = decide_sign((big - small).xreplace(mapping), op == "<", facts)
    return StepCheck.proved(reason) if ok else StepCheck.unknown("inequality", reason)
