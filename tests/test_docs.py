"""The documentation builds with `mkdocs build --strict`: every page in the nav, every link and anchor found."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from derivations.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _mkdocs() -> list[str]:
    try:
        import mkdocs  # noqa: F401
        import mkdocs_click  # noqa: F401
        import material  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("mkdocs, mkdocs-material or mkdocs-click is not installed (pip install -e '.[test]')")
    return [sys.executable, "-m", "mkdocs"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([*_mkdocs(), "build", "--strict", "--site-dir", str(out)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_the_docs_build_strict(site):
    assert (site / "index.html").is_file()


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_the_command_reference_is_generated_from_the_click_commands(site, command):
    page = (site / "cli" / "index.html").read_text(encoding="utf-8")
    assert f'id="{command}"' in page
    for option in cli.commands[command].params:
        for flag in getattr(option, "opts", []):
            if flag.startswith("--"):
                assert flag in page, f"derive {command} {flag} is missing from the generated reference"


def test_the_readme_stays_short_and_every_page_it_names_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200, f"README.md has {len(readme.splitlines())} lines: the reference belongs in docs/"
    named = set(re.findall(r"docs/[\w-]+\.md", readme))
    assert "docs/index.md" in named
    missing = sorted(p for p in named if not (ROOT / p).is_file())
    assert not missing, f"README.md points to pages that do not exist: {', '.join(missing)}"
