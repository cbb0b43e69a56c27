"""Benchmark: verification speed, cold and warm, against bench/floor.py, all measured side by side in one run.

Rows (each command in a fresh process; "cold" means an empty verification cache, "warm" the cache the
cold run of all claims filled):
  floor             bench/floor.py: plain SymPy/mpmath doing the article's core math, no engine
  article, cold     `derive verify` of the article's ten claims, --jobs 1 and --jobs 2
  all, cold         `derive verify` of every claim, --jobs 2
  all, warm         the same again, served from the cache
  check, first      `derive check` after that verify: results cached, the files rendered and read back
  check, warm       `derive check` again: the files too from the cache
Each row: best and median wall seconds over --runs runs, the CPU seconds of the processes (user + system,
so a busy machine shows as wall >> CPU / cores), and the ratio of the best wall time to the floor's.
Then the CPU seconds of the slowest claims against their time limits, and logsumexp-bounds per n (the
CPU seconds of each n's cases, checked in this process). Not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = [
    "sigmoid-exp-form", "sigmoid-ode", "sigmoid-derivative-bound", "vanishing-gradient", "softmax-two-class",
    "softplus-antiderivative", "softplus-natural-log", "relu-limit", "tropical-add-limit", "tropical-mul-limit",
]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd, cache: Path | None) -> tuple[float, float, str]:
    env = dict(os.environ)
    if cache is not None:
        env["DERIVE_CACHE_DIR"] = str(cache)
    cpu, start = children_cpu(), time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed ({out.returncode}): {out.stdout[-500:]} {out.stderr[-500:]}")
    return wall, children_cpu() - cpu, out.stdout


def derive(*args):
    return [sys.executable, "-m", "derivations", *args]


def per_n() -> list[tuple[int, int, float]]:
    """(n, cases, CPU seconds) for each n of logsumexp-bounds, each n's cases checked on its own."""
    from derivations.base.config import Config
    from derivations.run.runner import _case_groups, discover
    from derivations.check.verify import Verifier

    specs = discover(ROOT / "proofs")
    number, part, groups = _case_groups(specs["logsumexp-bounds"])
    proof = specs["logsumexp-bounds"].proof()
    cases = part.cases(proof.assumptions)
    rows = []
    for only in sorted(groups, key=lambda g: min(g)):
        verifier = Verifier(specs, Config())  # fresh: nothing carried over from the other n
        start = time.process_time()
        outcome = verifier.check_cases("logsumexp-bounds", number, only)
        assert outcome.failure is None, outcome.failure
        rows.append((int(cases[min(only)][part.variables[0]]), len(only), time.process_time() - start))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, list[tuple[float, float]]] = {}

    def measure(name, cmd, fresh_cache=True, cache=None):
        for _ in range(args.runs):
            folder = Path(tempfile.mkdtemp(prefix="bench-cache-")) if fresh_cache else cache
            wall, cpu, _ = timed(cmd, folder)
            rows.setdefault(name, []).append((wall, cpu))

    measure("floor (plain SymPy)", [sys.executable, "bench/floor.py"], fresh_cache=False)
    measure("article, cold, --jobs 1", derive("verify", *ARTICLE, "--jobs", "1"))
    measure("article, cold, --jobs 2", derive("verify", *ARTICLE, "--jobs", "2"))
    measure("all claims, cold, --jobs 2", derive("verify", "--jobs", "2"))
    warm = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    _, _, out = timed(derive("verify", "--jobs", "2", "--json"), warm)
    claims = json.loads(out)["claims"]
    measure("all claims, warm", derive("verify", "--jobs", "2"), fresh_cache=False, cache=warm)
    wall, cpu, _ = timed(derive("check", "--jobs", "2"), warm)  # renders, then remembers what it wrote
    rows["check, first after verify"] = [(wall, cpu)]
    measure("check, warm", derive("check", "--jobs", "2"), fresh_cache=False, cache=warm)

    floor = min(w for w, _ in rows["floor (plain SymPy)"])
    print(f"{'what':28} {'best s':>8} {'median s':>9} {'CPU s':>7} {'x floor':>8}")
    for name, times in rows.items():
        walls = [w for w, _ in times]
        print(f"{name:28} {min(walls):8.2f} {statistics.median(walls):9.2f} {statistics.median([c for _, c in times]):7.2f} {min(walls) / floor:8.2f}")

    from derivations.base.config import DEFAULT_TIMEOUT
    from derivations.run.runner import discover

    specs = discover(ROOT / "proofs")
    print("\nslowest claims (CPU seconds in the cold run of all claims, against the claim's limit)")
    for c in sorted(claims, key=lambda c: -c["seconds"])[:5]:
        limit = specs[c["id"]].timeout or DEFAULT_TIMEOUT
        print(f"  {c['id']:28} {c['seconds']:7.2f} of {limit:5.0f}  ({c['seconds'] / limit:.0%} of the limit)")

    print("\nlogsumexp-bounds per n (CPU seconds of its cases, in this process)")
    print(f"  {'n':>2} {'cases':>6} {'CPU s':>7}")
    for n, count, seconds in per_n():
        print(f"  {n:>2} {count:>6} {seconds:7.2f}")


if __name__ == "__main__":
    main()
