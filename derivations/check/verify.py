"""The verifier: check every step with its rule, then that the statement follows from the steps."""

from __future__ import annotations

import time
import traceback

import sympy as sp

from derivations.decide import numeric, rules
from derivations.base import progress
from derivations.decide.algebra import sign_cases
from .binding import bind
from derivations.model.claims import Chain, ClaimSpec, Enumeration, Induction, Proof, conjuncts, relation_symbol, substitute
from derivations.base.config import Config
from derivations.decide.domain import Condition, Undetermined, as_latex, implied, written_conditions
from derivations.base.errors import DerivationError, in_words
from .parts import CasesOutcome, Established, check_enumeration, check_induction, concrete, enumerate_cases
from derivations.decide.rules.lemma import Cited, LemmaNotProved
from derivations.model.verdict import ClaimResult, StepCheck, StepResult, Verdict


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

    def __init__(self, specs: dict[str, ClaimSpec], config: Config, known=None):
        self.specs = specs
        self.config = config
        # ``known`` may give a claim's result without verifying it (the verification cache); ``given``
        # holds enumeration parts already checked elsewhere, case by case (the worker pool sharing one claim)
        self.known = known
        self.given: dict[tuple[str, int], StepResult] = {}
        self._results: dict[str, ClaimResult] = {}
        self._proofs: dict[str, Proof] = {}
        self._active: list[str] = []

    # -- lemmas
    def lemma(self, claim_id: str) -> Cited:
        if claim_id not in self.specs:
            raise LemmaNotProved(f"no claim {claim_id!r} to cite")
        if claim_id in self._active:
            raise LemmaNotProved(f"circular citation: {' -> '.join(self._active + [claim_id])}")
        result = self.verify(claim_id)
        if result.verdict is not Verdict.PROVED:
            raise LemmaNotProved(f"cited claim {claim_id} is {result.verdict}, not proved")
        proof = self._proofs[claim_id]
        return Cited(conjuncts(proof.statement), tuple(proof.assumptions))

    def proof(self, claim_id: str) -> Proof | None:
        return self._proofs.get(claim_id)

    # -- claims
    def verify(self, claim_id: str) -> ClaimResult:
        if claim_id not in self._results and self.known is not None:
            known = self.known(claim_id)
            if known is not None:
                if known.verdict is Verdict.PROVED:  # a lemma's statement is read from its proof
                    self._proofs[claim_id] = self.specs[claim_id].proof()
                self._results[claim_id] = known
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
        assumptions = tuple(proof.assumptions)
        statement = conjuncts(proof.statement)

        needed, undefined = statement_domain(spec, proof)
        shown = as_latex(_shown(needed)) if undefined is None else None

        ctx = rules.Context(assumptions, self.lemma, (), assumptions)
        step_results: list[StepResult] = []
        established: list[Established] = []
        for number, part in enumerate(parts, start=1):
            if isinstance(part, Chain):
                # A chain's extra facts are hypotheses unless earlier parts (or the assumptions) establish
                # them: then they are proved facts, which a squeeze may use as bounds.
                proved = [f for f in part.facts if self.follows(f, established, assumptions)]
                unproved = [f for f in part.facts if f not in proved]
                step_results += self.check_chain(part, ctx.with_proved(*proved), number)
                condition = sp.And(part.condition, *unproved)
                established += [Established(r, condition, number) for r in part.relations()]
            elif isinstance(part, Induction):
                rels, results = check_induction(self, part, proof, ctx, number)
                step_results += results
                established += [Established(r, sp.true, number) for r in rels]
            elif isinstance(part, Enumeration):
                result = self.given.get((spec.id, number)) or check_enumeration(part, proof, ctx, number, spec.id)
                step_results.append(result)
                if result.verdict is Verdict.PROVED:
                    established += [Established(r, sp.true, number) for r in statement]
        for definition in proof.definitions:  # checked like any step: by unfolding the notation
            number = len(parts) + 1
            goal = rules.Goal(definition.lhs, "=", definition.rhs)
            outcome = rules.check("definition", goal, ctx)
            step_results.append(StepResult(number, 1, "definition", "definition of the notation", outcome))
            parts = parts + (None,)
            if outcome.verdict is Verdict.PROVED:
                established.append(Established(definition, sp.true, number))

        failing = [s for s in step_results if s.verdict is not Verdict.PROVED]
        missing = [c for c in statement if not self.follows(c, established, assumptions)]
        outside_assumptions = [] if undefined is not None else [c for c in needed if not implied(c, assumptions)]
        domain = tuple(needed) if undefined is None else ()

        if failing or missing or undefined is not None or outside_assumptions:
            counterexample = numeric.find_counterexample(statement, assumptions, self.config.digits, domain=domain)
            if counterexample is not None:
                return done(Verdict.REFUTED, counterexample.detail, steps=tuple(step_results), counterexample=counterexample, domain=shown)
            if undefined is not None:
                reason = f"where the statement is defined cannot be stated: {undefined}"
            elif outside_assumptions:
                reason = "the statement is defined only where " + ", ".join(sp.sstr(c.as_fact()) for c in outside_assumptions) + ": the assumptions must say so"
            elif failing:
                s = failing[0]
                reason = f"part {s.part} step {s.index} ({s.justification}) {'fails' if s.verdict is Verdict.REFUTED else 'not decided'} by rule {s.rule!r}: {s.check.detail}"
            else:
                reason = "the steps do not establish " + ", ".join(sp.sstr(m) for m in missing)
            return done(Verdict.UNKNOWN, reason, steps=tuple(step_results), domain=shown)

        numeric_statement, numeric_facts = _numeric_instances(proof, parts)
        check = numeric.cross_check(numeric_statement, numeric_facts, self.config.digits, self.config.points, domain=domain if numeric_statement == statement else ())
        if not check.agrees:
            return done(Verdict.ERROR, "the numbers contradict the symbolic proof: " + check.detail, steps=tuple(step_results), numeric=check, domain=shown)
        if check.points == 0:  # the second key never turned: a proof alone is not a verdict
            return done(Verdict.UNKNOWN, "the steps prove it, but the numeric tripwire could evaluate the statement at no point" + (f" ({check.detail})" if check.detail else ""), steps=tuple(step_results), numeric=check, domain=shown)
        if self.config.bind_latex:
            mismatch = bind(spec, proof)
            if mismatch:  # proved, but not what the article says: the article and the proof have drifted
                return done(Verdict.ERROR, "article LaTeX mismatch: " + "; ".join(mismatch), steps=tuple(step_results), numeric=check, domain=shown)
        return done(Verdict.PROVED, "", steps=tuple(step_results), numeric=check, domain=shown)

    def check_chain(self, chain: Chain, ctx, number) -> list[StepResult]:
        """Every step of a chain, by its rule, under the chain's case condition and its facts."""
        facts = [chain.condition] if chain.condition != sp.true else []
        local = ctx.with_facts(*facts, *[f for f in chain.facts if f not in ctx.proved])
        previous, results = chain.start, []
        for index, step in enumerate(chain.steps, start=1):
            goal = rules.Goal(previous, step.relation, step.expr, step.hints)
            progress.note(f"part {number} step {index} of {self._active[-1]} (rule {step.rule!r}: {step.justification})")
            try:
                outcome = rules.check(step.rule, goal, local)
            except LemmaNotProved as exc:
                outcome = StepCheck.unknown("lemma", str(exc))
            except Exception as exc:  # a rule hitting a SymPy failure cannot decide: unknown, never proved
                outcome = StepCheck.unknown(step.rule, in_words(exc))
            if outcome.verdict is Verdict.PROVED:
                outcome = _defined_step(goal, local, outcome)
            if outcome.verdict is not Verdict.PROVED:
                outcome = self._refute_step(goal, local, outcome)
            results.append(StepResult(number, index, step.rule, step.justification, outcome, step.source))
            previous = step.expr
        return results

    def _refute_step(self, goal, ctx, outcome: StepCheck) -> StepCheck:
        """Try numbers on an undecided step: a confirmed failure point makes the step refuted (never proved)."""
        if outcome.verdict is Verdict.REFUTED:
            return outcome
        counterexample = numeric.find_counterexample([goal.relation()], ctx.facts, self.config.digits)
        if counterexample is None:
            return outcome
        return StepCheck(Verdict.REFUTED, outcome.method, f"{outcome.detail}; the step fails at {counterexample.values}", counterexample)

    def check_cases(self, claim_id: str, number: int, only: frozenset[int]) -> CasesOutcome:
        """Part ``number`` of a claim, an enumeration, on the cases numbered ``only`` (from 0), in the
        context the claim's verification gives it."""
        proof = self.specs[claim_id].proof()
        assumptions = tuple(proof.assumptions)
        ctx = rules.Context(assumptions, self.lemma, (), assumptions)
        return enumerate_cases(proof.built_parts()[number - 1], proof, ctx, number, only, claim_id)

    def follows(self, want, established: list[Established], assumptions) -> bool:
        if isinstance(want, sp.Implies):  # cond => rel: the cases proving rel must cover cond
            direct = [e for e in established if e.relation == want]
            if direct:
                return True
            condition, want = want.args
            assumptions = tuple(assumptions) + (condition,)
        conditions = [e.condition for e in established if not isinstance(e.relation, sp.Implies) and implies(e.relation, want)]
        return bool(conditions) and exhaustive(conditions, assumptions)


def _defined_step(goal, ctx, outcome: StepCheck) -> StepCheck:
    """A proved step whose expressions are undefined somewhere the chain's facts allow proves nothing
    there (a division by a quantity that may be 0): not proved, unless the facts exclude those points."""
    try:
        needed = written_conditions(goal.lhs, goal.rhs)
    except Undetermined:
        return outcome
    missing = [c for c in needed if not implied(c, ctx.facts)]
    if not missing:
        return outcome
    return StepCheck.unknown(outcome.method, "the step is undefined where " + ", ".join(sp.sstr(c.as_fact()) for c in missing) + " fails, and nothing here excludes that")


def _shown(needed):
    """The domain as a reader wants it: conditions that are not true on all of R, a guarded one only
    when its relation is not already required outright."""
    outright = [c.relation for c in needed if c.guard == sp.true]
    return [c for c in needed if not implied(c, ()) and (c.guard == sp.true or c.relation not in outright)]


def statement_domain(spec: ClaimSpec, proof: Proof):
    """(conditions where the statement is defined, None) read from the statement and from the article's
    LaTeX as written (x/x = 1 needs x != 0 though SymPy cancels it), or ([], why) if not stateable."""
    from .binding import notations_for
    from derivations.read.parse import parse_rows, relations_of

    found = []
    try:
        for rel in conjuncts(proof.statement):
            found += written_conditions(rel)
        if spec.latex:
            with sp.evaluate(False):
                rows = parse_rows(spec.latex, notations_for(spec, proof))
            for parsed, condition in rows:
                for rel in relations_of(parsed):
                    found += [Condition(c.relation, sp.And(condition, c.guard)) for c in written_conditions(rel)]
    except Undetermined as exc:
        return [], str(exc)
    except (DerivationError, TypeError, ValueError, AttributeError):
        pass  # the article's LaTeX not parsing is reported by the binding
    unique = []
    for c in found:
        if c not in unique:
            unique.append(c)
    return unique, None


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
            inst = type(inst)(concrete(inst.lhs), concrete(inst.rhs), evaluate=False)
            instances.append(inst if condition is None else sp.Implies(condition, inst, evaluate=False))
    facts = tuple(a for a in proof.assumptions if not (a.free_symbols & set(variables)))
    return tuple(instances), facts


__all__ = ["Verifier", "implies", "exhaustive"]
