"""Claims and their derivations: statement, assumptions, chains of justified steps, the @claim registry."""

from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp

RELATIONS = {"=": sp.Eq, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
_REL_OF_CLASS = {sp.Eq: "=", sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">", sp.GreaterThan: ">="}


def relation_symbol(rel: sp.Basic) -> str:
    return _REL_OF_CLASS[type(rel)]


def make_relation(lhs, op: str, rhs) -> sp.Basic:
    return RELATIONS[op](lhs, rhs, evaluate=False)


def conjuncts(statement) -> tuple[sp.Basic, ...]:
    """A statement's relations, in order (a chain 0 < a <= b is the conjunction of its links)."""
    if isinstance(statement, (tuple, list)):
        parts = tuple(statement)
    elif isinstance(statement, sp.And):
        parts = tuple(statement.args)
    else:
        parts = (statement,)
    for part in parts:
        if isinstance(part, sp.Implies) and type(part.args[1]) in _REL_OF_CLASS:
            continue  # a conditional relation: `condition => relation`
        if type(part) not in _REL_OF_CLASS:
            from derivations.base.errors import ProofScriptError

            raise ProofScriptError(
                f"statement part {part!r} is not a relation (SymPy evaluated it?): build it with eq/lt/le, "
                "which keep it unevaluated"
            )
    return parts


def substitute(rel: sp.Basic, mapping) -> sp.Basic:
    """rel with a substitution applied to both sides, kept unevaluated (Eq(a, a) must stay a relation)."""
    if isinstance(rel, sp.Implies):
        return sp.Implies(rel.args[0].subs(mapping), substitute(rel.args[1], mapping), evaluate=False)
    return type(rel)(sp.sympify(rel.lhs).subs(mapping), sp.sympify(rel.rhs).subs(mapping), evaluate=False)


def when(condition, rel) -> sp.Basic:
    """A conditional relation for a statement: ``condition => rel`` (e.g. x != 0 => gap < log_t 2)."""
    return sp.Implies(condition, rel, evaluate=False)


def eq(lhs, rhs):
    return make_relation(lhs, "=", rhs)


def lt(lhs, rhs):
    return make_relation(lhs, "<", rhs)


def le(lhs, rhs):
    return make_relation(lhs, "<=", rhs)


def gt(lhs, rhs):
    return make_relation(lhs, ">", rhs)


def ge(lhs, rhs):
    return make_relation(lhs, ">=", rhs)


def compose(ops: list[str]) -> str | None:
    """The relation a chain a op1 b op2 c ... establishes between its ends, or None if mixed (< with >)."""
    directions = {op for op in ops if op != "="}
    if not directions:
        return "="
    if directions <= {"<", "<="}:
        return "<" if "<" in directions else "<="
    if directions <= {">", ">="}:
        return ">" if ">" in directions else ">="
    return None


@dataclass(frozen=True)
class Step:
    """One link ``previous  relation  expr`` of a chain, with the rule that checks it."""

    relation: str
    expr: sp.Basic
    rule: str
    justification: str
    hints: Mapping[str, object] = field(default_factory=dict)
    source: str = ""  # file:line of the proof script line that wrote the step


@dataclass(frozen=True)
class Chain:
    """start = e1 <= e2 ... : a calculation, valid under ``condition`` (a case of a case split)."""

    start: sp.Basic
    steps: tuple[Step, ...]
    condition: sp.Basic = sp.true
    facts: tuple[sp.Basic, ...] = ()  # hypotheses this chain may use beyond the claim's assumptions
    title: str = ""

    def relations(self) -> list[sp.Basic]:
        """Every relation the chain establishes: between any two of its expressions, in order."""
        nodes = [self.start] + [s.expr for s in self.steps]
        out = []
        for i in range(len(nodes)):
            for j in range(i + 1, len(nodes)):
                op = compose([s.relation for s in self.steps[i:j]])
                if op is not None:
                    out.append(make_relation(nodes[i], op, nodes[j]))
        return out


@dataclass(frozen=True)
class Induction:
    """P(n) for every integer n >= base: chains for P(base), and chains for P(n+1) assuming P(n)."""

    variable: sp.Symbol
    base: int
    base_chains: tuple[Chain, ...]
    step_chains: tuple[Chain, ...]
    title: str = ""


@dataclass(frozen=True)
class Enumeration:
    """Every statement relation, checked at each of finitely many cases that together cover the
    claim's domain: all integers in the assumptions' bounds (2 <= n <= 8, 1 <= i <= n), or every
    variable either finite or -oo (the extended reals of max-plus)."""

    variables: tuple[sp.Symbol, ...]
    domain: str  # "integers" or "extended-reals"
    title: str = ""

    def cases(self, assumptions) -> list[dict]:
        if self.domain == "extended-reals":
            import itertools

            return [dict(zip(self.variables, combo)) for combo in itertools.product(*[(v, -sp.oo) for v in self.variables])]
        return integer_cases(self.variables, assumptions)


def integer_cases(variables, assumptions) -> list[dict]:
    """All integer assignments allowed by the assumptions' bounds on the variables, in order; each
    variable's bounds may use the variables before it (1 <= i <= n)."""
    out = [{}]
    for v in variables:
        lows = [a.rhs for a in assumptions if isinstance(a, sp.GreaterThan) and a.lhs == v] + [a.lhs for a in assumptions if isinstance(a, sp.LessThan) and a.rhs == v]
        highs = [a.rhs for a in assumptions if isinstance(a, sp.LessThan) and a.lhs == v] + [a.lhs for a in assumptions if isinstance(a, sp.GreaterThan) and a.rhs == v]
        if not lows or not highs:
            from derivations.base.errors import ProofScriptError

            raise ProofScriptError(f"enumeration over {v}: the assumptions give no finite range (need lo <= {v} <= hi)")
        grown = []
        for case in out:
            known = set(case)
            lo_values = [sp.sympify(b).subs(case) for b in lows if sp.sympify(b).free_symbols <= known]
            hi_values = [sp.sympify(b).subs(case) for b in highs if sp.sympify(b).free_symbols <= known]
            if not lo_values or not hi_values:
                from derivations.base.errors import ProofScriptError

                raise ProofScriptError(f"enumeration over {v}: no bound in terms of the variables before it")
            lo, hi = max(int(b) for b in lo_values), min(int(b) for b in hi_values)
            grown += [{**case, v: sp.Integer(k)} for k in range(lo, hi + 1)]
        out = grown
    return out


@dataclass(frozen=True)
class Citation:
    """A proved claim used as a lemma, instantiated by a substitution."""

    claim_id: str
    substitution: Mapping[str, sp.Basic] = field(default_factory=dict)  # symbol name -> value


def _caller() -> str:
    """file:line of the nearest frame outside this module: the proof script's line that wrote a step."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back
    return f"{frame.f_code.co_filename}:{frame.f_lineno}" if frame is not None else ""


def _symbols(*exprs) -> dict[str, sp.Symbol]:
    """The symbols of a proof by name (its statement, assumptions, a chain's case and facts)."""
    found: dict[str, sp.Symbol] = {}
    for expr in exprs:
        for e in expr if isinstance(expr, (tuple, list)) else (expr,):
            for s in sp.sympify(e).free_symbols:
                found.setdefault(s.name, s)
    return found


def written(latex: str, symbols: Mapping[str, sp.Symbol] | None = None, source: str = "") -> sp.Basic:
    """An expression written in the article's LaTeX, read by the reader of `derive prove` with nothing
    evaluated (the author's order and form are kept: the step is printed as written), each symbol the
    proof's own of that name (an integer n stays an integer)."""
    from derivations.base.errors import DerivationError, ProofScriptError
    from derivations.read.parse import parse_written

    where = f"{source}: " if source else ""
    try:
        expr = parse_written(latex)
    except DerivationError as exc:
        raise ProofScriptError(f"{where}the step {latex!r} cannot be read: {exc}") from None
    if isinstance(expr, (tuple, sp.Rel, sp.And, sp.Implies)):
        raise ProofScriptError(f"{where}a step is an expression; {latex!r} is a relation (write its right-hand side)")
    with sp.evaluate(False):
        expr = expr.replace(lambda e: e.is_Pow and e.exp == 1, lambda e: e.base)  # the reader's f^1 for f
        expr = expr.replace(  # and its 1 * (1 + e^{-x})^{-1} for \frac{1}{1+e^{-x}}
            lambda e: e.is_Mul and sp.S.One in e.args and len(e.args) > 1,
            lambda e: sp.Mul(*[a for a in e.args if a != 1]) if len(e.args) > 2 else next(a for a in e.args if a != 1),
        )
        mapping = {s: symbols[s.name] for s in expr.free_symbols if symbols and s.name in symbols}
        return expr.xreplace(mapping) if mapping else expr


class ChainBuilder:
    """Fluent construction of a chain: ``p.chain(a).eq(b, "why").le(c, "why", rule="am-gm")``. Each
    expression is SymPy, or a string of the article's LaTeX (``p.chain(r"\\sigma'(x)").eq(r"\\frac{e^{-x}}{(1+e^{-x})^2}",
    "chain rule", rule="derivative")``), read as written."""

    def __init__(self, start, condition=sp.true, facts=(), title="", symbols=None):
        self._symbols = {**(symbols or {}), **_symbols(condition, tuple(facts))}
        self._start = written(start, self._symbols, _caller()) if isinstance(start, str) else start
        self._steps: list[Step] = []
        self._condition = condition
        self._facts = tuple(facts)
        self._title = title

    def step(self, relation: str, expr, justification: str, rule: str = "identity", **hints) -> "ChainBuilder":
        if relation not in RELATIONS:
            raise ValueError(f"unknown relation {relation!r}")
        source = _caller()
        expr = written(expr, self._symbols, source) if isinstance(expr, str) else sp.sympify(expr)
        self._steps.append(Step(relation, expr, rule, justification, dict(hints), source))
        return self

    def eq(self, expr, justification, rule="identity", **hints):
        return self.step("=", expr, justification, rule, **hints)

    def le(self, expr, justification, rule, **hints):
        return self.step("<=", expr, justification, rule, **hints)

    def lt(self, expr, justification, rule, **hints):
        return self.step("<", expr, justification, rule, **hints)

    def ge(self, expr, justification, rule, **hints):
        return self.step(">=", expr, justification, rule, **hints)

    def gt(self, expr, justification, rule, **hints):
        return self.step(">", expr, justification, rule, **hints)

    def build(self) -> Chain:
        return Chain(sp.sympify(self._start), tuple(self._steps), self._condition, self._facts, self._title)


@dataclass
class Proof:
    """What a proof script returns: the statement, its assumptions and the derivation's parts."""

    statement: tuple  # the relations claimed, all of them (a conjunction)
    assumptions: tuple[sp.Basic, ...] = ()
    definitions: tuple[sp.Basic, ...] = ()  # links of the article's formula that define notation
    parts: list = field(default_factory=list)

    def __post_init__(self):
        self.statement = conjuncts(self.statement)
        self.assumptions = tuple(self.assumptions)
        self.definitions = tuple(self.definitions)

    def chain(self, start, condition=sp.true, facts=(), title="") -> ChainBuilder:
        builder = ChainBuilder(start, condition, facts, title, self.symbols())
        self.parts.append(builder)
        return builder

    def symbols(self) -> dict[str, sp.Symbol]:
        """The proof's symbols by name: what a step written in LaTeX means by x or n."""
        return _symbols(self.statement, self.assumptions, self.definitions)

    def exhaust(self, *variables, domain="integers", title="") -> None:
        """Prove every statement relation by checking it in each case of a finite cover of the domain."""
        self.parts.append(_Built(Enumeration(tuple(variables), domain, title)))

    def induction(self, variable, base, title="") -> "InductionBuilder":
        builder = InductionBuilder(variable, base, title, {**self.symbols(), variable.name: variable})
        self.parts.append(builder)
        return builder

    def built_parts(self) -> tuple:
        return tuple(p.build() for p in self.parts)

    def _repr_latex_(self) -> str:
        """The statement in the article's notation, for notebooks."""
        from derivations.notation.printer import latex

        return "$\\displaystyle " + r",\quad ".join(latex(rel) for rel in self.statement) + "$"


class _Built:
    def __init__(self, part):
        self.part = part

    def build(self):
        return self.part


class InductionBuilder:
    def __init__(self, variable, base, title, symbols=None):
        self.variable, self.base, self.title = variable, base, title
        self._symbols = symbols or {}
        self._base: list[ChainBuilder] = []
        self._step: list[ChainBuilder] = []

    def base_chain(self, start, facts=(), title="") -> ChainBuilder:
        builder = ChainBuilder(start, facts=facts, title=title, symbols=self._symbols)
        self._base.append(builder)
        return builder

    def step_chain(self, start, facts=(), title="") -> ChainBuilder:
        builder = ChainBuilder(start, facts=facts, title=title, symbols=self._symbols)
        self._step.append(builder)
        return builder

    def build(self) -> Induction:
        return Induction(
            self.variable,
            self.base,
            tuple(b.build() for b in self._base),
            tuple(b.build() for b in self._step),
            self.title,
        )


@dataclass(frozen=True)
class ClaimSpec:
    """A registered claim: id, title, the article's LaTeX, and the function that builds its proof."""

    id: str
    title: str
    latex: str
    build: Callable[[], Proof]
    source: str = ""
    order: int = 0
    notation: Mapping[str, Callable] = field(default_factory=dict)  # extra function names for the LaTeX
    families: tuple[str, ...] = ()  # names written x_i that are indexed families x_1, ..., x_n
    timeout: float | None = None  # this claim's own time limit, when the run gives none
    appendix: Callable[[], str] | None = None  # extra LaTeX for the PDF after the derivation (a worked example)

    def proof(self) -> Proof:
        proof = self.build()
        if not isinstance(proof, Proof):
            from derivations.base.errors import ProofScriptError

            raise ProofScriptError(f"{self.source}: claim {self.id!r} must return a Proof, got {type(proof).__name__}")
        return proof

    def _repr_latex_(self) -> str:
        """The article's formula, for notebooks."""
        return f"$\\displaystyle {self.latex}$"


def claim(id: str, *, title: str, latex: str, order: int = 0, notation=None, families=(), timeout=None, appendix=None) -> Callable[[Callable[[], Proof]], ClaimSpec]:
    """Register a proof-building function as a claim of the article."""

    def wrap(fn: Callable[[], Proof]) -> ClaimSpec:
        try:
            source = f"{inspect.getsourcefile(fn)}:{inspect.getsourcelines(fn)[1]}"
        except (OSError, TypeError):
            source = fn.__qualname__
        return ClaimSpec(id=id, title=title, latex=latex, build=fn, source=source, order=order, notation=dict(notation or {}), families=tuple(families), timeout=timeout, appendix=appendix)

    return wrap


def cite(claim_id: str, **substitution) -> Citation:
    """A lemma for a step's hints: ``rule="lemma", lemma=cite("sigmoid-ode", x=u)``."""
    return Citation(claim_id, {name: sp.sympify(value) for name, value in substitution.items()})
