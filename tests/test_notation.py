"""The notation functions: definitions, derivatives from definitions, LaTeX."""

import pytest
import sympy as sp

from derivations.notation.printer import latex
from derivations.notation import expand_notation, logb, relu, sigmoid, sigmoid_tower, softplus, tropical_add, tropical_mul

x, y = sp.symbols("x y", real=True)
t = sp.Symbol("t", positive=True)
n = sp.Symbol("n", integer=True, positive=True)


@pytest.mark.parametrize(
    "expr, definition",
    [
        (sigmoid(x), 1 / (1 + sp.exp(-x))),
        (softplus(x), sp.log(1 + sp.exp(x))),
        (relu(x), sp.Max(0, x)),
        (logb(x, t), sp.log(x) / sp.log(t)),
        (tropical_add(x, y), sp.Max(x, y)),
        (tropical_mul(x, y), x + y),
        (sigmoid_tower(2, x), sigmoid(sigmoid(x)).rewrite(sp.exp)),
    ],
)
def test_definitions(expr, definition):
    assert sp.simplify(expand_notation(expr) - expand_notation(definition)) == 0


def test_derivative_comes_from_the_definition_not_a_table():
    # d/dx sigma is computed from 1/(1+e^{-x}); the ODE is a theorem the engine proves, not an input
    assert sp.diff(sigmoid(x), x) == sp.exp(-x) / (1 + sp.exp(-x)) ** 2


def test_tower_with_symbolic_depth_stays_unevaluated():
    assert sigmoid_tower(1, x) == sigmoid(x)
    assert isinstance(sigmoid_tower(n, x), sigmoid_tower)
    assert sigmoid_tower(n + 1, x).unfolded() == sigmoid(sigmoid_tower(n, x))


@pytest.mark.parametrize(
    "expr, text",
    [
        (sigmoid(x), r"\sigma(x)"),
        (sp.Derivative(sigmoid(x), x), r"\sigma'(x)"),
        (sp.Derivative(sigmoid(x), (x, 2)), r"\sigma''(x)"),
        (sp.Derivative(sigmoid(x), x).subs(x, 0), r"\sigma'(0)"),
        (relu(x), r"\rho(x)"),
        (softplus(x), r"\operatorname{softplus}(x)"),
        (logb(1 + t**x, t), r"\log_{t}(1 + t^{x})"),
        (tropical_add(x, y), r"x \oplus y"),
        (tropical_mul(x, y), r"x \otimes y"),
        (sp.Derivative(sigmoid_tower(n, x), x), r"f_{n}'(x)"),
    ],
)
def test_latex(expr, text):
    assert latex(expr) == text


def test_signs_known_for_real_arguments():
    assert sigmoid(x).is_positive and softplus(x).is_positive and relu(x).is_nonnegative
    assert sigmoid(sp.Symbol("z")).is_positive is None
