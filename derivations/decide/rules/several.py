"""Inequalities in several variables: a separated sum of one-variable bounds, or a polynomial certificate (factors of known sign, positive semidefinite quadratic forms, homogeneous forms reduced to one variable) after the positive substitutions x = a^2 under a square root and x = q log a under an exponential."""

from __future__ import annotations

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import StepCheck, Verdict
from . import Context, gap_fallback

SECONDS = 4.0  # CPU seconds for one inequality
MAX_VARIABLES = 4
MAX_DEGREE = 12


def _one_variable_facts(facts, variables):
    """{v: facts about v alone}, or None when a fact ties two variables together (x + y > 0)."""
    out = {v: [] for v in variables}
    for fact in facts:
        fact = sp.sympify(fact)
        shared = fact.free_symbols & set(variables)
        if len(shared) > 1:
            return None
        if shared:
            out[next(iter(shared))].append(fact)
    return out


def _nonneg_one(g, strict, facts) -> str:
    """g >= 0 (> 0) in its one variable (or none): by signs, then by calculus on its interval."""
    from .calculus_bounds import decide_one_variable
    from .inequality import decide_sign

    ok, why = decide_sign(g, strict, tuple(facts))
    if ok:
        return why or "signs"
    found = decide_one_variable(g, strict, tuple(facts))
    return found.how if found is not None and found.verdict is Verdict.PROVED else ""


def separated(d, strict, variables, own) -> str:
    """d = g_1(x_1) + ... + g_k(x_k) + c: each part (with a share of c) bounded below by 0 on its own."""
    parts = {v: sp.Integer(0) for v in variables}
    constant = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(d)):
        free = term.free_symbols & set(variables)
        if len(free) > 1:
            return ""
        if not free:
            constant += term
        else:
            parts[next(iter(free))] += term
    if any(p == 0 for p in parts.values()):
        return ""
    k = len(parts)
    shares = [[constant / k] * k] + [[constant if i == j else sp.Integer(0) for i in range(k)] for j in range(k)]
    for share in shares:
        whys = []
        for (v, g), c in zip(parts.items(), share):
            why = _nonneg_one(g + c, strict, own[v])
            if not why:
                break
            whys.append(f"{sp.sstr(g + c)} {'>' if strict else '>='} 0 ({why})")
        else:
            return "the difference separates into parts of one variable each: " + "; ".join(whys)
    return ""


def substituted(d, variables, own):
    """d with x = a^2 (a >= 0) where x >= 0 appears under a root, and x = q log a (a > 0) where a free x
    appears only in exponentials: (the new expression, its variables, what was done) or None."""
    from derivations.decide.algebra import strengthen

    mapping = strengthen([f for v in variables for f in own[v]])
    d = d.xreplace(mapping)
    variables = [mapping.get(v, v) for v in variables]
    new_vars, notes = [], []
    for v in variables:
        roots = [p.exp.q for p in d.atoms(sp.Pow) if p.base == v and p.exp.is_Rational and p.exp.q > 1]
        exps = [e for e in d.atoms(sp.exp) if e.has(v)]
        if roots and v.is_nonnegative:
            q = int(sp.ilcm(1, *roots))
            name = f"√{v.name}" if q == 2 else f"{v.name}^(1/{q})"  # the new variable named by what it stands for
            a = sp.Symbol(name, positive=True) if v.is_positive else sp.Symbol(name, nonnegative=True)
            d = sp.powsimp(sp.powdenest(d.xreplace({v: a**q}), force=False))
            new_vars.append(a)
            notes.append(f"{v} = {a}^{q}")
        elif exps and not own.get(v) and v.is_positive is None and v.is_nonnegative is None:
            coefficients = []
            for e in exps:
                arg = sp.expand(e.args[0])
                if not arg.is_polynomial(*variables) or sp.Poly(arg, v).degree() != 1 or not arg.coeff(v).is_Rational:
                    return None
                coefficients.append(arg.coeff(v).q)
            q = int(sp.ilcm(1, *coefficients))
            a = sp.Symbol(f"e^({v.name}/{q})" if q > 1 else f"e^{v.name}", positive=True)
            d = sp.expand(d.xreplace({v: q * sp.log(a)}), power_exp=True, power_base=False, mul=False, multinomial=False)
            d = sp.powsimp(d)
            new_vars.append(a)
            notes.append(f"{v} = {q} log {a}" if q > 1 else f"{v} = log {a}")
        else:
            new_vars.append(v)
    return d, new_vars, notes


def _psd(form, variables) -> bool:
    """A quadratic form whose symmetric matrix has every principal minor >= 0 (exact rationals)."""
    from itertools import combinations

    q = sp.hessian(form, variables) / 2
    if any(not entry.is_Rational for entry in q):
        return False
    n = len(variables)
    return all(q.extract(list(rows), list(rows)).det() >= 0 for size in range(1, n + 1) for rows in combinations(range(n), size))


def _homogeneous_sign(f, variables) -> bool:
    """f >= 0 for a homogeneous f: quadratic with a PSD matrix, or in two variables of even degree (or
    the second positive), reduced to one variable t = x/y."""
    from .calculus_bounds import decide_one_variable

    poly = sp.Poly(f, *variables)
    if not poly.is_homogeneous:
        return False
    degree = poly.total_degree()
    if degree == 2 and _psd(f, variables):
        return True
    if len(variables) != 2:
        return False
    x, y = variables
    for a, b in ((x, y), (y, x)):
        t = sp.Symbol("t", real=True)
        if b.is_positive:
            facts = (sp.Gt(t, 0),) if a.is_positive else (sp.Ge(t, 0),) if a.is_nonnegative else ()
            found = decide_one_variable(sp.expand(f.xreplace({a: t, b: 1})), False, facts)
            if found is not None and found.verdict is Verdict.PROVED:
                return True
        elif degree % 2 == 0 and not a.is_nonnegative and not b.is_nonnegative:
            at_zero = f.xreplace({b: 0, a: 1})  # y = 0: f = c x^m, m even
            found = decide_one_variable(sp.expand(f.xreplace({a: t, b: 1})), False, ())
            if at_zero >= 0 and found is not None and found.verdict is Verdict.PROVED:
                return True
    return False


def _factor_sign(g, variables, facts) -> int:
    """+1 when g >= 0 is certified, -1 when g <= 0, 0 when unsure."""
    from .inequality import decide_sign

    for candidate, sign in ((g, 1), (-g, -1)):
        if decide_sign(candidate, False, facts)[0]:
            return sign
        present = [v for v in variables if candidate.has(v)]
        if present and candidate.is_polynomial(*present):
            homogenized = candidate
            poly = sp.Poly(candidate, *present)
            if not poly.is_homogeneous and poly.total_degree() == 2:
                h = sp.Symbol("h_", real=True)  # f(x, 1) >= 0 when the form f(x, h) is: a PSD quadratic form
                homogenized = sp.expand(poly.homogenize(h).as_expr())
                if _psd(homogenized, present + [h]):
                    return sign
            elif _homogeneous_sign(candidate, present):
                return sign
    return 0


def polynomial(d, variables, facts) -> str:
    """d >= 0 from the signs of its factors: even powers, and factors decided by signs or as forms."""
    numerator, denominator = sp.fraction(sp.factor(sp.together(d)))
    if not all(p.is_polynomial(*variables) for p in (numerator, denominator)):
        return ""
    if sp.Poly(numerator, *variables).total_degree() > MAX_DEGREE:
        return ""
    total, shown = 1, []
    for part, power in ((numerator, 1), (denominator, -1)):
        for factor, e in sp.factor_list(part, *variables)[1] + [(sp.factor_list(part, *variables)[0], 1)]:
            if factor.is_number:
                total *= 1 if factor > 0 else -1 if factor < 0 else 0
                continue
            if e % 2 == 0 and power == 1:
                shown.append(f"({sp.sstr(factor)})^{e} >= 0")
                continue
            s = _factor_sign(factor, variables, facts)
            if not s:
                return ""
            total *= s
            shown.append(f"{sp.sstr(factor)} {'>=' if s > 0 else '<='} 0")
    if total <= 0:
        return ""
    return f"{sp.sstr(numerator)}{'' if denominator == 1 else ' / (' + sp.sstr(denominator) + ')'}: " + ", ".join(shown)


def through_one_combination(d, strict, variables, own) -> str:
    """d a function of one linear combination u = c.x of free variables (e^{x+y} - 1 - x - y): x = (u -
    the rest)/c leaves u alone, and u takes every real value, so d >= 0 iff it does as a function of u."""
    from .calculus_bounds import decide_one_variable

    if any(own[v] for v in variables):
        return ""
    candidates = {sp.expand(a) for f in d.atoms(sp.Function) for a in f.args if len(a.free_symbols & set(variables)) > 1}
    for combination in candidates:
        if not combination.is_polynomial(*variables) or sp.Poly(combination, *variables).total_degree() != 1:
            continue
        v = next(w for w in variables if combination.coeff(w) != 0)
        u = sp.Symbol("u", real=True)
        reduced = sp.simplify(d.xreplace({v: sp.solve(sp.Eq(combination, u), v)[0]}))
        if reduced.free_symbols != {u}:
            continue
        found = decide_one_variable(reduced, strict, ())
        if found is not None and found.verdict is Verdict.PROVED:
            return f"a function of u = {sp.sstr(combination)} alone: {sp.sstr(reduced)}; {found.how}"
    return ""


def logarithms_combined(e, variables, facts) -> str:
    """e = sum c_i log P_i (c_i rational, P_i > 0): e >= 0 iff prod P_i^{M c_i} >= 1, a polynomial inequality
    (num - den >= 0) once M clears the denominators of the c_i."""
    from .inequality import decide_sign

    e = sp.expand(sp.expand_log(e, force=True))
    powers = []
    for term in sp.Add.make_args(e):
        c, rest = term.as_coeff_Mul()
        if not (isinstance(rest, sp.log) and c.is_Rational):
            return ""
        powers.append((c, rest.args[0]))
    if not powers or not any(p.free_symbols for _, p in powers):
        return ""
    if not all(decide_sign(p, True, facts)[0] for _, p in powers):
        return ""
    m = int(sp.ilcm(1, *[c.q for c, _ in powers]))
    num = sp.Mul(*[p ** int(c * m) for c, p in powers if c > 0])
    den = sp.Mul(*[p ** int(-c * m) for c, p in powers if c < 0])
    why = polynomial(num - den, variables, facts)
    return f"a sum of logarithms: {sp.sstr(num)} >= {sp.sstr(den)}, as {why}" if why else ""


@gap_fallback("several")
def in_several_variables(difference, strict: bool, ctx: Context) -> StepCheck:
    """small <= big in two or more real variables, each constrained alone (or not at all)."""
    from derivations.notation import expand_notation

    d = expand_notation(difference)
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if not 2 <= len(variables) <= MAX_VARIABLES or any(not v.is_real or v.is_integer for v in variables):
        return StepCheck.unknown("several", "not two to four real variables")
    own = _one_variable_facts(ctx.facts, variables)
    if own is None:
        return StepCheck.unknown("several", "an assumption ties the variables together")
    try:
        with budget(SECONDS):
            why = separated(d, strict, variables, own) or through_one_combination(d, strict, variables, own)
            if not why and not strict:
                found = substituted(d, variables, own)
                if found is not None:
                    e, new_vars, notes = found
                    facts = tuple(f for v in variables for f in own[v])
                    why = polynomial(e, new_vars, facts) or logarithms_combined(e, new_vars, facts)
                    if why and notes:
                        why = "with " + ", ".join(notes) + ": " + why
    except OutOfTime:
        return StepCheck.unknown("several", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("several", "a SymPy computation failed: not decided")
    if not why:
        return StepCheck.unknown("several", "no separation and no polynomial certificate")
    return StepCheck.proved(f"several variables: {why}")
