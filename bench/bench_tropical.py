"""Benchmark: `derive tropicalize --certify` over a grid of seeded random networks.

Inputs d in {1, 2, 3}, 1 to 3 hidden layers of equal width 2, 4, 8 or 16, integer weights in [-3, 3].
For each: seconds to enumerate the regions and build F and G, seconds to certify, wall and CPU seconds
(CPU of this process and of every worker task; in parentheses the part in worker tasks, which two
workers share, the rest being this process's serial part; and an estimate of the wall time on an idle
machine: the serial part plus the busiest worker's share of the search plus an even share of the
certificate's tasks, for a machine shared with other jobs makes wall times say little), monomial counts, regions found against the bound of
Theorem 6.3, LPs (exact decisions) and the regions the neighbour certificate settled. Each network
gets LIMIT seconds (build and certify together); past that it reports a timeout with the partial
counts. Prints a Markdown table. Not a test: nothing asserts on time.

    python bench/bench_tropical.py [LIMIT [--jobs N] [D:WxWxW ...]]   (e.g. 600 --jobs 2 8:10x10)
    python bench/bench_tropical.py LIMIT --speedup D:WxW ...   (each shape with 1 and 2 workers)
"""

from __future__ import annotations

import sys
import time

from derivations.networks.model import random_network
from derivations.networks.report import run

HEADER = (
    "| d | hidden | workers | regions / bound | F | G | build s | certify s | wall s | CPU s (in workers) | idle-machine estimate s | LPs | by neighbours | verdict |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def measure(d: int, widths: list[int], limit: float, jobs: int) -> str:
    net = random_network(d, widths, seed=1000 * d + 10 * len(widths) + widths[0])
    start = time.perf_counter()
    r = run(net, True, limit, None, jobs)
    wall = time.perf_counter() - start
    hidden = " x ".join(str(w) for w in widths)
    F = len(r.form.F) if r.form else "-"
    G = len(r.form.G) if r.form else "-"
    found = f"{r.regions}" if r.complete else f"> {r.regions} (unfinished)"
    certify = f"{r.certify_seconds:.2f}" if r.form else "-"
    verdict = r.verdict if r.verdict != "timeout" else f"timeout ({r.certified} certified)"
    # on an idle machine: this process's serial CPU plus the busiest worker's share of the search
    estimate = r.cpu_seconds - r.task_cpu_seconds + r.busiest_worker_cpu + r.certify_task_cpu / r.workers
    return (
        f"| {d} | {hidden} | {r.workers} | {found} / {r.region_bound} | {F} | {G} | {r.build_seconds:.2f} | {certify} "
        f"| {wall:.2f} | {r.cpu_seconds:.2f} ({r.task_cpu_seconds:.2f}) | {estimate:.2f} | {r.programs} | {r.by_neighbours} | {verdict} |"
    )


def _shape(arg: str) -> tuple[int, list[int]]:
    d, widths = arg.split(":")
    return int(d), [int(w) for w in widths.split("x")]


def main() -> None:
    args = sys.argv[1:]
    limit = float(args.pop(0)) if args else 120.0
    jobs, speedup = [1], False
    if args and args[0] == "--jobs":
        jobs = [int(args[1])]
        args = args[2:]
    elif args and args[0] == "--speedup":
        jobs, speedup = [1, 2], True
        args = args[1:]
    shapes = [_shape(a) for a in args] or [(d, [w] * n) for d in (1, 2, 3) for n in (1, 2, 3) for w in (2, 4, 8, 16)]
    print(HEADER, flush=True)
    for d, widths in shapes:
        for n in jobs:
            print(measure(d, widths, limit, n), flush=True)
    if speedup:
        print("\n(speed-up from 1 to 2 workers: the ratio of the wall columns of each pair of rows)")


if __name__ == "__main__":
    main()
