"""Benchmark: `derive verify` of the article's ten claims in a cold process against bench/floor.py,
a plain SymPy/mpmath script doing the same core math with no engine.

Prints wall-clock seconds (best of N runs) for both and their ratio. Not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = [
    "sigmoid-exp-form", "sigmoid-ode", "sigmoid-derivative-bound", "vanishing-gradient", "softmax-two-class",
    "softplus-antiderivative", "softplus-natural-log", "relu-limit", "tropical-add-limit", "tropical-mul-limit",
]


def timed(cmd) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    floor = [timed([sys.executable, "bench/floor.py"]) for _ in range(args.runs)]
    rows = [("floor (plain SymPy)", floor)]
    for jobs in (1, 2):
        engine = [timed([sys.executable, "-m", "derivations", "verify", *ARTICLE, "--jobs", str(jobs)]) for _ in range(args.runs)]
        rows.append((f"derive verify --jobs {jobs}", engine))
    best_floor = min(floor)
    print(f"{'what':32} {'best s':>8} {'median s':>9} {'ratio':>6}")
    for name, times in rows:
        print(f"{name:32} {min(times):8.2f} {statistics.median(times):9.2f} {min(times) / best_floor:6.2f}")


if __name__ == "__main__":
    main()
