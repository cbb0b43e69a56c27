"""CI integration as people use it (--format github annotations, the pre-commit hook), progress on stderr,
the dependency ranges and the constraints file `derive check` compares against, the package's metadata."""

import io
import json
import re
import tomllib
from types import SimpleNamespace

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from derivations import github
from derivations.base import pins
from derivations.base.feedback import Feedback
from derivations.model.verdict import ClaimResult, StepCheck, StepResult, Verdict

from .conftest import ROOT

WRONG = '''import sympy as sp
from derivations import Proof, claim, eq, sigmoid

x = sp.Symbol("x", real=True)


@claim("wrong", title="a false step", latex=r"\\sigma(x) = \\sigma(2x)")
def wrong():
    p = Proof(statement=eq(sigmoid(x), sigmoid(2 * x)))
    p.chain(sigmoid(x)).eq(sigmoid(2 * x), "hope, 50% of it")
    return p
'''


@pytest.fixture
def wrong_project(tmp_path):
    (tmp_path / "proofs").mkdir()
    (tmp_path / "proofs" / "wrong.py").write_text(WRONG)
    return tmp_path


# ---------------------------------------------------------------- --format github


@pytest.mark.parametrize(
    "args, env",
    [(["verify", "--format", "github"], {}), (["verify"], {"GITHUB_ACTIONS": "true"}), (["check", "--format", "github"], {})],
    ids=["verify-format", "verify-under-actions", "check-format"],
)
def test_failing_step_is_annotated_at_its_line(derive, wrong_project, args, env):
    out = derive(*args, cwd=wrong_project, env_extra=env)
    assert out.returncode == 1
    errors = [line for line in out.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1, out.stdout
    assert errors[0].startswith("::error file=proofs/wrong.py,line=10,title=wrong%3A refuted::part 1 step 1 (hope, 50%25 of it), rule identity: refuted")


def test_no_annotations_in_a_table_or_when_proved(derive, wrong_project):
    assert "::error" not in derive("verify", "--format", "table", cwd=wrong_project, env_extra={"GITHUB_ACTIONS": "true"}).stdout
    assert "::error" not in derive("verify", "sigmoid-ode", "--format", "github").stdout


def _result(steps=(), **kw):
    return ClaimResult(kw.pop("id", "c"), "t", kw.pop("verdict", Verdict.UNKNOWN), 0.5, kw.pop("reason", "why"), steps=tuple(steps), **kw)


@pytest.mark.parametrize(
    "result, specs, expected",
    [
        (_result([StepResult(1, 2, "limit", "j", StepCheck.unknown("limit", "no\nroute"), "/abs/p.py:12")]), {}, ["::error file=/abs/p.py,line=12,title=c%3A unknown::part 1 step 2 (j), rule limit: unknown: no%0Aroute"]),
        (_result(location="p.py:3", verdict=Verdict.ERROR, reason="NameError: y"), {}, ["::error file=p.py,line=3,title=c%3A error::NameError: y"]),
        (_result(verdict=Verdict.TIMEOUT, reason="no verdict"), {"c": SimpleNamespace(source="q.py:40")}, ["::error file=q.py,line=40,title=c%3A timeout::no verdict"]),
        (_result(verdict=Verdict.PROVED), {}, []),
        (_result([StepResult(1, 1, "identity", "j", StepCheck.proved("m"), "p.py:1")], verdict=Verdict.UNKNOWN, reason="the steps do not establish a"), {}, ["::error title=c%3A unknown::the steps do not establish a"]),
    ],
    ids=["step", "broken-script", "timeout-at-claim", "proved", "proved-steps-missing-link"],
)
def test_annotation_table(monkeypatch, result, specs, expected):
    monkeypatch.setattr(github, "_relative", lambda path: path)
    assert github.annotations([result], specs) == expected


# ---------------------------------------------------------------- the pre-commit hook


def test_pre_commit_hook_runs_derive_check():
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    hook = {k: hooks["derive-check"][k] for k in ("id", "entry", "language", "pass_filenames")}
    assert hook == {"id": "derive-check", "entry": "derive check", "language": "python", "pass_filenames": False}
    # the hook's entry is a real command (.ci/wheel-test runs the hook itself with pre-commit try-repo)
    from derivations.cli import cli

    assert "check" in cli.commands


# ---------------------------------------------------------------- progress


def _finished(claim_id, verdict="proved", seconds=0.25):
    return ClaimResult(claim_id, "t", Verdict(verdict), seconds)


def test_progress_is_one_line_per_claim_off_a_terminal():
    stream = io.StringIO()
    with Feedback(2, stream) as feedback:
        feedback.started("a")
        feedback.started("b")
        feedback.finished(_finished("b", "timeout", 30.0))
        feedback.finished(_finished("a"))
    assert stream.getvalue().splitlines() == ["[1/2] b: timeout (30.00 s)", "[2/2] a: proved (0.25 s)"]


def test_progress_names_the_claims_in_progress_and_times_the_slow_ones():
    now = [100.0]
    feedback = Feedback(2, io.StringIO(), live=False, clock=lambda: now[0])
    feedback.started("slow-claim")
    now[0] = 101.0
    feedback.started("quick-claim")
    assert feedback.in_progress() == "slow-claim, quick-claim"  # neither has run 2 s yet
    now[0] = 112.4
    assert feedback.in_progress() == "slow-claim 12 s, quick-claim 11 s"
    feedback.finished(_finished("slow-claim"))
    assert feedback.in_progress() == "quick-claim 11 s"


def test_progress_on_a_terminal_is_a_live_bar():
    stream = io.StringIO()
    with Feedback(1, stream, live=True) as feedback:
        feedback.started("sigmoid-ode")
        feedback._progress.refresh()
        feedback.finished(_finished("sigmoid-ode"))
    shown = stream.getvalue()
    assert "verifying" in shown and "sigmoid-ode" in shown and "[1/1]" not in shown


def test_progress_lines_come_on_stderr_and_stdout_stays_clean(derive):
    out = derive("verify", "sigmoid-ode", "--json")
    assert json.loads(out.stdout)["summary"]["proved"] == 1
    assert re.fullmatch(r"\[1/1\] sigmoid-ode: proved \(\d+\.\d\d s(, cached)?\)\n", out.stderr)  # earlier tests may have cached it


# ---------------------------------------------------------------- dependencies and metadata

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.mark.parametrize("requirement", PYPROJECT["project"]["dependencies"])
def test_dependencies_are_ranges_from_the_tested_versions(requirement):
    req = Requirement(requirement)
    locked = pins.pinned(output_only=False)[pins._canonical(req.name)]
    assert not any(s.operator in ("==", "===", "~=") for s in req.specifier), "a range, not a pin"
    assert {s.operator for s in req.specifier} == {">="} and Version(next(iter(req.specifier)).version) == Version(locked), "the tested version is the lower bound"
    newer = Version(locked)
    for bumped in (f"{newer.major}.{newer.minor}.{newer.micro + 1}", f"{newer.major}.{newer.minor + 1}", f"{newer.major + 1}.0"):
        assert req.specifier.contains(bumped), f"a newer release {bumped} must install"


@pytest.mark.parametrize(
    "installed, expected",
    [
        ({}, []),
        ({"sympy": "1.15.0"}, ["sympy==1.14.0 (found 1.15.0)"]),
        ({"sympy": "1.15.0", "matplotlib": None}, ["sympy==1.14.0 (found 1.15.0)", "matplotlib==3.11.2 (found not installed)"]),
        ({"rich": "1.0"}, []),  # not marked "output": cannot change a byte of output/
    ],
)
def test_check_names_the_versions_it_expects(monkeypatch, installed, expected):
    from importlib import metadata

    locked = pins.pinned(output_only=False)

    def version(name):
        name = pins._canonical(name)
        if name in installed and installed[name] is None:
            raise metadata.PackageNotFoundError(name)
        return installed.get(name, locked.get(name, "0"))

    monkeypatch.setattr(pins.metadata, "version", version)
    notes = pins.mismatches()
    if not expected:
        assert notes == []
    else:
        (note,) = notes
        assert note.startswith("derive check expects " + ", ".join(expected)) and "constraints.txt" in note


def test_the_constraints_file_is_what_is_installed():
    assert pins.mismatches() == [], "CI installs with derivations/constraints.txt: the environment must match it"


def test_package_metadata():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert project["requires-python"] == ">=3.11"
    assert any(c.startswith("Topic :: Scientific/Engineering :: Mathematics") for c in project["classifiers"])
    mapped = PYPROJECT["tool"]["setuptools"]
    assert mapped["package-dir"] == {"derivations.corpus": "proofs"} and "proofs" not in mapped["packages"]
