"""The verifier: check every step with its rule, then that the statement follows from the steps."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass

import sympy as sp

from . import numeric, progress, rules
from .algebra import sign_cases
from .binding import bind
from .notation import expand_notation
from .claims import Chain, ClaimSpec, Enumeration, Induction, Proof, conjuncts, relation_symbol, substitute
from .config import Config
from .errors import DerivationError
from .rules.lemma import LemmaNotProved
from .verdict import ClaimResult, StepCheck, StepResult, Verdict


@dataclass(frozen=True)
class Established:
    """A relation a part of the derivation proves, valid under ``condition``."""

    relation: sp.Basic
    condition: sp.Basic
    part: int


def _normal(rel):
    """(small, op, big) with op in {<, <=, =}."""
    op = relation_symbol(rel)
    if op in (">", ">="):
        return rel.rhs, op.replace(">", "<"), rel.lhs
    return rel.lhs, op, rel.rhs


def _same(a, b) -> bool:
    """The same expression up to SymPy's canonical form and expansion (2x vs x + x), nothing deeper:
    a statement must follow from the written steps, not from a simplification the reader never sees."""
    if a == b:
        return True
    try:
        return sp.expand(a - b) == 0
    except Exception:  # noqa: BLE001 - e.g. Limit arithmetic SymPy refuses: not the same
        return False


def implies(have: sp.Basic, want: sp.Basic) -> bool:
    """Does the established relation give the wanted one? (a < b gives a <= b; a = b gives b = a.)"""
    hs, hop, hb = _normal(have)
    ws, wop, wb = _normal(want)
    strength_ok = hop == wop or (hop == "<" and wop == "<=") or (hop == "=" and wop == "<=")
    if not strength_ok:
        return False
    if _same(hs, ws) and _same(hb, wb):
        return True
    return hop == "=" and wop == "=" and _same(hs, wb) and _same(hb, ws)


def exhaustive(conditions, facts=()) -> bool:
    """Do the case conditions cover every value allowed by the facts? Decided by sign cases."""
    if any(c == sp.true for c in conditions):
        return True
    cases = sign_cases(list(conditions), facts)
    if cases is None:
        return False
    for case in cases:
        values = [sp.sympify(c).xreplace(case.substitution) for c in conditions]
        values = [sp.simplify(v) if v not in (sp.true, sp.false) else v for v in values]
        if not any(v == sp.true for v in values):
            return False
    return True


class Verifier:
    """Verifies claims; a claim cited as a lemma is verified first (once) and must be proved."""

    def __init__(self, specs: dict[str, ClaimSpec], config: Config):
        self.specs = specs
        self.config = config
        self._results: dict[str, ClaimResult] = {}
        self._proofs: dict[str, Proof] = {}
        self._active: list[str] = []

    # -- lemmas
    def lemma(self, claim_id: str) -> tuple[sp.Basic, ...]:
        if claim_id not in self.specs:
            raise LemmaNotProved(f"no claim {claim_id!r} to cite")
        if claim_id in self._active:
            raise LemmaNotProved(f"circular citation: {' -> '.join(self._active + [claim_id])}")
        result = self.verify(claim_id)
        if result.verdict is not Verdict.PROVED:
            raise LemmaNotProved(f"cited claim {claim_id} is {result.verdict}, not proved")
        return conjuncts(self._proofs[claim_id].statement)

    def proof(self, claim_id: str) -> Proof | None:
        return self._proofs.get(claim_id)

    # -- claims
    def verify(self, claim_id: str) -> ClaimResult:
        if claim_id not in self._results:
            self._active.append(claim_id)
            try:
                self._results[claim_id] = self._verify(self.specs[claim_id])
            finally:
                self._active.pop()
        return self._results[claim_id]

    def _verify(self, spec: ClaimSpec) -> ClaimResult:
        started = time.perf_counter()

        def done(verdict, reason="", **kw):
            return ClaimResult(spec.id, spec.title, verdict, time.perf_counter() - started, reason, **kw)

        try:
            proof = spec.proof()
            parts = proof.built_parts()
        except DerivationError as exc:
            return done(Verdict.ERROR, str(exc), location=spec.source)
        except Exception as exc:  # a broken proof script: report where, not a traceback
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            return done(Verdict.ERROR, f"{type(exc).__name__}: {exc}", location=f"{frame.filename}:{frame.lineno}")
        self._proofs[spec.id] = proof

        ctx = rules.Context(tuple(proof.assumptions), self.lemma)
        step_results: list[StepResult] = []
        established: list[Established] = []
        for number, part in enumerate(parts, start=1):
            if isinstance(part, Chain):
                results = self._check_chain(part, ctx, number)
                step_results += results
                # A chain's extra facts are hypotheses: unless earlier parts (or the assumptions)
                # establish them, what the chain proves holds only under them.
                unproved = [f for f in part.facts if not self._follows(f, established, proof.assumptions)]
                condition = sp.And(part.condition, *unproved)
                established += [Established(r, condition, number) for r in part.relations()]
            elif isinstance(part, Induction):
                rels, results = self._check_induction(part, proof, ctx, number)
                step_results += results
                established += [Established(r, sp.true, number) for r in rels]
            elif isinstance(part, Enumeration):
                result = self._check_enumeration(part, proof, ctx, number)
                step_results.append(result)
                if result.verdict is Verdict.PROVED:
                    established += [Established(r, sp.true, number) for r in conjuncts(proof.statement)]
        for definition in proof.definitions:  # checked like any step: by unfolding the notation
            number = len(parts) + 1
            goal = rules.Goal(definition.lhs, "=", definition.rhs)
            outcome = rules.check("definition", goal, ctx)
            step_results.append(StepResult(number, 1, "definition", "definition of the notation", outcome))
            parts = parts + (None,)
            if outcome.verdict is Verdict.PROVED:
                established.append(Established(definition, sp.true, number))

        statement = conjuncts(proof.statement)
        failing = [s for s in step_results if s.verdict is not Verdict.PROVED]
        missing = [c for c in statement if not self._follows(c, established, proof.assumptions)]
        assumptions = proof.assumptions

        if failing or missing:
            counterexample = numeric.find_counterexample(statement, assumptions, self.config.digits)
            if counterexample is not None:
                return done(Verdict.REFUTED, counterexample.detail, steps=tuple(step_results), counterexample=counterexample)
            refuted = [s for s in failing if s.verdict is Verdict.REFUTED]
            if refuted:
                s = refuted[0]
                return done(Verdict.REFUTED, f"part {s.part} step {s.index} ({s.justification}): {s.check.detail}", steps=tuple(step_results))
            if failing:
                s = failing[0]
                reason = f"part {s.part} step {s.index} ({s.justification}) not decided by rule {s.rule!r}: {s.check.detail}"
            else:
                reason = "the steps do not establish " + ", ".join(sp.sstr(m) for m in missing)
            return done(Verdict.UNKNOWN, reason, steps=tuple(step_results))

        numeric_statement, numeric_facts = _numeric_instances(proof, parts)
        check = numeric.cross_check(numeric_statement, numeric_facts, self.config.digits, self.config.points)
        if not check.agrees:
            return done(Verdict.ERROR, "the numbers contradict the symbolic proof: " + check.detail, steps=tuple(step_results), numeric=check)
        if self.config.bind_latex:
            mismatch = bind(spec, proof)
            if mismatch:  # proved, but not what the article says: the article and the proof have drifted
                return done(Verdict.ERROR, "article LaTeX mismatch: " + "; ".join(mismatch), steps=tuple(step_results), numeric=check)
        return done(Verdict.PROVED, "", steps=tuple(step_results), numeric=check)

    def _check_chain(self, chain: Chain, ctx, number) -> list[StepResult]:
        facts = [chain.condition] if chain.condition != sp.true else []
        local = ctx.with_facts(*facts, *chain.facts)
        previous, results = chain.start, []
        for index, step in enumerate(chain.steps, start=1):
            goal = rules.Goal(previous, step.relation, step.expr, step.hints)
            progress.note(f"part {number} step {index} of {self._active[-1]} (rule {step.rule!r}: {step.justification})")
            try:
                outcome = rules.check(step.rule, goal, local)
            except LemmaNotProved as exc:
                outcome = StepCheck.unknown("lemma", str(exc))
            except Exception as exc:  # a rule hitting a SymPy failure cannot decide: unknown, never proved
                outcome = StepCheck.unknown(step.rule, f"{type(exc).__name__}: {str(exc)[:200]}")
            if outcome.verdict is not Verdict.PROVED:
                outcome = self._refute_step(goal, local, outcome)
            results.append(StepResult(number, index, step.rule, step.justification, outcome, step.source))
            previous = step.expr
        return results

    def _refute_step(self, goal, ctx, outcome: StepCheck) -> StepCheck:
        """Try numbers on an undecided step: a failure point makes the step refuted (never proved)."""
        if outcome.verdict is Verdict.REFUTED:
            return outcome
        counterexample = numeric.find_counterexample([goal.relation()], ctx.facts, self.config.digits)
        if counterexample is None:
            return outcome
        return StepCheck(Verdict.REFUTED, outcome.method, f"{outcome.detail}; the step fails at {counterexample.values}", counterexample)

    def _check_induction(self, part: Induction, proof: Proof, ctx, number):
        n = part.variable
        statement = conjuncts(proof.statement)
        base_goal = [substitute(s, {n: part.base}) for s in statement]
        hypothesis = list(statement)
        step_goal = [substitute(s, {n: n + 1}) for s in statement]
        results, base_rels, step_rels = [], [], []
        for chain in part.base_chains:
            results += self._check_chain(chain, ctx, number)
            base_rels += [Established(r, chain.condition, number) for r in chain.relations()]
        step_ctx = ctx.with_facts(*hypothesis, sp.Ge(n, part.base))
        for chain in part.step_chains:
            results += self._check_chain(chain, step_ctx, number)
            step_rels += [Established(r, chain.condition, number) for r in chain.relations()]
        base_ok = all(self._follows(g, base_rels, proof.assumptions) for g in base_goal)
        step_ok = all(self._follows(g, step_rels, tuple(proof.assumptions) + (sp.Ge(n, part.base),)) for g in step_goal)
        chains_ok = all(r.verdict is Verdict.PROVED for r in results)
        verdict = Verdict.PROVED if base_ok and step_ok and chains_ok else Verdict.UNKNOWN
        detail = (
            f"P({part.base}) and P({n}) => P({n}+1) for integer {n} >= {part.base}"
            if verdict is Verdict.PROVED
            else f"the chains do not establish {'P(base)' if not base_ok else 'P(n+1)'}"
        )
        results.append(StepResult(number, len(results) + 1, "induction", "induction on " + str(n), StepCheck(verdict, "induction", detail)))
        return (statement if verdict is Verdict.PROVED else []), results

    def _check_enumeration(self, part: Enumeration, proof: Proof, ctx, number) -> StepResult:
        """Each statement relation in each case of the cover, by the rule its shape calls for."""
        from .prove import rule_for

        cases = part.cases(proof.assumptions)
        checked, seen = 0, set()
        for case in cases:
            progress.note(f"the case {', '.join(f'{k} = {v}' for k, v in case.items())} of part {number} of {self._active[-1]}")
            facts = tuple(f for f in (sp.sympify(a).subs(case) for a in proof.assumptions) if f not in (sp.true,))
            if any(f == sp.false for f in facts):
                continue
            base = facts
            for rel in conjuncts(proof.statement):  # an instance proved here may serve the next ones
                instance = substitute(rel, case)
                local = facts
                if isinstance(instance, sp.Implies):
                    condition, instance = instance.args
                    if condition == sp.false:
                        continue
                    local = facts + (() if condition == sp.true else (condition,))
                instance = type(instance)(_concrete(instance.lhs), _concrete(instance.rhs), evaluate=False)
                key = (instance, base, local[len(facts):])  # same relation, same hypotheses
                if key in seen:  # a relation without this case's variable: proved in an earlier case
                    if local is facts:
                        facts = facts + (instance,)
                    continue
                seen.add(key)
                # an infinite value (not a limit point t -> oo) makes the sides values to compare
                infinite = any(
                    side.replace(lambda e: isinstance(e, sp.Limit), lambda e: sp.Integer(0)).has(sp.oo, -sp.oo)
                    for side in (sp.sympify(instance.lhs), sp.sympify(instance.rhs))
                )
                sides = [sp.simplify(expand_notation(side)) for side in (instance.lhs, instance.rhs)] if infinite else []
                if instance.has(sp.nan, sp.zoo) or any(side.has(sp.nan, sp.zoo) for side in sides):
                    outcome = StepCheck.unknown("enumeration", f"undefined (nan) at {case}")
                elif infinite and isinstance(instance, sp.Eq) and any(side.has(sp.oo, -sp.oo) for side in sides):
                    # extended reals: -oo + a = -oo and max(-oo, a) = a are SymPy's exact rules; an
                    # infinite side is compared as a value, since oo - oo is nan, not 0
                    same = sides[0] == sides[1]
                    outcome = StepCheck.proved("equal values in the extended reals") if same else StepCheck.unknown("enumeration", f"{sides[0]} and {sides[1]} differ")
                else:
                    rule = rule_for(instance)
                    op = relation_symbol(instance)
                    try:
                        outcome = rules.check(rule, rules.Goal(instance.lhs, op, instance.rhs), ctx.with_facts(*local))
                    except Exception as exc:  # a SymPy failure decides nothing
                        outcome = StepCheck.unknown(rule, f"{type(exc).__name__}: {exc}")
                if outcome.verdict is Verdict.PROVED and local is facts:
                    facts = facts + (instance,)
                if outcome.verdict is not Verdict.PROVED:
                    where = ", ".join(f"{k} = {v}" for k, v in case.items())
                    return StepResult(number, 1, "enumeration", part.title or "every case", StepCheck(outcome.verdict, "enumeration", f"at {where}: {sp.sstr(instance)}: {outcome.detail or outcome.method}", outcome.counterexample))
                checked += 1
        what = "integer" if part.domain == "integers" else "finite or -oo"
        detail = f"{checked} instances in {len(cases)} cases ({what} {', '.join(map(str, part.variables))}), each decided exactly"
        return StepResult(number, 1, "enumeration", part.title or "every case", StepCheck.proved(detail))

    def _follows(self, want, established: list[Established], assumptions) -> bool:
        if isinstance(want, sp.Implies):  # cond => rel: the cases proving rel must cover cond
            direct = [e for e in established if e.relation == want]
            if direct:
                return True
            condition, want = want.args
            assumptions = tuple(assumptions) + (condition,)
        conditions = [e.condition for e in established if not isinstance(e.relation, sp.Implies) and implies(e.relation, want)]
        return bool(conditions) and exhaustive(conditions, assumptions)


def _numeric_instances(proof: Proof, parts):
    """What the numeric cross-check evaluates: the statement, or, for a claim over a finite family
    (sums to n, x_i), the statement at a spread of its cases, written out."""
    statement = conjuncts(proof.statement)
    if not any(r.has(sp.Sum, sp.Indexed) for r in statement):
        return statement, tuple(proof.assumptions)
    enumerations = [p for p in parts if isinstance(p, Enumeration) and p.domain == "integers"]
    if enumerations:
        variables = enumerations[0].variables
        cases = enumerations[0].cases(proof.assumptions)
    else:  # a symbolic n: small cases allowed by the assumptions (i <= n, n >= 2, ...)
        import itertools

        variables = tuple(sorted({s for r in statement for s in r.free_symbols if s.is_integer}, key=str))
        cases = []
        for values in itertools.product(range(1, 5), repeat=len(variables)):
            case = dict(zip(variables, map(sp.Integer, values)))
            if all(sp.sympify(a).subs(case) == sp.true for a in proof.assumptions if a.free_symbols & set(variables)):
                cases.append(case)
    picked = [cases[k] for k in sorted({0, len(cases) // 3, len(cases) // 2, (2 * len(cases)) // 3, len(cases) - 1})] if cases else []
    instances = []
    for case in picked:
        for rel in statement:
            inst = substitute(rel, case)
            condition = None
            if isinstance(inst, sp.Implies):
                condition, inst = inst.args
            inst = type(inst)(_concrete(inst.lhs), _concrete(inst.rhs), evaluate=False)
            instances.append(inst if condition is None else sp.Implies(condition, inst, evaluate=False))
    facts = tuple(a for a in proof.assumptions if not (a.free_symbols & set(variables)))
    return tuple(instances), facts


def _concrete(expr):
    """Sums with numeric bounds written out, so a case is an ordinary expression."""
    expr = sp.sympify(expr)
    return expr.replace(lambda e: isinstance(e, sp.Sum), lambda e: e.doit()) if expr.has(sp.Sum) else expr


__all__ = ["Verifier", "implies", "exhaustive"]
