"""Binding a claim to the article: its LaTeX must state what the proof proves, and what is exported must
read back as what was rendered."""

from __future__ import annotations

import sympy as sp

from derivations.decide.algebra import is_zero
from derivations.model.claims import ClaimSpec, Proof
from derivations.base.errors import ParseError

# Where parses of the article's LaTeX are remembered across runs (the verification cache sets it in
# worker processes): an object with parsed(latex, notations, parse), or None to parse every time.
parse_cache = None


def notations_for(spec: ClaimSpec, proof: Proof):
    from derivations.read.parse import Notations

    symbols = {}
    for rel in tuple(proof.statement) + tuple(proof.assumptions) + tuple(proof.definitions):
        for s in rel.atoms(sp.Symbol):
            symbols.setdefault(s.name, s)
        for family in rel.atoms(sp.IndexedBase):  # x of x_k, with the proof's assumptions (s_k >= 0)
            symbols[str(family.label)] = family  # over the label, itself a Symbol atom
    return Notations(functions=dict(spec.notation), symbols=symbols, families=frozenset(spec.families))


def same_expression(a, b) -> bool:
    """Equal as formulas: identical after SymPy's canonical form, or exactly equal by simplification."""
    a, b = sp.sympify(a), sp.sympify(b)
    if a == b:
        return True
    if isinstance(a, sp.Rel) or isinstance(b, sp.Rel):
        return same_relation(a, b)
    if a.has(sp.Limit, sp.Integral) or b.has(sp.Limit, sp.Integral):
        return _same_structure(a, b)
    if _differ_numerically(a, b):
        return False  # only ever a "no": equality is decided by is_zero below, never by numbers
    return is_zero(a - b).value is True


def _differ_numerically(a, b) -> bool:
    """A cheap probe at one generic point: clearly different values mean different expressions."""
    from derivations.notation import expand_notation

    def generic(symbols):
        point = {s: sp.Rational(7 + 3 * i, 11) * (1 if s.is_positive or s.is_nonnegative else -1) ** i for i, s in enumerate(sorted(symbols, key=str))}
        return {s: (sp.Integer(3 + i) if s.is_integer else abs(v) if s.is_positive else v) for i, (s, v) in enumerate(point.items())}

    try:
        # one point for both sides: integers first (a sum to n written out), then the members x_1, x_2,
        # ... of families, then the other symbols (a family's name may be a symbol's too: x and x_1)
        integers = generic({s for s in a.free_symbols | b.free_symbols if s.is_Symbol and s.is_integer})
        da, db = (expand_notation(e.subs(integers)).doit() for e in (a, b))
        members = generic(da.atoms(sp.Indexed) | db.atoms(sp.Indexed))
        da, db = (e.xreplace(members) for e in (da, db))
        rest = generic(da.free_symbols | db.free_symbols)
        da, db = (sp.N(e.xreplace(rest), 20) for e in (da, db))
        if not (da.is_number and db.is_number) or da.has(sp.nan, sp.zoo) or db.has(sp.nan, sp.zoo):
            return False
        return abs(complex(da) - complex(db)) > 1e-9 * (1 + abs(complex(da)))
    except Exception:  # noqa: BLE001 - a probe that cannot evaluate says nothing (e.g. f_n at a non-integer n)
        return False


def _same_structure(a, b) -> bool:
    """Limits and integrals: the same operator, variable and point, and equal bodies."""
    if type(a) is not type(b) or len(a.args) != len(b.args):
        return False
    if isinstance(a, (sp.Limit, sp.Integral)):
        return a.args[1:] == b.args[1:] and same_expression(a.args[0], b.args[0])
    if not a.args:
        return a == b
    if isinstance(a, (sp.Add, sp.Mul)):
        return is_zero(a - b).value is True if not (a.has(sp.Limit, sp.Integral)) else _same_terms(a, b)
    return all(same_expression(x, y) for x, y in zip(a.args, b.args))


def _same_terms(a, b) -> bool:
    rest = list(b.args)
    for term in a.args:
        for i, other in enumerate(rest):
            if same_expression(term, other):
                del rest[i]
                break
        else:
            return False
    return not rest


_FLIP = {sp.StrictGreaterThan: sp.StrictLessThan, sp.GreaterThan: sp.LessThan}


def _oriented(rel):
    if type(rel) in _FLIP:
        return _FLIP[type(rel)], rel.rhs, rel.lhs
    return type(rel), rel.lhs, rel.rhs


def same_relation(a, b) -> bool:
    if not (isinstance(a, sp.Rel) and isinstance(b, sp.Rel)):
        return False
    ka, la, ra = _oriented(a)
    kb, lb, rb = _oriented(b)
    if ka is not kb:
        return False
    if same_expression(la, lb) and same_expression(ra, rb):
        return True
    return ka in (sp.Eq, sp.Ne) and same_expression(la, rb) and same_expression(ra, lb)


def bind(spec: ClaimSpec, proof: Proof) -> list[str]:
    """Problems binding the article's LaTeX to the proof: every relation the article writes must be a
    relation the proof states (or a definition it checks). Empty when they agree."""
    from derivations.read.parse import parse_rows, relations_of
    from derivations.notation.printer import latex

    if not spec.latex:
        return [f"claim {spec.id} carries no article LaTeX"]
    try:
        notations = notations_for(spec, proof)
        rows = parse_rows(spec.latex, notations) if parse_cache is None else parse_cache.parsed(spec.latex, notations, parse_rows)
    except ParseError as exc:
        return [f"the article's LaTeX does not parse: {exc}"]
    proved = tuple(proof.statement) + tuple(proof.definitions)
    problems = []
    for parsed, condition in rows:
        relations = relations_of(parsed)
        if not relations:
            problems.append(f"the article's formula {spec.latex!r} states no relation")
        for rel in relations:
            if not any(same_relation(rel, target) for target in proved):
                problems.append(
                    f"the article states {latex(rel)}, which the proof does not (it states {'; '.join(latex(p) for p in proved)})"
                )
    return problems


def roundtrip(spec: ClaimSpec, proof: Proof) -> list[str]:
    """Every formula export writes for this claim, parsed back, must equal what it was rendered from."""
    from derivations.read.parse import parse
    from derivations.model.view import formulas

    notations = notations_for(spec, proof)
    problems = []
    for text, expr in formulas(proof):
        try:
            back = parse(text, notations)
        except ParseError as exc:
            problems.append(f"{spec.id}: exported {text!r} does not parse back: {exc}")
            continue
        if isinstance(expr, tuple):  # a chain (2 <= n <= 8): its links, in order
            links = back if isinstance(back, tuple) else (back,)
            if len(links) != len(expr) or not all(same_relation(a, b) for a, b in zip(links, expr)):
                problems.append(f"{spec.id}: exported {text!r} reads back as {links}, not {expr}")
            continue
        if isinstance(back, tuple):
            back = back[0] if len(back) == 1 else None
        if back is None or not same_expression(back, expr):
            problems.append(f"{spec.id}: exported {text!r} reads back as {back}, not {expr}")
    return problems
