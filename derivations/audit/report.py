"""What the audit says of each part of each formula, the summary, and the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from derivations.model.verdict import Counterexample, Verdict

DEFINITION, CLAIM, EXPRESSION, CONDITION, UNSUPPORTED = "definition", "claim", "expression", "condition", "unsupported"
KINDS = (DEFINITION, CLAIM, EXPRESSION, CONDITION, UNSUPPORTED)
INFORMAL = "informal"  # true in the limit only, or a limit variable left free: a note, not an error


@dataclass(frozen=True)
class Formula:
    """One part of a formula (a line, a case, a link of a chain) and what the audit says of it.

    ``assumptions``: the conditions from the prose attached to it (LaTeX, with the line they stand on);
    ``domain``: where it is defined beyond what is stated (LaTeX), None when defined wherever stated;
    ``covered``: True when the stated conditions imply the domain, False when they allow a point outside
    it (then the verdict is refuted, at that point), None when nothing was stated or it is not known.
    """

    line: int
    latex: str
    kind: str
    verdict: str | None = None
    claim_id: str | None = None
    note: str = ""
    assumptions: tuple[str, ...] = ()
    domain: str | None = None
    covered: bool | None = None
    counterexample: Counterexample | None = None  # where a refuted part fails, when there is a point

    def as_json(self) -> dict:
        return {
            "line": self.line, "latex": self.latex, "kind": self.kind, "verdict": self.verdict, "claim_id": self.claim_id,
            "note": self.note, "assumptions": list(self.assumptions), "domain": self.domain, "covered": self.covered,
            "counterexample": self.counterexample.as_json() if self.counterexample else None,
        }


@dataclass
class Part:
    """A part read from the article and waiting for its verdict (a claim), or already settled."""

    line: int
    latex: str
    kind: str
    relation: sp.Basic | None = None
    condition: sp.Basic = sp.true  # the display's own condition (a case, ``\quad x > 0``)
    attached: tuple = ()  # conditions from the prose (conditions.Condition)
    limits: dict = field(default_factory=dict)  # limit variable name -> point
    note: str = ""
    verdict: str | None = None
    candidates: tuple[str, ...] = ()
    redefines: str | None = None  # a known name on the left, as in \tanh(x) = ...: a claim about it
    nearby: tuple = ()  # bare conditions in its sentence (conditions.Reading.nearby): a counterexample must satisfy them

    def settled(self, **changes) -> Formula:
        values = {"line": self.line, "latex": self.latex, "kind": self.kind, "verdict": self.verdict, "note": self.note, "assumptions": shown_assumptions(self.attached)}
        values.update(changes)
        return Formula(**values)


def shown_assumptions(attached) -> tuple[str, ...]:
    return tuple(f"{c.latex} (line {c.line})" for c in attached)


def summarize(formulas: list[Formula]) -> dict:
    kinds = {k: 0 for k in KINDS}
    verdicts: dict[str, int] = {}
    for f in formulas:
        kinds[f.kind] += 1
        if f.verdict:
            verdicts[f.verdict] = verdicts.get(f.verdict, 0) + 1
    return {"formulas": len(formulas), "kinds": kinds, "verdicts": dict(sorted(verdicts.items())), "matched": sum(1 for f in formulas if f.claim_id)}


def exit_code(formulas: list[Formula], strict: bool) -> int:
    """1 if any part is refuted; with strict, also if any is unknown, unsupported, timed out or in error."""
    if any(f.verdict == Verdict.REFUTED.value for f in formulas):
        return 1
    if strict and any(f.kind == UNSUPPORTED or f.verdict in (Verdict.UNKNOWN.value, Verdict.TIMEOUT.value, Verdict.ERROR.value) for f in formulas):
        return 1
    return 0
