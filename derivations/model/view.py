"""What a claim shows, format-neutral (LaTeX math, prose with $math$): statement lines, assumptions as the
author would state them, the derivation's parts with case headings, citations and checked cases."""

from __future__ import annotations

import re

import sympy as sp

from .claims import Chain, Citation, Enumeration, Induction, Proof, conjuncts
from derivations.notation.printer import _OPS, _REL_TYPES, ROW, latex, pieces, text, width

_LOWER = {sp.GreaterThan: "<=", sp.StrictGreaterThan: "<"}  # v >= a: a <= v
_UPPER = {sp.LessThan: "<=", sp.StrictLessThan: "<"}  # v <= b


def citations(step) -> list[str]:
    """The claims a step cites as lemmas (its ``lemma=`` and ``lemmas=`` hints), in order."""
    found = [step.hints.get("lemma")] + list(step.hints.get("lemmas", ()))
    ids = [c.claim_id for c in found if isinstance(c, Citation)]
    return list(dict.fromkeys(ids))


def cited_claims(proof: Proof) -> list[str]:
    """Every claim the derivation cites, in order of first citation."""
    ids: list[str] = []
    for chain in _chains(proof):
        for step in chain.steps:
            ids += citations(step)
    return list(dict.fromkeys(ids))


def _chains(proof: Proof):
    for part in proof.built_parts():
        if isinstance(part, Chain):
            yield part
        elif isinstance(part, Induction):
            yield from part.base_chains
            yield from part.step_chains


def chain_rows(chain: Chain) -> list[dict]:
    """Rows ``start = e1  (why)``, ``= e2  (why)``; a row too wide for one line is marked long and its
    sides broken at top-level terms."""
    rows = []
    for i, step in enumerate(chain.steps):
        left = latex(chain.start) if i == 0 else ""
        right = latex(step.expr)
        long = width(left) + width(right) > ROW
        left_lines = pieces(chain.start) if (long and i == 0) else ([left] if left else [])
        right_lines = pieces(step.expr) if long else [right]
        rows.append(
            {"left": left, "left_lines": left_lines, "op": _OPS[step.relation], "right": right, "right_lines": right_lines,
             "why": step.justification, "cites": citations(step), "long": long}
        )
    return rows


def _plain(tex: str) -> str:
    return re.sub(r"[\s${}]", "", tex)


def heading(chain: Chain) -> dict:
    """A chain's heading: its case (the condition), and its title unless the title only repeats the case."""
    case = "" if chain.condition == sp.true else latex(chain.condition)
    title = chain.title
    if case and _plain(title) == _plain(case):
        title = ""
    return {"case": case, "title": title}


def parts_view(proof: Proof) -> list[dict]:
    """The derivation's parts, ready for a template: consecutive chains under the same heading are one
    part; an induction's chains are grouped under one base-case and one step heading."""
    out: list[dict] = []
    for part in proof.built_parts():
        if isinstance(part, Chain):
            head = heading(part)
            if out and out[-1]["kind"] == "chain" and out[-1]["heading"] == head and (head["case"] or head["title"]):
                out[-1]["chains"].append(chain_rows(part))
            else:
                out.append({"kind": "chain", "heading": head, "chains": [chain_rows(part)]})
        elif isinstance(part, Induction):
            groups = []
            for label, chains in (("Base case", part.base_chains), ("Induction step", part.step_chains)):
                titles = [c.title for c in chains if c.title]
                groups.append({"label": label, "title": titles[0] if titles else "", "chains": [chain_rows(c) for c in chains]})
            out.append({"kind": "induction", "title": part.title, "variable": latex(part.variable), "base": part.base, "groups": groups})
        elif isinstance(part, Enumeration):
            out.append(enumeration_view(part, proof))
    for definition in proof.definitions:
        out.append({"kind": "definition", "latex": latex(definition)})
    return out


def enumeration_view(part: Enumeration, proof: Proof) -> dict:
    """A check by cases: how many, and the cases as a compact table (columns, rows of LaTeX cells)."""
    cases = part.cases(proof.assumptions)
    relations = len(conjuncts(proof.statement))
    names = [latex(v) for v in part.variables]
    if part.domain == "extended-reals":  # one column per case, one row per variable
        columns = [""] + [str(k) for k in range(1, len(cases) + 1)]
        rows = [[name] + [(r"\text{finite}" if case[v] == v else latex(case[v])) for case in cases] for v, name in zip(part.variables, names)]
        what = ", ".join(names) + r" \in \mathbb{R} \cup \{-\infty\}"
    else:
        columns, rows = names + [r"\text{cases}"], _integer_rows(part.variables, cases)
        what = ", ".join(names) + r" \in \mathbb{Z}"
    return {"kind": "enumeration", "title": part.title, "cases": len(cases), "relations": relations, "what": what,
            "columns": columns, "rows": rows}


def _integer_rows(variables, cases) -> list[list[str]]:
    """Integer cases grouped by the first variable's value: the others' ranges and the count; each case
    written out where a group is not the full product of its ranges."""
    first, rest = variables[0], variables[1:]
    groups: dict = {}
    for case in cases:
        groups.setdefault(case[first], []).append(case)
    rows = []
    for value, group in groups.items():
        values = [sorted({int(c[v]) for c in group}) for v in rest]
        product = 1
        for vs in values:
            product *= len(vs)
        if product != len(group):
            rows += [[latex(c[v]) for v in variables] + ["1"] for c in group]
            continue
        rows.append([latex(value)] + [_range(vs) for vs in values] + [str(len(group))])
    return rows


def _range(values: list[int]) -> str:
    if len(values) > 2 and values == list(range(values[0], values[-1] + 1)):
        return rf"{values[0]}, \dots, {values[-1]}"
    return ", ".join(str(v) for v in values)


def statement_lines(proof: Proof) -> list[dict]:
    """One entry per relation of the statement: its LaTeX, and for a long one its lines (left side, then
    the relation and the right side, each broken at top-level terms)."""
    from .claims import relation_symbol

    out = []
    for rel in conjuncts(proof.statement):
        whole = latex(rel)
        lines = [whole]
        if width(whole) > 60 and isinstance(rel, sp.Rel) and type(rel) in _REL_TYPES:
            left, right = pieces(rel.lhs), pieces(rel.rhs)
            right[0] = f"{_OPS[relation_symbol(rel)]} {right[0]}"
            lines = left + right
        out.append({"latex": whole, "lines": lines})
    return out


# -- the article's own LaTeX, displayed: one line per row, a long row broken at its relations and sums

_SPLIT = re.compile(r"\\leq|\\geq|\\neq|\\le\b|\\ge\b|[=<>+-]")


def article_lines(tex: str, limit: int = 60) -> list[list[str]]:
    """The article's formula as rows (its own \\\\ breaks), each row a list of pieces: the first, then
    pieces that each begin with a relation or a sign, broken only outside braces and brackets."""
    rows = []
    for row in re.split(r"\\\\", tex):
        row = row.strip()
        if not row:
            continue
        if width(row) <= limit:
            rows.append([row])
            continue
        rows.append(_break(row, limit))
    return rows


def _break(row: str, limit: int) -> list[str]:
    cuts, depth = [], 0
    for i, ch in enumerate(row):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif depth == 0 and i > 0 and _SPLIT.match(row, i) and row[i - 1] not in "\\^_{(":
            relation = ch in "=<>" or row.startswith("\\", i)
            cuts.append((i, relation))
    relations = [i for i, relation in cuts if relation] + [len(row)]
    pieces_, start = [], 0
    for i, relation in cuts:  # always at a relation; at a sign while the rest up to the next relation is too wide
        upto = next(r for r in relations if r > start)
        if relation or width(row[start:upto]) > limit:
            if row[start:i].strip():
                pieces_.append(row[start:i].strip())
            start = i
    pieces_.append(row[start:].strip())
    return pieces_


# -- assumptions: as the author states them


def _bounds(assumptions):
    """{symbol: ([(a, op)] lower, [(op, b)] upper)} from relational assumptions; the rest as they are."""
    bounds: dict = {}
    others = []
    for a in assumptions:
        kind = type(a)
        if kind in _LOWER and a.lhs.is_Symbol:
            bounds.setdefault(a.lhs, ([], []))[0].append((a.rhs, _LOWER[kind]))
        elif kind in _UPPER and a.lhs.is_Symbol:
            bounds.setdefault(a.lhs, ([], []))[1].append((_UPPER[kind], a.rhs))
        else:
            others.append(a)
    return bounds, others


_REL_OF = {"<": sp.Lt, "<=": sp.Le}


def assumption_view(proof: Proof) -> list[tuple[str, tuple | None]]:
    """(LaTeX, the relations it states, or None for a set membership) for each assumption the reader
    needs: a symbol's bounds as one chain (2 <= n <= 8), an integer's domain, a sign not already implied
    by a bound (t > 0 is not shown beside t > 1); a real variable is the default and goes unsaid."""
    bounds, others = _bounds(proof.assumptions)
    symbols, families = set(), set()
    for rel in conjuncts(proof.statement) + tuple(proof.assumptions):
        symbols |= {s for s in rel.free_symbols if isinstance(s, sp.Symbol)}
        families |= {i.base for i in rel.atoms(sp.Indexed)}
    symbols -= {f.label for f in families}
    out: list[tuple[str, tuple | None]] = []
    integers = sorted((s for s in symbols if s.is_integer), key=lambda s: s.name)
    bounded = [s for s in integers if bounds.get(s, ([], []))[0]]
    free = [s for s in integers if s not in bounded]
    if free:
        domain = r"\mathbb{Z}_{\geq 1}" if all(s.is_positive for s in free) else r"\mathbb{Z}"
        out.append((", ".join(latex(s) for s in free) + rf" \in {domain}", None))
    if bounded:
        out.append((", ".join(latex(s) for s in bounded) + r" \in \mathbb{Z}", None))
    for family in sorted(families, key=lambda f: str(f.label)):
        sign = _sign(family)
        if sign:
            out.append((rf"{latex(family.label)}_{{k}} {sign}", None))
    for s in sorted(symbols - set(integers), key=lambda s: s.name):
        low = bounds.get(s, ([], []))[0]
        implied = any(b.is_number and b >= 0 for b, _ in low)
        sign = _sign(s)
        if sign and not implied:
            out.append((f"{latex(s)} {sign}", ((sp.Gt if s.is_positive else sp.Ge)(s, 0, evaluate=False),)))
    for s in sorted(bounds, key=lambda s: s.name):
        low, high = bounds[s]
        for (a, lop), (hop, b) in zip(low, high):
            rels = (_REL_OF[lop](a, s, evaluate=False), _REL_OF[hop](s, b, evaluate=False))
            out.append((f"{latex(a)} {_OPS[lop]} {latex(s)} {_OPS[hop]} {latex(b)}", rels))
        for a, lop in low[len(high):]:  # a bound below only: t > 1
            rel = (sp.Gt if lop == "<" else sp.Ge)(s, a, evaluate=False)
            out.append((latex(rel), (rel,)))
        for hop, b in high[len(low):]:  # a bound above only: i <= n
            rel = _REL_OF[hop](s, b, evaluate=False)
            out.append((latex(rel), (rel,)))
    for a in others:
        out.append((latex(a) if type(a) in _REL_TYPES else _printed(a), (a,) if isinstance(a, sp.Rel) else None))
    return out


def _printed(expr) -> str:
    from derivations.notation.printer import ArticlePrinter

    return ArticlePrinter().doprint(expr)


def _sign(symbol) -> str:
    if symbol.is_positive:
        return "> 0"
    if symbol.is_nonnegative:
        return r"\geq 0"
    return ""


def assumption_lines(proof: Proof) -> list[str]:
    return [tex for tex, _ in assumption_view(proof)]



def formulas(proof: Proof) -> list[tuple[str, sp.Basic | tuple]]:
    """Every formula the export writes for a proof, with the expression it was rendered from (a tuple of
    relations for a chain such as 2 <= n <= 8)."""
    out = [(latex(rel), rel) for rel in conjuncts(proof.statement)]
    out += [(latex(d), d) for d in proof.definitions]
    for part in proof.built_parts():
        if not isinstance(part, (Chain, Induction)):
            continue
        chains = [part] if isinstance(part, Chain) else list(part.base_chains) + list(part.step_chains)
        for chain in chains:
            out.append((latex(chain.start), chain.start))
            out += [(latex(step.expr), step.expr) for step in chain.steps]
            if chain.condition != sp.true:
                out.append((latex(chain.condition), chain.condition))
    out += [(tex, relations) for tex, relations in assumption_view(proof) if relations]
    return out


__all__ = ["parts_view", "statement_lines", "assumption_lines", "assumption_view", "cited_claims", "citations", "text", "formulas"]
