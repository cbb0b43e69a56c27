"""The audit's first pass: every formula read in order, split into parts, classified, with its conditions
(no matching, no deciding yet). Definitions extend the notation for the formulas after them."""

from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from derivations.base.errors import ParseError
from . import classify, conditions, shapes
from derivations.read.extract import Article, Found
from .report import CLAIM, CONDITION, DEFINITION, EXPRESSION, UNSUPPORTED, Part


class Reader:
    """Reads an article into parts; one formula that fails is one part in error, never the end of the audit."""

    def __init__(self):
        from derivations.read.parse import Notations

        self.notations = Notations()
        self.defined: set[str] = set()
        self.seen: set[str] = set()  # variables of the formulas read so far
        self.values: list = []  # variables the article named (p_i = ...), as conditions that substitute them
        self.section = 0  # the section of the formula being read: a name the article defined may be defined anew in a later one
        self.sections: dict[str, int] = {}  # name -> the section of its definition
        self.unread: dict[str, int] = {}  # names the article gave a value we could not read -> that line
        self.last_side: str | None = None  # the last side of the previous display (a display that starts with = continues it)

    def read(self, article: Article) -> list[Part]:
        self.notations = forward_notations(article.formulas, self.notations)
        reading = conditions.read(article.stream, self._as_condition, lambda latex: classify.definition_in(latex) is not None and not classify.is_known(classify.definition_in(latex)[0]))
        formulas = article.formulas
        sections = _sections(article.stream)
        parts: list[Part] = []
        pending = []
        for index, found in enumerate(formulas):
            self.section = sections[index]
            try:
                if index in reading.conditions:
                    pending.append((len(parts), found, reading.conditions[index]))
                    parts.append(None)
                elif index in reading.members:
                    parts.append(Part(found.line, found.latex, EXPRESSION, note="the variable of a condition"))
                elif index in reading.processes:
                    parts.append(Part(found.line, found.latex, EXPRESSION, note="where a variable goes (the limit of a neighbouring formula)"))
                elif index in reading.limits:
                    limit, value = classify.split_arrow(found.latex)
                    written = rf"\lim_{{{reading.limits[index]}}} \left({limit}\right) = {value}"
                    parts += self._statements(found, written, tuple(reading.attached.get(index, ())))
                else:
                    parts += _beside(self.formula(found, tuple(reading.attached.get(index, ()))), reading.nearby.get(index, ()))
            except Exception as exc:  # noqa: BLE001 - reported on this part; the audit goes on
                parts.append(Part(found.line, found.latex, CLAIM, verdict="error", note=f"{type(exc).__name__}: {str(exc)[:200]}"))
        for k, found, condition in pending:  # a condition's note names the claims it was attached to
            governed = self._governed_lines([p for p in parts if p is not None], condition)
            after = any(p is not None and p.kind == CLAIM and any(c is condition for c in p.attached) for p in parts[k + 1 :])
            named = None if after else _as_named(parts, found, condition)  # "where $u = ...$, A": A's condition; "A, 这里 $u = ...$": u's definition
            parts[k] = named or self._condition(found, condition, governed)
        return parts

    def _governed_lines(self, parts, condition) -> list[int]:
        return sorted({p.line for p in parts if p.kind == CLAIM and any(c is condition for c in p.attached)})

    # -- conditions
    def _as_condition(self, latex: str, record: bool = True):
        from derivations.read.parse import parse

        try:
            relations = classify.condition_relations(parse(latex, self.notations))
        except ParseError:
            relations = shapes.family_relation(latex)  # p_1, \dots, p_n \geq 0: each member
            if relations is None:
                return None
        if record:
            self.seen |= {s.name for r in relations or () for s in r.free_symbols}
        return relations

    def _condition(self, found: Found, condition, governed_lines) -> Part:
        if condition.relations == () and re.search(r"\\in\s*[A-Z]\s*$", found.latex):
            where = "membership in a set the article names: no restriction on the values is read from it"
        elif condition.relations == ():
            where = "says its variables are real, as every variable is"
        elif condition.cue == "bare":
            return Part(found.line, found.latex, CONDITION, note="a case or a hypothesis named in the prose, not a claim about every value; it governs no claim (no cue word attaches it)")
        elif condition.existential:
            where = "an existential (for some value): " + ("lines " + ", ".join(str(n) for n in sorted(set(governed_lines))) + " are stated for some value, not decided" if governed_lines else "it governs no claim")
        elif condition.standing:
            where = "an assumption for the rest of the section"
        elif governed_lines:
            where = "an assumption of line" + ("s " if len(set(governed_lines)) > 1 else " ") + ", ".join(str(n) for n in sorted(set(governed_lines)))
        elif condition.is_point:
            where = "names a point; it restricts no formula"
        else:
            where = "a condition that governs no claim"
        return Part(found.line, found.latex, CONDITION, note=f"{condition.cue}: {where}")

    # -- formulas
    def formula(self, found: Found, attached: tuple) -> list[Part]:
        from derivations.read.parse import parse, parse_family

        if re.search(r"\\mapsto(?![A-Za-z])", found.latex) or re.match(r"^\s*[^:=<>]+:[^=]*\\(to|rightarrow)(?![A-Za-z])", found.latex):
            return [Part(found.line, found.latex, EXPRESSION, note="a map (names a function)")]
        named = shapes.names(self, found)
        if named is not None:
            return named
        family = parse_family(found.latex)
        if family is not None:
            name, size = family
            self.notations = self.notations.with_family(name, size)
            return [Part(found.line, found.latex, EXPRESSION, note=f"the family {name}_1, ..., {name}_n")]
        if not found.display and re.fullmatch(r"\s*(\\left)?[(\[\]].*,.*[)\][]\s*", found.latex, re.S):
            try:
                if classify.condition_relations(parse(f"x \\in {found.latex}")) is not None:
                    return [Part(found.line, found.latex, EXPRESSION, note="an interval (or a pair)")]
            except ParseError:
                pass
        out: list[Part] = []
        lines = _lines(found.latex)
        if found.display and lines and self.last_side and _CONTINUES.match(lines[0]):
            lines[0] = f"{self.last_side} {lines[0]}"  # "$$ = a_i - y_i $$": the chain of the display before it
        if found.display and lines:
            self.last_side = classify.top_level_sides(lines[-1])[-1].strip() or None
        for line in [piece for line in lines for reasoned in shapes.reasons(line) for piece in shapes.side_by_side(reasoned)]:
            definition = self._defines(line)
            if definition is not None:
                out += self._define(found, line, *definition, attached)
            elif self._names_a_value(line):
                out += self._value(found, line, attached)
            else:
                out += self._statements(found, line, attached)
        return out

    def _names_a_value(self, line: str) -> bool:
        """p_i = ..., z = x - y: a variable seen in no earlier formula, named by the first link (not in its own body)."""
        sides = classify.top_level_sides(line)
        m = re.fullmatch(r"\s*([A-Za-z]|\\[A-Za-z]+)(_\{?[A-Za-z0-9]+\}?)?\s*", sides[0])
        if len(sides) < 2 or m is None or m.group(1) in ("e", "d") or classify.is_known(m.group(1)):
            return False
        try:
            from derivations.read.parse import parse

            variable = parse(sides[0], self.notations)
        except ParseError:
            return False
        return isinstance(variable, sp.Symbol) and variable.name not in self.seen

    def _value(self, found: Found, line: str, attached: tuple) -> list[Part]:
        from derivations.read.parse import parse
        from derivations.notation.printer import latex as render
        from .conditions import Condition

        sides = classify.top_level_sides(line)
        variable = parse(sides[0], self.notations)
        try:
            value = parse(sides[1], self.notations)
        except ParseError as exc:
            self.unread[variable.name] = found.line
            return [Part(found.line, line, UNSUPPORTED, note=f"the value of {sides[0].strip()} does not parse: {exc}")]
        if variable in getattr(value, "free_symbols", ()) or not isinstance(value, sp.Expr) or not value.free_symbols:
            return self._statements(found, line, attached)  # x = 2 is a claim (or a point), not a name
        self.seen.add(variable.name)
        self.values.append(Condition(-1, f"{sides[0].strip()} = {render(value)}", found.line, (sp.Eq(variable, value, evaluate=False),), standing=True, cue="names"))
        out = [Part(found.line, render(sp.Eq(variable, value, evaluate=False)), DEFINITION, note=f"{sides[0].strip()} stands for this in the formulas after it")]
        if len(sides) > 2:  # s = sigmoid(z) = \frac{1}{1+e^{-z}}: the rest may itself define (or restate) a function
            rest = "=".join(sides[1:])
            definition = self._defines(rest)
            out += self._define(found, rest, *definition, attached) if definition is not None else self._statements(found, rest, attached)
        return out

    def _defines(self, latex):
        """(name, arguments) when the formula defines a new name; a known name is never defined."""
        d = classify.definition_in(latex)
        if d is None:
            return None
        if d[0] in self.notations.arbitrary:
            return d  # "for Swish take \phi(x) = ...": an instance of a function left arbitrary, each time a definition
        if d[0] in self.defined and (classify.is_known(d[0]) or self.sections.get(d[0]) == self.section):
            return None  # defined already (in this section): a claim about it
        return d

    def _statements(self, found: Found, line: str, attached: tuple, redefines: str | None = None) -> list[Part]:
        from derivations.read.parse import parse_rows, relations_of
        from derivations.read.rows import consequence
        from derivations.notation.printer import latex as render

        try:
            rows = parse_rows(line, self.notations)
        except ParseError as exc:
            if not found.display and re.search(r"needs arguments|without an argument", str(exc)):
                return [Part(found.line, line, EXPRESSION, note="names a function without applying it")]
            bridged = shapes.bridged(self, found, line, attached, redefines)
            return bridged if bridged is not None else [Part(found.line, line, UNSUPPORTED, note=str(exc))]
        out = []
        attached = attached + tuple(v for v in self.values if v not in attached)  # named values, for those that use them
        for statement, condition in rows:
            statement, condition = consequence(statement, condition)  # A \Rightarrow B: B, under A
            relations = relations_of(statement)
            self.seen |= {s.name for s in getattr(statement, "free_symbols", ())}
            if not relations:
                shown = render(statement) if statement != () else line
                out.append(Part(found.line, shown, EXPRESSION, note="" if statement != () else "states that its variables are real"))
                continue
            limits = {lim.args[1].name: lim.args[2] for rel in relations for lim in rel.atoms(sp.Limit)}
            self.seen |= {s.name for rel in relations for s in rel.free_symbols}
            for rel in relations:
                text = render(rel) + (rf" \quad \text{{if }} {render(condition)}" if condition != sp.true else "")
                if len(rows) == 1 and len(relations) == 1 and (condition == sp.true or r"\Rightarrow" in line or r"\implies" in line):
                    text = line.strip()  # one relation: as the article writes it
                relevant = tuple(c for c in attached if c.relevant_to(rel))
                part = Part(found.line, text, CLAIM, rel, condition, relevant, limits, redefines=redefines)
                unread = sorted(_unread_in(rel, self.unread))
                if unread:
                    part.verdict = "unknown"
                    part.note = "uses " + ", ".join(unread) + ", whose value (line " + ", ".join(sorted({str(self.unread[_base(n, self.unread)]) for n in unread})) + ") could not be read: not decided"
                elif rel.atoms(AppliedUndef):
                    part.verdict = "unknown"
                    part.note = "about " + ", ".join(sorted({f.func.__name__ for f in rel.atoms(AppliedUndef)})) + ", a function the article leaves arbitrary: not decided"
                elif any(c.existential for c in relevant):
                    part.verdict = "unknown"
                    part.note = "stated for some value of " + ", ".join(sorted({s.name for c in relevant if c.existential for s in c.symbols})) + " (an existential): not decided"
                out.append(part)
        return out

    def _define(self, found: Found, line: str, name: str, arg_names: list[str], attached: tuple) -> list[Part]:
        from derivations.read.parse import parse
        from derivations.notation.printer import latex as render
        from .matching import same_expression_form

        sides = classify.top_level_sides(line)
        if len(sides) == 2:  # f(t) = ...,\quad t \in [0, 1]: the body without its parameter's condition
            sides[1] = _without_condition(sides[1])
        variables = [sp.Symbol(a, real=True) for a in arg_names]
        if classify.is_known(name):
            try:
                body = parse(sides[1], self.notations)
            except ParseError as exc:
                return [Part(found.line, line, UNSUPPORTED, note=f"the right side does not parse: {exc}")]
            own = classify.engine_definition(name, variables)
            if own is None or not same_expression_form(own, body):
                return self._statements(found, line, attached, redefines=name)  # a claim about a known function
            self.defined.add(name)
            applied = classify.engine_application(name, variables)
            shown = render(sp.Eq(applied, body, evaluate=False)) if name.startswith("\\operatorname") or name in (r"\sigma", r"\rho") else line.strip()  # arity checked above
            out = [Part(found.line, shown, DEFINITION, note=f"agrees with the engine's {name} (it is its definition)")]
        else:
            try:
                body = parse(sides[1], self.notations)
            except ParseError as exc:
                return [Part(found.line, line, UNSUPPORTED, note=f"the definition of {name} does not parse: {exc}")]
            builder, known = classify.builder_for(variables, body)
            self.defined.add(name)
            self.sections[name] = self.section
            self.notations = self.notations.with_function(name, builder)
            written = re.sub(r"\s*(\\left)?\(.*$", "", sides[0].strip(), flags=re.S) or name  # \text{ReLU}_\alpha, as written
            note = f"{written} is the engine's {known.__name__}" if known else f"{written} is defined here"
            head = sp.Function(name.lstrip("\\"))(*variables)
            shown = render(sp.Eq(head, body, evaluate=False)).replace(render(head), sides[0].strip(), 1)
            out = [Part(found.line, shown, DEFINITION, note=note)]
        if len(sides) > 2:  # \sigma(x) = def = another form: the links after the definition are claims
            out += self._statements(found, "=".join(sides[1:]), attached)
        return out


_OWN_CONDITION = re.compile(r"^(?P<body>.*?)(?:,\s*|\s*)\\q?quad\s*(?P<condition>[A-Za-z]\s*(?:\\in|<|>|\\leq?|\\geq?)[^=]*)$", re.S)


def _without_condition(body: str) -> str:
    r"""A definition's body without the condition written after it (``\operatorname{f}(tx),\quad t \in [0, 1]``)."""
    m = _OWN_CONDITION.match(body)
    return m.group("body") if m else body


def forward_notations(formulas, notations):
    """The article's own definitions known everywhere in it, before the line that defines them too (a
    forward reference): each name the article defines exactly once, whose body reads, is notation from
    the start (twice over, so that a definition may use one defined after it)."""
    from derivations.read.parse import parse

    found: dict[str, list] = {}
    for formula in formulas:
        for line in _lines(formula.latex) if formula.display else [formula.latex]:
            d = classify.definition_in(line)
            if d is not None and not classify.is_known(d[0]):
                found.setdefault(d[0], []).append((line, d[1]))
    for _ in range(2):
        for name, definitions in found.items():
            if len(definitions) != 1:
                continue
            line, arg_names = definitions[0]
            try:
                body = parse(_without_condition(classify.top_level_sides(line)[1]), notations)
            except Exception:  # noqa: BLE001 - a body that does not read is left to the reading pass, which says so
                continue
            if not isinstance(body, sp.Expr):  # a tuple (x = (x_1, ..., x_n)) or a relation is no value to stand for
                continue
            builder, _ = classify.builder_for([sp.Symbol(a, real=True) for a in arg_names], body)
            notations = notations.with_function(name, builder)
    return notations


def _as_named(parts, found, condition) -> Part | None:
    """"这里 $\bar{x} = \frac{1}{n}\sum x_i$", "where $u = e^{-x}$": the name's definition, attached to every claim that
    uses it, before it too; None when the condition names nothing."""
    named = _named_value(condition)
    if named is None:
        return None
    for part in parts:
        if part is not None and part.kind == CLAIM and named in part.relation.free_symbols and condition not in part.attached:
            part.attached += (condition,)
    return Part(found.line, found.latex, DEFINITION, note=f"{found.latex.split('=')[0].strip()} stands for this in the formulas that use it")


NAMING_CUES = {"where", "with", "let", "take", "given", "given that", "这里", "其中", "设", "令", "단", "ただし"}  # never "if", "when": a case


def _named_value(condition):
    """The variable a condition names (x̄ of x̄ = (1/n) sum x_i: a variable, not in its value, which has
    variables of its own), None for a point (x = 0) or any other condition."""
    if condition.existential or condition.cue not in NAMING_CUES or len(condition.relations) != 1 or not isinstance(condition.relations[0], sp.Eq):
        return None
    variable, value = condition.relations[0].lhs, condition.relations[0].rhs
    if not isinstance(variable, sp.Symbol) or not isinstance(value, sp.Expr) or isinstance(value, (sp.Symbol, sp.Indexed)) or variable in value.free_symbols or not value.free_symbols:
        return None
    return variable


def _base(name: str, unread: dict) -> str:
    """The unread name a variable belongs to: itself, or the first of its family (a_i is of a_j's)."""
    if name in unread:
        return name
    return next(n for n in unread if "_" in n and n.split("_")[0] == name.split("_")[0])


def _unread_in(rel, unread: dict) -> set[str]:
    """The relation's variables that stand for a value the article gave and the audit could not read: s of
    "s = sigmoid(z)", or a_i, a_k of "a_j = ..." (one family)."""
    if not unread:
        return set()
    names = {s.name for s in rel.free_symbols} | {str(i.base) for i in rel.atoms(sp.Indexed)}
    families = {n.split("_")[0] for n in unread if "_" in n}
    return {n for n in names if n in unread or ("_" in n and n.split("_")[0] in families)}


def _beside(parts, nearby) -> list:
    """The parts with the bare conditions of their sentence that speak of them (Part.nearby)."""
    for part in parts:
        part.nearby = tuple(c for c in nearby if part.relation is not None and c.relevant_to(part.relation))
    return parts


def named_values(part: Part) -> dict:
    """The values the part's conditions and attached formulas name (u = e^{-x}, i = j): substituted before
    deciding, the very ones facts_of leaves out of the facts."""
    from .classify import substitutions

    facts = list(_relations(part.condition))
    for condition in part.attached:
        facts += [r for r in condition.relations if r not in facts]
    return substitutions(facts)


def facts_of(part: Part) -> tuple:
    """What a part may assume: its display's condition, the prose's conditions, and t > 1 for a limit variable
    t tending to infinity (the engine's reading of \\log_t as t grows)."""
    from .classify import substitutions

    facts = list(_relations(part.condition))
    for condition in part.attached:
        facts += [r for r in condition.relations if r not in facts]
    if part.relation is not None:
        facts += [sp.Gt(sp.Symbol(v, real=True), 1) for v, point in part.limits.items() if point == sp.oo]
    substituted = substitutions(facts)
    return tuple(f for f in facts if not (isinstance(f, sp.Eq) and (f.lhs in substituted or f.rhs in substituted)))


def _relations(condition) -> list:
    if condition is sp.true:
        return []
    if isinstance(condition, sp.And):
        return list(condition.args)
    return [condition]


_CONTINUES = re.compile(r"^\s*(=|<|>|\\leq?(?![A-Za-z])|\\geq?(?![A-Za-z])|\\neq(?![A-Za-z])|\\approx(?![A-Za-z]))")


def _sections(stream) -> list[int]:
    """The section (counted by headings) of each formula of the stream, in order."""
    from derivations.read.extract import Break

    out, section = [], 0
    for piece in stream:
        if isinstance(piece, Break) and piece.section:
            section += 1
        elif isinstance(piece, Found):
            out.append(section)
    return out


_PHANTOM = re.compile(r"\\[hv]?phantom\s*\{[^{}]*\}")  # \phantom{=}: alignment space, no content


def _lines(latex: str) -> list[str]:
    """A display block's lines (top-level \\\\), alignment & dropped; a cases block stays whole."""
    if r"\begin{cases}" in latex:
        return [latex]
    lines = [_PHANTOM.sub("", line).replace("&", " ").strip() for line in classify.split_outside_groups(latex, "\\\\")]
    rows, reasons = [], []
    for line in lines:  # a row's reason (\quad(\because ...)) is a formula of its own, after the chain it explains
        main, *given = shapes.reasons(line) if line else [line]
        rows.append(main)
        reasons += given
    lines = [line for line in rows if line]
    out: list[str] = []
    for line in lines:  # an align line that starts with a relation or an operator continues the one above
        if out and re.match(r"^(=|<|>|\\leq?\b|\\geq?\b|\\neq?\b|\\le\b|\\ge\b|\\lt\b|\\gt\b|\\cdot\b|\\times\b|\+|-)", line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out + reasons
