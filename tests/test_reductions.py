"""Reductions that hand the engine a smaller problem: a product's factors, u = e^x, floors as u - t, induction with parameters, numbers like n! computed exactly."""

from __future__ import annotations

import pytest

from derivations.check.prove import decide, read_claim
from derivations.model.verdict import Verdict

P, R, U = Verdict.PROVED, Verdict.REFUTED, Verdict.UNKNOWN
N = r"n \in \mathbb{N}"

CASES = [
    # a variable only through e^{x}: the same inequality in u = e^x > 0
    (r"e^x - \log(1+e^x) > 0", [], P),
    (r"\log(1+e^{x}) < e^{x}", [], P),
    (r"e^{2x} - 2e^x + 1 \geq 0", [], P),
    (r"e^{2x} - 2e^x + 1 > 0", [], R),  # equality at x = 0
    (r"\log(1+e^{-x}) \leq e^{-x}", [], P),
    (r"e^{x/2} + e^{-x/2} \geq 2", [], P),
    (r"e^{x/2} + e^{-x/2} > 2", [], R),
    # a product: each factor's sign decided on its own
    (r"\frac{(\log(1 + e^{x}) - e^{x}) e^{x}}{(1 + e^{x})^{2} (\log(1 + e^{x}))^{2}} < 0", [], P),
    (r"(x^2+1)(e^x - 1 - x) \geq 0", [], P),
    (r"(x^2+1)(e^x - 1 - x) > 0", [], R),
    (r"(x - 1)^2 (\log x - x + 1) \leq 0", ["x > 0"], P),
    # floors and ceilings: floor(u) = u - t, ceiling(u) = u + t with 0 <= t < 1
    (r"\lfloor x \rfloor \le x", [], P),
    (r"\lfloor x \rfloor > x - 1", [], P),
    (r"\lceil x \rceil < x + 1", [], P),
    (r"\lfloor x \rfloor \geq x", [], R),
    (r"\lfloor x \rfloor > x - 0.99", [], R),
    (r"\lfloor x \rfloor + \lfloor -x \rfloor = -1", [], R),  # 0 at the integers
    (r"\lfloor \sqrt{10} \rfloor = 3", [], P),
    (r"\lceil \pi \rceil = 3", [], R),
    # induction on n with a real parameter: base and step are inequalities in the parameter
    (r"(1+x)^n \geq 1+nx", [N, "n \\geq 1", "x > -1"], P),
    (r"(1+x)^n > 1+nx", [N, "n \\geq 2", "x > -1", "x \\neq 0"], P),
    (r"(1-x)^n \geq 1-nx", [N, "n \\geq 1", "0 \\leq x \\leq 1"], P),
    (r"a^n-1 \geq n(a-1)", [N, "n \\geq 1", "a > 0"], P),
    (r"(1+x)^n > 1+nx", [N, "n \\geq 1", "x > -1"], R),  # n = 1: equality
    (r"(1+x)^n > 1+nx", [N, "n \\geq 1", "x > -1", "x \\neq 0"], R),  # n = 1: equality, whatever x
    # sums over a family x_1..x_n of symbolic length: each distinct sum a symbol; the numbers at n = 1..4
    (r"\sum_j \frac{e^{x_j}}{\sum_k e^{x_k}} = 1", [], P),
    (r"\frac{\partial}{\partial x_i} \frac{e^{x_i}}{\sum_k e^{x_k}} = \frac{e^{x_i}}{\sum_k e^{x_k}}\left(1 - \frac{e^{x_i}}{\sum_k e^{x_k}}\right)", [], P),
    (r"\sum_{k=1}^{n} (x_k + 1) = n + \sum_{j=1}^{n} x_j", [], P),
    (r"\sum_j \frac{e^{x_j}}{\sum_k e^{x_k}} = 2", [], R),  # at n = 1
    (r"\sum_{k=1}^{n} x_k^2 = \left(\sum_{k=1}^{n} x_k\right)^2", [], R),
    (r"\frac{\partial}{\partial z_i} \frac{e^{z_j}}{\sum_k e^{z_k}} = \frac{e^{z_i}}{\sum_k e^{z_k}}\left(1-\frac{e^{z_i}}{\sum_k e^{z_k}}\right)", ["i = j"], P),
    (r"\frac{\partial}{\partial z_i} \frac{e^{z_j}}{\sum_k e^{z_k}} = -\frac{e^{z_i}}{\sum_k e^{z_k}}\frac{e^{z_j}}{\sum_k e^{z_k}}", ["i \\neq j"], P),
    (r"\frac{\partial}{\partial z_i} \frac{e^{z_j}}{\sum_k e^{z_k}} = -\frac{e^{z_i}}{\sum_k e^{z_k}}\frac{e^{z_j}}{\sum_k e^{z_k}}", ["i = j"], U),
    (r"\sum_{k=1}^{n} 2 x_k = 2\sum_{k=1}^{n} x_k + 1", [], R),
    # counting numbers at integers: exact
    (r"3! = 7", [], R),
    (r"20! = 2432902008176640001", [], R),
    (r"20! = 2432902008176640000", [], P),
    (r"\binom{10}{3} = 120", [], P),
]


@pytest.mark.parametrize("latex, assume, verdict", CASES)
def test_reduction(latex, assume, verdict):
    got = decide(latex, assume)
    assert got.verdict is verdict, got.reason


@pytest.mark.parametrize("latex, product", [
    (r"x^4+y^4+z^4 \ge xyz(x+y+z)", "x*y*z*(x + y + z)"),  # every letter of xyz is also a variable alone
    (r"abc(a+b+c) \le 1", "a*b*c*(a + b + c)"),
])
def test_letters_written_alone_make_a_product(latex, product):
    import sympy as sp

    (relation,) = read_claim(latex).relations
    assert sp.expand(sp.sympify(product, locals={s.name: s for s in relation.free_symbols})) in {sp.expand(relation.lhs), sp.expand(relation.rhs)}


def test_an_unknown_name_applied_stays_a_function():
    from derivations.base.errors import UnsupportedNotation

    with pytest.raises(UnsupportedNotation, match="unknown function GELU"):
        read_claim(r"GELU(x) = x")


def test_numbers_disagreeing_late_are_shown_with_the_digits_that_differ():
    got = decide(r"20! = 2432902008176640001")
    assert "2432902008176640000" in got.reason and "2432902008176640001" in got.reason


def test_the_tripwire_counts_a_strict_bound_attained_exactly_as_a_contradiction():
    """The second key: a point where a strict inequality holds with equality, exactly, contradicts it
    (it once counted as unevaluable, and 19 other points let a false strict claim through)."""
    from derivations.check import witness

    claim = read_claim(r"(1+x)^n > 1+nx", [N, r"n \geq 1", "x > -1", r"x \neq 0"])
    seen = witness.tripwire(claim.relations, claim.facts, ())
    assert seen.agrees is False and "equal exactly" in seen.detail
