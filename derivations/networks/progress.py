"""Feedback while `derive tropicalize` works: a live rich progress bar on a terminal, one line per
phase on stderr otherwise (logs stay readable), nothing when quiet. Always on stderr: stdout is for
the result (a table or JSON)."""

from __future__ import annotations

import sys
import time


class Feedback:
    """Phases ("regions", "certificate") with a total of steps and running counts."""

    def __init__(self, mode: str = "auto"):
        """mode: "live" (rich), "lines", "quiet", or "auto" (live on a terminal, else lines)."""
        if mode == "auto":
            mode = "live" if sys.stderr.isatty() else "lines"
        self.mode = mode
        self.counts: dict[str, int] = {}
        self.name = ""
        self.started = 0.0
        self._progress = None
        self._task = None

    def start(self, name: str, total: int, **counts: int):
        self.name, self.counts, self.started = name, dict(counts), time.monotonic()
        if self.mode == "live":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.fields[counts]}"), console=Console(stderr=True), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(name, total=total, counts=self._text())

    def advance(self, steps: int = 1, **counts: int):
        for key, value in counts.items():
            self.counts[key] = self.counts.get(key, 0) + value
        if self._progress is not None:
            self._progress.update(self._task, advance=steps, counts=self._text())

    def finish(self, note: str = ""):
        """End the phase with one line: its counts, seconds, and a note (e.g. "timeout")."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        if self.mode != "quiet" and self.name:
            seconds = time.monotonic() - self.started
            tail = f" ({note})" if note else ""
            print(f"{self.name}: {self._text()}, {seconds:.1f} s{tail}", file=sys.stderr, flush=True)
        self.name = ""

    def _text(self) -> str:
        return ", ".join(f"{value} {key}" for key, value in self.counts.items())
