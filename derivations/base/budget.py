"""Time limits in CPU time, without signals: a watchdog thread raises in the thread that ran over."""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable

# A limit is CPU seconds of the limited thread, so that a verdict does not depend on what else the
# machine runs. A watchdog thread (one per process, started on demand, gone after a second idle) reads
# that thread's CPU clock and, once it has passed the limit, raises the limit's exception in the thread
# (PyThreadState_SetAsyncExc, delivered between two bytecodes, like a signal handler's exception). No
# signals, so it works in any thread and on every platform; only a long call into C (a huge integer
# product) delays it, which the worker pool's wall-clock backstop covers.

REFIRE_SECONDS = 0.1  # an exception that some `except Exception` swallowed is raised again after this
IDLE_SECONDS = 1.0  # the watchdog thread exits after this long with nothing to watch


class OutOfTime(Exception):
    """A budgeted computation used more CPU time than allowed; the caller treats it as undecided."""

    def __init__(self, *args):
        super().__init__(*(args or ("out of CPU time",)))


class TimeLimit(BaseException):
    """A claim's whole time limit ran out. A BaseException, so that no `except Exception` on the way
    (a rule treating a SymPy failure as undecided) swallows it: it ends the claim."""


def thread_clock(thread_id: int) -> Callable[[], float]:
    """A function giving the CPU seconds of one thread: its own clock where the platform has one
    (Linux, the BSDs), else the CPU seconds of the whole process (macOS, Windows)."""
    getter = getattr(time, "pthread_getcpuclockid", None)
    if getter is not None:
        try:
            clock = getter(thread_id)
            time.clock_gettime(clock)
            return lambda: time.clock_gettime(clock)
        except (OSError, OverflowError):
            pass
    return time.process_time


def cpu_seconds() -> float:
    """CPU seconds of the calling thread (what limits count)."""
    return time.thread_time()


class _Entry:
    __slots__ = ("thread_id", "clock", "deadline", "exception", "frame", "fired_at")

    def __init__(self, thread_id, clock, deadline, exception, frame):
        self.thread_id, self.clock, self.deadline = thread_id, clock, deadline
        self.exception, self.frame, self.fired_at = exception, frame, None


def _raise_in(thread_id: int, exception) -> None:
    """Raise ``exception`` in the thread (or, with None, withdraw one not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None)


class _Watchdog:
    def __init__(self):
        self.lock = threading.Lock()
        self.wake = threading.Condition(self.lock)
        self.entries: list[_Entry] = []
        self.thread: threading.Thread | None = None
        self.fired = 0  # how many times a limit was reached in this process

    def add(self, entry: _Entry) -> None:
        with self.lock:
            self.entries.append(entry)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="derivations-budget", daemon=True)
                self.thread.start()
            self.wake.notify()

    def remove(self, entry: _Entry) -> None:
        with self.lock:
            if entry in self.entries:
                self.entries.remove(entry)
            if entry.fired_at is not None:  # an exception still on its way must not land outside the block
                _raise_in(entry.thread_id, None)
            entry.frame = None

    def _run(self) -> None:
        with self.lock:
            idle_since = None
            while True:
                if not self.entries:
                    idle_since = idle_since or time.monotonic()
                    if time.monotonic() - idle_since >= IDLE_SECONDS:
                        self.thread = None
                        return
                    self.wake.wait(IDLE_SECONDS)
                    continue
                idle_since = None
                self.wake.wait(self._check())

    def _check(self) -> float:
        """Raise in every thread whose limit has passed; the wall seconds to wait until the next look
        (a thread's CPU clock runs at most as fast as the wall clock, so waiting the CPU seconds it
        has left never looks too late)."""
        wait, now = 0.25, time.monotonic()
        by_thread: dict[int, list[_Entry]] = {}
        for entry in self.entries:
            by_thread.setdefault(entry.thread_id, []).append(entry)
        for thread_id, entries in by_thread.items():
            expired = []
            for entry in entries:
                try:
                    left = entry.deadline - entry.clock()
                except OSError:  # the thread is gone
                    left = 0.0
                if left <= 0:
                    expired.append(entry)
                else:
                    wait = min(wait, left)
            if not expired:
                continue
            live = self._on_stack(thread_id, expired)
            for entry in expired:
                if entry not in live:  # its block was left without removing it: forget it
                    self.entries.remove(entry)
            if live:
                outermost = live[0]
                if outermost.fired_at is None or now - outermost.fired_at >= REFIRE_SECONDS:
                    _raise_in(thread_id, outermost.exception)
                    self.fired += 1
                    for entry in live:
                        entry.fired_at = now
                wait = min(wait, REFIRE_SECONDS)
        return max(wait, 0.002)

    @staticmethod
    def _on_stack(thread_id: int, entries: list[_Entry]) -> list[_Entry]:
        """The entries whose `with budget(...)` frame is still running in the thread, outermost first."""
        frame = sys._current_frames().get(thread_id)
        running = set()
        while frame is not None:
            running.add(id(frame))
            frame = frame.f_back
        return [e for e in entries if e.frame is not None and id(e.frame) in running]


_WATCHDOG = _Watchdog()


def _after_fork() -> None:  # a child process has no watchdog thread: start afresh
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def times_fired() -> int:
    """How many times a limit was reached in this process: a result computed while this did not change
    depends on no limit, and may be remembered (see cache.py)."""
    return _WATCHDOG.fired


class budget:
    """``with budget(seconds):`` raises ``exception`` (OutOfTime) inside the block once the calling
    thread has used ``seconds`` of CPU time in it. Blocks nest; seconds <= 0 means no limit."""

    def __init__(self, seconds: float, exception: type[BaseException] = OutOfTime, depth: int = 1):
        self.seconds, self.exception, self.entry, self.depth = seconds, exception, None, depth

    def __enter__(self):
        if self.seconds and self.seconds > 0:
            thread_id = threading.get_ident()
            clock = thread_clock(thread_id)
            frame = sys._getframe(self.depth)  # the frame running the block (depth 2: entered for a wrapper)
            self.entry = _Entry(thread_id, clock, clock() + self.seconds, self.exception, frame)
            _WATCHDOG.add(self.entry)
        return self

    def __exit__(self, *exc_info):
        if self.entry is not None:
            _WATCHDOG.remove(self.entry)
            self.entry = None
        return False


_SHARES: ContextVar[dict | None] = ContextVar("budget_shares", default=None)


@contextmanager
def one_statement():
    """Within it, each ``shared(name, seconds)`` allowance is spent once over all its calls (a procedure
    tried on a statement, on its reductions and inside other procedures has its seconds once); nested
    blocks keep the outermost statement's account."""
    if _SHARES.get() is not None:
        yield
        return
    token = _SHARES.set({})
    try:
        yield
    finally:
        _SHARES.reset(token)


class shared:
    """``with shared(name, seconds):`` is ``budget(seconds)``, but inside ``one_statement()`` every block of
    this name draws on the same ``seconds``: once they are spent, the block raises OutOfTime at once. A
    block inside another of the same name runs under the outer one's limit and is charged once, with it."""

    def __init__(self, name: str, seconds: float):
        self.name, self.seconds, self.limit, self.account, self.start = name, seconds, None, None, 0.0

    def __enter__(self):
        account = _SHARES.get()
        if account is None:
            self.limit = budget(self.seconds, depth=2)
            self.limit.__enter__()
            return self
        running = account.setdefault(None, set())
        if self.name in running:
            return self
        left = account.get(self.name, self.seconds)
        if left <= 0.05:
            _WATCHDOG.fired += 1  # a result decided without this procedure depends on the limit
            raise OutOfTime(f"the {self.name} allowance of {self.seconds:g} CPU s for this statement is spent")
        self.account, self.start = account, cpu_seconds()
        running.add(self.name)
        self.limit = budget(left, depth=2)  # its frame is the caller's: the block the watchdog must see running
        self.limit.__enter__()
        return self

    def __exit__(self, *exc_info):
        if self.limit is not None:
            self.limit.__exit__(*exc_info)
            self.limit = None
        if self.account is not None:
            self.account[None].discard(self.name)
            self.account[self.name] = self.account.get(self.name, self.seconds) - (cpu_seconds() - self.start)
            self.account = None
        return False
