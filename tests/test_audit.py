"""`derive audit`: every formula of an article classified, decided and matched to the claims (pinned)."""

import importlib
import functools
import json

import pytest
import sympy as sp

from derivations.audit import definition_in, extract_markdown, extract_tex

from .conftest import ROOT, run_derive

FIXTURE = ROOT / "tests" / "fixtures" / "article.md"
ARTICLES_DIR = ROOT / "tests" / "fixtures" / "articles"
D, C, E, K, U = "definition", "claim", "expression", "condition", "unsupported"

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
    (60, "expression", None, None),  # inline $t$: its own line, not its paragraph's (59)
    (62, "claim", "informal", None),  # lim log_t(2 t^x) = log_t 2 + x
    (62, "claim", "informal", None),  # log_t 2 + x = x, true only in the limit
    (68, "definition", None, None),  # x (+) y
    (68, "definition", None, None),  # x (x) y
    (70, "expression", None, None),  # inline $\log_t$
    (72, "claim", "proved", "tropical-add-limit"),
    (72, "claim", "proved", "tropical-mul-limit"),
    (76, "claim", "refuted", None),  # x (+) y = x + y
    (84, "unsupported", None, None),  # \oint (\binom reads since issue 20)
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
    assert set(report) == {"schema_version", "files", "formulas", "summary"} and report["schema_version"] == 3  # one article: the formulas of versions 1 and 2 kept
    assert set(report["formulas"][0]) == {"line", "latex", "kind", "verdict", "claim_id", "note", "assumptions", "domain", "covered", "counterexample"}
    assert report["summary"]["kinds"] == {"definition": 4, "claim": 22, "expression": 9, "condition": 0, "unsupported": 1}


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
    path.write_text("$$\\sigma(-x)=1-\\sigma(x)$$\n\n$$\\oint z$$\n")
    assert run_derive("audit", str(path)).returncode == 0
    assert run_derive("audit", str(path), "--strict").returncode == 1


@pytest.mark.parametrize("content, name", [(None, "missing.md"), (b"$x$ caf\xe9\n", "latin1.md"), (b"\xff\xfe$$", "bad.tex")])
def test_unreadable_file_is_one_line_exit_2_at_once(tmp_path, content, name):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    # read before any claim is even discovered: with no proofs directory at all, the article is what fails
    out = run_derive("--proofs", str(path.parent / "no-proofs-here"), "audit", str(path))
    assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
    assert ("no such file" if content is None else "not UTF-8") in out.stderr


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


TEX_MODES = r"""
Inline \(a = 1\) and $b = 2$; % $c = 3$ is a comment
$$d = 4$$
\[ e = 5 \]
\begin{equation*} f = 6 \label{x} \end{equation*}
\begin{eqnarray} g &=& 7 \nonumber \end{eqnarray}
\begin{alignat}{2} h &= 8 \end{alignat}
\begin{flalign} i &= 9 & \end{flalign}
\begin{gather} j = 10 \end{gather}
\begin{multline*} k = 11 . \end{multline*}
\begin{verbatim} $l = 12$ \end{verbatim}
\textbf{bold \(m = 13\)}
"""


def test_tex_math_modes_through_a_real_tokenizer():
    found = extract_tex(TEX_MODES)
    assert [f.latex.replace("&", "").split() for f in found] == [[c, "=", n] for c, n in zip("abdefghijkm", ["1", "2", "4", "5", "6", "7", "8", "9", "10", "11", "13"])]
    assert [f.line for f in found] == [2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]
    assert [f.display for f in found] == [False, False] + [True] * 8 + [False]


def test_inline_formulas_carry_their_own_line():
    text = "First line of a paragraph\nthat goes on, with $x > 0$ here\nand $y > 0$ on the third.\n"
    assert [(f.line, f.latex) for f in extract_markdown(text)] == [(2, "x > 0"), (3, "y > 0")]
    assert [(f.line, f.latex) for f in extract_tex(text.replace("$x > 0$", r"\(x > 0\)"))] == [(2, "x > 0"), (3, "y > 0")]


def _audit_text(tmp_path, text, name="a.md", decide=None, knowledge=None):
    """The audit in this process (no claim verified): parts as (line, kind, verdict, assumptions)."""
    auditing = importlib.import_module("derivations.audit")  # the package; derivations.audit is the API function
    from derivations.api import _budgeted_decide

    path = tmp_path / name
    path.write_text(text)
    formulas = auditing.audit(path, {}, lambda ids: [], decide or _budgeted_decide(30))
    return [(f.line, f.kind, f.verdict, f.assumptions) for f in formulas], formulas


CONDITIONS = [
    # a condition before the formula it governs, in the same paragraph
    ("For $x > 0$ the square root undoes the square:\n\n$$\\sqrt{x^2} = x$$\n",
     [(1, K, None, ()), (3, C, "proved", ("x > 0 (line 1)",))]),
    # a bare inline relation without a cue is a claim (and may be refuted)
    ("We have $x > 0$ here.\n", [(1, K, None, ())]),  # a bare condition: a case or hypothesis, never refuted
    # after the formula it qualifies, in the same sentence
    ("$$e^{\\log x} = x$$\nfor $x > 0$.\n", [(1, C, "proved", ("x > 0 (line 2)",)), (2, K, None, ())]),
    # a sentence that ended is not qualified; the next one is
    ("$$\\sqrt{x^2} = |x|.$$\nFor $x > 0$ we also have $\\frac{1}{x} > 0$.\n", [(1, C, "proved", ()), (2, K, None, ()), (2, C, "proved", ("x > 0 (line 2)",))]),
    # conditions joined by "and"; an interval written in prose; a negated condition
    ("If $x > 0$ and $y > 0$, then $\\log(xy) = \\log x + \\log y$.\n", [(1, K, None, ()), (1, K, None, ()), (1, C, "proved", ("x > 0 (line 1)", "y > 0 (line 1)"))]),
    ("For $p$ in $(0,1)$, $\\sigma(\\log\\frac{p}{1-p}) = p$.\n", [(1, E, None, ()), (1, K, None, ()), (1, C, "proved", ("p \\in (0,1) (line 1)",))]),
    ("Unless $x = 0$, $\\frac{x^2}{|x|} = |x|$.\n", [(1, K, None, ()), (1, C, "proved", ("x \\neq 0 (line 1)",))]),
    # "let" stands until the end of the section, and no further
    ("# A\n\nLet $t > 0$.\n\n$$\\frac{1}{t} > 0$$\n\n# B\n\n$$\\frac{1}{t} > 0$$\n",
     [(3, K, None, ()), (5, C, "proved", ("t > 0 (line 3)",)), (9, C, "refuted", ())]),
    # a few words may stand between the cue and the condition
    ("With a temperature $\\tau > 0$, $\\frac{1}{\\tau} > 0$.\n", [(1, K, None, ()), (1, C, "proved", ("\\tau > 0 (line 1)",))]),
    # a condition written inside the display, and a value named in prose
    ("$$|x| = x \\quad \\text{for } x > 0$$\n", [(1, C, "proved", ())]),
    ("Where $u = e^{-x}$, $\\sigma(x) = \\frac{1}{1 + u}$.\n", [(1, K, None, ()), (1, C, "proved", ("u = e^{-x} (line 1)",))]),
    # the condition does not cover the domain: refuted at a point it allows
    ("For $x > -1$, $\\sigma(\\log(e^x - 1)) = 1 - e^{-x}$.\n", [(1, K, None, ()), (1, C, "refuted", ("x > -1 (line 1)",))]),
    ("For $x > 0$, $\\sigma(\\log(e^x - 1)) = 1 - e^{-x}$.\n", [(1, K, None, ()), (1, C, "proved", ("x > 0 (line 1)",))]),
]


READINGS = [
    # a variable named by the article stands for its value in the formulas after it, and only in those with it
    ("Write $z = x - y$.\n\n$$\\sigma(z) = \\frac{e^x}{e^x + e^y}$$\n\n$$\\sigma(x) > 0$$\n",
     [(1, D, None, ()), (3, C, "proved", ("z = x - y (line 1)",)), (5, C, "proved", ())]),
    # two formulas side by side in one display are two claims, not a claim and its condition
    ("$$\\frac{d}{dx}\\sigma(x) = \\sigma(x)(1 - \\sigma(x)), \\qquad \\sigma(x) < 0$$\n", [(1, C, "proved", ()), (1, C, "refuted", ())]),
    # a family of scores, its maximum and a sum over it: decided symbolically, but the numbers cannot
    # evaluate a family of symbolic length, and a proof needs both keys (issue 18): unknown, with the reason
    ("Scores $x_1, \\dots, x_n$ have $\\max_i x_i \\leq \\max_i x_i + 1$.\n", [(1, E, None, ()), (1, C, "unknown", ())]),
    # a known function is never defined by an article: its "definition" is a claim, decided
    ("Recall $\\tanh(x) = 2\\sigma(2x) - 1$ and $\\max(x, y) = \\frac{x + y + |x - y|}{2}$.\n", [(1, C, "proved", ()), (1, C, "proved", ())]),
    ("Recall $\\exp(x) = 1 + x$.\n", [(1, C, "refuted", ())]),
    # a condition on variables alone, said without a cue word: standing ("is fixed"), or in parentheses
    ("Throughout, $t > 0$ is fixed.\n\n$$\\frac{1}{t} > 0$$\n", [(1, K, None, ()), (3, C, "proved", ("t > 0 (line 1)",))]),
    ("($x > 0$) $\\sigma(x) > \\tfrac12$.\n", [(1, K, None, ()), (1, C, "proved", ("x > 0 (line 1)",))]),
    # a clause ends a condition's reach; "otherwise" is governed by its negation
    ("If $x<0$ then $\\rho(x)=0$, otherwise $\\rho(x)=x$.\n", [(1, K, None, ()), (1, C, "proved", ("x<0 (line 1)",)), (1, C, "proved", ("x \\geq 0 (line 1)",))]),
    ("For $x \\geq 0$, $\\sqrt{x}^2 = x$; for $x < 0$ it is not defined.\n", [(1, K, None, ()), (1, C, "proved", ("x \\geq 0 (line 1)",)), (1, K, None, ())]),
    # "f -> L as x -> a" is a limit claim; a lone "x -> a", a map and "x \mapsto f(x)" are expressions
    ("So $\\sigma(x) \\to 1$ as $x \\to \\infty$, and $\\sigma(x) \\to 1$ as $x \\to -\\infty$.\n", [(1, C, "proved", ()), (1, E, None, ()), (1, C, "refuted", ()), (1, E, None, ())]),
    ("The sigmoid $\\sigma: \\mathbb{R} \\to (0,1)$, $x \\mapsto \\sigma(x)$, grows as $x \\to \\infty$.\n", [(1, E, None, ()), (1, E, None, ()), (1, E, None, ())]),
    # an aligned block inside $$ ... $$: its rows, a row that starts with a relation continuing the chain
    ("$$\n\\begin{aligned}\n\\sigma(-x) &= \\frac{1}{1+e^{x}} \\\\\n&= 1 - \\sigma(x).\n\\end{aligned}\n$$\n", [(1, C, "proved", ()), (1, C, "proved", ())]),
    # := and its kin are equality signs; whether a name is defined depends on the name
    ("Write $\\sigma(x) := \\frac{1}{1+e^{-x}}$, $\\zeta(x) \\coloneqq \\log(1+e^x)$, so $\\zeta'(x) \\equiv \\sigma(x)$.\n", [(1, D, None, ()), (1, D, None, ()), (1, C, "proved", ())]),
    # conditions that contradict each other decide nothing
    ("For $x > 0$ and $x < 0$, $\\sigma(x) > 2$.\n", [(1, K, None, ()), (1, K, None, ()), (1, C, "unknown", ("x > 0 (line 1)", "x < 0 (line 1)"))]),
    # ... but a relation of functions is a claim, cue or not
    ("Throughout, $\\sigma(x) > 1$ holds.\n", [(1, C, "refuted", ())]),
]


@pytest.mark.parametrize("text, expected", READINGS, ids=[str(k) for k in range(len(READINGS))])
def test_how_formulas_are_read(tmp_path, text, expected):
    got, _ = _audit_text(tmp_path, text)
    assert got == expected


@pytest.mark.parametrize("text, expected", CONDITIONS, ids=[str(k) for k in range(len(CONDITIONS))])
def test_conditions_from_the_prose(tmp_path, text, expected):
    got, _ = _audit_text(tmp_path, text)
    assert got == expected


def test_a_part_that_raises_is_an_error_and_the_audit_goes_on(tmp_path):
    from derivations.model.verdict import Verdict

    def decide(rel, facts):
        if rel.has(sp.Derivative):
            raise ValueError("Can't calculate derivative wrt _d + y")
        from derivations.check.prove import decide_relation

        return decide_relation(rel, facts)

    text = "$$\\frac{\\partial}{\\partial x}\\log(e^x+e^y)=\\frac{e^x}{e^x+e^y}$$\n\n$$\\sigma(-x) = 1 - \\sigma(x)$$\n"
    got, formulas = _audit_text(tmp_path, text, decide=decide)
    assert got == [(1, C, "error", ()), (3, C, Verdict.PROVED.value, ())]
    assert "Can't calculate derivative" in formulas[0].note


def test_a_part_that_raises_while_matching_is_an_error_too(tmp_path, monkeypatch):
    from derivations.audit import matching

    def broken(self, rel, conditions=()):
        if rel.has(sp.Derivative):
            raise ValueError("Can't calculate derivative wrt _d + y")
        return []

    monkeypatch.setattr(matching.Knowledge, "candidates", broken)
    text = "$$\\frac{\\partial}{\\partial x}\\log(e^x+e^y)=\\frac{e^x}{e^x+e^y}$$\n\nthen $\\sigma(-x) = 1 - \\sigma(x)$.\n"
    got, formulas = _audit_text(tmp_path, text)
    assert got == [(1, C, "error", ()), (3, C, "proved", ())]
    assert "ValueError" in formulas[0].note


@pytest.mark.parametrize(
    "latex, expected",
    [
        (r"\phi(x)=\frac{1}{1+e^{-x}}", (r"\phi", ["x"])),
        (r"x\oplus y=\max(x,y)", (r"\oplus", ["x", "y"])),
        (r"\operatorname{softplus}(x)=\log(1+e^x)", (r"\operatorname{softplus}", ["x"])),
        (r"\text{softplus}(x)=\log(1+e^x)", (r"\operatorname{softplus}", ["x"])),
        (r"s_\beta(x)=\frac{1}{\beta}\log(1+e^{\beta x})", ("s", ["beta", "x"])),
        (r"e(x)=x", None),
        (r"\phi(x, x)=x", None),
        (r"\phi(1)=x", None),
        (r"x+1=2", None),
    ],
)
def test_definition_detection(latex, expected):
    assert definition_in(latex) == expected


# ---------------------------------------------------------------- articles of our own, written as people write

# (line, kind, verdict, claim id, assumptions attached from the prose) for every part, in order. Each
# article comes correct and with deliberate mistakes (a wrong constant, a strict bound that fails at one
# point, a redefinition of a known function, a condition that does not cover the domain).
ARTICLES = {
    "softplus.md": [
        (4, D, None, None, ()),  # agrees with the engine's /sigma (it is its d
        (5, D, None, None, ()),  # /zeta is the engine's softplus
        (9, E, None, None, ()),  # an interval
        (9, E, None, None, ()),  # 
        (11, C, 'proved', None, ()),  # exact
        (15, C, 'proved', 'sigmoid-ode', ()),  # exact
        (17, C, 'proved', 'sigmoid-derivative-bound', ()),  # exact
        (17, C, 'proved', 'sigmoid-derivative-bound', ()),  # exact
        (17, K, None, None, ()),  # "with equality at x = 0": names a point, restricts no formula
        (18, C, 'proved', None, ()),  # exact
        (20, E, None, None, ()),  # the variable of a condition
        (20, K, None, None, ()),  # for: an assumption of line 22
        (22, C, 'proved', None, ('x \\in (0,1) (line 20)',)),  # exact
        (22, C, 'proved', None, ('x \\in (0,1) (line 20)',)),  # exact
        (26, C, 'proved', 'tanh-sigmoid', ()),  # exact
        (26, C, 'proved', None, ()),  # exact
        (33, C, 'proved', None, ()),  # exact
        (33, E, None, None, ()),  # 
        (35, C, 'proved', None, ()),  # exact
        (37, C, 'proved', None, ()),  # exact
        (39, C, 'proved', None, ()),  # exact
        (41, K, None, None, ()),  # for: an assumption of line 43
        (43, C, 'proved', None, ('x > 0 (line 41)',)),  # exact
        (45, E, None, None, ()),  # 
        (47, C, 'proved', None, ()),  # exact
        (47, C, 'proved', None, ()),  # exact
        (50, C, 'proved', None, ()),  # exact
        (51, C, 'proved', None, ()),  # exact
    ],
    "softplus-wrong.md": [
        (4, D, None, None, ()),  # agrees with the engine's /sigma (it is its d
        (5, D, None, None, ()),  # /zeta is the engine's softplus
        (9, E, None, None, ()),  # an interval (or a pair)
        (9, E, None, None, ()),  # 
        (11, C, 'proved', None, ()),  # exact
        (15, C, 'proved', 'sigmoid-ode', ()),  # exact
        (17, C, 'proved', 'sigmoid-derivative-bound', ()),  # exact
        (17, C, 'proved', 'sigmoid-derivative-bound', ()),  # exact
        (17, K, None, None, ()),  # "with equality at x = 0": names a point, restricts no formula
        (18, C, 'proved', None, ()),  # exact
        (20, E, None, None, ()),  # the variable of a condition
        (20, K, None, None, ()),  # for: an assumption of line 22
        (22, C, 'refuted', None, ('x \\in [0,1) (line 20)',)),  # WRONG: x in [0,1) does not cover the domain 0 < x < 1
        (22, C, 'refuted', None, ('x \\in [0,1) (line 20)',)),  # WRONG: x in [0,1) does not cover the domain 0 < x < 1
        (26, C, 'refuted', None, ()),  # WRONG: redefines tanh
        (26, C, 'proved', None, ()),  # exact
        (33, C, 'proved', None, ()),  # exact
        (33, E, None, None, ()),  # 
        (35, C, 'refuted', None, ()),  # counterexample x = 0
        (37, C, 'proved', None, ()),  # exact
        (39, C, 'proved', None, ()),  # exact
        (41, K, None, None, ()),  # for: an assumption of line 43
        (43, C, 'refuted', None, ('x > -1 (line 41)',)),  # WRONG: x in [0,1) does not cover the domain 0 < x < 1
        (45, E, None, None, ()),  # 
        (47, C, 'proved', None, ()),  # exact
        (47, C, 'refuted', None, ()),  # counterexample x = 0
        (50, C, 'refuted', None, ()),  # counterexample x = 0
        (51, C, 'proved', None, ()),  # exact
    ],
    "logsumexp.md": [
        (3, E, None, None, ()),  # the family x_1, ..., x_n
        (7, D, None, None, ()),  # L is defined here
        (12, E, None, None, ()),  # 
        (14, C, 'proved', None, ()),  # exact
        (14, C, 'proved', None, ()),  # exact
        (16, E, None, None, ()),  # 
        (17, C, 'proved', None, ()),  # exact
        (19, K, None, None, ()),  # if: an assumption of lines 20, 24
        (20, C, 'proved', None, ('x > y (line 19)',)),  # exact
        (20, C, 'proved', None, ('x > y (line 19)',)),  # exact
        (24, C, 'proved', None, ('x > y (line 19)',)),  # exact
        (30, C, 'proved', None, ()),  # exact
        (30, C, 'proved', 'softmax-two-class', ()),  # exact
        (32, E, None, None, ()),  # names a function without applying it
        (33, C, 'proved', None, ()),  # exact
        (35, C, 'proved', None, ()),  # exact
        (37, C, 'proved', None, ()),  # exact
        (39, C, 'proved', None, ()),  # exact
        (39, E, None, None, ()),  # 
        (43, K, None, None, ()),  # with: an assumption of line 45
        (43, E, None, None, ()),  # 
        (45, C, 'proved', None, ('\\tau > 0 (line 43)',)),  # exact
        (48, C, 'proved', None, ()),  # exact
    ],
    "logsumexp-wrong.md": [
        (3, E, None, None, ()),  # the family x_1, ..., x_n
        (7, D, None, None, ()),  # L is defined here
        (12, E, None, None, ()),  # 
        (14, C, 'proved', None, ()),  # exact
        (14, C, 'refuted', None, ()),  # counterexample x = 0, y = 0
        (16, E, None, None, ()),  # 
        (17, C, 'proved', None, ()),  # exact
        (19, K, None, None, ()),  # if: an assumption of lines 20, 24
        (20, C, 'proved', None, ('x > y (line 19)',)),  # exact
        (20, C, 'proved', None, ('x > y (line 19)',)),  # exact
        (24, C, 'proved', None, ('x > y (line 19)',)),  # exact
        (30, C, 'proved', None, ()),  # exact
        (30, C, 'proved', 'softmax-two-class', ()),  # exact
        (32, C, 'refuted', None, ()),  # WRONG: redefines sigma
        (33, C, 'proved', None, ()),  # exact
        (35, C, 'proved', None, ()),  # exact
        (37, C, 'proved', None, ()),  # exact
        (39, C, 'refuted', None, ()),  # counterexample x = 0, y = 0
        (39, E, None, None, ()),  # 
        (43, K, None, None, ()),  # with: an assumption of line 45
        (43, E, None, None, ()),  # 
        (45, C, 'refuted', None, ('\\tau \\geq 0 (line 43)',)),  # undefined at tau = 0, which the stated condi
        (48, C, 'proved', None, ()),  # exact
    ],
    "rectifiers.tex": [
        (6, D, None, None, ()),  # agrees with the engine's /rho (it is its def
        (7, E, None, None, ()),  # 
        (7, E, None, None, ()),  # 
        (8, C, 'proved', None, ()),  # exact
        (8, C, 'proved', None, ()),  # exact
        (10, C, 'proved', None, ()),  # exact
        (10, C, 'proved', None, ()),  # exact
        (14, C, 'proved', None, ()),  # exact
        (19, C, 'proved', 'tanh-sigmoid', ()),  # exact
        (22, C, 'proved', None, ()),  # exact
        (23, C, 'proved', 'tanh-sigmoid', ()),  # exact
        (27, C, 'proved', 'tanh-sigmoid', ()),  # exact
        (30, K, None, None, ()),  # for: an assumption of line 30
        (30, C, 'proved', None, ('x > 0 (line 30)',)),  # exact
        (30, C, 'proved', None, ('x > 0 (line 30)',)),  # exact
        (34, E, None, None, ()),  # 
        (34, D, None, None, ()),  # s is defined here
        (35, K, None, None, ()),  # for: an assumption of line 36
        (35, E, None, None, ()),  # 
        (36, C, 'proved', 'softplus-beta-rate', ('\\beta > 0 (line 35)',)),  # exact
        (39, K, None, None, ()),  # let: an assumption for the rest of the secti
        (40, C, 'proved', 'relu-limit-rate', ('t > 1 (line 39)',)),  # exact
        (44, C, 'proved', 'relu-limit', ()),  # exact
        (45, K, None, None, ()),  # for: an assumption of line 46
        (45, K, None, None, ()),  # for: an assumption of line 46
        (45, E, None, None, ()),  # 
        (46, C, 'proved', 'tropical-mul-limit', ('t > 1 (line 39)', 'x \\geq 0 (line 45)', 'y \\geq 0 (line 45)')),  # exact
    ],
    "rectifiers-wrong.tex": [
        (6, D, None, None, ()),  # agrees with the engine's /rho (it is its def
        (7, E, None, None, ()),  # 
        (7, E, None, None, ()),  # 
        (8, C, 'proved', None, ()),  # exact
        (8, C, 'proved', None, ()),  # exact
        (10, C, 'refuted', None, ()),  # counterexample x = 1/1000
        (10, C, 'proved', None, ()),  # exact
        (14, C, 'proved', None, ()),  # exact
        (19, C, 'refuted', None, ()),  # WRONG: redefines tanh
        (22, C, 'proved', None, ()),  # exact
        (23, C, 'proved', 'tanh-sigmoid', ()),  # exact
        (27, C, 'proved', 'tanh-sigmoid', ()),  # exact
        (30, K, None, None, ()),  # for: an assumption of line 30
        (30, C, 'proved', None, ('x > 0 (line 30)',)),  # exact
        (30, C, 'proved', None, ('x > 0 (line 30)',)),  # exact
        (34, E, None, None, ()),  # 
        (34, D, None, None, ()),  # s is defined here
        (35, K, None, None, ()),  # for: an assumption of line 36
        (35, E, None, None, ()),  # 
        (36, C, 'refuted', None, ('\\beta > 0 (line 35)',)),  # counterexample beta = 1/1000, x = 0
        (39, K, None, None, ()),  # let: an assumption for the rest of the secti
        (40, C, 'refuted', None, ('t > 0 (line 39)',)),  # undefined at t = 1, which the stated conditi
        (44, C, 'proved', 'relu-limit', ()),  # exact
        (45, K, None, None, ()),  # for: an assumption of line 46
        (45, K, None, None, ()),  # for: an assumption of line 46
        (45, E, None, None, ()),  # 
        (46, C, 'refuted', None, ('t > 0 (line 39)', 'x \\geq 0 (line 45)', 'y \\geq 0 (line 45)')),  # undefined at t = 1, x = /frac{1}{1000}, y = 
    ],
}


@functools.lru_cache(maxsize=None)
def audited(name: str):
    """(exit code with --strict, the JSON report): one run per article."""
    out = run_derive("audit", str(ARTICLES_DIR / name), "--json", "--strict")
    assert out.returncode in (0, 1), out.stderr
    return out.returncode, json.loads(out.stdout)


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_article_parts_are_pinned(name):
    _, report = audited(name)
    got = [(f["line"], f["kind"], f["verdict"], f["claim_id"], tuple(f["assumptions"])) for f in report["formulas"]]
    assert got == ARTICLES[name]


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_correct_articles_pass_strict_and_wrong_ones_fail(name):
    wrong = "-wrong" in name
    code, report = audited(name)
    assert code == (1 if wrong else 0)
    assert any(f["verdict"] == "refuted" for f in report["formulas"]) is wrong  # so without --strict: 1 / 0 too
    if not wrong:  # nothing refuted, unknown, unsupported or in error: every claim proved
        assert {f["verdict"] for f in report["formulas"] if f["kind"] == C} == {"proved"}
        assert not any(f["kind"] == U for f in report["formulas"])


@pytest.mark.parametrize("name", sorted(n for n in ARTICLES if "-wrong" in n))
def test_the_mistakes_are_refuted_and_nothing_else_is(name):
    _, wrong = audited(name)
    _, right = audited(name.replace("-wrong", ""))
    pairs = [(w, r) for w, r in zip(wrong["formulas"], right["formulas"]) if w["kind"] == C]
    changed = [w for w, r in pairs if w["latex"] != r["latex"] or w["assumptions"] != r["assumptions"]]
    unchanged = [(w, r) for w, r in pairs if w not in changed]
    assert all(w["verdict"] == r["verdict"] == "proved" for w, r in unchanged)  # no correct formula flagged
    assert sum(w["verdict"] == "refuted" for w in changed) >= 4  # every kind of mistake caught
    assert all(w["verdict"] in ("refuted", "proved") for w in changed)


def test_domains_and_coverage_are_shown():
    _, wrong = audited("softplus-wrong.md")
    by_line = {f["line"]: f for f in wrong["formulas"] if f["kind"] == C}
    assert by_line[43]["covered"] is False and by_line[43]["domain"] == "x > 0"
    assert "undefined at x = 0" in by_line[43]["note"]
    _, right = audited("softplus.md")
    by_line = {f["line"]: f for f in right["formulas"] if f["kind"] == C}
    assert by_line[43]["covered"] is True and by_line[43]["domain"] is None
    _, report = audited("logsumexp.md")
    conditions = [f for f in report["formulas"] if f["kind"] == K]
    assert [c["note"] for c in conditions] == ["if: an assumption of lines 20, 24", "with: an assumption of line 45"]


@pytest.fixture(scope="module")
def knowledge(specs):
    from derivations.audit.matching import Knowledge

    return Knowledge.of({claim_id: spec.proof() for claim_id, spec in specs.items()})


MATCHES = [
    # true formulas that no claim states: no match, whatever their sides simplify to
    (r"\zeta(x)-\zeta(-x)=x", (), []),
    (r"\zeta(\log(\exp(x)-1)) = x", ("x > 0",), []),
    (r"\frac{d}{dx}\zeta(x) = \sigma(x)", (), []),
    (r"\frac{\partial}{\partial x}\log(e^x+e^y)=\frac{e^x}{e^x+e^y}", (), []),
    # the very relation of a claim, renamed, turned around, rearranged
    (r"\sigma'(t) = \sigma(t)(1-\sigma(t))", (), ["sigmoid-ode", "sigmoid-derivative-bound"]),
    (r"\sigma(x)(1-\sigma(x)) = \sigma'(x)", (), ["sigmoid-ode", "sigmoid-derivative-bound"]),
    (r"\sigma'(x) > 0", (), ["sigmoid-derivative-bound"]),
    (r"x \oplus y = y \oplus x", (), ["maxplus-semiring"]),
    (r"\log(1+e^x)=\log_e(1+e^x)", (), ["softplus-natural-log"]),
    # a claim holds under its assumptions: the formula's conditions must give them
    (r"\frac{1}{\beta}\log(1+e^{\beta x}) - \max(0,x) \leq \frac{\log 2}{\beta}", (), []),
    (r"\frac{1}{\beta}\log(1+e^{\beta x}) - \max(0,x) \leq \frac{\log 2}{\beta}", (r"\beta > 0",), ["softplus-beta-rate"]),
    (r"\log_t(1+t^x) - \max(0,x) \leq \log_t 2", (), []),
    (r"\log_t(1+t^x) - \max(0,x) \leq \log_t 2", ("t > 2",), ["relu-limit-rate"]),
]


@pytest.mark.parametrize("latex, conditions, expected", MATCHES)
def test_a_match_names_a_claim_that_states_that_very_relation(knowledge, latex, conditions, expected):
    from derivations.read.parse import Notations, parse
    from derivations.notation import softplus

    notations = Notations(functions={r"\zeta": softplus})
    (rel,) = [parse(latex, notations)]
    assert knowledge.candidates(rel, tuple(parse(c) for c in conditions)) == expected


DOMAINS = [
    (r"\log(e^x - 1)", ["x > 0"]),
    (r"\log\frac{x}{1-x}", ["x > 0", "x < 1"]),
    (r"\sigma^{-1}(x)", ["x > 0", "x < 1"]),
    (r"\log_t(1+t^x)", ["t > 0", "Ne(t, 1)"]),
    (r"\sqrt{x - 1}", ["x >= 1"]),
    (r"\frac{1}{x - y}", ["Ne(x - y, 0)"]),
    (r"\lim_{t\to\infty}\log_t(1+t^x)", []),
    (r"\log(1 + e^x) + \sigma(x) + \tanh(x)", []),
]


@pytest.mark.parametrize("latex, expected", DOMAINS)
def test_natural_domain(latex, expected):
    from derivations.decide.defined import natural_domain
    from derivations.read.parse import parse

    assert [str(c) for c in natural_domain(parse(latex))] == expected


COVERAGE = [
    (r"\log(e^x - 1)", ["x > 0"], True, None),
    (r"\log(e^x - 1)", ["x > 1"], True, None),
    (r"\log(e^x - 1)", ["x > -1"], False, {"x": 0}),
    (r"\log(e^x - 1)", [], None, None),
    (r"\log\frac{x}{1-x}", [r"x \in (0,1]"], False, {"x": 1}),
    (r"\frac{1}{x - y}", ["x > y"], True, None),
]


@pytest.mark.parametrize("latex, stated, covered, witness", COVERAGE)
def test_whether_the_stated_conditions_cover_the_domain(latex, stated, covered, witness):
    from derivations.decide.defined import coverage, natural_domain
    from derivations.read.parse import parse, relations_of

    facts = tuple(r for text in stated for r in relations_of(parse(text)))
    result = coverage(natural_domain(parse(latex)), facts)
    assert result.covered is covered
    assert ({str(k): int(v) for k, v in result.witness.items()} if result.witness else None) == witness


DEFINITE = [
    (r"\int_{-\infty}^{x}\sigma(y)\,dy = \log(1+e^x)", "proved"),
    (r"\int_{-\infty}^{x}\sigma(y)\,dy = \log(1+e^x) - \log 2", "refuted"),  # off by a constant
    (r"\int_{-\infty}^{x}\sigma(y)\,dy = \sigma(x)", "refuted"),  # the wrong derivative
    (r"\int_{0}^{x}\sigma(y)\,dy = \log(1+e^x) - \log 2", "proved"),
    (r"\int_{x}^{0}\sigma(y)\,dy = \log 2 - \log(1+e^x)", "proved"),  # the variable as the lower bound
    (r"\int_{0}^{1}\sigma(y)\,dy = \log\frac{1+e}{2}", "proved"),
    (r"\int_{0}^{1}\sigma(y)\,dy = \log 2", "refuted"),
    (r"\int_{1}^{x}\frac{1}{y}\,dy = \log x", "unknown"),  # the integrand is undefined at 0: never misread
    (r"\int_{-\infty}^{x}\sigma(y)\,dy < e^x", "unknown"),  # inequalities are not decided
]


@pytest.mark.parametrize("latex, verdict", DEFINITE)
def test_definite_integrals_are_decided_soundly_or_not_at_all(latex, verdict):
    from derivations.read.parse import parse
    from derivations.check.prove import decide_relation

    assert decide_relation(parse(latex), ()).verdict.value == verdict


def test_only_the_claims_a_formula_could_be_are_verified(tmp_path, specs):
    auditing = importlib.import_module("derivations.audit")  # the package; derivations.audit is the API function
    from derivations.api import _budgeted_decide
    from derivations.run.runner import run
    from derivations.base.config import Config

    asked = []

    def verify(ids):
        asked.append(list(ids))
        return run(specs, ids, Config(timeout=None, jobs=1))

    path = tmp_path / "two.md"
    path.write_text("$$\\sigma'(t) = \\sigma(t)(1 - \\sigma(t))$$\n\nand $\\sigma(-x) = 1 - \\sigma(x)$.\n")
    formulas = auditing.audit(path, specs, verify, _budgeted_decide(30))
    assert asked == [["sigmoid-ode", "sigmoid-derivative-bound"]]
    assert [(f.verdict, f.claim_id) for f in formulas] == [("proved", "sigmoid-ode"), ("proved", None)]
