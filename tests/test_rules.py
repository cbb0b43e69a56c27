"""Each rule, table-driven: valid steps are proved, invalid ones are not."""

from fractions import Fraction

import pytest
import sympy as sp

from derivations import cite, sigmoid
from derivations.networks.expressions import form_expression, network_expression
from derivations.networks.model import random_network
from derivations.networks.tropical import TropicalForm, TropicalPolynomial, tropicalize
from derivations.notation import logb, sigmoid_tower
from derivations.decide.rules import RULES, Context, Goal, check
from derivations.model.verdict import Verdict

x, y = sp.symbols("x y", real=True)
t = sp.Symbol("t", positive=True)
n = sp.Symbol("n", integer=True, positive=True)
s = sigmoid(x)
e = sp.exp
oo = sp.oo


def lemmas(claim_id):
    from derivations.decide.rules.lemma import Cited

    table = {
        "ode": (sp.Eq(sp.Derivative(sigmoid(x), x), s * (1 - s), evaluate=False),),
        "bound": (sp.Lt(0, sp.Derivative(sigmoid(x), x)), sp.Le(sp.Derivative(sigmoid(x), x), sp.Rational(1, 4))),
    }
    return Cited(table[claim_id])


CTX = Context(lemma=lemmas)
NET = random_network(2, [3, 2], 5)
NET_FORM = tropicalize(NET)
WRONG_FORM = TropicalForm(NET_FORM.F * TropicalPolynomial(2, {(1, 0): Fraction(0)}), NET_FORM.G)
T_GT_1 = Context(facts=(sp.Gt(t, 1),), lemma=lemmas)
k = sp.Symbol("k", integer=True, positive=True)
S = sp.IndexedBase("s", nonnegative=True)
N_GE_2 = Context(facts=(sp.Ge(n, 2),), lemma=lemmas)
X3 = [sp.IndexedBase("x", real=True)[m] for m in (1, 2, 3)]
STRICT = Context(facts=(sp.Gt(t, 1), sp.Lt(X3[2], sp.Max(*X3))), lemma=lemmas)

VALID = [
    ("telescoping", sp.Sum(k, (k, 1, n)), "=", n * (n + 1) / 2, {}, CTX),
    ("telescoping", sp.Product(2, (k, 1, n)), "=", 2**n, {}, CTX),
    ("identity", 1 / (1 + e(-x)), "=", e(x) / (1 + e(x)), {}, CTX),
    ("identity", sp.Max(0, x) + sp.Min(0, x), "=", x, {}, CTX),
    ("identity", sp.Abs(x) ** 2, "=", x**2, {}, CTX),
    ("identity", logb(1 + t**x, t), "=", logb(1 + t ** (-x), t) + x, {}, T_GT_1),
    ("identity", x, "=", sp.Max(0, x), {}, Context(facts=(sp.Ge(x, 0),))),
    ("definition", sigmoid(x), "=", 1 / (1 + e(-x)), {}, CTX),
    ("derivative", sp.Derivative(sigmoid(x), x), "=", e(-x) / (1 + e(-x)) ** 2, {}, CTX),
    ("chain-rule", sp.Derivative(sigmoid_tower(n + 1, x), x), "=",
     sp.Derivative(sigmoid(x), x).subs(x, sigmoid_tower(n, x)) * sp.Derivative(sigmoid_tower(n, x), x), {}, CTX),
    ("antiderivative", sp.Integral(e(x) / (1 + e(x)), x), "=", sp.log(1 + e(x)), {}, CTX),
    ("am-gm", s * (1 - s), "<=", sp.Rational(1, 4), {"a": s, "b": 1 - s}, CTX),
    ("am-gm", x * y, "<=", ((x + y) / 2) ** 2, {}, CTX),
    ("sum-of-squares", 2 * x * y, "<=", x**2 + y**2, {"squares": [x - y]}, CTX),
    ("positivity", s * (1 - s), ">", 0, {}, CTX),
    ("positivity", 0, "<", e(x) + x**2, {}, CTX),
    ("positivity", x**2, ">=", 0, {}, CTX),
    ("lemma", sp.Derivative(sigmoid(x), x), "=", s * (1 - s), {"lemma": cite("ode")}, CTX),
    ("lemma", sp.Derivative(sigmoid(x), x), "<=", sp.Rational(1, 4), {"lemma": cite("bound")}, CTX),
    ("bound-product", sp.Derivative(sigmoid(x), x).subs(x, y) * sp.Symbol("D", positive=True), "<=",
     sp.Symbol("B") / 4, {"lemmas": [cite("bound", x=y)]},
     Context(facts=(sp.Le(sp.Symbol("D", positive=True), sp.Symbol("B")),), lemma=lemmas)),
    ("limit", sp.Limit(logb(1 + t**x, t), t, oo), "=", sp.Max(0, x), {}, T_GT_1),
    ("limit", sp.Limit(logb(t**x + t**y, t), t, oo), "=", sp.Max(x, y), {}, T_GT_1),
    ("limit", sp.Limit(1 / x, x, 0, "+"), "=", oo, {}, CTX),
    ("limit", sp.Limit(sp.sin(x) / x, x, 0), "=", 1, {}, CTX),
    ("inequality", sp.Max(0, x), "<", sp.log(1 + e(x)), {}, CTX),
    ("inequality", sp.Derivative(sigmoid(x), x), "<=", sp.Rational(1, 4), {}, CTX),
    ("inequality", s, "<", 1, {}, CTX),
    ("inequality", x**2 - 2 * x + 1, ">=", 0, {}, CTX),
    ("tropical-network", network_expression(NET), "=", form_expression(NET_FORM), {"network": NET}, CTX),
    # a sum over k = 2..n: termwise, and its sign from its terms and its (nonempty) range
    ("inequality", sp.Sum(e(-S[k]), (k, 2, n)), "<=", sp.Sum(1, (k, 2, n)), {}, N_GE_2),
    ("inequality", sp.Sum(e(-S[k]), (k, 2, n)), ">", 0, {}, N_GE_2),
    # strict when one term is strictly below the largest (x_2 < max), by cases on the largest
    ("inequality", logb(sum(t**v for v in X3), t), "<", sp.Max(*X3) + logb(3, t), {}, STRICT),
]

INVALID = [
    ("telescoping", sp.Sum(k, (k, 1, n)), "=", n**2, {}, CTX),  # equal at n = 1 only
    ("telescoping", sp.Sum(k, (k, 1, n)), "=", n * (n + 1) / 2 + 1, {}, CTX),  # right difference, wrong base
    ("identity", 1 / (1 + e(-x)), "=", e(-x) / (1 + e(x)), {}, CTX),
    ("identity", sp.Max(0, x), "=", x, {}, CTX),  # only for x >= 0
    ("identity", logb(t**x * t**y, t), "=", x * y, {}, T_GT_1),
    ("identity", x, "<=", x, {}, CTX),  # wrong kind of step for the rule
    ("derivative", sp.Derivative(sigmoid(x), x), "=", s * (1 + s), {}, CTX),
    ("chain-rule", sp.Derivative(sigmoid_tower(n + 1, x), x), "=", sp.Derivative(sigmoid_tower(n, x), x), {}, CTX),
    ("antiderivative", sp.Integral(e(x) / (1 + e(x)), x), "=", sp.log(1 + e(-x)), {}, CTX),
    ("am-gm", s * (1 - s), "<=", sp.Rational(1, 5), {"a": s, "b": 1 - s}, CTX),
    ("am-gm", s * (1 - s), "<", sp.Rational(1, 4), {"a": s, "b": 1 - s}, CTX),  # AM-GM is not strict
    ("sum-of-squares", 2 * x * y, "<=", x**2 + y**2, {"squares": [x + y]}, CTX),
    ("sum-of-squares", 3 * x * y, "<=", x**2 + y**2, {"squares": [x - y], "weights": [-1]}, CTX),
    ("positivity", x * (1 - s), ">", 0, {}, CTX),  # x has no sign
    ("positivity", x**2, ">", 0, {}, CTX),  # only >= 0
    ("lemma", sp.Derivative(sigmoid(x), x), "<", sp.Rational(1, 4), {"lemma": cite("bound")}, CTX),
    ("lemma", sp.Derivative(sigmoid(x), x), "=", s, {"lemma": cite("ode")}, CTX),
    ("bound-product", sp.Derivative(sigmoid(x), x).subs(x, y) * sp.Symbol("D", positive=True), "<=",
     sp.Symbol("B") / 5, {"lemmas": [cite("bound", x=y)]},
     Context(facts=(sp.Le(sp.Symbol("D", positive=True), sp.Symbol("B")),), lemma=lemmas)),
    ("bound-product", x * sp.Symbol("D", positive=True), "<=", sp.Symbol("B"), {},
     Context(facts=(sp.Le(sp.Symbol("D", positive=True), sp.Symbol("B")),))),  # x not positive
    ("limit", sp.Limit(logb(1 + t**x, t), t, oo), "=", x, {}, T_GT_1),
    ("limit", sp.Limit(logb(1 + t**x, t), t, oo), "=", sp.Min(0, x), {}, T_GT_1),
    ("limit", sp.Limit(logb(t**x + t**y, t), t, oo), "=", x + y, {}, T_GT_1),
    ("limit", sp.Limit(1 / x, x, 0, "-"), "=", oo, {}, CTX),
    ("no-such-rule", x, "=", x, {}, CTX),
    ("inequality", sp.Derivative(sigmoid(x), x), "<", sp.Rational(1, 4), {}, CTX),  # equal at 0
    ("inequality", x**2 - 2 * x + 1, ">", 0, {}, CTX),  # zero at 1
    ("inequality", s, "<", sp.Rational(1, 2), {}, CTX),
    ("inequality", x, "=", x, {}, CTX),
    ("inequality", sp.Sum(e(S[k]), (k, 2, n)), "<=", sp.Sum(1, (k, 2, n)), {}, N_GE_2),  # e^{s_k} >= 1
    ("tropical-network", network_expression(NET), "=", form_expression(WRONG_FORM), {"network": NET}, CTX),  # F x_1 - G
    ("tropical-network", network_expression(NET) + 1, "=", form_expression(NET_FORM), {"network": NET}, CTX),  # not the network
    ("inequality", sp.Sum(e(-S[k]), (k, 2, n)), ">", 0, {}, CTX),  # n = 1: the empty sum is 0
    ("inequality", sp.Sum(x, (k, 2, n)), ">=", 0, {}, N_GE_2),  # x of unknown sign
    ("inequality", logb(sum(t**v for v in X3), t), "<", sp.Max(*X3) + logb(3, t), {}, T_GT_1),  # all equal
]


def _ids(table):
    return [f"{row[0]}:{i}" for i, row in enumerate(table)]


@pytest.mark.parametrize("rule, lhs, op, rhs, hints, ctx", VALID, ids=_ids(VALID))
def test_valid_steps_are_proved(rule, lhs, op, rhs, hints, ctx):
    result = check(rule, Goal(lhs, op, rhs, hints), ctx)
    assert result.verdict is Verdict.PROVED, result.detail


@pytest.mark.parametrize("rule, lhs, op, rhs, hints, ctx", INVALID, ids=_ids(INVALID))
def test_invalid_steps_are_not_proved(rule, lhs, op, rhs, hints, ctx):
    result = check(rule, Goal(lhs, op, rhs, hints), ctx)
    assert result.verdict is not Verdict.PROVED
    assert result.detail  # an undecided step says why


def test_every_registered_rule_is_exercised():
    used = {row[0] for row in VALID} | {row[0] for row in INVALID}
    assert set(RULES) - {"substitute"} <= used


def test_limit_refutes_a_wrong_case_with_the_case_named():
    result = check("limit", Goal(sp.Limit(logb(1 + t**x, t), t, oo), "=", x), T_GT_1)
    assert result.verdict is Verdict.REFUTED
    assert "x < 0" in result.detail


def test_a_squeeze_takes_no_bound_from_hypotheses():
    """0 <= 1/t <= t as hypotheses of the context (not proved): 1/t -> 0 as t -> 0+ must not follow."""
    ctx = Context(facts=(sp.Le(0, 1 / x), sp.Le(1 / x, x)), lemma=lemmas)
    result = check("limit", Goal(sp.Limit(1 / x, x, 0, "+"), "=", 0), ctx)
    assert result.verdict is not Verdict.PROVED, result.detail


def test_a_value_with_an_infinity_inside_is_no_value():
    """oo**(x - 1) is what SymPy says of t^x/t: not a limit value (it depends on the sign of x - 1)."""
    from derivations.decide.rules.limits import _clean

    assert _clean(sp.oo ** (x - 1))[0] is None and _clean(sp.oo * sp.sign(x))[0] is None
    assert _clean(sp.oo)[0] == sp.oo and _clean(x + 1)[0] == x + 1
