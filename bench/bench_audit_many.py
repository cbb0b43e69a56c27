"""Time `derive audit DIR` on a directory of 20 articles, cold (an empty verification cache) and warm (the
same directory again, nothing changed), each in a fresh process; then after editing one formula of one
article. Target (issue 21): the warm audit under 2 s.

    python bench/bench_audit_many.py [--articles N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.*")) + [ROOT / "tests" / "fixtures" / "article.md"]

GENERATED = """# Note {k}

The logistic function is symmetric:

$$\\sigma(-x) = 1 - \\sigma(x)$$

For every real $x$, $$(x + {k})^2 \\geq 0$$ and $$x^2 + {k} > 0$$

Softplus lies above the line: $$\\log(1 + e^x) > x - {k}$$

A claimed bound, for $x > 0$: $$\\log(x + {k}) < x + {k}$$

and a wrong one: $$e^{{x}} < {k} + x$$
"""


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def audit(directory: Path, cache: Path) -> tuple[float, float, dict]:
    env = dict(os.environ, DERIVE_CACHE_DIR=str(cache))
    cpu, started = cpu_seconds(), time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "derivations", "audit", str(directory), "--json"], cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if out.returncode not in (0, 1):
        sys.exit(f"derive audit failed ({out.returncode}): {out.stderr.strip()}")
    return wall, cpu_seconds() - cpu, json.loads(out.stdout)["summary"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-audit-many-"))
    try:
        notes = work / "notes"
        notes.mkdir()
        for k in range(args.articles):
            if k < len(FIXTURES):
                shutil.copy(FIXTURES[k], notes / f"{k:02d}-{FIXTURES[k].name}")
            else:
                (notes / f"{k:02d}-note.md").write_text(GENERATED.format(k=k + 1), encoding="utf-8")
        cache = work / "cache"
        cold = audit(notes, cache)
        warm = audit(notes, cache)
        edited = sorted(notes.glob("*-note.md"))[-1]
        edited.write_text(edited.read_text().replace("e^{x} <", "e^{x} >"), encoding="utf-8")
        after_edit = audit(notes, cache)
        summary = cold[2]
        print(f"{summary['files']} articles, {summary['formulas']} formula parts ({summary['verdicts']}) on {os.cpu_count()} core(s)")
        for name, (wall, cpu, _) in (("cold", cold), ("warm", warm), ("one formula edited", after_edit)):
            print(f"  {name:>19}: {wall:6.2f} s wall, {cpu:6.2f} s CPU")
        print(f"  warm / cold: {warm[0] / cold[0]:.3f}; target warm < 2 s: {'met' if warm[0] < 2 else 'NOT met'} (wall), {'met' if warm[1] < 2 else 'NOT met'} (CPU)")
        print(f"  load average {os.getloadavg()[0]:.1f}: on a busy machine the wall time is the CPU time plus waiting for a core")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
