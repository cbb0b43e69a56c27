"""Discovery of the proof scripts in proofs/, and verification with per-claim time limits in worker processes."""

from __future__ import annotations

import importlib.util
import multiprocessing
import sys
import time
import traceback
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable

from .claims import ClaimSpec
from .config import Config
from .errors import ProofScriptError, UnknownClaim
from .verdict import ClaimResult, Verdict


def load_module(path: Path):
    name = f"_derivations_proofs.{path.stem.replace('-', '_')}"
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
        raise ProofScriptError(f"no proofs directory at {proofs_dir}")
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


def select(specs: dict[str, ClaimSpec], ids: Iterable[str]) -> list[str]:
    ids = list(ids)
    unknown = [i for i in ids if i not in specs]
    if unknown:
        raise UnknownClaim(f"unknown claim id {', '.join(unknown)}; known ids: {', '.join(specs)}")
    return ids or list(specs)


def _serve(specs, config, connection):
    """A worker: verifies the claim ids it is sent, one at a time, keeping proved lemmas between them."""
    from .verify import Verifier

    verifier = Verifier(specs, config)
    while True:
        claim_id = connection.recv()
        if claim_id is None:
            return
        try:
            result = verifier.verify(claim_id)
        except BaseException as exc:  # the parent must always get an answer
            result = ClaimResult(claim_id, specs[claim_id].title, Verdict.ERROR, 0.0, f"{type(exc).__name__}: {exc}")
        connection.send(result)


class _Worker:
    def __init__(self, context, specs, config):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(specs, config, child), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[str, float] | None = None

    def give(self, claim_id: str) -> None:
        self.task = (claim_id, time.perf_counter())
        self.connection.send(claim_id)

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


def run(
    specs: dict[str, ClaimSpec],
    ids: list[str],
    config: Config,
    on_result: Callable[[ClaimResult], None] | None = None,
) -> list[ClaimResult]:
    """Verify claims in ``config.jobs`` worker processes; a claim past ``config.timeout`` is stopped by
    killing its worker (SymPy cannot be interrupted cleanly), and a fresh worker takes over."""
    context = multiprocessing.get_context("fork")
    pending = list(ids)
    workers: list[_Worker] = []
    results: dict[str, ClaimResult] = {}

    def finish(worker: _Worker, result: ClaimResult) -> None:
        worker.task = None
        results[result.id] = result
        if on_result:
            on_result(result)

    try:
        while pending or any(w.task for w in workers):
            for worker in workers:
                if worker.task is None and pending:
                    worker.give(pending.pop(0))
            while pending and len(workers) < max(1, config.jobs):
                worker = _Worker(context, specs, config)
                workers.append(worker)
                worker.give(pending.pop(0))
            busy = [w for w in workers if w.task]
            deadline = min(started + config.timeout for _, started in (w.task for w in busy))
            ready = wait([w.connection for w in busy], timeout=max(0.0, deadline - time.perf_counter()))
            now = time.perf_counter()
            for worker in busy:
                claim_id, started = worker.task
                if worker.connection in ready:
                    try:
                        finish(worker, worker.connection.recv())
                        continue
                    except EOFError:
                        result = ClaimResult(claim_id, specs[claim_id].title, Verdict.ERROR, now - started, "the worker process died")
                elif now - started >= config.timeout:
                    result = ClaimResult(claim_id, specs[claim_id].title, Verdict.TIMEOUT, now - started, f"no verdict within {config.timeout:g} s")
                else:
                    continue
                worker.stop(kill=True)
                workers.remove(worker)
                finish(worker, result)
    finally:
        for worker in workers:
            worker.stop(kill=worker.task is not None)
    return [results[i] for i in ids]


def default_config(**overrides) -> Config:
    return Config(**{k: v for k, v in overrides.items() if v is not None})
