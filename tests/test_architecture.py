"""docs/architecture.md kept true: every module placed in a layer by the page's table, no import up, no circle."""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "architecture.md"


# ---------------------------------------------------------------- the rules, read from the page


def layer_table(markdown: str) -> list[tuple[str, list[str]]]:
    """The rows of the page's placement table, ground floor first: (layer, [pattern, ...])."""
    rows = []
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("layer", "") or set(cells[0]) <= set("-:"):
            continue
        patterns = re.findall(r"`([^`]+)`", cells[2])
        if patterns:
            rows.append((cells[0], patterns))
    return rows


def _specificity(pattern: str) -> tuple[int, int]:
    """A file named outright beats any wildcard; among wildcards, the longer fixed prefix wins."""
    wild = re.search(r"[*?\[]", pattern)
    return (0, len(pattern)) if wild is None else (1, -wild.start())


def place(path: str, table) -> str | None:
    """The layer of a module's path (posix, from the repository root): its most specific pattern's."""
    found = [(_specificity(p), layer) for layer, patterns in table for p in patterns if fnmatch.fnmatchcase(path, p)]
    return min(found)[1] if found else None


# ---------------------------------------------------------------- the imports, read from the code


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path, modules: set[str]) -> set[str]:
    """The project's modules this file imports, at the top or inside a function: `from . import x`
    names the module x when there is one, else the package."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            targets = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in modules else origin for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(root: Path, package: str = "derivations") -> tuple[dict[str, str], dict[str, set[str]]]:
    """{module: its path} and {module: the modules it imports} for every .py file of the package."""
    files = sorted((root / package).rglob("*.py"))
    paths = {module_name(f, root): f.relative_to(root).as_posix() for f in files}
    return paths, {m: imports(root / p, root, set(paths)) for m, p in paths.items()}


def unplaced(paths, table) -> list[str]:
    return sorted(p for p in paths.values() if place(p, table) is None)


def against_the_direction(paths, edges, table) -> list[str]:
    order = {layer: k for k, (layer, _) in enumerate(table)}
    layer = {m: place(p, table) for m, p in paths.items()}
    return sorted(
        f"{paths[a]} ({layer[a]}) imports {paths[b]} ({layer[b]})"
        for a, targets in edges.items()
        for b in targets
        if layer[a] and layer[b] and order[layer[b]] > order[layer[a]]  # a module without a layer: the test above
    )


def circles(edges) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(out)


# ---------------------------------------------------------------- the project as it stands

TABLE = layer_table(PAGE.read_text(encoding="utf-8"))
PATHS, EDGES = graph(ROOT)


def test_the_page_declares_the_pipeline_in_order():
    assert [layer for layer, _ in TABLE] == ["base", "vocabulary", "read", "model", "decide", "witness", "check", "run", "audit", "publish", "interface"]


def test_every_module_has_a_layer():
    missing = unplaced(PATHS, TABLE)
    assert not missing, f"no row of docs/architecture.md places {', '.join(missing)}: add a pattern for it to the table"


def test_no_import_runs_up_the_pipeline():
    wrong = against_the_direction(PATHS, EDGES, TABLE)
    assert not wrong, "imports against the direction of docs/architecture.md:\n" + "\n".join(wrong)


def test_no_import_circle():
    found = circles(EDGES)
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


MAX_MODULE_LINES, MAX_CLASS_LINES = 600, 250  # docs/architecture.md, "Sizes"


def oversized(root: Path, package: str = "derivations") -> list[str]:
    """Modules over MAX_MODULE_LINES lines and classes over MAX_CLASS_LINES (decorators included)."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(root).as_posix()
        if source.count("\n") > MAX_MODULE_LINES:
            found.append(f"{name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                if node.end_lineno - first + 1 > MAX_CLASS_LINES:
                    found.append(f"{name}: class {node.name} {node.end_lineno - first + 1} lines")
    return found


def test_no_module_or_class_is_too_large():
    found = oversized(ROOT)
    assert not found, "split these (docs/architecture.md, Sizes): " + "; ".join(found)


@pytest.mark.parametrize("source, expected", [
    ("x = 1\n" * 601, ["pkg/big.py: 601 lines"]),
    ("class A:\n" + "    x = 1\n" * 250, ["pkg/big.py: class A 251 lines"]),
    ("class A:\n" + "    x = 1\n" * 249, []),
])
def test_the_size_check_counts_lines(tmp_path, source, expected):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "big.py").write_text(source)
    assert oversized(tmp_path, "pkg") == expected


def test_the_picture_names_every_layer_in_a_box():
    picture = PAGE.read_text(encoding="utf-8").split("```text")[1].split("```")[0]
    boxes = re.findall(r"│ (\w+)\s", picture)
    assert [b for b in boxes if b in dict(TABLE)][::-1] == [layer for layer, _ in TABLE]


# ---------------------------------------------------------------- the checker itself, on small made-up trees

SMALL = [("base", ["pkg/errors.py"]), ("model", ["pkg/model/*", "pkg/__init__.py"]), ("read", ["pkg/model/reader.py", "pkg/read/*"])]


@pytest.mark.parametrize(
    "path, layer",
    [
        ("pkg/errors.py", "base"),
        ("pkg/model/claims.py", "model"),
        ("pkg/model/reader.py", "read"),  # named outright: beats the folder's pattern, whatever the row order
        ("pkg/read/new_module.py", "read"),  # a new file in a folder is placed by the folder's pattern
        ("pkg/elsewhere.py", None),
    ],
)
def test_a_module_is_placed_by_its_most_specific_pattern(path, layer):
    assert place(path, SMALL) == layer


@pytest.mark.parametrize(
    "files, wrong, circle",
    [
        ({"errors.py": "", "model/claims.py": "from ..errors import E", "read/parse.py": "from ..model import claims"}, [], []),
        ({"errors.py": "def f():\n    from .model import claims\n", "model/claims.py": ""}, ["pkg/errors.py (base) imports pkg/model/claims.py (model)"], []),
        ({"model/claims.py": "import pkg.read.parse", "read/parse.py": ""}, ["pkg/model/claims.py (model) imports pkg/read/parse.py (read)"], []),
        ({"model/a.py": "from . import b", "model/b.py": "from .a import x"}, [], [["pkg.model.a", "pkg.model.b"]]),
    ],
)
def test_the_checker_sees_imports_up_and_circles(tmp_path, files, wrong, circle):
    for name, source in {"__init__.py": "", "model/__init__.py": "", "read/__init__.py": "", **files}.items():
        (tmp_path / "pkg" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / name).write_text(source)
    paths, edges = graph(tmp_path, "pkg")
    table = SMALL + [("read", ["pkg/read/__init__.py"])]
    assert unplaced(paths, table) == []
    assert against_the_direction(paths, edges, table) == wrong
    assert circles(edges) == circle


def test_a_module_without_a_row_is_named():
    assert unplaced({"pkg.stray": "pkg/stray.py", "pkg.errors": "pkg/errors.py"}, SMALL) == ["pkg/stray.py"]
