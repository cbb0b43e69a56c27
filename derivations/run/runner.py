"""Verification in a pool of worker processes: CPU-time limits, the cache, the longest claims first, a long claim's cases shared."""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, TimeoutError as FutureTimeout, wait
from pathlib import Path
from typing import Callable

from derivations.base import progress
from derivations.model.claims import ClaimSpec, Enumeration
from derivations.base.config import Config
from .discovery import citable, discover, load_module, select, specs_in  # noqa: F401 - the runner's public names
from derivations.base.errors import ProofScriptError
from derivations.model.verdict import ClaimResult, Verdict

# Limits are CPU seconds, counted inside the worker (budget.py), so a verdict does not depend on the
# machine's load. The pool also kills a worker whose task has run this many times its limit in wall
# seconds (plus a constant): a backstop for a call stuck in C, never what decides a verdict.
BACKSTOP_FACTOR, BACKSTOP_SECONDS = 10.0, 60.0
SHARE_SECONDS = 4.0  # a claim with an enumeration that last took longer than this is shared out by cases


# ---------------------------------------------------------------- the pool


def start_method() -> str:
    """How workers start: $DERIVE_START_METHOD (fork, spawn, forkserver); else fork on Linux, where a
    worker inherits the imported engine and proofs at no cost, and the platform's own method elsewhere
    (spawn on macOS and Windows: workers then import and discover for themselves)."""
    wanted = os.environ.get("DERIVE_START_METHOD")
    if wanted:
        if wanted not in multiprocessing.get_all_start_methods():
            raise ProofScriptError(f"DERIVE_START_METHOD={wanted}: this platform offers {', '.join(multiprocessing.get_all_start_methods())}")
        return wanted
    return "fork" if sys.platform.startswith("linux") else multiprocessing.get_start_method()


def backstop(seconds: float) -> float:
    return BACKSTOP_FACTOR * seconds + BACKSTOP_SECONDS


def pool(jobs: int, initializer=None, initargs=()):
    """A pebble process pool: a task past its wall-clock timeout is stopped by ending its worker, and a
    fresh worker takes over."""
    from pebble import ProcessPool

    return ProcessPool(max_workers=max(1, jobs), initializer=initializer, initargs=initargs, context=multiprocessing.get_context(start_method()))


def _limited(task: Callable, payload, seconds: float):
    """In a worker: ("done", task(payload)), or ("timeout", CPU seconds) past ``seconds`` of CPU time."""
    from derivations.base.budget import TimeLimit, budget, cpu_seconds

    started = cpu_seconds()
    try:
        with budget(seconds, TimeLimit):
            return "done", task(payload)
    except TimeLimit:
        return "timeout", cpu_seconds() - started


_TASK: list = []  # run_tasks' task in a worker: inherited (fork), or sent once (spawn)


def _set_task(task) -> None:
    _TASK[:] = [task]


def _run_task(payload, seconds):
    with hard_cpu_limit(HARD_FACTOR * seconds):
        return _limited(_TASK[0], payload, seconds)


HARD_FACTOR = 2.0  # the kernel ends a worker whose task has used this many times its CPU limit


@contextlib.contextmanager
def hard_cpu_limit(seconds: float):
    """The kernel's CPU-time limit (RLIMIT_CPU) on this worker: ``seconds`` more than it has used so far.
    The budget's watchdog cannot interrupt one long C call (10^(10^10) built digit by digit); the kernel
    can (SIGXCPU ends the process, and the pool reports the task as past its time). Unix only."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on this platform: the wall-clock backstop remains
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    wanted = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def run_tasks(task: Callable, payloads: list, jobs: int, timeout, failed: Callable, on_result=None, on_start=None) -> list:
    """task(payload) for each payload in ``jobs`` worker processes, answers in the order of the payloads.

    ``timeout`` is CPU seconds, or a function of the payload giving them; a payload past it is answered
    by failed(payload, "timeout", seconds), one whose worker died (or hung past the backstop) by
    failed(payload, "died" or "timeout", seconds). ``task`` may be a closure: forked workers inherit it
    (only payloads and answers are pickled). Where workers are spawned a task that does not pickle runs
    here, payload after payload, under the same CPU limits. on_start(payload) and on_result(answer), if
    given, are called as each payload is handed out and answered."""
    limit = timeout if callable(timeout) else (lambda payload: timeout)
    answers: list = [None] * len(payloads)
    if not payloads:
        return answers
    if start_method() != "fork" and not _pickles(task):
        for k, payload in enumerate(payloads):
            if on_start:
                on_start(payload)
            status, value = _limited(task, payload, limit(payload))
            answers[k] = value if status == "done" else failed(payload, "timeout", value)
            if on_result:
                on_result(answers[k])
        return answers
    with pool(min(jobs, len(payloads)), _set_task, (task,)) as workers:
        futures = {}
        for k, p in enumerate(payloads):
            if on_start:
                on_start(p)
            futures[workers.schedule(_run_task, (p, limit(p)), timeout=backstop(limit(p)))] = k
        for future in _as_done(futures):
            k = futures[future]
            answers[k] = _answer(future, payloads[k], limit(payloads[k]), failed)
            if on_result:
                on_result(answers[k])
    return answers


def _pickles(value) -> bool:
    import pickle

    try:
        pickle.dumps(value)
        return True
    except Exception:  # noqa: BLE001 - closures, lambdas, local classes
        return False


def _as_done(futures):
    pending = set(futures)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        yield from sorted(done, key=lambda f: futures[f])


def _answer(future, payload, seconds, failed):
    try:
        status, value = future.result()
    except FutureTimeout:
        return failed(payload, "timeout", seconds)
    except Exception as exc:  # noqa: BLE001 - the worker died (ProcessExpired) or could not run the task
        if getattr(exc, "exitcode", None) == -signal.SIGXCPU:  # the kernel's hard CPU limit ended it
            return failed(payload, "timeout", seconds)
        return failed(payload, "died", 0.0)
    return value if status == "done" else failed(payload, "timeout", value)


# ---------------------------------------------------------------- claims in workers

_WORKER: dict = {}


def _start_worker(proofs_dir: Path, config: Config, specs, store, notes=None) -> None:
    """A worker's state: the claims (inherited with fork, discovered again with spawn, with the shipped
    article's that may be cited), one verifier for all its tasks (lemmas proved once per worker), the
    cache, and the directory where it notes how far each task got."""
    from derivations.check.verify import Verifier

    specs = specs if specs is not None else citable(discover(proofs_dir))
    known = None
    if store is not None:
        store.specs = specs
        known = lambda claim_id: store.get(claim_id, _seconds_for(specs, config, claim_id))  # noqa: E731
    verifier = Verifier(specs, config, known=known)
    used: set[str] = set()
    lemma = verifier.lemma

    def recording(claim_id):
        used.add(claim_id)
        return lemma(claim_id)

    verifier.lemma = recording
    _WORKER.update(specs=specs, config=config, verifier=verifier, used=used, notes=notes)
    if store is not None:
        from derivations.check import binding

        binding.parse_cache = store


def _seconds_for(specs, config, claim_id) -> float:
    """The run's limit if it set one, else the claim's own, else the project's default."""
    return config.timeout or specs[claim_id].timeout or config.default_timeout


def _claim_task(claim_id: str, given: dict):
    """Verify one claim in this worker: (result with CPU seconds, whether no budget ran out, the claims
    it cited)."""
    from derivations.base.budget import TimeLimit, budget, cpu_seconds, times_fired

    specs, verifier, used = _WORKER["specs"], _WORKER["verifier"], _WORKER["used"]
    verifier.given.update({(claim_id, number): result for number, result in given.items()})
    limit = _seconds_for(specs, _WORKER["config"], claim_id)
    used.clear()
    fired, started = times_fired(), cpu_seconds()
    deterministic = True
    try:
        with progress.recording(_WORKER.get("notes"), claim_id), budget(limit, TimeLimit):
            result = verifier.verify(claim_id)
    except TimeLimit:
        result = _timed_out(specs[claim_id], limit, progress.read(_WORKER.get("notes"), claim_id))
    except BaseException as exc:  # noqa: BLE001 - the parent must always get an answer
        result, deterministic = ClaimResult(claim_id, specs[claim_id].title, Verdict.ERROR, 0.0, f"{type(exc).__name__}: {exc}"), False
    if not result.cached:
        result = dataclasses.replace(result, seconds=cpu_seconds() - started)
    return result, deterministic and times_fired() == fired, frozenset(used)


def _cases_task(claim_id: str, number: int, only: frozenset):
    """Check some cases of one enumeration of a claim: (outcome, CPU seconds, whether no budget ran out)."""
    from derivations.base.budget import TimeLimit, budget, cpu_seconds, times_fired

    limit = _seconds_for(_WORKER["specs"], _WORKER["config"], claim_id)
    fired, started = times_fired(), cpu_seconds()
    try:
        with progress.recording(_WORKER.get("notes"), claim_id), budget(limit, TimeLimit):
            outcome = _WORKER["verifier"].check_cases(claim_id, number, only)
    except TimeLimit:
        outcome = None
    return outcome, cpu_seconds() - started, times_fired() == fired


def _timed_out(spec: ClaimSpec, limit: float, done: str = "") -> ClaimResult:
    """A time-out that says how far the claim got (the progress notes of its task)."""
    return ClaimResult(spec.id, spec.title, Verdict.TIMEOUT, limit, f"no verdict within {limit:g} s of CPU time" + (f"; {done}" if done else ""))


@dataclasses.dataclass
class _Shared:
    """A claim whose enumeration cases are checked in several tasks before the claim itself."""

    claim_id: str
    number: int
    part: Enumeration
    waiting: int
    outcomes: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    deterministic: bool = True
    problem: str = ""  # "timeout" or "died" when a group of cases did not come back


SHARE_CASES = 20  # without a recorded time: share out an enumeration of at least this many cases


def _case_groups(spec: ClaimSpec) -> tuple[int, Enumeration, list[frozenset]] | None:
    """The first enumeration over integers of a claim and its cases grouped by the value of its first
    variable (all the cases with n = 8 together), largest value first: the tasks to share it out by."""
    try:
        proof = spec.proof()
        parts = proof.built_parts()
        for number, part in enumerate(parts, start=1):
            if isinstance(part, Enumeration) and part.domain == "integers":
                cases = part.cases(proof.assumptions)
                groups: dict = {}
                for index, case in enumerate(cases):
                    groups.setdefault(case[part.variables[0]], set()).add(index)
                if len(groups) < 2:
                    return None
                return number, part, [frozenset(groups[v]) for v in sorted(groups, key=lambda v: -int(v))]
    except Exception:  # noqa: BLE001 - a broken script: verifying it whole reports where
        return None
    return None


def run(
    specs: dict[str, ClaimSpec],
    ids: list[str],
    config: Config,
    on_result: Callable[[ClaimResult], None] | None = None,
    store=None,
    on_start: Callable[[str], None] | None = None,
) -> list[ClaimResult]:
    """Verify claims: each from the cache ``store`` (a cache.Store, or None) if it holds the result,
    else in worker processes, ``config.jobs`` at once, the longest first (by the CPU time they last
    took), a long claim's cases shared among the workers; CPU-time limits per claim. A claim may cite
    the shipped article's claims too (verified in the run like any other)."""
    specs = citable(specs)
    results: dict[str, ClaimResult] = {}

    def finish(result: ClaimResult) -> None:
        results[result.id] = result
        if on_result:
            on_result(result)

    todo = []
    for claim_id in dict.fromkeys(ids):
        hit = store.get(claim_id, _seconds_for(specs, config, claim_id)) if store is not None else None
        if hit is not None:
            finish(hit)
        else:
            todo.append(claim_id)
    if todo:
        with progress.notes() as notes:
            _verify_in_pool(specs, todo, config, store, finish, on_start, notes)
    return [results[i] for i in ids]


def _plan(specs, todo, config, store) -> tuple[list[tuple], dict[str, _Shared]]:
    """The tasks, longest first: by the CPU seconds a claim last took, else by its own time limit (a
    claim that asks for more time expects to need it). A long claim with an enumeration becomes one task
    per group of cases, its claim task following once they are all in."""
    durations = {c: (store.duration(c) if store is not None else None) for c in todo}
    expected = {c: durations[c] if durations[c] is not None else (specs[c].timeout or 0.0) for c in todo}
    queue, shared = [], {}
    for claim_id in sorted(todo, key=lambda c: -expected[c]):  # stable: otherwise in the article's order
        groups = _case_groups(specs[claim_id]) if config.jobs > 1 else None
        known = durations[claim_id]
        if groups is not None and (known > SHARE_SECONDS if known is not None else len(set().union(*groups[2])) >= SHARE_CASES):
            number, part, indices = groups
            shared[claim_id] = _Shared(claim_id, number, part, len(indices))
            queue += [(_cases_task, (claim_id, number, only), claim_id) for only in indices]
        else:
            queue.append((_claim_task, (claim_id, {}), claim_id))
    return queue, shared


def _verify_in_pool(specs, todo, config, store, finish, on_start, notes) -> None:
    queue, shared = _plan(specs, todo, config, store)
    jobs = max(1, config.jobs)
    inherit = start_method() == "fork"
    initargs = (Path(config.proofs_dir), config, specs if inherit else None, store, notes)
    started = set()
    with pool(min(jobs, len(queue)), _start_worker, initargs) as workers:
        running: dict = {}
        while queue or running:
            while queue and len(running) < jobs:
                function, args, claim_id = queue.pop(0)
                if on_start and claim_id not in started:
                    started.add(claim_id)
                    on_start(claim_id)
                running[workers.schedule(function, args, timeout=backstop(_seconds_for(specs, config, claim_id)))] = (function, claim_id)
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f][1]):
                function, claim_id = running.pop(future)
                entry = shared.get(claim_id)
                if function is _claim_task:
                    _claim_done(future, specs[claim_id], config, store, finish, entry, notes)
                elif _cases_done(future, entry):  # every group is in: the claim next, before anything else
                    if entry.problem:
                        _claim_done(None, specs[claim_id], config, store, finish, entry, notes)
                    else:
                        queue.insert(0, (_claim_task, (claim_id, {entry.number: _merged(entry)}), claim_id))


def _claim_done(future, spec, config, store, finish, entry: _Shared | None = None, notes=None) -> None:
    """The result of a claim task (with the CPU seconds and flags of its shared-out cases), stored in
    the cache when it may be."""
    limit = _seconds_for({spec.id: spec}, config, spec.id)
    try:
        if future is None:
            raise FutureTimeout if entry.problem == "timeout" else RuntimeError(entry.problem)
        result, deterministic, used = future.result()
    except FutureTimeout:
        result, deterministic, used = _timed_out(spec, limit, progress.read(notes, spec.id)), False, frozenset()
    except Exception:  # noqa: BLE001 - ProcessExpired: the worker died (memory, a crash in C)
        result, deterministic, used = ClaimResult(spec.id, spec.title, Verdict.ERROR, 0.0, "the worker process died"), False, frozenset()
    if entry is not None and not result.cached:
        result = dataclasses.replace(result, seconds=result.seconds + entry.seconds)
        deterministic = deterministic and entry.deterministic
        if result.seconds > limit and result.verdict is not Verdict.TIMEOUT:  # as one task would have
            result = _timed_out(spec, limit)
    if store is not None and not result.cached and result.verdict is not Verdict.TIMEOUT:
        store.put(result, deterministic, used)
    finish(result)


def _cases_done(future, entry: _Shared) -> bool:
    """Record one group of cases; True once every group is in."""
    try:
        outcome, seconds, deterministic = future.result()
        if outcome is None:
            entry.problem = "timeout"
    except FutureTimeout:
        outcome, seconds, deterministic, entry.problem = None, 0.0, False, "timeout"
    except Exception:  # noqa: BLE001 - the worker died
        outcome, seconds, deterministic, entry.problem = None, 0.0, False, "died"
    entry.waiting -= 1
    entry.seconds += seconds
    entry.deterministic = entry.deterministic and deterministic
    if outcome is not None:
        entry.outcomes.append(outcome)
    return entry.waiting == 0


def _merged(entry: _Shared):
    from derivations.check.parts import enumeration_result

    return enumeration_result(entry.part, entry.number, entry.outcomes)
