"""The pytest plugin, through pytester: claims become items, failures show the failing step."""

import pytest

pytest_plugins = ["pytester"]

PROOFS = '''
import sympy as sp
from derivations import Proof, claim, eq, sigmoid

x = sp.Symbol("x", real=True)


@claim("good", title="symmetry", latex=r"\\sigma(-x) = 1 - \\sigma(x)")
def good():
    p = Proof(statement=eq(sigmoid(-x), 1 - sigmoid(x)))
    p.chain(sigmoid(-x)).eq(1 - sigmoid(x), "algebra")
    return p


@claim("bad", title="wrong", latex=r"\\sigma(-x) = \\sigma(x)")
def bad():
    p = Proof(statement=eq(sigmoid(-x), sigmoid(x)))
    p.chain(sigmoid(-x)).eq(sigmoid(x), "wishful thinking")
    return p
'''


@pytest.fixture
def project(pytester):
    pytester.makepyfile(**{"proofs/claims": PROOFS})
    return pytester


def test_claims_are_items_when_enabled(project):
    result = project.runpytest("--derivations", "proofs")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*claim bad is refuted*", "*part 1 step 1*wishful thinking*", "*counterexample*"])


def test_ini_option_enables(project):
    project.makeini("[pytest]\nderivations = true\n")
    result = project.runpytest("proofs")
    result.assert_outcomes(passed=1, failed=1)


def test_plugin_is_opt_in(project):
    result = project.runpytest("proofs")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_proofs_directory_comes_from_tool_derivations(pytester):
    # no derivations_proofs ini: the plugin collects from the project's [tool.derivations] proofs directory
    pytester.makepyfile(**{"claims/mine": PROOFS})
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\nderivations = true\n\n[tool.derivations]\nproofs = "claims"\n')
    result = pytester.runpytest("claims")
    result.assert_outcomes(passed=1, failed=1)


@pytest.mark.parametrize("extra, stored", [((), 2), (("--derivations-no-cache",), 0)])
def test_items_share_one_run_and_the_cache(project, tmp_path, monkeypatch, extra, stored):
    from derivations.run.cache import info

    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path / "plugin-cache"))
    result = project.runpytest("--derivations", "proofs", "--junitxml", str(tmp_path / "first.xml"), *extra)
    result.assert_outcomes(passed=1, failed=1)
    assert info(tmp_path / "plugin-cache")["results"] == stored  # good proved, bad refuted: both stored
    again = project.runpytest("--derivations", "proofs", "--junitxml", str(tmp_path / "again.xml"), *extra)
    again.assert_outcomes(passed=1, failed=1)
    cached = (tmp_path / "again.xml").read_text().count('name="cached" value="True"')
    assert cached == stored
