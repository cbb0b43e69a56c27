"""Soundness: the article's claims are proved, and mutated (false) versions of every claim are not."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from derivations.model.claims import Chain, ClaimSpec, Induction, Proof, substitute
from derivations.base.config import Config
from derivations.notation import logb, sigmoid
from derivations.decide.numeric import find_counterexample
from derivations.check.verify import Verifier
from derivations.model.verdict import Verdict

from .conftest import ARTICLE_IDS

x, y, c = sp.symbols("x y c", real=True)
n, i = sp.symbols("n i", integer=True, positive=True)
X = sp.IndexedBase("x", real=True)
TAU, GAP = sp.Symbol("tau", positive=True), sp.Symbol("Delta", positive=True)
X1, X2 = sp.Symbol("x_1", real=True), sp.Symbol("x_2", real=True)


def _map(expr, fn):
    return fn(expr) if isinstance(expr, sp.Basic) and callable(fn) else expr


def _mutate_chain(chain: Chain, fn) -> Chain:
    steps = tuple(dataclasses.replace(s, expr=_map(s.expr, fn)) for s in chain.steps)
    return dataclasses.replace(chain, start=_map(chain.start, fn), steps=steps)


def mutant(spec: ClaimSpec, fn, everywhere: bool, relation_swap=None) -> ClaimSpec:
    """The claim with ``fn`` applied to its statement (and, if everywhere, to every step as well)."""

    def build():
        proof = spec.proof()
        statement = tuple(_map_relation(rel, fn) for rel in proof.statement)
        if relation_swap:
            statement = tuple(
                relation_swap[type(rel)](rel.lhs, rel.rhs, evaluate=False) if type(rel) in relation_swap else rel
                for rel in statement
            )
        parts = proof.built_parts()
        if everywhere and callable(fn):
            parts = tuple(
                _mutate_chain(p, fn)
                if isinstance(p, Chain)
                else dataclasses.replace(
                    p,
                    base_chains=tuple(_mutate_chain(c, fn) for c in p.base_chains),
                    step_chains=tuple(_mutate_chain(c, fn) for c in p.step_chains),
                )
                if isinstance(p, Induction)
                else p  # an enumeration has no steps of its own: it checks the (mutated) statement
                for p in parts
            )
        mutated = Proof(statement=statement, assumptions=proof.assumptions, definitions=proof.definitions)
        mutated.parts = [_Built(p) for p in parts]
        return mutated

    return dataclasses.replace(spec, build=build)


def _map_relation(rel, fn):
    if fn == "drop-condition":
        return rel.args[1] if isinstance(rel, sp.Implies) else rel
    if isinstance(rel, sp.Implies):
        return sp.Implies(rel.args[0], _map_relation(rel.args[1], fn), evaluate=False)
    if fn is None:
        return substitute(rel, {})
    return type(rel)(_map(rel.lhs, fn), _map(rel.rhs, fn), evaluate=False)


class _Built:
    def __init__(self, part):
        self.part = part

    def build(self):
        return self.part


def replace(old, new):
    # xreplace, not subs: subs(e^x, e^-x) also rewrites e^-x = (e^x)^-1, which can leave a true statement
    return lambda e: e.xreplace({old: new})


MUTATIONS = [
    # (claim, name, mutation of expressions, relation swap)
    ("sigmoid-exp-form", "e^x -> e^-x", replace(sp.exp(x), sp.exp(-x)), None),
    ("sigmoid-ode", "sign flipped", lambda e: e.replace(lambda a: a == 1 - sigmoid(x), lambda a: 1 + sigmoid(x)), None),
    ("sigmoid-derivative-bound", "1/4 -> 1/5", replace(sp.Rational(1, 4), sp.Rational(1, 5)), None),
    ("sigmoid-derivative-bound", "<= -> <", None, {sp.LessThan: sp.StrictLessThan}),
    ("sigmoid-derivative-bound", "0 < -> 0 > ", None, {sp.StrictLessThan: sp.StrictGreaterThan}),
    ("vanishing-gradient", "4^-n -> 5^-n", lambda e: e.replace(lambda a: a.is_Pow and a.base == 4, lambda a: 5 ** a.exp), None),
    ("vanishing-gradient", "<= -> <", None, {sp.LessThan: sp.StrictLessThan}),
    ("softmax-two-class", "e^{y-x} -> e^{x-y}", replace(sp.exp(y - x), sp.exp(x - y)), None),
    ("softplus-antiderivative", "e^x -> e^-x", lambda e: e.replace(lambda a: a == sp.log(1 + sp.exp(x)), lambda a: sp.log(1 + sp.exp(-x))), None),
    ("softplus-natural-log", "base e -> base 10", lambda e: e.replace(lambda a: isinstance(a, logb), lambda a: logb(a.args[0], 10)), None),
    ("relu-limit", "max -> min", lambda e: e.replace(sp.Max, sp.Min), None),
    ("relu-limit", "sign flipped", lambda e: e.replace(lambda a: a == sp.Max(0, x), lambda a: sp.Max(0, -x)), None),
    ("tropical-add-limit", "max -> min", lambda e: e.replace(sp.Max, sp.Min), None),
    ("tropical-mul-limit", "x + y -> x y", lambda e: e.replace(lambda a: a == x + y, lambda a: x * y), None),
    # beyond the article: a constant changed, a bound tightened, a condition dropped
    ("sigmoid-second-derivative", "1-2s -> 1+2s", lambda e: e.replace(lambda a: a == 1 - 2 * sigmoid(x), lambda a: 1 + 2 * sigmoid(x)), None),
    ("tanh-sigmoid", "2x -> x", replace(sigmoid(2 * x), sigmoid(x)), None),
    ("tanh-sigmoid", "<= 1 -> <= 1/2", lambda e: sp.Rational(1, 2) if e == 1 else e, None),  # a side equal to 1
    ("maxplus-semiring", "-oo -> 0", replace(-sp.oo, sp.Integer(0)), None),
    ("relu-limit-rate", "log_t 2 -> log_t 3/2", lambda e: e.replace(lambda a: isinstance(a, logb) and a.args[0] == 2, lambda a: logb(sp.Rational(3, 2), a.args[1])), None),
    ("relu-limit-rate", "condition dropped", "drop-condition", None),
    ("tropical-add-rate", "log_t 2 -> log_t 3/2", lambda e: e.replace(lambda a: isinstance(a, logb) and a.args[0] == 2, lambda a: logb(sp.Rational(3, 2), a.args[1])), None),
    ("tropical-add-rate", "condition dropped", "drop-condition", None),
    ("softplus-beta-rate", "log 2 -> log 3/2", replace(sp.log(2), sp.log(sp.Rational(3, 2))), None),
    ("softplus-beta-limit", "max -> min", lambda e: e.replace(sp.Max, sp.Min), None),
    ("softmax-shift-invariance", "c -> 2c below", lambda e: e.replace(lambda a: isinstance(a, sp.Sum), lambda a: a.subs(c, 2 * c)), None),
    ("softmax-as-sigmoid", "rest -> total", lambda e: e.replace(lambda a: isinstance(a, sp.log) and a.has(sp.Sum), lambda a: sp.log(a.args[0] + sp.exp(X[i]))), None),
    ("softmax-jacobian", "delta dropped", lambda e: e.replace(sp.KroneckerDelta, lambda *args: sp.Integer(1)), None),
    ("softmax-temperature-limit", "n-1 -> n-2", replace(n - 1, n - 2), None),
    ("softmax-temperature-limit", "e^-D/tau -> e^-2D/tau", replace(sp.exp(-GAP / TAU), sp.exp(-2 * GAP / TAU)), None),
    ("softmax-temperature-limit", "s_k >= 0 dropped", replace(sp.IndexedBase("s", nonnegative=True), sp.IndexedBase("s", real=True)), None),
    ("relu-network-tropical", "a coefficient of F +1", replace(2 * X1 + 4 * X2 + 4, 2 * X1 + 4 * X2 + 5), None),
    ("relu-network-tropical", "a bias of the network", replace(2 - 2 * sp.Max(0, 1 - X2), 3 - 2 * sp.Max(0, 1 - X2)), None),
    ("logsumexp-bounds", "condition dropped", "drop-condition", None),
    ("logsumexp-bounds", "log_t n -> log_t (n-1)", lambda e: e.replace(lambda a: isinstance(a, logb) and a.args[0] == n, lambda a: logb(n - 1, a.args[1])), None),
]


@pytest.mark.parametrize("claim_id", ARTICLE_IDS)
def test_article_claim_is_proved(verifier, claim_id):
    result = verifier.verify(claim_id)
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.numeric is not None and result.numeric.points >= 20 and result.numeric.agrees


@pytest.mark.parametrize("everywhere", [False, True], ids=["statement-only", "statement-and-steps"])
@pytest.mark.parametrize("claim_id, name, fn, swap", MUTATIONS, ids=[f"{m[0]}:{m[1]}" for m in MUTATIONS])
def test_mutant_is_not_proved(specs, claim_id, name, fn, swap, everywhere):
    mutated = dict(specs)
    mutated[claim_id] = mutant(specs[claim_id], fn, everywhere, swap)
    original = specs[claim_id].proof().statement
    changed = mutated[claim_id].proof().statement
    assert changed != original, "the mutation must change the statement"
    plain = [r for r in changed if not isinstance(r, sp.Implies) and not r.has(sp.Limit, sp.Sum, sp.Indexed)]
    if plain and len(plain) == len(changed):  # the mutant really is false (limits, families: see the rule tests)
        assert find_counterexample(changed, specs[claim_id].proof().assumptions) is not None
    result = Verifier(mutated, Config()).verify(claim_id)
    assert result.verdict is not Verdict.PROVED, f"mutant {name} of {claim_id} was proved"
    assert result.verdict in (Verdict.REFUTED, Verdict.UNKNOWN)


def test_strict_bound_attained_at_zero_is_refuted_there(specs):
    mutated = dict(specs)
    mutated["sigmoid-derivative-bound"] = mutant(specs["sigmoid-derivative-bound"], None, False, {sp.LessThan: sp.StrictLessThan})
    result = Verifier(mutated, Config()).verify("sigmoid-derivative-bound")
    assert result.verdict is Verdict.REFUTED
    assert result.counterexample.values == {"x": "0"} and result.counterexample.exact
