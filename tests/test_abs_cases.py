"""|.|, max and min of nonlinear arguments: split where each argument has one sign (after a period or an even
symmetry), |u| <= c as u^2 <= c^2, or by cases; true statements proved, false ones refuted, never the reverse."""

import pytest

from derivations.check.prove import decide
from derivations.model.verdict import Verdict

PROVED = [
    (r"|\sin x| \le |x|", []),
    (r"\sin^2 x \le |\sin x|", []),
    (r"\sin 2x \le 2|\sin x|", []),
    (r"|\sin x| + 2|\cos x| \ge 1", []),
    (r"\cosh x > |\sinh x|", []),
    (r"x^2+y^2 \ge 2|xy|", []),
    (r"\max(x,y)^2 \le \max(x^2,y^2)", []),
    (r"|x+y|+|x-y| = 2 \max(|x|,|y|)", []),
    (r"|\sin x| + |\cos x| \ge 1", []),
    (r"|x^2 - 1| \ge x^2 - 1", []),
    (r"|\sin x - \cos x| \le 1.4142136", []),
    (r"|x y| \le \frac{x^2 + y^2}{2}", []),
    (r"|\tanh x| < 1", []),
]

REFUTED = [
    (r"|\sin x| \le \frac{|x|}{2}", []),
    (r"\sin^2 x \ge |\sin x|", []),
    (r"|\sin x| + 2|\cos x| \ge 1.1", []),
    (r"x^2+y^2 \ge 3|xy|", []),
    (r"\max(x,y)^2 \ge \max(x^2,y^2)", []),
    (r"|x+y|+|x-y| = \max(|x|,|y|)", []),
    (r"|\sin x| + |\cos x| > 1", []),
    (r"|x^2 - 1| \le x^2 - 1", []),
]


@pytest.mark.parametrize("latex, assume", PROVED)
def test_true_statements_are_proved(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.PROVED, found.reason


@pytest.mark.parametrize("latex, assume", REFUTED)
def test_false_statements_are_refuted(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.REFUTED, found.reason
    assert found.counterexample is not None
