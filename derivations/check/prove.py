"""`derive prove`: decide one claim written in LaTeX with the engine's own decision procedures, on the
claim's natural domain, which the verdict states."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace

import sympy as sp

from derivations.decide import numeric, rules
from derivations.base import progress
from derivations.base.errors import DerivationError, ParseError, UnsupportedNotation, in_words
from derivations.decide.rules.inequality import impossible
from derivations.model.verdict import Counterexample, StepCheck, Verdict

_SEVERITY = {Verdict.REFUTED: 3, Verdict.ERROR: 2, Verdict.TIMEOUT: 1, Verdict.UNKNOWN: 1, Verdict.PROVED: 0}


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    statement: str
    reason: str
    counterexample: Counterexample | None
    seconds: float
    id: str | None = None
    domain: str | None = None  # LaTeX of the conditions beyond the assumptions under which it is proved
    witness: tuple = ()  # derivations.check.witness.Witness of each relation: the second key

    def as_json(self) -> dict:
        counterexample = self.counterexample.as_json() if self.counterexample else None
        witness = [w.as_json() for w in self.witness if w is not None]
        data = {"verdict": self.verdict.value, "statement": self.statement, "domain": self.domain, "counterexample": counterexample, "witness": witness, "reason": self.reason, "seconds": round(self.seconds, 3)}
        return {"id": self.id, **data} if self.id is not None else data

    def to_json(self) -> dict:
        """The document `derive prove --json` prints."""
        from derivations.base.schema import document

        return document(self.as_json())

    def _repr_latex_(self) -> str | None:
        return f"$\\displaystyle {self.statement}$" if self.statement else None

    def _repr_html_(self) -> str:
        from derivations.base.display import decision_html

        return decision_html(self)


@dataclass(frozen=True)
class Outcome:
    """The decision on one relation: verdict, why, a confirmed counterexample, and the conditions
    (beyond the facts) under which it was decided."""

    verdict: Verdict
    reason: str
    counterexample: Counterexample | None = None
    domain: tuple = ()  # derivations.decide.domain.Condition, not implied by the facts
    witness: object = None  # derivations.check.witness.Witness: the second key of a proved or refuted verdict

    def __iter__(self):  # (verdict, reason, counterexample), as callers unpack a decision
        return iter((self.verdict, self.reason, self.counterexample))


# `n \in \mathbb{Z}`: the sets an assumption may name, as SymPy assumptions on the symbol
_SETS = {"Z": {"integer": True}, "N": {"integer": True, "nonnegative": True}, "R": {"real": True}}
_MEMBER = re.compile(r"^\s*([A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)\s*\\in\s*\\mathbb\s*\{?\s*([NZR])\s*\}?\s*$")


@dataclass(frozen=True)
class Claim:
    """A claim as read: its relations, the assumptions as facts, the relations as written (unevaluated, for
    the domain; empty when they do not read), and each relation's own condition (a display row's
    ``\\quad x \\geq 0``, a ``\\forall x > 0,`` prefix, a case's condition) as facts of that relation only."""

    relations: list
    facts: tuple
    written: list
    conditions: tuple  # one tuple of facts per relation

    def __iter__(self):  # (relations, facts, written): the shape parse_claim has always had
        return iter((self.relations, self.facts, self.written))


def parse_claim(latex: str, assume=()) -> tuple[list[sp.Basic], tuple[sp.Basic, ...], list[sp.Basic]]:
    """(the relations to decide, the assumptions as facts, the relations as written, unevaluated).
    Symbols are real unless assumed more (`n \\in \\mathbb{Z}` makes n an integer). A condition every row
    shares is one more fact; rows with conditions of their own are read by read_claim."""
    claim = read_claim(latex, assume)
    shared = set(claim.conditions[0]).intersection(*map(set, claim.conditions)) if claim.conditions else set()
    if any(set(c) != shared for c in claim.conditions):
        raise UnsupportedNotation("rows with conditions of their own: read them with read_claim")
    return claim.relations, claim.facts + tuple(f for f in claim.conditions[0] if f in shared), claim.written


def read_claim(latex: str, assume=()) -> Claim:
    """The claim through the one reader (derivations.read.parse.parse_rows): every row, with its condition."""
    from derivations.read.parse import Notations, parse, parse_rows, relations_of
    from derivations.read.rows import consequence

    facts, kinds = [], {}
    for text in assume:
        member = _MEMBER.match(text)
        if member:
            name = member.group(1).replace("{", "").replace("}", "")
            kinds.setdefault(name, {}).update(_SETS[member.group(2)])
            continue
        found = relations_of(parse(text))
        if not found:
            raise ParseError(f"the assumption {text!r} is not a relation")
        facts += found
    symbols = {name: sp.Symbol(name, real=True, **extra) for name, extra in kinds.items()}
    facts = [f.xreplace({s: symbols[s.name] for s in f.atoms(sp.Symbol) if s.name in symbols}) for f in facts]
    symbols.update({s.name: s for f in facts for s in f.atoms(sp.Symbol) if s.name not in symbols})
    notations = Notations(symbols=symbols)
    relations, conditions = [], []
    for statement, condition in parse_rows(latex, notations):
        statement, condition = consequence(statement, condition)  # A \Rightarrow B: B, assuming A
        found = relations_of(statement)
        relations += found
        conditions += [_as_facts(condition)] * len(found)
    if not relations:
        raise ParseError("not a claim: the formula has no relation (=, <, \\leq, ...)")
    try:
        with sp.evaluate(False):
            written = [r for statement, _ in parse_rows(latex, notations) for r in relations_of(consequence(statement)[0])]
    except (ParseError, TypeError, ValueError, AttributeError):  # the written form is only read for its domain
        written = []
    if len(written) != len(relations):
        written = []
    return Claim(relations, tuple(facts), written, tuple(conditions))


def _as_facts(condition) -> tuple:
    """A row's condition as facts: x > 0 and x < 1 -> (x > 0, x < 1); no condition -> ()."""
    if condition == sp.true:
        return ()
    return tuple(condition.args) if isinstance(condition, sp.And) else (condition,)


def rule_for(rel: sp.Basic) -> str:
    """The rule that decides a relation of this shape."""
    if isinstance(rel, sp.Ne):
        return "unsupported"
    if isinstance(rel.lhs, sp.Limit) and isinstance(rel.rhs, sp.Limit):
        return "identity"  # lim f = lim g where f = g near the limit point
    if rel.has(sp.Limit):
        return "limit"
    if isinstance(rel, sp.Eq) and (isinstance(rel.lhs, sp.Integral) or isinstance(rel.rhs, sp.Integral)):
        return "antiderivative" if not (isinstance(rel.lhs, sp.Integral) and isinstance(rel.rhs, sp.Integral)) else "identity"
    return "identity" if isinstance(rel, sp.Eq) else "inequality"


def domain_of(relations, written, facts):
    """(conditions beyond the facts where the relations are defined, or None with the reason it cannot
    be stated). Read from the written form too: x/x = 1 is about x != 0 although SymPy cancels it."""
    from derivations.decide.domain import Undetermined, outside, written_conditions

    try:
        needed = written_conditions(*written, *relations)
    except Undetermined as exc:
        return None, f"where the formula is defined cannot be stated ({exc})"
    return outside(needed, facts), ""


def decide_relation(rel: sp.Basic, facts, written=None) -> Outcome:
    """One relation, on its natural domain, with two keys: proved only by a rule's symbolic decision AND
    a numeric tripwire at concrete values of every symbol that agrees; refuted only with a counterexample
    that falsifies the relation as written (limits recomputed at its numbers, the relation confirmed by
    interval or exact arithmetic). A verdict with one key is unknown, with the reason. Each costly
    procedure has its CPU seconds once for the relation, however often it is tried on the way."""
    from derivations.base.budget import one_statement

    with one_statement():
        return _decide_relation(rel, facts, written)


def _decide_relation(rel: sp.Basic, facts, written=None) -> Outcome:
    from . import witness

    from derivations.decide import definite, magnitude

    if magnitude.applies(rel):  # too large to write out: never given to SymPy, which would build the digits
        return _by_magnitude(rel)
    if magnitude.constant_comparison(rel):  # log 2 < 0.6931, e^{1000} > 2 10^{434}: numbers, not algebra
        found = _by_magnitude(rel)
        if found.verdict is not Verdict.UNKNOWN:
            return found
    outcome = _decide_symbolically(rel, facts, written)
    if isinstance(rel, sp.Ne):  # decided by derivations.check.reduce, with its own second key
        return outcome
    if definite.has_definite(rel):  # decided by the fundamental theorem: each relation it reduced to
        return outcome  # (F' = f, F(a) = value) went through this function and carries both keys
    facts_here = tuple(facts) + tuple(c.relation for c in outcome.domain if c.guard == sp.true)
    if outcome.verdict is Verdict.UNKNOWN and rule_for(rel) == "inequality" and not impossible(facts_here):
        outcome = _reduced(rel, facts_here, outcome)
    if outcome.verdict is Verdict.PROVED:
        seen = witness.tripwire([rel], facts_here, outcome.domain)
        if seen.agrees is True:
            return replace(outcome, reason=f"{outcome.reason}; numbers agree at {seen.points} points", witness=seen)
        if seen.agrees is False:
            return replace(outcome, verdict=Verdict.ERROR, reason=f"the numbers contradict the symbolic proof (please report this): {seen.detail}; the proof said: {outcome.reason}", witness=seen)
        return replace(outcome, verdict=Verdict.UNKNOWN, reason=f"{outcome.reason}; but the numeric tripwire does not confirm it: {seen.detail}", witness=seen)
    if outcome.verdict is Verdict.REFUTED:
        confirmed = witness.confirm_refutation(rel, facts_here, outcome.domain, outcome.counterexample)
        if confirmed is None:
            return replace(outcome, verdict=Verdict.UNKNOWN, counterexample=None, reason=f"{outcome.reason}; not confirmed at any point with every parameter a number")
        seen = witness.Witness("counterexample", True, 1, 50, "the statement as written at the counterexample, every symbol a number", confirmed.detail, (dict(confirmed.values),))
        same = not confirmed.values or (outcome.counterexample is not None and dict(outcome.counterexample.values) == dict(confirmed.values))
        reason = outcome.reason if same else f"{outcome.reason}; {confirmed.detail}"
        return replace(outcome, reason=reason, counterexample=confirmed, witness=seen)
    return outcome


def _reduced(rel, facts, outcome) -> Outcome:
    """An undecided inequality through relations decided with both keys (derivations.check.reduce)."""
    from derivations.base.budget import budget
    from . import reduce

    outermost = reduce.available(outermost=True)
    try:
        with budget(reduce.TOTAL_SECONDS if outermost else 0):
            for attempt in (reduce.through_denominator, reduce.strict_from_weak, reduce.split_exclusions):
                try:
                    with budget(reduce.SECONDS if outermost else 0):
                        found = attempt(rel, facts, decide_relation)
                except Exception:  # noqa: BLE001 - a SymPy failure or the time it takes decides nothing
                    found = None
                if found is not None and found.verdict is Verdict.PROVED:
                    return Outcome(found.verdict, found.reason, None, outcome.domain, found.witness)
    except Exception:  # noqa: BLE001 - out of time for all of them
        pass
    return outcome


def _by_magnitude(rel) -> Outcome:
    """A relation between constants too large to write out, decided by their logarithms (first key)
    and the same sign seen again in plain 50-digit floats (second key)."""
    from derivations.decide import magnitude
    from . import witness

    found = magnitude.compare(rel.lhs, rel.rhs)
    truth = None if found is None else magnitude.holds(rel, found.sign)
    if truth is None:
        return Outcome(Verdict.UNKNOWN, f"the numbers have more than {magnitude.HUGE_DIGITS} digits, and their logarithms do not separate the two sides")
    seen = witness.Witness("tripwire" if truth else "counterexample", found.check == found.sign, 1, 50, "the sign of the difference seen again in 50-digit floats of the logarithms", "")
    if found.check != found.sign:
        return Outcome(Verdict.UNKNOWN, f"magnitude: {found.how}, but 50-digit floats do not confirm it", None, (), seen)
    if truth:
        return Outcome(Verdict.PROVED, f"magnitude: {found.how}; 50-digit floats agree", None, (), seen)
    sides = {1: "the left side is larger", -1: "the left side is smaller", 0: "the two sides are equal"}[found.sign]
    counterexample = Counterexample({}, f"{sides}: {found.how}", True)  # intervals or exact exponents: rigorous
    return Outcome(Verdict.REFUTED, f"magnitude: {sides} ({found.how}); 50-digit floats agree", counterexample, (), seen)


def _decide_symbolically(rel: sp.Basic, facts, written=None) -> Outcome:
    """The first key: a rule's symbolic decision on the natural domain (or a confirmed point)."""
    from derivations.decide import definite

    if definite.has_definite(rel):  # never the antiderivative rule, never quadrature
        return Outcome(*definite.decide(rel, facts, decide_relation))
    extra, why = domain_of([rel], [written] if written is not None else [], facts)
    if extra is None:
        return Outcome(Verdict.UNKNOWN, why)
    if any(c.relation == sp.false for c in extra):
        return Outcome(Verdict.UNKNOWN, "the formula has no value anywhere (" + ", ".join(sp.sstr(c.guard) if c.guard != sp.true else "it is undefined" for c in extra if c.relation == sp.false) + ")", None, tuple(extra))
    facts = tuple(facts) + tuple(c.relation for c in extra if c.guard == sp.true)
    if impossible(facts):
        return Outcome(Verdict.UNKNOWN, "no value satisfies the assumptions" + (" and the domain " + ", ".join(sp.sstr(c.as_fact()) for c in extra) if extra else "") + ": nothing to decide", None, tuple(extra))
    excluded = _cases_outside(rel, facts)
    if excluded:
        return Outcome(Verdict.UNKNOWN, f"the formula gives a value where it is undefined ({excluded}): it has none there", None, tuple(extra))
    rel = _principal_roots(rel, facts)
    pinned = _pinned(rel, facts)
    if pinned:  # \sqrt{x} + \sqrt{-x} = 0 is defined at x = 0 only: decided there, never on complex values
        at = ", ".join(f"{k} = {sp.sstr(v)}" for k, v in pinned.items())
        with sp.evaluate(False):
            there = rel.xreplace(pinned)
        d = sp.sympify(there.lhs - there.rhs) if isinstance(there, sp.Rel) else None
        if d is not None and not d.free_symbols and not isinstance(rel, sp.Ne):
            from derivations.decide import interval

            sign = interval.sign(d, {}) if not interval.exactly_zero(d, {}) else 0
            if sign is not None:
                holds = {sp.Eq: sign == 0, sp.StrictLessThan: sign < 0, sp.LessThan: sign <= 0, sp.StrictGreaterThan: sign > 0, sp.GreaterThan: sign >= 0}[type(rel)]
                if holds:
                    return Outcome(Verdict.PROVED, f"the assumptions and the domain leave one point, {at}, where it holds exactly", None, tuple(extra))
                return Outcome(Verdict.REFUTED, f"the assumptions and the domain leave one point, {at}, where it fails", Counterexample({str(k): sp.sstr(v) for k, v in pinned.items()}, f"fails at {at}", True), tuple(extra))
    rule = rule_for(rel)
    if rule == "unsupported":  # a \\neq claim
        from . import reduce

        found = reduce.unequal(rel, facts, tuple(extra), decide_relation)
        return Outcome(found.verdict, found.reason, found.counterexample, tuple(extra), found.witness)
    op = {sp.Eq: "=", sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">", sp.GreaterThan: ">="}[type(rel)]
    try:
        check: StepCheck = rules.check(rule, rules.Goal(rel.lhs, op, rel.rhs), rules.Context(facts, assumptions=facts))
    except Exception as exc:  # a SymPy failure decides nothing
        check = StepCheck.unknown(rule, in_words(exc))
    if check.verdict is Verdict.PROVED and isinstance(rel.lhs, sp.Limit) and isinstance(rel.rhs, sp.Limit):
        exists = _limit_exists(rel.lhs, facts)  # lim f = lim g says nothing when neither exists
        if exists is not True and _limit_exists(rel.rhs, facts) is True:
            exists = True  # f = g near the point: one limit exists, so does the other
        if exists is not True:
            return Outcome(Verdict.UNKNOWN, f"{rule}: the two limits agree where they exist, but {exists}", None, tuple(extra))
    if check.verdict is Verdict.PROVED:
        return Outcome(Verdict.PROVED, f"{rule}: {check.method}", None, tuple(extra))
    if check.verdict is Verdict.REFUTED:
        return Outcome(Verdict.REFUTED, f"{rule}: {check.detail}", check.counterexample, tuple(extra))
    counterexample = numeric.find_counterexample([rel], facts, domain=extra)
    if counterexample is not None:
        return Outcome(Verdict.REFUTED, counterexample.detail, counterexample, tuple(extra))
    return Outcome(Verdict.UNKNOWN, f"{rule}: {check.detail or check.method}", None, tuple(extra))


def _pinned(rel, facts) -> dict:
    """Symbols the facts (with the domain) allow one value only: x >= 0 beside x <= 0 leaves x = 0."""
    from .reduce import region

    out = {}
    for x in rel.free_symbols:
        own = [f for f in facts if isinstance(f, sp.Rel) and f.free_symbols == {x}]
        where = region(x, own) if own else None
        if isinstance(where, sp.FiniteSet) and len(where) == 1:
            out[x] = next(iter(where))
    return out


def _principal_roots(rel, facts):
    """A real odd root \\sqrt[n]{u} where the facts give u a sign is SymPy's root of u (or minus that of -u),
    and |u| is u or -u: the rules then see a smooth power, not sign(u) |u|^(1/n), and no kink."""
    from derivations.decide.domain import Condition, implied
    from derivations.notation import real_root

    mapping = {}
    for root in rel.atoms(real_root):
        u, n = root.args
        if implied(Condition(sp.Ge(u, 0)), facts):
            mapping[root] = u ** sp.Rational(1, n)
        elif implied(Condition(sp.Le(u, 0)), facts):
            mapping[root] = -((-u) ** sp.Rational(1, n))
    for node in rel.atoms(sp.Abs):  # |x| where x > 0 is x: the rules then see no kink (log|x| <= |x| - 1)
        u = node.args[0]
        if u.free_symbols and implied(Condition(sp.Ge(u, 0)), facts):
            mapping[node] = u
        elif u.free_symbols and implied(Condition(sp.Le(u, 0)), facts):
            mapping[node] = -u
    found = rel.xreplace(mapping) if mapping else rel
    return found if isinstance(found, sp.Rel) else rel  # |x| = x for x >= 0 is no relation left: as it was


def _limit_exists(lim, facts):
    """True when the limit has a value (finite or infinite, by two agreeing routes), else why not."""
    from derivations.decide.rules.limits import NoLimit, bound_context, decide_limit

    from derivations.notation import expand_notation

    body, var, local = bound_context(lim, facts)
    try:
        value, how = decide_limit(expand_notation(body), var, lim.args[2], str(lim.args[3]), local)
    except NoLimit as exc:
        return f"the limit does not exist ({exc})"
    return True if value is not None else f"its existence is not decided ({how})"


def _cases_outside(rel, facts) -> str:
    """A case of a piecewise that only the excluded points reach (`1/2 if x = 0` beside d/dx max(0, x),
    whose domain is x != 0): the formula states a value that does not exist."""
    from derivations.decide.domain import Condition, implied

    for piecewise in rel.atoms(sp.Piecewise):
        for _, cond in piecewise.args:
            if isinstance(cond, sp.Eq) and implied(Condition(sp.Ne(cond.lhs, cond.rhs)), facts):
                return sp.sstr(cond)
    return ""


def _bound_only(facts, relations):
    """Assumptions about a limit's bound variable (free nowhere in the claim): meaningless, not used."""
    free = set().union(*(r.free_symbols for r in relations))
    bound = {lim.args[1] for r in relations for lim in r.atoms(sp.Limit)}
    ignored = [f for f in facts if f.free_symbols & bound and not f.free_symbols & free]
    return [f for f in facts if f not in ignored], ignored


def decide(latex: str, assume=(), claim_id: str | None = None) -> Decision:
    """Decide a claim: proved only if every relation of it is proved symbolically on its domain, and the
    numbers (a tripwire) do not contradict it. Whatever goes wrong inside is a verdict, never a crash."""
    started = time.perf_counter()
    try:
        return _decide(latex, assume, claim_id)
    except Exception as exc:  # noqa: BLE001 - a bug or a SymPy failure: unknown, with what happened
        return Decision(Verdict.UNKNOWN, "", f"could not decide: {in_words(exc)}", None, time.perf_counter() - started, claim_id)


def _decide(latex: str, assume=(), claim_id: str | None = None) -> Decision:
    from derivations.decide.domain import as_latex
    from derivations.notation.printer import latex as render

    started = time.perf_counter()
    progress.note("reading the LaTeX")
    try:
        claim = read_claim(latex, assume)
    except DerivationError as exc:
        return Decision(Verdict.ERROR, "", str(exc), None, time.perf_counter() - started, claim_id)
    relations, facts, written = claim
    shown = (_as_written(written) if len(written) == len(relations) else None) or relations
    statement = ", ".join(render(r) + (r" \quad " + ", ".join(render(c) for c in own) if own else "") for r, own in zip(shown, claim.conditions))
    facts, ignored = _bound_only(facts, relations)
    pairs = list(zip(relations, written)) if len(written) == len(relations) else [(r, None) for r in relations]
    verdict, reasons, counterexample, domain, witnesses = Verdict.PROVED, [], None, [], []
    for number, ((rel, as_written), own) in enumerate(zip(pairs, claim.conditions), start=1):
        progress.note(f"relation {number} of {len(relations)}, {render(rel)}")
        outcome = decide_relation(rel, tuple(facts) + tuple(own), as_written)
        reasons.append(f"{render(rel)}: {outcome.reason}" if len(relations) > 1 else outcome.reason)
        if _SEVERITY[outcome.verdict] > _SEVERITY[verdict]:
            verdict = outcome.verdict
        if outcome.counterexample is not None and counterexample is None:
            counterexample = outcome.counterexample
        witnesses.append(outcome.witness)
        domain += [c for c in outcome.domain if c not in domain and c.relation != sp.false]
    if ignored:
        reasons.append("not used: " + ", ".join(render(f) for f in ignored) + " (about a limit's bound variable)")
    return Decision(verdict, statement, "; ".join(reasons), counterexample, time.perf_counter() - started, claim_id, as_latex(domain), tuple(witnesses))


def _as_written(written) -> list:
    """The relations as the author wrote them, for the statement a verdict prints (e^{\\log x} = x, never
    x = x): the reader's own traces tidied (u^1, 1 u, a numeric exponent 4^{-1}); else as evaluated."""
    from derivations.notation.printer import latex as render

    def tidy(e):
        if e.is_Atom:
            return e
        args = [tidy(a) for a in e.args]
        if isinstance(e, sp.Pow) and args[1] == 1:
            return args[0]
        if isinstance(e, sp.Pow) and _written_fraction(args[1]):  # \sqrt[4]{u} read as u^(4^-1)
            p, q = _written_fraction(args[1])
            return sp.Pow(args[0], sp.Rational(p, q), evaluate=False)
        if isinstance(e, sp.Mul) and any(a == 1 for a in args):
            args = [a for a in args if a != 1] or [sp.Integer(1)]
            return args[0] if len(args) == 1 else sp.Mul(*args, evaluate=False)
        if isinstance(e, sp.exp) and args[0] == 1:
            return sp.E
        if isinstance(e, (sp.Add, sp.Mul, sp.Pow, sp.Rel)):
            return e.func(*args, evaluate=False)
        return sp.Basic.__new__(type(e), *args)  # as built: a Sum's constructor would multiply its body by 1

    from derivations.decide import magnitude

    if any(magnitude.applies(r) for r in written if isinstance(r, sp.Rel)):
        return None  # too large to write out: printed as read
    try:
        with sp.evaluate(False):
            shown = [tidy(r) for r in written]
        for r in shown:
            render(r)
    except Exception:  # noqa: BLE001 - a written form the printer cannot print: the relation as evaluated
        return None
    return shown


def _written_fraction(e):
    """(p, q) for an exponent the reader built as p q^-1 or q^-1 from small integers, else None."""
    if isinstance(e, sp.Pow) and e.base.is_Integer and e.exp == -1 and 0 < abs(e.base) < 10**6:
        return 1, int(e.base)
    if isinstance(e, sp.Mul) and len(e.args) == 2:
        number, rest = e.args
        inner = _written_fraction(rest)
        if number.is_Integer and abs(number) < 10**6 and inner:
            return int(number) * inner[0], inner[1]
    return None


def exit_code(verdicts) -> int:
    """0 all proved; 2 any bad input; 1 any refuted; 3 any unknown or timeout."""
    verdicts = list(verdicts)
    if any(v is Verdict.ERROR for v in verdicts):
        return 2
    if any(v is Verdict.REFUTED for v in verdicts):
        return 1
    if any(v in (Verdict.UNKNOWN, Verdict.TIMEOUT) for v in verdicts):
        return 3
    return 0
