"""Settings of a verification run, in one frozen dataclass, and the project they come from ([tool.derivations])."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import DerivationError

DEFAULT_TIMEOUT = 30.0
DEFAULT_JOBS = max(1, min(4, os.cpu_count() or 1))  # claims verified at once by `derive` and the API

# [tool.derivations] keys -> (Config field, type); paths are relative to the pyproject.toml holding them.
KEYS = {"proofs": ("proofs_dir", Path), "output": ("output_dir", Path), "article": ("article", Path), "timeout": ("default_timeout", float)}


class ConfigError(DerivationError):
    """A [tool.derivations] table that cannot be read: an unknown key, a value of the wrong type."""


@dataclass(frozen=True)
class Config:
    timeout: float | None = None  # seconds per claim; None: the claim's own limit, else default_timeout
    jobs: int = 1  # claims verified at once, each in its own process
    digits: int = 50  # mpmath precision of the numeric cross-check
    points: int = 20  # minimum evaluation points of the cross-check
    bind_latex: bool = True  # a proved claim must also be what its article LaTeX states
    proofs_dir: Path = Path("proofs")
    output_dir: Path = Path("output")
    article: Path | None = None  # the article `derive audit` reads when given none
    default_timeout: float = DEFAULT_TIMEOUT  # a claim's limit when neither the run nor the claim sets one
    project: Path | None = None  # the pyproject.toml the settings came from, if any
    cache: bool = True  # read and write the verification cache (derivations/run/cache.py); --no-cache: False

    @classmethod
    def load(cls, start: Path | None = None, **overrides) -> "Config":
        """The project's settings, found the way pytest and ruff find theirs: the nearest pyproject.toml with
        a [tool.derivations] table, from ``start`` (default: the current directory) upwards. Without one,
        the proofs are ./proofs if it exists, else the article's own claims shipped with the package.
        ``overrides`` (command-line options) win; None means "not given"."""
        base = Path(".") if start is None else Path(start)
        found = find_project(base)
        if found is not None:
            settings = {**_read(found), "project": found}
        else:
            shipped = corpus_dir()
            own = base / "proofs"
            settings = {"proofs_dir": shipped if shipped is not None and not own.is_dir() else own, "output_dir": base / "output"}
        settings.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**settings)

    def with_(self, **changes) -> "Config":
        """A copy with the given fields changed (None values are ignored: an option not given)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def find_project(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has a [tool.derivations] table."""
    for directory in (start.resolve(), *start.resolve().parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and "derivations" in _load(candidate).get("tool", {}):
            return candidate
    return None


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _read(path: Path) -> dict:
    table = _load(path)["tool"]["derivations"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.derivations] must be a table")
    settings = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: [tool.derivations] has no key {key!r} (known: {', '.join(KEYS)})")
        field, kind = KEYS[key]
        if kind is Path:
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{path}: [tool.derivations] {key} must be a path (a string)")
            settings[field] = _near(path.parent / value)
        else:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ConfigError(f"{path}: [tool.derivations] {key} must be a positive number of seconds")
            settings[field] = float(value)
    return settings


def _near(path: Path) -> Path:
    """A project path as messages should show it: relative to the current directory when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def corpus_dir() -> Path | None:
    """The article's own claims, shipped inside the package as derivations.corpus (the repository's proofs/,
    mapped there by pyproject.toml); None when the package runs from a source tree that was not installed."""
    try:
        spec = importlib.util.find_spec("derivations.corpus")
    except ImportError:
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None
