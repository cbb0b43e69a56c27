"""What the Python API returns: a verification run, an article's audit, the claim list; each with to_json()
(the document the CLI prints with --json) and an HTML view for notebooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from derivations.model.claims import ClaimSpec
from derivations.base.schema import document
from derivations.model.verdict import ClaimResult, Summary, Verdict


@dataclass(frozen=True)
class Verification:
    """The results of `derive verify`, in the order the claims were asked for."""

    results: tuple[ClaimResult, ...]
    specs: dict[str, ClaimSpec] = field(repr=False, default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(r.verdict is Verdict.PROVED for r in self.results)

    @property
    def summary(self) -> dict[str, int]:
        return Summary.of(self.results).counts

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, key: int | str) -> ClaimResult:
        """By position, or by claim id."""
        if isinstance(key, str):
            for result in self.results:
                if result.id == key:
                    return result
            raise KeyError(key)
        return self.results[key]

    def to_json(self) -> dict:
        return document({"claims": [r.as_json() for r in self.results], "summary": self.summary})

    def _repr_html_(self) -> str:
        from derivations.base.display import verification_html

        return verification_html(self)


@dataclass(frozen=True)
class Audit:
    """The formulas of an article, each classified and decided (audit.Formula)."""

    formulas: tuple
    strict: bool = False
    path: Path | None = None  # the article's, as named (in the JSON document's "files")

    @property
    def summary(self) -> dict:
        from .audit import summarize

        return summarize(list(self.formulas))

    @property
    def exit_code(self) -> int:
        from .audit import exit_code

        return exit_code(list(self.formulas), self.strict)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def __iter__(self):
        return iter(self.formulas)

    def __len__(self) -> int:
        return len(self.formulas)

    def to_json(self) -> dict:
        """What `derive audit ARTICLE --json` prints (schema_version 2, one file)."""
        from .audit_output import ArticleAudit, Audits

        return Audits((ArticleAudit(self.path or Path("article"), self.formulas),), self.strict).to_json()

    def _repr_html_(self) -> str:
        from derivations.base.display import audit_html

        return audit_html(self)


@dataclass(frozen=True)
class Catalog:
    """The claims of a proofs directory, in the article's order."""

    specs: tuple[ClaimSpec, ...]
    where: Path | None = None

    def __iter__(self):
        return iter(self.specs)

    def __len__(self) -> int:
        return len(self.specs)

    def to_json(self) -> dict:
        return document({"claims": [{"id": s.id, "title": s.title, "latex": s.latex} for s in self.specs]})

    def _repr_html_(self) -> str:
        from derivations.base.display import catalog_html

        return catalog_html(self)
