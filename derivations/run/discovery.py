"""Discovery of the proof scripts: the claims of a proofs directory, the shipped article's, and ids."""

from __future__ import annotations

import difflib
import hashlib
import importlib.util
import sys
import traceback
from pathlib import Path
from typing import Iterable

from derivations.model.claims import ClaimSpec
from derivations.base.config import corpus_dir
from derivations.base.errors import ProofScriptError, UnknownClaim


def load_module(path: Path):
    # named after its directory too: a project's proofs/sigmoid.py and the shipped corpus's must not meet
    folder = hashlib.sha1(str(path.resolve().parent).encode()).hexdigest()[:12]
    name = f"_derivations_proofs.d{folder}.{path.stem.replace('-', '_')}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        raise ProofScriptError(f"{path}: cannot load ({type(exc).__name__}: {exc}) at {frame.filename}:{frame.lineno}") from None
    return module


def specs_in(module) -> list[ClaimSpec]:
    return [value for value in vars(module).values() if isinstance(value, ClaimSpec)]


def discover(proofs_dir: Path) -> dict[str, ClaimSpec]:
    """Every @claim in proofs/*.py, in the article's order (the ``order`` given to @claim, then file)."""
    if not proofs_dir.is_dir():
        raise ProofScriptError(f"no proofs directory at {proofs_dir} (pass --proofs DIR, or set proofs = \"DIR\" under [tool.derivations] in pyproject.toml)")
    found: list[ClaimSpec] = []
    for path in sorted(proofs_dir.glob("*.py")):
        if path.name.startswith("_"):
            continue
        found.extend(specs_in(load_module(path)))
    by_id: dict[str, ClaimSpec] = {}
    for spec in sorted(found, key=lambda s: (s.order, s.source)):
        if spec.id in by_id:
            raise ProofScriptError(f"claim id {spec.id!r} is defined twice ({by_id[spec.id].source}, {spec.source})")
        by_id[spec.id] = spec
    return by_id


def citable(specs: dict[str, ClaimSpec]) -> dict[str, ClaimSpec]:
    """The claims a proof may cite: the project's own, and the shipped article's (a project's claim of the
    same id wins). Cited claims are verified in the run like any other: nothing is trusted from the wheel."""
    shipped = corpus_dir()
    if shipped is None:
        return specs
    return {**{i: s for i, s in discover(shipped).items() if i not in specs}, **specs}


def select(specs: dict[str, ClaimSpec], ids: Iterable[str]) -> list[str]:
    ids = list(ids)
    for wrong in (i for i in ids if i not in specs):
        near = difflib.get_close_matches(wrong, list(specs), n=1, cutoff=0.6)
        hint = f"did you mean {near[0]}?" if near else f"known ids: {', '.join(specs)}"
        raise UnknownClaim(f"unknown claim id {wrong!r}; {hint}")
    return ids or list(specs)
