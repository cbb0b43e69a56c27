"""What a formula is: a definition of a new name, a claim (a known function's "definition" included), a condition."""

from __future__ import annotations

import re

import sympy as sp

from derivations.base.errors import ParseError
from derivations.read.vocabulary import BARE_NAMES
from derivations.read.extract import split_outside_groups
from derivations.read.vocabulary import TRIG
from derivations.notation import relu, sigmoid, softplus, tropical_add, tropical_mul

class Reading:
    """A notation the reader gives a meaning of its own (\oslash is x - y, x^{\odot a} is a x): its definition."""

    def __init__(self, name: str, meaning):
        self.__name__, self.meaning = name, meaning

    def definition(self, *args):
        return self.meaning(*args)

    __call__ = definition


TROPICAL_POWER_NAME = r"^{\odot}"  # x^{\odot a}, the tropical power
# The engine's own names: an article cannot define these, only state (true or false) things about them.
ENGINE_NOTATION = {
    r"\sigma": sigmoid, r"\operatorname{sigmoid}": sigmoid, r"\rho": relu, r"\operatorname{ReLU}": relu, r"\operatorname{relu}": relu,
    r"\operatorname{softplus}": softplus, r"\oplus": tropical_add, r"\otimes": tropical_mul, r"\odot": tropical_mul,
    r"\oslash": Reading("tropical quotient", lambda x, y: x - y), TROPICAL_POWER_NAME: Reading("tropical power", lambda x, a: a * x),
}
KNOWN_FUNCTIONS = set(ENGINE_NOTATION) | set(TRIG) | {
    r"\exp", r"\log", r"\ln", r"\max", r"\min", r"\sqrt", r"\operatorname{logit}",
}

_NAME = r"\\[A-Za-z]+|\\(?:operatorname|mathrm|text|textrm)\{[A-Za-z]+\}|" + "|".join(sorted(BARE_NAMES, key=len, reverse=True)) + "|[A-Za-z]"
_SUB = r"_(?:\{\s*(?P<sub>\\?[A-Za-z]+|\d+)\s*\}|(?P<sub1>\\[A-Za-z]+|[A-Za-z0-9]))"
_DEF_LHS = re.compile(rf"^\s*(?P<name>{_NAME})\s*(?:{_SUB})?\s*(?:\\left)?\(\s*(?P<args>[A-Za-z](?:\s*,\s*[A-Za-z])*)\s*(?:\\right)?\)\s*$")
_DEF_INFIX = re.compile(r"^\s*(?P<a>[A-Za-z])\s*(?P<name>\\oplus|\\otimes|\\odot|\\oslash)\s*(?P<b>[A-Za-z])\s*$")
_DEF_POWER = re.compile(r"^\s*(?P<a>[A-Za-z])\s*\^\s*\{\s*\\odot\s*(?P<b>[A-Za-z])\s*\}\s*$")


def top_level_sides(latex: str) -> list[str]:
    """The sides of a chain, split at top-level =, as text."""
    return split_outside_groups(latex, "=")


def canonical_name(name: str) -> str:
    r"""\mathrm{softplus} is \operatorname{softplus}; a bare relu, sigmoid, tanh is the command it spells."""
    from derivations.read.vocabulary import BARE_NAMES

    if name in BARE_NAMES:
        return BARE_NAMES[name]
    return re.sub(r"^\\(mathrm|text|textrm)\{", r"\\operatorname{", name)


def definition_in(latex: str):
    """(name, argument names) if the formula's first link has the shape of a definition: \\phi(x) = ...,
    x \\oplus y = ... (whether it *is* one depends on the name: see is_known)."""
    sides = top_level_sides(latex)
    if len(sides) < 2:
        return None
    m = _DEF_LHS.match(sides[0])
    if m:
        args = [a.strip() for a in m.group("args").split(",")]
        sub = m.group("sub") or m.group("sub1")
        name = canonical_name(m.group("name"))
        if sub and sub.isdigit():  # \text{ReLU}_0(x): one member of a family, a name of its own
            return (f"{name}_{{{sub}}}", args) if len(set(args)) == len(args) and not re.fullmatch(r"[A-Za-z]", name) else None
        if sub:  # s_\beta(x), \text{ReLU}_\alpha(x): a family of functions, its index the first argument
            if not re.fullmatch(r"[A-Za-z]", name):
                name += "_"  # \operatorname{ReLU}_ : the family, apart from the engine's \operatorname{ReLU}
            args = [sub.lstrip("\\")] + args
            return (name, args) if len(set(args)) == len(args) else None
        if m.group("name") in ("e", "d"):  # Euler's number and the differential are never functions
            return None
        return (canonical_name(m.group("name")), args) if len(set(args)) == len(args) else None
    m = _DEF_INFIX.match(sides[0])
    if m and m.group("a") != m.group("b"):
        return m.group("name"), [m.group("a"), m.group("b")]
    m = _DEF_POWER.match(sides[0])
    if m and m.group("a") != m.group("b"):
        return TROPICAL_POWER_NAME, [m.group("a"), m.group("b")]
    return None


def is_known(name: str) -> bool:
    """A name of the engine's vocabulary: the article may state things about it, not define it."""
    return canonical_name(name) in KNOWN_FUNCTIONS


def engine_definition(name: str, variables) -> sp.Basic | None:
    """The engine's definition of a notation of its own (\\sigma(x) = 1/(1+e^{-x})), None for SymPy's
    functions and for another number of arguments."""
    known = ENGINE_NOTATION.get(canonical_name(name))
    try:
        return known.definition(*variables) if known is not None else None
    except TypeError:
        return None


def engine_application(name: str, variables) -> sp.Basic | None:
    known = ENGINE_NOTATION.get(canonical_name(name))
    return known(*variables) if known is not None else None


def builder_for(variables: list[sp.Symbol], body: sp.Basic):
    """(builder, the engine's notation it is, or None) for an article's definition of a new name: when the
    body is exactly a notation's definition (\\zeta(x) = \\log(1+e^x)), the name *is* that notation."""
    from derivations.check.binding import same_expression

    for known in (sigmoid, softplus, relu, tropical_add, tropical_mul) if isinstance(body, sp.Expr) else ():
        try:
            candidate = known(*variables)
        except TypeError:  # another arity
            continue
        if same_expression(candidate, body):
            return known, known

    def build(*args):
        if len(args) != len(variables):
            raise ParseError(f"expected {len(variables)} argument(s), got {len(args)}")
        value = body
        for variable, arg in zip(variables, args):
            if not isinstance(arg, sp.Symbol) and any(base.label == variable for base in body.atoms(sp.IndexedBase)):
                value = componentwise(value, variable, arg)  # f(x / \tau), f(t x + (1-t) y): component by component
        return value.xreplace({v: a for v, a in zip(variables, args) if isinstance(a, sp.Symbol) or not any(b.label == v for b in body.atoms(sp.IndexedBase))})

    return build, None


def componentwise(body, variable, arg):
    """body (a function of the vector ``variable``: it uses its components x_i) at ``arg``, a linear combination
    of vectors (x / tau, t x + (1-t) y): each x_i becomes arg's i-th component. The vectors of arg are the
    variable's own name and whatever multiplies no vector (the y of (1-t) y); every term of arg must hold
    exactly one of them, to the first power, else it is no vector (x + 1) and it is not read."""
    refused = ParseError("a function of a vector applied to an expression that is not a combination of vectors: its components are not read")
    terms = sp.Add.make_args(sp.expand(arg))
    seed = {s for s in arg.free_symbols if s.name == variable.name}
    if not seed:
        raise refused
    scalars = {s for term in terms if term.free_symbols & seed for s in term.free_symbols - seed}
    vectors = (arg.free_symbols - scalars) | seed
    for term in terms:
        held = [v for v in vectors if term.has(v)]
        if len(held) != 1 or sp.degree(term, held[0]) != 1 or not term.diff(held[0]).free_symbols.isdisjoint(vectors):
            raise refused

    def component(indexed):
        return arg.xreplace({v: sp.IndexedBase(v.name, real=True)[indexed.indices] for v in vectors})

    return body.replace(lambda e: isinstance(e, sp.Indexed) and e.base.label == variable, component)


_NEGATION = {sp.Eq: sp.Ne, sp.Ne: sp.Eq, sp.StrictLessThan: sp.GreaterThan, sp.GreaterThan: sp.StrictLessThan, sp.LessThan: sp.StrictGreaterThan, sp.StrictGreaterThan: sp.LessThan}


def negated(relations) -> tuple | None:
    """"unless $x = 0$" is x != 0; the negation of several relations is a disjunction: None."""
    if len(relations) != 1:
        return None
    (rel,) = relations
    return (_NEGATION[type(rel)](rel.lhs, rel.rhs, evaluate=False),)


def condition_relations(parsed) -> tuple | None:
    """The relations a formula states when it is read as a condition (x > 0, 0 < x < 1, x \\in (0,1),
    x \\neq 0, x = 0, u = e^{-x}), or None when it is not shaped like one."""
    from derivations.read.parse import relations_of

    if parsed == ():
        return ()  # x \in \mathbb{R}: a condition that asks nothing
    relations = relations_of(parsed)
    if not relations:
        return None
    for rel in relations:
        total = isinstance(rel, sp.Eq) and any(isinstance(side, sp.Sum) and isinstance(side.function, sp.Indexed) for side in (rel.lhs, rel.rhs)) and (rel.lhs.is_number or rel.rhs.is_number)
        if isinstance(rel, sp.Eq) and not (_is_variable(rel.lhs) or _is_variable(rel.rhs) or total):
            return None  # sigma(x) = 1/2 is a claim, not a condition (\sum_i p_i = 1, a family's total, is one)
        if rel.has(sp.Limit, sp.Integral, sp.Derivative):
            return None
    return tuple(relations)


def _is_variable(expr) -> bool:
    return isinstance(expr, (sp.Symbol, sp.Indexed))


def substitutions(conditions) -> dict:
    """Conditions that name a value (x = 0, u = e^{-x}): variable -> value, applied before deciding."""
    out = {}
    for rel in conditions:
        if isinstance(rel, sp.Eq):
            for var, value in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
                if _is_variable(var) and var not in value.free_symbols and var not in out:
                    out[var] = value
                    break
    return out



def members(values: dict, symbols) -> dict:
    """a_j = e^{z_j} / sum_k e^{z_k} names every member of the family: a_i (among ``symbols``) is the same
    value with i for j. The named values with those members added."""
    every = set(symbols).union(*(v.free_symbols for v in values.values()))
    by_name = {}  # a condition's i (read real) is the statement's index i (an integer): one symbol by name
    for t in sorted(every, key=lambda t: (bool(t.is_integer), str(t))):
        by_name[t.name] = t
    values = {by_name.get(getattr(var, "name", None), var): value.xreplace({t: by_name[t.name] for t in value.free_symbols if t.name in by_name})
              for var, value in values.items()}
    indices = {var: value for var, value in values.items() if var.is_integer and getattr(value, "is_Symbol", False)}  # i = j
    values = {var: value.xreplace(indices) for var, value in values.items()}
    out = dict(values)
    for var, value in values.items():
        base, _, index = getattr(var, "name", "").rpartition("_")
        at = {i for x in value.atoms(sp.Indexed) for i in x.indices if getattr(i, "name", None) == index} | {t for t in value.free_symbols if t.name == index}
        named_at = [t for t in value.free_symbols if t.name.endswith("_" + index)]  # x_k in p_k = e^{x_k} / ...
        if not base or len(index) != 1 or len(at) > 1 or not (at or named_at):
            continue
        for s in symbols:
            other_base, _, other = s.name.rpartition("_")
            if other_base != base or other == index or s in out or not (len(other) == 1 and other.isalpha() or other.isdigit()):
                continue
            at_other = by_name.get(other, sp.Symbol(other, integer=True)) if other.isalpha() else sp.Integer(int(other))  # a_i from a_j; w_2 from w_k
            renamed = {t: by_name.get(t.name[: -len(index)] + other, sp.Symbol(t.name[: -len(index)] + other, real=True)) for t in named_at}
            out[s] = value.xreplace({**{j: at_other for j in at}, **renamed}).xreplace(indices)
    return out


def with_members(rel, values: dict):
    """rel with w[k] of a sum written as the named value w_k = k^2 at that index (the family's member)."""
    for var, value in values.items():
        base, _, index = getattr(var, "name", "").rpartition("_")
        at = [t for t in value.free_symbols if t.name == index] + [i for x in value.atoms(sp.Indexed) for i in x.indices if getattr(i, "name", None) == index]
        if not base or len(index) != 1 or not at:
            continue
        j = at[0]
        rel = rel.replace(lambda e, b=base: isinstance(e, sp.Indexed) and e.base.label.name == b and len(e.indices) == 1,
                          lambda e, j=j, v=value: v.xreplace({j: e.indices[0]}))
    return rel


_ARROW = re.compile(r"\\(?:to|rightarrow|longrightarrow)(?![A-Za-z])")


def split_arrow(latex: str) -> tuple[str, str] | None:
    """``A \\to B`` at the top level (outside every group): (A, B), or None."""
    pieces = []
    depth, start = 0, 0
    for m in re.finditer(r"[({\[]|[)}\]]|" + _ARROW.pattern, latex):
        token = m.group(0)
        if token in "({[":
            depth += 1
        elif token in ")}]":
            depth -= 1
        elif depth == 0:
            pieces.append(latex[start : m.start()])
            start = m.end()
    pieces.append(latex[start:])
    if len(pieces) != 2 or not all(p.strip() for p in pieces):
        return None
    return pieces[0].strip(), pieces[1].strip()


def is_limit_process(latex: str) -> bool:
    """``x \\to \\infty``, ``t \\to 0^+``: a variable tending somewhere (the "as ..." of a limit)."""
    arrow = split_arrow(latex)
    return arrow is not None and re.fullmatch(r"[A-Za-z]|\\[A-Za-z]+", arrow[0]) is not None and not is_known(arrow[0])
