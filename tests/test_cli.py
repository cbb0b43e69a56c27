"""End to end: the `derive` command's exit codes, JSON, errors, export/check and determinism."""

import json
import shutil

import pytest

from .conftest import ARTICLE_IDS, ROOT


def test_list(derive):
    out = derive("list", "--json")
    assert out.returncode == 0
    ids = [c["id"] for c in json.loads(out.stdout)["claims"]]
    assert ids[: len(ARTICLE_IDS)] == ARTICLE_IDS  # the article's claims first, in the article's order


def test_verify_json_shape(derive):
    out = derive("verify", "sigmoid-ode", "softmax-two-class", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"schema_version", "claims", "summary"}
    assert data["summary"] == {"proved": 2, "refuted": 0, "unknown": 0, "error": 0, "timeout": 0}
    claim = data["claims"][0]
    assert {"id", "title", "verdict", "seconds", "steps", "counterexample"} <= set(claim)
    assert {"rule", "justification", "verdict"} <= set(claim["steps"][0])


def test_unknown_id_is_a_usage_error(derive):
    out = derive("verify", "no-such-claim")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "no-such-claim" in out.stderr and "sigmoid-ode" in out.stderr
    assert "Traceback" not in out.stderr


def test_timeout_path(derive):
    out = derive("verify", "tropical-add-limit", "--timeout", "0.2", "--json")
    assert out.returncode == 1
    assert json.loads(out.stdout)["claims"][0]["verdict"] == "timeout"


def test_bad_option_is_usage_error(derive):
    assert derive("verify", "--jobs", "0").returncode == 2


def test_broken_proofs_directory_is_one_line(derive, tmp_path):
    (tmp_path / "bad.py").write_text("import nonexistent_module_xyz\n")
    out = derive("--proofs", str(tmp_path), "list")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_false_claim_exits_one(derive, tmp_path):
    (tmp_path / "wrong.py").write_text(
        "import sympy as sp\n"
        "from derivations import Proof, claim, eq, sigmoid\n"
        "x = sp.Symbol('x', real=True)\n"
        "@claim('wrong', title='w', latex='')\n"
        "def wrong():\n"
        "    p = Proof(statement=eq(sigmoid(x), sigmoid(2*x)))\n"
        "    p.chain(sigmoid(x)).eq(sigmoid(2*x), 'hope')\n"
        "    return p\n"
    )
    out = derive("--proofs", str(tmp_path), "verify", "--json")
    assert out.returncode == 1
    result = json.loads(out.stdout)["claims"][0]
    assert result["verdict"] == "refuted" and result["counterexample"]["values"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from .conftest import run_derive

    out_dir = tmp_path_factory.mktemp("out")
    result = run_derive("export", "--out", str(out_dir), env_extra={"PYTHONHASHSEED": "1"})
    assert result.returncode == 0, result.stderr
    return out_dir


def test_export_writes_fragments_and_master(exported):
    assert (exported / "derivations.tex").exists()
    from derivations.run.runner import discover

    assert sorted(p.stem for p in (exported / "claims").glob("*.tex")) == sorted(discover(ROOT / "proofs"))
    assert not list(exported.rglob(".*.tex.*")), "no temporary files left behind"


def test_export_is_deterministic_across_hash_seeds(derive, exported, tmp_path):
    result = derive("export", "--out", str(tmp_path), env_extra={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0
    for path in [p for p in exported.rglob("*") if p.is_file()]:
        assert (tmp_path / path.relative_to(exported)).read_bytes() == path.read_bytes(), path


def test_check_passes_on_fresh_output_and_fails_on_stale(derive, exported, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(exported, copy)
    assert derive("check", "--out", str(copy)).returncode == 0
    fragment = copy / "claims" / "sigmoid-ode.tex"
    fragment.write_text(fragment.read_text().replace("proved", "PROVED"))
    (copy / "claims" / "orphan.tex").write_text("%")
    (copy / "claims" / "relu-limit.tex").unlink()
    (copy / "site" / "index.html").write_text("<html></html>")
    (copy / "site" / "claims" / "orphan.html").write_text("<html></html>")
    out = derive("check", "--out", str(copy), "--diff")
    assert out.returncode == 1
    assert "stale: claims/sigmoid-ode.tex" in out.stdout
    assert "missing: claims/relu-limit.tex" in out.stdout
    assert "extra: claims/orphan.tex" in out.stdout
    assert "stale: site/index.html" in out.stdout and "extra: site/claims/orphan.html" in out.stdout
    assert "+++ b/claims/sigmoid-ode.tex" in out.stdout
    assert fragment.read_text().count("PROVED") > 0, "check writes nothing"


def test_site_writes_what_export_writes_under_site(derive, exported, tmp_path):
    out = derive("site", "--out", str(tmp_path / "site"))
    assert out.returncode == 0, out.stderr
    written = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(exported / "site").as_posix() for p in (exported / "site").rglob("*") if p.is_file())
    assert (tmp_path / "site" / "index.html").read_bytes() == (exported / "site" / "index.html").read_bytes()


def test_committed_output_is_fresh(derive):
    out = derive("check")
    assert out.returncode == 0, out.stdout + out.stderr


def test_help_is_fast_and_does_not_import_sympy():
    import subprocess
    import sys

    code = "import sys; from derivations import cli; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
