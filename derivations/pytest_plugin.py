"""pytest plugin: each claim in proofs/ becomes a test item (opt-in: --derivations or `derivations = true`)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("derivations")
    group.addoption("--derivations", action="store_true", default=False, help="collect the claims in the proofs directory as tests")
    group.addoption("--derivations-timeout", type=float, default=None, help="CPU seconds per claim (default: the claim's own limit, else 30)")
    group.addoption("--derivations-jobs", type=int, default=None, help="claims verified at once (default: as `derive verify`)")
    group.addoption("--derivations-no-cache", action="store_true", default=False, help="verify afresh, without the verification cache")
    parser.addini("derivations", type="bool", default=False, help="collect claims as tests (same as --derivations)")
    parser.addini("derivations_proofs", default="", help="directory of proof scripts, relative to the rootdir (default: the project's, from [tool.derivations])")


def _enabled(config) -> bool:
    return bool(config.getoption("--derivations") or config.getini("derivations"))


def _proofs_dir(config) -> Path:
    return _resolve(str(config.rootpath), config.getini("derivations_proofs"))


@functools.lru_cache(maxsize=None)
def _resolve(root: str, configured: str) -> Path:
    from derivations.base.config import Config

    return (Path(root) / configured).resolve() if configured else Path(Config.load(Path(root)).proofs_dir).resolve()


def pytest_collect_file(file_path: Path, parent):
    if not _enabled(parent.config) or file_path.suffix != ".py" or file_path.name.startswith("_"):
        return None
    if file_path.resolve().parent != _proofs_dir(parent.config):
        return None
    return ProofFile.from_parent(parent, path=file_path)


class ClaimNotProved(Exception):
    def __init__(self, result):
        super().__init__(result.reason)
        self.result = result


class ProofFile(pytest.File):
    def collect(self):
        from derivations.run.runner import load_module, specs_in

        for spec in sorted(specs_in(load_module(self.path)), key=lambda s: s.order):
            yield ClaimItem.from_parent(self, name=spec.id, claim_id=spec.id)


class ClaimItem(pytest.Item):
    def __init__(self, *, claim_id: str, **kwargs):
        super().__init__(**kwargs)
        self.claim_id = claim_id

    def runtest(self):
        result = _results(self.session)[self.claim_id]
        self.user_properties.append(("verdict", result.verdict.value))
        self.user_properties.append(("cached", result.cached))
        if result.verdict.value != "proved":
            raise ClaimNotProved(result)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ClaimNotProved):
            result = excinfo.value.result
            lines = [f"claim {result.id} is {result.verdict.value}: {result.reason}"]
            for step in result.steps:
                if step.verdict.value != "proved":
                    lines.append(f"  part {step.part} step {step.index} [{step.rule}] {step.justification}: {step.verdict.value} - {step.check.detail}")
            if result.counterexample:
                lines.append(f"  counterexample: {result.counterexample.values} ({result.counterexample.detail})")
            if result.location:
                lines.append(f"  at {result.location}")
            return "\n".join(lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"claim {self.claim_id}"


_RESULTS = pytest.StashKey[dict]()


def _results(session) -> dict:
    """Every collected claim verified in one run (the pool shares the work, lemmas are proved once, the
    longest claims start first), the first time an item asks; results by claim id."""
    if _RESULTS not in session.stash:
        from derivations.run.cache import Store, default_directory
        from .cli import DEFAULT_JOBS
        from derivations.base.config import Config
        from derivations.run.runner import discover, run

        config = session.config
        proofs_dir = _proofs_dir(config)
        specs = discover(proofs_dir)
        ids = [item.claim_id for item in session.items if isinstance(item, ClaimItem)]
        settings = Config(timeout=config.getoption("--derivations-timeout"), jobs=config.getoption("--derivations-jobs") or DEFAULT_JOBS, proofs_dir=proofs_dir)
        store = None if config.getoption("--derivations-no-cache") else Store(default_directory(proofs_dir), specs, settings)
        try:
            session.stash[_RESULTS] = {r.id: r for r in run(specs, ids, settings, store=store)}
        finally:
            if store is not None:
                store.close()
    return session.stash[_RESULTS]
