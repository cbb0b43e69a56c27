"""Where the tasks of `derive tropicalize` run: in this process, on local worker processes
(concurrent.futures), or on a Dask distributed cluster, behind one interface whose results come back in
task order, so that the outcome never depends on how many workers there were or which finished first."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from typing import Callable, Sequence

from derivations.base.errors import NetworkError


class Inline:
    """Every task in this process, one after the other."""

    workers = 1
    inline = True  # tasks' CPU time is this process's

    def map(self, fn: Callable, tasks: Sequence[tuple], on_result: Callable | None = None) -> list:
        results = []
        for args in tasks:
            results.append(fn(*args))
            if on_result:
                on_result(results[-1])
        return results

    def close(self):
        pass


class Pooled:
    """Tasks on a concurrent.futures executor; results gathered in task order."""

    inline = False

    def __init__(self, executor: Executor, workers: int):
        self.executor = executor
        self.workers = workers

    def map(self, fn: Callable, tasks: Sequence[tuple], on_result: Callable | None = None) -> list:
        futures = [self.executor.submit(fn, *args) for args in tasks]
        position = {future: k for k, future in enumerate(futures)}
        results: list = [None] * len(futures)
        for future in as_completed(futures):
            results[position[future]] = future.result()
            if on_result:
                on_result(results[position[future]])
        return results

    def close(self):
        self.executor.shutdown(cancel_futures=True)


def local(jobs: int):
    """jobs worker processes (forkserver: no fork of a process that runs a progress thread)."""
    if jobs <= 1:
        return Inline()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["derivations.networks.regions", "derivations.networks.certify"])
    return Pooled(ProcessPoolExecutor(jobs, mp_context=context), jobs)


def cluster(url: str):
    """A Dask distributed scheduler at dask://HOST:PORT (or tcp://HOST:PORT)."""
    address = "tcp://" + url.split("://", 1)[1] if url.startswith("dask://") else url
    try:
        from distributed import Client
    except ImportError:
        raise NetworkError("--executor dask:// needs Dask distributed: pip install 'derivations[dask]'") from None
    try:
        client = Client(address, timeout=10, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise NetworkError(f"{url}: cannot reach the Dask scheduler: {exc}") from None
    workers = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()))
    runner = Pooled(client.get_executor(pure=False), workers)
    runner.close = client.close  # leave the cluster running; only disconnect
    return runner


def runner_for(jobs: int = 1, executor: str | None = None):
    if executor:
        if not (executor.startswith("dask://") or executor.startswith("tcp://")):
            raise NetworkError(f"--executor {executor}: expected dask://HOST:PORT")
        return cluster(executor)
    return local(jobs)
