"""The LaTeX front end: the vocabulary, the traps of the backend, and bad input."""

import time

import pytest
import sympy as sp

from derivations.base.errors import ParseError, UnsupportedNotation
from derivations.read.parse import Notations, parse, parse_rows
from derivations.notation import logb, relu, sigmoid, sigmoid_tower, softplus, tropical_add, tropical_mul

x, y, t, a, b, c, A = (sp.Symbol(n, real=True) for n in ("x", "y", "t", "a", "b", "c", "A"))
e = sp.exp


@pytest.mark.parametrize(
    "latex, expected",
    [
        (r"\frac{1}{1+e^{-x}}", 1 / (1 + e(-x))),
        (r"\sigma(x)", sigmoid(x)),
        (r"\sigma(1-x)", sigmoid(1 - x)),  # the backend reads this as a product
        (r"\sigma{\left(x \right)}", sigmoid(x)),  # SymPy's own printer output
        (r"\sigma\left(x\right)", sigmoid(x)),
        (r"\sigma'(x)", sp.Derivative(sigmoid(x), x)),  # the backend reads sigma*x
        (r"\sigma''(x)", sp.Derivative(sigmoid(x), (x, 2))),
        (r"\sigma'(0)", sp.Derivative(sigmoid(x), x).subs(x, 0)),
        (r"\rho(x)", relu(x)),
        (r"\operatorname{ReLU}(x)", relu(x)),
        (r"\operatorname{softplus}(x)", softplus(x)),
        (r"\log(1+e^x)", sp.log(1 + e(x))),  # natural, not base 10
        (r"\ln x", sp.log(x)),
        (r"\log_e(x)", sp.log(x)),
        (r"\log_{e} x", sp.log(x)),
        (r"\log_t(1+t^x)", logb(1 + t**x, t)),
        (r"\log_{10} 100", logb(100, 10)),
        (r"\max(a,b,c)", sp.Max(a, b, c)),
        (r"\max\{a,b\}", sp.Max(a, b)),
        (r"\min(0,x)", sp.Min(0, x)),
        (r"x\oplus y", tropical_add(x, y)),
        (r"x\otimes y", tropical_mul(x, y)),
        (r"x \oplus y \otimes c", tropical_add(x, tropical_mul(y, c))),
        (r"(x \oplus y) \otimes c", tropical_mul(tropical_add(x, y), c)),
        (r"\lim_{t\to\infty}\log_t(1+t^x)", sp.Limit(logb(1 + t**x, t), t, sp.oo)),
        (r"\lim_{t\to 0^+} t", sp.Limit(t, t, 0, "+")),
        (r"\lim_{t\to 0^{-}} t", sp.Limit(t, t, 0, "-")),
        (r"\lim_{t\to -\infty} e^t", sp.Limit(e(t), t, -sp.oo)),
        (r"\lim_{t\to 1} t", sp.Limit(t, t, 1, "+-")),
        (r"\frac{d}{dx}\log(1+e^x)", sp.Derivative(sp.log(1 + e(x)), x)),
        (r"\int\frac{e^x}{1+e^x}dx", sp.Integral(e(x) / (1 + e(x)), x)),
        (r"\int \sigma(x)\, dx", sp.Integral(sigmoid(x), x)),
        (r"\sum_{i=1}^{3} x_i", sp.Symbol("x_1", real=True) + sp.Symbol("x_2", real=True) + sp.Symbol("x_3", real=True)),
        (r"\displaystyle \left( x \right)", x),
        (r"x\,y", x * y),
        (r"2\frac{1}{2}", sp.Integer(1)),  # a product, not the mixed number 5/2
        (r"A+a", A + a),  # case kept
        (r"|x|", sp.Abs(x)),
        (r"\sqrt{x}", sp.sqrt(x)),
        (r"\tanh(x)", sp.tanh(x)),
        (r"\exp(x)", e(x)),
        (r"x \cdot y \times c", x * y * c),
        (r"\begin{cases} x & \text{when }x\geq0\\ 0&\text{otherwise}\end{cases}", sp.Piecewise((x, x >= 0), (0, True))),
        (r"\begin{cases} x & \text{if } x\ge0\\ 0 & \text{if } x<0\end{cases}", sp.Piecewise((x, x >= 0), (0, x < 0))),
        (r"1.5 x", sp.Rational(3, 2) * x),
    ],
)
def test_vocabulary(latex, expected):
    got = parse(latex)
    assert got == expected or sp.simplify(got - expected) == 0, got


@pytest.mark.parametrize(
    "latex, expected",
    [
        (r"a = b", (sp.Eq,)),
        (r"a < b", (sp.StrictLessThan,)),
        (r"a \leq b", (sp.LessThan,)),
        (r"a \le b", (sp.LessThan,)),
        (r"a \geq b", (sp.GreaterThan,)),
        (r"a > b", (sp.StrictGreaterThan,)),
        (r"a \neq b", (sp.Ne,)),
        (r"0<a\leq b", (sp.StrictLessThan, sp.LessThan)),
        (r"a = b = c", (sp.Eq, sp.Eq)),
    ],
)
def test_relations_and_chains(latex, expected):
    got = parse(latex)
    links = got if isinstance(got, tuple) else (got,)
    assert tuple(type(r) for r in links) == expected
    assert all(r.lhs != r.rhs or isinstance(r, sp.Eq) for r in links)


def test_chain_keeps_its_links_in_order():
    first, second = parse(r"\sigma(x)=\frac{1}{1+e^{-x}}=\frac{e^x}{1+e^x}")
    assert first.lhs == sigmoid(x) and second.rhs == e(x) / (1 + e(x))


def test_an_equality_that_sympy_could_evaluate_stays_a_relation():
    assert isinstance(parse(r"x = x"), sp.Eq)


def test_notation_from_definitions():
    phi = Notations(functions={r"\phi": sigmoid})
    assert parse(r"\phi'(x)", phi) == sp.Derivative(sigmoid(x), x)
    tower = Notations(functions={"f": sigmoid_tower})
    n = sp.Symbol("n", real=True)
    assert parse(r"f_{n}(x)", tower) == sigmoid_tower(n, x)


def test_cases_rows_carry_their_conditions():
    rows = parse_rows(r"\begin{cases}\lim_{t\to\infty}\log_t(1+t^x)=x&\text{when }x\geq0\\ \lim_{t\to\infty}\log_t(1+t^x)=0&\text{when }x<0\end{cases}")
    assert [cond for _, cond in rows] == [x >= 0, x < 0]


def test_display_lines_are_rows():
    rows = parse_rows(r"x\oplus y=\max(x,y)\\ x\otimes y&=x+y")
    assert [r.rhs for r, _ in rows] == [sp.Max(x, y), x + y]


BAD = [
    (r"a+b)+c", "unbalanced"),
    (r"\frac{1}{2", "never closed"),
    (r"x = ", "empty side"),
    (r"= x", "empty side"),
    (r"x <", "empty side"),
    (r"\foo{x}", r"\foo"),
    (r"\operatorname{foo}(x)", "foo"),
    (r"f(x)", "unknown function f"),
    (r"\sigma", "needs arguments"),
    (r"x'", "prime"),
    (r"\int_0 x dx", "one bound"),
    (r"\int_0^{x} x dx", "integration variable"),
    (r"x \in \mathbb{N}", "membership"),
    (r"x \in (0, 1", "interval"),
    (r"\cot^{-1}(x)", "convention"),  # \tanh^{-1} is artanh (tests/test_trig.py); \cot^{-1} has two conventions
    (r"\rho^{-1}(x)", "inverse"),
    (r"\sigma^{1/2}(x)", "whole power"),
    (r"\int x", "differential"),
    (r"\sum_{i=1}^{n}", "without a body"),
    (r"\sum_{i=1}^{100000} i", "100000 terms"),
    (r"\begin{matrix} 1 \end{matrix}", "matrix"),
    (r"0,5", "comma"),
    (r"\{x, y\} = 2", "set"),  # braces as a set (a TeX group {x} alone is just x)
    (r"\text{hello}", r"\text"),
    (r"x \sigma'''(x)", "primes"),
    ("__import__('os').system('echo hacked')", "double subscript"),
    ("eval(1)", "unknown function"),
    ("", "empty"),
    ("(" * 500 + "x" + ")" * 500, "nesting"),
    ("+".join(["1"] * 100000), "too long"),
    (r"\lim_{t} t", r"\to"),
    (r"\lim x", "subscript"),
]


@pytest.mark.parametrize("latex, message", BAD, ids=[m for _, m in BAD])
def test_bad_input_is_a_clear_error(latex, message):
    started = time.perf_counter()
    with pytest.raises((ParseError, UnsupportedNotation)) as info:
        parse(latex)
    assert time.perf_counter() - started < 10
    assert message in str(info.value)
    assert "\n" not in str(info.value)


X1 = sp.Symbol("x_1", real=True)


@pytest.mark.parametrize(
    "latex, expected",
    [
        (r"\log\sigma(x)", sp.log(sigmoid(x))),
        (r"\log\frac{x}{1-x}", sp.log(x / (1 - x))),
        (r"\log|x|", sp.log(sp.Abs(x))),
        (r"\log\log x", sp.log(sp.log(x))),
        (r"x^+", sp.Max(x, 0)),
        (r"x^{-}", sp.Max(-x, 0)),
        (r"(x-y)^+", sp.Max(x - y, 0)),
        (r"x_1^+", sp.Max(X1, 0)),
        (r"t^{-x}", t ** (-x)),  # an exponent, not the negative part
        (r"\sigma^{-1}(x)", sp.log(x / (1 - x))),
        (r"\operatorname{logit}(x)", sp.log(x / (1 - x))),
        (r"\operatorname{softplus}^{-1}(x)", sp.log(sp.exp(x) - 1)),
        (r"\sigma^2(x)", sigmoid(x) ** 2),
        (r"\mathrm{softplus}(x)", softplus(x)),
        (r"\text{softplus}(x) + \text{ReLU}(x)", softplus(x) + relu(x)),
        (r"\frac{d^2}{dx^2}\sigma(x)", sp.Derivative(sigmoid(x), (x, 2))),
        (r"\frac{\partial^2}{\partial x^2}\log(e^x+e^y)", sp.Derivative(sp.log(e(x) + e(y)), (x, 2))),
        (r"\frac{\partial^2}{\partial x\,\partial y}\log(e^x+e^y)", sp.Derivative(sp.log(e(x) + e(y)), x, y)),
        (r"\frac{d\,\sigma(x)}{dx}", sp.Derivative(sigmoid(x), x)),
        (r"\int_{-\infty}^{x}\sigma(y)\,dy", sp.Integral(sigmoid(y), (y, -sp.oo, x))),
        (r"\int_0^1 x\,dx", sp.Integral(x, (x, 0, 1))),
        (r"\sinh(x) + \cosh(x)", sp.sinh(x) + sp.cosh(x)),
        (r"\tfrac12 x", x / 2),
    ],
)
def test_vocabulary_of_articles(latex, expected):
    got = parse(latex)
    assert got == expected, got


@pytest.mark.parametrize(
    "latex, expected",
    [
        (r"x \in (0,1)", (sp.Lt(0, x), sp.Lt(x, 1))),
        (r"x \in [0,1)", (sp.Le(0, x), sp.Lt(x, 1))),
        (r"x \in (0,\infty)", sp.Lt(0, x)),
        (r"x \in (-\infty, 0]", sp.Le(x, 0)),
        (r"x \in \left(0, \frac{1}{2}\right]", (sp.Lt(0, x), sp.Le(x, sp.Rational(1, 2)))),
        (r"x, y \in \mathbb{R}_{>0}", (sp.Gt(x, 0), sp.Gt(y, 0))),
        (r"x \in \mathbb{R}", ()),
        (r"\sigma(x) \in (0,1)", (sp.Lt(0, sigmoid(x), evaluate=False), sp.Lt(sigmoid(x), 1))),
        (r"\frac{d}{dx}\operatorname{softplus}(x) = \sigma(x) \in (0,1)", (sp.Eq(sp.Derivative(softplus(x), x), sigmoid(x)), sp.Lt(0, sigmoid(x), evaluate=False), sp.Lt(sigmoid(x), 1))),
    ],
)
def test_intervals_are_conditions(latex, expected):
    assert parse(latex) == expected


def test_a_condition_written_beside_a_display_row():
    rows = parse_rows(r"\log(1+x)\le x \quad\text{for } x > -1 \\ |x| = x, \quad x \geq 0")
    assert [cond for _, cond in rows] == [x > -1, x >= 0]
    # another relation with functions in it is another formula, never a condition of the first
    rows = parse_rows(r"\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x)), \qquad \sigma(x) > 0")
    assert [(type(r), c) for r, c in rows] == [(sp.Eq, sp.true), (sp.StrictGreaterThan, sp.true)]
    with pytest.raises(ParseError):
        parse_rows(r"\sigma(x) \quad \sigma(y)")


@pytest.mark.parametrize(
    "latex, expected",
    [
        (r"x_1, \dots, x_n", ("x", sp.Symbol("n", real=True))),
        (r"(x_1, x_2, \ldots, x_n)", ("x", sp.Symbol("n", real=True))),
        (r"s_1, \dots, s_5", ("s", sp.Integer(5))),
        (r"x_1, \dots, y_n", None),
        (r"x_1 + x_2", None),
    ],
)
def test_families(latex, expected):
    from derivations.read.parse import parse_family

    assert parse_family(latex) == expected
