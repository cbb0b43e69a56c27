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

from .claim import ClaimSpec
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


def _worker(specs, claim_id, config, connection):
    from .verify import Verifier

    try:
        result = Verifier(specs, config).verify(claim_id)
    except BaseException as exc:  # the parent must always get an answer
        result = ClaimResult(claim_id, specs[claim_id].title, Verdict.ERROR, 0.0, f"{type(exc).__name__}: {exc}")
    connection.send(result)
    connection.close()


def run(
    specs: dict[str, ClaimSpec],
    ids: list[str],
    config: Config,
    on_result: Callable[[ClaimResult], None] | None = None,
) -> list[ClaimResult]:
    """Verify each claim in its own process (``config.jobs`` at once); past ``config.timeout`` it is killed."""
    context = multiprocessing.get_context("fork")
    pending = list(ids)
    running: dict = {}
    results: dict[str, ClaimResult] = {}
    while pending or running:
        while pending and len(running) < max(1, config.jobs):
            claim_id = pending.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(specs, claim_id, config, send), daemon=True)
            process.start()
            send.close()
            running[receive] = (claim_id, process, time.perf_counter())
        deadline = min(started + config.timeout for _, _, started in running.values())
        ready = wait(list(running), timeout=max(0.0, deadline - time.perf_counter()))
        now = time.perf_counter()
        for receive in list(running):
            claim_id, process, started = running[receive]
            result = None
            if receive in ready:
                try:
                    result = receive.recv()
                except EOFError:
                    result = ClaimResult(claim_id, specs[claim_id].title, Verdict.ERROR, now - started, "the worker process died")
            elif now - started >= config.timeout:
                process.kill()
                result = ClaimResult(claim_id, specs[claim_id].title, Verdict.TIMEOUT, now - started, f"no verdict within {config.timeout:g} s")
            if result is not None:
                process.join(timeout=5)
                receive.close()
                del running[receive]
                results[claim_id] = result
                if on_result:
                    on_result(result)
    return [results[i] for i in ids]


def default_config(**overrides) -> Config:
    return Config(**{k: v for k, v in overrides.items() if v is not None})
