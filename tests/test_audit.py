"""`derive audit`: every formula of an article classified, decided and matched to the claims (pinned)."""

import json

import pytest

from derivations.audit import definition_in, extract_markdown, extract_tex

from .conftest import ROOT, run_derive

FIXTURE = ROOT / "tests" / "fixtures" / "article.md"

# (line, kind, verdict, claim id) for every part of every formula of the fixture, in order
EXPECTED = [
    (10, "definition", None, None),  # sigma(x) = 1/(1+e^{-x}) ...
    (10, "claim", "proved", "sigmoid-exp-form"),  # ... = e^x/(1+e^x)
    (16, "claim", "proved", "sigmoid-ode"),
    (18, "expression", None, None),  # inline $\sigma$
    (18, "expression", None, None),  # inline $1-\sigma$
    (20, "claim", "proved", "sigmoid-derivative-bound"),
    (20, "claim", "proved", "sigmoid-derivative-bound"),
    (25, "claim", "proved", "sigmoid-derivative-bound"),  # 0 < sigma'
    (25, "claim", "refuted", None),  # sigma' < 1/4, false at 0
    (29, "claim", "proved", "softmax-two-class"),
    (29, "claim", "proved", "softmax-two-class"),
    (33, "expression", None, None),  # inline $\rho$
    (35, "definition", None, None),
    (39, "claim", "proved", "softplus-antiderivative"),
    (39, "claim", "proved", "softplus-antiderivative"),
    (43, "claim", "proved", "softplus-natural-log"),
    (47, "claim", "refuted", None),  # wrong sign
    (51, "expression", None, None),  # log_t(1+t^x)
    (53, "expression", None, None),  # inline $t$
    (55, "claim", "proved", "relu-limit"),  # case x >= 0, link 1
    (55, "claim", "proved", "relu-limit"),  # case x >= 0, link 2
    (55, "claim", "proved", "relu-limit"),  # case x < 0: lim = log_t 1 (= 0 exactly; t left free)
    (55, "claim", "proved", None),  # log_t 1 = 0
    (57, "expression", None, None),
    (57, "expression", None, None),
    (57, "claim", "refuted", None),  # inline lim log_t(1+t^x) = x
    (59, "expression", None, None),
    (62, "claim", "informal", None),  # lim log_t(2 t^x) = log_t 2 + x
    (62, "claim", "informal", None),  # log_t 2 + x = x, true only in the limit
    (68, "definition", None, None),  # x (+) y
    (68, "definition", None, None),  # x (x) y
    (70, "expression", None, None),  # inline $\log_t$
    (72, "claim", "proved", "tropical-add-limit"),
    (72, "claim", "proved", "tropical-mul-limit"),
    (76, "claim", "refuted", None),  # x (+) y = x + y
    (84, "unsupported", None, None),  # \binom
]


@pytest.fixture(scope="module")
def report():
    out = run_derive("audit", str(FIXTURE), "--json")
    assert out.returncode == 1, out.stderr  # the fixture contains refuted formulas
    return json.loads(out.stdout)


def test_every_formula_is_classified_as_pinned(report):
    got = [(f["line"], f["kind"], f["verdict"], f["claim_id"]) for f in report["formulas"]]
    assert got == EXPECTED


def test_json_shape(report):
    assert set(report) == {"schema_version", "formulas", "summary"}
    assert set(report["formulas"][0]) == {"line", "latex", "kind", "verdict", "claim_id", "note", "counterexample"}
    assert report["summary"]["kinds"] == {"definition": 4, "claim": 22, "expression": 9, "unsupported": 1}


def test_notes_say_which_links_are_exact_and_which_informal(report):
    notes = {(f["line"], i): f["note"] for i, f in enumerate(report["formulas"])}
    by_line = {}
    for (line, _), note in notes.items():
        by_line.setdefault(line, []).append(note)
    assert by_line[16] == ["exact"]
    assert all("left free" in n for n in by_line[55][2:])
    assert all("true only in the limit" in n for n in by_line[62][1:])
    assert "counterexample x = 0" in by_line[25][1]
    assert "agrees with the engine's \\sigma" in by_line[10][0]


def test_code_blocks_and_escaped_dollars_are_not_math():
    found = extract_markdown(FIXTURE.read_text())
    assert not any("= 2" in f.latex for f in found)  # the fenced $$ \sigma(x) = 2 $$
    assert not any(f.latex.strip().startswith("5") for f in found)


PHI_ARTICLE = r"""
Let $\phi$ be the logistic function,

$$\phi(x)=\frac{1}{1+e^{-x}}$$

Its slope is

$$\phi'(x)=\phi(x)(1-\phi(x))$$

and it is bounded:

$$0<\phi'(x)\leq\frac{1}{4}$$

Squares are defined by $\psi(x) = x^2$, and $\psi(x) \geq 0$ while $\psi(x) > 0$ is false at zero.
"""


def test_notation_comes_from_the_articles_definitions(tmp_path):
    path = tmp_path / "phi.md"
    path.write_text(PHI_ARTICLE)
    out = run_derive("audit", str(path), "--json")
    rows = [(f["kind"], f["verdict"], f["claim_id"]) for f in json.loads(out.stdout)["formulas"]]
    assert rows == [
        ("expression", None, None),
        ("definition", None, None),
        ("claim", "proved", "sigmoid-ode"),
        ("claim", "proved", "sigmoid-derivative-bound"),
        ("claim", "proved", "sigmoid-derivative-bound"),
        ("definition", None, None),
        ("claim", "proved", None),
        ("claim", "refuted", None),
    ]
    assert out.returncode == 1


def test_strict_fails_on_unsupported(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("$$\\sigma(-x)=1-\\sigma(x)$$\n\n$$\\binom{n}{k}$$\n")
    assert run_derive("audit", str(path)).returncode == 0
    assert run_derive("audit", str(path), "--strict").returncode == 1


def test_unreadable_file_is_exit_2(tmp_path):
    out = run_derive("audit", str(tmp_path / "missing.md"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1


def test_tex_articles():
    text = r"""
\section{S}
% $$ \sigma(x) = 7 $$ is a comment
The map $\rho(x)$ and
\[ \sigma(-x) = 1 - \sigma(x) \]
\begin{equation}\label{eq:x} x \oplus y = \max(x, y) \end{equation}
\begin{align*} a &= b \\ c &= d \end{align*}
A price of \$3.
"""
    found = extract_tex(text)
    assert [f.latex for f in found] == [r"\rho(x)", r"\sigma(-x) = 1 - \sigma(x)", r"x \oplus y = \max(x, y)", r"a &= b \\ c &= d"]
    assert [f.display for f in found] == [False, True, True, True]


@pytest.mark.parametrize(
    "latex, expected",
    [
        (r"\phi(x)=\frac{1}{1+e^{-x}}", (r"\phi", ["x"])),
        (r"x\oplus y=\max(x,y)", (r"\oplus", ["x", "y"])),
        (r"\operatorname{softplus}(x)=\log(1+e^x)", (r"\operatorname{softplus}", ["x"])),
        (r"\phi(x, x)=x", None),
        (r"\phi(1)=x", None),
        (r"x+1=2", None),
    ],
)
def test_definition_detection(latex, expected):
    assert definition_in(latex) == expected
