"""The reader's big operators: limits, derivatives (d/dx, partial, any order), integrals, sums and products, the max over a family."""

from __future__ import annotations

import re

import sympy as sp

from derivations.base.errors import ParseError, UnsupportedNotation
from .tokens import Tok, closing, joined, skip_space, split_top
from .vocabulary import CLOSE, OPEN
from .sums import Sums

class Constructs(Sums):
    """Mixed into the parser: each method reads one construct from tokens[i] and returns (index after it, value)."""

    def _term_end(self, tokens, start) -> int:
        """Where the operand of \\lim, d/dx or \\sum ends: the next + or - of the same level (|x - 1| is one level)."""
        depth, bar = 0, False
        i = skip_space(tokens, start)
        first = i
        while i < len(tokens):
            t = tokens[i].text
            if t == "|" and depth == 0:
                bar = not bar
            elif bar:
                pass
            elif t in OPEN or t == r"\begin":
                depth += 1
            elif t in CLOSE or t == r"\end":
                depth -= 1
                if depth < 0:
                    return i
            elif depth == 0 and t in ("+", "-") and i > first:
                prev = tokens[i - 1].text if i > 0 else ""
                if prev not in ("^", "_", "(", "{", r"\cdot", r"\times", " ") or (prev == " " and i - 1 > first):
                    return i
            i += 1
        return i

    def _group(self, tokens, i) -> tuple[int, list[Tok]]:
        """A {...} group or a single token at i: (index after it, its tokens)."""
        i = skip_space(tokens, i)
        if i >= len(tokens):
            raise ParseError("a group is missing at the end")
        if tokens[i].text == "{":
            j = closing(tokens, i)
            return j + 1, tokens[i + 1 : j]
        return i + 1, [tokens[i]]

    def _limit(self, tokens, i):
        k = skip_space(tokens, i + 1)
        if k >= len(tokens) or tokens[k].text != "_":
            raise ParseError(r"\lim needs a subscript like \lim_{t\to\infty}")
        after, sub = self._group(tokens, k + 1)
        parts = split_top(sub, {r"\to", r"\rightarrow"})
        if len(parts) != 2:
            raise ParseError(r"the subscript of \lim must read v \to a")
        variable = self.expression(parts[0][1])
        if not isinstance(variable, sp.Symbol):
            raise ParseError(r"\lim: the limit variable must be a symbol")
        target_tokens = [t for t in parts[1][1] if t.text != " "]
        direction = "+-"
        if len(target_tokens) >= 2 and target_tokens[-2].text == "^" or (len(target_tokens) >= 4 and target_tokens[-4].text == "^"):
            sign = [t.text for t in target_tokens if t.text in ("+", "-")][-1:]
            hat = max(idx for idx, t in enumerate(target_tokens) if t.text == "^")
            direction = sign[0] if sign else "+-"
            target_tokens = target_tokens[:hat]
        point = self.expression(target_tokens)
        end = self._term_end(tokens, after)
        body = self.expression(tokens[after:end])
        if point in (sp.oo, -sp.oo):
            return end, sp.Limit(body, variable, point)
        return end, sp.Limit(body, variable, point, direction)

    def _family_max(self, tokens, i):
        r"""\max_{1 \leq k \leq n} x_k: the largest member of a declared family."""
        from derivations.notation import family_max

        after, sub = self._group(tokens, i + 2)
        bounds = self.statement(sub)
        if isinstance(bounds, sp.Symbol):  # \max_i x_i over a family x_1, ..., x_n declared by the article
            start = skip_space(tokens, after)
            end, _ = self._group(tokens, start)
            if end < len(tokens) and tokens[end].text == "_":
                end, _ = self._group(tokens, end + 1)
            member = self.expression(tokens[start:end])
            if isinstance(member, sp.Indexed) and str(member.base.label) in self.notations.sizes and member.indices == (bounds,):
                return end, family_max(member.base, self.notations.sizes[str(member.base.label)])
            if not self.notations.families:  # \max_j x_j in a formula of its own: over a family of symbolic length
                saved = dict(self.bound)
                self.bound[bounds.name] = sp.Symbol(bounds.name, integer=True)
                try:
                    member = self.expression(tokens[start:end])
                finally:
                    self.bound = saved
                if isinstance(member, sp.Indexed) and member.indices[0].name == bounds.name:
                    return end, family_max(member.base, self._family_size(member, member.indices[0]))
            raise UnsupportedNotation(r"\max_i x_i needs a family x_1, \dots, x_n declared before it")
        if not (isinstance(bounds, tuple) and len(bounds) == 2 and all(isinstance(b, sp.LessThan) for b in bounds)):
            raise UnsupportedNotation(r"\max over an index must read \max_{1 \leq k \leq n} x_k")
        (low, index), (_, upper) = (bounds[0].lhs, bounds[0].rhs), (bounds[1].lhs, bounds[1].rhs)
        start = skip_space(tokens, after)
        end, _ = self._group(tokens, start)
        if end < len(tokens) and tokens[end].text == "_":
            end, _ = self._group(tokens, end + 1)
        member = self.expression(tokens[start:end])
        if low != 1 or not isinstance(member, sp.Indexed) or member.indices != (self.symbol(index.name),) and member.indices != (index,):
            raise UnsupportedNotation(r"\max over an index must read \max_{1 \leq k \leq n} x_k")
        return end, family_max(member.base, upper)

    _NUMERATOR = re.compile(r"^(d|\\partial)\s*(?:\^\s*\{?\s*(\d+)\s*\}?)?\s*(.*)$", re.S)
    _DENOMINATOR = re.compile(r"(d|\\partial)\s*([A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)\s*(?:\^\s*\{?\s*(\d+)\s*\}?)?\s*")

    def _derivative_parts(self, tokens, i):
        r"""d/dx, d^2/dx^2, \partial^2/\partial x\,\partial y, d f/dx: (after, variables with orders, body tokens) or None."""
        try:
            after_num, num = self._group(tokens, i + 1)
            after, den = self._group(tokens, after_num)
        except ParseError:
            return None
        m = self._NUMERATOR.match(joined(num))
        if not m or (m.group(1) == "d" and joined(num)[1:2].isalpha()):
            return None
        order = int(m.group(2) or 1)
        den_text = joined(den)
        variables, position = [], 0
        for piece in self._DENOMINATOR.finditer(den_text):
            if piece.start() != position or piece.group(1) != m.group(1):
                return None
            variables.append((piece.group(2).replace("{", "").replace("}", ""), int(piece.group(3) or 1)))
            position = piece.end()
        if not variables or position != len(den_text) or sum(n for _, n in variables) != order:
            return None
        body = None
        if m.group(3).strip():  # d f / dx: the body in the numerator
            k = skip_space(num, 1)
            if k < len(num) and num[k].text == "^":
                k, _ = self._group(num, k + 1)
            body = num[k:]
        return after, variables, body

    def _is_derivative(self, tokens, i) -> bool:
        return self._derivative_parts(tokens, i) is not None

    def _derivative(self, tokens, i):
        after, variables, body_tokens = self._derivative_parts(tokens, i)
        if body_tokens is None:
            end = self._term_end(tokens, after)
            if not joined(tokens[after:end]).strip():
                raise ParseError("a derivative without what it differentiates")
            body = self.expression(tokens[after:end])
        else:
            end, body = after, self.expression(body_tokens)
        spec = [(self.member(name), n) for name, n in variables]
        return end, sp.Derivative(body, *spec)

    def _integral(self, tokens, i):
        k = skip_space(tokens, i + 1)
        bounds = {}
        while k < len(tokens) and tokens[k].text in ("_", "^") and tokens[k].text not in bounds:
            which = tokens[k].text
            k, bound = self._group(tokens, k + 1)
            bounds[which] = self.expression(bound)
            k = skip_space(tokens, k)
        if len(bounds) == 1:
            raise ParseError("\\int with one bound: write both, \\int_{a}^{b}")
        depth, spots = 0, []
        for j in range(k, len(tokens) - 1):
            t = tokens[j].text
            if t in OPEN:
                depth += 1
            elif t in CLOSE:
                depth -= 1
            elif depth == 0 and t == "d":
                nxt = skip_space(tokens, j + 1)
                if nxt < len(tokens) and re.fullmatch(r"[A-Za-z]", tokens[nxt].text):
                    spots.append((j, nxt))
        if not spots:
            return self._integral_over_fraction(tokens, k, bounds)
        if len(spots) > 1 and all(joined(tokens[a:b]) == "" for (_, a), (b, _) in zip(spots, spots[1:]) for a in [a + 1]):
            raise UnsupportedNotation("a multiple integral (dx dy): one \\int with one differential only")
        j, v = spots[-1]
        body = self.expression(tokens[k:j])
        variable = self.symbol(tokens[v].text)
        if bounds:
            low, high = bounds["_"], bounds["^"]
            if variable in low.free_symbols | high.free_symbols:
                raise UnsupportedNotation(f"the integration variable {variable} in a bound of the integral")
            return v + 1, sp.Integral(body, (variable, low, high))
        return v + 1, sp.Integral(body, variable)

    def _integral_over_fraction(self, tokens, k, bounds):
        r"""\int \frac{dx}{1+x^2}, \int \frac{x\,dx}{1+x^2}: the differential written last in the numerator of the
        integrand's fraction (a numerator of only dx is 1); the integral ends with that fraction."""
        depth = 0
        for f in range(k, len(tokens)):
            t = tokens[f].text
            if t in OPEN:
                depth += 1
            elif t in CLOSE:
                depth -= 1
            if depth != 0 or t != r"\frac" or f + 1 >= len(tokens) or tokens[f + 1].text != "{":
                continue
            top_end = closing(tokens, f + 1)
            spots = [j for j in range(f + 2, top_end) if tokens[j].text != " "]
            if len(spots) < 2 or tokens[spots[-2]].text != "d" or not re.fullmatch(r"[A-Za-z]", tokens[spots[-1]].text):
                continue
            end, _ = self._group(tokens, top_end + 1)
            rest = tokens[f + 2 : spots[-2]] if len(spots) > 2 else [Tok("1", tokens[spots[-2]].col)]
            body = self.expression(tokens[k : f + 2] + rest + tokens[top_end:end])
            variable = self.symbol(tokens[spots[-1]].text)
            if bounds:
                low, high = bounds["_"], bounds["^"]
                if variable in low.free_symbols | high.free_symbols:
                    raise UnsupportedNotation(f"the integration variable {variable} in a bound of the integral")
                return end, sp.Integral(body, (variable, low, high))
            return end, sp.Integral(body, variable)
        raise ParseError("\\int without its differential (dx)")

def indexed_alike(value):
    r"""x_i outside a sum that reads x_j as the j-th of a family is that family's i-th too (the softmax
    e^{x_i} / \sum_j e^{x_j}); a free index is an integer. A chain (tuple) is done link by link."""
    if isinstance(value, tuple):
        return tuple(indexed_alike(v) for v in value)
    if not isinstance(value, sp.Basic):
        return value
    bases = {str(ix.base.label): ix.base for ix in value.atoms(sp.Indexed)}
    if not bases:
        return value
    mapping = {}
    for s in value.free_symbols:
        if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy):
            base, _, index = s.name.partition("_")
            if base in bases and re.fullmatch(r"[A-Za-z]|\d+", index or "-"):
                position = sp.Integer(index) if index.isdigit() else sp.Symbol(index, integer=True)
                mapping[s] = bases[base][position]
    indices = {i for ix in value.atoms(sp.Indexed) for i in ix.indices if isinstance(i, sp.Symbol) and not i.is_integer}
    indices |= {i for target in mapping.values() for i in target.indices if isinstance(i, sp.Symbol)}
    free = {s for s in value.free_symbols if isinstance(s, sp.Symbol)}
    mapping.update({s: sp.Symbol(s.name, integer=True) for s in free if s.name in {i.name for i in indices} and not s.is_integer})
    if mapping and isinstance(value, sp.Rel):  # x_1 + \dots + x_n = x_1 + \sum_{k=2}^n x_k: never evaluated to True
        return type(value)(value.lhs.xreplace(mapping), value.rhs.xreplace(mapping), evaluate=False)
    return value.xreplace(mapping) if mapping else value
