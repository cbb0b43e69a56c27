"""Nothing committed under output/ can go stale: every tracked file there is one `derive check` compares."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from derivations.publish.export import managed

ROOT = Path(__file__).resolve().parent.parent


def tracked(folder: str) -> list[str]:
    """The files git tracks under folder, relative to it (skipped outside a git checkout)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    run = subprocess.run(["git", "ls-files", "-z", folder], cwd=ROOT, capture_output=True, text=True, check=True)
    return sorted(p.removeprefix(f"{folder}/") for p in run.stdout.split("\0") if p)


def test_every_committed_output_file_is_one_derive_check_compares():
    files = tracked("output")
    assert files, "output/ holds what derive export writes; it is committed"
    unchecked = sorted(set(files) - managed(ROOT / "output"))
    assert not unchecked, f"committed under output/ but never compared by `derive check`, so it can go stale: {', '.join(unchecked)}"


@pytest.mark.parametrize("built", ["derivations.pdf", "derivations.log", "derivations.aux"])
def test_what_derive_pdf_builds_is_not_committed_and_is_ignored(built):
    assert built not in tracked("output")
    ignored = subprocess.run(["git", "check-ignore", "-q", f"output/{built}"], cwd=ROOT)
    assert ignored.returncode == 0, f"output/{built} is built by `derive pdf`; .gitignore must keep it out"


def test_export_owns_its_fragments_and_not_a_built_pdf_or_a_stray_file(tmp_path):
    # what the first test leans on: managed() is the set compare() holds against the rendering
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.tex").write_text("x")
    (tmp_path / "notes.txt").write_text("y")
    (tmp_path / "derivations.pdf").write_bytes(b"%PDF")
    assert managed(tmp_path) == {"claims/a.tex"}
