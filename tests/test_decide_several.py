"""Issue 20, gaps of the review: inequalities in several variables, factorials and binomials over N; true ones proved, false ones never proved (refuted where a point falsifies them)."""

from __future__ import annotations

import pytest

from derivations.check.prove import decide
from derivations.model.verdict import Verdict

N = r"n \in \mathbb{N}"
POSITIVE = ["x > 0", "y > 0"]

TRUE = [
    (r"x^2 + xy + y^2 \geq 0", []),  # a PSD quadratic form
    (r"a^2 + b^2 + c^2 \geq ab + bc + ca", []),
    (r"(x-y)^2 + (y-z)^2 \geq 0", []),
    (r"x^4 + y^4 \geq x^3 y + x y^3", []),  # (x-y)^2 (x^2+xy+y^2), the last form by t = x/y
    (r"\frac{x+y}{2} \geq \sqrt{xy}", POSITIVE),  # x = a^2, y = b^2
    (r"\frac{2xy}{x+y} \leq \sqrt{xy}", POSITIVE),
    (r"\frac{x}{y} + \frac{y}{x} \geq 2", POSITIVE),
    (r"e^x + e^y \geq 2e^{(x+y)/2}", []),  # x = 2 log a
    (r"\log(1+x) + \log(1+y) \leq x + y", ["x > -1", "y > -1"]),  # separates
    (r"\sigma(x) + \sigma(y) < 2", []),
    (r"n! \geq 2^{n-1}", [N]),
    (r"n! > n^2", [N, r"n \geq 4"]),
    (r"\binom{2n}{n} \geq 2^n", [N]),
    (r"(n+1)! = (n+1)\, n!", [N]),
    (r"\binom{n}{2} = \frac{n(n-1)}{2}", [N]),
    (r"\left||x| - |y|\right| \leq |x - y|", []),  # ten closed cells, an exact LP in each
    (r"|x|+|y|+|z| \geq |x+y+z|", []),
    (r"\max(x+y, 0) \leq \max(x,0) + \max(y,0)", []),
    (r"\cosh x \geq 1 + \frac{x^2}{2}", []),  # convex, f'' = cosh x - 1 itself by calculus
    (r"e^x \geq 1 + x + \frac{x^2}{2} + \frac{x^3}{6}", [r"x \geq 0"]),  # a chain of three derivatives
    (r"e^{-x} \leq \frac{1}{1+x}", ["x > -1"]),  # factors: e^{-x} (e^x - 1 - x) / (1 + x)
    (r"\log x \leq \frac{x-1}{\sqrt{x}}", [r"x \geq 1"]),
    (r"\sqrt{1+x} \leq 1 + \frac{x}{2}", [r"x \geq -1"]),  # u = sqrt(1 + x)
    (r"x\sigma(x) \geq -0.28", []),
    (r"\cosh x \leq e^{x^2/2}", []),  # as logarithms: x^2/2 - log cosh x, convex, 0 at 0  # minimum -0.2785 at a non-exact critical point: bisection and tails
    (r"\int_{-2}^{-1}\frac{1}{x}dx = -\log 2", []),  # log(-x) on x < 0
    (r"e^{x+y} \geq 1 + x + y", []),  # a function of u = x + y alone
    (r"\log(e^x + e^y) \geq \frac{x+y}{2} + \log 2", []),  # logs combined: (a + b)^2 >= 4ab
    (r"\tanh(x)\tanh(y) \geq -1", []),  # multilinear in tanh x, tanh y on [-1, 1]^2: least at a vertex
    (r"\sigma(x) \tanh(y) \geq -1", []),
    (r"x^2 + y^2 + 1 \geq xy + x + y", []),  # the homogenised form is PSD
    (r"\sqrt{x^2 + y^2} \leq |x| + |y|", []),  # squaring: (|x| + |y|)^2 - x^2 - y^2 = 2|x||y|
    (r"\sqrt{\frac{x^2+y^2}{2}} \geq \frac{x+y}{2}", []),  # c^2 P - A^2 >= 0: the root is >= |A|
    (r"\sum_{k=0}^{n}\binom{n}{k} = 2^n", [N]),  # Pascal: S(n+1) = 2 S(n), S(0) = 1
    (r"\sum_{k=0}^{n} k\binom{n}{k} = n 2^{n-1}", [N]),  # S(n+1) = 2 S(n) + 2^n, the lower sum certified first
    (r"\sum_{k=0}^{n} k^2\binom{n}{k} = n(n+1) 2^{n-2}", [N]),
    (r"\sum_{k=0}^{n} (-1)^k\binom{n}{k} = 0", [N, r"n \geq 1"]),
    (r"\sum_{k=0}^{n} 2^k\binom{n}{k} = 3^n", [N]),
    (r"n! \leq n^n", [N, r"n \geq 1"]),  # step rest (n+1)((n+1)^n - n^n) >= 0 through logarithms
    (r"(2n)! \geq 2^n n!", [N]),  # the step's rest 4 2^n n (n+1) n! >= 0 for any positive n!
]

FALSE = [
    (r"x^2 + y^2 \geq 3xy", []),
    (r"a^2 + b^2 + c^2 \geq 2(ab + bc + ca)", []),
    (r"\frac{x+y}{2} \leq \sqrt{xy}", POSITIVE),
    (r"\frac{x}{y} + \frac{y}{x} > 2", POSITIVE),  # equality at x = y
    (r"e^x + e^y \geq e^{x+y}", []),
    (r"\log(1+x) + \log(1+y) \geq x + y", ["x > -1", "y > -1"]),
    (r"xy \leq \frac{(x+y)^2}{8}", []),
    (r"n! > n^2", [N, r"n \geq 3"]),
    (r"n! \geq 2^n", [N]),
    (r"\binom{2n}{n} \geq 4^n", [N]),
    (r"\sum_{k=0}^{n}\binom{n}{k} = 2^{n+1}", [N]),
    (r"(n+1)! = n! + n", [N]),
    (r"|x - y| \leq \left||x| - |y|\right|", []),
    (r"\max(x,0) + \max(y,0) \leq \max(x+y,0)", []),
    (r"\cosh x \geq 1 + x^2", []),
    (r"\cosh x \leq 1 + x^2", []),
    (r"x\sigma(x) \geq -0.27", []),
    (r"\cosh x \leq e^{x^2/3}", []),
    (r"e^x \geq 1 + x + \frac{x^2}{2}", []),
    (r"\sigma(x+y) \leq \frac12 + \frac{x+y}{4}", []),
    (r"\log(e^x + e^y) \geq \frac{x+y}{2} + \log 3", []),
    (r"(2n)! \leq 2^n n!", [N]),
    (r"\tanh(x)\tanh(y) \leq \tanh(x)", []),
    (r"\sum_{k=0}^{n} (-1)^k\binom{n}{k} = 0", [N]),  # 1 at n = 0
    (r"\sum_{k=0}^{n} k^2\binom{n}{k} = n^2 2^{n-2}", [N]),
    (r"x^2 + y^2 + 1 \geq 2xy + 2x", []),
    (r"|x+y| \leq |x| + |y| - 1", []),
    (r"\sqrt{\frac{x^2+y^2}{2}} \geq x+y", []),
    (r"\sqrt{x^2+1} < |x| + 1", []),
]


DIVERGENT = [  # the integral has no value: refuted (never the number an antiderivative would give)
    r"\int_{-2}^{1}\frac{1}{x}dx = \log\frac12",
    r"\int_{-1}^{1}\frac{1}{x^2}dx = -2",
    r"\int_{-1}^{1}\frac{1}{x^3}dx = 0",
]


@pytest.mark.parametrize("latex, assume", TRUE)
def test_true_statement_is_proved(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.PROVED, decision.reason


@pytest.mark.parametrize("latex, assume", FALSE)
def test_false_statement_is_refuted(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.REFUTED, decision.reason
    assert decision.counterexample is not None


@pytest.mark.parametrize("latex", DIVERGENT)
def test_integral_over_a_singularity_has_no_value(latex):
    decision = decide(latex)
    assert decision.verdict is Verdict.REFUTED and "diverges" in decision.reason, decision.reason
