"""Time budgets for single SymPy calls that can run away (limit, simplify), via SIGALRM in the main thread."""

from __future__ import annotations

import contextlib
import signal
import threading


class OutOfTime(Exception):
    """A budgeted computation took longer than allowed; the caller treats it as undecided."""


@contextlib.contextmanager
def budget(seconds: float):
    """Raise OutOfTime inside the block after ``seconds``; a no-op outside the main thread."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(signum, frame):
        raise OutOfTime(f"gave up after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    signal.setitimer(signal.ITIMER_REAL, seconds if not remaining else min(seconds, remaining))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
