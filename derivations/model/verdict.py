"""Verdicts and the evidence records that carry them: what was decided, how, and what the numbers said."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Verdict(str, enum.Enum):
    PROVED = "proved"
    REFUTED = "refuted"
    UNKNOWN = "unknown"
    ERROR = "error"
    TIMEOUT = "timeout"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Counterexample:
    """Values for the symbols at which a statement fails, with both sides evaluated."""

    values: dict[str, str]
    detail: str
    exact: bool  # True when the failure was confirmed by exact arithmetic, not only at high precision

    def as_json(self) -> dict:
        return {"values": dict(self.values), "detail": self.detail, "exact": self.exact}


@dataclass(frozen=True)
class StepCheck:
    """What a rule decided about one step. ``method`` names the symbolic decision that was made."""

    verdict: Verdict
    method: str
    detail: str = ""
    counterexample: Counterexample | None = None

    @classmethod
    def proved(cls, method: str, detail: str = "") -> "StepCheck":
        return cls(Verdict.PROVED, method, detail)

    @classmethod
    def unknown(cls, method: str, detail: str) -> "StepCheck":
        return cls(Verdict.UNKNOWN, method, detail)


@dataclass(frozen=True)
class NumericCheck:
    """The mpmath cross-check of a proved claim: never a proof, only a tripwire."""

    points: int
    digits: int
    worst_deviation: str
    agrees: bool
    detail: str = ""


@dataclass(frozen=True)
class StepResult:
    part: int
    index: int
    rule: str
    justification: str
    check: StepCheck
    source: str = ""  # file:line of the proof script line that wrote the step

    @property
    def verdict(self) -> Verdict:
        return self.check.verdict

    @property
    def file_line(self) -> tuple[str | None, int | None]:
        """(file, line) of the proof script line that wrote the step, or (None, None)."""
        path, _, line = self.source.rpartition(":")
        return (path, int(line)) if path and line.isdigit() else (None, None)


@dataclass(frozen=True)
class ClaimResult:
    id: str
    title: str
    verdict: Verdict
    seconds: float
    reason: str = ""
    steps: tuple[StepResult, ...] = ()
    counterexample: Counterexample | None = None
    numeric: NumericCheck | None = None
    location: str = ""
    domain: str | None = None  # LaTeX of the conditions beyond the assumptions under which it is proved
    cached: bool = False  # True when the result was read from the verification cache
    kernel: str | None = None  # the Coq kernel on the claim's twin: checked | failed | not available (None: not asked)
    kernel_detail: str = ""  # why it failed or is not available

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "verdict": self.verdict.value,
            "seconds": round(self.seconds, 3),
            "reason": self.reason,
            "domain": self.domain,
            "cached": self.cached,
            "kernel": self.kernel,
            "kernel_detail": self.kernel_detail,
            "steps": [
                {
                    "part": s.part,
                    "rule": s.rule,
                    "justification": s.justification,
                    "verdict": s.verdict.value,
                    "method": s.check.method,
                    "detail": s.check.detail,
                    "file": s.file_line[0],
                    "line": s.file_line[1],
                }
                for s in self.steps
            ],
            "counterexample": self.counterexample.as_json() if self.counterexample else None,
            "numeric": None
            if self.numeric is None
            else {
                "points": self.numeric.points,
                "digits": self.numeric.digits,
                "worst_deviation": self.numeric.worst_deviation,
                "agrees": self.numeric.agrees,
            },
        }

    def to_json(self) -> dict:
        """This claim as it stands in `derive verify --json`'s "claims"."""
        return self.as_json()

    def _repr_html_(self) -> str:
        from derivations.base.display import claim_html

        return claim_html(self)


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=lambda: {v.value: 0 for v in Verdict})

    @classmethod
    def of(cls, results) -> "Summary":
        summary = cls()
        for r in results:
            summary.counts[r.verdict.value] += 1
        return summary
