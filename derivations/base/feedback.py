"""What `derive` shows while claims are checked: on a terminal a live bar naming the claims in progress with
their elapsed time; otherwise one line per finished claim on stderr (CI logs stay readable)."""

from __future__ import annotations

import sys
import time

SLOW = 2.0  # seconds after which a claim in progress shows its elapsed time


class Feedback:
    """Context manager; pass .started and .finished as the runner's on_start and on_result callbacks."""

    def __init__(self, total: int, stream=None, live: bool | None = None, clock=time.monotonic):
        self.total = total
        self.clock = clock
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.running: dict[str, float] = {}
        self.done = 0
        self._progress = None
        self._task = None

    def __enter__(self) -> "Feedback":
        if self.live and self.total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(file=self.stream, highlight=False, force_terminal=True)
            self._progress = Progress(TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), _Running(self), console=console, transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task("verifying", total=self.total)
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def started(self, claim_id: str) -> None:
        self.running[claim_id] = self.clock()

    def finished(self, result) -> None:
        self.running.pop(result.id, None)
        self.done += 1
        if self._progress is not None:
            self._progress.advance(self._task)
        else:
            cached = ", cached" if getattr(result, "cached", False) else ""
            print(f"[{self.done}/{self.total}] {result.id}: {result.verdict.value} ({result.seconds:.2f} s{cached})", file=self.stream, flush=True)

    def in_progress(self) -> str:
        """The claims being checked now, the slow ones with their elapsed seconds."""
        now = self.clock()
        return ", ".join(name if now - since < SLOW else f"{name} {now - since:.0f} s" for name, since in self.running.items())


def _Running(feedback: Feedback):
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Running(ProgressColumn):
        def render(self, task) -> Text:
            return Text(feedback.in_progress(), overflow="ellipsis", no_wrap=True)

    return Running()
