"""`derive tropicalize` as a function: build F and G for a network file, optionally certify them (or a
given F and G), and report counts, times and the verdict as a dataclass with a JSON form."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

from derivations.base.errors import NetworkError
from .certify import Certification, certify
from .model import Network, load_network
from .parallel import Inline, runner_for
from .progress import Feedback
from .local import Facets, search_with_facets
from .regions import Budget, Region, prefixes, region_bound
from .tropical import TropicalForm, TropicalPolynomial, tropicalize

EXIT_CODES = {"built": 0, "certified": 0, "refuted": 1, "unknown": 3, "timeout": 3}


@dataclass(frozen=True)
class Report:
    network: Network
    form: TropicalForm | None
    verdict: str  # built (not certified), certified, refuted, unknown, timeout
    regions: int
    region_bound: int
    build_seconds: float
    certify_seconds: float
    programs: int  # exact LPs solved
    detail: str = ""
    point: tuple[Fraction, ...] | None = None
    certified: int = 0  # regions proved (all when certified; so far, on a time-out)
    by_neighbours: int = 0  # of those, settled by the neighbour certificate
    complete: bool = True  # False if the time limit stopped the region search
    cpu_seconds: float = 0.0  # CPU time of this process and of every task, wherever it ran
    task_cpu_seconds: float = 0.0  # of which in tasks on workers (0 when everything ran here)
    busiest_worker_cpu: float = 0.0  # the region search's CPU seconds on its busiest worker
    certify_task_cpu: float = 0.0  # CPU seconds of the certificate's one-by-one tasks on workers
    workers: int = 1

    @property
    def seconds(self) -> float:
        return self.build_seconds + self.certify_seconds

    def as_json(self) -> dict:
        out = {
            "F": _terms(self.form.F) if self.form else None,
            "G": _terms(self.form.G) if self.form else None,
            "verdict": self.verdict,
            "regions": self.regions,
            "region_bound": self.region_bound,
            "seconds": round(self.seconds, 3),
            "build_seconds": round(self.build_seconds, 3),
            "certify_seconds": round(self.certify_seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "lp_programs": self.programs,
            "regions_certified": self.certified,
            "regions_by_neighbours": self.by_neighbours,
            "region_search_complete": self.complete,
        }
        out["counterexample"] = None
        if self.point is not None:  # the shape every --json uses: values, detail, exact
            out["counterexample"] = {
                "values": {f"x_{k}": _text(v) for k, v in enumerate(self.point, start=1)},
                "detail": f"network = {_text(self.network(self.point))}, F - G = {_text(self.form(self.point))}",
                "exact": True,
            }
        if self.detail:
            out["detail"] = self.detail
        return out

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]


def _text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _terms(poly: TropicalPolynomial) -> list:
    return [[_text(c), list(e)] for e, c in sorted(poly.terms.items())]


def load_form(path: str | Path, dimension: int) -> TropicalForm:
    """F and G from JSON as --json writes them: {"F": [["p/q", [e1, ..., ed]], ...], "G": [...]}."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError) as exc:
        raise NetworkError(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise NetworkError(f"{path}: not JSON: {exc.msg} at line {exc.lineno}") from None
    polys = []
    for name in ("F", "G"):
        entries = data.get(name) if isinstance(data, dict) else None
        if not isinstance(entries, list) or not entries:
            raise NetworkError(f'{path}: "{name}" must be a nonempty list of ["p/q", [exponents]]')
        terms: dict[tuple[int, ...], Fraction] = {}
        for k, entry in enumerate(entries):
            where = f"{path}: {name}[{k}]"
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list)):
                raise NetworkError(f'{where}: expected ["p/q", [e1, ..., e{dimension}]]')
            coefficient, exponent = entry
            try:
                c = Fraction(str(coefficient))
            except (ValueError, ZeroDivisionError):
                raise NetworkError(f"{where}: coefficient {coefficient!r} is not a rational") from None
            if len(exponent) != dimension or not all(isinstance(e, int) and not isinstance(e, bool) and e >= 0 for e in exponent):
                raise NetworkError(f"{where}: exponents must be {dimension} nonnegative integers")
            key = tuple(exponent)
            terms[key] = max(c, terms.get(key, c))
        polys.append(TropicalPolynomial(dimension, terms))
    return TropicalForm(*polys)


class Found(NamedTuple):
    regions: list[Region]  # in depth-first order
    complete: bool  # False if the time limit stopped the search
    task_cpu: float  # CPU seconds of the tasks
    busiest: float  # CPU seconds of the tasks on the busiest worker process
    facets: Facets | None  # what the neighbour certificate needs of the regions (from the same tasks)


def find_regions(network: Network, budget: Budget, runner=None, feedback: Feedback | None = None) -> Found:
    """Every activation region (regions.py), the subtree below each first-layer region one task on
    the runner; in depth-first order whatever the runner."""
    runner = runner or Inline()
    feedback = feedback or Feedback("quiet")
    first, complete = prefixes(network, budget)
    feedback.start("regions", len(first), regions=0, LPs=budget.programs)
    if not complete:
        feedback.finish("time limit, first layer unfinished")
        return Found([], False, 0.0, 0.0, None)
    chunks = runner.map(
        search_with_facets,
        [(network, prefix, budget.deadline) for prefix in first],
        lambda chunk: feedback.advance(1, regions=len(chunk.regions), LPs=chunk.programs),
    )
    budget.programs += sum(chunk.programs for chunk in chunks)
    complete = all(chunk.complete for chunk in chunks)
    feedback.finish("" if complete else "time limit, search unfinished")
    regions = [region for chunk in chunks for region in chunk.regions]
    per_worker: dict[int, float] = {}
    for chunk in chunks:
        per_worker[chunk.worker] = per_worker.get(chunk.worker, 0.0) + chunk.cpu
    busiest = max(per_worker.values(), default=0.0)
    return Found(regions, complete, sum(chunk.cpu for chunk in chunks), busiest, Facets.join([chunk.facets for chunk in chunks]))


def run(
    path: str | Path | Network,
    check: bool,
    seconds: float | None = None,
    form_path: str | Path | None = None,
    jobs: int = 1,
    executor: str | None = None,
    feedback: Feedback | None = None,
) -> Report:
    network = path if isinstance(path, Network) else load_network(path)
    feedback = feedback or Feedback("quiet")
    budget = Budget(time.time() + seconds if seconds else None)
    bound = region_bound(network)
    runner = runner_for(jobs, executor)
    try:
        return _run(network, check, form_path, budget, bound, runner, feedback)
    finally:
        runner.close()


def _run(network, check, form_path, budget, bound, runner, feedback) -> Report:
    import dataclasses

    start, cpu = time.monotonic(), time.process_time()
    regions, complete, task_cpu, busiest, facets = find_regions(network, budget, runner, feedback)

    def timed(report: Report, more_cpu: float = 0.0) -> Report:
        tasks = 0.0 if runner.inline else task_cpu + more_cpu
        spent = time.process_time() - cpu + tasks
        return dataclasses.replace(
            report, cpu_seconds=spent, task_cpu_seconds=tasks, workers=runner.workers,
            busiest_worker_cpu=0.0 if runner.inline else busiest, certify_task_cpu=0.0 if runner.inline else more_cpu,
        )

    if not complete:
        detail = f"time limit: {len(regions)} regions found before it (the search did not finish), {budget.programs} LPs"
        return timed(Report(network, None, "timeout", len(regions), bound, time.monotonic() - start, 0.0, budget.programs, detail, complete=False))
    form = load_form(form_path, network.inputs) if form_path else tropicalize(network, regions)
    built = time.monotonic() - start
    if not check:
        return timed(Report(network, form, "built", len(regions), bound, built, 0.0, budget.programs))
    feedback.start("certificate", len(regions), proved=0)
    result: Certification = certify(network, form, regions, budget, runner, lambda k: feedback.advance(k, proved=k), facets)
    feedback.finish("" if result.verdict != "timeout" else "time limit")
    detail = result.detail
    if result.verdict == "timeout":
        detail = f"time limit: {result.regions} of {len(regions)} regions certified before it, {budget.programs + result.programs} LPs"
    report = Report(
        network, form, result.verdict, len(regions), bound, built, result.seconds, budget.programs + result.programs, detail,
        result.point, result.regions, result.by_neighbours,
    )
    return timed(report, result.task_cpu)
