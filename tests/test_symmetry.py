"""Symmetry: a case is taken from an earlier one only when it is exactly that case with two variables
renamed; a statement that is not symmetric is never proved this way."""

import pytest
import sympy as sp

from derivations.model.claims import ClaimSpec, Proof, eq, ge, le
from derivations.base.config import Config
from derivations.notation import family_max, logb
from derivations.decide.rules.inequality import decide_sign
from derivations.decide.symmetry import by_symmetry, case_by_symmetry, is_image, member_swap, swap_of, transposition
from derivations.model.verdict import Verdict
from derivations.check.verify import Verifier

x, y = sp.symbols("x y", real=True)
p = sp.Symbol("p", positive=True)
t = sp.Symbol("t", positive=True)
n, i, j, k = sp.symbols("n i j k", integer=True, positive=True)
X = sp.IndexedBase("x", real=True)
Y = sp.IndexedBase("y", real=True)


@pytest.mark.parametrize(
    "a, b, swaps",
    [
        (x, y, True),
        (x, p, False),  # different assumptions: renaming would change what is known
        (X[1], X[2], True),
        (X[1], Y[2], False),  # members of different families
        (X[1], X[j], False),  # a symbolic index may be 1
        (x, x, False),
        (x + 1, y, False),
    ],
)
def test_swap_of(a, b, swaps):
    assert (swap_of(a, b) is not None) is swaps


SWAP12 = {X[1]: X[2], X[2]: X[1]}


@pytest.mark.parametrize(
    "goal, other, image",
    [
        ((X[1] - X[2], (sp.Ge(X[1], X[2]),)), (X[2] - X[1], (sp.Ge(X[2], X[1]),)), True),
        ((X[1] - X[2], (sp.Ge(X[1], X[2]),)), (X[2] - X[1], ()), False),  # hypotheses differ
        ((X[1] - 2 * X[2], ()), (X[2] - X[1], ()), False),  # not the renamed expression
        ((X[1] + family_max(X, 3), ()), (X[2] + family_max(X, 3), ()), True),  # max over x_1..x_3: symmetric
        ((X[1] + family_max(X, 1), ()), (X[2] + family_max(X, 1), ()), False),  # x_2 is not in max over x_1
        ((X[1] + family_max(X, n), ()), (X[2] + family_max(X, n), ()), False),  # n may be 1
        ((X[1] + sp.Sum(k * X[k], (k, 1, 3)), ()), (X[2] + sp.Sum(k * X[k], (k, 1, 3)), ()), False),  # the sum names x_1 unseen
        ((X[1], (sp.Lt(X[j], X[1]),)), (X[2], (sp.Lt(X[j], X[2]),)), False),  # x_j may be x_2
        ((sp.Eq(X[1], X[2] + 1), ()), (sp.Eq(X[2], X[1] + 1), ()), True),  # relations, compared side by side
    ],
)
def test_is_image(goal, other, image):
    assert is_image((goal[0], (goal[1],)), (other[0], (other[1],)), SWAP12) is image


def test_by_symmetry_finds_the_renamed_case():
    decided = [(X[1], (X[1] - X[3], ((sp.Ge(X[1], X[3]),),)))]
    assert by_symmetry(decided, X[2], (X[2] - X[3], ((sp.Ge(X[2], X[3]),),))) == X[1]
    assert by_symmetry(decided, X[2], (X[2] - 2 * X[3], ((sp.Ge(X[2], X[3]),),))) is None


@pytest.mark.parametrize(
    "case, other, pair",
    [
        ({n: 3, i: 1, j: 2}, {n: 3, i: 2, j: 1}, (1, 2)),
        ({n: 3, i: 1, j: 1}, {n: 3, i: 2, j: 2}, (1, 2)),
        ({n: 3, i: 1, j: 2}, {n: 3, i: 2, j: 3}, None),  # a cycle, not one transposition
        ({n: 3, i: 1}, {n: 3, i: 1}, None),
    ],
)
def test_transposition(case, other, pair):
    case = {v: sp.Integer(w) for v, w in case.items()}
    other = {v: sp.Integer(w) for v, w in other.items()}
    assert transposition(case, other) == pair


def test_member_swap_renames_every_family():
    assert member_swap([X[1] + Y[1]], 1, 3) == {X[1]: X[3], X[3]: X[1], Y[1]: Y[3], Y[3]: Y[1]}


def test_case_by_symmetry_needs_matching_hypotheses():
    one = {n: sp.Integer(3), i: sp.Integer(1)}
    two = {n: sp.Integer(3), i: sp.Integer(2)}
    decided = [(one, sp.Le(X[1], family_max(X, 3)), ((sp.Gt(t, 1),), ()))]
    assert case_by_symmetry(decided, two, sp.Le(X[2], family_max(X, 3)), ((sp.Gt(t, 1),), ())) == one
    assert case_by_symmetry(decided, two, sp.Le(X[2], family_max(X, 3)), ((sp.Gt(t, 1),), (sp.Gt(X[2], 0),))) is None  # a proved fact more


# ---------------------------------------------------------------- through the decision procedures

WIDE = sp.Max(X[1], X[2], X[3], X[4])
SOFT = logb(sum(t ** X[m] for m in range(1, 5)), t)


@pytest.mark.parametrize(
    "d, proved",
    [
        (WIDE - X[1], True),  # symmetric: one case proved, the others its renamings
        (SOFT - WIDE, True),
        (X[1] - WIDE, False),  # x_1 >= max: true in the case "x_1 largest" only
        (WIDE + X[1] - 2 * X[2], False),
    ],
)
def test_largest_argument_split(d, proved):
    ok, reason = decide_sign(d, False, (sp.Gt(t, 1),))
    assert ok is proved, reason
    if proved and d == SOFT - WIDE:
        assert "by symmetry" in reason


def _claim(claim_id, statement, assumptions, *variables):
    def build():
        proof = Proof(statement=statement, assumptions=assumptions)
        proof.exhaust(*variables)
        return proof

    return ClaimSpec(claim_id, claim_id, "", build)


FAMILY = (ge(n, 2), le(n, 5), ge(i, 1), le(i, n))


@pytest.mark.parametrize(
    "statement, proved",
    [
        (le(t ** X[i], sp.Sum(t ** X[k], (k, 1, n))), True),  # each term is at most the sum
        (ge(X[1], X[i]), False),  # non-symmetric: true at i = 1 only
        (ge(X[1], family_max(X, n)), False),  # non-symmetric: holds where x_1 is the largest only
        (ge(X[i], family_max(X, n)), False),
        (le(family_max(X, n), logb(sp.Sum(t ** X[k], (k, 1, n)), t) + X[i] - X[1]), False),
    ],
)
def test_enumeration_mutants_are_not_proved_by_symmetry(statement, proved):
    spec = _claim("family", statement, FAMILY + (sp.Gt(t, 1),), n, i)
    result = Verifier({"family": spec}, Config(bind_latex=False)).verify("family")
    assert (result.verdict is Verdict.PROVED) is proved, result.reason
    if proved:
        assert "swapped" in result.steps[0].check.method


def test_softmax_jacobian_mutant_with_p_1_for_p_j_is_not_proved():
    p_ = lambda m: sp.exp(X[m]) / sp.Sum(sp.exp(X[k]), (k, 1, n))  # noqa: E731
    statement = eq(sp.Derivative(p_(i), X[j]), p_(i) * (sp.KroneckerDelta(i, j) - p_(1)))
    spec = _claim("jacobian", statement, (ge(n, 2), le(n, 3), ge(i, 1), le(i, n), ge(j, 1), le(j, n)), n, i, j)
    result = Verifier({"jacobian": spec}, Config(bind_latex=False)).verify("jacobian")
    assert result.verdict is not Verdict.PROVED
