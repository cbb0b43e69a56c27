"""The site's files: an index with the dependency graph and one page per claim, as HTML from Jinja
templates, with the vendored KaTeX and the figures; everything relative, nothing fetched at view time."""

from __future__ import annotations

import html
import re
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from derivations.model.claims import ClaimSpec, Proof
from derivations.model import view
from derivations.model.verdict import ClaimResult, Verdict
from . import graph as deps

# the figures: (name, caption) per claim id; the PNGs are already rendered for the PDF's folder
Figures = dict[str, tuple[str, str]]


def math(tex: str, display: bool = False) -> Markup:
    """A formula for KaTeX: the LaTeX as the element's text, typeset in the browser by assets/site.js."""
    kind = "math display" if display else "math"
    return Markup(f'<span class="{kind}">{html.escape(tex, quote=False)}</span>')


def prose(words: str) -> Markup:
    """Prose with $math$ inside: the prose escaped, each formula a math element (never a raw $)."""
    out = []
    for piece in re.split(r"(\$[^$]*\$)", words):
        if piece.startswith("$") and piece.endswith("$") and len(piece) > 1:
            out.append(str(math(piece[1:-1])))
        else:
            out.append(html.escape(piece, quote=False))
    return Markup("".join(out))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("derivations.publish.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["math"] = math
    env.filters["display"] = lambda tex: math(tex, display=True)
    env.filters["prose"] = prose
    return env


def assets() -> dict[str, bytes]:
    """The files under assets/: KaTeX (npm katex 0.19.1: the minified script and style sheet, the woff2
    fonts the style sheet names first, its MIT licence), the site's style sheet and script."""
    root = resources.files("derivations.publish.site") / "assets"
    out: dict[str, bytes] = {}

    def walk(folder, prefix):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif not entry.name.startswith("."):
                out[f"assets/{prefix}{entry.name}"] = entry.read_bytes()

    walk(root, "")
    return out


def _statement(lines: list[dict], tagged: bool) -> str:
    """The statement as one display: a line per relation, a long one in aligned pieces, numbered (1), (2)
    when a check by cases refers to its relations."""
    rows = []
    for number, rel in enumerate(lines, start=1):
        row = rel["latex"] if len(rel["lines"]) == 1 else r"\begin{aligned} &" + r" \\ &\quad ".join(rel["lines"]) + r" \end{aligned}"
        rows.append(row + (rf" \tag{{{number}}}" if tagged else ""))
    return r"\begin{gather*} " + r" \\ ".join(rows) + r" \end{gather*}"


def render(specs: dict[str, ClaimSpec], proofs: dict[str, Proof | None], results: list[ClaimResult], graph: deps.Graph,
           figures: Figures, rendered: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """Every file of the site, relative to its root; ``rendered`` holds the figures already drawn."""
    env = _environment()
    files: dict[str, str | bytes] = dict(assets())
    proved = sum(r.verdict is Verdict.PROVED for r in results)
    claims = [{"id": r.id, "number": graph.node(r.id).number, "title": specs[r.id].title, "verdict": r.verdict.value,
               "status": graph.node(r.id).status, "kernel": r.kernel} for r in results]
    files["index.html"] = env.get_template("index.html.j2").render(
        title="Activation functions, machine-checked", proved=proved, total=len(results), claims=claims,
        svg=Markup(deps.svg(graph, lambda claim_id: f"claims/{claim_id}.html")), styles=deps.STYLES, root="",
    )
    for position, result in enumerate(results):
        spec, proof = specs[result.id], proofs.get(result.id)
        figure = None
        if result.id in figures:
            name, caption = figures[result.id]
            files[f"figures/{name}.png"] = rendered[f"figures/{name}.png"]
            figure = {"src": f"../figures/{name}.png", "caption": caption}
        parts = view.parts_view(proof) if proof else []
        files[f"claims/{result.id}.html"] = env.get_template("claim.html.j2").render(
            root="../",
            title=spec.title,
            id=result.id,
            node=graph.node(result.id),
            statement=_statement(view.statement_lines(proof), any(p["kind"] == "enumeration" and p["relations"] > 1 for p in parts)) if proof else "",
            article=[" ".join(row) for row in view.article_lines(spec.latex)] if spec.latex else [],
            assumptions=view.assumption_lines(proof) if proof else [],
            domain=result.domain or "",
            uses=graph.uses(result.id),
            used_by=graph.used_by(result.id),
            parts=parts,
            verdict=result.verdict.value,
            reason=result.reason if result.verdict is not Verdict.PROVED else "",
            kernel=result.kernel, kernel_detail=result.kernel_detail, kernel_file=f"site/coq/{result.id}.v" in rendered,
            numeric=result.numeric,
            figure=figure,
            appendix=bool(spec.appendix),
            source=Path(spec.source.rsplit(":", 1)[0]).name,
            previous=results[position - 1].id if position else None,
            next=results[position + 1].id if position + 1 < len(results) else None,
            styles=deps.STYLES,
        )
    return files
