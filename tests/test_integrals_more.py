"""Issue 20, definite and improper integrals: the differential in a numerator, parameters, singularities inside, divergence."""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.check.prove import decide
from derivations.model.verdict import Verdict
from derivations.read.parse import parse

x, a = sp.symbols("x a")

READ = [
    (r"\int_{-\infty}^\infty \frac{dx}{1+x^2}", sp.Integral(1 / (1 + x**2), (x, -sp.oo, sp.oo))),
    (r"\int_0^1 \frac{d x}{x}", sp.Integral(1 / x, (x, 0, 1))),
    (r"\int_0^1 \frac{x\,dx}{1+x^2}", sp.Integral(x / (1 + x**2), (x, 0, 1))),
    (r"\int \frac{a\, dx}{x}", sp.Integral(a / x, x)),
]


@pytest.mark.parametrize("latex, expected", READ)
def test_the_differential_in_a_numerator(latex, expected):
    assert sp.sstr(parse(latex)) == sp.sstr(expected)


# (LaTeX, assumptions, expected verdict)
DECIDED = [
    (r"\int_{-\infty}^\infty \frac{dx}{1+x^2} = \pi", [], Verdict.PROVED),
    (r"\int_{-e}^{-1} \frac{dx}{x} = -1", [], Verdict.PROVED),
    (r"\int_0^\infty \frac{dx}{1+x} = \log 2", [], Verdict.REFUTED),
]


@pytest.mark.parametrize("latex, assume, expected", DECIDED)
def test_integrals_are_decided(latex, assume, expected):
    assert decide(latex, assume).verdict is expected


PARAMETERS = [  # continuity on the interval under the assumptions; SymPy's cases resolved by them
    (r"\int_0^1 x^n \, dx = \frac{1}{n+1}", [r"n \ge 0"], Verdict.PROVED),
    (r"\int_1^\infty x^{-p} \, dx = \frac{1}{p-1}", ["p > 1"], Verdict.PROVED),
    (r"\int_0^1 x^a \, dx = \frac{1}{a+1}", ["a > -1"], Verdict.PROVED),
    (r"\int_0^1 \frac{1}{x^a} \, dx = \frac{1}{1-a}", ["0 < a", "a < 1"], Verdict.PROVED),
    (r"\int_{-\infty}^{\infty} \frac{1}{x^2 + a^2} \, dx = \frac{\pi}{a}", ["a > 0"], Verdict.PROVED),
    (r"\int_0^1 \frac{1}{x - a} \, dx = \log\frac{1-a}{-a}", ["a < 0"], Verdict.PROVED),
    (r"\int_0^\infty e^{-ax} \, dx = \frac{1}{a}", ["a > 0"], Verdict.PROVED),
    (r"\int_{-\infty}^{\infty} e^{-a x^2} \, dx = \sqrt{\frac{\pi}{a}}", ["a > 0"], Verdict.PROVED),
    (r"\int_0^\infty e^{-ax} \, dx = \frac{2}{a}", ["a > 0"], Verdict.REFUTED),
    (r"\int_0^1 \frac{1}{x - a} \, dx = \log\frac{1-a}{-a}", ["a > 1"], Verdict.PROVED),
    # false ones: each fails at a value the assumptions allow
    (r"\int_1^\infty x^{-p} \, dx = \frac{1}{p-1}", ["p > 0"], Verdict.REFUTED),
    (r"\int_0^1 x^a \, dx = \frac{1}{a+1}", ["a > -2"], Verdict.REFUTED),
    (r"\int_0^1 \frac{1}{x^a} \, dx = \frac{1}{1-a}", ["a > 0"], Verdict.REFUTED),
    (r"\int_{-\infty}^{\infty} \frac{1}{x^2 + a^2} \, dx = \frac{\pi}{a}", [r"a \ne 0"], Verdict.REFUTED),
    (r"\int_0^1 \frac{1}{x - a} \, dx = \log\frac{a-1}{a}", ["a > 0"], Verdict.REFUTED),
    (r"\int_0^\infty e^{-ax} \, dx = \frac{1}{a}", [], Verdict.REFUTED),
    (r"\int_0^1 x^n \, dx = \frac{1}{n+1}", [r"n \in \mathbb{N}"], Verdict.PROVED),
]


@pytest.mark.parametrize("latex, assume, expected", PARAMETERS)
def test_integrals_with_parameters(latex, assume, expected):
    assert decide(latex, assume).verdict is expected


INSIDE = [  # singularities and kinks inside the interval: improper pieces, each a limit of its antiderivative
    (r"\int_{-1}^1 \frac{1}{\sqrt{|x|}}dx = 4", Verdict.PROVED),
    (r"\int_0^2 \frac{1}{\sqrt{|x-1|}}dx = 4", Verdict.PROVED),
    (r"\int_{-1}^1 \frac{1}{\sqrt[3]{x^2}}dx = 6", Verdict.PROVED),
    (r"\int_{-1}^1 \log|x| dx = -2", Verdict.PROVED),
    (r"\int_{-1}^1 \frac{|x|}{x}dx = 0", Verdict.PROVED),
    (r"\int_0^2 \log|x - 1| \, dx = -2", Verdict.PROVED),
    (r"\int_{-1}^{2} |x| \, dx = \frac{5}{2}", Verdict.PROVED),
    (r"\int_0^1 \frac{\log x}{\sqrt{x}} \, dx = -4", Verdict.PROVED),  # by parts (manualintegrate), not a Meijer G
    (r"\int_0^1 \frac{1}{x^2}dx = \infty", Verdict.PROVED),
    (r"\int_{-1}^{1} \frac{1}{x^{2}} \, dx = \infty", Verdict.PROVED),
    (r"\int_0^2\frac{1}{|x-1|}dx = 0", Verdict.REFUTED),
    (r"\int_0^1 \frac{1}{\sqrt{x}} \, dx = \infty", Verdict.REFUTED),
    (r"\int_{-1}^{1}\frac{1}{x^2}dx = -2", Verdict.REFUTED),
    (r"\int_{-1}^{1}\frac{1}{x}dx = 0", Verdict.REFUTED),
    (r"\int_{-2}^{2}\frac{1}{x^2-1}dx = -\frac23\log 3", Verdict.REFUTED),  # log divergence at both poles
    (r"\int_{-1}^{1}\frac{1}{x}dx = \infty", Verdict.REFUTED),
    (r"\int_0^\infty \sin x \, dx = 1", Verdict.REFUTED),  # -cos x has no limit at infinity
    (r"\int_0^\infty \sin x \, dx = \infty", Verdict.REFUTED),
]


@pytest.mark.parametrize("latex, expected", INSIDE)
def test_singularities_inside_and_divergence(latex, expected):
    assert decide(latex).verdict is expected


SYMBOLIC_BOUNDS = [  # an integrand continuous on all of R: G(high) - G(low) for any finite bounds
    (r"\int_{-a}^{a} x^3 \, dx = 0", Verdict.PROVED),
    (r"\int_{-a}^{a} x^2 \, dx = 0", Verdict.REFUTED),
    (r"\int_{-a}^{2a} 3x^2 \, dx = 9a^3", Verdict.PROVED),
]


@pytest.mark.parametrize("latex, expected", SYMBOLIC_BOUNDS)
def test_symbolic_bounds(latex, expected):
    assert decide(latex).verdict is expected
