"""Benchmark: `derive prove --file bench/claims.jsonl` (50 claims of our own) in one cold process.

Prints each claim's verdict and seconds, then the median and total per-claim time and the wall time.
Not a test: nothing asserts on time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "derivations", "prove", "--file", "bench/claims.jsonl", "--json"],
        cwd=ROOT, capture_output=True, text=True,
    )
    wall = time.perf_counter() - started
    results = [json.loads(line) for line in out.stdout.splitlines()]
    for r in results:
        print(f"{r['id']:5} {r['verdict']:8} {r['seconds']:6.3f}  {r['statement'][:70]}")
    seconds = [r["seconds"] for r in results]
    print()
    print(f"claims: {len(results)}  verdicts: {dict(sorted(Counter(r['verdict'] for r in results).items()))}")
    print(f"per claim: median {statistics.median(seconds):.3f} s, max {max(seconds):.3f} s, total {sum(seconds):.2f} s")
    print(f"wall time of the whole run (cold process, imports included): {wall:.2f} s")


if __name__ == "__main__":
    main()
