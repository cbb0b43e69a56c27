"""Build output/derivations.pdf with latexmk, failing on LaTeX errors and undefined references."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from derivations.base.errors import DerivationError
from .export import MASTER


class PdfError(DerivationError):
    exit_code = 1


def build(out_dir: Path, timeout: float = 600) -> Path:
    if shutil.which("latexmk") is None:
        raise DerivationError("latexmk is not installed (Debian: apt-get install texlive-latex-base latexmk)")
    if not (out_dir / MASTER).exists():
        raise DerivationError(f"no {out_dir / MASTER}: run `derive export` first")
    # SOURCE_DATE_EPOCH pins the PDF's dates, so the same .tex gives the same PDF.
    env = dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1")
    run = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", MASTER],
        cwd=out_dir, capture_output=True, text=True, timeout=timeout, env=env,
    )
    log_path = out_dir / MASTER.replace(".tex", ".log")
    log = log_path.read_text(errors="replace") if log_path.exists() else run.stdout
    errors = [line for line in log.splitlines() if line.startswith("!")]
    if run.returncode != 0 or errors:
        raise PdfError(f"LaTeX failed: {errors[0] if errors else 'latexmk exit ' + str(run.returncode)} (see {log_path})")
    undefined = re.findall(r"(?:Reference|Citation) `([^']+)' on page \d+ undefined", log)
    if undefined:
        raise PdfError(f"undefined references: {', '.join(sorted(set(undefined)))}")
    return out_dir / MASTER.replace(".tex", ".pdf")
