"""The Coq twins of the claims: a printer to Coq, the generated files, and the kernel's verdict on them."""

from __future__ import annotations

from pathlib import Path

from derivations.coq.kernel import CHECKED, FAILED, NOT_AVAILABLE, Compiler, Kernel
from derivations.coq.twin import NoTwin, Twin, build


def hand_dir(proofs_dir: Path) -> Path:
    """Where the hand-written lemmas are: proofs/coq/ beside the proof scripts."""
    return Path(proofs_dir) / "coq"


def twins(specs, proofs, proofs_dir: Path) -> dict[str, Twin | str]:
    """Each claim's twin, or the reason it has none."""
    out: dict[str, Twin | str] = {}
    for claim_id, spec in specs.items():
        proof = proofs.get(claim_id)
        if proof is None:
            out[claim_id] = "the proof script does not build"
            continue
        try:
            out[claim_id] = build(spec, proof, hand_dir(proofs_dir))
        except NoTwin as exc:
            out[claim_id] = str(exc)
        except Exception as exc:  # noqa: BLE001 - a printer's fault leaves the claim without a twin, said so; never a crash
            out[claim_id] = f"the twin could not be printed ({type(exc).__name__}: {exc})"
    return out


def check(found: dict[str, Twin | str], proofs_dir: Path, cache_dir: Path | None = None) -> dict[str, Kernel]:
    """The kernel's verdict on every twin (not available where there is none, or no coqc)."""
    compiler = Compiler(hand_dir(proofs_dir), cache_dir)
    try:
        return {claim_id: compiler.check(twin.theorem, twin.text) if isinstance(twin, Twin) else Kernel(NOT_AVAILABLE, twin)
                for claim_id, twin in found.items()}
    finally:
        compiler.close()


__all__ = ["CHECKED", "FAILED", "NOT_AVAILABLE", "Compiler", "Kernel", "NoTwin", "Twin", "build", "check", "hand_dir", "twins"]


def attach(specs, results, proofs_dir: Path, cache_dir: Path | None = None) -> list:
    """The results with the kernel's verdict on each claim's twin (kernel, kernel_detail)."""
    import dataclasses

    proofs = {}
    for result in results:
        try:
            proofs[result.id] = specs[result.id].proof()
        except Exception:  # noqa: BLE001 - a broken script is reported by its verdict; it has no twin
            proofs[result.id] = None
    verdicts = check(twins({r.id: specs[r.id] for r in results}, proofs, proofs_dir), proofs_dir, cache_dir)
    return [dataclasses.replace(r, kernel=verdicts[r.id].status, kernel_detail=verdicts[r.id].detail) for r in results]
