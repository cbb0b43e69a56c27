"""Benchmark of issue 20: the decision procedures on bench/decide.jsonl (statements judged true or false by hand).

Each LaTeX statement goes through `derive prove`'s own function (derivations.check.prove.decide); a statement the
reader cannot read yet (a sum up to a symbolic n) is given as SymPy and decided by the same gate
(derivations.check.prove.decide_relation). Prints, by kind, the share of true statements proved, of false ones
refuted, the wrong verdicts (a false one proved or a true one refuted: must be 0) and the seconds; then the
median seconds of a statement. Not a test: nothing asserts. `python bench/bench_decide.py [--kind K] [--file F] [-v]`;
bench/decide_heldout.jsonl (52 statements) was written after the procedures and not tuned on;
bench/decide_review.jsonl (103, issue 20's gaps: several variables, Taylor-type bounds, singular integrals,
factorials and binomials) was scored before the procedures for them and then worked on; bench/decide_review2.jsonl
(81) was written after them and not tuned on; bench/decide_review3.jsonl (452, six kinds: one-variable
inequalities, integrals, sums, limits, integers, several variables; labels checked with mpmath) was written by
a reviewer who was not told how anything is decided, scored once (77 % of the true ones proved, 96 % of the
false ones refuted, no wrong verdict), and then its classes of miss were worked on.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _sympy_statement(row):
    import sympy as sp

    names = {
        "n": sp.Symbol("n", integer=True, nonnegative=True),
        "k": sp.Symbol("k", integer=True),
        "r": sp.Symbol("r", real=True),
        "x": sp.Symbol("x", real=True),
        "Sum": sp.Sum, "Product": sp.Product, "Eq": sp.Eq, "Ne": sp.Ne, "exp": sp.exp,
    }
    rel = sp.sympify(row["sympy"], locals=names)
    facts = tuple(sp.sympify(f, locals=names) for f in row.get("facts", ()))
    return rel, facts


def run(row):
    from derivations.check.prove import decide, decide_relation

    started = time.perf_counter()
    if "latex" in row:
        decision = decide(row["latex"], row.get("assume", ()))
        verdict, reason = decision.verdict.value, decision.reason
    else:
        rel, facts = _sympy_statement(row)
        outcome = decide_relation(rel, facts)
        verdict, reason = outcome.verdict.value, outcome.reason
    return verdict, reason, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind")
    parser.add_argument("--file", default="bench/decide.jsonl", help="bench/decide_heldout.jsonl: written after the procedures, never tuned on")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (ROOT / args.file).read_text().splitlines() if line.strip()]
    if args.kind:
        rows = [r for r in rows if r["kind"] == args.kind]
    by_kind = defaultdict(lambda: {"true": 0, "proved": 0, "false": 0, "refuted": 0, "wrong": [], "seconds": []})
    seconds = []
    for row in rows:
        verdict, reason, spent = run(row)
        stats = by_kind[row["kind"]]
        stats["seconds"].append(spent)
        seconds.append(spent)
        if row["truth"]:
            stats["true"] += 1
            stats["proved"] += verdict == "proved"
            wrong = verdict == "refuted"
        else:
            stats["false"] += 1
            stats["refuted"] += verdict == "refuted"
            wrong = verdict == "proved"
        if wrong:
            stats["wrong"].append(row["id"])
        shown = row.get("latex") or row.get("sympy")
        if args.verbose or wrong or (verdict not in ("proved", "refuted")):
            mark = "WRONG" if wrong else ("ok" if verdict in ("proved", "refuted") else "--")
            print(f"{row['id']:6} {mark:5} {verdict:8} {spent:6.2f}s  {shown}  |  {reason[:160]}", flush=True)
    print()
    print(f"{'kind':11} {'true proved':>12} {'false refuted':>14} {'wrong':>6} {'median s':>9} {'max s':>7}")
    total = {"true": 0, "proved": 0, "false": 0, "refuted": 0, "wrong": 0}
    for kind, s in by_kind.items():
        print(f"{kind:11} {s['proved']:>5}/{s['true']:<3} {s['proved'] / max(1, s['true']):4.0%} {s['refuted']:>6}/{s['false']:<3} {s['refuted'] / max(1, s['false']):4.0%} {len(s['wrong']):>6} {statistics.median(s['seconds']):9.2f} {max(s['seconds']):7.2f}")
        for key in ("true", "proved", "false", "refuted"):
            total[key] += s[key]
        total["wrong"] += len(s["wrong"])
    print(f"{'all':11} {total['proved']:>5}/{total['true']:<3} {total['proved'] / max(1, total['true']):4.0%} {total['refuted']:>6}/{total['false']:<3} {total['refuted'] / max(1, total['false']):4.0%} {total['wrong']:>6} {statistics.median(seconds):9.2f} {max(seconds):7.2f}")
    wrong = [i for s in by_kind.values() for i in s["wrong"]]
    print(f"wrong verdicts: {len(wrong)} {wrong if wrong else ''}")


if __name__ == "__main__":
    main()
