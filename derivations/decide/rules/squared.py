"""A square root against the other side: A >= c sqrt(P) (c > 0) when A >= 0 and A^2 >= c^2 P; c sqrt(P) >= A when c^2 P >= A^2 (then c sqrt(P) >= |A|); each decided by signs or as a polynomial certificate."""

from __future__ import annotations

import sympy as sp

from derivations.model.verdict import StepCheck
from . import Context, gap_fallback


def _split(d):
    """d = A - c sqrt(P) with c rational (either sign) and A free of that root -> (A, c, P), else None."""
    roots = [t for t in sp.Add.make_args(sp.expand(d)) if any(p.exp == sp.Rational(1, 2) for p in t.atoms(sp.Pow))]
    if len(roots) != 1:
        return None
    c, root = roots[0].as_coeff_Mul()
    if not (c.is_Rational and c != 0 and root.is_Pow and root.exp == sp.Rational(1, 2)):
        return None
    A = sp.expand(d - roots[0])
    if A.has(root):
        return None
    return A, -c, root.base


@gap_fallback("squaring")
def by_squaring(difference, strict: bool, ctx: Context) -> StepCheck:
    """small <= big where big - small = A - c sqrt(P): A >= 0 and A^2 - c^2 P >= 0 (> 0 when strict)."""
    from .inequality import decide_sign
    from .several import polynomial

    found = _split(difference)
    if found is None:
        return StepCheck.unknown("squaring", "not A - c sqrt(P)")
    A, c, P = found
    try:
        if c > 0:  # A - c sqrt(P): A must be >= 0
            ok, why_a = decide_sign(A, False, ctx.facts)
            if not ok:
                return StepCheck.unknown("squaring", f"the sign of {sp.sstr(A)} is not decided")
            square, head = sp.expand(A**2 - c**2 * P), f"{sp.sstr(A)} >= 0 ({why_a}) and ({sp.sstr(A)})^2 - {sp.sstr(c**2)} ({sp.sstr(P)})"
        else:  # A + |c| sqrt(P) >= 0 when |c| sqrt(P) >= |A|
            square, head = sp.expand(c**2 * P - A**2), f"{sp.sstr(c**2)} ({sp.sstr(P)}) - ({sp.sstr(A)})^2, so {sp.sstr(-c)} sqrt({sp.sstr(P)}) >= |{sp.sstr(-A)}|, and"
        ok, why = decide_sign(square, strict, ctx.facts)
        if not ok and not strict:
            variables = sorted(square.free_symbols, key=lambda s: s.name)
            why = polynomial(square, variables, tuple(ctx.facts)) if variables and square.is_polynomial(*variables) else ""
            ok = bool(why)
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("squaring", "a SymPy computation failed: not decided")
    if not ok:
        return StepCheck.unknown("squaring", f"the sign of {sp.sstr(square)} is not decided")
    return StepCheck.proved(f"squaring: {head} = {sp.sstr(square)} {'>' if strict else '>='} 0 ({why})")
