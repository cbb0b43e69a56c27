"""Inequalities with square roots (and q-th roots): x = u^q for a variable x >= 0 under a root, |x| = t >= 0 for a free x seen only through |x| and even powers, then A >= B from A >= 0 and A^2 >= B^2 wherever B >= 0, squared again while a root is left, the radical-free rest decided by the polynomial and calculus deciders."""

from __future__ import annotations

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import StepCheck
from . import Context, gap_fallback
from .parameters import radicals as _radicals

SECONDS = 3.0  # CPU seconds for one inequality
MAX_DEPTH = 3  # squarings in a row
MAX_VARIABLES = 4


def _nonnegative(v, facts) -> bool:
    from .inequality import decide_sign

    return bool(v.is_nonnegative) or decide_sign(v, False, facts)[0]


def rooted(d, facts):
    """x = u^q (u >= 0) for each variable x >= 0 inside the base of a root when that base is a monomial
    (sqrt x, sqrt(xy), x^(1/3)): (d, facts, notes) with the roots gone where they can go."""
    notes, mapping = [], {}
    for v in sorted(d.free_symbols, key=lambda s: s.name):
        qs = [p.exp.q for p in _radicals(d) if v in p.base.free_symbols and _monomial(p.base)]
        if not qs or not _nonnegative(v, facts):
            continue
        q = int(sp.ilcm(1, *qs))
        positive = bool(v.is_positive) or _strictly(v, facts)
        u = sp.Symbol(f"√{v.name}" if q == 2 else f"{v.name}^(1/{q})", positive=True) if positive else sp.Symbol(f"√{v.name}" if q == 2 else f"{v.name}^(1/{q})", nonnegative=True)
        mapping[v] = u**q
        notes.append(f"{v} = {u}^{q}")
    if not mapping:
        return d, tuple(facts), notes
    d = sp.powsimp(sp.powdenest(d.xreplace(mapping), force=False))
    facts = tuple(sp.sympify(f).xreplace(mapping) for f in facts)
    return d, facts, notes


def _monomial(base) -> bool:
    """A product of numbers, symbols and their integer powers (x, xy, 2 x^3 y)."""
    return all(f.is_Symbol or f.is_number or (f.is_Pow and f.base.is_Symbol and f.exp.is_Integer) for f in sp.Mul.make_args(base))


def _strictly(v, facts) -> bool:
    from .inequality import decide_sign

    return decide_sign(v, True, facts)[0]


def absolute(d, facts):
    """|x| = t (t >= 0) for a variable x no fact mentions, seen in d only as |x| and in even powers:
    d(x) = h(|x|), so h(t) >= 0 for every t >= 0 is enough. (d, notes)."""
    notes = []
    for node in sorted(d.atoms(sp.Abs), key=sp.default_sort_key):
        x = node.args[0]
        if not x.is_Symbol or any(x in sp.sympify(f).free_symbols for f in facts):
            continue
        t = sp.Symbol(f"|{x.name}|", nonnegative=True)
        h = d.xreplace({node: t}).replace(lambda e: e.is_Pow and e.base == x and e.exp.is_Integer and e.exp.is_even, lambda e: t**e.exp)
        if h.has(x) or sp.expand(h.xreplace({t: node}) - d) != 0:
            continue
        d = h
        notes.append(f"|{x}| = {t}")
    return d, notes


def _cleared(g, facts):
    """g over one denominator, the denominator dropped when its sign is proved: (numerator or its
    negative, or g itself)."""
    from .inequality import decide_sign

    numerator, denominator = sp.fraction(sp.together(g))
    if denominator == 1 or not denominator.free_symbols:
        return sp.expand(g) if denominator == 1 else sp.expand(numerator / denominator)
    if decide_sign(denominator, True, facts)[0]:
        return sp.expand(numerator)
    if decide_sign(-denominator, True, facts)[0]:
        return sp.expand(-numerator)
    return g


def _splits(d):
    """(A, B) with d = A - B: the positive terms against the negative ones, and each root term alone
    against the rest."""
    terms = sp.Add.make_args(sp.expand(d, mul=True, multinomial=False, power_base=False))
    out = []
    positive = sp.Add(*[t for t in terms if not t.could_extract_minus_sign()])
    negative = -sp.Add(*[t for t in terms if t.could_extract_minus_sign()])
    if positive != 0 and negative != 0:
        out.append((positive, negative))
    for t in terms:
        if not _radicals(t):
            continue
        rest = d - t
        pair = (t, -rest) if not t.could_extract_minus_sign() else (rest, -t)
        if pair not in out:
            out.append(pair)
    return out


def decide(d, strict, facts, depth=0) -> str:
    """d >= 0 (> 0) under the facts: radical-free, by the deciders of polynomials, parameters and one
    variable; with a root, by squaring a split A - B; the certificate, or ""."""
    from .parameters import claim

    if not _radicals(d):
        return claim(_cleared(d, facts), strict, facts, 1)
    if depth >= MAX_DEPTH:
        return ""
    for A, B in _splits(d):
        from .inequality import decide_sign

        ok, why_a = decide_sign(A, False, facts)
        if not ok:
            continue
        square = sp.expand(sp.powdenest(sp.expand(A**2 - B**2), force=False))
        for extra in ((), (sp.Ge(_cleared(B, facts), 0),)):  # A^2 >= B^2 is needed only where B >= 0
            if extra and extra[0] in (sp.true, sp.false):
                continue  # B >= 0 everywhere is the first try again; B < 0 everywhere cannot be B's case
            why = decide(square, strict, tuple(facts) + extra, depth + 1)
            if why:
                where = " where it is >= 0" if extra else ""
                return f"{sp.sstr(A)} >= 0 ({why_a}), and ({sp.sstr(A)})^2 - ({sp.sstr(B)})^2 = {sp.sstr(square)} {'>' if strict else '>='} 0{where} ({why}), so {sp.sstr(A)} {'>' if strict else '>='} {sp.sstr(B)}"
    return ""


@gap_fallback("radicals", order=40)
def by_radicals(difference, strict: bool, ctx: Context) -> StepCheck:
    """small <= big with roots of non-constant expressions: the roots substituted away or squared away."""
    from derivations.notation import expand_notation

    d = expand_notation(difference)
    if not _radicals(d):
        return StepCheck.unknown("radicals", "no root of a variable")
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if not 1 <= len(variables) <= MAX_VARIABLES or any(not v.is_real or v.is_integer for v in variables):
        return StepCheck.unknown("radicals", "not one to four real variables")
    if d.has(sp.Max, sp.Min, sp.Piecewise, sp.Derivative, sp.Integral, sp.Sum, sp.Limit):
        return StepCheck.unknown("radicals", "a kink or an operator besides |x|")
    facts = tuple(sp.sympify(f) for f in ctx.facts if sp.sympify(f).free_symbols <= set(variables) and sp.sympify(f) != sp.true)
    try:
        with budget(SECONDS):
            e, notes = absolute(d, facts)
            if e.has(sp.Abs):
                return StepCheck.unknown("radicals", "|u| of an expression that is not a free variable")
            from .parameters import seen_negative

            if seen_negative(d, strict, facts):
                return StepCheck.unknown("radicals", "below 0 at a sample point: no certificate (the counterexample search looks there)")
            e, facts_e, more = rooted(e, facts)
            why = decide(e, strict, facts_e)
    except OutOfTime:
        return StepCheck.unknown("radicals", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("radicals", "a SymPy computation failed: not decided")
    if not why:
        return StepCheck.unknown("radicals", "no squaring leads to a decided inequality")
    notes += more
    return StepCheck.proved("radicals: " + (f"with {', '.join(notes)}: " if notes else "") + why)
