"""The verification cache: a result is served only while everything it depends on is unchanged, never
changes a verdict, stores only what does not depend on the machine, and survives concurrent runs."""

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from derivations.run.cache import Store, clear, info
from derivations.base.config import Config
from derivations.run.runner import discover
from derivations.model.verdict import ClaimResult, Verdict

from .conftest import ROOT, run_derive

BASE = '''
import sympy as sp
from derivations import Proof, claim, eq, sigmoid

x = sp.Symbol("x", real=True)


@claim("sym", title="symmetry", latex=r"\\sigma(-x) = 1 - \\sigma(x)")
def sym():
    p = Proof(statement=eq(sigmoid(-x), 1 - sigmoid(x)))
    p.chain(sigmoid(-x)).eq(1 - sigmoid(x), "algebra")
    return p
'''

USER = '''
import sympy as sp
from derivations import Proof, cite, claim, eq, sigmoid

x = sp.Symbol("x", real=True)


@claim("twice", title="symmetry at 2x", latex=r"\\sigma(-2x) = 1 - \\sigma(2x)")
def twice():
    p = Proof(statement=eq(sigmoid(-2 * x), 1 - sigmoid(2 * x)))
    p.chain(sigmoid(-2 * x)).eq(1 - sigmoid(2 * x), "symmetry", rule="lemma", lemma=cite("sym", x=2 * x))
    return p
'''


@pytest.fixture
def project(tmp_path):
    """A project of two claims, one citing the other, with its own cache directory."""
    root = tmp_path / "project"
    (root / "proofs").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    (root / "proofs" / "base.py").write_text(BASE)
    (root / "proofs" / "user.py").write_text(USER)
    return root


def verify(project, *args, env=None):
    out = run_derive("verify", "--json", *args, cwd=project, env_extra={"DERIVE_CACHE_DIR": str(project / ".derive-cache"), **(env or {})})
    assert out.returncode in (0, 1), out.stderr
    return {c["id"]: (c["verdict"], c["cached"]) for c in json.loads(out.stdout)["claims"]}


def test_second_run_is_served_from_the_cache(project):
    assert verify(project) == {"sym": ("proved", False), "twice": ("proved", False)}
    assert verify(project) == {"sym": ("proved", True), "twice": ("proved", True)}


def test_editing_a_proof_reverifies_it_and_only_it(project):
    verify(project)
    script = project / "proofs" / "user.py"
    script.write_text(script.read_text() + "\n# edited\n")
    assert verify(project) == {"sym": ("proved", True), "twice": ("proved", False)}


def test_editing_a_cited_claim_reverifies_the_claims_citing_it(project):
    verify(project)
    script = project / "proofs" / "base.py"
    script.write_text(script.read_text().replace("1 - sigmoid(x)", "sigmoid(x)"))  # now false
    assert verify(project) == {"sym": ("refuted", False), "twice": ("unknown", False)}


def test_editing_the_engine_reverifies_everything(project, tmp_path):
    verify(project)
    import derivations

    engine = tmp_path / "engine"
    shutil.copytree(Path(derivations.__file__).parent, engine / "derivations", ignore=shutil.ignore_patterns("__pycache__"))
    notation = engine / "derivations" / "notation" / "__init__.py"
    notation.write_text(notation.read_text() + "\n# an edit of the engine\n")
    env = {"PYTHONPATH": os.pathsep.join([str(engine), os.environ.get("PYTHONPATH", "")])}
    assert verify(project, env=env) == {"sym": ("proved", False), "twice": ("proved", False)}
    assert verify(project) == {"sym": ("proved", True), "twice": ("proved", True)}  # the installed engine's results stay


def test_no_cache_neither_reads_nor_writes(project):
    verify(project)
    assert verify(project, "--no-cache") == {"sym": ("proved", False), "twice": ("proved", False)}
    assert clear(project / ".derive-cache") > 0
    verify(project, "--no-cache")
    assert info(project / ".derive-cache")["results"] == 0


def test_a_copy_of_the_project_reports_its_own_files(project, tmp_path):
    """Two checkouts with byte-identical scripts and one cache: a result names the file it came from."""
    script = project / "proofs" / "base.py"
    script.write_text(script.read_text().replace("1 - sigmoid(x)", "sigmoid(x)"))  # refuted at a step
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    env = {"DERIVE_CACHE_DIR": str(tmp_path / "shared-cache")}
    for root in (project, copy, copy):
        out = run_derive("verify", "sym", "--json", cwd=root, env_extra=env)
        (found,) = json.loads(out.stdout)["claims"]
        assert found["verdict"] == "refuted"
        assert {Path(step["file"]).resolve().parent.parent for step in found["steps"]} == {root.resolve()}
    assert found["cached"]  # the copy's second run is still served


def test_the_cache_is_never_committed(project):
    """A user's `git add -A` after a run leaves the cache out (a pre-commit hook would otherwise see
    files modified by every run that stores a result)."""
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    verify(project)
    assert (project / ".derive-cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=project, capture_output=True, text=True, check=True)
    assert ".derive-cache" not in status.stdout and "proofs/base.py" in status.stdout


def test_cache_commands(project):
    env = {"DERIVE_CACHE_DIR": str(project / ".derive-cache")}
    verify(project)
    out = run_derive("cache", "info", "--json", cwd=project, env_extra=env)
    assert out.returncode == 0 and json.loads(out.stdout)["results"] == 2
    out = run_derive("cache", "clear", cwd=project, env_extra=env)
    assert out.returncode == 0 and "removed" in out.stdout
    assert json.loads(run_derive("cache", "info", "--json", cwd=project, env_extra=env).stdout)["results"] == 0


def test_the_project_cache_is_found_from_the_proofs_directory(project):
    env = {k: v for k, v in os.environ.items() if k != "DERIVE_CACHE_DIR"}
    out = subprocess.run([sys.executable, "-m", "derivations", "cache", "info", "--json"], cwd=project, env=env, capture_output=True, text=True)
    assert json.loads(out.stdout)["directory"] == str((project / ".derive-cache").resolve())


def test_concurrent_runs_share_the_cache(project):
    env = dict(os.environ, DERIVE_CACHE_DIR=str(project / ".derive-cache"))
    runs = [subprocess.Popen([sys.executable, "-m", "derivations", "verify", "--json", "--jobs", "1"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
    assert verify(project) == {"sym": ("proved", True), "twice": ("proved", True)}


# ---------------------------------------------------------------- what may be stored, and served


@pytest.fixture
def store(project):
    specs = discover(project / "proofs")
    return Store(project / ".derive-cache", specs, Config(proofs_dir=project / "proofs"))


@pytest.mark.parametrize(
    "verdict, deterministic, stored",
    [
        (Verdict.PROVED, True, True),
        (Verdict.PROVED, False, True),  # a certificate is one, whatever budget ran out on the way
        (Verdict.REFUTED, False, True),
        (Verdict.UNKNOWN, True, True),  # no budget ran out: nothing in it depends on the machine
        (Verdict.UNKNOWN, False, False),  # a budget ran out: a faster machine might decide it
        (Verdict.ERROR, True, True),
        (Verdict.ERROR, False, False),  # e.g. the worker died
        (Verdict.TIMEOUT, True, False),
    ],
)
def test_what_is_stored(store, verdict, deterministic, stored):
    result = ClaimResult("sym", "symmetry", verdict, 1.0, "why")
    assert store.put(result, deterministic) is stored
    assert (store.get("sym", 30.0) is not None) is stored


def test_a_result_is_served_only_within_the_limit(store):
    store.put(ClaimResult("sym", "symmetry", Verdict.PROVED, 5.0), True)
    assert store.get("sym", 10.0).cached
    assert store.get("sym", 1.0) is None  # it took 5 s: with a 1 s limit it would have timed out


def test_a_citation_the_key_does_not_know_is_not_stored(store):
    assert not store.put(ClaimResult("sym", "symmetry", Verdict.PROVED, 1.0), True, used={"twice"})


def test_a_claim_built_in_memory_is_never_cached(store):
    spec = store.specs["sym"]
    store.specs["sym"] = dataclasses.replace(spec, build=lambda: spec.build())  # same id and script, other code
    assert not store.put(ClaimResult("sym", "symmetry", Verdict.PROVED, 1.0), True)
    assert store.get("sym", 30.0) is None
    assert not store.cacheable("twice")  # it cites the changed claim


def test_repository_claims_are_cacheable():
    specs = discover(ROOT / "proofs")
    store = Store(ROOT / ".unused-cache", specs, Config(proofs_dir=ROOT / "proofs"))
    assert all(store._faithful(claim_id) for claim_id in specs)


def test_editing_the_article_latex_of_a_claim_is_seen(project):
    verify(project)
    script = project / "proofs" / "base.py"
    script.write_text(script.read_text().replace('latex=r"\\sigma(-x) = 1 - \\sigma(x)"', 'latex=r"\\sigma(-x) = \\sigma(x)"'))
    out = run_derive("verify", "sym", "--json", cwd=project, env_extra={"DERIVE_CACHE_DIR": str(project / ".derive-cache")})
    (claim,) = json.loads(out.stdout)["claims"]
    assert (claim["verdict"], claim["cached"]) == ("error", False) and "article LaTeX mismatch" in claim["reason"]


def test_parses_are_remembered_and_so_are_parse_errors(store):
    from derivations.base.errors import ParseError
    from derivations.read.parse import Notations, parse_rows

    calls = []

    def counted(latex, notations):
        calls.append(latex)
        return parse_rows(latex, notations)

    first = store.parsed(r"\sigma(-x) = 1 - \sigma(x)", Notations(), counted)
    assert store.parsed(r"\sigma(-x) = 1 - \sigma(x)", Notations(), counted) == first
    for _ in range(2):
        with pytest.raises(ParseError):
            store.parsed(r"\frac{1}{", Notations(), counted)
    assert calls == [r"\sigma(-x) = 1 - \sigma(x)", r"\frac{1}{"]


@pytest.mark.parametrize("text", [r"\frac{x}{x}", r"x + x - x", r"\log(e^{x})", r"\frac{1}{2} \cdot 2"])
def test_kept_parses_come_back_as_written(tmp_path, text):
    """The backend's parses kept in the cache come back in a later run exactly as the backend built them
    (the written form, which the domain is computed from, is not evaluated on the way: x/x stays x/x)."""
    import diskcache
    import sympy as sp

    from derivations.read import backend

    with diskcache.Cache(str(tmp_path / "kept")) as db:
        shapes = []
        for _ in range(2):  # the first run stores, the second reads back
            backend._parse.cache_clear()
            with backend.kept_in(db, "salt"):
                with sp.evaluate(False):
                    written = backend.parse(text)
                evaluated = backend.parse(text)
            shapes.append((sp.srepr(written), sp.srepr(evaluated)))
        assert sum(1 for key in db.iterkeys() if key.startswith("backend:")) == 2
    assert shapes[0] == shapes[1]
    backend._parse.cache_clear()
    with sp.evaluate(False):
        assert sp.srepr(backend.parse(text)) == shapes[0][0]
