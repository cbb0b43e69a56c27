"""Benchmark: `derive tropicalize --certify` over a grid of seeded random networks.

Inputs d in {1, 2, 3}, 1 to 3 hidden layers of equal width 2, 4, 8 or 16, integer weights in [-3, 3].
For each: seconds to enumerate the regions and build F and G, seconds to certify, monomial counts,
regions found against the bound of Theorem 6.3, and exact LPs solved. Each network gets LIMIT
seconds (build and certify together); past that it reports a timeout. Prints a Markdown table.
Not a test: nothing asserts on time.

    python bench/bench_tropical.py [LIMIT [D:WxWxW ...]]   (e.g. 600 8:10x10 for other shapes)
"""

from __future__ import annotations

import sys
import time

from derivations.networks.certify import certify
from derivations.networks.model import random_network
from derivations.networks.regions import Budget, activation_regions, region_bound
from derivations.networks.tropical import tropicalize


def measure(d: int, layers: int, width: int, limit: float, widths: list[int] | None = None) -> dict:
    net = random_network(d, widths or [width] * layers, seed=1000 * d + 10 * layers + width)
    budget = Budget(time.monotonic() + limit)
    row = {"d": d, "layers": layers, "width": width, "bound": region_bound(net)}
    start = time.perf_counter()
    try:
        regions = list(activation_regions(net, budget))
        form = tropicalize(net, regions)
    except TimeoutError:
        return row | {"verdict": "timeout (build)", "programs": budget.programs}
    row |= {"build": time.perf_counter() - start, "regions": len(regions), "F": len(form.F), "G": len(form.G)}
    start = time.perf_counter()
    result = certify(net, form, regions, budget)
    return row | {"certify": time.perf_counter() - start, "verdict": result.verdict, "programs": budget.programs}


def main() -> None:
    limit = float(sys.argv[1]) if len(sys.argv) > 1 else 120.0
    shapes = [(d, [width] * layers) for d in (1, 2, 3) for layers in (1, 2, 3) for width in (2, 4, 8, 16)]
    if len(sys.argv) > 2:
        shapes = [(int(d), [int(w) for w in ws.split("x")]) for d, ws in (arg.split(":") for arg in sys.argv[2:])]
    print("| d | hidden | regions / bound | F | G | build s | certify s | exact LPs | verdict |")
    print("|---|---|---|---|---|---|---|---|---|")
    for d, widths in shapes:
        r = measure(d, len(widths), widths[0], limit, widths)
        hidden = " x ".join(str(w) for w in widths)
        if "build" not in r:
            print(f"| {d} | {hidden} | - / {r['bound']} | - | - | > {limit:.0f} | - | {r['programs']} | {r['verdict']} |", flush=True)
            continue
        certify_s = f"{r['certify']:.2f}" if r["verdict"] != "timeout" else f"> {limit:.0f} total"
        print(
            f"| {d} | {hidden} | {r['regions']} / {r['bound']} | {r['F']} | {r['G']} | {r['build']:.2f} | {certify_s} | {r['programs']} | {r['verdict']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
