"""`derive tropicalize` as a function: build F and G for a network file, optionally certify them (or a
given F and G), and report counts, times and the verdict as a dataclass with a JSON form."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..errors import NetworkError
from .certify import Certification, certify
from .model import Network, load_network
from .regions import Budget, activation_regions, region_bound
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
            "lp_programs": self.programs,
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


def run(path: str | Path, check: bool, seconds: float | None = None, form_path: str | Path | None = None) -> Report:
    network = load_network(path)
    budget = Budget(time.monotonic() + seconds if seconds else None)
    bound = region_bound(network)
    start = time.monotonic()
    try:
        regions = list(activation_regions(network, budget))
        form = load_form(form_path, network.inputs) if form_path else tropicalize(network, regions)
    except TimeoutError as exc:
        return Report(network, None, "timeout", 0, bound, time.monotonic() - start, 0.0, budget.programs, str(exc))
    built = time.monotonic() - start
    if not check:
        return Report(network, form, "built", len(regions), bound, built, 0.0, budget.programs)
    result: Certification = certify(network, form, regions, budget)
    return Report(network, form, result.verdict, len(regions), bound, built, result.seconds, budget.programs, result.detail, result.point)
