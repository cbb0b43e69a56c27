"""`derive audit` on the real documents of tests/fixtures/real/, measured against the hand-judged table of
tests/test_real.py: false alarms (true formulas refuted), silent passes (false formulas proved), the share of
formula parts left unread (unsupported or error; those outside the vocabulary, vectors and gradients said
in one note, are counted apart and never as read), decisions matching a careful reader, seconds per audit.
Targets (issue 19): no false alarm, no silent pass, unread <= 10 %, each audit < 10 s.

    python bench/bench_real.py [FIXTURE ...] [--code DIR]    (--code: audit with the derivations of another checkout, e.g. main, for a baseline)
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_real import EXPECTED, REAL, R, label  # noqa: E402 - the table lives with the tests


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CODE = ROOT


def audit(name: str):
    started, cpu0 = time.perf_counter(), cpu()
    env = dict(os.environ, PYTHONPATH=str(CODE))
    out = subprocess.run([sys.executable, "-m", "derivations", "audit", str(REAL / name), "--json", "--no-cache"], cwd=CODE, capture_output=True, text=True, env=env)
    return json.loads(out.stdout)["formulas"], time.perf_counter() - started, cpu() - cpu0


def line_of(name: str, anchor: str, parts) -> int:
    text = (REAL / name).read_text(encoding="utf-8")
    line = text[: text.index(anchor)].count("\n") + 1
    return max((p["line"] for p in parts if p["line"] <= line), default=line)


def main(names) -> int:
    totals = dict(parts=0, unread=0, outside=0, rows=0, matching=0, false_alarms=0, silent=0, decisions=0, decided_right=0)
    print(f"{'document':34} {'parts':>5} {'unread':>6} {'outside':>7} {'rows ok':>8} {'false alarms':>12} {'silent':>6} {'wall s':>7} {'cpu s':>6}")
    slowest = slowest_cpu = 0.0
    for name in names:
        parts, wall, seconds = audit(name)
        slowest, slowest_cpu = max(slowest, wall), max(slowest_cpu, seconds)
        outside = sum(1 for p in parts if p["kind"] == "unsupported" and "outside the vocabulary" in p["note"])
        unread = sum(1 for p in parts if p["kind"] == "unsupported" or p["verdict"] == "error") - outside
        rows = matching = false_alarms = silent = 0
        for anchor, labels in EXPECTED[name]:
            start = line_of(name, anchor, parts)
            got = [label(p) for p in parts if p["line"] == start]
            rows += 1
            matching += got == list(labels)
            for want, have in zip(labels, got):
                false_alarms += have == R and want != R
                silent += have == "proved" and want == R
                if want in ("proved", "refuted"):
                    totals["decisions"] += 1
                    totals["decided_right"] += have == want
        for key, value in dict(parts=len(parts), unread=unread, outside=outside, rows=rows, matching=matching, false_alarms=false_alarms, silent=silent).items():
            totals[key] += value
        print(f"{name:34} {len(parts):5} {unread:6} {outside:7} {matching:>3}/{rows:<4} {false_alarms:12} {silent:6} {wall:7.1f} {seconds:6.1f}")
    share = 100 * totals["unread"] / max(totals["parts"], 1)
    print()
    both = 100 * (totals["unread"] + totals["outside"]) / max(totals["parts"], 1)
    print(f"documents {len(names)}; parts {totals['parts']}; unread {totals['unread']} ({share:.0f} %, target <= 10 %); "
          f"outside the vocabulary {totals['outside']} (not read either: unread and outside together {both:.0f} %)")
    print(f"false alarms {totals['false_alarms']} (target 0); silent passes {totals['silent']} (target 0)")
    print(f"formula lines judged as a careful reader does: {totals['matching']}/{totals['rows']}; "
          f"decisions (proved / refuted) made as a careful reader makes them: {totals['decided_right']}/{totals['decisions']}")
    print(f"slowest audit {slowest:.1f} s wall, {slowest_cpu:.1f} s CPU (target < 10 s; wall time includes waiting for a shared machine)")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--code" in args:
        k = args.index("--code")
        CODE = Path(args[k + 1]).resolve()
        del args[k : k + 2]
    chosen = args or sorted(EXPECTED)
    raise SystemExit(main(chosen))
