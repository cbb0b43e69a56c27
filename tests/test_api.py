"""The Python API (prove, verify, audit), the objects it returns (to_json, notebook display), sp.latex of the
notation, and how a time-out says how far the work got."""

import sympy as sp
import pytest

import derivations
from derivations import Proof, eq, sigmoid, sigmoid_tower
from derivations.api import derivative_at
from derivations.base.errors import DerivationError
from derivations.notation.printer import latex as article_latex
from derivations.base.schema import validate

from .conftest import ROOT

x = sp.Symbol("x", real=True)
n = sp.Symbol("n", integer=True, positive=True)


@pytest.fixture(scope="module")
def proved():
    return derivations.prove(r"\sigma(-x) = 1-\sigma(x)")


@pytest.fixture(scope="module")
def refuted():
    return derivations.prove(r"0<\sigma'(x)<\frac{1}{4}")


@pytest.fixture(scope="module")
def run():
    return derivations.verify(["sigmoid-ode", "softmax-two-class"], proofs=ROOT / "proofs", jobs=1)


def test_the_api_is_exported_lazily_and_wins_over_same_named_modules():
    import derivations.audit  # noqa: F401 - modules of these names exist; importing them must not hide the API
    import derivations.check.prove  # noqa: F401
    import derivations.check.verify  # noqa: F401

    from derivations import audit
    from derivations import prove, verify

    assert [f.__module__ for f in (audit, prove, verify)] == ["derivations.api"] * 3
    assert {"prove", "verify", "audit", "Verification", "Audit", "Decision"} <= set(derivations.__all__)


def test_prove_returns_the_decision_the_cli_prints(proved, refuted):
    assert proved.verdict.value == "proved" and proved.counterexample is None
    assert refuted.verdict.value == "refuted" and refuted.counterexample.values == {"x": "0"} and refuted.counterexample.exact
    for decision in (proved, refuted):
        validate(decision.to_json(), "prove")


def test_prove_with_assumptions():
    assert derivations.prove(r"\log_t(t^x\cdot t^y)=x+y", assume=["t>1"]).verdict.value == "proved"


def test_prove_bad_latex_raises_one_error():
    with pytest.raises(DerivationError, match="no relation"):
        derivations.prove("x+1")


def test_prove_timeout_reports_what_was_done():
    slow = derivations.prove(r"\log_t(t^x+t^y+t^z)<\max(x,y,z)+\log_t 3", ["t>1", "x<y"], timeout=0.05)
    assert slow.verdict.value == "timeout"
    assert "no verdict within" in slow.reason and "stopped in" in slow.reason


def test_verify_returns_results_with_json_and_lookup(run):
    assert run.ok and len(run) == 2 and run.summary["proved"] == 2
    assert run["sigmoid-ode"].id == "sigmoid-ode" and run[1].id == "softmax-two-class"
    validate(run.to_json(), "verify")
    assert run["sigmoid-ode"].to_json() == run.to_json()["claims"][0]


def test_steps_know_the_proof_script_line_that_wrote_them(run):
    step = run["sigmoid-ode"].steps[0]
    path, line = step.file_line
    assert path.endswith("sigmoid.py") and ".eq(" in (ROOT / "proofs" / "sigmoid.py").read_text().splitlines()[line - 1]


def test_verify_timeout_says_how_far_it_got():
    slow = derivations.verify(["logsumexp-bounds"], proofs=ROOT / "proofs", timeout=2)
    (result,) = slow
    assert result.verdict.value == "timeout"
    assert result.reason.startswith("no verdict within 2 s of CPU time; stopped in ") and "of logsumexp-bounds" in result.reason


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    article = tmp_path_factory.mktemp("article") / "a.md"
    article.write_text("$$\\sigma'(x)=\\sigma(x)(1-\\sigma(x))$$\n\nand $\\sigma(x) \\leq \\frac{1}{2}$.\n")
    return derivations.audit(article, strict=True)


def test_audit_returns_the_formulas(audited):
    report = audited
    assert [(f.verdict, f.claim_id) for f in report] == [("proved", "sigmoid-ode"), ("refuted", None)]
    assert report.exit_code == 1 and not report.ok
    data = report.to_json()
    validate(data, "audit")
    assert data["formulas"][1]["counterexample"]["values"]  # the refuted formula says where
    assert "refuted" in report._repr_html_()


def test_audit_of_a_missing_file_is_one_error(tmp_path):
    with pytest.raises(DerivationError, match="no such file"):
        derivations.audit(tmp_path / "missing.md")


# ---------------------------------------------------------------- notebooks


def test_results_show_verdict_domain_and_steps_as_html(run, refuted):
    html = run["sigmoid-ode"]._repr_html_()
    assert "proved" in html and "chain rule" in html and "<table>" in html  # verdict and steps
    domain = derivations.ClaimResult("c", "t", derivations.Verdict.PROVED, 0.1, domain=r"x \neq 0")._repr_html_()
    assert r"domain: \(x \neq 0\)" in domain
    assert "counterexample (exact): x = 0" in refuted._repr_html_()
    assert "2 proved" in run._repr_html_()


def test_html_escapes_what_it_shows():
    result = derivations.ClaimResult("c", "<script>", derivations.Verdict.UNKNOWN, 0.1, reason="a < b & c")
    html = result._repr_html_()
    assert "<script>" not in html and "a &lt; b &amp; c" in html


def test_statements_show_as_latex(proved, specs):
    proof = Proof(statement=eq(sp.Derivative(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))))
    assert proof._repr_latex_().startswith(r"$\displaystyle \sigma'")
    assert specs["sigmoid-ode"]._repr_latex_() == r"$\displaystyle \sigma'(x) = \sigma(x)(1-\sigma(x))$"
    assert proved._repr_latex_() == f"$\\displaystyle {proved.statement}$"


@pytest.mark.parametrize(
    "expr, primed",
    [
        (sp.Derivative(sigmoid(x), x), True),
        (sp.Derivative(sigmoid(x), (x, 2)), True),
        (derivative_at(sigmoid(x), x, 0), True),
        (sp.Derivative(sigmoid_tower(n, x), x), True),
        (sigmoid(x) * sp.Derivative(sigmoid(x), x), True),  # inside a larger expression too
        (sp.Derivative(sigmoid(x), (x, 3)), False),  # as the article printer: no triple prime
        (sp.Derivative(sp.exp(x), x), False),  # SymPy's own functions are SymPy's business
        (sp.Subs(sp.sin(x), x, 1), False),
    ],
)
def test_sympy_latex_prints_the_notation_as_the_article_does(expr, primed):
    from derivations.notation import Notation

    if expr.has(Notation):  # the notation prints as the article printer writes it; SymPy's own, as SymPy does
        assert sp.latex(expr) == article_latex(expr)
    assert ("'" in sp.latex(expr)) is primed


def test_the_hook_is_what_makes_sympy_agree():
    from sympy.printing.latex import LatexPrinter

    hooked = LatexPrinter._print_Derivative
    assert getattr(hooked, "_derivations_primes", False), "installed when the notation is imported"
    # SymPy's own method, bypassing the hook, writes a fraction
    assert hooked.original(LatexPrinter(), sp.Derivative(sigmoid(x), x)).startswith(r"\frac{d}{d x}")
    from derivations.notation.hook import install

    install()  # a second install does not wrap twice
    assert LatexPrinter._print_Derivative is hooked
