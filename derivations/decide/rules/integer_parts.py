"""Floors and ceilings in an inequality: floor(u) = u - t and ceiling(u) = u + t with 0 <= t < 1 taken free (a stronger claim, decided by the engine)."""

from __future__ import annotations

from contextvars import ContextVar

import sympy as sp

from derivations.model.verdict import StepCheck
from . import Context, Goal, gap_fallback

_INSIDE: ContextVar[bool] = ContextVar("inside_integer_parts", default=False)
MAX_PARTS = 3


@gap_fallback("integer parts")
def by_fractional_parts(difference, strict: bool, ctx: Context) -> StepCheck:
    """big - small >= 0 (> 0) with floor(u) written u - t and ceiling(u) written u + t, each t a new
    variable with 0 <= t < 1, independent of u: proving it for every such t proves it for the real one."""
    from . import check

    parts = sorted(difference.atoms(sp.floor, sp.ceiling), key=sp.default_sort_key)
    if not parts or _INSIDE.get():
        return StepCheck.unknown("integer parts", "no floor or ceiling")
    if len(parts) > MAX_PARTS or any(p.args[0].has(sp.floor, sp.ceiling) for p in parts):
        return StepCheck.unknown("integer parts", "too many (or nested) floors and ceilings")
    mapping, facts = {}, []
    for k, part in enumerate(parts):
        t = sp.Symbol(f"t_{k + 1}", real=True)
        mapping[part] = part.args[0] - t if isinstance(part, sp.floor) else part.args[0] + t
        facts += [sp.Ge(t, 0), sp.Lt(t, 1)]
    new = sp.expand(difference.xreplace(mapping))
    token = _INSIDE.set(True)
    try:
        inner = check("inequality", Goal(sp.Integer(0), "<" if strict else "<=", new), ctx.with_facts(*facts))
    finally:
        _INSIDE.reset(token)
    if inner.verdict.value != "proved":
        return StepCheck.unknown("integer parts", f"with the fractional parts free in [0, 1): {inner.method} {inner.detail}"[:300])
    said = ", ".join(f"{sp.sstr(p)} = {sp.sstr(mapping[p])}" for p in parts)
    free = ", ".join(f"t_{k + 1}" for k in range(len(parts)))
    return StepCheck.proved(f"integer parts: {said} with 0 <= {free} < 1: {sp.sstr(new)} {'>' if strict else '>='} 0 ({inner.method}{': ' + inner.detail if inner.detail else ''})")
