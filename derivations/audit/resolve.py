"""The audit's second pass: each claim part gets its verdict: the proved claim that states it, or a
decision of its own on its domain; an error in one part is that part's verdict, never the end of the audit."""

from __future__ import annotations

from typing import Callable

import sympy as sp

from derivations.base.budget import OutOfTime
from derivations.model.claims import substitute
from derivations.notation import expand_notation
from derivations.model.verdict import Counterexample, Verdict
from .classify import members, with_members
from derivations.decide.defined import contradictory, coverage, natural_domain
from .reader import facts_of, named_values
from .report import CLAIM, INFORMAL, Formula, Part


class Resolver:
    """decide: (relation, facts) -> (Verdict, reason, Counterexample | None); proved: ids of proved claims."""

    def __init__(self, decide: Callable, proved: set[str]):
        self.decide = decide
        self.proved = proved

    def resolve(self, part: Part) -> Formula:
        if part.kind != CLAIM or part.verdict is not None:
            return part.settled()
        try:
            return self._claim(part)
        except OutOfTime as exc:
            return part.settled(verdict=Verdict.TIMEOUT.value, note=str(exc))
        except Exception as exc:  # noqa: BLE001 - one part's failure is reported on that part
            return part.settled(verdict=Verdict.ERROR.value, note=f"{type(exc).__name__}: {str(exc)[:200]}")

    def _claim(self, part: Part) -> Formula:
        from derivations.notation.printer import latex as render

        facts = facts_of(part)
        values = members(named_values(part), part.relation.free_symbols)
        rel = substitute(part.relation, values) if values else part.relation
        rel = with_members(rel, values) if values and rel.has(sp.Indexed) else rel
        domain = natural_domain(rel)
        stated = tuple(f for f in facts if f.free_symbols)
        stated += tuple(c for f in stated for c in natural_domain(f) if c not in stated)  # a condition is stated where it is defined
        if contradictory(stated):  # anything would follow: decide nothing
            note = "the conditions attached to it contradict each other: not decided"
            return part.settled(verdict=Verdict.UNKNOWN.value, note=note)
        cover = coverage(domain, stated)
        shown_domain = ", ".join(render(c) for c in cover.beyond if c is not sp.false) or None  # "nowhere" is said in the note
        if not part.attached and part.condition is sp.true and cover.covered is True:
            cover = type(cover)(cover.beyond, None)  # nothing stated by the article: nothing to cover
        notes = []
        free = sorted(v for v in part.limits if v in {s.name for s in _free_outside_limits(rel)})
        if free:
            notes.append(f"informal: the limit variable {', '.join(free)} is left free outside the limit")
        if values:
            notes.append("with " + ", ".join(f"{render(k)} = {render(v)}" for k, v in values.items()))
        if cover.covered is False and not undefined_at(rel, cover.witness):
            cover = type(cover)(cover.beyond, None)  # the point is not confirmed undefined: no refutation from it
        if cover.covered is False:
            point = ", ".join(f"{k} = {render(v)}" for k, v in cover.witness.items())
            notes.append(f"undefined at {point}, which the stated conditions allow (it needs {render(cover.violated)})")
            witness = Counterexample({str(k): sp.sstr(v) for k, v in cover.witness.items()}, f"undefined there (it needs {sp.sstr(cover.violated)})", True)
            return part.settled(verdict=Verdict.REFUTED.value, note="; ".join(notes), domain=shown_domain, covered=False, counterexample=witness)
        for claim_id in part.candidates:
            if claim_id in self.proved:
                return part.settled(verdict=Verdict.PROVED.value, claim_id=claim_id, note="; ".join(notes) or "exact", domain=shown_domain, covered=cover.covered)
        outcome, reason, counterexample = self.decide(rel, facts + cover.beyond)
        if outcome is Verdict.UNKNOWN:
            outcome, reason, counterexample = self._other_limit(rel, facts + cover.beyond) or (outcome, reason, counterexample)
        beside = _outside_nearby(part, counterexample) if outcome is Verdict.REFUTED else ()
        if beside:  # "$\sqrt{x^2} = x$ (단, $x \ge 0$)": a counterexample the sentence's own condition excludes
            outcome, reason, counterexample = self.decide(rel, facts + cover.beyond + beside)
            notes.append("under " + ", ".join(f"${render(c)}$" for c in beside) + " written beside it")
        verdict = outcome.value
        if outcome is Verdict.PROVED:
            notes = notes or ["exact"]
            if cover.beyond:
                notes.append("proved where it is defined: " + shown_domain)
        elif outcome is Verdict.REFUTED and counterexample is not None:
            in_limit = self._true_in_limit(rel, facts, part.limits)
            if in_limit:
                verdict = INFORMAL
                notes.append(in_limit)
            else:
                values = ", ".join(f"{k} = {v}" for k, v in counterexample.values.items())
                point = f"counterexample {values}" if values else f"false as written ({counterexample.detail[:160]})"
                notes.append((f"differs from the engine's {part.redefines}: " if part.redefines else "") + point)
        else:
            notes.append(reason[:240])
        shown = counterexample if verdict == Verdict.REFUTED.value and counterexample is not None and counterexample.values else None
        return part.settled(verdict=verdict, note="; ".join(notes), domain=shown_domain, covered=cover.covered, counterexample=shown)

    def _other_limit(self, rel, facts):
        """lim f = b refuted: the limit is another value c, proved by the engine's limit rule (a limit is unique)."""
        from derivations.decide.algebra import is_zero
        from derivations.base.budget import budget
        from derivations.model.verdict import Counterexample

        if not isinstance(rel, sp.Eq):
            return None
        limit, other = (rel.lhs, rel.rhs) if isinstance(rel.lhs, sp.Limit) else (rel.rhs, rel.lhs)
        if not isinstance(limit, sp.Limit) or other.has(sp.Limit) or other.free_symbols or limit.free_symbols:
            return None  # only a limit with no parameters against a number: a value, no point to show
        try:
            with budget(5):
                value = sp.limit(expand_notation(limit.args[0]), *limit.args[1:])
        except (OutOfTime, NotImplementedError, ValueError):
            return None
        if value.has(sp.Limit, sp.nan, sp.zoo) or value.free_symbols or is_zero(value - other, facts).value is not False:
            return None
        outcome, _, _ = self.decide(sp.Eq(limit, value, evaluate=False), facts)
        if outcome is not Verdict.PROVED:
            return None
        detail = f"the limit is {sp.sstr(value)} (proved), not {sp.sstr(other)}"
        return Verdict.REFUTED, detail, Counterexample({}, detail, True)

    def _true_in_limit(self, rel, facts, limits) -> str:
        """A link of a chain about a limit that is false as written but true as its variable tends to
        the limit point: 'informal', not 'refuted'."""
        from derivations.notation.printer import latex as render

        if not isinstance(rel, sp.Eq):
            return ""
        for name, point in limits.items():
            var = sp.Symbol(name, real=True)
            if var not in _free_outside_limits(rel):
                continue
            # each side that still depends on the limit variable is taken to the limit
            wrap = [var in side.free_symbols for side in (rel.lhs, rel.rhs)]
            if all(wrap):
                lifted = sp.Eq(sp.Limit(rel.lhs - rel.rhs, var, point), 0, evaluate=False)
            else:
                left, right = (sp.Limit(side, var, point) if w else side for side, w in zip((rel.lhs, rel.rhs), wrap))
                lifted = sp.Eq(left, right, evaluate=False)
            outcome, _, _ = self.decide(lifted, facts)
            if outcome is Verdict.PROVED:
                return f"informal: true only in the limit {name} \\to {render(point)}"
        return ""


def undefined_at(rel, point) -> bool:
    """Is the relation, evaluated exactly at the point, undefined there (a side infinite, not a number,
    or not real)? The domain's conditions only propose the point; this confirms it."""
    for side in (rel.lhs, rel.rhs):
        if side.has(sp.Limit, sp.Integral, sp.Sum):
            return False
        try:
            value = expand_notation(side.subs(point)).doit()
        except Exception:  # noqa: BLE001 - SymPy raising on a pole (1/0 inside Derivative...) proves nothing
            continue
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or value.is_real is False:
            return True
    return False


def _free_outside_limits(rel) -> set:
    out = set()
    for side in (rel.lhs, rel.rhs):
        stripped = side.replace(lambda e: isinstance(e, sp.Limit), lambda e: sp.Integer(0))
        out |= stripped.free_symbols
    return out


def _outside_nearby(part, counterexample) -> tuple:
    """The relations of the bare conditions in the part's sentence, when the counterexample breaks one of
    them (then it says nothing about what the sentence states); else ()."""
    if not part.nearby or counterexample is None or not counterexample.values:
        return ()
    relations = tuple(r for c in part.nearby for r in c.relations)
    for rel in relations:
        values = {s: sp.sympify(counterexample.values[s.name]) for s in rel.free_symbols if s.name in counterexample.values}
        if len(values) == len(rel.free_symbols) and rel.xreplace(values) is sp.false:
            return relations
    return ()
