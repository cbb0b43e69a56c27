"""output/: LaTeX fragments per claim and the master document; rendered in memory, written atomically."""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2

from derivations.model.claims import ClaimSpec, Proof
from derivations.notation import printer as render
from derivations.model import view
from derivations.model.verdict import ClaimResult, Verdict

MASTER = "derivations.tex"


def _environment() -> jinja2.Environment:
    # LaTeX is full of braces and percent signs, so the template delimiters are << >> and {% %}.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("derivations.publish", "templates"),
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
    env.filters["tex"] = render.text
    env.filters["cites"] = lambda ids: "".join(rf" (\claimref{{{c}}})" for c in ids)
    env.filters["capfirst"] = lambda words: words[:1].upper() + words[1:]
    return env


def versions() -> list[tuple[str, str]]:
    out = []
    for name in ("derivations", "sympy", "mpmath", "latex2sympy2_extended", "matplotlib", "pycddlib", "graphviz"):
        try:
            out.append((name.replace("_", r"\_"), metadata.version(name)))
        except metadata.PackageNotFoundError:
            out.append((name.replace("_", r"\_"), "not installed"))
    return out


@dataclass(frozen=True)
class Rendered:
    files: dict[str, str | bytes]  # relative path -> text (LaTeX, HTML) or bytes (figures, fonts)

    def under(self, folder: str) -> "Rendered":
        """The files below one folder, relative to it (the site alone, for `derive site`)."""
        prefix = folder.rstrip("/") + "/"
        return Rendered({rel[len(prefix):]: data for rel, data in self.files.items() if rel.startswith(prefix)})


def render_fragment(spec: ClaimSpec, proof: Proof | None, result: ClaimResult, figures=(), graph=None, kernel_file=False) -> str:
    """One claim's LaTeX; ``figures`` are (path without extension, caption) pairs."""
    env = _environment()
    numeric = None
    if result.numeric is not None:
        numeric = {"points": result.numeric.points, "digits": result.numeric.digits, "worst": result.numeric.worst_deviation}
    parts = view.parts_view(proof) if proof else []
    return env.get_template("fragment.tex.j2").render(
        id=spec.id,
        source=Path(spec.source.rsplit(":", 1)[0]).name,
        statement=view.statement_lines(proof) if proof else [],
        tagged=any(p["kind"] == "enumeration" and p["relations"] > 1 for p in parts),
        article=view.article_lines(spec.latex) if spec.latex else [],
        assumptions=view.assumption_lines(proof) if proof else [],
        domain=result.domain or "",
        uses=graph.uses(spec.id) if graph else [],
        used_by=graph.used_by(spec.id) if graph else [],
        parts=parts,
        verdict=result.verdict.value,
        computation=graph.node(spec.id).how if graph else "",
        reason=result.reason if result.verdict is not Verdict.PROVED else "",
        kernel=result.kernel, kernel_detail=result.kernel_detail if result.kernel != "checked" else "", kernel_file=kernel_file,
        numeric=numeric,
        figures=[{"path": path, "caption": caption} for path, caption in figures],
        appendix=spec.appendix() if spec.appendix and proof is not None else "",
    )


def render_all(specs: dict[str, ClaimSpec], proofs: dict[str, Proof | None], results: list[ClaimResult]) -> Rendered:
    """Everything export writes: figures, the LaTeX fragments and master document, and the site."""
    from . import figures as figs
    from .site import graph as deps
    from .site import pages

    graph = deps.build(proofs, results)
    files: dict[str, str | bytes] = _twins(specs, proofs, results)
    shown: dict[str, tuple[str, str]] = {}
    for result in results:
        spec = specs[result.id]
        figures = []
        if spec.id in figs.ILLUSTRATES:
            name = figs.ILLUSTRATES[spec.id]
            for file_name, data in figs.render(name).items():
                files[f"figures/{file_name}"] = data
            figures.append((f"figures/{name}.pdf", figs.FIGURES[name].caption))
            shown[spec.id] = (name, figs.FIGURES[name].caption)
        files[f"claims/{spec.id}.tex"] = render_fragment(spec, proofs.get(spec.id), result, figures, graph, f"coq/{spec.id}.v" in files)
    drawing = deps.pdf(graph)
    files["figures/claims-graph.pdf"] = drawing.pdf
    proved = sum(r.verdict is Verdict.PROVED for r in results)
    summary = f"{proved} of {len(results)} claims proved."
    if proved != len(results):
        summary += r" \textbf{Claims marked NOT PROVED are not established.}"
    scale = min(1.0, 1.1 / drawing.aspect)  # a tall graph is narrowed to fit the page
    files[MASTER] = _environment().get_template("master.tex.j2").render(
        title="Activation functions, machine-checked",
        version=metadata.version("derivations") if _installed() else "",
        summary=summary,
        claims=[{"id": r.id, "title": render.heading(specs[r.id].title)} for r in results],
        graph={"scale": f"{scale:.3f}", "height": f"{drawing.aspect:.4f}", "boxes": [
            {"id": claim_id, "x": f"{x:.4f}", "y": f"{y:.4f}", "w": f"{w:.4f}", "h": f"{h:.4f}"} for claim_id, x, y, w, h in drawing.boxes
        ]},
        versions=versions(),
    )
    for rel, data in pages.render(specs, proofs, results, graph, {k: (v[0], v[1]) for k, v in shown.items()}, files).items():
        files[f"site/{rel}"] = data
    return Rendered(files)


def _twins(specs, proofs, results) -> dict[str, str | bytes]:
    """coq/<id>.v, the Coq twin of each claim that has one (and its copy in the site)."""
    from derivations import coq

    files: dict[str, str | bytes] = {}
    for result in results:
        spec = specs[result.id]
        folder = Path(spec.source.rsplit(":", 1)[0]).parent if spec.source else Path("proofs")
        twin = coq.twins({spec.id: spec}, proofs, folder).get(spec.id)
        if isinstance(twin, coq.Twin):
            files[f"coq/{spec.id}.v"] = files[f"site/coq/{spec.id}.v"] = twin.text
    return files


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


def managed(out_dir: Path, site: bool = True) -> set[str]:
    """The files export owns in out_dir (others, such as a built PDF, are left alone): the master, the
    fragments, the figures, and everything under site/."""
    found = {MASTER} if (out_dir / MASTER).exists() else set()
    for folder, pattern in (("claims", "*.tex"), ("figures", "*.pdf"), ("figures", "*.png"), ("coq", "*.v")):
        if (out_dir / folder).is_dir():
            found |= {f"{folder}/{p.name}" for p in (out_dir / folder).glob(pattern)}
    if site:
        found |= {f"site/{rel}" for rel in managed_site(out_dir / "site")}
    return found


def managed_site(root: Path) -> set[str]:
    """The files a site build owns in root: its pages, figures and assets (nothing else is removed)."""
    found = {"index.html"} if (root / "index.html").exists() else set()
    for folder, pattern in (("claims", "*.html"), ("figures", "*.png"), ("assets", "**/*"), ("coq", "*.v")):
        if (root / folder).is_dir():
            found |= {p.relative_to(root).as_posix() for p in (root / folder).glob(pattern) if p.is_file()}
    return found


def write(rendered: Rendered, out_dir: Path, owned=managed) -> list[str]:
    """Write every file whose content changed, remove owned files nothing produces; return what changed."""
    changed = []
    for rel, data in sorted(rendered.files.items()):
        path = out_dir / rel
        if not path.exists() or path.read_bytes() != _bytes(data):
            write_atomic(path, data)
            changed.append(rel)
    for rel in sorted(owned(out_dir) - set(rendered.files)):
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
