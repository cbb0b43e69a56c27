"""tropicalize on several workers and on a Dask cluster (the same results), with a time limit (partial
counts), and its progress feedback."""

import json
import time
from fractions import Fraction

import pytest

from derivations.networks.certify import certify
from derivations.networks.model import random_network
from derivations.networks.parallel import local
from derivations.networks.progress import Feedback
from derivations.networks.regions import Budget, prefixes, subtree
from derivations.networks.report import find_regions, run
from derivations.networks.tropical import TropicalForm, TropicalPolynomial, tropicalize

from .conftest import run_derive

TIMINGS = {"seconds", "build_seconds", "certify_seconds", "cpu_seconds"}


def _stable(report) -> dict:
    """The JSON report without its timings (which no two runs share)."""
    return {key: value for key, value in report.as_json().items() if key not in TIMINGS}


def _regions(net, jobs):
    runner = local(jobs)
    try:
        found = find_regions(net, Budget(), runner)
    finally:
        runner.close()
    assert found.complete
    return found.regions


NETS = [(2, [6, 6], 41), (3, [5, 4, 3], 42), (1, [6, 6], 43), (4, [6], 44)]


@pytest.mark.parametrize("d, widths, seed", NETS)
def test_two_workers_give_identical_regions_F_G_certificate_and_json(d, widths, seed):
    net = random_network(d, widths, seed)
    one, two = run(net, True, None, None, 1), run(net, True, None, None, 2)
    assert one.verdict == "certified" and two.workers == 2
    assert _stable(one) == _stable(two)
    assert _regions(net, 1) == _regions(net, 2)  # patterns, rows, interior points, monomials, in order


def _mutant_file(tmp_path, net, delta):
    form = tropicalize(net)
    terms = dict(form.F.terms)
    key = sorted(terms)[len(terms) // 2]
    terms[key] += delta
    bad = TropicalForm(TropicalPolynomial(net.inputs, terms), form.G)
    path = tmp_path / "form.json"
    text = lambda poly: [[f"{c.numerator}/{c.denominator}", list(e)] for e, c in sorted(poly.terms.items())]  # noqa: E731
    path.write_text(json.dumps({"F": text(bad.F), "G": text(bad.G)}))
    return path, bad


@pytest.mark.parametrize("delta", [Fraction(1, 7), Fraction(-1, 7)])
def test_the_one_seventh_mutant_is_refuted_at_the_same_point_by_one_and_two_workers(tmp_path, delta):
    net = random_network(2, [5, 5], 45)
    path, bad = _mutant_file(tmp_path, net, delta)
    one, two = run(net, True, None, path, 1), run(net, True, None, path, 2)
    assert one.verdict == "refuted" and _stable(one) == _stable(two)
    assert net(one.point) != bad(one.point)  # re-checked by direct exact evaluation


def test_a_dask_cluster_of_two_workers_gives_the_same_F_G_and_certificate():
    from distributed import LocalCluster

    net = random_network(2, [6, 6], 41)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
        host_port = cluster.scheduler_address.split("://", 1)[1]
        remote = run(net, True, None, None, 1, f"dask://{host_port}")
    alone = run(net, True, None, None, 1)
    assert remote.workers == 2 and remote.verdict == "certified"
    assert _stable(remote) == _stable(alone)


def test_an_unreachable_dask_scheduler_is_one_line_and_exit_2():
    done = run_derive("tropicalize", "tests/fixtures/nets/example-2x2.json", "--executor", "dask://127.0.0.1:9")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "Dask scheduler" in done.stderr


class _Ticks(Budget):
    """A budget that runs out after n programs: a time limit without a clock."""

    def __init__(self, n):
        super().__init__(None)
        self.left = n

    def tick(self):
        self.programs += 1
        self.left -= 1
        self.check()

    def check(self):
        if self.left < 0:
            raise TimeoutError("out of programs")


def test_a_search_stopped_early_returns_what_it_found_in_order():
    net = random_network(3, [8, 8], 46)
    everything, complete = prefixes(net, Budget())
    assert complete
    partial, complete = prefixes(net, _Ticks(30))
    assert not complete and 0 < len(partial) < len(everything)
    assert partial == everything[: len(partial)]
    chunk = subtree(net, everything[0], deadline=time.time() - 1)
    assert not chunk.complete and chunk.regions == subtree(net, everything[0]).regions[: len(chunk.regions)]


def test_a_certificate_stopped_early_counts_the_regions_it_proved(tmp_path):
    net = random_network(2, [5, 5], 45)
    regions = list(_regions(net, 1))
    _, bad = _mutant_file(tmp_path, net, Fraction(1, 7))  # no neighbour certificate: region by region
    result = certify(net, bad, regions, Budget(time.time() - 1))
    assert result.verdict == "timeout" and result.regions == 0 and result.by_neighbours == 0


def test_cli_timeout_reports_partial_counts(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(random_network(3, [16, 16, 16], 1).to_json()))
    done = run_derive("tropicalize", str(path), "--certify", "--json", "--timeout", "0.001")
    assert done.returncode == 3
    report = json.loads(done.stdout)
    assert report["verdict"] == "timeout" and report["region_search_complete"] is False
    assert isinstance(report["regions"], int) and isinstance(report["lp_programs"], int)
    assert "regions found before it" in report["detail"]
    assert "time limit" in done.stderr  # the phase's one line says how it ended


def test_progress_is_one_line_per_phase_off_a_terminal_and_nothing_when_quiet():
    done = run_derive("tropicalize", "tests/fixtures/nets/example-2x2.json", "--certify")
    lines = done.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["regions", "certificate"]
    assert "9 regions" in lines[0] and "9 proved" in lines[1]
    quiet = run_derive("tropicalize", "tests/fixtures/nets/example-2x2.json", "--certify", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_feedback_lines_carry_the_counts(capsys):
    feedback = Feedback("lines")
    feedback.start("regions", 3, regions=0, LPs=2)
    feedback.advance(1, regions=5, LPs=7)
    feedback.advance(2, regions=1, LPs=0)
    feedback.finish("time limit")
    err = capsys.readouterr().err
    assert err.startswith("regions: 6 regions, 9 LPs, ") and err.rstrip().endswith("(time limit)")
