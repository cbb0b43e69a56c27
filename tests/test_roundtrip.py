"""What is exported reads back as what was proved: every formula, and the article's LaTeX binding."""

import pytest

from derivations.check.binding import bind, roundtrip, same_expression
from derivations.read.parse import parse
from derivations.notation.printer import latex
from derivations.model.view import formulas

from .conftest import ARTICLE_IDS


@pytest.mark.parametrize("claim_id", ARTICLE_IDS)
def test_every_exported_formula_reads_back(specs, claim_id):
    spec = specs[claim_id]
    proof = spec.proof()
    assert len(formulas(proof)) >= 3
    assert roundtrip(spec, proof) == []


@pytest.mark.parametrize("claim_id", ARTICLE_IDS)
def test_article_latex_binds_to_the_proof(specs, claim_id):
    spec = specs[claim_id]
    assert bind(spec, spec.proof()) == []


def test_a_printer_that_loses_a_term_is_caught(specs, monkeypatch):
    import derivations.notation.printer as render

    spec = specs["softmax-two-class"]
    original = render.latex
    monkeypatch.setattr(render, "latex", lambda expr: original(expr).replace("e^{y}", "e^{x}"))
    assert roundtrip(spec, spec.proof())


def test_same_expression_is_exact_not_numeric():
    import sympy as sp

    x = sp.Symbol("x", real=True)
    assert same_expression(parse(r"\frac{e^x}{1+e^x}"), 1 / (1 + sp.exp(-x)))
    assert not same_expression(parse(r"\frac{e^x}{1+e^x}"), 1 / (1 + sp.exp(-x)) + sp.Rational(1, 10**30))


@pytest.mark.parametrize("text", [r"\tanh(x)", r"\sigma''(x)", r"x \oplus \max(x, y)", r"\lim_{t\to 0^+} t", r"\int e^{x}\, dx"])
def test_printer_output_parses_back(text):
    expr = parse(text)
    assert same_expression(parse(latex(expr)), expr)


def _corpus():
    import json

    from .conftest import ROOT

    return [json.loads(line)["latex"] for line in (ROOT / "bench" / "claims.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("text", _corpus())
def test_corpus_prints_and_reads_back(text):
    parsed = parse(text)
    for rel in parsed if isinstance(parsed, tuple) else (parsed,):
        assert same_expression(parse(latex(rel)), rel), latex(rel)
