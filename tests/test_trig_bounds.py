"""Inequalities with trig and inverse trig on intervals: monotonicity and convexity with the interval's signs,
certified bisection for tight bounds, one period of a periodic bound, a tail by |sin x| <= 1; true ones proved,
false ones refuted at a checked point, never the reverse."""

import pytest

from derivations.check.prove import decide
from derivations.model.verdict import Verdict

HALF = ["x \\ge 0", "x < \\frac{\\pi}{2}"]
OPEN_HALF = ["x > 0", "x < \\frac{\\pi}{2}"]

PROVED = [
    (r"\tan x \ge x", HALF),
    (r"\tan x > x + \frac{x^3}{3}", OPEN_HALF),
    (r"\sin x < x", ["x > 0"]),
    (r"\arcsin x \ge x", ["x \\ge 0", "x \\le 1"]),
    (r"\arcsin x \le \frac{\pi}{2} x", ["x \\ge 0", "x \\le 1"]),
    (r"\frac{\sin x}{x} \ge -0.2173", ["x > 0"]),
    (r"\sin x + \cos x \le 1.4142136", []),
    (r"\tan x \le 1256", ["x \\ge 0", "x \\le 1.57"]),
    (r"\tan x > 0", ["x > 0", "x < 1.5707963"]),
    (r"\cos x > 0", ["x > -1.5707", "x < 1.5707"]),
    (r"\sin x \ge \frac{2}{\pi} x", ["x \\ge 0", "x \\le \\frac{\\pi}{2}"]),
    (r"\cos x \le 1", []),
    (r"\sin x \cos x \le 0.5000001", []),
    (r"\tan x \ge \sin x", HALF),
    (r"\arctan x \le x", ["x \\ge 0"]),
    (r"\arctan x > x - \frac{x^3}{3}", ["x > 0"]),
    (r"\sin x > x - \frac{x^3}{6}", ["x > 0"]),
    (r"\cos x \ge 1 - \frac{x^2}{2}", ["x \\ge 0"]),
]

REFUTED = [
    (r"\tan x \le 1255", ["x \\ge 0", "x \\le 1.57"]),
    (r"\tan x > 0", ["x > 0", "x < 1.5708"]),  # pi/2 < 1.5708: tan x < 0 just after it
    (r"\frac{\sin x}{x} \ge -0.2172", ["x > 0"]),
    (r"\sin x + \cos x \le 1.4142135", []),
    (r"\tan x \le x", OPEN_HALF),
    (r"\sin x > x", ["x > 0"]),
    (r"\arcsin x \le x", ["x > 0", "x \\le 1"]),
    (r"\arcsin x \ge \frac{\pi}{2} x", ["x > 0", "x < 1"]),
    (r"\cos x > 0", ["x > -1.5708", "x < 1.5708"]),
    (r"\sin x \ge \frac{2}{\pi} x", ["x \\ge 0", "x \\le 2"]),
    (r"\sin x \cos x \le 0.4999", []),
    (r"\tan x > x + \frac{x^3}{2}", OPEN_HALF),
]


@pytest.mark.parametrize("latex, assume", PROVED)
def test_true_bounds_are_proved(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.PROVED, found.reason


@pytest.mark.parametrize("latex, assume", REFUTED)
def test_false_bounds_are_refuted(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.REFUTED, found.reason
    assert found.counterexample is not None and found.counterexample.exact
