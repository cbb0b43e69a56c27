"""Issue 20: inequalities by calculus, integrals on their interval, sums by telescoping, induction; true ones proved, false ones never proved."""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.check.prove import decide, decide_relation
from derivations.decide.rules.calculus_bounds import decide_one_variable, span_of
from derivations.model.verdict import Verdict

NOT_PROVED = (Verdict.REFUTED, Verdict.UNKNOWN)
N = r"n \in \mathbb{N}"

# (LaTeX, assumptions, verdict for the true statement); each true one beside a false variant below
TRUE = [
    (r"e^x \geq 1+x", []),
    (r"\log x \leq x-1", ["x>0"]),
    (r"\tanh(x) \leq x", [r"x \geq 0"]),
    (r"\sigma(x) \leq \frac{1}{2}+\frac{x}{4}", [r"x \geq 0"]),
    (r"\sqrt{x} \leq \frac{1+x}{2}", [r"x \geq 0"]),
    (r"\log(1+x) \geq \frac{x}{1+x}", ["x > -1"]),
    (r"x e^{-x} \leq e^{-1}", []),
    (r"\tanh(x) \geq x-\frac{x^3}{3}", [r"x \geq 0"]),
    (r"\log(1+e^x) \geq \log 2+\frac{x}{2}", []),
    (r"x^3 - x + 1 > 0", [r"x \geq 0", r"x \leq 2"]),
    (r"\int_1^e \frac{1}{x} dx = 1", []),
    (r"\int_0^1 x^{-1/2} dx = 2", []),
    (r"\int_1^\infty e^{-x} dx = e^{-1}", []),
    (r"\int_0^1 \log(x) dx = -1", []),
    (r"\int_0^1 \frac{x}{\sqrt{1-x^2}} dx = 1", []),
    (r"\int_{-\infty}^{\infty} \sigma(x)(1-\sigma(x)) dx = 1", []),
    (r"2^n \geq n+1", [N]),
    (r"3^n > n^2", [N]),
    (r"\tanh(x^2+1) > \tanh(x)", []),  # through tanh increasing: x^2 - x + 1 > 0
    (r"\frac{x}{\sqrt{1+x^2}} < 1", []),
]

FALSE = [
    (r"e^x > 1+x", []),  # equality at 0: refuted there exactly
    (r"\log x < x-1", ["x>0"]),
    (r"\tanh(x) \geq x", [r"x \geq 0"]),
    (r"\sigma(x) \leq \frac{1}{2}+\frac{x}{4}", []),
    (r"\sqrt{x} \geq \frac{1+x}{2}", [r"x \geq 0"]),
    (r"\log(1+x) \leq \frac{x}{1+x}", ["x > -1"]),
    (r"x e^{-x} < e^{-1}", []),
    (r"\log(x) < \frac{x}{e}", ["x>0"]),  # equality at x = e, an exact irrational point
    (r"\log(1+e^x) \leq \log 2+\frac{x}{2}", []),
    (r"x^4-4x+2 \geq 0", []),
    (r"\int_1^e \frac{1}{x} dx = 2", []),
    (r"\int_0^1 x^{-1/2} dx = 1", []),
    (r"\int_1^\infty e^{-x} dx = 1", []),
    (r"\int_{-1}^1 \frac{1}{x^2} dx = -2", []),  # diverges at 0: never a number
    (r"\int_{-1}^1 \frac{1}{x^2} dx = 2", []),
    (r"\int_0^1 \frac{1}{x} dx = 1", []),
    (r"2^n \geq n+2", [N]),
    (r"3^n > n^3", [N]),  # fails at n = 3 only
    (r"\tanh(x^2+1) > \tanh(2x)", []),  # equal at x = 1
    (r"\frac{x}{\sqrt{1+x^2}} < \frac{1}{2}", []),
]


@pytest.mark.parametrize("latex,assume", TRUE, ids=[t[0] for t in TRUE])
def test_true_statements_are_proved(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.PROVED, decision.reason


@pytest.mark.parametrize("latex,assume", FALSE, ids=[t[0] for t in FALSE])
def test_false_statements_are_refuted(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.REFUTED, decision.reason


@pytest.mark.parametrize(
    "latex",
    [r"\int_{-1}^1 \frac{1}{x^2} dx = 2", r"\int_{-1}^1 \frac{1}{x^2} dx = -2", r"\int_1^\infty \frac{1}{x} dx = 1"],
)
def test_a_divergent_integral_is_never_a_number(latex):
    decision = decide(latex)
    assert decision.verdict in NOT_PROVED
    assert "diverges" in decision.reason


n = sp.Symbol("n", integer=True, nonnegative=True)
k = sp.Symbol("k", integer=True)
r = sp.Symbol("r", real=True)

SUMS = [
    (sp.Eq(sp.Sum(k, (k, 1, n)), n * (n + 1) / 2), (), Verdict.PROVED),
    (sp.Eq(sp.Sum(k, (k, 1, n)), n * (n - 1) / 2), (), Verdict.REFUTED),
    (sp.Eq(sp.Sum(k**3, (k, 1, n)), (n * (n + 1) / 2) ** 2), (), Verdict.PROVED),
    (sp.Eq(sp.Sum(k**3, (k, 1, n)), n**2 * (n + 1) / 2), (), Verdict.REFUTED),
    (sp.Eq(sp.Sum(r**k, (k, 0, n)), (r ** (n + 1) - 1) / (r - 1)), (sp.Ne(r, 1),), Verdict.PROVED),
    (sp.Eq(sp.Sum(r**k, (k, 0, n)), (r**n - 1) / (r - 1)), (sp.Ne(r, 1),), Verdict.REFUTED),
    (sp.Eq(sp.Product(1 + sp.Integer(1) / k, (k, 1, n)), n + 1), (), Verdict.PROVED),
    (sp.Eq(sp.Product(1 + sp.Integer(1) / k, (k, 1, n)), n), (), Verdict.REFUTED),
    (sp.Le(sp.Sum(1 / k**2, (k, 1, n)), 2 - sp.Integer(1) / n), (sp.Ge(n, 1),), Verdict.PROVED),
    (sp.Le(sp.Sum(1 / k**2, (k, 1, n)), 1), (sp.Ge(n, 1),), Verdict.REFUTED),
]


@pytest.mark.parametrize("rel,facts,expected", SUMS, ids=[sp.sstr(s[0]) for s in SUMS])
def test_sums_with_a_symbolic_bound(rel, facts, expected):
    outcome = decide_relation(rel, facts)
    assert outcome.verdict is expected, outcome.reason


def test_a_sum_is_proved_by_its_certificate_not_by_summation():
    outcome = decide_relation(sp.Eq(sp.Sum(2 * k - 1, (k, 1, n)), n**2), ())
    assert outcome.verdict is Verdict.PROVED
    assert "telescoping certificate" in outcome.reason


x = sp.Symbol("x", real=True)


@pytest.mark.parametrize(
    "facts,expected",
    [
        ((sp.Gt(x, 0),), (0, False, sp.oo, False)),
        ((sp.Ge(x, -1), sp.Le(x, 2)), (-1, True, 2, True)),
        ((sp.Gt(x**2, 1),), None),  # two rays: not one interval
        ((sp.Gt(x, sp.Symbol("y", real=True)),), None),  # tied to another symbol
    ],
)
def test_the_interval_of_the_variable(facts, expected):
    span = span_of(x, facts)
    assert (None if span is None else (span.lo, span.lo_closed, span.hi, span.hi_closed)) == expected


@pytest.mark.parametrize(
    "d,strict,facts,expected",
    [
        (sp.exp(x) - 1 - x, False, (), Verdict.PROVED),
        (sp.exp(x) - 1 - x, True, (), Verdict.REFUTED),
        (x**3 - x + 1, True, (sp.Ge(x, 0), sp.Le(x, 2)), Verdict.PROVED),
        (x**3 - x + sp.Rational(1, 3), True, (sp.Ge(x, 0), sp.Le(x, 2)), Verdict.REFUTED),  # min 1/3 - 2/(3 sqrt 3) < 0
        (x - sp.log(x) - 1, False, (sp.Gt(x, 0),), Verdict.PROVED),
    ],
)
def test_one_variable_procedure(d, strict, facts, expected):
    found = decide_one_variable(d, strict, facts)
    assert found is not None and found.verdict is expected


def test_several_variables_are_left_to_other_rules():
    assert decide_one_variable(sp.exp(x) - x * sp.Symbol("y", real=True), False, ()) is None
