"""Formulas that name rather than state: an index's range, a vector declared as its components, a function
left arbitrary, a set, an operator named in prose; several formulas (or a reason) on one line; a chain
with a side that does not read."""

from __future__ import annotations

import re

from derivations.base.errors import ParseError
from derivations.read.vocabulary import FUNCTION_LETTERS
from . import classify
from .report import DEFINITION, EXPRESSION, UNSUPPORTED, Part

_DOTS = r"\\(?:dots|ldots|cdots|dotsc|dotsb)"
# i = 1, \dots, K  (also i=1,2,\ldots,n and a trailing period): the range an index runs over
_RANGE = re.compile(rf"^\s*(?P<i>[A-Za-z])\s*=\s*(?P<lo>\d+)\s*,\s*(?:\d+\s*,\s*)?{_DOTS}\s*,\s*(?P<hi>[A-Za-z]|\d+)\s*[.,]?\s*$")
# x = (x_1, x_2, \cdots, x_n): a vector named by its components
_VECTOR = re.compile(r"^\s*(?P<x>[A-Za-z])\s*=\s*(?P<family>(?:\\left)?\(.*\)(?:\\right\))?)\s*[.,]?\s*$", re.S)
# \phi(x), f(x, y): a function letter applied to variables, standing alone in the prose
_APPLIED = re.compile(r"^\s*(?P<name>\\[A-Za-z]+|[A-Za-z])\s*\(\s*[A-Za-z](?:\s*,\s*[A-Za-z])*\s*\)\s*$")
# \mathbb{R} = R \cup \{-\infty\}: a set, made of sets
_SET = re.compile(r"\\cup(?![A-Za-z])|\\cap(?![A-Za-z])|\\setminus(?![A-Za-z])|\\lbrace|\\rbrace")
OPERATOR_NAMES = {r"\oplus", r"\otimes", r"\odot", r"\oslash", r"\max", r"\min", r"\sum", r"\prod", r"\log", r"\exp"}
# where two formulas of one line part: ",\;", ",\quad", "\quad\text{and}\quad"
_BESIDE = re.compile(r",\s*(?:\\;|\\quad|\\qquad|\\:|\\ |~)|\\q?quad\s*\\text\{\s*(?:and|und|et|y)\s*\}\s*\\q?quad")


_BECAUSE = re.compile(r"(?:\\q?quad\s*|\\[;,]\s*)*(?:\(\s*\\because(?P<a>.*?)\)|\\because(?P<b>.*))\s*$", re.S)
_THEREFORE = re.compile(r"^\s*\\therefore\s*")


def reasons(line: str) -> list[str]:
    r"""``= \ln(1) - \ln(2)\quad(\because \ln(\frac{a}{b}) = \ln{a} - \ln{b})``: the row, then the reason it gives
    (a formula of its own, never a side of the row's chain); a leading \therefore is dropped."""
    line = _THEREFORE.sub("", line)
    m = _BECAUSE.search(line)
    if m is None or not line[: m.start()].strip():
        return [line]
    reason = (m.group("a") if m.group("a") is not None else m.group("b")).strip()
    return [line[: m.start()].rstrip()] + ([reason] if reason else [])


def index_range(latex: str) -> str | None:
    """'i runs from 1 to K' for i = 1, \\dots, K, else None."""
    m = _RANGE.match(latex)
    return f"the index {m.group('i')} runs from {m.group('lo')} to {m.group('hi')}" if m else None


def vector(latex: str):
    """(x, n) for x = (x_1, \\dots, x_n): a vector declared by its components (the family x_1, ..., x_n), else None."""
    from derivations.read.parse import parse_family

    m = _VECTOR.match(latex)
    if m is None:
        return None
    family = parse_family(re.sub(r"\\left|\\right", "", m.group("family")))
    if family is None or family[0] != m.group("x"):
        return None
    return family


_FAMILY_RELATION = re.compile(r"^(?P<family>.*?)\s*(?P<op>\\geq?|\\leq?|<|>|\\ge|\\le)\s*(?P<value>-?\d+)\s*$", re.S)


def family_relation(latex: str):
    r"""p_1, p_2, \cdots, p_n \geq 0: each member's relation, as one relation on the i-th (i an integer), else None."""
    import sympy as sp

    from derivations.read.parse import parse_family
    from derivations.read.vocabulary import ALIAS, REL_CLASS, RELATIONS

    m = _FAMILY_RELATION.match(latex)
    family = parse_family(m.group("family")) if m else None
    if family is None:
        return None
    op = ALIAS.get(m.group("op"), m.group("op"))
    member = sp.IndexedBase(family[0], real=True)[sp.Symbol("i", integer=True)]
    return (REL_CLASS[RELATIONS[op]](member, sp.Integer(m.group("value")), evaluate=False),)


def applied_name(latex: str) -> str | None:
    r"""\phi for a lone \phi(x): a function the prose names (to say what kind it is), else None."""
    m = _APPLIED.match(latex)
    return m.group("name") if m else None


def is_set(latex: str) -> bool:
    r"""A formula about sets (a union, braces around elements): \mathbb{R} = R \cup \{-\infty\}."""
    return _SET.search(latex) is not None


def operator_named(latex: str) -> bool:
    r"""A lone \oplus, \odot, \max in the prose: it names an operator, it states nothing."""
    return latex.strip() in OPERATOR_NAMES


def side_by_side(line: str) -> list[str]:
    r"""``a \oplus b = \max(a, b),\; a \odot b = a + b``: the formulas of a line written side by side, each a
    relation (an equation on both sides of the gap); a line with one formula, or a formula and its condition
    (``f(t) = ...,\quad t \in [0, 1]``), is one piece."""
    pieces, depth, start = [], 0, 0
    k = 0
    while k < len(line):
        ch = line[k]
        if ch == "\\" and line[k + 1 : k + 2] in "{}":
            k += 2
            continue
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif depth == 0:
            m = _BESIDE.match(line, k)
            if m:
                pieces.append(line[start:k])
                start = k = m.end()
                continue
        k += 1
    pieces.append(line[start:])
    pieces = [p.strip() for p in pieces]
    if len(pieces) < 2 or not all(_equation(p) for p in pieces):
        return [line]
    return pieces


def _equation(piece: str) -> bool:
    """An equation whose left side is more than a variable (x = 0 is a point, a condition of the formula before)."""
    from .classify import top_level_sides

    sides = top_level_sides(piece)
    return len(sides) >= 2 and all(s.strip() for s in sides) and not re.fullmatch(r"\s*(?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?\w+\}?)?\s*", sides[0]) and not piece.lstrip().startswith((r"\forall", r"\text"))


def names(reader, found) -> list | None:
    """A formula that names (an index's range, a vector, an arbitrary function, a set, an operator), else None."""
    latex = found.latex
    said = index_range(latex)
    if said is not None:
        return [Part(found.line, latex, EXPRESSION, note=said)]
    declared = vector(latex)
    if declared is not None:
        reader.notations = reader.notations.with_family(*declared)
        return [Part(found.line, latex, DEFINITION, note=f"{declared[0]} is the vector of the family {declared[0]}_1, ..., {declared[0]}_{declared[1]}")]
    name = applied_name(latex) if not found.display else None
    if name in FUNCTION_LETTERS and name not in reader.notations.functions and name not in reader.defined:
        reader.notations = reader.notations.with_arbitrary(name)
        return [Part(found.line, latex, EXPRESSION, note=f"names a function {name} the article leaves arbitrary: what is said of it is not decided")]
    if is_set(latex):
        kind = DEFINITION if len(classify.top_level_sides(latex)) == 2 else EXPRESSION
        return [Part(found.line, latex, kind, note="a set (a union, elements in braces): not a formula about numbers")]
    if not found.display and operator_named(latex):
        return [Part(found.line, latex, EXPRESSION, note="names an operator without applying it")]
    return None


def bridged(reader, found, line: str, attached: tuple, redefines) -> list | None:
    """A chain A = B = C = D whose side B does not read: one part says so, and the sides that read are
    linked in order (A = C = D: the chain states that too), None when fewer than two sides read."""
    from derivations.read.parse import parse

    sides = classify.top_level_sides(line)
    if len(sides) < 3 or re.search(r"\\q?quad|\\text|\\because|\\therefore|\\[;:, ]|,|~", line):
        return None  # a gap or a word may part a formula from its condition (x = 0): never bridged across
    readable, unread = [], []
    for side in sides:
        try:
            parse(side, reader.notations)
            readable.append(side)
        except ParseError as exc:
            unread.append((side.strip(), str(exc)))
    if len(readable) < 2 or not unread:
        return None
    said = "; ".join(f"{side} ({why})" for side, why in unread)
    note = f"{len(unread)} side{'s' if len(unread) > 1 else ''} of the chain not read: {said}; the others are linked in order"
    return [Part(found.line, " = ".join(side for side, _ in unread), UNSUPPORTED, note=note[:400])] + reader._statements(found, " = ".join(readable), attached, redefines)
