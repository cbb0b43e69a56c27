"""Settings of a verification run, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Config:
    timeout: float | None = None  # seconds per claim; None: the claim's own limit, else DEFAULT_TIMEOUT
    jobs: int = 1  # claims verified at once, each in its own process
    digits: int = 50  # mpmath precision of the numeric cross-check
    points: int = 20  # minimum evaluation points of the cross-check
    bind_latex: bool = True  # a proved claim must also be what its article LaTeX states
    proofs_dir: Path = Path("proofs")
    output_dir: Path = Path("output")
