"""The reader's rows: a display line as formulas with their own conditions, cases environments, cue words."""

from __future__ import annotations

import sympy as sp

from ..errors import ParseError, UnsupportedNotation
from .tokens import closing, joined, split_top
from .vocabulary import CLOSE, OPEN, CONDITION_WORDS

class Rows:
    """Mixed into the parser: rows, cases and conditions."""

    def _cases(self, tokens, i):
        after, name = self._group(tokens, i + 1)
        if joined(name) != "cases":
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
            cells = split_top(row, {"&"})
            if len(cells) != 2:
                raise ParseError("each row of cases needs one & before its condition")
            rows.append((self.statement(cells[0][1]), self.condition(cells[1][1])))
        if not rows:
            raise ParseError("empty cases")
        return rows

    def line_rows(self, line) -> list[tuple[object, sp.Basic]]:
        r"""One display line as rows: a formula and its own condition (``\quad x > 0``, ``, x > 0``,
        ``\text{for } x > 0``, ``\qquad (x \in (0,1))``), or several formulas side by side (``A = B, \qquad
        C = D``): a segment is a condition only after a cue word, or when it is a plain condition on
        variables (no function in it); another relation is another row, never a condition."""
        segments, depth, start = [], 0, 0
        for k, tok in enumerate(line):
            if tok.text in OPEN or tok.text == r"\begin":
                depth += 1
            elif tok.text in CLOSE or tok.text == r"\end":
                depth -= 1
            elif depth == 0 and k > start and (tok.text in (r"\quad", ",") or tok.text == r"\text" and self._cue_text(line, k)):
                segments.append(line[start:k])
                start = k + (0 if tok.text == r"\text" else 1)
        segments.append(line[start:])
        segments = [[t for t in seg if t.text not in (r"\quad", "&")] for seg in segments]
        segments = [seg for seg in segments if joined(seg).strip(" ,")]
        if len(segments) <= 1:
            return [(self.statement([t for t in line if t.text not in (" ", "&", r"\quad")]), sp.true)]
        rows: list = []
        for segment in segments:
            stripped = [t for t in segment if t.text != " "]
            cued = bool(stripped) and stripped[0].text == r"\text"
            if stripped and stripped[0].text == "(" and closing(stripped, 0) == len(stripped) - 1:
                stripped = stripped[1:-1]
            if rows and (cued or self._plain_condition(stripped)):
                statement, condition = rows[-1]
                rows[-1] = (statement, sp.And(condition, self.condition(stripped)))
                continue
            statement = self.statement(stripped)
            if rows and not relations_of(statement):
                raise UnsupportedNotation("two formulas side by side, the second no relation")
            rows.append((statement, sp.true))
        return rows

    def _plain_condition(self, tokens) -> bool:
        r"""A relation between variables and numbers only (x > 0, 0 < x < 1, x \in (0,1)): a condition."""
        try:
            relations = relations_of(self.statement(tokens))
        except ParseError:
            return False
        return bool(relations) and all(
            not rel.has(sp.Limit, sp.Derivative, sp.Integral, sp.Sum, sp.Subs) and all(isinstance(f, sp.Abs) for f in rel.atoms(sp.Function))
            for rel in relations
        )

    def _cue_text(self, tokens, k) -> bool:
        try:
            _, words = self._group(tokens, k + 1)
        except ParseError:
            return False
        return joined(words).strip().rstrip(",").lower() in CONDITION_WORDS[:-1]

    def condition(self, tokens) -> sp.Basic:
        kept, i = [], 0
        while i < len(tokens):
            if tokens[i].text == r"\text":
                after, words = self._group(tokens, i + 1)
                said = joined(words).strip().rstrip(",").lower()
                if said in ("otherwise", "else", "sonst"):
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
        cond = self.statement(kept)
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
