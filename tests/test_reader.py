"""The one reader on what real articles write (issue 19, issue 18 items 4 and 7): each class read as it is
meant ("reads as"), and decided through `derive prove` as a careful reader would ("decides as")."""

import re

import pytest
import sympy as sp

from derivations.base.errors import ParseError, UnsupportedNotation
from derivations.read.parse import Notations, parse, parse_rows
from derivations.notation import family_max, logb, relu, sigmoid, softplus, tropical_mul
from derivations.check.prove import decide, parse_claim, read_claim

x, y, t, a, b, c, d, k, n = sp.symbols("x y t a b c d k n", real=True)
i, j = sp.symbols("i j", integer=True)
X = sp.IndexedBase("x", real=True)
T = sp.true

# ---------------------------------------------------------------- reads as

READS = [
    # 1. bare function names are the functions, never a product of letters
    (r"\frac{1}{1+exp(-x)}", 1 / (1 + sp.exp(-x))),
    (r"log(1+e^x)", sp.log(1 + sp.exp(x))),
    (r"tanh(x)", sp.tanh(x)),
    (r"max(0,x)", sp.Max(0, x)),
    (r"min(x, y)", sp.Min(x, y)),
    (r"ReLU(x)", relu(x)),
    (r"softplus(x)", softplus(x)),
    (r"sigmoid(x)", sigmoid(x)),
    (r"\mathrm{exp}(x)", sp.exp(x)),
    (r"\mathrm{log}(1+x)", sp.log(1 + x)),
    (r"\text{ReLU}(x)", relu(x)),
    (r"\operatorname{softplus}(x)", softplus(x)),
    (r"\operatorname{exp}(-x)", sp.exp(-x)),
    # 2. other letters before a parenthesis still multiply
    (r"x(1-x)", x * (1 - x)),
    (r"\alpha(e^x - 1)", sp.Symbol("alpha", real=True) * (sp.exp(x) - 1)),
    # 4. sums and products over an index
    (r"\sum_j e^{x_j}", sp.Sum(sp.exp(X[j]), (j, 1, n))),
    (r"\sum_{i\neq k} x_i", sp.Sum(X[i], (i, 1, n)) - X[sp.Symbol("k", integer=True)]),
    (r"\sum_{i=1}^{n} x_i", sp.Sum(X[i], (i, 1, n))),
    (r"\frac{e^{x_i}}{\sum_j e^{x_j}}", sp.exp(X[i]) / sp.Sum(sp.exp(X[j]), (j, 1, n))),
    (r"\prod_{i=1}^{3} x_i", sp.Symbol("x_1", real=True) * sp.Symbol("x_2", real=True) * sp.Symbol("x_3", real=True)),
    (r"\prod_i x_i", sp.Product(X[i], (i, 1, n))),
    (r"\sum_{i=1}^{4} i", sp.Integer(10)),
    # a condition that holds everywhere beside a single formula
    (r"\sigma(x) = \frac{1}{1+exp(-x)},\quad \forall x \in \mathbb{R}", sp.Eq(sigmoid(x), 1 / (1 + sp.exp(-x)))),
    (r"\sum_{i} x_i^{\odot 2}", sp.Sum(2 * X[i], (i, 1, n))),
    (r"\sum_i x_i^+", sp.Sum(sp.Max(X[i], 0), (i, 1, n))),
    (r"\max_j x_j", family_max(X, n)),
    (r"\log\sum_i e^{x_i}", sp.log(sp.Sum(sp.exp(X[i]), (i, 1, n)))),
    # 7. the field's notation
    (r"x \odot y", tropical_mul(x, y)),
    (r"x \oslash y", x - y),
    (r"x^{\odot 3}", 3 * x),
    (r"\sigma^{-1}(x)", sp.log(x / (1 - x))),
    (r"x_{\max}", sp.Symbol("x_max", real=True)),
    (r"x_\max + 1", sp.Symbol("x_max", real=True) + 1),
    (r"\text{logsumexp}(x,y)", sp.log(sp.exp(x) + sp.exp(y))),
    (r"\sqrt2", sp.sqrt(2)),
    (r"\log^2 x", sp.log(x) ** 2),
    (r"\log_t\max(x,y)", logb(sp.Max(x, y), t)),
    (r"\frac{d}{dx}|x-1|", sp.Derivative(sp.Abs(x - 1), x)),
    (r"\tanh'(x)", sp.Derivative(sp.tanh(x), x)),
    # 8. x^+ x^- (it leaked a placeholder); an author's \Xi_0 is a symbol, never a placeholder
    (r"x^+ x^-", sp.Max(x, 0) * sp.Max(-x, 0)),
    (r"\Xi_{0} + \sigma(x)", sp.Symbol("Xi_0", real=True) + sigmoid(x)),
]


@pytest.mark.parametrize("latex, expected", READS, ids=[r[0] for r in READS])
def test_reads_as(latex, expected):
    assert parse(latex) == expected


ROWS = [
    # 3. cases anywhere on a line
    (r"\rho(x) = \begin{cases} x & x>0 \\ 0 & x\leq 0 \end{cases}", [(sp.Eq(relu(x), sp.Piecewise((x, x > 0), (0, x <= 0))), T)]),
    (r"\begin{cases} x & x \geq 0 \\ \alpha(e^x - 1) & x < 0 \end{cases} = y", [(sp.Eq(sp.Piecewise((x, x >= 0), (sp.Symbol("alpha", real=True) * (sp.exp(x) - 1), x < 0)), y), T)]),
    # 5. quantifier prefixes are conditions; several relations on a line are several claims
    (r"\forall x\in(0,1),\ \sigma^{-1}(x) = \log\frac{x}{1-x}", [(sp.Eq(sp.log(x / (1 - x)), sp.log(x / (1 - x)), evaluate=False), sp.And(sp.Lt(0, x, evaluate=False), x < 1))]),
    (r"\forall x > 0, \log x < x", [(sp.log(x) < x, x > 0)]),
    (r"\forall x: x^2 \geq 0", [(sp.Ge(x**2, 0, evaluate=False), T)]),
    (r"\forall x, y \in (0,1),\; xy < 1", [(x * y < 1, sp.And(sp.Lt(0, x, evaluate=False), x < 1, sp.Lt(0, y, evaluate=False), y < 1))]),
    (r"a = b,\; c = d", [(sp.Eq(a, b), T), (sp.Eq(c, d), T)]),
    (r"a=b \quad\text{and}\quad c=d", [(sp.Eq(a, b), T), (sp.Eq(c, d), T)]),
    (r"a_i b_j = 1, \quad i = j", [(sp.Eq(sp.Symbol("a_i", real=True) * sp.Symbol("b_j", real=True), 1), sp.Eq(sp.Symbol("i", real=True), sp.Symbol("j", real=True)))]),
    (r"\sigma(x) > 0 \quad \forall x", [(sp.Gt(sigmoid(x), 0, evaluate=False), T)]),
    (r"\sigma(x) > 0 \quad \text{for all } x", [(sp.Gt(sigmoid(x), 0, evaluate=False), T)]),
    (r"\sigma(x)=\frac{1}{1+e^{-x}},\quad x\in\mathbb{R}", [(sp.Eq(sigmoid(x), 1 / (1 + sp.exp(-x))), T)]),
    # 6. a row's own condition, never a factor
    (r"x^2 = x \quad x \geq 0", [(sp.Eq(x**2, x), x >= 0)]),
    (r"x^2 = x \qquad x \geq 0", [(sp.Eq(x**2, x), x >= 0)]),
    (r"x^2 = x,\; x \geq 0", [(sp.Eq(x**2, x), x >= 0)]),
    (r"x^2 = x \text{ for } x \geq 0", [(sp.Eq(x**2, x), x >= 0)]),
    (r"x^2 = x \text{ if } x \geq 0", [(sp.Eq(x**2, x), x >= 0)]),
    (r"|x| = x \quad \forall x \geq 0", [(sp.Eq(sp.Abs(x), x), x >= 0)]),
    (r"x^2 = x \; x \geq 0", [(sp.Eq(x**2, x), x >= 0)]),
    (r"x^2=x\;\;x\geq 0", [(sp.Eq(x**2, x), x >= 0)]),
    (r"x^2=x~~x\geq 0", [(sp.Eq(x**2, x), x >= 0)]),
    (r"x^2 = x \quad\text{where}\quad x\geq 0", [(sp.Eq(x**2, x), x >= 0)]),
    (r"x^2 = x \quad (x \geq 0)", [(sp.Eq(x**2, x), x >= 0)]),
    # a gap next to an operator, inside a group or before a differential is only spacing
    (r"\sigma(x) \; = \; 1 - \sigma(-x)", [(sp.Eq(sigmoid(x), 1 - sigmoid(-x)), T)]),
    (r"x \; + \; y \geq x", [(sp.Ge(x + y, x, evaluate=False), T)]),
    (r"\max(x,\; y) \geq x", [(sp.Ge(sp.Max(x, y), x, evaluate=False), T)]),
    (r"\int_0^1 x^2 \; dx = \frac{1}{3}", [(sp.Eq(sp.Integral(x**2, (x, 0, 1)), sp.Rational(1, 3)), T)]),
    # a list of variables and their range: each of them
    (r"xy > 0 \quad x, y > 0", [(sp.Gt(x * y, 0, evaluate=False), sp.And(x > 0, y > 0))]),
    (r"x + y > 0 \quad \text{for } x, y \in (0, \infty)", [(sp.Gt(x + y, 0, evaluate=False), sp.And(sp.Lt(0, x, evaluate=False), sp.Lt(0, y, evaluate=False)))]),
    (r"xy < 1, \quad x, y \in (0,1)", [(sp.Lt(x * y, 1, evaluate=False), sp.And(sp.Lt(0, x, evaluate=False), x < 1, sp.Lt(0, y, evaluate=False), y < 1))]),
    # aligned lines are rows
    (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", [(sp.Eq(a, b), T), (sp.Eq(c, d), T)]),
]


@pytest.mark.parametrize("latex, expected", ROWS, ids=[r[0] for r in ROWS])
def test_rows_read_as(latex, expected):
    assert parse_rows(latex) == expected


def test_an_articles_own_function_is_applied():
    r"""\zeta defined by the article (as softplus) is applied to -x, never multiplied by it."""
    assert parse(r"\log\sigma(x) = -\zeta(-x)", Notations(functions={r"\zeta": softplus})) == sp.Eq(sp.log(sigmoid(x)), -softplus(-x))


# 2. an unknown name applied is an application, said as such; 5. \exists is never a universal claim;
# 7. what lies outside the vocabulary is one calm note
REFUSED = [
    (r"g(-x)", r"unknown function g"),
    (r"f(x+1) = 1", r"unknown function f"),
    (r"\log\sigma(x) = -\zeta(-x)", r"unknown function \zeta"),
    (r"\zeta(x)", r"unknown function \zeta"),
    (r"GELU(x) = x\Phi(x)", r"unknown function GELU"),
    (r"\operatorname{logprob}(x)", r"unknown function logprob"),
    (r"\exists x, x > 0", r"existential"),
    (r"x > 0 \quad \exists y", r"existential"),
    (r"\nabla f = 0", r"outside the vocabulary"),
    (r"\mathbb{E}[x] = 0", r"outside the vocabulary"),
    (r"\mathbf{x} = 0", r"outside the vocabulary"),
    (r"\vec{x} = 0", r"outside the vocabulary"),
    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", r"outside the vocabulary"),
    (r"\|x\| \geq 0", r"outside the vocabulary"),
    (r"\forall \epsilon > 0 \exists \delta > 0", r"existential"),
    (r"\sum_i \sum_i x_i", r"name the inner index apart"),
    (r"\log^{-1} x", r"the inverse or the reciprocal"),
    (r"\sigma(x) \; \sigma(y) = 1", r"the first no relation"),
    (r"x \odot = y", r"without an operand"),
    (r"\frac{\partial}{\partial x_k} = 1", r"without what it differentiates"),
]


@pytest.mark.parametrize("latex, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_the_reason(latex, message):
    with pytest.raises((ParseError, UnsupportedNotation)) as info:
        parse_rows(latex)
    assert message in str(info.value)


NEVER_A_PRODUCT = [r"x^2 = x \quad x \geq 0", r"\frac{x}{x} = 1 \qquad x \neq 0", r"\frac{x}{x} = 1 \; x \neq 0", r"x^2 = x \ x \geq 0"]


@pytest.mark.parametrize("latex", NEVER_A_PRODUCT)
def test_a_single_formula_never_multiplies_across_a_gap(latex):
    """parse() reads one formula: a condition beside it is refused, never multiplied in (x \\cdot x \\geq 0)."""
    with pytest.raises(UnsupportedNotation, match="a condition of its own"):
        parse(latex)


# 8. messages in the author's terms: never a placeholder or an internal name
UNREADABLE = [r"\sigma(x) \cdot\cdot 2", r"\sigma(x)+\sigma(y) \times * y", r"\max(x, y) ** 2", r"\lim_{x \to 0} \sigma(x) \cdot\cdot 1", r"x^+ ** x^-"]
INTERNAL = re.compile(r"\\Xi|varpi|(?<![A-Za-z])_[A-Za-z]|Traceback")


@pytest.mark.parametrize("latex", UNREADABLE)
def test_unreadable_said_in_the_authors_terms(latex):
    with pytest.raises((ParseError, UnsupportedNotation)) as info:
        parse_rows(latex)
    said = str(info.value)
    assert not INTERNAL.search(said), said
    assert "\n" not in said


# ---------------------------------------------------------------- decides as (through derive prove)

DECIDES = [
    # 1. bare names: the sigmoid's definition is no longer refuted
    (r"\frac{1}{1+exp(-x)} = \sigma(x)", "proved"),
    (r"log(1+e^x) = softplus(x)", "proved"),
    (r"tanh(x) = 2\sigma(2x) - 1", "proved"),
    (r"ReLU(x) = max(0,x)", "proved"),
    (r"\text{ReLU}(x) = \max(0, x)", "proved"),
    (r"\mathrm{exp}(x) > 0", "proved"),
    (r"\frac{1}{1+exp(-x)} = \sigma(-x)", "refuted"),
    # 3. cases
    (r"\rho(x) = \begin{cases} x & x>0 \\ 0 & x\leq 0 \end{cases}", "proved"),
    (r"\max(x, 0.01x) = \begin{cases} x & x \geq 0 \\ 0.01 x & x < 0 \end{cases}", "proved"),
    (r"\max(x, 0.01x) = \begin{cases} x & x \geq 0 \\ 0.1 x & x < 0 \end{cases}", "refuted"),
    # 4. sums and products
    (r"\sum_{i=1}^{3} i = 6", "proved"),
    (r"\prod_{i=1}^{3} i = 7", "refuted"),
    # 5. quantifiers and several claims on a line
    (r"\forall x\in(0,1),\ \sigma^{-1}(x) = \log\frac{x}{1-x}", "proved"),
    (r"\forall x > 0, x > 1", "refuted"),
    (r"\forall x, x^2 \geq 0", "proved"),
    (r"x + 1 > x \quad\text{and}\quad x^2 \geq 0", "proved"),
    (r"a = b,\; c = d", "refuted"),
    (r"\exists x, x > 0", "error"),
    # 6. a row's own condition (issue 18 item 4)
    (r"x^2 = x \quad x \geq 0", "refuted"),
    (r"\frac{x}{x} = 1 \quad x \neq 0", "proved"),
    (r"|x| = x \qquad x \geq 0", "proved"),
    (r"|x| = x,\; x \geq 0", "proved"),
    (r"|x| = x \text{ for } x \geq 0", "proved"),
    (r"|x| = x \text{ if } x \geq 0", "proved"),
    (r"|x| = x \quad x \leq 0", "refuted"),
    (r"|x| = -x \quad \forall x \leq 0", "proved"),
    (r"\frac{x}{x} = 1 \; x \neq 0", "proved"),
    (r"\frac{x}{x} = 1~x \neq 0", "proved"),
    (r"\frac{|x|}{x} = 1 \quad x > 0", "proved"),
    (r"\frac{|x|}{x} = 1 \quad x < 0", "refuted"),
    (r"x^2 = x \text{ for } x \in [0, \infty)", "refuted"),
    (r"x^2 = x \quad\text{where}\quad x \geq 0", "refuted"),
    (r"\max(x,y) \geq x + y \quad x, y \leq 0", "proved"),
    (r"\max(x,y) \geq x + y \quad \text{for } x, y \geq 0", "refuted"),
    (r"x^2 = x\;\; x \geq 0", "refuted"),
    (r"\int_0^1 x^2 \; dx = \frac{1}{3}", "proved"),
    # 7. the field's notation (issue 18 item 7: these were refused as bad input)
    (r"\sqrt2 > 1", "proved"),
    (r"\log^2 x \geq 0", "proved"),
    (r"x \odot y = y \odot x", "proved"),
    (r"x^{\odot 2} = x \odot x", "proved"),
    (r"x \oslash y = x - y", "proved"),
    (r"\frac{d}{dx}|x-1| = 1 \quad x > 1", "proved"),
    (r"\frac{d}{dx}|x-1| = 1 \quad x < 1", "refuted"),
    (r"x^+ - x^- = x", "proved"),
    (r"x^+ x^- = 0", "proved"),
    (r"\tanh'(x) = 1 - \tanh^2(x)", "proved"),
    (r"\tanh'(x) = 1 + \tanh^2(x)", "refuted"),
    (r"\sigma(x) > 0 \quad \text{for all } x", "proved"),
    (r"\sigma(x)=\frac{1}{1+e^{-x}},\quad x\in\mathbb{R}", "proved"),
]


@pytest.mark.parametrize("latex, verdict", DECIDES, ids=[r[0] for r in DECIDES])
def test_decides_as(latex, verdict):
    decision = decide(latex)
    assert decision.verdict.value == verdict, decision.reason
    assert not INTERNAL.search(decision.statement)
    if verdict == "refuted":
        assert decision.counterexample is not None


def test_a_refutation_falsifies_the_row_under_its_condition():
    """x^2 = x under x >= 0 is refuted at a point where x >= 0 holds and x^2 != x."""
    decision = decide(r"x^2 = x \quad x \geq 0")
    point = {sp.Symbol(k, real=True): sp.Rational(v) for k, v in dict(decision.counterexample.values).items()}
    assert point[x] >= 0 and point[x] ** 2 != point[x]


def test_parse_claim_keeps_its_shape():
    """(relations, facts, written): a condition every row shares is a fact; read_claim keeps each row's own."""
    relations, facts, written = parse_claim(r"x^2 = x \quad x \geq 0")
    assert relations == [sp.Eq(x**2, x)] and facts == (x >= 0,) and len(written) == 1
    claim = read_claim(r"\begin{cases} |x| = x & x \geq 0 \\ |x| = -x & x < 0 \end{cases}")
    assert claim.conditions == ((x >= 0,), (x < 0,))
    with pytest.raises(UnsupportedNotation):
        parse_claim(r"\begin{cases} |x| = x & x \geq 0 \\ |x| = -x & x < 0 \end{cases}")


@pytest.mark.parametrize("latex, expected", [
    (r"\frac{d}{dx}\log|x| = \frac1x", "proved"),
    (r"\lim_{x\to\infty}\left(1+\frac1x\right)^{x} = e", "proved"),
    (r"\frac1{x} = x^{-1}", "proved"),
    (r"\frac1x = x", "refuted"),
    (r"\frac 1x = x^{-1}", "proved"),
    (r"\frac{1}x = x^{-1}", "proved"),
    (r"\frac 123 = \frac32", "proved"),  # TeX: \frac{1}{2}3
    (r"\sqrt 2 > 1.41", "proved"),
    (r"\sqrt x \geq 0", "proved"),
    (r"\int_0^1 \frac{1}{\sqrt x}dx = 2", "proved"),
    (r"\sqrt\pi > 1.78", "refuted"),
    (r"\sqrt[3] 8 = 2", "proved"),
])
def test_a_fraction_of_single_characters_without_braces(latex, expected):
    r"""\frac1x is \frac{1}{x} and \sqrt x is \sqrt{x}, as TeX reads them (one token an argument)."""
    from derivations.check.prove import decide

    assert decide(latex).verdict.value == expected


@pytest.mark.parametrize("latex, expected", [
    (r"|x|-2|y| \ge 0", "refuted"),  # was 2|xy| >= 0, proved: the backend pairs |x|+2|y| as |x (+2) y|
    (r"|x|-3|y| \ge -|x|", "refuted"),
    (r"|x|-2|x| \ge 0", "refuted"),
    (r"|x|+2|y| \ge |y|", "proved"),
    (r"2|x|+2|y| \ge |x+y|", "proved"),
    (r"\left|x\right|+2\left|y\right| \ge |y|", "proved"),
    (r"|x|+2 |y| \ge |y|", "proved"),
    (r"|x-y|+2|y| \ge |x+y|", "proved"),
    (r"2|x-1|+2|y-1| \ge |x+y-2|", "proved"),
    (r"|x - |y|| \leq |x| + |y|", "proved"),
    (r"||x|-|y|| \le |x-y|", "proved"),
    (r"|x|+|y|+2|z| \ge 0.5", "refuted"),
])
def test_absolute_value_bars_pair_as_a_reader_pairs_them(latex, expected):
    """A bar after an operand closes the open bar, otherwise it opens one (2|y| after |x| + opens)."""
    from derivations.check.prove import decide

    decision = decide(latex)
    assert decision.verdict.value == expected, decision.reason
    if expected == "refuted":
        from derivations.check.witness import falsified
        from derivations.check.prove import parse_claim

        relations, _, _ = parse_claim(latex)
        symbols = {s.name: s for r in relations for s in r.free_symbols}
        point = {symbols[k]: sp.Rational(v) for k, v in decision.counterexample.values.items() if k in symbols}
        assert any(falsified(r, point) for r in relations), (decision.counterexample.values, decision.reason)


@pytest.mark.parametrize("latex, pairs", [
    ("|x|+2|y|", [(0, 2), (5, 7)]),
    ("|x-|y||", [(0, 6), (3, 5)]),
    ("|x||y|", [(0, 2), (3, 5)]),
    ("2|x|", [(1, 3)]),
    ("|x", []),
])
def test_paired_bars(latex, pairs):
    from derivations.read.tokens import paired_bars, tokenize

    tokens = paired_bars(tokenize(latex))
    opened = [k for k, t in enumerate(tokens) if t.text == r"\lvert"]
    closed = [k for k, t in enumerate(tokens) if t.text == r"\rvert"]
    found = []
    stack = []
    for k, t in enumerate(tokens):
        if t.text == r"\lvert":
            stack.append(k)
        elif t.text == r"\rvert":
            found.append((stack.pop(), k))
    assert sorted(found) == pairs and len(opened) == len(closed) == len(pairs)
