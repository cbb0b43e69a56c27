"""Series, sums with n in their bounds or terms, and limits: true ones proved, false ones refuted with a
counterexample that is checked, divergent ones never proved."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from derivations.check.prove import decide
from derivations.check.witness import approach_verdict
from derivations.decide import series
from derivations.decide.rules.running_sums import first_failure
from derivations.model.verdict import Verdict

N = ["n \\in \\mathbb{N}"]
N1 = ["n \\in \\mathbb{N}", "n \\ge 1"]

TRUE = [
    (r"\sum_{k=1}^{\infty}\frac{1}{k^2} = \frac{\pi^2}{6}", []),
    (r"\sum_{k=0}^\infty 2^{-k} = 2", []),
    (r"\sum_{k=1}^\infty \frac{(-1)^{k+1}}{k} = \log 2", []),
    (r"\sum_{k=0}^\infty \frac{(-1)^k}{2k+1} = \frac{\pi}{4}", []),
    (r"\sum_{k=1}^{\infty}\frac{1}{k(k+1)} = 1", []),
    (r"\sum_{k=1}^{\infty}\frac{1}{k^2} < 1.65", []),
    (r"\sum_{k=1}^{\infty}\frac{1}{k^3} > 1.2", []),
    (r"\sum_{k=1}^n \frac1n = 1", N1),
    (r"\sum_{k=1}^{n} \frac{k}{n^2} = \frac{n+1}{2n}", N1),
    (r"\sum_{k=1}^{n} n = n^2", N),
    (r"\sum_{k=2}^{n} \frac{1}{k(k-1)} = 1 - \frac{1}{n}", N1),
    (r"\sum_{k=0}^{n-1} r^k = \frac{r^n - 1}{r - 1}", ["n \\in \\mathbb{N}", "r \\ne 1"]),
    (r"\sum_{k=0}^{\infty} x^k = \frac{1}{1-x}", ["|x| < 1"]),
    (r"\lim_{x \to -\infty} \left(\sqrt{x^2 + x} + x\right) = -\frac{1}{2}", []),
    (r"\lim_{x \to 0^+} x^a \log x = 0", ["a > 0"]),
]

# (latex, assume, the counterexample's values (None: any point, confirmed), words its detail must contain)
FALSE = [
    (r"\sum_{k=1}^\infty \frac1k = 2", [], {}, "diverges"),
    (r"\sum_{k=1}^\infty k = -\frac{1}{12}", [], {}, "diverges"),
    (r"\sum_{k=0}^{\infty}(-1)^k = \frac12", [], {}, "diverges"),
    (r"\sum_{k=1}^{\infty}\frac{1}{k} < 100", [], {}, "diverges to oo"),
    (r"\sum_{k=1}^{\infty}\frac{1}{k^3} = \frac{\pi^3}{32}", [], {}, "exclude the claimed value"),
    (r"\sum_{k=1}^{\infty}\frac{1}{k^2} = \frac{\pi^2}{6} + 10^{-12}", [], {}, "exclude the claimed value"),
    (r"\sum_{k=1}^{\infty}\frac{1}{k^2} < 1.64", [], {}, "false"),
    (r"\sum_{k=1}^{n}\frac{1}{k^2} < 1.64", N, {"n": "203"}, "n = 203"),
    (r"\sum_{k=1}^{n} \frac{k}{n} = \frac{n}{2}", N1, {"n": "1"}, "n = 1"),
    (r"\sum_{k=n}^{2n} k = \frac{3n^2}{2}", N1, {"n": "1"}, "n = 1"),
    (r"\sum_{k=0}^{\infty} x^k = \frac{1}{1-x}", [], None, "diverges"),
    (r"\sum_{k=1}^{\infty} x^k = \frac{1}{1-x}", ["|x| < 1"], None, "confirmed"),
    (r"\lim_{x \to \infty} \left(\sqrt{x + \sqrt{x}} - \sqrt{x}\right) = 0", [], {}, "1/2"),
    (r"\lim_{x \to -\infty} \left(\sqrt{x^2 + x} - x\right) = \frac{1}{2}", [], {}, "oo"),
]

DIVERGENT = [
    (r"\sum_{k=1}^\infty \frac1k = \frac{\pi^2}{6}", []),
    (r"\sum_{k=1}^\infty k = -\frac{1}{12}", []),
    (r"\sum_{k=0}^\infty (-1)^k = \frac{1}{2}", []),
    (r"\sum_{k=1}^\infty \frac{1}{\sqrt{k}} = 3", []),
    (r"\sum_{k=0}^\infty 2^k = -1", []),
]


@pytest.mark.parametrize("latex, assume", TRUE, ids=[t[0] for t in TRUE])
def test_true_proved(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.PROVED, found.reason
    assert all(w.agrees for w in found.witness)


@pytest.mark.parametrize("latex, assume, values, words", FALSE, ids=[f[0] for f in FALSE])
def test_false_refuted_with_its_counterexample(latex, assume, values, words):
    found = decide(latex, assume)
    assert found.verdict is Verdict.REFUTED, found.reason
    assert found.counterexample is not None and found.counterexample.exact
    assert values is None or dict(found.counterexample.values) == values
    assert words in found.counterexample.detail or words in found.reason


@pytest.mark.parametrize("latex, assume", DIVERGENT, ids=[d[0] for d in DIVERGENT])
def test_divergent_never_proved(latex, assume):
    assert decide(latex, assume).verdict is not Verdict.PROVED


k = sp.Symbol("k", integer=True)
CONVERGENCE = [
    (1 / k**2, 1, True),
    ((-1) ** k / (2 * k + 1), 0, True),
    (1 / sp.factorial(k), 0, True),
    (k / 2**k, 1, True),
    (1 / k, 1, False),
    (k, 1, False),
    ((-1) ** k, 0, False),
    (2**k, 0, False),
    ((-1) ** k * k, 0, False),
]


@pytest.mark.parametrize("a, m, converges", CONVERGENCE, ids=[str(c[0]) for c in CONVERGENCE])
def test_convergence_test(a, m, converges):
    assert series.convergence(sp.Sum(a, (k, m, sp.oo)))[0] is converges


VALUES = [
    (1 / k**2, 1, sp.pi**2 / 6),
    ((-1) ** (k + 1) / k, 1, sp.log(2)),
    (1 / sp.factorial(k), 0, sp.E),
    (1 / k**3, 1, sp.zeta(3)),
    (1 / (k**2 - 1), 2, sp.Rational(3, 4)),
]


@pytest.mark.parametrize("a, m, exact", VALUES, ids=[str(v[0]) for v in VALUES])
def test_enclosure_holds_the_value_and_is_narrow(a, m, exact):
    box = series.enclosure(sp.Sum(a, (k, m, sp.oo)), 30)
    with mpmath.workdps(40):
        v = mpmath.mpf(sp.N(exact, 40))
        assert mpmath.mpf(box.a) <= v <= mpmath.mpf(box.b)
        assert mpmath.mpf(box.b) - mpmath.mpf(box.a) < mpmath.mpf(10) ** -3


def test_running_sums_first_failure_is_exact():
    n = sp.Symbol("n", integer=True, nonnegative=True)
    rel = sp.Lt(sp.Sum(1 / k**2, (k, 1, n)), sp.Rational(41, 25))
    m = first_failure(rel, n, 0)
    assert m == 203
    assert sp.Sum(1 / k**2, (k, 1, m)).doit() > sp.Rational(41, 25)
    assert sp.Sum(1 / k**2, (k, 1, m - 1)).doit() < sp.Rational(41, 25)


@pytest.mark.parametrize("values, verdict", [([mpmath.mpf("0.5")], "unsettled"), ([mpmath.mpf("0.4999"), mpmath.mpf("0.5")], "agree")])
def test_one_value_is_never_agreement(values, verdict):
    assert approach_verdict(values, sp.Rational(1, 2)) == verdict
