"""Run from anywhere: the project found from [tool.derivations], --proofs/--out on every subcommand, the article's
claims shipped as derivations.corpus and citable from a user's project, and the CLI's manners."""

import json
import shutil
from pathlib import Path

import pytest

from derivations.base.config import DEFAULT_TIMEOUT, Config, ConfigError, corpus_dir, find_project
from derivations.base.errors import UnknownClaim
from derivations.run.runner import citable, discover, select

from .conftest import ROOT

USER_PROJECT = ROOT / "tests" / "fixtures" / "user-project"


def _project(root: Path, table: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{table}\n")
    return root


# ---------------------------------------------------------------- [tool.derivations]


@pytest.mark.parametrize(
    "table, field, expected",
    [
        ('[tool.derivations]\nproofs = "claims"', "proofs_dir", Path("claims")),
        ('[tool.derivations]\noutput = "build/tex"', "output_dir", Path("build/tex")),
        ('[tool.derivations]\narticle = "paper.md"', "article", Path("paper.md")),
        ("[tool.derivations]\ntimeout = 90", "default_timeout", 90.0),
        ("[tool.derivations]", "default_timeout", DEFAULT_TIMEOUT),
    ],
)
def test_keys_are_read_relative_to_the_pyproject(tmp_path, monkeypatch, table, field, expected):
    root = _project(tmp_path / "proj", table)
    (root / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(root / "deep" / "er")  # found upwards, like pytest and ruff
    config = Config.load()
    value = getattr(config, field)
    if isinstance(expected, Path):
        assert Path(value).resolve() == (root / expected).resolve()
    else:
        assert value == expected
    assert config.project == (root / "pyproject.toml").resolve()


def test_the_nearest_table_wins_and_a_pyproject_without_one_is_passed_over(tmp_path):
    outer = _project(tmp_path, '[tool.derivations]\nproofs = "outer"')
    inner = _project(tmp_path / "a", '[tool.other]\nx = 1')  # no [tool.derivations]: not ours
    assert find_project(inner) == (outer / "pyproject.toml").resolve()
    nested = _project(tmp_path / "a" / "b", '[tool.derivations]\nproofs = "nested"')
    (nested / "c").mkdir()
    assert find_project(nested / "c") == (nested / "pyproject.toml").resolve()


@pytest.mark.parametrize(
    "table, message",
    [
        ('[tool.derivations]\nproof = "x"', "has no key 'proof'"),
        ("[tool.derivations]\ntimeout = -1", "positive number"),
        ('[tool.derivations]\ntimeout = "slow"', "positive number"),
        ("[tool.derivations]\nproofs = 3", "must be a path"),
        ("[tool.derivations\n", "cannot read"),
    ],
)
def test_a_bad_table_is_one_error(tmp_path, table, message):
    _project(tmp_path, table)
    with pytest.raises(ConfigError, match=message):
        Config.load(tmp_path)


def test_overrides_win_and_none_means_not_given(tmp_path):
    _project(tmp_path, '[tool.derivations]\nproofs = "p"\ntimeout = 5')
    config = Config.load(tmp_path, proofs_dir=Path("/elsewhere"), default_timeout=None)
    assert config.proofs_dir == Path("/elsewhere") and config.default_timeout == 5.0


def test_without_a_project_the_shipped_claims_are_used(tmp_path):
    assert corpus_dir() is not None and (corpus_dir() / "sigmoid.py").is_file()
    assert Config.load(tmp_path).proofs_dir == corpus_dir()
    (tmp_path / "proofs").mkdir()  # but a ./proofs directory is the user's
    assert Config.load(tmp_path).proofs_dir == tmp_path / "proofs"


# ---------------------------------------------------------------- the shipped corpus and citations


def test_a_project_can_cite_the_article_and_reuse_its_file_names(tmp_path):
    # the user's proofs/sigmoid.py has the corpus's file name: the two modules must not replace each other
    own = discover(USER_PROJECT / "proofs")
    assert list(own) == ["sigmoid-reflection", "sigmoid-slope-product"]
    everything = citable(own)
    assert {"sigmoid-ode", "sigmoid-reflection"} <= set(everything)
    assert everything["sigmoid-ode"].source.startswith(str(corpus_dir()))
    assert list(discover(corpus_dir()))[:2] == ["sigmoid-exp-form", "sigmoid-ode"]  # still the article's


def test_a_projects_own_claim_wins_over_the_shipped_one_of_the_same_id(tmp_path):
    (tmp_path / "mine.py").write_text(
        "import sympy as sp\nfrom derivations import Proof, claim, eq\nx = sp.Symbol('x', real=True)\n"
        "@claim('sigmoid-ode', title='mine', latex='x=x')\ndef mine():\n    return Proof(statement=eq(x, x))\n"
    )
    assert citable(discover(tmp_path))["sigmoid-ode"].title == "mine"


@pytest.mark.parametrize(
    "wrong, hint",
    [("sigmod-ode", "did you mean sigmoid-ode?"), ("relu-limt", "did you mean relu-limit?"), ("zzz", "known ids: sigmoid-exp-form")],
)
def test_a_mistyped_id_suggests_the_nearest(specs, wrong, hint):
    with pytest.raises(UnknownClaim, match=hint.replace("?", r"\?")):
        select(specs, [wrong])


# ---------------------------------------------------------------- the command line, from a user's project


@pytest.fixture(scope="module")
def user_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("user") / "project"
    shutil.copytree(USER_PROJECT, root)
    return root


def test_user_project_verifies_exports_and_checks(derive, user_project):
    out = derive("verify", "--json", cwd=user_project / "proofs")  # found from a subdirectory
    assert out.returncode == 0, out.stdout + out.stderr
    data = json.loads(out.stdout)
    assert [c["id"] for c in data["claims"]] == ["sigmoid-reflection", "sigmoid-slope-product"]
    steps = data["claims"][1]["steps"]
    assert steps[0]["method"].startswith("instance of proved claim sigmoid-ode")  # the shipped claim, re-verified
    assert derive("export", cwd=user_project).returncode == 0
    assert sorted(p.name for p in (user_project / "output" / "claims").iterdir()) == ["sigmoid-reflection.tex", "sigmoid-slope-product.tex"]
    checked = derive("check", cwd=user_project)
    assert checked.returncode == 0 and "output/ is up to date" in checked.stdout, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--proofs", "{p}", "--json"],
        ["--proofs", "{p}", "list", "--json"],  # the group option still works
        ["verify", "sigmoid-reflection", "--proofs", "{p}", "--json"],
    ],
)
def test_proofs_option_on_the_subcommand_and_the_group(derive, tmp_path, args):
    proofs = USER_PROJECT / "proofs"
    out = derive(*[a.format(p=proofs) for a in args], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["claims"][0]["id"] == "sigmoid-reflection"


@pytest.mark.parametrize("command", ["export", "check"])
def test_out_option_on_export_and_check(derive, tmp_path, command):
    out = derive(command, "--proofs", str(USER_PROJECT / "proofs"), "--out", str(tmp_path / "tex"), cwd=tmp_path)
    if command == "export":
        assert out.returncode == 0 and (tmp_path / "tex" / "derivations.tex").is_file(), out.stderr
    else:
        assert out.returncode == 1 and "tex/ is out of date" in out.stdout  # nothing exported there yet


def test_missing_proofs_directory_says_how_to_set_it(derive, tmp_path):
    out = derive("list", "--proofs", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "--proofs" in out.stderr and "[tool.derivations]" in out.stderr


def test_no_project_lists_the_article(derive, tmp_path):
    out = derive("list", "--json", cwd=tmp_path)
    assert out.returncode == 0 and "sigmoid-ode" in [c["id"] for c in json.loads(out.stdout)["claims"]]


@pytest.mark.parametrize("args", [[], ["-h"], ["--help"]])
def test_bare_derive_prints_help_and_exits_0(derive, args):
    out = derive(*args)
    assert out.returncode == 0 and "Commands:" in out.stdout and "verify" in out.stdout and not out.stderr


def test_mistyped_id_on_the_command_line(derive):
    out = derive("verify", "sigmoid-od")
    assert out.returncode == 2 and out.stderr.strip() == "derive: error: unknown claim id 'sigmoid-od'; did you mean sigmoid-ode?"
