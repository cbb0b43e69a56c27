"""Polynomial inequalities in several variables: factors of proved sign, the ordered substitution x = z + p + q, y = z + p, a sum of squares checked by expanding; true ones proved, false ones refuted, never the other way round."""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.check.prove import decide
from derivations.decide.rules.polynomials import _feasible, ordered_substitution, sum_of_squares
from derivations.model.verdict import Verdict

THREE = [r"x \geq 0", r"y \geq 0", r"z \geq 0"]

TRUE = [
    (r"xyz \leq \left(\frac{x+y+z}{3}\right)^3", THREE),  # AM-GM: ordered substitution
    (r"x^3+y^3+z^3-3xyz \geq 0", [r"x+y+z \geq 0"]),  # (x+y+z)(x^2+y^2+z^2-xy-yz-zx)
    (r"x(x-y)(x-z)+y(y-x)(y-z)+z(z-x)(z-y) \geq 0", THREE),  # Schur
    (r"x^4+y^4+z^4 \geq x y z(x+y+z)", []),  # a sum of squares
    (r"x^4 + y^4 + z^4 \geq x^2 y^2 + y^2 z^2 + z^2 x^2", []),
    (r"x^2 y^2 + y^2 z^2 + z^2 x^2 \geq x y z (x + y + z)", []),
    (r"(x+y)(y+z)(z+x) \geq 8 x y z", THREE),
    (r"(x+y+z)^3 \geq 27 x y z", THREE),
    (r"x^3 + y^3 + z^3 \geq 3 x y z", THREE),
    (r"x^3 + y^3 \geq x^2 y + x y^2", [r"x \geq 0", r"y \geq 0"]),
    (r"(x+y+z)^2 \geq 3(xy+yz+zx)", []),
    (r"w x y z \leq \left(\frac{w+x+y+z}{4}\right)^4", [r"w \geq 0", *THREE]),
]

FALSE = [
    (r"x y z \leq \left(\frac{x+y+z}{3}\right)^3", []),
    (r"x^3+y^3+z^3-3xyz \geq 0", []),
    (r"x(x-y)(x-z)+y(y-x)(y-z)+z(z-x)(z-y) \geq 0", []),
    (r"x^4+y^4+z^4 \geq 2 x y z(x+y+z)", []),
    (r"(x+y)(y+z)(z+x) \geq 9 x y z", THREE),
    (r"x^3 + y^3 \geq x^2 y + x y^2", []),
    (r"x^3 + y^3 + z^3 \geq x y z", []),
    (r"x^2 + y^2 \geq 2 x y + 1", []),
    (r"(x+y+z)^3 > 27 x y z", THREE),  # x = y = z
]


@pytest.mark.parametrize("latex, assume", TRUE)
def test_true_polynomial_is_proved(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.PROVED, decision.reason


@pytest.mark.parametrize("latex, assume", FALSE)
def test_false_polynomial_is_refuted(latex, assume):
    decision = decide(latex, assume)
    assert decision.verdict is Verdict.REFUTED, decision.reason
    assert decision.counterexample is not None and decision.counterexample.exact


x, y, z = sp.symbols("x y z", real=True)
NONNEG = (sp.Ge(x, 0), sp.Ge(y, 0), sp.Ge(z, 0))


@pytest.mark.parametrize(
    "expr, certified",
    [
        ((x + y + z) ** 3 - 27 * x * y * z, True),
        (x * (x - y) * (x - z) + y * (y - x) * (y - z) + z * (z - x) * (z - y), True),
        (x**3 + y**3 + z**3 - 2 * x * y * z, True),
        ((x + y + z) ** 3 - 28 * x * y * z, False),  # false at x = y = z: no certificate may exist
        (x**2 - y * z, False),
    ],
)
def test_ordered_substitution_certifies_only_true_forms(expr, certified):
    poly = sp.Poly(sp.expand(expr), x, y, z)
    assert bool(ordered_substitution(poly, False, [x, y, z], NONNEG)) is certified


@pytest.mark.parametrize(
    "expr, certified",
    [
        (x**4 + y**4 + z**4 - x * y * z * (x + y + z), True),
        (x**2 + y**2 - 2 * x * y, True),
        (x**4 + y**4 - x**3 * y - x * y**3, True),  # (x^2 - xy)^2 + (y^2 - xy)^2 + (x^2 - y^2)^2, halved
        (x**2 + y**2 - 3 * x * y, False),  # false at x = y = 1
    ],
)
def test_sum_of_squares_is_checked_by_expanding(expr, certified):
    poly = sp.Poly(sp.expand(expr), x, y, z)
    assert bool(sum_of_squares(poly, [x, y, z])) is certified


def test_exact_simplex_finds_a_nonnegative_solution_or_none():
    from fractions import Fraction as F

    assert _feasible([[F(1), F(1)], [F(1), F(-1)]], [F(2), F(0)]) == [F(1), F(1)]
    assert _feasible([[F(1), F(1)]], [F(-1)]) is None  # c >= 0 cannot sum to -1
