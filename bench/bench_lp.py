"""Benchmark: exact LP libraries on the programs `derive tropicalize` actually solves.

Collects the interior-point programs (max s subject to a.x + c >= s, s <= 1) that the region
enumeration of a seeded network poses, then solves every one with each exact solver available:
pycddlib 3 (cddlib, GMP rationals; the project's choice), pplpy (the Parma Polyhedra Library's
MIP_Problem, exact; not a project dependency, `pip install pplpy` after `apt-get install
libppl-dev`), and SymPy's own rational simplex (sympy.solvers.simplex.linprog). Checks that all agree
on every optimum and prints the time per program. Not a test: nothing asserts on time.

    python bench/bench_lp.py [D WIDTH LAYERS]
"""

from __future__ import annotations

import signal
import sys
import time
from fractions import Fraction

import derivations.networks.regions as regions_module
from derivations.networks.model import random_network
from derivations.networks.regions import activation_regions


LIMIT = 60.0  # seconds per library
PER_PROGRAM = 10  # seconds per program


def _alarm(signum, frame):
    raise TimeoutError


signal.signal(signal.SIGALRM, _alarm)


def collect(d: int, width: int, layers: int) -> list[list]:
    programs = []
    original = regions_module.point_inside

    def recording(rows, dimension, floats=None):  # integer rows (c, a): c + a.x > 0
        programs.append(([(tuple(Fraction(a) for a in row[1:]), Fraction(row[0])) for row in rows], dimension))
        return original(rows, dimension, floats)

    regions_module.point_inside = recording
    try:
        list(activation_regions(random_network(d, [width] * layers, 7)))
    finally:
        regions_module.point_inside = original
    return programs


def by_cdd(strict, d):
    import cdd
    import cdd.gmp as gmp

    array = [[c, *a, -1] for a, c in strict] + [[1] + [0] * d + [-1], [0] + [0] * d + [1]]
    lp = gmp.linprog_from_array(array, cdd.LPObjType.MAX)
    gmp.linprog_solve(lp)
    return Fraction(lp.obj_value) if lp.status == cdd.LPStatusType.OPTIMAL else None


def by_ppl(strict, d):
    import ppl

    xs = [ppl.Variable(k) for k in range(d + 1)]
    s = xs[d]
    cs = ppl.Constraint_System()
    lcm = 1
    for a, c in strict:
        for v in (*a, c):
            lcm = lcm * v.denominator // __import__("math").gcd(lcm, v.denominator)
    for a, c in strict:
        expr = sum((int(v * lcm) * x for v, x in zip(a, xs)), int(c * lcm)) - lcm * s
        cs.insert(expr >= 0)
    cs.insert(s <= 1)
    problem = ppl.MIP_Problem(d + 1, cs, s, "maximization")
    if problem.solve()["status"] != "optimized":
        return None
    value = problem.optimal_value()
    return Fraction(int(value.numerator), int(value.denominator))


def by_sympy(strict, d):
    import sympy as sp
    from sympy.solvers.simplex import InfeasibleLPError, linprog

    # minimise -s subject to -a.x + s <= c and s <= 1, x free
    A = [[-sp.Rational(v.numerator, v.denominator) for v in a] + [1] for a, _ in strict] + [[0] * d + [1]]
    b = [sp.Rational(c.numerator, c.denominator) for _, c in strict] + [1]
    try:
        value, _ = linprog([0] * d + [-1], A, b, bounds=[(None, None)] * (d + 1))
    except InfeasibleLPError:
        return None
    return Fraction(int((-value).p), int((-value).q))


def main() -> None:
    d, width, layers = (int(v) for v in sys.argv[1:4]) if len(sys.argv) > 3 else (2, 8, 2)
    programs = collect(d, width, layers)
    print(f"{len(programs)} programs from the regions of a d={d}, {layers} x {width} network")
    answers = {}
    for name, solve in (("pycddlib 3.0.2 (GMP)", by_cdd), ("pplpy", by_ppl), ("sympy linprog", by_sympy)):
        values = []
        try:
            start = time.perf_counter()
            for strict, dim in programs:
                signal.alarm(PER_PROGRAM)  # SymPy's simplex can run for minutes on one program
                try:
                    values.append(solve(strict, dim))
                except (TimeoutError, KeyboardInterrupt):  # cysignals (pplpy's) turns SIGALRM into the latter
                    values.append("timeout")
                finally:
                    signal.alarm(0)
                if time.perf_counter() - start > LIMIT:  # a slow solver: time the programs it got through
                    break
            seconds = time.perf_counter() - start
        except ImportError as exc:
            print(f"{name:24} not installed ({exc.name})")
            continue
        answers[name] = values
        stuck = values.count("timeout")
        print(f"{name:24} {1e6 * seconds / len(values):9.1f} us per program, {len(values)} programs in {seconds:.2f} s, {stuck} past {PER_PROGRAM} s")
    first = next(iter(answers.values()))
    for name, values in answers.items():
        wrong = sum(b != "timeout" and ((a is not None and a > 0) != (b is not None and b > 0)) for a, b in zip(first, values))
        print(f"{name:24} open region empty or not: {wrong} of {len(values)} decisions differ from pycddlib's")


if __name__ == "__main__":
    main()
