"""Audit a whole article: extract every formula, classify it, decide it, and match it to a proved claim."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import sympy as sp

from .binding import same_expression, same_relation
from .claims import ClaimSpec, Proof, conjuncts
from .errors import DerivationError, ParseError
from .notation import relu, sigmoid, softplus, tropical_add, tropical_mul
from .verdict import Counterexample, Verdict

DEFINITION, CLAIM, EXPRESSION, UNSUPPORTED = "definition", "claim", "expression", "unsupported"
INFORMAL = "informal"  # true in the limit only, or a limit variable left free: a note, not an error


@dataclass(frozen=True)
class Found:
    """A formula as it stands in the article."""

    line: int
    latex: str
    display: bool


@dataclass(frozen=True)
class Formula:
    """One part of a formula (a line, a case, a link of a chain) and what the audit says of it."""

    line: int
    latex: str
    kind: str
    verdict: str | None = None
    claim_id: str | None = None
    note: str = ""
    counterexample: Counterexample | None = None  # where a refuted formula fails

    def as_json(self) -> dict:
        counterexample = self.counterexample.as_json() if self.counterexample else None
        return {"line": self.line, "latex": self.latex, "kind": self.kind, "verdict": self.verdict, "claim_id": self.claim_id, "note": self.note, "counterexample": counterexample}


# ---------------------------------------------------------------- extraction

_ENV = re.compile(r"^\s*\\begin\{(equation|align|gather|multline|eqnarray|displaymath)\*?\}(.*)\\end\{\1\*?\}\s*$", re.S)


def _strip_environment(latex: str) -> str:
    m = _ENV.match(latex)
    body = m.group(2) if m else latex
    return re.sub(r"\\(label|tag)\{[^}]*\}", "", body).strip()


def extract_markdown(text: str) -> list[Found]:
    """Display ($$, \\[ \\], equation/align environments) and inline ($, \\( \\)) math, through
    markdown-it-py, so that code blocks and escaped dollars are left alone."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.texmath import texmath_plugin

    md = MarkdownIt("commonmark").use(dollarmath_plugin, double_inline=True).use(amsmath_plugin).use(texmath_plugin, delimiters="brackets")
    found = []
    for token in md.parse(text):
        if token.type in ("math_block", "math_block_label", "amsmath", "math_block_eqno"):
            found.append(Found(token.map[0] + 1, _strip_environment(token.content), True))
        elif token.type == "inline":
            for child in token.children or []:
                if child.type in ("math_inline", "math_inline_double"):
                    found.append(Found(token.map[0] + 1, child.content.strip(), child.type == "math_inline_double"))
    return found


_TEX = re.compile(
    r"(?<!\\)\$\$(?P<dd>.+?)(?<!\\)\$\$|\\\[(?P<br>.+?)\\\]|(?P<env>\\begin\{(?P<name>equation|align|gather|multline)\*?\}.+?\\end\{(?P=name)\*?\})|(?<!\\)\$(?P<d>[^$]+?)(?<!\\)\$",
    re.S,
)


def extract_tex(text: str) -> list[Found]:
    text = re.sub(r"(?<!\\)%.*", lambda m: " " * len(m.group(0)), text)  # comments, keeping offsets
    found = []
    for m in _TEX.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if m.group("d") is not None:
            found.append(Found(line, m.group("d").strip(), False))
        else:
            body = m.group("dd") or m.group("br") or m.group("env")
            found.append(Found(line, _strip_environment(body), True))
    return found


def extract(path: Path) -> list[Found]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DerivationError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return extract_tex(text) if path.suffix in (".tex", ".latex") else extract_markdown(text)


# ---------------------------------------------------------------- what proved claims establish


@dataclass
class Knowledge:
    """Relations established by proved claims: statements, definitions and the links of their chains."""

    facts: list[tuple[sp.Basic, sp.Basic, str]] = field(default_factory=list)  # (relation, condition, claim id)

    @classmethod
    def of(cls, proved: dict[str, Proof]) -> "Knowledge":
        from .claims import Chain

        knowledge = cls()
        for claim_id, proof in proved.items():
            for rel in tuple(conjuncts(proof.statement)) + tuple(proof.definitions):
                knowledge.facts.append((_unbind(rel), sp.true, claim_id))
            for part in proof.built_parts():
                chains = [part] if isinstance(part, Chain) else []
                for chain in chains:
                    for rel in chain.relations():
                        knowledge.facts.append((_unbind(rel), _unbind(chain.condition), claim_id))
        return knowledge

    def covering(self, rel, condition) -> str | None:
        """A proved claim that implies rel (directly, or through a chain of its equalities)."""
        rel = _unbind(rel)
        condition = _unbind(condition)
        usable = [(r, c, i) for r, c, i in self.facts if c == sp.true or c == condition]
        for r, _, claim_id in usable:
            if same_relation(rel, r):
                return claim_id
        # a = c from a = b and b = c of the same claim (an identity a = a is no claim's doing)
        if isinstance(rel, sp.Eq) and not same_expression(rel.lhs, rel.rhs):
            by_claim: dict[str, list] = {}
            for r, _, claim_id in usable:
                if isinstance(r, sp.Eq):
                    by_claim.setdefault(claim_id, []).append(r)
            for claim_id, equalities in by_claim.items():
                if _connected(rel.lhs, rel.rhs, equalities):
                    return claim_id
        return None


def _unbind(expr):
    """Symbols by name only (the proof's t is positive, the article's is real): rename to plain real."""
    expr = sp.sympify(expr)
    mapping = {s: sp.Symbol(s.name, real=True) for s in expr.atoms(sp.Symbol) if not isinstance(s, sp.Dummy)}
    if isinstance(expr, sp.Rel):  # keep Eq(a, a) a relation: xreplace would evaluate it to True
        return type(expr)(expr.lhs.xreplace(mapping), expr.rhs.xreplace(mapping), evaluate=False)
    return expr.xreplace(mapping)


def _connected(a, b, equalities) -> bool:
    nodes = [a]
    seen = [a]
    while nodes:
        current = nodes.pop()
        if same_expression(current, b):
            return True
        for eq in equalities:
            for x, y in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs)):
                if same_expression(current, x) and not any(same_expression(y, s) for s in seen):
                    seen.append(y)
                    nodes.append(y)
    return False


# ---------------------------------------------------------------- definitions from the article

_BUILTIN = {r"\sigma": sigmoid, r"\rho": relu, r"\operatorname{ReLU}": relu, r"\operatorname{softplus}": softplus, r"\oplus": tropical_add, r"\otimes": tropical_mul}
_DEF_LHS = re.compile(r"^\s*(?P<name>\\[A-Za-z]+|\\operatorname\{[A-Za-z]+\}|[A-Za-z])\s*(?:\\left)?\(\s*(?P<args>[A-Za-z](?:\s*,\s*[A-Za-z])*)\s*(?:\\right)?\)\s*$")
_DEF_INFIX = re.compile(r"^\s*(?P<a>[A-Za-z])\s*(?P<name>\\oplus|\\otimes)\s*(?P<b>[A-Za-z])\s*$")


def _split_outside_groups(latex: str, separator: str) -> list[str]:
    """latex split at each separator that stands outside every (), {}, []."""
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(latex):
        c = latex[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif depth == 0 and latex.startswith(separator, i):
            pieces.append(latex[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    pieces.append(latex[start:])
    return pieces


def _top_level_relations(latex: str) -> list[str]:
    """The sides of a chain, split at top-level =, as text."""
    return _split_outside_groups(latex, "=")


def definition_in(latex: str):
    """(name, argument names) if the formula's first link defines a function: \\phi(x) = ..., x \\oplus y = ..."""
    sides = _top_level_relations(latex)
    if len(sides) < 2:
        return None
    m = _DEF_LHS.match(sides[0])
    if m:
        args = [a.strip() for a in m.group("args").split(",")]
        return (m.group("name"), args) if len(set(args)) == len(args) else None
    m = _DEF_INFIX.match(sides[0])
    if m and m.group("a") != m.group("b"):
        return m.group("name"), [m.group("a"), m.group("b")]
    return None


def _builder_for(variables: list[sp.Symbol], body: sp.Basic):
    """(builder, known notation or None) for a definition: a known notation when the body is its
    definition (so an article's \\phi(x) = 1/(1+e^{-x}) is the engine's sigmoid), else the body itself."""
    for known in (sigmoid, softplus, relu, tropical_add, tropical_mul):
        try:
            candidate = known(*variables)
        except TypeError:  # another arity
            continue
        if same_expression(candidate, body):
            return known, known

    def build(*args):
        if len(args) != len(variables):
            raise ParseError(f"expected {len(variables)} argument(s), got {len(args)}")
        return body.xreplace(dict(zip(variables, args)))

    return build, None


def _lines(latex: str) -> list[str]:
    """A display block's lines (top-level \\\\), alignment & dropped; a cases block stays whole."""
    if r"\begin{cases}" in latex:
        return [latex]
    lines = _split_outside_groups(latex, "\\\\")
    return [line.replace("&", " ").strip() for line in lines if line.replace("&", "").strip()]


# ---------------------------------------------------------------- the audit


class Auditor:
    """Reads formulas in order; definitions extend the notation for the formulas after them."""

    def __init__(self, knowledge: Knowledge, decide: Callable):
        from .latex.parse import Notations

        self.knowledge = knowledge
        self.decide = decide  # (relation, facts) -> (Verdict, reason, Counterexample | None)
        self.notations = Notations()
        self.defined: set[str] = set()

    def formula(self, found: Found) -> list[Formula]:
        out: list[Formula] = []
        for line in _lines(found.latex):
            d = definition_in(line)
            if d is not None and d[0] not in self.defined:
                out += self._define(found, line, *d)
            else:
                out += self._statements(found, line)
        return out

    def _statements(self, found: Found, line: str) -> list[Formula]:
        from .latex.parse import parse_rows, relations_of
        from .latex.render import latex as render

        try:
            rows = parse_rows(line, self.notations)
        except ParseError as exc:
            if not found.display and re.search(r"needs arguments|without an argument", str(exc)):
                return [Formula(found.line, line, EXPRESSION, note="names a function without applying it")]
            return [Formula(found.line, line, UNSUPPORTED, note=str(exc))]
        out = []
        for statement, condition in rows:
            relations = relations_of(statement)
            if not relations:
                out.append(Formula(found.line, render(statement), EXPRESSION))
                continue
            limits = {lim.args[1].name: lim.args[2] for rel in relations for lim in rel.atoms(sp.Limit)}
            out += [self._link(found, rel, condition, limits) for rel in relations]
        return out

    def _define(self, found: Found, line: str, name: str, arg_names: list[str]) -> list[Formula]:
        from .latex.parse import parse
        from .latex.render import latex as render

        sides = _top_level_relations(line)
        variables = [sp.Symbol(a, real=True) for a in arg_names]
        try:
            body = parse(sides[1], self.notations)
        except ParseError as exc:
            return [Formula(found.line, line, UNSUPPORTED, note=f"the definition of {name} does not parse: {exc}")]
        builder, known = _builder_for(variables, body)
        builtin = _BUILTIN.get(name)
        self.defined.add(name)
        if builtin is not None:
            agrees = known is builtin
            note = f"agrees with the engine's {name}" if agrees else f"differs from the engine's {name}: formulas using it are not understood"
            if not agrees:
                self.notations = self.notations.with_function(name, _refuse(name))
            shown = render(sp.Eq(builtin(*variables), body, evaluate=False))
        else:
            self.notations = self.notations.with_function(name, builder)
            note = f"{name} is the engine's {known.__name__}" if known else f"{name} is defined here"
            head = sp.Function(name.lstrip("\\"))(*variables)
            shown = render(sp.Eq(head, body, evaluate=False)).replace(render(head), line.split("=")[0].strip(), 1)
        out = [Formula(found.line, shown, DEFINITION, note=note)]
        if len(sides) > 2:  # \sigma(x) = def = another form: the links after the definition are claims
            out += self._statements(found, "=".join(sides[1:]))
        return out

    def _link(self, found: Found, rel, condition, limits) -> Formula:
        from .latex.render import latex as render

        text = render(rel) + (rf" \quad \text{{if }} {render(condition)}" if condition != sp.true else "")
        facts = ((condition,) if condition != sp.true else ()) + tuple(
            sp.Gt(sp.Symbol(v, real=True), 1) for v, point in limits.items() if point == sp.oo
        )
        notes = []
        free = sorted(v for v in limits if v in {s.name for s in _free_outside_limits(rel)})
        if free:
            notes.append(f"informal: the limit variable {', '.join(free)} is left free outside the limit")
        claim_id = self.knowledge.covering(rel, condition)
        if claim_id is not None:
            return Formula(found.line, text, CLAIM, Verdict.PROVED.value, claim_id, "; ".join(notes) or "exact")
        outcome, reason, counterexample = self.decide(rel, facts)
        verdict = outcome.value
        if outcome is Verdict.PROVED:
            notes = notes or ["exact"]
        elif outcome is Verdict.REFUTED and counterexample is not None:
            in_limit = self._true_in_limit(rel, facts, limits)
            if in_limit:
                verdict = INFORMAL
                notes.append(in_limit)
            else:
                notes.append("counterexample " + ", ".join(f"{k} = {v}" for k, v in counterexample.values.items()))
        else:
            notes.append(reason[:240])
        return Formula(found.line, text, CLAIM, verdict, None, "; ".join(notes), counterexample if verdict == Verdict.REFUTED.value else None)

    def _true_in_limit(self, rel, facts, limits) -> str:
        """A link of a chain about a limit that is false as written but true as its variable tends to
        the limit point: 'informal', not 'refuted'."""
        from .latex.render import latex as render

        if not isinstance(rel, sp.Eq):
            return ""
        for name, point in limits.items():
            var = sp.Symbol(name, real=True)
            if var not in _free_outside_limits(rel):
                continue
            # each side that still depends on the limit variable is taken to the limit
            wrap = [var in side.free_symbols for side in (rel.lhs, rel.rhs)]
            if all(wrap):
                lifted = sp.Eq(sp.Limit(rel.lhs - rel.rhs, var, point), 0, evaluate=False)
            else:
                left, right = (sp.Limit(side, var, point) if w else side for side, w in zip((rel.lhs, rel.rhs), wrap))
                lifted = sp.Eq(left, right, evaluate=False)
            outcome, _, _ = self.decide(lifted, facts)
            if outcome is Verdict.PROVED:
                return f"informal: true only in the limit {name} \\to {render(point)}"
        return ""


def _refuse(name):
    def build(*args):
        raise ParseError(f"{name} was redefined by the article differently from the engine's")

    return build


def _free_outside_limits(rel) -> set:
    out = set()
    for side in (rel.lhs, rel.rhs):
        stripped = side.replace(lambda e: isinstance(e, sp.Limit), lambda e: sp.Integer(0))
        out |= stripped.free_symbols
    return out


def summarize(formulas: list[Formula]) -> dict:
    kinds = {k: 0 for k in (DEFINITION, CLAIM, EXPRESSION, UNSUPPORTED)}
    verdicts: dict[str, int] = {}
    for f in formulas:
        kinds[f.kind] += 1
        if f.verdict:
            verdicts[f.verdict] = verdicts.get(f.verdict, 0) + 1
    return {"formulas": len(formulas), "kinds": kinds, "verdicts": dict(sorted(verdicts.items())), "matched": sum(1 for f in formulas if f.claim_id)}


def exit_code(formulas: list[Formula], strict: bool) -> int:
    if any(f.verdict == Verdict.REFUTED.value for f in formulas):
        return 1
    if strict and any(f.kind == UNSUPPORTED or f.verdict in (Verdict.UNKNOWN.value, Verdict.TIMEOUT.value, Verdict.ERROR.value) for f in formulas):
        return 1
    return 0


def audit(path: Path, specs: dict[str, ClaimSpec], results, decide) -> list[Formula]:
    """Every formula of the article at path, in order. ``results``: the claims' verification results;
    only proved claims are used to match formulas."""
    found = extract(path)
    proved = {r.id: specs[r.id].proof() for r in results if r.verdict is Verdict.PROVED}
    auditor = Auditor(Knowledge.of(proved), decide)
    out: list[Formula] = []
    for item in found:
        out += auditor.formula(item)
    return out
