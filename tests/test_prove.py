"""`derive prove`: the issue's examples, JSON, --file, exit codes, bad input."""

import json

import pytest

from derivations.check.prove import decide
from derivations.model.verdict import Verdict

EXAMPLES = [
    (r"\sigma(-x) = 1-\sigma(x)", [], Verdict.PROVED, None),
    (r"\tanh(x) = 2\sigma(2x)-1", [], Verdict.PROVED, None),
    (r"0<\sigma'(x)<\frac{1}{4}", [], Verdict.REFUTED, {"x": "0"}),
    (r"0<\sigma'(x)\leq\frac{1}{4}", [], Verdict.PROVED, None),
    (r"\lim_{t\to\infty}\log_t(1+t^x)=x", [], Verdict.REFUTED, None),
    (r"\lim_{t\to\infty}\log_t(1+t^x)=\max(0,x)", [], Verdict.PROVED, None),
    (r"\max(0,x)\leq\log(1+e^x)", [], Verdict.PROVED, None),
    (r"\max(0,x)<\log(1+e^x)", [], Verdict.PROVED, None),
    (r"\log_t(t^x\cdot t^y)=xy", ["t>1"], Verdict.REFUTED, None),
    (r"\log_t(t^x\cdot t^y)=x+y", ["t>1"], Verdict.PROVED, None),
    (r"\frac{d}{dx}\log(1+e^x)=\sigma(x)", [], Verdict.PROVED, None),
    (r"\frac{d}{dx}\log(1+e^x)=\sigma(-x)", [], Verdict.REFUTED, None),
    (r"\int\sigma(x)dx=\log(1+e^x)", [], Verdict.PROVED, None),
    (r"\int\sigma(x)dx=\log(1+e^{-x})", [], Verdict.REFUTED, None),
    (r"\sigma(x)\leq\frac{1}{2}", [], Verdict.REFUTED, None),
    (r"x\oplus y = \max(x,y)", [], Verdict.PROVED, None),
    (r"x\oplus y = \min(x,y)", [], Verdict.REFUTED, None),
    (r"\lim_{t\to\infty}\log_t(t^x+t^y)=\max(x,y)", [], Verdict.PROVED, None),
    (r"\lim_{t\to\infty}\log_t(t^x+t^y)=x+y", [], Verdict.REFUTED, None),
    (r"x < e^x", [], Verdict.PROVED, None),  # by calculus: e^x - x is convex, its minimum 1 at x = 0
    (r"x y < e^{x^2+y^2}", [], Verdict.UNKNOWN, None),  # true, but no certificate here: unknown, never proved
    (r"\sigma'(x) = \sigma(x)(1-\sigma(x))", [], Verdict.PROVED, None),
    (r"\sigma''(x) = \sigma(x)(1-\sigma(x))(1-2\sigma(x))", [], Verdict.PROVED, None),
    # beyond the article, from the command line: the rate bound and the three-term log-sum-exp
    (r"\log_t(t^x+t^y)-\max(x,y)\leq\log_t 2", ["t>1"], Verdict.PROVED, None),
    (r"\max(x,y,z)\leq\log_t(t^x+t^y+t^z)", ["t>1"], Verdict.PROVED, None),
    (r"\log_t(t^x+t^y+t^z)<\max(x,y,z)+\log_t 3", ["t>1", "x<y"], Verdict.PROVED, None),  # strict: not all equal
    (r"\log_t(t^x+t^y+t^z)\leq\max(x,y,z)+\log_t 2", ["t>1", "y<x"], Verdict.REFUTED, None),
]


@pytest.mark.parametrize("latex, assume, verdict, counterexample", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_examples(latex, assume, verdict, counterexample):
    decision = decide(latex, assume)
    assert decision.verdict is verdict, decision.reason
    if verdict is Verdict.REFUTED:
        assert decision.counterexample
    if counterexample:
        assert decision.counterexample.values == counterexample and decision.counterexample.exact


@pytest.mark.parametrize(
    "args, code",
    [
        ([r"\sigma(-x) = 1-\sigma(x)"], 0),
        ([r"0<\sigma'(x)<\frac{1}{4}"], 1),
        ([r"x y < e^{x^2+y^2}"], 3),
        ([r"\frac{1}{"], 2),
        ([r"x+1"], 2),
        (["__import__('os').system('touch /tmp/derive-pwned')"], 2),
        ([], 2),
    ],
)
def test_exit_codes(derive, args, code):
    out = derive("prove", *args)
    assert out.returncode == code, out.stderr
    if code == 2:
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_json_shape(derive):
    out = derive("prove", r"\log_t(t^x\cdot t^y)=xy", "--assume", "t>1", "--json")
    data = json.loads(out.stdout)
    assert set(data) == {"schema_version", "verdict", "statement", "domain", "counterexample", "witness", "reason", "seconds"}
    assert data["witness"] and data["witness"][0]["kind"] == "counterexample" and data["witness"][0]["agrees"] is True
    assert data["verdict"] == "refuted" and data["statement"].startswith(r"\log_{t}")
    values = data["counterexample"]["values"]  # the shape of every counterexample: values, detail, exact
    assert set(data["counterexample"]) == {"values", "detail", "exact"}
    assert set(values) == {"t", "x", "y"} and float(eval_fraction(values["t"])) > 1


def eval_fraction(text):
    from fractions import Fraction

    return Fraction(text)


def test_file_mode(derive, tmp_path):
    lines = [
        {"id": "sym", "latex": r"\sigma(-x) = 1-\sigma(x)"},
        {"id": "mul", "latex": r"\log_t(t^x\cdot t^y)=xy", "assume": ["t>1"]},
        {"id": "bad", "latex": r"\frac{1}{"},
    ]
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in lines) + "\n")
    out = derive("prove", "--file", str(path), "--json")
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["id"], r["verdict"]) for r in results] == [("sym", "proved"), ("mul", "refuted"), ("bad", "error")]
    assert out.returncode == 2


def test_file_mode_timeout_applies_per_claim(derive, tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text(json.dumps({"id": "slow", "latex": r"\lim_{t\to\infty}\log_t(t^x+t^y)=\max(x,y)"}) + "\n" + json.dumps({"id": "fast", "latex": "x=x"}) + "\n")
    out = derive("prove", "--file", str(path), "--json", "--timeout", "0.2")
    verdicts = {json.loads(line)["id"]: json.loads(line)["verdict"] for line in out.stdout.splitlines()}
    assert verdicts["slow"] == "timeout" and verdicts["fast"] in ("proved", "timeout")
    assert out.returncode == 3


def test_file_errors_are_one_line(derive, tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text("not json\n")
    out = derive("prove", "--file", str(path))
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    out = derive("prove", "--file", str(tmp_path / "missing.jsonl"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1


def test_a_wrong_symbolic_proof_is_caught_by_the_numbers(monkeypatch):
    """The cross-check is a real tripwire: a rule that proves a false identity yields error, not proved."""
    from derivations.decide import rules
    from derivations.model.verdict import StepCheck

    monkeypatch.setattr(rules, "check", lambda rule, goal, ctx: StepCheck.proved("a broken rule"))
    decision = decide(r"\sigma(x) = \sigma(-x)")
    assert decision.verdict is Verdict.ERROR and "contradict" in decision.reason
