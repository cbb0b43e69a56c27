"""The Coq twins: the ten article claims compile with only the standard axioms, mutants of their
statements do not, and without coqc the kernel's verdict is `not available`, never a claim's failure."""

import dataclasses
import json
import os
from pathlib import Path

import pytest
import sympy as sp

from derivations import coq
from derivations.model.claims import Chain, _Built, eq
from derivations.coq import kernel
from derivations.coq.printer import coq as printed
from derivations.base.errors import UnsupportedNotation
from derivations.notation import logb, sigmoid, sigmoid_tower, tropical_add
from derivations.run.runner import discover

from .conftest import ROOT

PROOFS = ROOT / "proofs"
ARTICLE = ["sigmoid-exp-form", "sigmoid-ode", "sigmoid-derivative-bound", "vanishing-gradient", "softmax-two-class",
           "softplus-antiderivative", "softplus-natural-log", "relu-limit", "tropical-add-limit", "tropical-mul-limit"]
BEYOND = ["sigmoid-second-derivative", "relu-limit-rate", "tropical-add-rate", "softplus-beta-rate", "softplus-beta-limit"]
needs_coq = pytest.mark.skipif(kernel.coqc() is None and not os.environ.get("CI"), reason="coqc with Coquelicot is not installed (CI installs it)")

x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
t = sp.Symbol("t", positive=True)
n = sp.Symbol("n", integer=True, positive=True)


@pytest.fixture(scope="module")
def specs():
    return discover(PROOFS)


@pytest.fixture(scope="module")
def compiler():
    made = kernel.Compiler(coq.hand_dir(PROOFS))
    yield made
    made.close()


def _twin(spec, proof=None):
    return coq.build(spec, proof or spec.proof(), coq.hand_dir(PROOFS))


@pytest.mark.parametrize(
    "expr, expected",
    [
        (1 / (1 + sp.exp(-x)), "1 / (1 + exp (-x))"),
        (sp.Max(0, x), "Rmax 0 x"),
        (logb(1 + t**x, t), "log_b t (1 + Rpower t x)"),
        (4 ** (-n), "1 / 4 ^ n"),
        (x**2 + sp.Rational(1, 4), "1 / 4 + x ^ 2"),
        (sigmoid_tower(n + 1, x), "sigmoid_tower (1 + n)%nat x"),
        (eq(sp.Derivative(sigmoid(x), x), 0), "is_derive (fun x => sigmoid x) x 0"),
        (eq(sp.Limit(logb(t**x + t**y, t), t, sp.oo), sp.Max(x, y)), "is_lim (fun t => log_b t (Rpower t x + Rpower t y)) p_infty (Finite (Rmax x y))"),
        (eq(tropical_add(x, -sp.oo), x), "tropical_add (Finite x) m_infty = Finite x"),
        (eq(sp.Integral(sigmoid(x), x), sp.log(1 + sp.exp(x))), "is_antiderivative (fun x => ln (1 + exp x)) (fun x => sigmoid x)"),
    ],
)
def test_the_printer_writes_coquelicot(expr, expected):
    assert printed(expr) == expected


@pytest.mark.parametrize("expr", [sp.tanh(x), sp.Float(0.5) * x, sp.Sum(x, (n, 1, 3)), sp.IndexedBase("a")[1]])
def test_what_has_no_coq_term_is_said(expr):
    with pytest.raises(UnsupportedNotation, match="Coq"):
        printed(expr)


@pytest.mark.parametrize("claim_id", ARTICLE + BEYOND)
def test_every_article_claim_has_a_generated_twin(specs, claim_id):
    twin = _twin(specs[claim_id])
    assert f"Theorem {twin.theorem} :" in twin.text and f"Print Assumptions {twin.theorem}." in twin.text
    assert "Admitted" not in twin.text and "admit" not in twin.text and "Axiom" not in twin.text


@needs_coq
@pytest.mark.parametrize("claim_id", ARTICLE + BEYOND)
def test_every_article_twin_is_checked_with_standard_axioms_only(specs, compiler, claim_id):
    twin = _twin(specs[claim_id])
    verdict = compiler.check(twin.theorem, twin.text)
    assert verdict.status == kernel.CHECKED, verdict.detail
    assert verdict.axioms and set(verdict.axioms) <= kernel.STANDARD_AXIOMS


def _mutant(proof, mapping):
    """The claim with a constant changed, in its statement and its derivation alike."""
    def swap(expr):
        return sp.sympify(expr).xreplace(mapping)

    parts = []
    for part in proof.built_parts():
        if isinstance(part, Chain):
            part = dataclasses.replace(part, start=swap(part.start), steps=tuple(dataclasses.replace(s, expr=swap(s.expr)) for s in part.steps))
        parts.append(_Built(part))
    def relation(r):
        if isinstance(r, sp.Implies):
            return sp.Implies(swap(r.args[0]), relation(r.args[1]), evaluate=False)
        return type(r)(swap(r.lhs), swap(r.rhs), evaluate=False)

    statement = tuple(relation(r) for r in proof.statement)
    return dataclasses.replace(proof, statement=statement, parts=parts)


@needs_coq
@pytest.mark.parametrize(
    "claim_id, mapping",
    [
        ("sigmoid-exp-form", {1 + sp.exp(x): 2 + sp.exp(x)}),  # closed by a tactic: field fails
        ("sigmoid-derivative-bound", {sp.Rational(1, 4): sp.Rational(1, 5)}),  # a hand lemma: exact fails
        ("vanishing-gradient", {sp.Integer(4): sp.Integer(5)}),
        ("relu-limit", {sp.Max(0, x): sp.Max(1, x)}),
        ("tropical-mul-limit", {x + y: x + 2 * y}),
        ("softplus-beta-rate", {sp.log(2): sp.log(3)}),
    ],
    ids=["exp-form-tactic", "bound-hand", "depth-hand", "relu-limit-hand", "log-identity-tactic", "beta-rate-hand"],
)
def test_a_mutant_statement_does_not_compile(specs, compiler, claim_id, mapping):
    spec = specs[claim_id]
    original, mutant = _twin(spec), _twin(spec, _mutant(spec.proof(), mapping))
    assert mutant.text != original.text
    verdict = compiler.check(mutant.theorem, mutant.text)
    assert verdict.status == kernel.FAILED and "Error" in verdict.detail


@needs_coq
def test_an_admitted_lemma_shows_in_print_assumptions(specs, tmp_path):
    hand = tmp_path / "coq"
    hand.mkdir()
    for path in coq.hand_dir(PROOFS).glob("*.v"):
        text = path.read_text()
        if path.name == "Limits.v":
            head, _, rest = text.partition("Lemma relu_limit_part1")
            statement, _, rest = rest.partition("Proof.")
            text = head + "Lemma relu_limit_part1" + statement + "Admitted.\n" + rest.split("Qed.", 1)[1]
        (hand / path.name).write_text(text)
    made = kernel.Compiler(hand)
    try:
        twin = coq.build(specs["relu-limit"], specs["relu-limit"].proof(), hand)
        verdict = made.check(twin.theorem, twin.text)
    finally:
        made.close()
    assert verdict.status == kernel.FAILED and "Limits.relu_limit_part1" in verdict.detail


def test_text_that_admits_fails_before_compiling(specs):
    twin = _twin(specs["sigmoid-ode"])
    cheat = twin.text.replace("act_derive. Qed.", "admit. Admitted.")
    verdict = kernel.Compiler(coq.hand_dir(PROOFS)).check(twin.theorem, cheat)
    assert verdict.status == kernel.FAILED and "admits" in verdict.detail


def test_without_coqc_the_kernel_is_not_available(specs, monkeypatch):
    monkeypatch.setattr(kernel, "coqc", lambda: None)
    results = coq.check(coq.twins({i: specs[i] for i in ("sigmoid-ode", "tanh-sigmoid")}, {i: specs[i].proof() for i in ("sigmoid-ode", "tanh-sigmoid")}, PROOFS), PROOFS)
    assert results["sigmoid-ode"].status == kernel.NOT_AVAILABLE and "coqc" in results["sigmoid-ode"].detail
    assert results["tanh-sigmoid"].status == kernel.NOT_AVAILABLE and "tanh" in results["tanh-sigmoid"].detail


def test_the_axioms_are_read_from_print_assumptions():
    output = ("Axioms:\nClassicalDedekindReals.sig_forall_dec\n  : forall P : nat -> Prop,\n    {n | ~ P n}\n"
              "Classical_Prop.classic : forall P : Prop, P \\/ ~ P\n")
    assert kernel.axioms(output) == ("ClassicalDedekindReals.sig_forall_dec", "Classical_Prop.classic")
    assert kernel.axioms("Closed under the global context\n") == ()


def test_the_exported_twins_are_the_generated_ones(specs):
    for claim_id in ARTICLE + BEYOND:
        assert (ROOT / "output" / "coq" / f"{claim_id}.v").read_text() == _twin(specs[claim_id]).text, claim_id


@pytest.mark.parametrize("with_coq", [True, False], ids=["coqc", "no-coqc"])
def test_verify_reports_the_kernel_beside_the_verdict(derive, tmp_path, with_coq):
    if with_coq and kernel.coqc() is None and not os.environ.get("CI"):
        pytest.skip("coqc with Coquelicot is not installed (CI installs it)")
    env = {"DERIVE_CACHE_DIR": str(tmp_path / "cache")}
    if not with_coq:
        empty = tmp_path / "bin"
        empty.mkdir()
        env["PATH"] = str(empty)  # no coqc: the kernel is not available, and the claims are proved all the same
    out = derive("verify", "sigmoid-ode", "tanh-sigmoid", "--json", env_extra=env)
    assert out.returncode == 0, out.stderr
    claims = {c["id"]: c for c in json.loads(out.stdout)["claims"]}
    assert claims["sigmoid-ode"]["kernel"] == ("checked" if with_coq else "not available")
    assert claims["tanh-sigmoid"]["kernel"] == "not available" and "tanh" in claims["tanh-sigmoid"]["kernel_detail"]
