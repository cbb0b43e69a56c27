"""A chain's steps written in the article's LaTeX: read as written by derive prove's reader, checked like SymPy ones."""

import pytest
import sympy as sp

from derivations import Proof, claim, eq, le, sigmoid, sigmoid_tower
from derivations.model.claims import written
from derivations.base.config import Config
from derivations.base.errors import ProofScriptError
from derivations.read.parse import parse
from derivations.notation.printer import latex
from derivations.model.verdict import Verdict
from derivations.check.verify import Verifier

x = sp.Symbol("x", real=True)
n = sp.Symbol("n", integer=True, positive=True)


def _verify(spec):
    return Verifier({spec.id: spec}, Config()).verify(spec.id)


@pytest.mark.parametrize(
    "tex, printed",
    [
        (r"\frac{e^{-x}}{(1+e^{-x})^2}", r"\frac{e^{- x}}{(1 + e^{- x})^{2}}"),  # not SymPy's e^{-x}/(e^{-x}+1)^2
        (r"\sigma(x)(1-\sigma(x))", r"\sigma(x) (1 - \sigma(x))"),  # the reader's f^1 is f
        (r"\frac{d}{dx}\frac{1}{1+e^{-x}}", r"\frac{d}{d x} \frac{1}{1 + e^{- x}}"),  # and its 1 * ... is ...
        (r"\frac{x}{x}", r"\frac{x}{x}"),  # nothing evaluated: not 1
        (r"2\sigma(2x)-1", r"2 \sigma(2 x) - 1"),
    ],
)
def test_a_written_step_is_kept_as_the_author_wrote_it(tex, printed):
    expr = written(tex)
    assert latex(expr) == printed
    assert sp.simplify(expr - parse(tex)) == 0  # and it means what derive prove reads


def test_a_written_step_means_the_proofs_own_symbols():
    p = Proof(statement=le(sp.Derivative(sigmoid_tower(n, x), x), 4**-n), assumptions=(sp.Ge(n, 1),))
    step = p.chain(sp.Derivative(sigmoid_tower(n, x), x)).le(r"4^{-n}", "bound", rule="inequality").build().steps[0]
    (symbol,) = step.expr.free_symbols
    assert symbol is n and symbol.is_integer  # the reader's n is a real symbol; the proof's is an integer


@claim("written-ode", title="t", latex=r"\sigma'(x) = \sigma(x)(1-\sigma(x))")
def _written_ode():
    p = Proof(statement=eq(sp.Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))))
    p.chain(r"\sigma'(x)") \
        .eq(r"\frac{d}{dx}\frac{1}{1+e^{-x}}", r"definition of $\sigma$", rule="definition") \
        .eq(r"\frac{e^{-x}}{(1+e^{-x})^2}", "chain rule", rule="derivative") \
        .eq(r"\sigma(x)(1-\sigma(x))", "algebra")
    return p


@claim("written-wrong", title="t", latex=r"\sigma'(x) = \sigma(x)(1-\sigma(x))")
def _written_wrong():
    p = Proof(statement=eq(sp.Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))))
    p.chain(r"\sigma'(x)") \
        .eq(r"\frac{e^{-x}}{(1+e^{-x})^3}", "chain rule (a wrong power)", rule="derivative") \
        .eq(r"\sigma(x)(1-\sigma(x))", "algebra")
    return p


@claim("written-mixed", title="t", latex=r"\sigma'(x) = \sigma(x)(1-\sigma(x))")
def _written_mixed():
    p = Proof(statement=eq(sp.Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))))
    p.chain(sp.Derivative(sigmoid(x), x)) \
        .eq(sp.exp(-x) / (1 + sp.exp(-x)) ** 2, "chain rule", rule="derivative") \
        .eq(r"\sigma(x)(1-\sigma(x))", "algebra")
    return p


@pytest.mark.parametrize(
    "spec, verdict",
    [(_written_ode, Verdict.PROVED), (_written_mixed, Verdict.PROVED), (_written_wrong, Verdict.UNKNOWN)],
)
def test_written_steps_are_checked_like_sympy_ones(spec, verdict):
    assert _verify(spec).verdict is verdict


@pytest.mark.parametrize(
    "tex, built, as_written, as_built",
    [
        (r"\sigma(x)(1-\sigma(x))", sigmoid(x) * (1 - sigmoid(x)), r"\sigma(x) (1 - \sigma(x))", r"(1 - \sigma(x)) \sigma(x)"),
        (r"1-\sigma(x)+x", 1 - sigmoid(x) + x, r"1 - \sigma(x) + x", r"1 + x - \sigma(x)"),
        (r"x+x", x + x, "x + x", "2 x"),
    ],
)
def test_a_written_step_prints_as_written_where_sympy_would_reorder_it(tex, built, as_written, as_built):
    p = Proof(statement=eq(built, built))
    chain = p.chain(built).eq(tex, "as written").build()
    assert (latex(chain.steps[0].expr), latex(built)) == (as_written, as_built)


@pytest.mark.parametrize(
    "tex, message",
    [
        (r"\frac{1}{", "cannot be read"),
        (r"\sigma(x) = 1", "is a relation"),
        (r"\foo(x)", "cannot be read"),
    ],
)
def test_a_step_that_cannot_be_read_is_a_proof_script_error_at_its_line(tex, message):
    p = Proof(statement=eq(sigmoid(x), sigmoid(x)))
    with pytest.raises(ProofScriptError) as caught:
        p.chain(sigmoid(x)).eq(tex, "why")
    text = str(caught.value)
    assert message in text and "test_written_steps.py:" in text and "\n" not in text
