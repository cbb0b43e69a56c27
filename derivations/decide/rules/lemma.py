"""Steps justified by another claim of the corpus, used as a lemma: only once that claim is proved, and
only inside its assumptions, which the citing context must establish for the values substituted."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from derivations.decide.algebra import is_zero, sign_of
from derivations.model.claims import Citation, make_relation, substitute
from derivations.decide.domain import Condition, implied
from derivations.model.verdict import StepCheck
from . import Context, Goal, register
from .inequality import _oriented


class LemmaNotProved(Exception):
    pass


@dataclass(frozen=True)
class Cited:
    """What a proved claim offers a citation: its statement's relations and the assumptions they need."""

    conjuncts: tuple[sp.Basic, ...]
    assumptions: tuple[sp.Basic, ...] = ()


_SIGNS = {
    "positive": lambda v: sp.Gt(v, 0),
    "nonnegative": lambda v: sp.Ge(v, 0),
    "negative": lambda v: sp.Lt(v, 0),
    "nonpositive": lambda v: sp.Le(v, 0),
    "nonzero": lambda v: sp.Ne(v, 0),
}


def _symbol_obligations(symbol, value) -> tuple[list[sp.Basic], str]:
    """What the cited claim's symbol promised about itself, now to hold of the value substituted:
    sign assumptions as relations to prove; integrality and reality read off the value itself."""
    value = sp.sympify(value)
    for kind in ("integer", "real"):
        if getattr(symbol, "is_" + kind) is True and getattr(value, "is_" + kind) is not True:
            return [], f"{symbol} is {'an integer' if kind == 'integer' else 'real'} in the cited claim; {sp.sstr(value)} is not known to be"
    out = []
    for kind, relation in _SIGNS.items():
        if getattr(symbol, "is_" + kind) is True:
            out.append(relation(value))
    return out, ""


def instantiate(citation: Citation, ctx: Context) -> list[sp.Basic]:
    """The cited claim's conjuncts with its symbols replaced (matched by name), once the citing context
    establishes the cited claim's assumptions for the values substituted (else LemmaNotProved)."""
    if ctx.lemma is None:
        raise LemmaNotProved("no lemmas are available in this context")
    cited = ctx.lemma(citation.claim_id)
    symbols = {}
    for rel in cited.conjuncts + cited.assumptions:
        for s in rel.free_symbols:
            symbols.setdefault(s.name, s)
    unknown = sorted(set(citation.substitution) - set(symbols))
    if unknown:
        raise LemmaNotProved(f"cite: {citation.claim_id} has no free symbol named {', '.join(unknown)}")
    mapping = {symbols[name]: value for name, value in citation.substitution.items()}

    def instance(rel):  # only the relation's free symbols: x is bound in Subs(d/dx sigma(x), x, 0)
        here = {s: v for s, v in mapping.items() if s in rel.free_symbols}
        bound = _bound_symbols([rel])
        captured = sorted({s.name for v in here.values() for s in sp.sympify(v).free_symbols if s.name in bound})
        if captured:  # cite("relu-limit", x=t) would put the limit's own t into its body
            raise LemmaNotProved(f"cite: the value substituted uses {', '.join(captured)}, bound inside {citation.claim_id} (a limit, sum or integral variable)")
        return substitute(rel, here)

    obligations = [instance(a) for a in cited.assumptions]
    for symbol, value in mapping.items():
        more, problem = _symbol_obligations(symbol, value)
        if problem:
            raise LemmaNotProved(f"cited outside its assumptions: {problem}")
        obligations += more
    for obligation in obligations:
        if not implied(Condition(obligation), ctx.facts):
            raise LemmaNotProved(f"cited outside its assumptions: {sp.sstr(obligation)} is not established here")
    return [instance(rel) for rel in cited.conjuncts]


def _bound_symbols(relations) -> set[str]:
    """Names bound inside the relations: limit, sum, integral and substitution variables."""
    names = set()
    for rel in relations:
        for node in sp.preorder_traversal(rel):
            if isinstance(node, sp.Limit):
                names.add(node.args[1].name)
            elif isinstance(node, (sp.Sum, sp.Integral)):
                names |= {lim[0].name for lim in node.limits}
            elif isinstance(node, sp.Subs):
                names |= {v.name for v in node.variables}
    return names


def _normalised(rel):
    if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)):
        return rel.reversed
    return rel


def _usable(rel, ctx) -> sp.Basic | None:
    """A relation of the lemma, or the consequence of a conditional one whose condition holds here."""
    if isinstance(rel, sp.Implies):
        condition, consequence = rel.args
        return consequence if implied(Condition(condition), ctx.facts) else None
    return rel


@register("lemma", description="an instance of a proved claim, cited with cite(id, symbol=value), inside its assumptions")
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
        usable = _usable(rel, ctx)
        if usable is None:
            continue
        have = _normalised(usable)
        candidates = [have] + ([have.reversed] if isinstance(have, sp.Eq) else [])
        for cand in candidates:
            same_kind = type(cand) is type(want) or (isinstance(want, sp.LessThan) and isinstance(cand, sp.StrictLessThan))
            if not same_kind:
                continue
            if all(is_zero(a - b, ctx.facts).value is True for a, b in ((cand.lhs, want.lhs), (cand.rhs, want.rhs))):
                return StepCheck.proved(f"instance of proved claim {citation.claim_id}: {sp.sstr(rel)}")
    return StepCheck.unknown("lemma", f"no conjunct of {citation.claim_id} matches {sp.sstr(make_relation(goal.lhs, goal.op, goal.rhs))}")


# ---------------------------------------------------------------- bounds taken from hypotheses and cited lemmas


def _upper_bound(factor, facts):
    """A hypothesis factor <= B (or < B), matched exactly: returns (B, strict) or None."""
    for fact in facts:
        if isinstance(fact, (sp.StrictLessThan, sp.LessThan)):
            small, big, strict = fact.lhs, fact.rhs, isinstance(fact, sp.StrictLessThan)
        elif isinstance(fact, (sp.StrictGreaterThan, sp.GreaterThan)):
            small, big, strict = fact.rhs, fact.lhs, isinstance(fact, sp.StrictGreaterThan)
        else:
            continue
        if small == factor or is_zero(small - factor).value is True:
            if not big.is_zero:
                return big, strict
    return None


@register("bound-product", description="0 < a <= A and 0 < b <= B give a b <= A B")
def bound_product(goal: Goal, ctx: Context) -> StepCheck:
    """Multiply upper bounds of positive factors; each bound must be a hypothesis or a cited lemma."""
    small, op, big = _oriented(goal)
    facts = ctx.facts + tuple(_cited(goal, ctx))
    factors = list(goal.hints.get("factors", sp.Mul.make_args(small)))
    if is_zero(small - sp.Mul(*factors)).value is not True:
        return StepCheck.unknown("product of bounds", "the factors do not multiply to the left-hand side")
    bounds, strict_any, reasons = [], False, []
    for factor in factors:
        sign, why = sign_of(factor, facts)
        if sign != "pos":
            return StepCheck.unknown("product of bounds", f"{sp.sstr(factor)} is not known to be positive: {why}")
        found = _upper_bound(factor, facts)
        if found is None:
            if factor.is_number:
                found = (factor, False)
            else:
                return StepCheck.unknown("product of bounds", f"no hypothesis bounds {sp.sstr(factor)} from above")
        bounds.append(found[0])
        strict_any = strict_any or found[1]
        reasons.append(f"0 < {sp.sstr(factor)} {'<' if found[1] else '<='} {sp.sstr(found[0])}")
    if op == "<" and not strict_any:
        return StepCheck.unknown("product of bounds", "no factor's bound is strict, the step claims <")
    decision = is_zero(big - sp.Mul(*bounds), ctx.facts)
    if decision.value is not True:
        return StepCheck.unknown("product of bounds", f"the right-hand side is not the product of the bounds {sp.sstr(sp.Mul(*bounds))}")
    return StepCheck.proved("; ".join(reasons) + f"; product of the bounds = right-hand side ({decision.method})")


def _cited(goal: Goal, ctx: Context):
    """The relations of every claim cited in the hint lemmas=[cite(...), ...], instantiated."""
    out = []
    for citation in goal.hints.get("lemmas", ()):
        out.extend(instantiate(citation, ctx))
    return out
