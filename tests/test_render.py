"""The article printer: the author's term order, no \\left( gap after a function's name, fractions inline in
exponents; what a claim shows: assumptions as the author states them, case headings once, cases as tables."""

import pytest
import sympy as sp

from derivations import Proof, ge, gt, le, logb, relu, sigmoid, tropical_add
from derivations.model.claims import ChainBuilder
from derivations.notation.printer import flat_brackets, heading, latex, plain
from derivations.model.view import article_lines, assumption_lines, heading as chain_heading, parts_view

x, y, c = sp.symbols("x y c", real=True)
t, tau, beta = (sp.Symbol(name, positive=True) for name in ("t", "tau", "beta"))
n, i, j = (sp.Symbol(name, integer=True, positive=True) for name in ("n", "i", "j"))
X = sp.IndexedBase("x", real=True)
s = sigmoid(x)


@pytest.mark.parametrize(
    "expr, text",
    [
        (logb(1 + t**x, t), r"\log_{t}(1 + t^{x})"),  # 1 + t^x, not t^x + 1
        (sp.Mul(s, 1 - s, evaluate=False), r"\sigma(x) (1 - \sigma(x))"),  # as the proof script wrote it
        (t ** (y - x), r"t^{y - x}"),  # not t^{-x + y}
        (2 * sigmoid(2 * x) - 1, r"2 \sigma(2 x) - 1"),
        (logb(1 + t**x, t) - sp.Max(0, x), r"\log_{t}(1 + t^{x}) - \max(0, x)"),
        (6 * X[2] + 2, r"6 x_{2} + 2"),
        (sp.exp(X[1] / tau), r"e^{x_{1} / \tau}"),  # no stacked fraction in an exponent
        (logb(2, t), r"\log_{t} 2"),
        (sp.Derivative(s, x), r"\sigma'(x)"),
        (sp.Mul(sp.Rational(1, 2), sp.Rational(1, 2), evaluate=False), r"\frac{1}{2} \cdot \frac{1}{2}"),
        (sp.Pow(sp.Mul(sp.Add(s, 1 - s, evaluate=False), sp.Pow(2, -1, evaluate=False), evaluate=False), 2, evaluate=False),
         r"\left(\frac{\sigma(x) + (1 - \sigma(x))}{2}\right)^{2}"),
        (sp.exp(sp.Mul(-1, x - y, evaluate=False)), r"e^{- (x - y)}"),
        (sp.tanh(x), r"\tanh(x)"),
        (relu(x), r"\rho(x)"),
    ],
)
def test_printer(expr, text):
    assert latex(expr) == text


@pytest.mark.parametrize(
    "tex, flat",
    [
        (r"\sigma\left(x\right)", r"\sigma(x)"),
        (r"\left(1 - \sigma\left(x\right)\right)", r"(1 - \sigma(x))"),
        (r"\log\left(\sum_{k=1}^{n} e^{x_k}\right)", r"\log\left(\sum_{k=1}^{n} e^{x_k}\right)"),  # tall: sized
        (r"\left(\frac{a}{b}\right)^{2}", r"\left(\frac{a}{b}\right)^{2}"),
    ],
)
def test_sized_brackets_only_around_tall_contents(tex, flat):
    assert flat_brackets(tex) == flat


@pytest.mark.parametrize(
    "statement, assumptions, shown",
    [
        (gt(logb(t, t), 0), (gt(t, 1),), [r"t > 1"]),  # not "t > 0, t > 1"
        (gt(x, 0), (), []),  # a real variable goes unsaid
        (gt(beta * x, 0), (), [r"\beta > 0"]),
        (le(X[i], X[n]), (ge(n, 2), le(n, 8), ge(i, 1), le(i, n)), [r"i, n \in \mathbb{Z}", r"1 \leq i \leq n", r"2 \leq n \leq 8"]),
        (le(X[i], X[n]), (le(i, n),), [r"i, n \in \mathbb{Z}_{\geq 1}", r"i \leq n"]),
        (le(sp.Integer(0), x), (sp.Ne(t, 1), gt(x, -t)), [r"t > 0", r"x > - t", r"t \neq 1"]),
    ],
)
def test_assumptions_as_the_author_states_them(statement, assumptions, shown):
    assert assumption_lines(Proof(statement=statement, assumptions=assumptions)) == shown


@pytest.mark.parametrize(
    "condition, title, case, rest",
    [
        (sp.Ge(x, 0), r"$x \geq 0$", r"x \geq 0", ""),  # the title only repeats the case: said once
        (sp.Lt(x, 0), "", "x < 0", ""),
        (sp.true, "upper bound", "", "upper bound"),
        (sp.Gt(x, y), "the larger term first", "x > y", "the larger term first"),
    ],
)
def test_case_heading_said_once(condition, title, case, rest):
    chain = ChainBuilder(x, condition, title=title).eq(x, "same").build()
    assert chain_heading(chain) == {"case": case, "title": rest}


def test_chains_under_one_heading_are_one_part_and_induction_has_one_base_heading():
    p = Proof(statement=le(s, 1))
    for _ in range(2):
        p.chain(s, condition=sp.Ge(x, 0), title=r"$x \geq 0$").le(1, "bound", rule="inequality")
    induction = p.induction(n, 1)
    induction.base_chain(s, title="$n = 1$").le(1, "bound", rule="inequality")
    induction.base_chain(s).gt(0, "sign", rule="positivity")
    chain_part, induction_part = parts_view(p)
    assert len(chain_part["chains"]) == 2
    assert [g["label"] for g in induction_part["groups"]] == ["Base case", "Induction step"]
    assert len(induction_part["groups"][0]["chains"]) == 2


@pytest.mark.parametrize(
    "variables, domain, assumptions, columns, first_row, cases",
    [
        ((x, y), "extended-reals", (), ["", "1", "2", "3", "4"], ["x", r"\text{finite}", r"\text{finite}", r"-\infty", r"-\infty"], 4),
        ((n, j), "integers", (ge(n, 2), le(n, 4), ge(j, 1), le(j, n)), ["n", "j", r"\text{cases}"], ["2", "1, 2", "2"], 9),
    ],
)
def test_cases_as_a_compact_table(variables, domain, assumptions, columns, first_row, cases):
    p = Proof(statement=le(tropical_add(x, y), sp.Max(x, y)), assumptions=assumptions)
    p.exhaust(*variables, domain=domain)
    (part,) = parts_view(p)
    assert part["columns"] == columns and part["rows"][0] == first_row and part["cases"] == cases


@pytest.mark.parametrize(
    "tex, rows",
    [
        (r"\sigma'(x) = \sigma(x)(1-\sigma(x))", [[r"\sigma'(x) = \sigma(x)(1-\sigma(x))"]]),
        (r"x\oplus y=y\oplus x\\ x\oplus x=x", [[r"x\oplus y=y\oplus x"], [r"x\oplus x=x"]]),
        (r"\max(8x_2,6x_2+2,2x_1+2x_2+6,2x_1+4x_2+4,x_1+x_2+x_3)-\max(4x_2+3,6x_2+3,8x_2+2,2x_1+2x_2+6)=\max(x_1,x_2)",
         [[r"\max(8x_2,6x_2+2,2x_1+2x_2+6,2x_1+4x_2+4,x_1+x_2+x_3)", r"-\max(4x_2+3,6x_2+3,8x_2+2,2x_1+2x_2+6)", r"=\max(x_1,x_2)"]]),
    ],
)
def test_the_articles_formula_is_broken_at_relations_and_signs(tex, rows):
    assert article_lines(tex) == rows


@pytest.mark.parametrize(
    "title, expected",
    [
        (r"Softplus is $\log(1+e^x)$", r"Softplus is \texorpdfstring{\mbox{$\log(1+e^x)$}}{log(1+e\textasciicircum{}x)}"),
        (r"slope at most $\frac14$", r"slope at most \texorpdfstring{\mbox{$\frac14$}}{1/4}"),
    ],
)
def test_section_titles_keep_formulas_whole_with_plain_bookmarks(title, expected):
    assert heading(title) == expected


def test_plain_text_of_a_formula():
    assert plain(r"\sigma'(x) \leq \frac{1}{4}") == "σ'(x) ≤ 1/4"
