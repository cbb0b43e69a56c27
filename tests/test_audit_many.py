"""`derive audit PATH...`: files, directories and globs; a result per file; bad paths one line each (exit 2);
GitHub annotations at the article's lines; the pre-commit hook; the cache serving unchanged articles and formulas."""

from __future__ import annotations

import json
import time

import pytest

from derivations import api
from derivations.audit.many import expand
from derivations.base.schema import validate

from .conftest import ROOT, run_derive

GOOD = "Reflection:\n\n$$\\sigma(-x) = 1-\\sigma(x)$$\n"
BAD = "Intro.\n\nA bound:\n\n$$\\log(1+e^x) < x$$\n\nAnd $\\sum_{n \\in \\mathbb{N}} x_n = 1$.\n"  # refuted at line 5; unsupported at 7
TEX = "\\documentclass{article}\\begin{document}\nWe have\n\\begin{equation}\nx y \\leq e^{x^2+y^2}\n\\end{equation}\n\\end{document}\n"  # unknown, line 3


def _tree(root, files: dict) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize(
    "files, args, found, problems",
    [
        ({"a.md": GOOD}, ["a.md"], ["a.md"], []),
        ({"d/a.md": GOOD, "d/s/b.markdown": GOOD, "d/s/c.tex": TEX, "d/n.txt": "x", "d/.git/x.md": GOOD}, ["d"], ["d/a.md", "d/s/b.markdown", "d/s/c.tex"], []),
        ({"a.md": GOOD, "b.md": GOOD, "c.tex": TEX}, ["*.md"], ["a.md", "b.md"], []),
        ({"d/a.md": GOOD, "d/e/b.md": GOOD}, ["d/**/*.md"], ["d/a.md", "d/e/b.md"], []),
        ({"a.md": GOOD}, ["a.md", "./a.md", "."], ["a.md"], []),  # each article once
        ({"a.md": GOOD}, ["missing.md", "a.md"], ["a.md"], ["missing.md: no such file or directory"]),
        ({"empty/n.txt": "x"}, ["empty"], [], ["empty: no articles (.md, .markdown, .tex) in this directory"]),
        ({}, ["*.tex"], [], ["*.tex: no file matches"]),
        ({"b.md": b"\x89PNG\x00\x01"}, ["b.md"], [], ["cannot read b.md: a binary file, not an article"]),
        ({"l.md": b"caf\xe9 $x$"}, ["l.md"], [], ["cannot read l.md: not UTF-8 (byte 3)"]),
    ],
    ids=["file", "directory-recursive", "glob", "recursive-glob", "once", "missing", "no-articles", "glob-nothing", "binary", "latin-1"],
)
def test_paths_name_articles_or_say_why_not(tmp_path, monkeypatch, files, args, found, problems):
    _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    sources = expand(args)
    assert [s.path.as_posix() for s in sources if s.problem is None] == found
    assert [s.problem for s in sources if s.problem] == problems


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    root = tmp_path_factory.mktemp("notes")
    _tree(root, {"notes/good.md": GOOD, "notes/bad.md": BAD, "notes/ch/t.tex": TEX, "notes/img.md": b"\x00\x01"})
    return root


def test_a_directory_gives_a_result_per_file_and_the_total(articles):
    out = run_derive("audit", "notes", "missing.md", "--json", cwd=articles)
    assert out.returncode == 2, out.stderr  # bad input wins over the refuted formula, and the others were audited
    assert out.stderr.splitlines() == ["derive: error: cannot read notes/img.md: a binary file, not an article", "derive: error: missing.md: no such file or directory"]
    data = json.loads(out.stdout)
    validate(data, "audit")
    assert data["schema_version"] == 3 and "formulas" not in data
    by_path = {f["path"]: f for f in data["files"]}
    assert set(by_path) == {"notes/bad.md", "notes/ch/t.tex", "notes/good.md", "notes/img.md", "missing.md"}
    assert [(f["line"], f["kind"], f["verdict"]) for f in by_path["notes/bad.md"]["formulas"]] == [(5, "claim", "refuted"), (7, "unsupported", None)]
    assert by_path["notes/bad.md"]["formulas"][0]["counterexample"]["values"] == {"x": "0"}
    assert by_path["notes/good.md"]["summary"]["verdicts"] == {"proved": 1}
    assert by_path["missing.md"] == {"path": "missing.md", "error": "missing.md: no such file or directory"}
    assert data["summary"]["files"] == 3 and data["summary"]["unreadable"] == 2 and data["summary"]["formulas"] == 4
    assert data["summary"]["verdicts"] == {"proved": 1, "refuted": 1, "unknown": 1}


@pytest.mark.parametrize(
    "args, code, lines",
    [
        (["notes/good.md", "notes/ch"], 0, ["notes/good.md: 1 formulas, 0 matched to claims; 1 proved", "notes/ch/t.tex: 1 formulas, 0 matched to claims; 1 unknown", "total: 2 article(s), 2 formulas; 1 proved, 1 unknown"]),
        (["notes/good.md", "notes/ch", "--strict"], 1, None),
        (["notes/good.md", "notes/bad.md"], 1, ["notes/good.md: 1 formulas, 0 matched to claims; 1 proved", "notes/bad.md: 2 formulas, 0 matched to claims; 1 refuted", "  line 5: refuted: \\log(1+e^x) < x (counterexample x = 0)", "total: 2 article(s), 3 formulas; 1 proved, 1 refuted"]),
    ],
    ids=["undecided-passes", "strict-fails", "refuted-fails"],
)
def test_a_line_per_article_and_the_exit_code(articles, args, code, lines):
    out = run_derive("audit", *args, cwd=articles)
    assert out.returncode == code, out.stderr
    assert out.stderr == ""  # no progress off a terminal
    if lines is not None:
        assert out.stdout.splitlines() == lines


def test_one_article_keeps_the_table_and_version_1_formulas(articles):
    out = run_derive("audit", "notes/bad.md", "--json", cwd=articles)
    data = json.loads(out.stdout)
    validate(data, "audit")
    assert data["formulas"] == data["files"][0]["formulas"] and data["summary"]["files"] == 1
    table = run_derive("audit", "notes/bad.md", cwd=articles)
    assert table.returncode == 1 and "refuted" in table.stdout and "line" in table.stdout.splitlines()[1]


@pytest.mark.parametrize(
    "strict, expected",
    [
        (False, ["::error file=notes/bad.md,line=5,title=derive audit%3A refuted::\\log(1+e^x) < x is false: counterexample x = 0"]),
        (True, [
            "::error file=notes/bad.md,line=5,title=derive audit%3A refuted::\\log(1+e^x) < x is false: counterexample x = 0",
            "::warning file=notes/bad.md,line=7,title=derive audit%3A unsupported::\\sum_{n \\in \\mathbb{N}} x_n = 1: unsupported: \\sum over n \\in \\mathbb{N} (an index i, i = 1 to n, or i \\neq k)",
            "::warning file=notes/ch/t.tex,line=3,title=derive audit%3A unknown::x y \\leq e^{x^2+y^2}: unknown: inequality: no certificate for the sign of -x*y + exp(x**2 + y**2)",
        ]),
    ],
    ids=["refuted-only", "strict-warnings"],
)
def test_github_annotations_at_the_articles_lines(articles, strict, expected):
    out = run_derive("audit", "notes/bad.md", "notes/ch/t.tex", "--format", "github", *(["--strict"] if strict else []), cwd=articles)
    assert out.returncode == 1, out.stderr
    assert [line for line in out.stdout.splitlines() if line.startswith("::")] == expected


def test_github_is_the_default_under_github_actions(articles):
    out = run_derive("audit", "notes/bad.md", "notes/good.md", cwd=articles, env_extra={"GITHUB_ACTIONS": "true"})
    assert any(line.startswith("::error file=notes/bad.md,line=5,") for line in out.stdout.splitlines()), out.stdout


def test_the_pre_commit_hook_audits_the_files_it_is_given(articles):
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    hook = hooks["derive-audit"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"], hook["types_or"]) == ("derive audit", "python", True, ["markdown", "tex"])
    command = hook["entry"].split()[1:]  # as pre-commit runs it: the entry, then the changed files
    assert run_derive(*command, "notes/good.md", "notes/ch/t.tex", cwd=articles).returncode == 0
    assert run_derive(*command, "notes/good.md", "notes/bad.md", cwd=articles).returncode == 1


# ---------------------------------------------------------------- the cache


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """audit_files in this process (one job), a fresh cache, and a count of the formulas decided."""
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(api, "DEFAULT_JOBS", 1)
    decided = []
    budgeted = api._budgeted_decide

    def counting(seconds):
        decide = budgeted(seconds)

        def wrapper(rel, facts):
            decided.append(str(rel))
            return decide(rel, facts)

        return wrapper

    monkeypatch.setattr(api, "_budgeted_decide", counting)
    return decided


def _verdicts(audits):
    return [[(f.line, f.verdict) for f in a.formulas] for a in audits]


def test_an_unchanged_article_is_served_from_the_cache(tmp_path, counted):
    _tree(tmp_path, {"a.md": BAD, "b.md": "First $$x^2 \\geq 0$$ then $$\\frac{x}{x} = 1$$\n"})
    paths = [tmp_path / "a.md", tmp_path / "b.md"]
    cold = api.audit_files(paths)
    assert len(counted) == 3
    start = time.perf_counter()
    warm = api.audit_files(paths)
    seconds = time.perf_counter() - start
    assert _verdicts(warm) == _verdicts(cold) == [[(5, "refuted"), (7, None)], [(1, "proved"), (1, "proved")]]
    assert warm.articles[0].formulas[0].counterexample == cold.articles[0].formulas[0].counterexample
    assert len(counted) == 3 and seconds < 1.0, seconds
    assert _verdicts(api.audit_files(paths, cache=False)) == _verdicts(cold) and len(counted) == 6  # --no-cache decides again


def test_an_edited_article_decides_only_its_changed_formulas(tmp_path, counted):
    path = tmp_path / "a.md"
    path.write_text("We have $$x^2 \\geq 0$$ and $$\\log(1+e^x) > x$$\n")
    assert _verdicts(api.audit_files([path])) == [[(1, "proved"), (1, "proved")]] and len(counted) == 2
    path.write_text("A new first line.\n\nWe have $$x^2 \\geq 0$$ and $$\\log(1+e^x) < x$$\n")  # moved down, one changed
    edited = api.audit_files([path])
    assert _verdicts(edited) == [[(3, "proved"), (3, "refuted")]]  # never the stale verdict
    assert len(counted) == 3 and "log" in counted[-1] and "<" in counted[-1]  # only the changed one was decided


# ---------------------------------------------------------------- progress


class _Terminal(__import__("io").StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("terminal, enabled, drawn", [(True, True, True), (True, False, False), (False, True, False)], ids=["terminal", "json", "pipe"])
def test_progress_only_on_a_terminal_and_never_with_json(monkeypatch, terminal, enabled, drawn):
    from derivations.audit_output import progress

    stream = _Terminal() if terminal else __import__("io").StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    with progress(enabled) as (on_stage, on_part):
        assert (on_stage is not None) is drawn
        if drawn:
            on_stage("deciding", 3)
            on_part(None)
    assert ("deciding (3 formulas)" in stream.getvalue()) is drawn


def test_an_article_without_formulas_is_audited_and_passes(tmp_path, counted):
    _tree(tmp_path, {"README.md": "# A project\n\nNo mathematics here.\n", "empty.tex": ""})
    audits = api.audit_files([tmp_path])
    assert [(a.path.name, a.formulas, a.problem) for a in audits] == [("README.md", (), None), ("empty.tex", (), None)]
    assert audits.exit_code == 0 and audits.summary["files"] == 2 and counted == []


@pytest.mark.parametrize(
    "change",
    ["a claim's script edited", "a helper added", "another timeout", "other digits"],
)
def test_the_quick_key_changes_with_what_the_claims_keys_are_made_of(tmp_path, change):
    from derivations.api import _Quick
    from derivations.base.config import Config

    proofs = tmp_path / "proofs"
    proofs.mkdir()
    (proofs / "claims.py").write_text("# a claim\n")
    config, timeout = Config(proofs_dir=proofs), 30.0
    before = _Quick(config, timeout).key
    assert _Quick(config, timeout).key == before  # nothing changed: the same key
    if change == "a claim's script edited":
        (proofs / "claims.py").write_text("# a claim, edited\n")
    elif change == "a helper added":
        (proofs / "data.json").write_text("{}")
    elif change == "another timeout":
        timeout = 10.0
    else:
        config = Config(proofs_dir=proofs, digits=60)
    assert _Quick(config, timeout).key != before
