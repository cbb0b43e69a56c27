"""What `derive audit PATH...` returns and prints: per-article results, the total, the JSON document, GitHub
annotations at the article's own lines, and a progress bar on a terminal."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path

from derivations.base.schema import AUDIT_SCHEMA_VERSION

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class ArticleAudit:
    """One article named on the command line: its formulas (audit.Formula), or why it could not be read."""

    path: Path
    formulas: tuple = ()
    problem: str | None = None

    @property
    def summary(self) -> dict:
        from .audit import summarize

        return summarize(list(self.formulas))

    def exit_code(self, strict: bool) -> int:
        from .audit import exit_code

        return EXIT_USAGE if self.problem else exit_code(list(self.formulas), strict)

    def as_json(self) -> dict:
        if self.problem:
            return {"path": self.path.as_posix(), "error": self.problem}
        return {"path": self.path.as_posix(), "formulas": [f.as_json() for f in self.formulas], "summary": self.summary}


@dataclass(frozen=True)
class Audits:
    """The articles of one `derive audit` run, in the order named."""

    articles: tuple[ArticleAudit, ...]
    strict: bool = False
    decided: int | None = None  # formula parts decided afresh, not served from the cache (None: no cache)

    def __iter__(self):
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def problems(self) -> list[str]:
        return [a.problem for a in self.articles if a.problem]

    @property
    def summary(self) -> dict:
        """The total over every article read: as one article's summary, with how many files and problems."""
        from .audit import summarize

        total = summarize([f for a in self.articles for f in a.formulas])
        return {"files": sum(1 for a in self.articles if not a.problem), "unreadable": len(self.problems), **total}

    @property
    def exit_code(self) -> int:
        """2 if any path could not be audited (the others were), else 1 if any formula is refuted (with
        strict: or not decided), else 0."""
        codes = [a.exit_code(self.strict) for a in self.articles]
        return EXIT_USAGE if EXIT_USAGE in codes or not codes else max(codes, default=EXIT_OK)

    def to_json(self) -> dict:
        """{"schema_version": 3, "files": [...], "summary": total}; one article read alone also keeps
        the top-level "formulas" of versions 1 and 2 (its summary is the total)."""
        payload = {"schema_version": AUDIT_SCHEMA_VERSION, "files": [a.as_json() for a in self.articles], "summary": self.summary}
        if len(self.articles) == 1 and not self.articles[0].problem:
            payload["formulas"] = payload["files"][0]["formulas"]
        return payload


def counterexample_text(formula) -> str:
    """The counterexample's values, unless the note already says them."""
    if formula.counterexample is None or "counterexample" in formula.note:
        return ""
    values = ", ".join(f"{k} = {v}" for k, v in formula.counterexample.values.items())
    return f"counterexample: {values}" if values else ""


def annotations(audits: Audits) -> list[str]:
    """::error at each refuted formula (its counterexample in the message); with strict, ::warning at each
    formula not decided (unknown, unsupported, timeout, error); ::error at an article that cannot be read."""
    from .github import command

    lines = []
    for article in audits:
        if article.problem:
            lines.append(command(str(article.path), None, "derive audit: cannot read", article.problem))
            continue
        for f in article.formulas:
            detail = "; ".join(p for p in (f.note, counterexample_text(f)) if p)
            if f.verdict == "refuted":
                lines.append(command(str(article.path), f.line, "derive audit: refuted", f"{f.latex} is false" + (f": {detail}" if detail else "")))
            elif audits.strict and (f.kind == "unsupported" or f.verdict in ("unknown", "timeout", "error")):
                what = f.verdict or "unsupported"
                lines.append(command(str(article.path), f.line, f"derive audit: {what}", f"{f.latex}: {what}" + (f": {detail}" if detail else ""), level="warning"))
    return lines


def summary_line(article: ArticleAudit) -> str:
    s = article.summary
    verdicts = ", ".join(f"{n} {v}" for v, n in s["verdicts"].items()) or "nothing to decide"
    return f"{article.path.as_posix()}: {s['formulas']} formulas, {s['matched']} matched to claims; {verdicts}"


def report_lines(audits: Audits) -> list[str]:
    """One summary line per article (its refuted formulas below it, with their lines), then the total."""
    lines = []
    for article in audits:
        if article.problem:
            continue
        lines.append(summary_line(article))
        for f in article.formulas:
            if f.verdict == "refuted":
                extra = "; ".join(p for p in (f.note, counterexample_text(f)) if p)
                lines.append(f"  line {f.line}: refuted: {f.latex}" + (f" ({extra})" if extra else ""))
    s = audits.summary
    verdicts = ", ".join(f"{n} {v}" for v, n in s["verdicts"].items()) or "nothing decided"
    unreadable = f", {s['unreadable']} not readable" if s["unreadable"] else ""
    lines.append(f"total: {s['files']} article(s){unreadable}, {s['formulas']} formulas; {verdicts}")
    return lines


@contextlib.contextmanager
def progress(enabled: bool):
    """(on_stage, on_part) callbacks drawing a rich progress bar on stderr when it is a terminal and
    ``enabled``; (None, None) otherwise."""
    if not enabled or not sys.stderr.isatty():
        yield None, None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True, console=Console(stderr=True, highlight=False)) as bar:
        task = bar.add_task("reading", total=None)

        def stage(name, total):
            unit = "claims" if name == "verifying" else "formulas"
            bar.update(task, description=f"{name} ({total} {unit})", total=total or None, completed=0)

        yield stage, lambda formula: bar.advance(task)


def table(article: ArticleAudit):
    """One article's formulas as a rich table: line, formula, kind, verdict, claim, assumptions, domain, note."""
    from rich.table import Table

    summary = article.summary
    out = Table("line", "formula", "kind", "verdict", "claim", "assumes", "domain", "note", show_lines=False)
    for f in article.formulas:
        domain = (f.domain or "") + {True: " (covered)", False: " (not covered)", None: ""}[f.covered] if f.domain or f.covered is not None else ""
        out.add_row(str(f.line), f.latex, f.kind, f.verdict or "", f.claim_id or "", "; ".join(f.assumptions), domain.strip(), f.note)
    out.caption = ", ".join(f"{n} {k}" for k, n in summary["kinds"].items() if n) + "; " + ", ".join(f"{n} {v}" for v, n in summary["verdicts"].items())
    return out
