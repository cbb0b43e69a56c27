"""Discovery of the proof scripts in proofs/, and verification with per-claim time limits in worker processes."""

from __future__ import annotations

import difflib
import hashlib
import importlib.util
import multiprocessing
import sys
import time
import traceback
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable

from .claims import ClaimSpec
from .config import Config, corpus_dir
from .errors import ProofScriptError, UnknownClaim
from .verdict import ClaimResult, Verdict


def load_module(path: Path):
    # named after its directory too: a project's proofs/sigmoid.py and the shipped corpus's must not meet
    folder = hashlib.sha1(str(path.resolve().parent).encode()).hexdigest()[:12]
    name = f"_derivations_proofs.d{folder}.{path.stem.replace('-', '_')}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        raise ProofScriptError(f"{path}: cannot load ({type(exc).__name__}: {exc}) at {frame.filename}:{frame.lineno}") from None
    return module


def specs_in(module) -> list[ClaimSpec]:
    return [value for value in vars(module).values() if isinstance(value, ClaimSpec)]


def discover(proofs_dir: Path) -> dict[str, ClaimSpec]:
    """Every @claim in proofs/*.py, in the article's order (the ``order`` given to @claim, then file)."""
    if not proofs_dir.is_dir():
        raise ProofScriptError(f"no proofs directory at {proofs_dir} (pass --proofs DIR, or set proofs = \"DIR\" under [tool.derivations] in pyproject.toml)")
    found: list[ClaimSpec] = []
    for path in sorted(proofs_dir.glob("*.py")):
        if path.name.startswith("_"):
            continue
        found.extend(specs_in(load_module(path)))
    by_id: dict[str, ClaimSpec] = {}
    for spec in sorted(found, key=lambda s: (s.order, s.source)):
        if spec.id in by_id:
            raise ProofScriptError(f"claim id {spec.id!r} is defined twice ({by_id[spec.id].source}, {spec.source})")
        by_id[spec.id] = spec
    return by_id


def citable(specs: dict[str, ClaimSpec]) -> dict[str, ClaimSpec]:
    """The claims a proof may cite: the project's own, and the shipped article's (a project's claim of the
    same id wins). Cited claims are verified in the run like any other: nothing is trusted from the wheel."""
    shipped = corpus_dir()
    if shipped is None:
        return specs
    return {**{i: s for i, s in discover(shipped).items() if i not in specs}, **specs}


def select(specs: dict[str, ClaimSpec], ids: Iterable[str]) -> list[str]:
    ids = list(ids)
    for wrong in (i for i in ids if i not in specs):
        near = difflib.get_close_matches(wrong, list(specs), n=1, cutoff=0.6)
        hint = f"did you mean {near[0]}?" if near else f"known ids: {', '.join(specs)}"
        raise UnknownClaim(f"unknown claim id {wrong!r}; {hint}")
    return ids or list(specs)


def _serve(task: Callable, connection):
    """A worker process: answers each payload it is sent with task(payload), until it is sent None."""
    while True:
        payload = connection.recv()
        if payload is None:
            return
        connection.send(task(payload))


class _Worker:
    def __init__(self, context, task):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(task, child), daemon=True)
        self.process.start()
        child.close()
        self.job: tuple[object, float] | None = None

    def give(self, payload, on_start=None) -> None:
        if on_start:
            on_start(payload[1])
        self.job = (payload, time.perf_counter())
        self.connection.send(payload)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except (BrokenPipeError, OSError):
                self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def run_tasks(task: Callable, payloads: list, jobs: int, timeout, failed: Callable, on_result=None, on_start=None) -> list:
    """task(payload) for each payload in ``jobs`` forked worker processes, in order of the payloads.

    ``timeout`` is seconds, or a function of the payload giving them. A payload past its time is stopped by killing its worker (SymPy cannot be interrupted
    cleanly) and answered by failed(payload, "timeout" | "died", seconds); a fresh worker takes over.
    Workers live across payloads, so what one payload computed (proved lemmas, SymPy's cache) helps the next.
    on_start(payload) and on_result(answer), if given, are called as each payload is handed out and answered.
    """
    context = multiprocessing.get_context("fork")
    limit = timeout if callable(timeout) else (lambda payload: timeout)
    pending = list(enumerate(payloads))
    workers: list[_Worker] = []
    answers: dict[int, object] = {}

    def finish(worker: _Worker, number: int, answer) -> None:
        worker.job = None
        answers[number] = answer
        if on_result:
            on_result(answer)

    try:
        while pending or any(w.job for w in workers):
            for worker in workers:
                if worker.job is None and pending:
                    worker.give(pending.pop(0), on_start)
            while pending and len(workers) < max(1, jobs):
                worker = _Worker(context, _numbered(task))
                workers.append(worker)
                worker.give(pending.pop(0), on_start)
            busy = [w for w in workers if w.job]
            deadline = min(started + limit(payload) for (_, payload), started in (w.job for w in busy))
            ready = wait([w.connection for w in busy], timeout=max(0.0, deadline - time.perf_counter()))
            now = time.perf_counter()
            for worker in busy:
                (number, payload), started = worker.job
                if worker.connection in ready:
                    try:
                        _, answer = worker.connection.recv()
                        finish(worker, number, answer)
                        continue
                    except EOFError:
                        answer = failed(payload, "died", now - started)
                elif now - started >= limit(payload):
                    answer = failed(payload, "timeout", now - started)
                else:
                    continue
                worker.stop(kill=True)
                workers.remove(worker)
                finish(worker, number, answer)
    finally:
        for worker in workers:
            worker.stop(kill=worker.job is not None)
    return [answers[i] for i in range(len(payloads))]


def _numbered(task):
    def numbered(item):
        number, payload = item
        return number, task(payload)

    return numbered


def run(
    specs: dict[str, ClaimSpec],
    ids: list[str],
    config: Config,
    on_result: Callable[[ClaimResult], None] | None = None,
    on_start: Callable[[str], None] | None = None,
) -> list[ClaimResult]:
    """Verify claims in worker processes, ``config.jobs`` at once, ``config.timeout`` seconds each."""
    from . import progress
    from .verify import Verifier

    verifier, library = None, citable(specs)  # the shipped claims are loaded before the workers start
    where = None  # the directory of the workers' progress notes

    def verify(claim_id):
        nonlocal verifier
        verifier = verifier or Verifier(library, config)  # one per worker: lemmas proved once per worker
        try:
            with progress.recording(where, claim_id):
                return verifier.verify(claim_id)
        except BaseException as exc:  # the parent must always get an answer
            return ClaimResult(claim_id, specs[claim_id].title, Verdict.ERROR, 0.0, f"{type(exc).__name__}: {exc}")

    def seconds_for(claim_id):  # the run's limit if it set one, else the claim's own, else the project's default
        return config.timeout or specs[claim_id].timeout or config.default_timeout

    def failed(claim_id, why, seconds):
        if why == "timeout":
            done = progress.read(where, claim_id)
            reason = f"no verdict within {seconds_for(claim_id):g} s" + (f"; {done}" if done else "")
            return ClaimResult(claim_id, specs[claim_id].title, Verdict.TIMEOUT, seconds, reason)
        return ClaimResult(claim_id, specs[claim_id].title, Verdict.ERROR, seconds, "the worker process died")

    with progress.notes() as where:
        return run_tasks(verify, list(ids), config.jobs, seconds_for, failed, on_result, on_start)
