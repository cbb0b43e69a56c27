"""The worker pool: spawn as well as fork, CPU-time limits, one claim's cases shared out with the same
verdict and evidence as checking them in one process."""

import json

import pytest

from derivations.base.config import Config
from derivations.run.runner import _case_groups, discover, run, run_tasks

from .conftest import run_derive

FAMILY = '''
import sympy as sp
from derivations import Proof, claim, ge, le
from derivations.notation import logb

t = sp.Symbol("t", positive=True)
n, i, k = (sp.Symbol(name, integer=True, positive=True) for name in ("n", "i", "k"))
X = sp.IndexedBase("x", real=True)


def family(claim_id, statement):
    @claim(claim_id, title=claim_id, latex="")
    def build():
        p = Proof(statement=statement(), assumptions=(sp.Gt(t, 1), ge(n, 2), le(n, 6), ge(i, 1), le(i, n)))
        p.exhaust(n, i)
        return p

    return build


term = family("term", lambda: le(t ** X[i], sp.Sum(t ** X[k], (k, 1, n))))  # 20 cases, true
first = family("first", lambda: ge(t ** X[1], t ** X[i]))  # false from i = 2 on
'''


@pytest.fixture
def project(tmp_path):
    (tmp_path / "proofs").mkdir()
    (tmp_path / "proofs" / "family.py").write_text(FAMILY)
    return tmp_path


def test_a_long_enumeration_is_shared_out_by_its_first_variable(project):
    specs = discover(project / "proofs")
    number, _, groups = _case_groups(specs["term"])
    assert number == 1 and [len(g) for g in groups] == [6, 5, 4, 3, 2]  # n = 6 first


@pytest.mark.parametrize("claim_id", ["term", "first"])
def test_shared_cases_give_what_one_process_gives(project, claim_id):
    specs = discover(project / "proofs")
    alone, shared = (run(specs, [claim_id], Config(jobs=jobs, bind_latex=False, proofs_dir=project / "proofs"))[0] for jobs in (1, 2))
    assert shared.verdict == alone.verdict
    assert [s.check.method for s in shared.steps] == [s.check.method for s in alone.steps]
    assert [s.check.detail for s in shared.steps] == [s.check.detail for s in alone.steps]


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_workers_start_with_either_method(project, method):
    (project / "proofs" / "one.py").write_text(
        "import sympy as sp\nfrom derivations import Proof, claim, eq, sigmoid\nx = sp.Symbol('x', real=True)\n"
        "@claim('one', title='one', latex=r'\\sigma(-x) = 1 - \\sigma(x)')\n"
        "def one():\n    p = Proof(statement=eq(sigmoid(-x), 1 - sigmoid(x)))\n    p.chain(sigmoid(-x)).eq(1 - sigmoid(x), 'algebra')\n    return p\n"
    )
    out = run_derive("--proofs", str(project / "proofs"), "verify", "one", "first", "--json", "--jobs", "2", "--no-cache", env_extra={"DERIVE_START_METHOD": method})
    verdicts = {c["id"]: c["verdict"] for c in json.loads(out.stdout)["claims"]}
    assert verdicts == {"one": "proved", "first": "unknown"}, out.stderr


def spin(seconds):
    import time

    start = time.thread_time()
    while time.thread_time() - start < seconds:
        pass
    return seconds


def test_run_tasks_stops_a_task_past_its_cpu_seconds():
    answers = run_tasks(spin, [0.0, 60.0, 0.1], 2, 1.0, lambda payload, why, seconds: (why, payload))
    assert answers == [0.0, ("timeout", 60.0), 0.1]


def test_a_bad_start_method_is_one_line(project):
    out = run_derive("--proofs", str(project / "proofs"), "verify", "term", "--no-cache", env_extra={"DERIVE_START_METHOD": "teleport"})
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "DERIVE_START_METHOD" in out.stderr


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_run_tasks_takes_a_closure(monkeypatch, method):
    monkeypatch.setenv("DERIVE_START_METHOD", method)
    offset = 10
    answers = run_tasks(lambda payload: payload + offset, [1, 2, 3], 2, 30.0, lambda payload, why, seconds: why)
    assert answers == [11, 12, 13]
