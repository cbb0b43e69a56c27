"""Identities on an interval by the derivative: inverse-trig identities on their ranges proved (f - g constant on
each piece, 0 at a point), and their near misses (wrong interval, sign or constant) refuted at a checked point."""

import pytest

from derivations.check.prove import decide
from derivations.model.verdict import Verdict

PROVED = [
    (r"\arctan x + \arctan \frac{1}{x} = \frac{\pi}{2}", ["x > 0"]),
    (r"\arctan x + \arctan \frac{1}{x} = -\frac{\pi}{2}", ["x < 0"]),
    (r"\arctan x + \arctan \frac{1}{x} = \frac{\pi}{2}", ["x \\ge 1"]),
    (r"\arcsin(\sin x) = x", ["x \\ge -\\frac{\\pi}{2}", "x \\le \\frac{\\pi}{2}"]),
    (r"\arcsin(\sin x) = \pi - x", ["x \\ge \\frac{\\pi}{2}", "x \\le \\frac{3\\pi}{2}"]),
    (r"\arctan(\tan x) = x", ["x > -\\frac{\\pi}{2}", "x < \\frac{\\pi}{2}"]),
    (r"\arctan(\tan x) = x - \pi", ["x > \\frac{\\pi}{2}", "x < \\frac{3\\pi}{2}"]),
    (r"\arccos(\cos x) = |x|", ["x \\ge -\\pi", "x \\le \\pi"]),
    (r"\arccos(\cos x) = 2\pi - x", ["x \\ge \\pi", "x \\le 2\\pi"]),
    (r"2 \arctan x = \arcsin \frac{2x}{1+x^2}", ["x \\ge -1", "x \\le 1"]),
    (r"\arctan x - \arctan y = \arctan \frac{x-y}{1+xy}", ["x > 0", "y > 0"]),
    (r"\arctan x - \arctan y = \arctan \frac{x-y}{1+xy}", ["x < 0", "y < 0"]),
    (r"\arctan x + \arctan y = \arctan \frac{x+y}{1-xy}", ["x > 0", "y < 0"]),
    (r"\arcsin(\cos x) = \frac{\pi}{2} - x", ["x \\ge 0", "x \\le \\pi"]),
    (r"\arccos(\sin x) = \frac{\pi}{2} - x", ["x \\ge -\\frac{\\pi}{2}", "x \\le \\frac{\\pi}{2}"]),
    (r"\arcsin x + \arccos x = \frac{\pi}{2}", []),
    (r"\arcsin x = \arctan \frac{x}{\sqrt{1-x^2}}", ["x > -1", "x < 1"]),
    (r"\arcsin x = 2 \arctan \frac{x}{1+\sqrt{1-x^2}}", ["x \\ge -1", "x \\le 1"]),
    (r"\arctan x = \arcsin \frac{x}{\sqrt{1+x^2}}", []),
    (r"2\arcsin x = \arccos(1 - 2x^2)", ["x \\ge 0", "x \\le 1"]),
    (r"\arctan e^{x} + \arctan e^{-x} = \frac{\pi}{2}", []),
    (r"\sqrt{1 - \sin^2 x} = \cos x", ["x > -\\frac{\\pi}{2}", "x < \\frac{\\pi}{2}"]),
    (r"|\cos x| = \cos x", ["x \\ge -\\frac{\\pi}{2}", "x \\le \\frac{\\pi}{2}"]),
    (r"|\sin x| = \sin x", ["x \\ge 0", "x \\le \\pi"]),
]

REFUTED = [
    (r"\arctan x + \arctan \frac{1}{x} = \frac{\pi}{2}", ["x < 0"]),  # the wrong sign of x
    (r"\arctan x + \arctan \frac{1}{x} = \frac{\pi}{2}", []),  # x < 0 is allowed too
    (r"\arctan x + \arctan \frac{1}{x} = \frac{\pi}{4}", ["x > 0"]),  # the wrong constant
    (r"\arcsin(\sin x) = x", ["x \\le 2"]),  # the wrong interval
    (r"\arcsin(\sin x) = x", ["x \\ge -2", "x \\le 0"]),
    (r"\arcsin(\sin x) = \pi - x", ["x \\ge 0", "x \\le \\pi"]),
    (r"\arctan(\tan x) = x", ["x > 0", "x < 2"]),  # across the pole at pi/2
    (r"\arccos(\cos x) = x", ["x \\ge -\\pi", "x \\le \\pi"]),
    (r"\arccos(\cos x) = |x|", ["x \\ge -4", "x \\le 4"]),
    (r"2 \arctan x = \arcsin \frac{2x}{1+x^2}", ["x \\ge -2", "x \\le 2"]),
    (r"\arctan x - \arctan y = \arctan \frac{x+y}{1+xy}", ["x > 0", "y > 0"]),
    (r"\arcsin(\cos x) = \frac{\pi}{2} - x", ["x \\ge -1", "x \\le \\pi"]),
    (r"\arcsin x + \arccos x = \pi", []),
    (r"\arccos x = \arctan \frac{\sqrt{1-x^2}}{x}", ["x < 0", "x \\ge -1"]),
    (r"\arctan x = \arccos \frac{1}{\sqrt{1+x^2}}", []),
    (r"2\arcsin x = \arccos(1 - 2x^2)", ["x \\ge -1", "x \\le 1"]),
    (r"\sqrt{1 - \sin^2 x} = \cos x", ["x > 0", "x < 2"]),
    (r"|\sin x| = -\sin x", ["x \\ge 0", "x \\le \\pi"]),
]


@pytest.mark.parametrize("latex, assume", PROVED)
def test_true_identities_are_proved(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.PROVED, found.reason


@pytest.mark.parametrize("latex, assume", REFUTED)
def test_near_misses_are_refuted(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.REFUTED, found.reason
    assert found.counterexample is not None and found.counterexample.exact
