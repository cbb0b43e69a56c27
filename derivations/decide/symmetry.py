"""Symmetry between cases: a case whose goal is a decided case's goal with two variables swapped."""

from __future__ import annotations

import sympy as sp

from derivations.notation import family_max


def swap_of(a: sp.Basic, b: sp.Basic) -> dict | None:
    """The transposition a <-> b when a and b are interchangeable variables: two symbols with the same
    assumptions, or two members x_1, x_2 of one family (same base, integer indices). None otherwise."""
    if a == b:
        return None
    if isinstance(a, sp.Symbol) and isinstance(b, sp.Symbol):
        return {a: b, b: a} if a.assumptions0 == b.assumptions0 else None
    if isinstance(a, sp.Indexed) and isinstance(b, sp.Indexed) and a.base == b.base:
        if all(index.is_Integer for index in a.indices + b.indices):
            return {a: b, b: a}
    return None


def member_swap(exprs, a: int, b: int) -> dict:
    """x_a <-> x_b for every family x (IndexedBase) in exprs: a renaming of variables, member by member."""
    bases = set()
    for e in exprs:
        bases |= sp.sympify(e).atoms(sp.IndexedBase)
    swap = {}
    for base in sorted(bases, key=str):
        swap[base[a]], swap[base[b]] = base[b], base[a]
    return swap


def _renames_variables(expr: sp.Basic, swap: dict) -> bool:
    """Is exchanging the keys of swap in expr a renaming of variables? Not when something refers to a
    swapped member without naming it: a sum over x_k, a member x_j with a symbolic j, the whole family.
    The one exception is max_{1<=k<=N} x_k for an integer N that includes both members: it is symmetric
    in them by its definition, and the swap leaves it as it is."""
    members = {(m.base, m.indices) for m in swap if isinstance(m, sp.Indexed)}
    bases = {base for base, _ in members}
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, sp.Indexed):
            if node.base.label in swap or (node.base in bases and not all(i.is_Integer for i in node.indices)):
                return False
            continue
        if isinstance(node, family_max) and node.args[0] in bases:
            size = node.args[1]
            if not size.is_Integer or not all(len(ix) == 1 and 1 <= ix[0] <= size for base, ix in members if base == node.args[0]):
                return False
            continue
        if isinstance(node, sp.IndexedBase):
            if node in bases or node.label in swap:  # the whole family, or a family named like a swapped symbol
                return False
            continue
        stack.extend(node.args)
    return True


def is_image(goal: tuple[sp.Basic, tuple], other: tuple[sp.Basic, tuple], swap: dict) -> bool:
    """Is ``other`` exactly ``goal`` with the variables of ``swap`` exchanged? Each goal is (expression or
    relation, groups of hypotheses: facts, proved facts, assumptions), each group compared as a set. Then
    one holds iff the other does: renaming two variables that carry the same assumptions changes no
    truth. The comparison is structural (SymPy's canonical form), never numeric."""
    expr, groups = goal
    other_expr, other_groups = other
    everything = (expr, other_expr, *(f for g in groups for f in g), *(f for g in other_groups for f in g))
    if not swap or len(groups) != len(other_groups) or not all(_renames_variables(sp.sympify(e), swap) for e in everything):
        return False
    if _renamed(expr, swap) != _renamed(other_expr, {}):
        return False
    return all({_renamed(f, swap) for f in g} == {_renamed(f, {}) for f in h} for g, h in zip(groups, other_groups))


def _renamed(e, swap):
    """e with swap applied, a relation as (kind, sides): rebuilding Eq(a, b) would make SymPy try to
    decide it, which costs more than the proof it saves."""
    e = sp.sympify(e)
    if isinstance(e, sp.Rel):
        return type(e), e.lhs.xreplace(swap), e.rhs.xreplace(swap)
    return e.xreplace(swap)


def by_symmetry(decided: list[tuple[sp.Basic, tuple[sp.Basic, tuple]]], arg: sp.Basic, goal) -> sp.Basic | None:
    """For a split on the largest argument: the argument of an already decided case whose goal maps onto
    this one by swapping its argument with ``arg`` (then "arg is largest" is "that one is largest",
    renamed)."""
    for other_arg, other_goal in decided:
        swap = swap_of(other_arg, arg)
        if swap is not None and is_image(other_goal, goal, swap):
            return other_arg
    return None


def transposition(case: dict, other: dict) -> tuple[int, int] | None:
    """(a, b) when the integer case ``other`` is ``case`` with the values a and b exchanged (every
    variable that differs goes a -> b or b -> a): its members x_a, x_b are then the ones to swap."""
    changes = {(case[v], other[v]) for v in case if case[v] != other.get(v)}
    if not changes or set(other) != set(case):
        return None
    (a, b) = min(changes, key=str)
    if not changes <= {(a, b), (b, a)} or not (getattr(a, "is_Integer", False) and getattr(b, "is_Integer", False)):
        return None
    return int(a), int(b)


def case_by_symmetry(decided: list[tuple[dict, sp.Basic, tuple]], case: dict, instance, groups: tuple) -> dict | None:
    """For an enumeration over integers: an earlier case whose decided instance (with its groups of
    hypotheses) is this one with two members of the families swapped, as the case's values swapped say."""
    for other_case, other_instance, other_groups in reversed(decided):  # the latest first: the same n
        pair = transposition(other_case, case)
        if pair is None:
            continue
        swap = member_swap((other_instance, instance, *(f for g in other_groups + groups for f in g)), *pair)
        if is_image((other_instance, other_groups), (instance, groups), swap):
            return other_case
    return None
