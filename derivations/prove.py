"""`derive prove`: decide one claim written in LaTeX with the engine's own decision procedures."""

from __future__ import annotations

import time
from dataclasses import dataclass

import sympy as sp

from . import numeric, progress, rules
from .errors import DerivationError, ParseError
from .verdict import Counterexample, StepCheck, Verdict

_SEVERITY = {Verdict.REFUTED: 3, Verdict.ERROR: 2, Verdict.TIMEOUT: 1, Verdict.UNKNOWN: 1, Verdict.PROVED: 0}


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    statement: str
    reason: str
    counterexample: Counterexample | None
    seconds: float
    id: str | None = None
    domain: str | None = None  # LaTeX of the conditions beyond the assumptions under which it is proved

    def as_json(self) -> dict:
        counterexample = self.counterexample.as_json() if self.counterexample else None
        data = {"verdict": self.verdict.value, "statement": self.statement, "domain": self.domain, "counterexample": counterexample, "reason": self.reason, "seconds": round(self.seconds, 3)}
        return {"id": self.id, **data} if self.id is not None else data

    def to_json(self) -> dict:
        """The document `derive prove --json` prints."""
        from .schema import document

        return document(self.as_json())

    def _repr_latex_(self) -> str | None:
        return f"$\\displaystyle {self.statement}$" if self.statement else None

    def _repr_html_(self) -> str:
        from .display import decision_html

        return decision_html(self)


def parse_claim(latex: str, assume=()) -> tuple[list[sp.Basic], tuple[sp.Basic, ...]]:
    """The relations to decide and the assumptions as facts; symbols are real unless assumed more."""
    from .latex.parse import Notations, parse, relations_of

    facts = []
    for text in assume:
        parsed = parse(text)
        found = relations_of(parsed)
        if not found:
            raise ParseError(f"the assumption {text!r} is not a relation")
        facts += found
    symbols = {s.name: s for f in facts for s in f.atoms(sp.Symbol)}
    relations = relations_of(parse(latex, Notations(symbols=symbols)))
    if not relations:
        raise ParseError("not a claim: the formula has no relation (=, <, \\leq, ...)")
    return relations, tuple(facts)


def rule_for(rel: sp.Basic) -> str:
    """The rule that decides a relation of this shape."""
    if isinstance(rel, sp.Ne):
        return "unsupported"
    if isinstance(rel.lhs, sp.Limit) and isinstance(rel.rhs, sp.Limit):
        return "identity"  # lim f = lim g where f = g near the limit point
    if rel.has(sp.Limit):
        return "limit"
    if isinstance(rel, sp.Eq) and (isinstance(rel.lhs, sp.Integral) or isinstance(rel.rhs, sp.Integral)):
        return "antiderivative" if not (isinstance(rel.lhs, sp.Integral) and isinstance(rel.rhs, sp.Integral)) else "identity"
    return "identity" if isinstance(rel, sp.Eq) else "inequality"


def decide_relation(rel: sp.Basic, facts) -> tuple[Verdict, str, Counterexample | None]:
    rule = rule_for(rel)
    if rule == "unsupported":
        return Verdict.UNKNOWN, "\\neq claims are not decided", None
    op = {sp.Eq: "=", sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">", sp.GreaterThan: ">="}[type(rel)]
    try:
        check: StepCheck = rules.check(rule, rules.Goal(rel.lhs, op, rel.rhs), rules.Context(tuple(facts)))
    except Exception as exc:  # a SymPy failure decides nothing
        check = StepCheck.unknown(rule, f"{type(exc).__name__}: {str(exc)[:200]}")
    if check.verdict is Verdict.PROVED:
        return Verdict.PROVED, f"{rule}: {check.method}", None
    if check.verdict is Verdict.REFUTED and check.counterexample is not None:
        return Verdict.REFUTED, f"{rule}: {check.detail}", check.counterexample
    counterexample = numeric.find_counterexample([rel], facts)
    if counterexample is not None:
        return Verdict.REFUTED, counterexample.detail, counterexample
    if check.verdict is Verdict.REFUTED:
        return Verdict.REFUTED, f"{rule}: {check.detail}", None
    return Verdict.UNKNOWN, f"{rule}: {check.detail or check.method}", None


def decide(latex: str, assume=(), claim_id: str | None = None) -> Decision:
    """Decide a claim: proved only if every relation of it is proved symbolically."""
    from .latex.render import latex as render

    started = time.perf_counter()
    progress.note("reading the LaTeX")
    try:
        relations, facts = parse_claim(latex, assume)
    except DerivationError as exc:
        return Decision(Verdict.ERROR, "", str(exc), None, time.perf_counter() - started, claim_id)
    statement = ", ".join(render(r) for r in relations)
    verdict, reasons, counterexample = Verdict.PROVED, [], None
    for number, rel in enumerate(relations, start=1):
        progress.note(f"relation {number} of {len(relations)}, {render(rel)}")
        outcome, reason, found = decide_relation(rel, facts)
        reasons.append(f"{render(rel)}: {reason}" if len(relations) > 1 else reason)
        if _SEVERITY[outcome] > _SEVERITY[verdict]:
            verdict = outcome
        if found is not None and counterexample is None:
            counterexample = found
    return Decision(verdict, statement, "; ".join(reasons), counterexample, time.perf_counter() - started, claim_id)


def exit_code(verdicts) -> int:
    """0 all proved; 2 any bad input; 1 any refuted; 3 any unknown or timeout."""
    verdicts = list(verdicts)
    if any(v is Verdict.ERROR for v in verdicts):
        return 2
    if any(v is Verdict.REFUTED for v in verdicts):
        return 1
    if any(v in (Verdict.UNKNOWN, Verdict.TIMEOUT) for v in verdicts):
        return 3
    return 0
