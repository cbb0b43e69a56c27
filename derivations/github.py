"""`--format github`: GitHub Actions workflow commands (::error file=...,line=...::) at the proof script line of
each step that failed, so a failing claim is marked on the pull request's diff."""

from __future__ import annotations

import os
from pathlib import Path


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _relative(path: str) -> str:
    """A path relative to the current directory (the repository's root in a workflow), with / separators."""
    try:
        return Path(os.path.relpath(path)).as_posix() if Path(path).is_absolute() else Path(path).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(path).as_posix()


def _split(location: str) -> tuple[str | None, int | None]:
    path, _, line = location.rpartition(":")
    return (path, int(line)) if path and line.isdigit() else (None, None)


def command(path: str | None, line: int | None, title: str, message: str, level: str = "error") -> str:
    """One ::error (or ::warning, ::notice) workflow command."""
    where = []
    if path:
        where.append(f"file={_escape_property(_relative(path))}")
        if line:
            where.append(f"line={line}")
    where.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(where)}::{_escape_data(message)}"


def annotations(results, specs) -> list[str]:
    """An annotation per failing step of every claim that is not proved; a claim with no failing step
    (the steps do not give the statement, a broken script, a time-out) is marked at its own line."""
    lines = []
    for result in results:
        if result.verdict.value == "proved":
            continue
        title = f"{result.id}: {result.verdict.value}"
        failing = [s for s in result.steps if s.verdict.value != "proved" and s.file_line[0]]
        for step in failing:
            path, line = step.file_line
            lines.append(command(path, line, title, f"part {step.part} step {step.index} ({step.justification}), rule {step.rule}: {step.verdict.value}: {step.check.detail}"))
        if not failing:
            spec = specs.get(result.id)
            path, line = _split(result.location or (spec.source if spec else ""))
            lines.append(command(path, line, title, result.reason))
    return lines
