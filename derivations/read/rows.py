"""The reader's rows: a display line as formulas with their own conditions, cases environments, cue words."""

from __future__ import annotations

import sympy as sp

from derivations.base.errors import ParseError, UnsupportedNotation
from .tokens import IntervalTok, Tok, closing, joined, split_top
from .vocabulary import CLOSE, CONDITION_WORDS, ENVIRONMENTS, JOIN_WORDS, OPEN, OTHERWISE_WORDS, QUANTIFIERS, REAL_SETS, RELATIONS


class Rows:
    """Mixed into the parser: rows, cases, conditions and memberships."""

    def membership(self, left, right) -> tuple:
        r"""x \in (0,1), x, y \in [0, \infty), x \in \mathbb{R}: the relations it states, as a chain."""
        members = [self.expression(part) for _, part in split_top(left, {","})]
        if len(members) > 1 and not all(isinstance(m, (sp.Symbol, sp.Indexed)) for m in members):
            raise UnsupportedNotation(r"a formula and a membership side by side (f(t) = ..., \quad t \in [0, 1]): read as a row and its condition")
        right = [t for t in right if t.text != " "]
        if len(right) == 1 and isinstance(right[0], IntervalTok):
            interval = right[0]
            low, high = self.expression(interval.low), self.expression(interval.high)
            out = []
            for member in members:
                if low != -sp.oo:
                    out.append((sp.Lt if interval.left_open else sp.Le)(low, member, evaluate=False))
                if high != sp.oo:
                    out.append((sp.Lt if interval.right_open else sp.Le)(member, high, evaluate=False))
            return out[0] if len(out) == 1 else tuple(out)
        text = joined(right).replace(" ", "")
        if len(text) == 1 and text.isupper() and all(isinstance(m, (sp.Symbol, sp.Indexed)) for m in members):
            return ()  # a, b \in R: a set the article names (its R, the reals); no bound is read from it
        bounds = REAL_SETS
        if text not in bounds:
            raise UnsupportedNotation(f"membership in {text} (only intervals such as (0,1), [0,\\infty) and \\mathbb{{R}}, \\mathbb{{R}}_{{>0}})")
        if bounds[text] is None:
            return ()
        relation, value = bounds[text]
        out = tuple(relation(member, value, evaluate=False) for member in members)
        return out[0] if len(out) == 1 else out

    def _cases(self, tokens, i):
        after, name = self._group(tokens, i + 1)
        if joined(name) not in ENVIRONMENTS:
            raise UnsupportedNotation(f"the {joined(name)} environment (only cases)")
        depth, j = 0, i
        while j < len(tokens):
            if tokens[j].text == r"\begin":
                depth += 1
            elif tokens[j].text == r"\end":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(tokens):
            raise ParseError(r"\begin{cases} is never closed")
        rows = self.cases_rows(tokens[after:j])
        pieces = []
        for value, condition in rows:
            if isinstance(value, (sp.Rel, tuple)):
                raise UnsupportedNotation("a relation inside cases used as an expression")
            pieces.append((value, condition))
        end, _ = self._group(tokens, j + 1)
        return end, sp.Piecewise(*pieces)

    def cases_rows(self, body) -> list[tuple[sp.Basic, sp.Basic]]:
        rows = []
        for _, row in split_top(body, {r"\\"}):
            if not joined(row):
                continue
            cells = split_top([t for t in row if t.text != r"\quad"], {"&"})
            if len(cells) != 2:
                raise ParseError("each row of cases needs one & before its condition")
            rows.append((self.statement(cells[0][1]), self.condition(cells[1][1])))
        if not rows:
            raise ParseError("empty cases")
        return rows

    def line_rows(self, line) -> list[tuple[object, sp.Basic]]:
        r"""One display line as rows: a formula and its own condition (``\quad x > 0``, ``, x > 0``,
        ``\text{for } x > 0``, ``\qquad (x \in (0,1))``, ``\forall x > 0``), or several formulas side by side
        (``A = B, \qquad C = D``, ``A = B \quad\text{and}\quad C = D``): a segment is a condition only after a
        cue word, or when it is a plain condition on variables (no function in it); another relation, or
        anything after "and", is another row, never a condition. A prefix ``\forall x \in (0,1),`` is the
        condition of every row after it; ``\exists`` is refused, never read as a statement about every value."""
        line = _trim([t for t in line if t.text != "&" or _depth_before(line, t)])
        quantified = self._quantified(line)
        if quantified is not None:
            condition, body = quantified
            return [(statement, sp.And(condition, own)) for statement, own in self.line_rows(body)]
        segments, depth, start, kind = [], 0, 0, "first"
        for k, tok in enumerate(line):
            if tok.text in OPEN or tok.text == r"\begin":
                depth += 1
            elif tok.text in CLOSE or tok.text == r"\end":
                depth -= 1
            elif depth == 0 and k >= start and tok.text == r"\text" and self._said(line, k) in JOIN_WORDS:
                segments.append((kind, line[start:k]))
                start, kind = self._group(line, k + 1)[0], "join"
            elif depth == 0 and k > start and (tok.text in (r"\quad", ",") or tok.text == r"\forall" or tok.text == r"\text" and self._said(line, k) in CONDITION_WORDS[:-1]):
                segments.append((kind, line[start:k]))
                start, kind = k + (0 if tok.text in (r"\text", r"\forall") else 1), ("join" if kind == "join" and not joined(line[start:k]).strip() else "next")
        segments.append((kind, line[start:]))
        segments = [(kind, _trim([t for t in seg if t.text != r"\quad"])) for kind, seg in segments]
        segments = [(kind, seg) for kind, seg in segments if joined(seg).strip(" ,")]
        for k in range(len(segments) - 2, -1, -1):  # \quad\text{where}\quad x \geq 0: the cue word goes with what follows
            kind, seg = segments[k]
            if seg[0].text == r"\text" and self._group(seg, 1)[0] >= len(seg):
                segments[k : k + 2] = [(kind, seg + [Tok(" ", seg[-1].col)] + segments[k + 1][1])]
            elif k > 0 and self._is_variable(_uncued(self, seg)) and any(t.text == r"\in" or t.text in RELATIONS for t in segments[k + 1][1]):
                segments[k : k + 2] = [(kind, seg + [Tok(",", seg[-1].col)] + segments[k + 1][1])]  # x, y \in (0,1)
        if len(segments) == 1 and segments[0][0] != "join":
            return [(self.statement(segments[0][1]), sp.true)]
        rows: list = []
        for kind, segment in segments:
            cued = segment[0].text in (r"\text", r"\forall")
            if segment[0].text == "(" and closing(segment, 0) == len(segment) - 1:
                segment = _trim(segment[1:-1])
            if rows and kind != "join" and (cued or self._plain_condition(segment, rows[-1][0])):
                statement, condition = rows[-1]
                rows[-1] = (statement, sp.And(condition, self.condition(segment)))
                continue
            statement = self.statement(segment)
            if (rows or kind == "join") and not relations_of(statement):
                raise UnsupportedNotation("two formulas side by side, the second no relation")
            if rows and not relations_of(rows[-1][0]):  # \sigma(x) \; \sigma(y) = 1: never a claim about half of it
                raise UnsupportedNotation("two formulas side by side, the first no relation")
            rows.append((statement, sp.true))
        return rows

    def _quantified(self, line):
        r"""``\forall x \in (0,1),\ body`` or ``\forall x > 0: body``: (the prefix's condition, the body's tokens),
        None without a quantifier. The prefix is a list of variables, then at most one condition on them."""
        if any(t.text in QUANTIFIERS and QUANTIFIERS[t.text] == "existential" for t in line):
            raise UnsupportedNotation(r"an existential statement (\exists ...): only statements about every value are decided")
        if not line or line[0].text not in QUANTIFIERS:
            return None
        parts = split_top(line[1:], {",", ":", r"\colon", r"\quad"})
        prefix: list = []
        for k, (sep, part) in enumerate(parts[:-1]):
            piece = _trim(part)
            if not piece:
                continue
            relation = len(split_top(piece, set(RELATIONS) | {r"\in"})) > 1
            if not relation and not self._is_variable(piece):
                break
            prefix += ([Tok(",", piece[0].col)] if prefix else []) + piece
            if relation:
                k += 1
                break
        else:
            k = len(parts) - 1
        body = [t for _, part in parts[k:] for t in [*([Tok(_, 0)] if _ and part is not parts[k][1] else []), *part]]
        if not prefix or not joined(body).strip():
            raise UnsupportedNotation(r"\forall must read \forall x \in (a, b), statement or \forall x > 0, statement")
        stated = self.statement(prefix) if len(split_top(prefix, set(RELATIONS) | {r"\in"})) > 1 else ()
        relations = relations_of(stated) if stated != () else []
        return (sp.And(*relations) if relations else sp.true), _trim(body)

    def _is_variable(self, tokens) -> bool:
        try:
            return isinstance(self.expression(tokens), sp.Symbol)
        except ParseError:
            return False

    def _said(self, tokens, k) -> str:
        """The words of the \\text{...} group at k, lower case, without a trailing comma ('' if none)."""
        try:
            _, words = self._group(tokens, k + 1)
        except ParseError:
            return ""
        return joined(words).strip().strip(",").strip().lower()

    def _plain_condition(self, tokens, previous=None) -> bool:
        r"""A relation between variables and numbers only (x > 0, 0 < x < 1, x \in (0,1), x = 0, x \in \mathbb{R}): a
        condition; an equation between variables (c = d) is a claim."""
        try:
            statement = self.statement(tokens)
        except UnsupportedNotation:  # x, y > 0: a list of variables and their bound, read as a condition
            if len(split_top(tokens, {","})) < 2:
                return False
            try:
                condition = self.condition(tokens)
            except (ParseError, UnsupportedNotation):
                return False
            statement = tuple(condition.args) if isinstance(condition, sp.And) else (condition,)
            if not statement or condition == sp.true:
                return False
        except ParseError:
            return False
        if statement == ():
            return True  # x \in \mathbb{R}
        relations = relations_of(statement)
        return bool(relations) and all(
            not rel.has(sp.Limit, sp.Derivative, sp.Integral, sp.Sum, sp.Product, sp.Subs)
            and all(isinstance(f, sp.Abs) for f in rel.atoms(sp.Function))
            and not (isinstance(rel, sp.Eq) and rel.lhs.free_symbols and rel.rhs.free_symbols and not _about(rel, previous))  # a = b, c = d: two claims
            for rel in relations
        )

    def condition(self, tokens) -> sp.Basic:
        tokens = _trim([t for t in tokens if t.text != r"\quad"])
        if tokens and tokens[0].text == r"\forall":  # f(x) > 0 \quad \forall x > 0
            tokens = _trim(tokens[1:])
            if self._is_variable(tokens):
                return sp.true
        kept, i = [], 0
        while i < len(tokens):
            if tokens[i].text == r"\text":
                after, words = self._group(tokens, i + 1)
                said = joined(words).strip().rstrip(",").lower()
                if said in OTHERWISE_WORDS:
                    return sp.true
                if said not in CONDITION_WORDS:
                    raise UnsupportedNotation(f"condition text {said!r}")
                i = after
                continue
            kept.append(tokens[i])
            i += 1
        while kept and kept[-1].text in (",", ".", " "):
            kept.pop()
        if not joined(kept):
            raise ParseError("a case without a condition")
        if all(self._is_variable(part) for _, part in split_top(kept, {","})):
            return sp.true  # \text{for all } x: every value, no condition
        parts = split_top(kept, {","})
        if len(parts) > 1 and all(self._is_variable(part) for _, part in parts[:-1]) and r"\in" not in {t.text for t in kept}:
            last = parts[-1][1]  # x, y > 0: each variable is positive
            first = next((k for k, t in enumerate(last) if t.text in RELATIONS), None)
            if first is not None and self._is_variable(last[:first]):
                tail = last[first:]
                return sp.And(*[self.condition(_trim(part) + tail) for _, part in parts[:-1]], self.condition(last))
        cond = self.statement(kept)
        if cond == ():
            return sp.true  # x \in \mathbb{R}: every real
        if isinstance(cond, tuple):
            return sp.And(*cond)
        if not isinstance(cond, sp.Rel):
            raise ParseError("a case's condition must be a relation")
        return cond


def relations_of(parsed) -> list[sp.Basic]:
    """The relations a parsed statement states: one, a chain's, or none (an expression)."""
    if isinstance(parsed, tuple):
        return list(parsed)
    if isinstance(parsed, sp.Rel):
        return [parsed]
    return []


def consequence(statement, condition=sp.true):
    """A \\Rightarrow B (B a relation or a chain): (B, condition and A); any other statement as it is."""
    if isinstance(statement, sp.Implies):
        return statement.args[1], sp.And(condition, statement.args[0])
    if isinstance(statement, tuple) and statement and all(isinstance(s, sp.Implies) for s in statement):
        return tuple(s.args[1] for s in statement), sp.And(condition, statement[0].args[0])
    return statement, condition


def _about(rel, previous) -> bool:
    """Every variable of rel is one the formula before it uses, or one of its indices (i = j after a_j, z_i)."""
    if previous is None or not isinstance(previous, sp.Basic):
        return False
    names = set()
    for s in previous.free_symbols:
        names.add(s.name)
        names |= set(s.name.split("_")[1:])
    names |= {str(i) for ix in previous.atoms(sp.Indexed) for i in ix.indices}
    return all(s.name in names for s in rel.free_symbols)


def _uncued(parser, segment) -> list:
    """The segment without the cue word it starts with (\\text{for } x -> x)."""
    if segment and segment[0].text == r"\text":
        return _trim(segment[parser._group(segment, 1)[0] :])
    return segment


def _trim(tokens) -> list:
    """Without the spaces and gaps at either end."""
    start, end = 0, len(tokens)
    while start < end and tokens[start].text in (" ", r"\quad"):
        start += 1
    while end > start and tokens[end - 1].text in (" ", r"\quad"):
        end -= 1
    return tokens[start:end]


def _depth_before(tokens, tok) -> int:
    """How many groups are open at tok (an & inside cases is kept; one at the top level is alignment)."""
    depth = 0
    for t in tokens:
        if t is tok:
            return depth
        if t.text in OPEN or t.text == r"\begin":
            depth += 1
        elif t.text in CLOSE or t.text == r"\end":
            depth -= 1
    return depth
