"""The verifier: chains establish their links, cases must cover, broken scripts are errors, not crashes."""

import pytest
import sympy as sp

from derivations import Proof, cite, claim, eq, ge, le, lt, sigmoid
from derivations.model.claims import compose
from derivations.base.config import Config
from derivations.check.verify import Verifier, exhaustive, implies
from derivations.model.verdict import Verdict

x, y = sp.symbols("x y", real=True)


@pytest.mark.parametrize(
    "ops, expected",
    [(["="], "="), (["=", "<="], "<="), (["<=", "<"], "<"), ([">", "="], ">"), (["<", ">"], None), ([">=", ">"], ">")],
)
def test_compose(ops, expected):
    assert compose(ops) == expected


@pytest.mark.parametrize(
    "have, want, expected",
    [
        (lt(0, x), le(0, x), True),
        (le(0, x), lt(0, x), False),
        (eq(x, y), eq(y, x), True),
        (sp.Gt(x, 0), lt(0, x), True),
        (lt(0, x), lt(0, y), False),
        (eq(x + x, y), eq(2 * x, y), True),
    ],
)
def test_implies(have, want, expected):
    assert implies(have, want) is expected


@pytest.mark.parametrize(
    "conditions, expected",
    [([ge(x, 0), lt(x, 0)], True), ([sp.Gt(x, 0), lt(x, 0)], False), ([ge(x, y), lt(x, y)], True), ([ge(x, 1), le(x, 0)], False)],
)
def test_exhaustive(conditions, expected):
    assert exhaustive(conditions) is expected


def _verify(*specs, claim_id=None):
    table = {s.id: s for s in specs}
    return Verifier(table, Config()).verify(claim_id or specs[0].id)


@claim("c-true", title="t", latex=r"\sigma(-x) = 1-\sigma(x)")
def _true():
    p = Proof(statement=eq(sigmoid(-x), 1 - sigmoid(x)))
    p.chain(sigmoid(-x)).eq(1 / (1 + sp.exp(x)), "definition", rule="definition").eq(1 - sigmoid(x), "algebra")
    return p


@claim("c-gap", title="t", latex="")
def _gap():
    p = Proof(statement=eq(sigmoid(-x), 1 - sigmoid(x)))
    p.chain(sigmoid(-x)).eq(1 / (1 + sp.exp(x)), "definition", rule="definition")  # stops short
    return p


@claim("c-broken", title="t", latex="")
def _broken():
    raise ValueError("a typo in the proof script")


@claim("c-false", title="t", latex="")
def _false():
    p = Proof(statement=eq(sigmoid(x), sigmoid(-x)))
    p.chain(sigmoid(x)).eq(sigmoid(-x), "wishful thinking")
    return p


@claim("c-uncovered", title="t", latex="")
def _uncovered():
    p = Proof(statement=eq(sp.Max(0, x), x))  # only the case x >= 0 is argued
    p.chain(sp.Max(0, x), condition=ge(x, 0)).eq(x, "x >= 0")
    return p


@claim("c-cites-itself", title="t", latex="")
def _circular():
    p = Proof(statement=eq(sigmoid(x), sigmoid(x) + 0 * x))
    p.chain(sigmoid(x)).eq(sigmoid(x) + 0 * x, "by itself", rule="lemma", lemma=cite("c-cites-itself"))
    return p


def test_true_claim_is_proved():
    assert _verify(_true).verdict is Verdict.PROVED


def test_proof_that_differs_from_its_article_latex_fails():
    import dataclasses

    drifted = dataclasses.replace(_true, latex=r"\sigma(-x) = 1+\sigma(x)")
    result = _verify(drifted)
    assert result.verdict is Verdict.ERROR and "article LaTeX mismatch" in result.reason
    assert r"1 + \sigma" in result.reason or r"\sigma\left(x\right) + 1" in result.reason


def test_claim_without_article_latex_is_not_proved():
    import dataclasses

    result = _verify(dataclasses.replace(_true, latex=""))
    assert result.verdict is Verdict.ERROR and "no article LaTeX" in result.reason


def test_statement_must_follow_from_the_steps():
    result = _verify(_gap)
    assert result.verdict is Verdict.UNKNOWN and "do not establish" in result.reason


def test_broken_script_is_an_error_with_its_location():
    result = _verify(_broken)
    assert result.verdict is Verdict.ERROR and "typo" in result.reason and "test_verify.py" in result.location


def test_false_claim_is_refuted_with_a_counterexample():
    result = _verify(_false)
    assert result.verdict is Verdict.REFUTED and result.counterexample is not None


def test_uncovered_case_is_not_proved_and_refuted():
    result = _verify(_uncovered)
    assert result.verdict is Verdict.REFUTED  # Max(0, x) = x fails at any x < 0


def test_circular_citation_is_not_a_proof():
    result = _verify(_circular)
    assert result.verdict is Verdict.UNKNOWN and "circular" in result.reason


def test_statement_that_sympy_evaluates_is_rejected():
    @claim("c-eval", title="t", latex="")
    def evaluated():
        return Proof(statement=sp.Eq(x, x))

    result = _verify(evaluated)
    assert result.verdict is Verdict.ERROR and "not a relation" in result.reason


@claim("c-unproved-fact", title="t", latex="")
def _unproved_fact():
    # true statement, invalid proof: Max(0, x) = x only when x >= 0, which nothing establishes
    p = Proof(statement=ge(sp.Max(0, x), x))
    p.chain(sp.Max(0, x), facts=(ge(x, 0),)).eq(x, "x >= 0")
    return p


@claim("c-proved-fact", title="t", latex=r"\max(0,x^2)\geq x^2")
def _proved_fact():
    p = Proof(statement=ge(sp.Max(0, x ** 2), x ** 2))
    p.chain(x ** 2).ge(0, "a square", rule="inequality")
    p.chain(sp.Max(0, x ** 2), facts=(ge(x ** 2, 0),)).eq(x ** 2, "x^2 >= 0, proved in part 1")
    return p


def test_chain_fact_nobody_proved_is_a_hypothesis_not_a_result():
    result = _verify(_unproved_fact)
    assert result.verdict is Verdict.UNKNOWN and "do not establish" in result.reason


def test_chain_fact_proved_by_an_earlier_part_may_be_used():
    assert _verify(_proved_fact).verdict is Verdict.PROVED



def test_a_proof_the_numbers_cannot_check_is_not_a_verdict(monkeypatch):
    """Two keys: steps that prove the statement are not enough when the tripwire evaluates no point."""
    from derivations.decide import numeric
    from derivations.model.verdict import NumericCheck

    assert _verify(_true).verdict is Verdict.PROVED
    monkeypatch.setattr(numeric, "cross_check", lambda *a, **k: NumericCheck(0, 50, "", True, "only 0 evaluable points"))
    result = _verify(_true)
    assert result.verdict is Verdict.UNKNOWN, result.reason
    assert "no point" in result.reason
