"""output/: LaTeX fragments per claim and the master document; rendered in memory, written atomically."""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2

from .claims import ClaimSpec, Proof
from .latex import render
from .verdict import ClaimResult, Verdict

MASTER = "derivations.tex"


def _environment() -> jinja2.Environment:
    # LaTeX is full of braces and percent signs, so the template delimiters are << >> and {% %}.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("derivations", "templates"),
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )


def versions() -> list[tuple[str, str]]:
    out = []
    for name in ("derivations", "sympy", "mpmath", "latex2sympy2_extended", "matplotlib", "pycddlib"):
        try:
            out.append((name.replace("_", r"\_"), metadata.version(name)))
        except metadata.PackageNotFoundError:
            out.append((name.replace("_", r"\_"), "not installed"))
    return out


@dataclass(frozen=True)
class Rendered:
    files: dict[str, str | bytes]  # relative path -> text (LaTeX) or bytes (figures)


def render_fragment(spec: ClaimSpec, proof: Proof | None, result: ClaimResult, figures=()) -> str:
    """One claim's LaTeX; ``figures`` are (path without extension, caption) pairs."""
    env = _environment()
    numeric = None
    if result.numeric is not None:
        numeric = {"points": result.numeric.points, "digits": result.numeric.digits, "worst": result.numeric.worst_deviation}
    return env.get_template("fragment.tex.j2").render(
        id=spec.id,
        source=Path(spec.source.rsplit(":", 1)[0]).name,
        statement=render.statement_latex(proof.statement) if proof else [],
        article=spec.latex,
        assumptions=render.assumption_lines(proof) if proof else [],
        parts=render.parts_view(proof) if proof else [],
        verdict=result.verdict.value,
        reason=render.text(result.reason) if result.verdict is not Verdict.PROVED else "",
        numeric=numeric,
        figures=[{"path": path, "caption": caption} for path, caption in figures],
        appendix=spec.appendix() if spec.appendix and proof is not None else "",
    )


def render_all(specs: dict[str, ClaimSpec], proofs: dict[str, Proof | None], results: list[ClaimResult]) -> Rendered:
    from . import figures as figs

    files: dict[str, str | bytes] = {}
    for result in results:
        spec = specs[result.id]
        shown = []
        if spec.id in figs.ILLUSTRATES:
            name = figs.ILLUSTRATES[spec.id]
            for file_name, data in figs.render(name).items():
                files[f"figures/{file_name}"] = data
            shown.append((f"figures/{name}.pdf", figs.FIGURES[name].caption))
        files[f"claims/{spec.id}.tex"] = render_fragment(spec, proofs.get(spec.id), result, shown)
    proved = sum(r.verdict is Verdict.PROVED for r in results)
    summary = f"{proved} of {len(results)} claims proved."
    if proved != len(results):
        summary += r" \textbf{Claims marked NOT PROVED are not established.}"
    files[MASTER] = _environment().get_template("master.tex.j2").render(
        title="Activation functions, machine-checked",
        version=metadata.version("derivations") if _installed() else "",
        summary=summary,
        claims=[{"id": r.id, "title": render.text(specs[r.id].title)} for r in results],
        versions=versions(),
    )
    return Rendered(files)


def _installed() -> bool:
    try:
        metadata.version("derivations")
        return True
    except metadata.PackageNotFoundError:
        return False


def _bytes(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8")


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write through a temporary file in the same directory and rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_bytes(data))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def managed(out_dir: Path) -> set[str]:
    """The files export owns in out_dir (others, such as a built PDF, are left alone)."""
    found = {MASTER} if (out_dir / MASTER).exists() else set()
    for folder, pattern in (("claims", "*.tex"), ("figures", "*.pdf"), ("figures", "*.png")):
        if (out_dir / folder).is_dir():
            found |= {f"{folder}/{p.name}" for p in (out_dir / folder).glob(pattern)}
    return found


def write(rendered: Rendered, out_dir: Path) -> list[str]:
    """Write every file whose content changed, remove fragments no claim produces; return what changed."""
    changed = []
    for rel, data in sorted(rendered.files.items()):
        path = out_dir / rel
        if not path.exists() or path.read_bytes() != _bytes(data):
            write_atomic(path, data)
            changed.append(rel)
    for rel in sorted(managed(out_dir) - set(rendered.files)):
        (out_dir / rel).unlink()
        changed.append(rel)
    return changed


def compare(rendered: Rendered, out_dir: Path) -> tuple[list[str], list[str]]:
    """(stale or missing files, unified diffs) between what export would write and out_dir."""
    problems, diffs = [], []
    for rel, data in sorted(rendered.files.items()):
        path = out_dir / rel
        if not path.exists():
            problems.append(f"missing: {rel}")
            continue
        current = path.read_bytes()
        if current != _bytes(data):
            problems.append(f"stale: {rel}")
            if isinstance(data, str):
                old = current.decode("utf-8", errors="replace")
                diffs.append("".join(difflib.unified_diff(old.splitlines(True), data.splitlines(True), f"a/{rel}", f"b/{rel}")))
            else:
                diffs.append(f"Binary files a/{rel} and b/{rel} differ\n")
    for rel in sorted(managed(out_dir) - set(rendered.files)):
        problems.append(f"extra: {rel}")
    return problems, diffs
