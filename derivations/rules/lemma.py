"""Steps justified by another claim of the corpus, used as a lemma (only once that claim is proved)."""

from __future__ import annotations

import sympy as sp

from ..algebra import is_zero
from ..claims import Citation, make_relation, substitute
from ..verdict import StepCheck
from . import Context, Goal, register


class LemmaNotProved(Exception):
    pass


def instantiate(citation: Citation, ctx: Context) -> list[sp.Basic]:
    """The cited claim's conjuncts with its symbols replaced (matched by name)."""
    if ctx.lemma is None:
        raise LemmaNotProved("no lemmas are available in this context")
    conjuncts = ctx.lemma(citation.claim_id)
    out = []
    for rel in conjuncts:
        by_name = {s: citation.substitution[s.name] for s in rel.free_symbols if s.name in citation.substitution}
        out.append(substitute(rel, by_name))
    return out


def _normalised(rel):
    if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
        return rel.reversed
    return rel


@register("lemma", description="an instance of a proved claim, cited with cite(id, symbol=value)")
def lemma(goal: Goal, ctx: Context) -> StepCheck:
    """The step is, up to exact simplification of both sides, a conjunct of a cited proved claim."""
    citation = goal.hints.get("lemma")
    if not isinstance(citation, Citation):
        return StepCheck.unknown("lemma", "hint lemma=cite('claim-id', ...) is missing")
    try:
        instances = instantiate(citation, ctx)
    except LemmaNotProved as exc:
        return StepCheck.unknown("lemma", str(exc))
    want = _normalised(goal.relation())
    for rel in instances:
        have = _normalised(rel)
        candidates = [have] + ([have.reversed] if isinstance(have, sp.Eq) else [])
        for cand in candidates:
            same_kind = type(cand) is type(want) or (isinstance(want, sp.LessThan) and isinstance(cand, sp.StrictLessThan))
            if not same_kind:
                continue
            if all(is_zero(a - b, ctx.facts).value is True for a, b in ((cand.lhs, want.lhs), (cand.rhs, want.rhs))):
                return StepCheck.proved(f"instance of proved claim {citation.claim_id}: {sp.sstr(rel)}")
    return StepCheck.unknown("lemma", f"no conjunct of {citation.claim_id} matches {sp.sstr(make_relation(goal.lhs, goal.op, goal.rhs))}")
