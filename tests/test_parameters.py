"""Inequalities with a parameter, for every value the assumptions allow it: true ones proved, false ones refuted at a point exact in every symbol, never the other way round."""

from __future__ import annotations

import pytest

from derivations.check.prove import decide
from derivations.model.verdict import Verdict

UNIT = [r"0 \leq a", r"a \leq 1"]

TRUE = [
    (r"a x^2 + x + 1 > 0", [r"a > \frac{1}{4}"]),  # convex, minimum 1 - 1/(4a) at x = -1/(2a)
    (r"a x^2 + x + 1 > 0", [r"a > 1"]),
    (r"a x^2 + 2x + 1 \geq 0", [r"a \geq 1"]),
    (r"x^2 + a x + 1 \geq 0", [r"-2 \leq a", r"a \leq 2"]),  # minimum 1 - a^2/4 on [-2, 2]
    (r"x^2 - 2 a x + 1 \geq 0", [r"-1 \leq a", r"a \leq 1"]),
    (r"(1+x)^a \geq 1 + a x", ["x > -1", r"a \geq 1"]),  # Bernoulli
    (r"(1+x)^a \geq 1 + a x", ["x > -1", r"a \geq 2"]),  # a - 1 >= 0 as a claim about a alone
    (r"(1+x)^a \leq 1 + a x", ["x > -1", *UNIT]),
    (r"x^a \leq x", [r"x \geq 1", *UNIT]),  # f_x >= 0 by its own derivative in x
    (r"x^a \leq 1 + a(x-1)", ["x > 0", *UNIT]),
    (r"x^a \geq 1 + a(x-1)", ["x > 0", r"a \geq 1"]),
    (r"x^a \geq 1", [r"x \geq 1", r"a \geq 0"]),
    (r"e^{a x} \geq 1 + a x", []),  # a function of u = a x alone
    (r"e^{a x} \geq 1 + a x", ["a > 0"]),
    (r"\log(1+a x) \leq a x", ["a x > -1"]),
    (r"\log(1+a x) \leq a x", ["a > 0", "x > 0"]),
    (r"a x - x^2 \leq \frac{a^2}{4}", []),
    (r"x e^{-a x} \leq \frac{1}{a e}", ["a > 0"]),
    (r"x^2 e^{-a x} \leq \frac{4}{a^2 e^2}", ["a > 0", r"x \geq 0"]),  # f_x <= 0 before x = 2/a, >= 0 after
    (r"\log x \leq a x - 1 - \log a", ["a > 0", "x > 0"]),
    (r"x^4 + a x^2 + 1 \geq 0", [r"a \geq -2"]),  # t = x^2 >= 0, a cut at 0 where the critical point leaves t >= 0
    (r"x^4 + a x^2 + 1 > 0", ["a > -2"]),
    (r"x^2 + a x + 1 \geq 0", [r"x \geq 0", r"a \geq -2"]),
]

FALSE = [
    (r"a x^2 + x + 1 > 0", [r"a \geq \frac{1}{4}"]),  # a = 1/4, x = -2: 0
    (r"x^2 + a x + 1 \geq 0", [r"a \leq 2"]),  # a = -3
    (r"x^2 + a x + 1 > 0", [r"-2 \leq a", r"a \leq 2"]),  # a = 2, x = -1: 0
    (r"a x^2 + 2x + 1 \geq 0", [r"a \geq \frac{1}{2}"]),
    (r"x^2 - 2 a x + 1 \geq 0", [r"-1 \leq a", r"a \leq 2"]),
    (r"(1+x)^a \geq 1 + a x", ["x > -1", r"a \geq 0"]),  # 0 < a < 1
    (r"(1+x)^a \leq 1 + a x", ["x > -1", r"0 \leq a", r"a \leq 2"]),
    (r"x^a \leq x", [r"x \geq 0", *UNIT]),  # 0 < x < 1
    (r"x^a \leq x", [r"x \geq 1", r"0 \leq a", r"a \leq 2"]),
    (r"x^a \geq 1 + a(x-1)", ["x > 0", r"a \geq \frac{1}{2}"]),
    (r"e^{a x} > 1 + a x", []),  # a x = 0
    (r"e^{a x} \geq 1 + a x + a^2 x^2", []),
    (r"\log(1+a x) \leq a x - \frac{a^2 x^2}{4}", ["a x > -1"]),
    (r"a x - x^2 < \frac{a^2}{4}", []),
    (r"x e^{-a x} < \frac{1}{a e}", ["a > 0"]),  # equal at x = 1/a
    (r"x^4 + a x^2 + 1 \geq 0", [r"a \geq -3"]),
    (r"x^2 + a x + 1 \geq 0", [r"x \geq 0", r"a \geq -3"]),
]


@pytest.mark.parametrize("latex, assume", TRUE)
def test_true_with_a_parameter_is_proved(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.PROVED, decision.reason


@pytest.mark.parametrize("latex, assume", FALSE)
def test_false_with_a_parameter_is_refuted_at_an_exact_point(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.REFUTED, decision.reason
    assert decision.counterexample is not None and decision.counterexample.exact
    assert set(decision.counterexample.values) >= {"a", "x"}  # every symbol a number
