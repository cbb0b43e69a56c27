"""The trigonometric and hyperbolic functions as authors write them: with or without parentheses, powers, inverses."""

from __future__ import annotations

import re


from derivations.base.errors import ParseError, UnsupportedNotation
from .tokens import closing, group_argument, joined, skip_space
from .vocabulary import ELEMENTARY, GREEK, TRIG


class Trigonometric:
    """The trigonometric and hyperbolic functions as authors write them."""

    def _trig(self, tokens, i):
        r"""\sin x, \sin 2x, \sin(2x), \sin^2 x, \sin^{-1} x (= \arcsin x), \cos^{2}(x), \sin{(x)}: one of the
        trigonometric and hyperbolic functions applied, as TeX authors mean it (see TRIG)."""
        name = tokens[i].text
        function, inverse_function = TRIG[name]
        k = skip_space(tokens, i + 1)
        power = 1
        if k < len(tokens) and tokens[k].text == "_":
            raise UnsupportedNotation(f"{name} with a subscript")
        if k < len(tokens) and tokens[k].text == "^":
            k, sup = self._group(tokens, k + 1)
            written = joined(sup).replace(" ", "")
            if written == "-1":
                if inverse_function is None:
                    raise UnsupportedNotation(f"{name}^{{-1}} (its inverse has more than one convention: write it out)")
                function = inverse_function
            elif written.isdigit() and int(written) >= 1:
                power = int(written)
            else:
                raise UnsupportedNotation(f"{name}^{{{written}}} (only {name}^{{-1}}, the inverse, or a whole power such as {name}^2)")
            k = skip_space(tokens, k)
            if k < len(tokens) and tokens[k].text == "^":
                raise ParseError(f"double superscript after {name}")
        if k >= len(tokens):
            raise ParseError(f"{name} without an argument")
        if tokens[k].text in ("(", "{"):
            end, inner = group_argument(tokens, k)
        else:
            end = self._trig_argument_end(tokens, k, name)
            inner = tokens[k:end]
        if not joined(inner):
            raise ParseError(f"{name} without an argument")
        return end, function(self.expression(inner)) ** power

    def _trig_argument_end(self, tokens, k, name) -> int:
        r"""Where the argument of \sin written without parentheses ends: a product written by juxtaposition
        (2x, 2\pi f t, \omega t, x^2, x_1, \frac{x}{2}, \sqrt{x}, |x|, e^{x}, \sigma(x)), a leading minus
        allowed; it ends at + - = , ) and at another function (\sin x \cos x). Where authors differ
        (\sin x / 2, \sin x \cdot y, \sin x (1 + x), \sin x 2) the reading is refused, never guessed."""
        n = len(tokens)
        i = skip_space(tokens, k)
        if i < n and tokens[i].text == "-":
            i += 1
        atoms = 0
        while True:
            i = skip_space(tokens, i)
            if i >= n:
                break
            t = tokens[i].text
            if re.fullmatch(r"\d+(\.\d+)?", t):
                if atoms:
                    raise UnsupportedNotation(f"the argument of {name} written without parentheses is followed by the number {t}: write {name}(...) to say where it ends")
                i += 1
            elif re.fullmatch(r"[A-Za-z]", t) or (t.startswith("\\") and t[1:] in GREEK and t not in self.functions):
                i += 1
            elif t == r"\frac":
                i, _ = self._group(tokens, i + 1)
                i, _ = self._group(tokens, i)
            elif t == r"\sqrt":
                i = skip_space(tokens, i + 1)
                if i < n and tokens[i].text == "[":
                    i = closing(tokens, i) + 1
                i, _ = self._group(tokens, i)
            elif t == "|" and not atoms:  # \sin |x|; a bar after an atom closes an outer one (|\sin x|)
                close = next((j for j in range(i + 1, n) if tokens[j].text == "|"), None)
                if close is None:
                    raise ParseError(f"unbalanced '|' at column {tokens[i].col + 1}")
                i = close + 1
            elif t in self.functions:  # \sin \sigma(x): the notation's function, applied
                i = skip_space(tokens, i + 1)
                while i < n and tokens[i].text in ("_", "^", "'"):
                    i = i + 1 if tokens[i].text == "'" else self._group(tokens, i + 1)[0]
                    i = skip_space(tokens, i)
                if i < n and tokens[i].text == "(":
                    i = closing(tokens, i) + 1
            else:
                break
            atoms += 1
            while i < n and tokens[i].text in ("^", "_"):
                i, _ = self._group(tokens, i + 1)
        if not atoms:
            raise ParseError(f"{name} without an argument (write {name} x or {name}(x))")
        j = skip_space(tokens, i)
        if j < n and tokens[j].text == "(":
            raise UnsupportedNotation(f"{name} {joined(tokens[k:i])}(...): is the bracket inside the argument or a factor after it? write {name}(...)")
        if j < n and tokens[j].text in ("/", r"\cdot", r"\times"):
            after = skip_space(tokens, j + 1)
            following = tokens[after].text if after < n else ""
            if not (following in TRIG or following in ELEMENTARY or following in (r"\log", r"\ln") or following in self.functions):
                raise UnsupportedNotation(f"{name} {joined(tokens[k:i])} {tokens[j].text} ...: does the argument end before {tokens[j].text}? write {name}(...) to say")
        return i

    def _operand_end(self, tokens, k) -> int:
        r"""Where the argument of \log written without parentheses ends: a function application
        (\sigma(x), \log x, \frac{a}{b}, \sqrt{x}, |x|) or one atom with its power."""
        t = tokens[k].text
        if t == r"\frac":
            end, _ = self._group(tokens, k + 1)
            end, _ = self._group(tokens, end)
        elif t == r"\sqrt":
            end = skip_space(tokens, k + 1)
            if end < len(tokens) and tokens[end].text == "[":
                end = closing(tokens, end) + 1
            end, _ = self._group(tokens, end)
        elif t == "|":
            end = next((j + 1 for j in range(k + 1, len(tokens)) if tokens[j].text == "|"), None)
            if end is None:
                raise ParseError(f"unbalanced '|' at column {tokens[k].col + 1}")
        elif t in (r"\log", r"\ln"):
            end, _ = self._log(tokens, k)
        elif t in TRIG and self._function_name(tokens, k)[0] is None:  # \log \cosh x: the whole application
            end, _ = self._trig(tokens, k)
            return end
        elif t in (r"\sum", r"\prod"):  # \log\sum_{i=1}^{n} e^{x_i}: the whole sum
            end, _ = self._sum(tokens, k, product=t == r"\prod")
        elif t == r"\lim":
            end, _ = self._limit(tokens, k)
        elif t in (r"\max", r"\min") and not (k + 1 < len(tokens) and tokens[k + 1].text == "_"):
            end, _ = self._arguments(tokens, k + 1, t)
        elif t in ELEMENTARY or self._function_name(tokens, k)[0] is not None:
            end = skip_space(tokens, k + 1)
            while end < len(tokens) and tokens[end].text in ("_", "^", "'"):
                end = end + 1 if tokens[end].text == "'" else self._group(tokens, end + 1)[0]
                end = skip_space(tokens, end)
            if end < len(tokens) and tokens[end].text in ("(", "{"):
                end = closing(tokens, end) + 1
            elif t in ELEMENTARY and end < len(tokens):
                end = self._operand_end(tokens, end)
        else:
            end = self._juxtaposed(tokens, k)
        if end < len(tokens) and tokens[end].text == "^" and t not in (r"\log", r"\ln"):
            end, _ = self._group(tokens, end + 1)
        return end

    def _juxtaposed(self, tokens, k) -> int:
        r"""The end of a product written by juxtaposition from k: 2x, xy, 2\pi t^2 (each atom with its
        power or index), as \log 2x = \log(2x) is read; an operator, a space before an operator, a
        bracket or a function ends it."""
        end = k
        while end < len(tokens):
            t = tokens[end].text
            if not (re.fullmatch(r"\d+(\.\d+)?|[A-Za-z]", t) or (t.startswith("\\") and t[1:] in GREEK and t not in self.functions)):
                break
            if end > k and re.fullmatch(r"\d+(\.\d+)?", t):
                break  # x2 is not x times 2
            end += 1
            while end < len(tokens) and tokens[end].text in ("^", "_"):
                end, _ = self._group(tokens, end + 1)
        return max(end, k + 1)
