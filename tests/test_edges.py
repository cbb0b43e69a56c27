"""Edges of the gate: strict bounds with excluded equality points, removable singularities, real odd roots,
\\neq claims, one-point domains, the reported domain and the statement as written."""

import pytest

from derivations.check.prove import decide
from derivations.model.verdict import Verdict

P, R, U = Verdict.PROVED, Verdict.REFUTED, Verdict.UNKNOWN

# (latex, assumptions, verdict): strict inequalities whose only equality points the assumptions exclude
STRICT = [
    (r"e^x > 1 + x", [r"x \neq 0"], P),
    (r"e^x > 1 + x", [], R),  # equality at x = 0
    (r"\log x < x - 1", [r"x > 0", r"x \neq 1"], P),
    (r"\log x < x - 1", [r"x > 0"], R),
    (r"\sigma(x) > \frac{1}{2}", [r"x > 0"], P),
    (r"\cos x < 1", [r"0 < x", r"x < 1"], P),
    (r"e^x > e x", [r"x \neq 1"], P),
    (r"x^2 - 2x + 1 > 0", [r"x \neq 1"], P),
    (r"x^2 - 2x + 1 > 0", [r"x \neq 2"], R),
    (r"\log(1+x) < x", [r"x > -1", r"x \neq 0"], P),
    (r"\log x < x - 1", [r"x \ge 1"], R),  # equality at the closed end x = 1
    (r"\sigma(x) < \frac{1}{2}", [r"x \le 0"], R),
    (r"\log|x| \le |x| - 1", [r"x \ne 0"], P),
]

# quotients with a removable singularity
QUOTIENTS = [
    (r"\frac{e^x - 1}{x} > 1", [r"x > 0"], P),
    (r"\frac{e^x - 1}{x} > 0", [], P),
    (r"\frac{x^3 - 1}{x - 1} > 0", [], P),
    (r"\frac{x^2 - 1}{x - 1} > 0", [], R),  # x + 1 at x = -1
    (r"\frac{e^x - 1}{x} \ge 1", [r"x < 0"], R),
    (r"\frac{x^2 - 4}{x - 2} > 0", [r"x > -2"], P),
    (r"\frac{x^2 - 4}{x - 2} > 0", [], R),
]

# \sqrt[n]{x} with n odd is the real root, defined for every real x
ROOTS = [
    (r"\sqrt[3]{-8} = -2", [], P),
    (r"\sqrt[3]{-8} = 2", [], R),
    (r"\sqrt[3]{-27} = -3", [], P),
    (r"\sqrt[3]{x^3} = x", [], P),
    (r"\sqrt[3]{x^3} = |x|", [], R),
    (r"\sqrt[5]{x^5} = x", [], P),
    (r"\sqrt[3]{-x} = -\sqrt[3]{x}", [], P),
    (r"\sqrt[3]{x} < 0", [r"x < 0"], P),
    (r"\sqrt[3]{x} \le x", [r"x \ge 1"], P),
    (r"\tanh^{-1}(\tanh x) = x", [], P),
    (r"\tanh^{-1}(\tanh x) = 2x", [], R),
]

# a\neq b: a strict bound, or the exact zeros of a - b all excluded; refuted at an exact equality point
UNEQUAL = [
    (r"e^x \neq 0", [], P),
    (r"x^2 + 1 \neq 0", [], P),
    (r"x^2 - 1 \neq 0", [], R),
    (r"x^2 - 1 \neq 0", [r"x > 1"], P),
    (r"2 \neq 3", [], P),
    (r"\sqrt{4} \neq 2", [], R),
    (r"\sin x \neq 0", [r"0 < x", r"x < 3"], P),
    (r"\sin x \neq 0", [], R),
    (r"\frac{x^2 - 1}{x - 1} \neq 2", [], P),
    (r"\frac{e^x - 1}{x} \ne 1", [], P),
    (r"e^x \ne 1 + x", [], R),
    (r"e^x \ne 1 + x", [r"x \ne 0"], P),
    (r"x y \neq 0", [r"x > 0", r"y > 0"], P),
    (r"x^3 - x \neq 0", [], R),
    (r"x^3 - x \neq 0", [r"x > 2"], P),
    (r"\sigma(x) \neq \frac{1}{2}", [], R),
    (r"\sigma(x) \neq \frac{1}{2}", [r"x > 0"], P),
]

# a domain of one point: decided there, never on complex values
POINTS = [
    (r"\sqrt{x} + \sqrt{-x} = 0", [], P),
    (r"\sqrt{x} + \sqrt{-x} \ge 1", [], R),
    (r"\sqrt{-x} \ge 0", [], P),
    (r"\sqrt{x - 2} + \sqrt{2 - x} = 0", [], P),
    (r"\sqrt{x - 2} + \sqrt{2 - x} > 0", [], R),
]


@pytest.mark.parametrize("latex,assume,verdict", STRICT + QUOTIENTS + ROOTS + UNEQUAL + POINTS)
def test_verdict(latex, assume, verdict):
    found = decide(latex, assume)
    assert found.verdict is verdict, found.reason
    if verdict is R:
        assert found.counterexample is not None


# the domain reported is the statement's real domain
DOMAINS = [
    (r"\sqrt[4]{x^4} = |x|", None),
    (r"\sqrt[3]{x^3} = x", None),
    (r"\sqrt[6]{x^6} = |x|", None),
    (r"\frac{x}{x} = 1", r"x \neq 0"),
]


@pytest.mark.parametrize("latex,domain", DOMAINS)
def test_domain(latex, domain):
    found = decide(latex)
    assert found.verdict is P and found.domain == domain


# the statement printed is the formula as written, not its simplified form
WRITTEN = [
    (r"e^{\log x} = x", r"e^{\log x} = x"),
    (r"\ln(e^2) = 2", r"\log(e^{2}) = 2"),
    (r"\frac{x}{x} = 1", r"\frac{x}{x} = 1"),
    (r"\sqrt[4]{x^4} = |x|", r"\sqrt[4]{x^{4}} = \left|{x}\right|"),
    (r"\sqrt[3]{-8} = -2", r"\sqrt[3]{-8} = -2"),
    (r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}", r"\sum_{k=1}^{n} k = \frac{n (n + 1)}{2}"),
    (r"x^{1/3} = 2", r"x^{1/3} = 2"),  # SymPy's principal root, never written as the real root
]


@pytest.mark.parametrize("latex,statement", WRITTEN)
def test_statement_as_written(latex, statement):
    assert decide(latex).statement == statement
