"""Statements over the integers: inequalities by the growth ratio of their sides, sums whose terms depend on n by creative telescoping; true ones proved, false ones refuted, the rest unknown."""

from __future__ import annotations

import pytest

from derivations.check.prove import decide
from derivations.model.verdict import Verdict

Z = r"n \in \mathbb{Z}"
N = r"n \in \mathbb{N}"
ONE = r"n \ge 1"

PROVED_BY_RATIOS = [
    (r"\binom{2n}{n} < 4^n", [Z, ONE]),
    (r"\binom{2n}{n} \ge \frac{4^n}{2\sqrt{n}}", [Z, ONE]),
    (r"\binom{2n}{n} \le \frac{4^n}{\sqrt{3n+1}}", [Z, ONE]),
    (r"\binom{2n}{n} \ge \frac{4^n}{n+1}", [N]),
    (r"n! \ge (n/e)^n", [Z, ONE]),
    (r"(n!)^2 \ge n^n", [Z, ONE]),
    (r"n! \le e n^{n+1/2} e^{-n}", [Z, ONE]),
    (r"n^{1/n} \le e^{1/e}", [Z, ONE]),
    (r"n^{1/n} \le 3^{1/3}", [Z, ONE]),
    (r"n! \ge 2^{n-1}", [Z, ONE]),
    (r"2^n > n^2", [Z, r"n \ge 5"]),
    (r"n! > 3^n", [Z, r"n \ge 7"]),
    (r"n! < n^n", [Z, r"n \ge 2"]),
    (r"n^3 \le 3^n", [N]),
    (r"\binom{n}{3} < 2^n", [Z, r"n \ge 3"]),
    (r"(2n)! \ge 4^n (n!)^2 / (2n+1)", [N]),
    (r"e^n \ge n^2", [N]),
    (r"\binom{n}{5} \le 2^n", [N]),  # the step from n = 9 on, n = 0..9 computed exactly
    (r"n^5 \le 2^n", [Z, r"n \ge 23"]),
    (r"(1+1/n)^n < e", [Z, ONE]),  # b/a decreases to its limit 1
    (r"(1+1/n)^{n+1} > e", [Z, ONE]),
    (r"(1+1/n)^n < 3", [Z, ONE]),
    (r"n^{1/n} > 1", [Z, r"n \ge 2"]),
    (r"(1-1/n)^{n} < e^{-1}", [Z, r"n \ge 2"]),  # the domain sets n = 1 aside (1 - 1/n = 0)
    (r"n! \ge \sqrt{2\pi n}(n/e)^n", [Z, ONE]),  # b/a decreases to 1, by Stirling's formula
    (r"n! \ge 2.5\sqrt{n}(n/e)^n", [Z, ONE]),
    (r"\binom{2n}{n} < \frac{4^n}{\sqrt{\pi n}}", [Z, ONE]),
]

PROVED_BY_DIFFERENCES = [  # a side is a sum: d(n+1) - d(n) = P - Q with Q <= P by their growth ratio
    (r"\binom{2n}{n} \le 4^n - 2", [Z, ONE]),
    (r"n! \ge 2^n + n", [Z, r"n \ge 4"]),
    (r"n! \ge 2^n + n^2", [Z, r"n \ge 5"]),
]

REFUTED_INEQUALITIES = [  # near misses: each fails at a small n, computed exactly
    (r"2^n > n^2", [Z, ONE]),
    (r"n! > 3^n", [Z, r"n \ge 6"]),
    (r"\binom{2n}{n} \ge \frac{4^n}{\sqrt{3n}}", [Z, ONE]),
    (r"n! \ge (n/2)^n", [Z, ONE]),
    (r"n^3 < 3^n", [N]),
    (r"e^n \ge n^3", [N]),
    (r"n^{1/n} < 3^{1/3}", [Z, ONE]),
    (r"n! \ge 2^n", [Z, ONE]),
    (r"(1+1/n)^{n} \le 2.7", [Z, ONE]),
    (r"n^{1/n} > 1", [Z, ONE]),
    (r"n! \ge 2.6\sqrt{n}(n/e)^n", [Z, ONE]),
    (r"\binom{2n}{n} \le 4^n - 3", [Z, ONE]),
    (r"n^5 \le 2^n", [Z, r"n \ge 22"]),
    (r"(1-1/n)^{n} \le 0.36", [Z, r"n \ge 2"]),
    (r"n! \ge 2^n + n^2", [Z, r"n \ge 4"]),
]

FAR_FAILURES = [  # true up to n = 60, false from about n = 10^5 on: the ratio b/a decreases below 1
    (r"\binom{2n}{n} \le \frac{4^n}{\sqrt{3.1416 n}}", [Z, ONE]),
    (r"n^{1/n} \ge 1.0001", [Z, r"n \ge 2"]),
]

PROVED_SUMS = [
    (r"\sum_{k=0}^{n} \binom{n}{k}^2 = \binom{2n}{n}", [N]),
    (r"\sum_{k=0}^{n} \frac{1}{k+1}\binom{n}{k} = \frac{2^{n+1}-1}{n+1}", [N]),
    (r"\sum_{k=0}^{n}(-1)^k\binom{n}{k}k = 0", [Z, r"n \ge 2"]),
    (r"\sum_{k=1}^{n}\binom{n}{k} = 2^n-1", [N]),
    (r"\sum_{k=0}^{n-1}\binom{n}{k} = 2^n-1", [N]),
    (r"\sum_{k=0}^{n} \binom{n+k}{k} 2^{-k} = 2^n", [N]),
    (r"\sum_{k=0}^{n} k^2 \binom{n}{k} = n(n+1)2^{n-2}", [N]),
    (r"\sum_{k=0}^{n} \binom{n}{k} 3^k = 4^n", [N]),
    (r"\sum_{k=0}^{n} \binom{2k}{k}\binom{2n-2k}{n-k} = 4^n", [N]),
    (r"\sum_{k=0}^{n} \frac{(-1)^k}{k+1}\binom{n}{k} = \frac{1}{n+1}", [N]),
    (r"\sum_{k=0}^{n} \binom{n}{k}\frac{1}{(k+1)(k+2)} = \frac{2^{n+2}-n-3}{(n+1)(n+2)}", [N]),
    (r"\sum_{k=2}^{n} \binom{n}{k} = 2^n - n - 1", [N]),
    (r"\sum_{k=0}^{n} \binom{n}{k} \binom{2k}{k} (-1/4)^k = \binom{2n}{n} 4^{-n}", [N]),
    (r"\sum_{k=0}^{n} \binom{2n+1}{k} = 4^n", [N]),
    (r"\sum_{k=0}^{n} \binom{2n}{k} = 2^{2n-1} + \binom{2n}{n}/2", [N]),
]

REFUTED_SUMS = [
    (r"\sum_{k=0}^{n} \binom{n}{k}^2 = \binom{2n}{n} + 1", [N]),
    (r"\sum_{k=0}^{n} \frac{1}{k+1}\binom{n}{k} = \frac{2^{n+1}}{n+1}", [N]),
    (r"\sum_{k=1}^{n}\binom{n}{k} = 2^n", [N]),
    (r"\sum_{k=0}^{n} \binom{n+k}{k} 2^{-k} = 2^{n} + n(n-1)(n-2)", [N]),
    (r"\sum_{k=0}^{n} \binom{n}{k}^3 = \binom{3n}{n}", [N]),
    (r"\sum_{k=0}^{n} (-1)^k \binom{2n}{k}^2 = (-1)^n \binom{2n}{n}", [N]),
    (r"\sum_{k=0}^{n} \binom{2n}{k} = 2^{2n-1} + \binom{2n}{n}", [N]),
]

UNKNOWN = [  # true, but a difference of two kinds of growth against a third, or terms vanishing inside the range
    (r"\binom{2n}{n} + 2^n \le 4^n", [Z, ONE]),
    (r"\sum_{k=0}^{n} \binom{n}{2k} = 2^{n-1}", [Z, ONE]),
]


@pytest.mark.parametrize("latex,assume", PROVED_BY_RATIOS)
def test_inequality_proved_by_growth_ratios(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.PROVED, found.reason
    assert "ratio" in found.reason or "induction" in found.reason


@pytest.mark.parametrize("latex,assume", PROVED_BY_DIFFERENCES)
def test_inequality_proved_by_differences(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.PROVED, found.reason
    assert "difference" in found.reason


@pytest.mark.parametrize("latex,assume", REFUTED_INEQUALITIES)
def test_near_miss_inequality_refuted(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.REFUTED, found.reason
    assert found.counterexample is not None and "n" in found.counterexample.values


@pytest.mark.parametrize("latex,assume", FAR_FAILURES)
def test_far_failure_refuted_and_confirmed(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.REFUTED, found.reason
    assert int(found.counterexample.values["n"]) > 1000


@pytest.mark.parametrize("latex,assume", PROVED_SUMS)
def test_sum_proved(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.PROVED, found.reason


@pytest.mark.parametrize("latex,assume", REFUTED_SUMS)
def test_false_closed_form_refuted(latex, assume):
    found = decide(latex, assume)
    assert found.verdict is Verdict.REFUTED, found.reason


@pytest.mark.parametrize("latex,assume", UNKNOWN)
def test_out_of_class_left_unknown(latex, assume):
    assert decide(latex, assume).verdict is Verdict.UNKNOWN
