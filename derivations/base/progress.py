"""How far a worker got: the checker notes each step it starts, so that a time-out can say what was done.

A worker may be killed at its time limit (SymPy cannot be interrupted cleanly), so what it was doing is
kept outside it: one small file per task in a directory the parent owns, rewritten atomically at each
note. Files, not a pipe, so that any process pool (fork or spawn) can carry it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

_current: Path | None = None  # the file of the task this process is working on, if any
_count = 0


@contextlib.contextmanager
def notes():
    """In the parent: a directory for the workers' notes for the length of a run."""
    where = tempfile.mkdtemp(prefix="derive-progress-")
    try:
        yield where
    finally:
        shutil.rmtree(where, ignore_errors=True)


def _file(where: str, key: str) -> Path:
    return Path(where) / hashlib.sha1(key.encode()).hexdigest()


@contextlib.contextmanager
def recording(where: str | None, key: str):
    """In a worker: note() writes to this task's file until the block ends."""
    global _current, _count
    previous = (_current, _count)
    _current, _count = (_file(where, key) if where else None), 0
    try:
        yield
    finally:
        _current, _count = previous


def note(doing: str) -> None:
    """Record that the current task has started ``doing`` (a step, a case); a no-op outside a task."""
    global _count
    if _current is None:
        return
    _count += 1
    temporary = _current.with_suffix(f".{os.getpid()}")
    try:
        temporary.write_text(f"{_count - 1}\n{doing}", encoding="utf-8")
        os.replace(temporary, _current)
    except OSError:  # the run has ended and its directory is gone: nothing to tell
        pass


def read(where: str | None, key: str) -> str:
    """What the task had done when it stopped, in words ('' if it noted nothing)."""
    if not where:
        return ""
    try:
        done, doing = _file(where, key).read_text(encoding="utf-8").split("\n", 1)
    except (OSError, ValueError):
        return ""
    return f"stopped in {doing}, after {done} earlier check(s) had finished"
