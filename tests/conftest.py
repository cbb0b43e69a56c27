"""Shared fixtures: the repository's claims, a verifier over them, a way to run `derive`, and one
verification cache for the whole test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from derivations.base.config import Config
from derivations.run.runner import discover
from derivations.check.verify import Verifier

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_IDS = [
    "sigmoid-exp-form",
    "sigmoid-ode",
    "sigmoid-derivative-bound",
    "vanishing-gradient",
    "softmax-two-class",
    "softplus-antiderivative",
    "softplus-natural-log",
    "relu-limit",
    "tropical-add-limit",
    "tropical-mul-limit",
]


def pytest_configure(config):
    """One verification cache per test session, in a fresh temporary directory: every `derive` the tests
    run (and the plugin's claim items) share it, so each claim is proved once per session, while no
    test depends on the developer's own cache or writes into it. Tests about the cache itself use
    their own directories."""
    config._derive_cache = tempfile.mkdtemp(prefix="derive-cache-")
    config._derive_cache_before = os.environ.get("DERIVE_CACHE_DIR")
    os.environ["DERIVE_CACHE_DIR"] = config._derive_cache


def pytest_unconfigure(config):
    folder = getattr(config, "_derive_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        if config._derive_cache_before is None:
            os.environ.pop("DERIVE_CACHE_DIR", None)
        else:
            os.environ["DERIVE_CACHE_DIR"] = config._derive_cache_before


@pytest.fixture(scope="session")
def specs():
    return discover(ROOT / "proofs")


@pytest.fixture(scope="session")
def verifier(specs):
    return Verifier(specs, Config())


def run_derive(*args, cwd=ROOT, env_extra=None, timeout=600, stdin=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "derivations", *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, input=stdin,
    )


@pytest.fixture
def derive():
    return run_derive
