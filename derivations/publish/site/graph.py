"""The claims' dependency graph: who cites whom (cite() in a step's hints), coloured by verdict, laid out
by Graphviz; its own SVG for the site, and a matplotlib PDF (the document's fonts) for the LaTeX."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from derivations.model.claims import Enumeration, Proof
from derivations.model.view import cited_claims
from derivations.model.verdict import ClaimResult, Verdict

# status -> (fill, border, legend); the same colours in the PDF, the SVG and the site's legend
STYLES = {
    "proved": ("#d8efd9", "#2e7d32", "proved symbolically"),
    "computation": ("#d7e5f7", "#1f4e9a", "proved by a computation (cases, exact LP)"),
    "not-proved": ("#f8d7da", "#a51d2d", "not proved"),
}


@dataclass(frozen=True)
class Node:
    id: str
    number: int  # the claim's section number in the PDF
    status: str  # a key of STYLES
    how: str  # for a computation: what was computed


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[tuple[str, str], ...]  # (citing claim, cited claim)

    def uses(self, claim_id: str) -> list[str]:
        return [b for a, b in self.edges if a == claim_id]

    def used_by(self, claim_id: str) -> list[str]:
        return [a for a, b in self.edges if b == claim_id]

    def node(self, claim_id: str) -> Node:
        return next(n for n in self.nodes if n.id == claim_id)


def computation(proof: Proof | None) -> str:
    """What a proof rests on beyond symbolic steps: '' or a short description."""
    if proof is None:
        return ""
    for part in proof.built_parts():
        if isinstance(part, Enumeration):
            return f"checked in each of {len(part.cases(proof.assumptions))} cases"
        for step in getattr(part, "steps", ()):
            if step.rule == "tropical-network":
                return "an exact LP certificate on every activation region"
    return ""


def build(proofs: dict[str, Proof | None], results: list[ClaimResult]) -> Graph:
    """Nodes in the document's order; an edge for every claim a derivation cites."""
    nodes, edges = [], []
    for number, result in enumerate(results, start=1):
        proof = proofs.get(result.id)
        how = computation(proof)
        if result.verdict is not Verdict.PROVED:
            status = "not-proved"
        else:
            status = "computation" if how else "proved"
        nodes.append(Node(result.id, number, status, how))
        edges += [(result.id, cited) for cited in (cited_claims(proof) if proof else [])]
    known = {n.id for n in nodes}
    return Graph(tuple(nodes), tuple(e for e in edges if e[1] in known))


def _digraph(graph: Graph, href=None):
    import graphviz

    dot = graphviz.Digraph(
        "claims",
        graph_attr={"rankdir": "TB", "pack": "true", "packmode": "array_u3", "nodesep": "0.12", "ranksep": "0.3", "bgcolor": "transparent"},
        # Courier at 8.5 pt is as wide as the PDF's Computer Modern typewriter at 10 pt: the boxes fit both
        node_attr={"shape": "box", "style": "rounded,filled", "fontname": "Courier", "fontsize": "8.5", "height": "0.28", "margin": "0.1,0.03", "penwidth": "1.2"},
        edge_attr={"arrowsize": "0.7", "color": "#444444"},
    )
    for node in graph.nodes:
        fill, border, legend = STYLES[node.status]
        extra = {"URL": href(node.id), "target": "_top", "tooltip": f"§{node.number} {node.id}: {legend}"} if href else {}
        dot.node(node.id, node.id, fillcolor=fill, color=border, style="rounded,filled" + (",dashed" if node.status == "not-proved" else ""), **extra)
    for citing, cited in graph.edges:
        dot.edge(citing, cited)
    return dot


def _pipe(dot, fmt: str) -> bytes:
    import graphviz

    try:
        return dot.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        from derivations.base.errors import DerivationError

        raise DerivationError("Graphviz's dot is not installed (Debian: apt-get install graphviz)") from None


def svg(graph: Graph, href) -> str:
    """Graphviz's SVG, each node a link (``href(id)``); the XML prologue dropped, to inline it in HTML."""
    text = _pipe(_digraph(graph, href), "svg").decode("utf-8")
    return text[text.index("<svg") :]


@dataclass(frozen=True)
class Drawing:
    pdf: bytes
    aspect: float  # height / width
    boxes: tuple[tuple[str, float, float, float, float], ...]  # (id, x, y, w, h) as fractions of the width


def pdf(graph: Graph) -> Drawing:
    """The graph drawn by matplotlib from Graphviz's layout (its spline control points and arrowheads),
    in Computer Modern typewriter with TrueType fonts, and where each node's box is, for links."""
    import logging

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon
    from matplotlib.path import Path as MplPath

    layout = json.loads(_pipe(_digraph(graph), "json"))
    _, _, width, height = (float(v) for v in layout["bb"].split(","))
    legend_h = 22.0  # points below the graph for the legend
    total_h = height + legend_h
    rc = {"pdf.fonttype": 42, "font.family": "serif", "font.serif": ["cmr10"], "mathtext.fontset": "cm", "axes.formatter.use_mathtext": True, "pdf.compression": 6}
    boxes = []
    with matplotlib.rc_context(rc):
        fig = plt.figure(figsize=(width / 72, total_h / 72))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(-legend_h, height)
        ax.axis("off")
        for obj in layout.get("objects", []):
            if "pos" not in obj:
                continue
            x, y = (float(v) for v in obj["pos"].split(","))
            w, h = float(obj["width"]) * 72, float(obj["height"]) * 72
            fill, border, _ = STYLES[graph.node(obj["name"]).status]
            dashed = graph.node(obj["name"]).status == "not-proved"
            ax.add_patch(FancyBboxPatch((x - w / 2 + 2, y - h / 2 + 2), w - 4, h - 4, boxstyle="round,pad=2,rounding_size=4", facecolor=fill, edgecolor=border, linewidth=1.0, linestyle="--" if dashed else "-"))
            ax.text(x, y, obj["name"], family="cmtt10", fontsize=10, ha="center", va="center_baseline")
            boxes.append((obj["name"], (x - w / 2) / width, (y - h / 2 + legend_h) / width, w / width, h / width))
        for edge in layout.get("edges", []):
            for op in edge.get("_draw_", []):
                if op["op"] == "b":
                    points = op["points"]
                    codes = [MplPath.MOVETO] + [MplPath.CURVE4] * (len(points) - 1)
                    ax.add_patch(PathPatch(MplPath(points, codes), facecolor="none", edgecolor="#444444", linewidth=0.9))
            for op in edge.get("_hdraw_", []):
                if op["op"] in ("P", "p"):
                    ax.add_patch(Polygon(op["points"], closed=True, facecolor="#444444", edgecolor="#444444", linewidth=0.6))
        x = 4.0
        for status, (fill, border, legend) in STYLES.items():
            ax.add_patch(FancyBboxPatch((x, -legend_h + 6), 14, 9, boxstyle="round,pad=0,rounding_size=2", facecolor=fill, edgecolor=border, linewidth=1.0, linestyle="--" if status == "not-proved" else "-"))
            label = ax.text(x + 19, -legend_h + 10.5, legend, fontsize=9.5, va="center_baseline")
            extent = label.get_window_extent(renderer=fig.canvas.get_renderer())
            x += 19 + extent.width * 72 / fig.dpi + 16
        buffer = io.BytesIO()
        quiet = logging.getLogger("fontTools")
        level = quiet.level
        quiet.setLevel(logging.ERROR)  # fontTools warns about the TeX fonts' 1970 timestamps
        try:
            fig.savefig(buffer, format="pdf", metadata={"CreationDate": None, "ModDate": None, "Producer": "derivations", "Creator": "derivations"})
        finally:
            quiet.setLevel(level)
        plt.close(fig)
    return Drawing(buffer.getvalue(), total_h / width, tuple(boxes))
