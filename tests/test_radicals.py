"""Inequalities with square roots of variables: substituted (x = u^2), seen through |x| = t, squared where both sides are nonnegative; true ones proved, false ones refuted, never the other way round."""

from __future__ import annotations

import pytest

from derivations.check.prove import decide
from derivations.model.verdict import Verdict

NONNEGATIVE = [r"x \geq 0", r"y \geq 0"]

TRUE = [
    (r"\sqrt x + \sqrt y \geq \sqrt{x+y}", NONNEGATIVE),
    (r"\sqrt x + \sqrt y \leq \sqrt{2(x+y)}", NONNEGATIVE),
    (r"\sqrt{x + y} \leq \sqrt x + \sqrt y", NONNEGATIVE),
    (r"\sqrt{xy} \leq \frac{x+y}{2}", NONNEGATIVE),
    (r"\sqrt{x y} \geq \frac{2 x y}{x + y}", ["x > 0", "y > 0"]),
    (r"\sqrt{x^2+y^2} \geq \frac{|x|+|y|}{\sqrt 2}", []),  # |x| = s, |y| = t, then squared
    (r"\sqrt{x^2 + y^2} \leq |x| + |y|", []),
    (r"\sqrt{x^2 + y^2} \geq |x|", []),
    (r"\sqrt{\frac{x^2 + y^2}{2}} \geq \frac{x + y}{2}", []),
    (r"\sqrt{x} \leq \frac{a}{2} + \frac{x}{2a}", ["a > 0", r"x \geq 0"]),
    (r"\sqrt{x^2+1} \geq x + \frac{1}{2x} - \frac{1}{8x^3}", ["x > 0"]),  # squared twice, where the other side is >= 0
    (r"\sqrt{1+x} \geq 1 + \frac{x}{2} - \frac{x^2}{8}", [r"x \geq 0"]),
]

FALSE = [
    (r"\sqrt x + \sqrt y > \sqrt{x+y}", NONNEGATIVE),  # x = 0: equal
    (r"\sqrt x + \sqrt y \leq \sqrt{x+y}", NONNEGATIVE),
    (r"\sqrt{x} + \sqrt{y} \geq 2\sqrt{x+y}", NONNEGATIVE),
    (r"\sqrt{x^2+y^2} \geq |x|+|y|", []),
    (r"\sqrt{x^2+1} \geq x + \frac{1}{2x}", ["x > 0"]),
    (r"\sqrt{1+x} \leq 1 + \frac{x}{2} - \frac{x^2}{8}", [r"x \geq 0"]),
    (r"\sqrt{xy} < \frac{x+y}{2}", NONNEGATIVE),  # x = y
]


@pytest.mark.parametrize("latex, assume", TRUE)
def test_true_with_roots_is_proved(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.PROVED, decision.reason


@pytest.mark.parametrize("latex, assume", FALSE)
def test_false_with_roots_is_refuted(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.REFUTED, decision.reason
    assert decision.counterexample is not None and decision.counterexample.exact
