"""Shared fixtures: the repository's claims, a verifier over them, and a way to run `derive`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from derivations.config import Config
from derivations.runner import discover
from derivations.verify import Verifier

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
