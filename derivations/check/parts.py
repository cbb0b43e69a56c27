"""Induction and enumeration parts of a derivation: what each establishes, and for which values."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from derivations.base import progress
from derivations.decide import rules
from derivations.model.claims import Enumeration, Induction, Proof, conjuncts, relation_symbol, substitute
from derivations.base.errors import DerivationError, in_words
from derivations.notation import expand_notation
from derivations.decide.symmetry import case_by_symmetry
from derivations.model.verdict import StepCheck, StepResult, Verdict


def _range_covered(n, base, assumptions) -> bool:
    """Do the claim's assumptions (and n's own) put every value of n at or above the base?"""
    from derivations.decide.domain import Condition, implied

    return implied(Condition(sp.Ge(n, base)), assumptions)


def check_induction(verifier, part: Induction, proof: Proof, ctx, number):
    """P(base) and, for every integer n >= base, P(n) => P(n+1). The step may use only what holds for
    every such n: the assumptions that do not mention n, n >= base and P(n) itself (an assumption such
    as n <= 5 says nothing of n + 1). The result covers the claim only if its assumptions make
    n >= base; otherwise nothing is established."""
    n, base = part.variable, sp.sympify(part.base)
    statement = conjuncts(proof.statement)
    fail = None
    if not (isinstance(n, sp.Symbol) and n.is_integer):
        fail = f"induction needs an integer variable; {n} is not declared an integer"
    elif not base.is_Integer:
        fail = f"the base case {base} is not an integer"
    elif not _range_covered(n, base, proof.assumptions):
        fail = f"the assumptions do not make {n} >= {base}: induction from {base} says nothing below it"
    if fail:
        return [], [StepResult(number, 1, "induction", "induction on " + str(n), StepCheck.unknown("induction", fail))]
    others = tuple(a for a in proof.assumptions if n not in a.free_symbols)
    base_goal = [substitute(s, {n: base}) for s in statement]
    step_goal = [substitute(s, {n: n + 1}) for s in statement]
    results, base_rels, step_rels = [], [], []
    base_ctx = rules.Context(others, ctx.lemma, (), others)
    for chain in part.base_chains:
        results += verifier.check_chain(chain, base_ctx, number)
        base_rels += [Established(r, _condition(chain, others), number) for r in chain.relations()]
    step_facts = others + (sp.Ge(n, base),) + tuple(statement)
    step_ctx = rules.Context(step_facts, ctx.lemma, (), others)
    for chain in part.step_chains:
        results += verifier.check_chain(chain, step_ctx, number)
        step_rels += [Established(r, _condition(chain, step_facts), number) for r in chain.relations()]
    base_ok = all(verifier.follows(g, base_rels, others) for g in base_goal)
    step_ok = all(verifier.follows(g, step_rels, others + (sp.Ge(n, base),)) for g in step_goal)
    chains_ok = all(r.verdict is Verdict.PROVED for r in results)
    verdict = Verdict.PROVED if base_ok and step_ok and chains_ok else Verdict.UNKNOWN
    detail = (
        f"P({base}) and P({n}) => P({n}+1) for integer {n} >= {base}, and the assumptions make {n} >= {base}"
        if verdict is Verdict.PROVED
        else f"the chains do not establish {'P(base)' if not base_ok else 'P(n+1)'}"
    )
    results.append(StepResult(number, len(results) + 1, "induction", "induction on " + str(n), StepCheck(verdict, "induction", detail)))
    return (statement if verdict is Verdict.PROVED else []), results


def _condition(chain, given):
    """What a chain's relations hold under: its case, and its extra facts unless the context gives them
    (the hypothesis P(n) in a step is given; anything else a chain assumes stays an assumption)."""
    return sp.And(chain.condition, *[f for f in chain.facts if f not in given])


@dataclass(frozen=True)
class Established:
    """A relation a part of the derivation proves, valid under ``condition``."""

    relation: sp.Basic
    condition: sp.Basic
    part: int


def _unknown(number, part, detail) -> StepResult:
    return StepResult(number, 1, "enumeration", part.title or "every case", StepCheck.unknown("enumeration", detail))


@dataclass(frozen=True)
class CasesOutcome:
    """An enumeration checked on some of its cases: the first failure (and its case's number), or none."""

    failure: StepResult | None
    index: int
    checked: int
    renamed: int
    total: int


def enumeration_result(part: Enumeration, number: int, outcomes: list[CasesOutcome]) -> StepResult:
    """One step result from the outcomes of disjoint sets of cases: the failure of the earliest case
    that failed, as checking them in order would report; else proved, with the counts added up."""
    failures = sorted((o for o in outcomes if o.failure is not None), key=lambda o: o.index)
    if failures:
        return failures[0].failure
    checked, renamed = sum(o.checked for o in outcomes), sum(o.renamed for o in outcomes)
    what = "integer" if part.domain == "integers" else "finite or -oo"
    detail = f"{checked} instances in {outcomes[0].total if outcomes else 0} cases ({what} {', '.join(map(str, part.variables))}), each decided exactly"
    if renamed:
        detail += f" ({renamed} of them an earlier instance with two members of the family swapped)"
    return StepResult(number, 1, "enumeration", part.title or "every case", StepCheck.proved(detail))


def check_enumeration(part: Enumeration, proof: Proof, ctx, number, claim_id: str = "") -> StepResult:
    """Each statement relation in each case of the cover, by the rule its shape calls for. Over the
    integers, every variable must be an integer (the integers in -50 <= x <= 50 are not every real x)."""
    return enumeration_result(part, number, [enumerate_cases(part, proof, ctx, number, claim_id=claim_id)])


def enumerate_cases(part: Enumeration, proof: Proof, ctx, number, only=None, claim_id: str = "") -> CasesOutcome:
    """check_enumeration on the cases numbered ``only`` (from 0; all by default). An instance that is
    exactly an instance decided before, hypotheses and all, with two members of a family swapped (as
    the case's values are) is that instance renamed: see symmetry.py."""
    from .prove import rule_for

    def failed(detail) -> CasesOutcome:
        return CasesOutcome(_unknown(number, part, detail), -1, 0, 0, 0)

    if part.domain == "integers":
        real = [v for v in part.variables if not (isinstance(v, sp.Symbol) and v.is_integer)]
        if real:
            return failed(f"enumeration over the integers needs integer variables; {', '.join(map(str, real))} is not declared an integer")
    elif part.domain != "extended-reals":
        return failed(f"unknown enumeration domain {part.domain!r}")
    try:
        cases = part.cases(proof.assumptions)
    except (ValueError, TypeError, DerivationError) as exc:
        return failed(f"the cases cannot be listed: {exc}")
    checked, seen = 0, set()
    decided, renamed = [], 0  # instances proved so far, with their hypotheses
    for index, case in enumerate(cases):
        if only is not None and index not in only:
            continue
        progress.note(f"the case {', '.join(f'{k} = {v}' for k, v in case.items())} of part {number} of {claim_id}")
        facts = tuple(f for f in (sp.sympify(a).subs(case) for a in proof.assumptions) if f not in (sp.true,))
        if any(f == sp.false for f in facts):
            continue
        base, proved_here = facts, []
        for rel in conjuncts(proof.statement):  # an instance proved here may serve the next ones
            instance = substitute(rel, case)
            local = facts
            if isinstance(instance, sp.Implies):
                condition, instance = instance.args
                if condition == sp.false:
                    continue
                local = facts + (() if condition == sp.true else (condition,))
            instance = type(instance)(concrete(instance.lhs), concrete(instance.rhs), evaluate=False)
            key = (instance, base, local[len(facts):])  # same relation, same hypotheses
            if key in seen:  # a relation without this case's variable: proved in an earlier case
                if local is facts:
                    facts = facts + (instance,)
                continue
            seen.add(key)
            # what this case proved so far holds for every value of the other symbols: a proved fact
            here = rules.Context(local, ctx.lemma, tuple(proved_here), base)
            hypotheses = (tuple(here.facts), tuple(here.proved), tuple(here.assumptions))
            image = case_by_symmetry(decided, case, instance, hypotheses)
            if image is not None:  # exactly an earlier case's instance and hypotheses, two members swapped
                outcome, renamed = StepCheck.proved("as in the case " + ", ".join(f"{k} = {v}" for k, v in image.items()) + ", with two members swapped"), renamed + 1
            else:
                outcome = _decide_instance(instance, case, here, rule_for)
            if outcome.verdict is Verdict.PROVED:
                decided.append((case, instance, hypotheses))
            if outcome.verdict is Verdict.PROVED and local is facts:
                facts = facts + (instance,)
                proved_here.append(instance)
            if outcome.verdict is not Verdict.PROVED:
                where = ", ".join(f"{k} = {v}" for k, v in case.items())
                failure = StepResult(number, 1, "enumeration", part.title or "every case", StepCheck(outcome.verdict, "enumeration", f"at {where}: {sp.sstr(instance)}: {outcome.detail or outcome.method}", outcome.counterexample))
                return CasesOutcome(failure, index, checked, renamed, len(cases))
            checked += 1
    return CasesOutcome(None, len(cases), checked, renamed, len(cases))


def _decide_instance(instance, case, ctx, rule_for) -> StepCheck:
    # an infinite value (not a limit point t -> oo) makes the sides values to compare
    infinite = any(
        side.replace(lambda e: isinstance(e, sp.Limit), lambda e: sp.Integer(0)).has(sp.oo, -sp.oo)
        for side in (sp.sympify(instance.lhs), sp.sympify(instance.rhs))
    )
    sides = [sp.simplify(expand_notation(side)) for side in (instance.lhs, instance.rhs)] if infinite else []
    if instance.has(sp.nan, sp.zoo) or any(side.has(sp.nan, sp.zoo) for side in sides):
        return StepCheck.unknown("enumeration", f"undefined (nan) at {case}")
    if infinite and isinstance(instance, sp.Eq) and any(side.has(sp.oo, -sp.oo) for side in sides):
        # extended reals: -oo + a = -oo and max(-oo, a) = a are SymPy's exact rules; an infinite side
        # is compared as a value, since oo - oo is nan, not 0
        if any(_infinity_inside(side) for side in sides):
            return StepCheck.unknown("enumeration", f"an infinity inside a value at {case}: {sides[0]}, {sides[1]}")
        same = sides[0] == sides[1]
        return StepCheck.proved("equal values in the extended reals") if same else StepCheck.unknown("enumeration", f"{sides[0]} and {sides[1]} differ")
    rule = rule_for(instance)
    op = relation_symbol(instance)
    try:
        return rules.check(rule, rules.Goal(instance.lhs, op, instance.rhs), ctx)
    except Exception as exc:  # a SymPy failure decides nothing
        return StepCheck.unknown(rule, in_words(exc))


def _infinity_inside(value) -> bool:
    """oo or -oo is a value; oo**(x-1), x*oo or max(oo, y) with a symbol left are not."""
    return value not in (sp.oo, -sp.oo) and value.has(sp.oo, -sp.oo)


def concrete(expr):
    """Sums with numeric bounds written out, so a case is an ordinary expression."""
    expr = sp.sympify(expr)
    return expr.replace(lambda e: isinstance(e, sp.Sum), lambda e: e.doit()) if expr.has(sp.Sum) else expr


__all__ = ["CasesOutcome", "check_induction", "check_enumeration", "concrete", "enumerate_cases", "enumeration_result"]
