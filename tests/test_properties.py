"""Property-based soundness (Hypothesis): random formulas over the vocabulary, false by construction
(never proved) or true by construction (never refuted). Seeded and bounded, so the run is the same
every time and stays short."""

from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derivations.decide import interval
from derivations.notation import relu, sigmoid, softplus
from derivations.check.prove import decide_relation
from derivations.model.verdict import Verdict

x, y = sp.symbols("x y", real=True)

SETTINGS = settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))

rationals = st.builds(lambda p, q: sp.Rational(p, q), st.integers(-3, 3), st.integers(1, 4))
atoms = st.one_of(st.sampled_from([x, y]), rationals)

UNARY = [sp.exp, sigmoid, softplus, sp.tanh, relu, lambda u: sp.log(1 + sp.exp(u)), lambda u: u**2]
BINARY = [lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a - b, sp.Max, sp.Min]


def _extend(children):
    return st.one_of(
        st.builds(lambda f, u: f(u), st.sampled_from(UNARY), children),
        st.builds(lambda f, a, b: f(a, b), st.sampled_from(BINARY), children, children),
    )


formulas = st.recursive(atoms, _extend, max_leaves=5).filter(lambda e: bool(e.free_symbols))
points = st.fixed_dictionaries({x: rationals, y: rationals})

# rewrites that are identities on all of R: (pattern test, rewrite)
REWRITES = [
    (lambda e: isinstance(e, sigmoid), lambda e: 1 / (1 + sp.exp(-e.args[0]))),
    (lambda e: isinstance(e, sigmoid), lambda e: sp.exp(e.args[0]) / (1 + sp.exp(e.args[0]))),
    (lambda e: isinstance(e, sigmoid), lambda e: 1 - sigmoid(-e.args[0])),
    (lambda e: isinstance(e, softplus), lambda e: sp.log(1 + sp.exp(e.args[0]))),
    (lambda e: isinstance(e, sp.tanh), lambda e: 2 * sigmoid(2 * e.args[0]) - 1),
    (lambda e: isinstance(e, relu), lambda e: sp.Max(0, e.args[0])),
    (lambda e: isinstance(e, sp.Max) and len(e.args) == 2, lambda e: (e.args[0] + e.args[1] + sp.Abs(e.args[0] - e.args[1])) / 2),
    (lambda e: isinstance(e, sp.Min) and len(e.args) == 2, lambda e: (e.args[0] + e.args[1] - sp.Abs(e.args[0] - e.args[1])) / 2),
    (lambda e: isinstance(e, sp.exp) and e.args[0].is_Add, lambda e: sp.Mul(*[sp.exp(a) for a in e.args[0].args])),
]


def _rewritten(f):
    """f with every subterm that a rewrite applies to rewritten (the first applicable rewrite each)."""
    def rewrite(e):
        for applies, how in REWRITES:
            if applies(e):
                return how(e)
        return e

    return f.replace(lambda e: any(applies(e) for applies, _ in REWRITES), rewrite)


@SETTINGS
@given(formulas, formulas, points, st.sampled_from([1, -2, sp.Rational(1, 3)]))
def test_false_by_construction_is_never_proved(f, g, point, c):
    """f = f + c g, with g certainly nonzero at a point: false there."""
    if interval.sign(g, point) is None:
        return
    rel = sp.Eq(f, f + c * g, evaluate=False)
    assert decide_relation(rel, ()).verdict is not Verdict.PROVED, rel


@SETTINGS
@given(formulas, formulas, points)
def test_false_inequality_by_construction_is_never_proved(f, g, point):
    """f < f - g^2 can hold nowhere; f <= f - g^2 fails where g != 0."""
    if interval.sign(g, point) is None:
        return
    for rel in (sp.Lt(f, f - g**2, evaluate=False), sp.Le(f, f - g**2, evaluate=False)):
        assert decide_relation(rel, ()).verdict is not Verdict.PROVED, rel


@SETTINGS
@given(formulas)
def test_true_identity_by_construction_is_never_refuted(f):
    """f written two ways through known identities."""
    g = _rewritten(f)
    rel = sp.Eq(f, g, evaluate=False)
    assert decide_relation(rel, ()).verdict is not Verdict.REFUTED, rel


@SETTINGS
@given(formulas, formulas)
def test_true_inequality_by_construction_is_never_refuted(f, g):
    """Bounds that hold everywhere: max(f, g) >= f, softplus(f) > relu(f), 0 < sigma(f) < 1, e^f > 0."""
    for rel in (
        sp.Ge(sp.Max(f, g), f, evaluate=False),
        sp.Gt(softplus(f), relu(f), evaluate=False),
        sp.Lt(sigmoid(f), 1, evaluate=False),
        sp.Gt(sp.exp(f), 0, evaluate=False),
    ):
        assert decide_relation(rel, ()).verdict is not Verdict.REFUTED, rel
