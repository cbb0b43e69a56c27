"""The registry of step rules: a kind of step is a name mapped to one checking function."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable, Mapping, Protocol

import sympy as sp

from derivations.model.verdict import StepCheck


@dataclass(frozen=True)
class Goal:
    """One step to check: ``lhs op rhs`` with the rule's hints."""

    lhs: sp.Basic
    op: str
    rhs: sp.Basic
    hints: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "lhs", sp.sympify(self.lhs))
        object.__setattr__(self, "rhs", sp.sympify(self.rhs))

    def relation(self) -> sp.Basic:
        from derivations.model.claims import make_relation

        return make_relation(self.lhs, self.op, self.rhs)


@dataclass(frozen=True)
class Context:
    """What a step may use: the claim's assumptions, the case condition, hypotheses, proved lemmas."""

    facts: tuple[sp.Basic, ...] = ()  # everything a step may assume: assumptions, case, hypotheses
    lemma: Callable[[str], object] | None = None  # proved claim id -> the claim (see rules.lemma)
    proved: tuple[sp.Basic, ...] = ()  # relations proved by earlier parts, for every value the assumptions allow
    assumptions: tuple[sp.Basic, ...] = ()  # the claim's own assumptions (what `proved` was proved under)

    def with_facts(self, *more) -> "Context":
        return Context(self.facts + tuple(more), self.lemma, self.proved, self.assumptions)

    def with_proved(self, *more) -> "Context":
        return Context(self.facts + tuple(more), self.lemma, self.proved + tuple(more), self.assumptions)


class Rule(Protocol):
    def __call__(self, goal: Goal, ctx: Context) -> StepCheck: ...


RULES: dict[str, Rule] = {}
DESCRIPTIONS: dict[str, str] = {}
FALLBACKS: dict[str, list[Rule]] = {}  # procedures tried, in order, when a rule leaves its step unknown
FALLBACK_SECONDS = 8.0  # CPU seconds for all of a statement's fallback procedures together (derivations.base.budget.shared)


def register(*names: str, description: str = "") -> Callable[[Rule], Rule]:
    def wrap(fn: Rule) -> Rule:
        for name in names:
            if name in RULES:
                raise ValueError(f"rule {name!r} registered twice")
            RULES[name] = fn
            DESCRIPTIONS[name] = description or (fn.__doc__ or "").strip().splitlines()[0]
        return fn

    return wrap


def fallback(name: str, order: int = 50) -> Callable[[Rule], Rule]:
    """Register a decision procedure tried when the rule ``name`` leaves a step unknown: it may prove
    the step, refute it (with a counterexample) or leave it unknown, never weaken the rule's verdict.
    Procedures are tried by ``order``, then as registered: a cheap reduction that makes the others'
    problems smaller (a substitution, a product split into factors) comes first."""

    def wrap(fn: Rule) -> Rule:
        fn.order = order
        procedures = FALLBACKS.setdefault(name, [])
        procedures.append(fn)
        procedures.sort(key=lambda p: p.order)
        return fn

    return wrap


def gap_fallback(label: str, order: int = 50) -> Callable:
    """Register fn(difference, strict, ctx) as a fallback of the inequality rule: an inequality goal is
    read as big - small >= 0 (> 0 when strict), any other relation is left unknown, said under label."""

    def wrap(fn):
        def on_the_gap(goal: Goal, ctx: Context) -> StepCheck:
            if goal.op not in ("<", "<=", ">", ">="):
                return StepCheck.unknown(label, "not an inequality")
            small, big = (goal.lhs, goal.rhs) if goal.op in ("<", "<=") else (goal.rhs, goal.lhs)
            return fn(sp.sympify(big - small), goal.op in ("<", ">"), ctx)

        on_the_gap.__name__, on_the_gap.__doc__ = fn.__name__, fn.__doc__
        return fallback("inequality", order)(on_the_gap)

    return wrap


def check(rule: str, goal: Goal, ctx: Context) -> StepCheck:
    _load()
    if rule not in RULES:
        return StepCheck.unknown("registry", f"no rule named {rule!r}; known: {', '.join(sorted(RULES))}")
    found = RULES[rule](goal, ctx)
    if found.verdict.value != "unknown":
        return found
    from derivations.base.budget import OutOfTime, shared

    for procedure in FALLBACKS.get(rule, ()):
        try:
            with shared("fallbacks", FALLBACK_SECONDS):
                other = procedure(goal, ctx)
        except OutOfTime:
            return StepCheck.unknown(found.method, f"{found.detail}; the other procedures ran out of their {FALLBACK_SECONDS:g} CPU s")
        if other.verdict.value != "unknown":
            return other
    return found


def _load() -> None:
    """Import every module of this package: each registers its kinds of step, so a new kind of step is
    one new module here, found by its name (the modules import the registry, never the other way)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
