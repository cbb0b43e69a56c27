"""Conditions stated in prose: "for $x > 0$", "where $t > 1$", "if $x \\in (0,1)$", "let $n \\geq 1$".

An inline relation right after a cue word is a condition, never a claim (a condition on variables alone
also in parentheses, or in a sentence that says it is fixed or holds throughout). It governs the formulas
after it in its clause, or, when none follows, the group just before it; a point ("at $x = 0$") governs
only what follows it; one whose sentence has no formula governs the next display of the paragraph; one
introduced by "let", "assume", "suppose", "fix" stands until the end of the section or until another
condition on the same variables replaces it; "otherwise" is governed by the negation. A bare inline
relation without a cue stays a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from derivations.read.sentences import OTHERWISE, clauses, sentences

CUE = re.compile(
    r"(?:^|[^a-z])(for all|for every|for each|for any|for some|for|where|whenever|when|if and only if|if|iff|let|"
    r"assume that|assume|assuming that|assuming|suppose that|suppose|supposing|provided that|provided|given that|given|"
    r"with|such that|as long as|on|at|whereas|unless|except at|except for|except when|except where|except|"
    r"fix|take|pick|choose)(\s+(?:a|an|the|any|every|each|some|real|positive|negative|integer|integers|natural|whole|constant|number|numbers|base|"
    r"temperature|scale|value|point|parameter|variable|rate|score|scores|input|inputs|all|reals?)){0,3}\s*$"
)
CONNECTIVE = re.compile(r"^[\s,;]*(and|or|as well as|and also)?[\s,]*$")  # between formulas of one group
CONTINUE = re.compile(r"^\s*[,，、]?\s*(and|or|und|oder|et|ou|y|o|且|和|并且|而且|以及|或|及|그리고|및|또는|かつ|および|または)\s*$")  # "for $x > 0$ and $y > 0$", "其中$a$且$b$"
MEMBER = re.compile(r"^\s*(in|within|on|from|belonging to|\\in)\s*$")  # "$x$ in $(0,1)$"
FIXED = re.compile(r"\b(is|are|be|being) (fixed|given|assumed|held fixed)\b")
STANDING = {"throughout", "let", "assume", "assume that", "suppose", "suppose that", "fix", "take", "pick", "choose"}
STANDING_WORDS = re.compile(r"\b(throughout|from now on|in what follows|in the following|in this section|for the rest of)\b")
SUBSTITUTING = {"where", "with", "given", "given that", "其中", "这里", "단", "ただし"}  # "$A$ where $y = -1$": A at that value
NEGATING = {"unless", "except", "except at", "except for", "except when", "except where"}
# cue words of Chinese, Korean and Japanese prose: before the formula (当, 若, 其中, 만약, もし) or after it
# (时, 인 경우, 일 때, の場合, のとき); they attach a condition as "for"/"if" do, nothing more
CJK_BEFORE = re.compile(r"(当|若|如果|假如|假设|假定|其中|这里|对于|对任意|对所有|对|令|设|만약|만일|단|もし|ただし)[\s,，、:：]*$")
CJK_AFTER = re.compile(r"^\s*(时|的时候|时候|之时|处|인\s*경우|일\s*때|이면|면|에서|에\s*대해|의 경우|の場合|のとき|とき|なら|では|において|に対して)")
EXISTS = re.compile(r"(\bthere (exists?|is|are)( an?| some)?|\bexists?|\bfor some|存在|있는|이 존재|が存在|ある)\s*$", re.I)


@dataclass
class Condition:
    """A condition from the prose: the formula it is written in, what it says, and where."""

    index: int  # position of its formula among the article's formulas
    latex: str
    line: int
    relations: tuple
    standing: bool = False
    cue: str = ""
    existential: bool = False  # "there exists $\varepsilon \in (0,1)$ such that ...": what follows holds for some value

    @property
    def symbols(self) -> set:
        return {s for r in self.relations for s in r.free_symbols}

    @property
    def is_point(self) -> bool:
        """x = 0, x = y: a point (or a value), not a region."""
        import sympy as sp

        return bool(self.relations) and all(isinstance(r, sp.Eq) for r in self.relations)

    def relevant_to(self, rel) -> bool:
        """Does it speak of the relation's variables? A named value (u = e^{-x}) only of u."""
        import sympy as sp

        from .classify import substitutions

        named = substitutions(self.relations)
        if named and len(named) == len(self.relations):
            families = {x.base.label.name for x in rel.atoms(sp.Indexed)}  # w_k = k^2 names the w[k] of a sum too,
            families |= {s.name.rpartition("_")[0] for s in rel.free_symbols if s.name.rpartition("_")[2].isdigit()}  # and w_1, w_2
            return bool(set(named) & rel.free_symbols) or any(getattr(v, "name", "").rpartition("_")[0] in families for v in named)
        return bool(self.symbols & rel.free_symbols)


@dataclass
class Reading:
    """The article's conditions: which formulas are conditions, and which conditions govern each formula."""

    conditions: dict[int, Condition] = field(default_factory=dict)
    members: set[int] = field(default_factory=set)  # the $x$ of "$x$ in $(0,1)$": part of a condition
    limits: dict[int, str] = field(default_factory=dict)  # "$f \to L$ as $x \to a$": index of f -> "x \to a"
    processes: set[int] = field(default_factory=set)  # the "$x \to a$" themselves
    attached: dict[int, list[Condition]] = field(default_factory=dict)
    nearby: dict[int, list[Condition]] = field(default_factory=dict)  # bare conditions in a formula's sentence: never a counterexample's ground


def read(stream, as_condition: Callable[[str], tuple | None], is_definition: Callable[[str], bool]) -> Reading:
    """Find the conditions and what they govern. ``as_condition(latex)``: the relations a formula states
    when read as a condition (None if it is not one); ``is_definition(latex)``: does it define a name."""
    reading = Reading()
    standing: list[Condition] = []
    parameters: list[Condition] = []  # conditions on a definition's parameters ("where $b > 0$"): the whole article
    all_sentences = sentences(stream)
    section = None
    for number, sentence in enumerate(all_sentences):
        if sentence.section != section:
            section, standing = sentence.section, list(parameters)
        _limit_phrases(sentence, reading)
        found_here: list[Condition] = []
        for position, item in enumerate(sentence.items):
            if item[0] != "math" or item[2].display:
                continue
            _, index, formula = item
            before = sentence.text_before(position).lower()
            condition = _condition_at(sentence, position, before, found_here, reading, as_condition, is_definition)
            if condition is not None:
                reading.conditions[index] = condition
                found_here.append(condition)
        if not found_here:
            universal = set(_universal(sentence))
            here = [c for c in standing if not (c.symbols and {s.name for s in c.symbols} <= universal)]
            for _, index, _formula in (i for i in sentence.items if i[0] == "math"):
                if here:
                    reading.attached.setdefault(index, []).extend(here)
            continue
        sentence_text = " ".join(item[1] for item in sentence.items if item[0] == "text").lower()
        ordinary = [k for k, item in enumerate(sentence.items) if item[0] == "math" and item[1] not in reading.conditions and item[1] not in reading.members]
        governed_by = {c.index: _governed(sentence, c, ordinary) for c in found_here}
        said_standing = any(c.cue in STANDING for c in found_here) or STANDING_WORDS.search(sentence_text)
        if said_standing:  # "let t > 1", "assume x > 0 throughout": for the rest of the section
            for condition in found_here:
                condition.standing = True
            new_symbols = {x for c in found_here for x in c.symbols}
            standing = [s for s in standing if not (s.symbols & new_symbols)]
            if not any(governed_by.values()):
                standing += found_here
                continue
        governs: dict[int, list[Condition]] = {}
        for condition in found_here:
            if condition.cue == "bare":  # a case or hypothesis named without a cue: it restricts nothing, it is no claim
                for k in ordinary:  # but a refutation outside it is no refutation of what the sentence says
                    reading.nearby.setdefault(sentence.items[k][1], []).append(condition)
                continue
            targets = governed_by[condition.index] or ([] if condition.is_point else _next_display(all_sentences, number))
            if CJK_AFTER.match(condition.cue or "") and not condition.is_point and (before := _governed(sentence, condition, ordinary, before_only=True)):
                targets = before  # "$A$ ($x \ge 0$ 일 때)", "$A$（$x>0$时）": the formula before it (a point only says where)
            if targets and not condition.is_point and not condition.existential and all(is_definition(t[2].latex) for t in targets) \
                    and not {x.name for x in condition.symbols} & _arguments(targets):  # f(x) = x (x >= 0 일 때): a case, not a parameter
                condition.standing = True  # "$f(x) = ...b...$, where $b > 0$": b's condition for every later formula
                parameters.append(condition)
                standing.append(condition)
                continue
            for item in targets:
                governs.setdefault(item[1], []).append(condition)
        _otherwise(sentence, found_here, ordinary, governs)
        universal = _universal(sentence)  # "for all real $x$": no earlier condition on x governs what follows it
        where = {item[1]: k for k, item in enumerate(sentence.items) if item[0] == "math"}
        for k in ordinary:
            index = sentence.items[k][1]
            if standing or index in governs:
                here = [c for c in standing if not (c.symbols and {s.name for s in c.symbols} <= set(universal))]
                mine = [c for c in governs.pop(index, []) if not (c.symbols and {s.name for s in c.symbols} <= {v for v, at in universal.items() if where.get(c.index, -1) < at < k})]
                reading.attached.setdefault(index, []).extend(here + mine)
        for index, conditions_here in governs.items():  # the next display, in a later sentence
            reading.attached.setdefault(index, []).extend(conditions_here)
        if said_standing:
            standing += found_here
    return reading


AS = re.compile(r"^\s*,?\s*(as|when|for)\s*$", re.I)
UNIVERSAL = re.compile(r"(for all|for every|for each|for any|对任意|对所有|对一切|모든|すべての|任意の)(\s+real)?\s*$", re.I)


def _universal(sentence) -> dict[str, int]:
    """The variables a sentence quantifies afresh ("for all real $x$", "对任意$x$"): name -> position."""
    out = {}
    for k, item in enumerate(sentence.items):
        if item[0] == "math" and not item[2].display and re.fullmatch(r"\s*\\?[A-Za-z]+\s*", item[2].latex) and UNIVERSAL.search(sentence.text_before(k)):
            out.setdefault(item[2].latex.strip().lstrip("\\"), k)
    return out


def _limit_phrases(sentence, reading) -> None:
    """"$\\sigma(x) \\to 1$ as $x \\to \\infty$" is the limit claim \\lim_{x\\to\\infty}\\sigma(x) = 1; a lone
    "$x \\to \\infty$" only says where a variable goes."""
    from .classify import is_limit_process, split_arrow

    maths = [(k, item) for k, item in enumerate(sentence.items) if item[0] == "math" and not item[2].display]
    for (k, item), following in zip(maths, maths[1:] + [(None, None)]):
        if is_limit_process(item[2].latex):
            reading.processes.add(item[1])
        elif split_arrow(item[2].latex) is not None and following[0] is not None and is_limit_process(following[1][2].latex):
            if AS.match(sentence.text_before(following[0])):
                reading.limits[item[1]] = following[1][2].latex


_DEFINED = re.compile(r"^\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*\(([^()]*)\)\s*(?::=|=)")


def _arguments(targets) -> set[str]:
    """The argument names of the functions the targets define (x of f(x) = ...)."""
    out = set()
    for item in targets:
        m = _DEFINED.match(item[2].latex)
        if m:
            out |= {a.strip().lstrip("\\") for a in m.group(1).split(",")}
    return out


def _governed(sentence, condition, ordinary, before_only: bool = False) -> list:
    """The formulas a condition governs in its sentence: all that follow it ("for $x > 0$, $A$ and $B$"),
    or, when none follows, the group just before it ("$A$ and $B$ for $x > 0$", "$A$, with equality at $x = 0$")."""
    position = next(k for k, item in enumerate(sentence.items) if item[0] == "math" and item[1] == condition.index)
    clause = clauses(sentence)
    after = [] if before_only else [sentence.items[k] for k in ordinary if k > position and clause[k] == clause[position]]
    if after or not before_only and condition.is_point and condition.cue not in SUBSTITUTING:
        return after  # "$A$, with equality at $x = 0$" says where, it does not restrict A to x = 0 ("$A$ where $y = -1$" does)
    before = []
    k = position - 1
    while k >= 0 and sentence.items[k][0] == "text":  # the condition's own lead-in ("for", ", with equality at")
        k -= 1
    while k >= 0 and clause[k] == clause[position]:
        item = sentence.items[k]
        if item[0] == "math":
            if k in ordinary:
                before.append(item)
            k -= 1
            continue
        if not CONNECTIVE.match(sentence.text_before(k + 1)):
            break
        k -= 1
        while k >= 0 and sentence.items[k][0] == "text":
            k -= 1
    return before[::-1]


def _otherwise(sentence, found_here, ordinary, governs) -> None:
    """"If $x < 0$ then $A$, otherwise $B$": B is governed by the negation (x >= 0)."""
    from derivations.notation.printer import latex as render
    from .classify import negated

    clause = clauses(sentence)
    by_clause: dict[int, list[Condition]] = {}
    for condition in found_here:
        position = next(k for k, item in enumerate(sentence.items) if item[0] == "math" and item[1] == condition.index)
        by_clause.setdefault(clause[position], []).append(condition)
    for k, item in enumerate(sentence.items):
        if item[0] != "text" or not OTHERWISE.search(item[1]) or clause[k] in by_clause:
            continue
        previous = by_clause.get(clause[k] - 1, [])
        opposite = negated(previous[0].relations) if len(previous) == 1 else None
        if opposite is None:
            continue
        condition = Condition(previous[0].index, render(opposite[0]), previous[0].line, opposite, cue="otherwise")
        for j in ordinary:
            if clause[j] == clause[k] and not governs.get(sentence.items[j][1]):
                governs.setdefault(sentence.items[j][1], []).append(condition)


def _condition_at(sentence, position, before, found_here, reading, as_condition, is_definition) -> Condition | None:
    _, index, formula = sentence.items[position]
    cue_match = CUE.search(before)
    previous = _previous_math(sentence, position)
    after_text = sentence.text_after(position)
    existential = EXISTS.search(before) is not None
    if existential:
        cue = "exists"
    elif cue_match is None and previous is not None and found_here and found_here[-1].index == previous[1] and CONTINUE.match(before):
        cue = found_here[-1].cue  # "for $x > 0$ and $y > 0$"
    elif cue_match is not None and cue_match.group(1) == "such that" and found_here and found_here[-1].existential:
        cue = None  # "there exists $c$ such that $A$": A is what is stated (for some c), not a condition
    elif cue_match is not None:
        cue = cue_match.group(1)
    elif CJK_BEFORE.search(before) or CJK_AFTER.match(after_text):
        cue = (CJK_BEFORE.search(before) or CJK_AFTER.match(after_text)).group(1)
    else:
        cue = None
    if previous is not None and MEMBER.match(before) and previous[1] not in reading.conditions:
        relations = as_condition(f"{previous[2].latex} \\in {formula.latex}")
        outer = CUE.search(sentence.text_before(sentence.items.index(previous)).lower())
        if relations is not None and outer is not None:
            reading.members.add(previous[1])
            return Condition(index, f"{previous[2].latex} \\in {formula.latex}", formula.line, relations, cue=outer.group(1))
    if cue is None and not is_definition(formula.latex):
        after = after_text
        sentence_text = " ".join(item[1] for item in sentence.items if item[0] == "text").lower()
        if before.rstrip().endswith(("(", "（")) and after.lstrip().startswith((")", "）")):
            cue = "("  # "($x > 0$)": a parenthetical condition
        elif STANDING_WORDS.search(sentence_text) or FIXED.search(sentence_text):
            cue = "throughout"  # "Throughout, $t > 1$ is fixed."
        if cue is not None and not _plain(as_condition(formula.latex)):
            cue = None  # only a condition on variables alone is read without a cue word
    if cue is None and not is_definition(formula.latex):
        relations = as_condition(formula.latex, False)  # a look only: a formula that is no condition names nothing
        if relations is not None and relations and all(_bare(r) for r in relations):
            as_condition(formula.latex)
            # "$x<0$", "$\beta = 0$", "$\varepsilon\in(0,1)$" with no cue word (or one in any other language):
            # a case or a hypothesis, never a statement about every value of the variable
            return Condition(index, formula.latex, formula.line, relations, cue="bare")
    if cue is None or is_definition(formula.latex):
        return None
    relations = as_condition(formula.latex)
    if relations is None:
        return None
    latex = formula.latex
    if cue in NEGATING:
        from derivations.notation.printer import latex as render
        from .classify import negated

        relations = negated(relations)
        if relations is None:
            return None
        latex = render(relations[0])
    return Condition(index, latex, formula.line, relations, cue=cue, existential=existential)


def _bare(rel) -> bool:
    """A relation between one variable and a constant (x < 0, \beta = 0, 0 < \varepsilon): a case, not a claim."""
    import sympy as sp

    if not isinstance(rel, (sp.Eq, sp.Ne, sp.Lt, sp.Le, sp.Gt, sp.Ge)) or len(rel.free_symbols) != 1:
        return False
    sides = (rel.lhs, rel.rhs)
    return any(isinstance(side, (sp.Symbol, sp.Indexed)) for side in sides) and any(side.is_number or side in (sp.oo, -sp.oo) for side in sides)


def _plain(relations) -> bool:
    import sympy as sp

    return bool(relations) and all(
        not rel.has(sp.Limit, sp.Derivative, sp.Integral, sp.Sum, sp.Subs) and all(isinstance(f, sp.Abs) for f in rel.atoms(sp.Function))
        for rel in relations
    )


def _previous_math(sentence, position):
    for item in reversed(sentence.items[:position]):
        if item[0] == "math":
            return item
    return None


def _next_display(all_sentences, number) -> list:
    """The display that follows in the same paragraph (a condition whose own sentence has no formula)."""
    paragraph = all_sentences[number].paragraph
    for later in all_sentences[number + 1 :]:
        if later.paragraph != paragraph:
            return []
        for item in later.items:
            if item[0] == "math" and item[2].display:
                return [item]
    return []
