"""Which claim establishes a formula: the very relation a claim states (or a link of its derivation), up
to renaming the variables and rearranging the terms, under conditions that give the claim's assumptions.

Relations are compared by their *form*: every function application (\\sigma(x), e^x, \\log, a limit, a
derivative, an integral) is an opaque atom, compared by head and arguments; only the arithmetic around
the atoms is normalised (a - b = 0 rearranged, scaled by a number). Two relations that are merely both
true are not the same relation: \\zeta(x) - \\zeta(-x) = x is not "x \\oplus x = x", and
d/dx \\zeta(x) = \\sigma(x) is not "\\sigma(x) = 1/(1+e^{-x})".
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sympy as sp

from derivations.model.claims import Chain, Proof, conjuncts
from derivations.notation import logb
from derivations.decide.defined import implies

_ORIENT = {sp.StrictGreaterThan: sp.StrictLessThan, sp.GreaterThan: sp.LessThan}
MAX_RENAMED = 4  # variables; 4! bijections at most


class _Atoms:
    """Opaque atoms by canonical key: the same head with the same arguments is the same symbol."""

    def __init__(self):
        self.symbols: dict[str, sp.Symbol] = {}
        self.skeletons: dict = {}
        self.keys: dict = {}

    def skeleton(self, expr):
        """expr with every non-arithmetic node replaced by its atom: a rational function of atoms and symbols."""
        if not isinstance(expr, sp.Basic):
            return sp.sympify(expr)
        if expr.is_Atom:
            return expr
        if expr not in self.skeletons:
            self.skeletons[expr] = self._skeleton(expr)
        return self.skeletons[expr]

    def _skeleton(self, expr):
        if isinstance(expr, (sp.Add, sp.Mul)):
            return expr.func(*[self.skeleton(a) for a in expr.args])
        if isinstance(expr, sp.Pow) and expr.exp.is_Rational:
            return self.skeleton(expr.base) ** expr.exp
        key = f"{type(expr).__name__}({', '.join(self.key(a) for a in expr.args)})"
        if key not in self.symbols:
            self.symbols[key] = sp.Symbol(f"atom{len(self.symbols)}")
        return self.symbols[key]

    def key(self, expr) -> str:
        if expr not in self.keys:
            skeleton = self.skeleton(expr)
            if isinstance(skeleton, sp.Expr) and not skeleton.is_Atom and not skeleton.is_Symbol:
                skeleton = sp.cancel(sp.together(skeleton))
            self.keys[expr] = sp.srepr(skeleton)
        return self.keys[expr]


_ATOMS = _Atoms()


def difference(rel):
    """(kind, d) with the relation read as d = 0, d < 0 or d <= 0 (d a skeleton), or None (!=, implications)."""
    kind = _ORIENT.get(type(rel), type(rel))
    if kind not in (sp.Eq, sp.StrictLessThan, sp.LessThan):
        return None
    lhs, rhs = (rel.rhs, rel.lhs) if type(rel) in _ORIENT else (rel.lhs, rel.rhs)
    return kind, _ATOMS.skeleton(lhs) - _ATOMS.skeleton(rhs), (_ATOMS.key(lhs), _ATOMS.key(rhs))


def same_form(a, b) -> bool:
    """The same relation written the same way up to arithmetic: a - b = 0 as c - d = 0 times a number."""
    da, db = difference(a), difference(b)
    if da is None or db is None or da[0] is not db[0]:
        return False
    (kind, x, keys_a), (_, y, keys_b) = da, db
    if x == 0 or y == 0:  # a = a: only the very same sides
        return x == 0 and y == 0 and (keys_a == keys_b or kind is sp.Eq and keys_a == keys_b[::-1])
    if x.free_symbols != y.free_symbols:  # different atoms: never proportional (cheap, before cancel)
        return False
    try:
        ratio = sp.cancel(sp.together(x / y))
    except (sp.PolynomialError, TypeError, ValueError, ZeroDivisionError):
        return False
    if not ratio.is_number or ratio == 0:
        return False
    return kind is sp.Eq or ratio.is_positive is True


def same_expression_form(a, b) -> bool:
    x, y = _ATOMS.skeleton(a), _ATOMS.skeleton(b)
    if x == y:
        return True
    if getattr(x, "free_symbols", set()) != getattr(y, "free_symbols", set()):
        return False
    return sp.cancel(sp.together(x - y)) == 0


@dataclass(frozen=True)
class Fact:
    """A relation a claim establishes, with what it needs: its assumptions and its case condition."""

    relation: sp.Basic
    requires: tuple[sp.Basic, ...]
    claim_id: str
    symbols: tuple[sp.Symbol, ...]  # its free variables, plain real
    heads: frozenset = frozenset()
    integers: frozenset = frozenset()  # names the claim takes as integers: never an article's real variable


@dataclass
class Knowledge:
    """The relations of the claims (statements, definitions, links of derivations), by claim."""

    facts: list[Fact] = field(default_factory=list)

    @classmethod
    def of(cls, proofs: dict[str, Proof]) -> "Knowledge":
        knowledge = cls()
        for claim_id, proof in proofs.items():
            for part in conjuncts(proof.statement):
                condition, rel = (part.args[0], part.args[1]) if isinstance(part, sp.Implies) else (sp.true, part)
                knowledge.add(rel, proof.assumptions, condition, claim_id)
            for rel in proof.definitions:
                knowledge.add(rel, proof.assumptions, sp.true, claim_id)
            for part in proof.built_parts():
                if isinstance(part, Chain):
                    for rel in part.relations():
                        knowledge.add(rel, proof.assumptions + tuple(part.facts), part.condition, claim_id)
        return knowledge

    def add(self, rel, assumptions, condition, claim_id) -> None:
        if isinstance(rel, sp.Implies):
            condition, rel = sp.And(condition, rel.args[0]), rel.args[1]
        requires = list(_relations(condition))
        integers = set()
        for s in rel.free_symbols:
            requires += _sign_of(s)
            if s.is_integer:
                integers.add(s.name)
        relevant = [a for a in assumptions if a.free_symbols & rel.free_symbols]
        requires += [r for a in relevant for r in _relations(a)]
        plain = _plain(rel)
        self.facts.append(Fact(plain, tuple(_plain(r) for r in requires), claim_id, _free(plain), _heads(plain), frozenset(integers)))

    def candidates(self, rel, conditions=()) -> list[str]:
        """The claims (in order, without repeats) whose relations are this one, given the conditions."""
        rel = _plain(rel)
        conditions = tuple(_plain(c) for c in conditions)
        symbols, heads = _free(rel), _heads(rel)
        out: list[str] = []
        for fact in self.facts:
            if fact.claim_id in out or len(fact.symbols) != len(symbols) or fact.heads != heads or fact.integers:
                continue
            if self._establishes(fact, rel, symbols, conditions):
                out.append(fact.claim_id)
        if isinstance(rel, sp.Eq) and not out and not same_expression_form(rel.lhs, rel.rhs):
            out += self._through_chains(rel, symbols, conditions)
        return out

    def _establishes(self, fact, rel, symbols, conditions) -> bool:
        for renaming in _renamings(symbols, fact.symbols):
            if same_form(_rename(rel, renaming), fact.relation):
                back = {v: k for k, v in renaming.items()}
                needed = [_rename(r, back) for r in fact.requires]
                if all(implies(conditions, r) or any(same_form(r, c) for c in conditions) for r in needed):
                    return True
        return False

    def _through_chains(self, rel, symbols, conditions) -> list[str]:
        """a = c from a = b and b = c of the same claim, each unconditional (or under these conditions)."""
        by_claim: dict[str, list] = {}
        heads = _heads(rel)
        for fact in self.facts:
            if isinstance(fact.relation, sp.Eq) and not fact.integers and not fact.requires and set(fact.symbols) <= set(symbols) and fact.heads & heads:
                by_claim.setdefault(fact.claim_id, []).append(fact.relation)
        return [claim_id for claim_id, equalities in by_claim.items() if _connected(rel.lhs, rel.rhs, equalities)]


def _connected(a, b, equalities) -> bool:
    nodes, seen = [a], [a]
    while nodes:
        current = nodes.pop()
        if same_expression_form(current, b):
            return True
        for eq in equalities:
            for x, y in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs)):
                if same_expression_form(current, x) and not any(same_expression_form(y, s) for s in seen):
                    seen.append(y)
                    nodes.append(y)
    return False


def _rename(rel, mapping):
    """rel with its variables renamed, kept unevaluated (Eq(a, a) stays a relation)."""
    if isinstance(rel, sp.Rel):
        return type(rel)(rel.lhs.xreplace(mapping), rel.rhs.xreplace(mapping), evaluate=False)
    return rel.xreplace(mapping)


def _renamings(symbols, targets):
    """Bijections from the formula's variables to the claim's, the identity first."""
    if not symbols:
        yield {}
        return
    if len(symbols) > MAX_RENAMED:
        if {s.name for s in symbols} == {t.name for t in targets}:
            yield {}
        return
    by_name = {t.name: t for t in targets}
    ordered = sorted(symbols, key=lambda s: s.name)
    if all(s.name in by_name for s in ordered):
        yield {s: by_name[s.name] for s in ordered}
    for permutation in itertools.permutations(sorted(targets, key=lambda s: s.name)):
        mapping = dict(zip(ordered, permutation))
        if any(mapping[s].name != s.name for s in ordered):
            yield mapping


def _relations(condition) -> list[sp.Basic]:
    if condition is sp.true or condition is None:
        return []
    if isinstance(condition, sp.And):
        return [r for part in condition.args for r in _relations(part)]
    return [condition]


def _sign_of(s) -> list[sp.Basic]:
    """The claim's own assumptions on a variable (t positive) as relations the article must state."""
    plain = sp.Symbol(s.name, real=True)
    if s.is_positive:
        return [sp.Gt(plain, 0)]
    if s.is_nonnegative:
        return [sp.Ge(plain, 0)]
    if s.is_negative:
        return [sp.Lt(plain, 0)]
    if s.is_nonpositive:
        return [sp.Le(plain, 0)]
    return []


def _plain(expr):
    """Variables by name as plain real symbols (the claim's t is positive, the article's real)."""
    expr = sp.sympify(expr)
    if isinstance(expr, sp.Rel):  # keep Eq(a, a) a relation: rebuilding would evaluate it to True
        return type(expr)(_plain(expr.lhs), _plain(expr.rhs), evaluate=False)
    if expr.has(logb):  # notation: \log_t u is \log u / \log t (so \log_e u is \log u, \log_t 1 is 0)
        expr = expr.replace(lambda e: isinstance(e, logb), lambda e: sp.log(e.args[0]) / sp.log(e.args[1]))
    return expr.xreplace({s: sp.Symbol(s.name, real=True) for s in expr.atoms(sp.Symbol) if not isinstance(s, sp.Dummy)})


def _free(rel) -> tuple:
    return tuple(sorted((s for s in rel.free_symbols if isinstance(s, sp.Symbol)), key=lambda s: s.name))


def _heads(rel) -> frozenset:
    return frozenset(type(node).__name__ for node in sp.preorder_traversal(rel) if isinstance(node, (sp.Function, sp.Limit, sp.Derivative, sp.Integral, sp.Sum, sp.Subs)))
