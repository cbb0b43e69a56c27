"""The reader's applications: a known function with its arguments, index, power, inverse and primes; the natural log; x^+ and x^-."""

from __future__ import annotations

import re

import sympy as sp

from derivations.base.errors import ParseError, UnsupportedNotation
from derivations.notation import logb
from .tokens import closing, group_argument, joined, next_is, skip_space, split_top
from .vocabulary import ARTICLE, FUNCTION_LETTERS, INVERSES, OPEN, PRIMED_BUILTINS, TROPICAL_POWER
from .trig import Trigonometric


class Functions(Trigonometric):
    """Mixed into the parser: function applications and where an operand written without parentheses ends."""

    def _sign_exponent(self, tokens, i):
        """x^+ and x^- (also x^{+}): (index after it, the sign), else None."""
        j = skip_space(tokens, i + 1)
        if j < len(tokens) and tokens[j].text in ("+", "-"):
            following = j + 1  # x^+ x^-: a space after the sign ends the exponent
            if following >= len(tokens) or tokens[following].text == " " or tokens[following].text not in OPEN and not re.fullmatch(r"[A-Za-z0-9]|\\.*", tokens[following].text):
                return j + 1, tokens[j].text
            return None
        if j < len(tokens) and tokens[j].text == "{":
            end = closing(tokens, j)
            inner = [t.text for t in tokens[j + 1 : end] if t.text != " "]
            if inner in (["+"], ["-"]):
                return end + 1, inner[0]
        return None


    def _tropical_power(self, tokens, i):
        r"""x^{\odot n}: (index after it, the tokens of n), else None."""
        j = skip_space(tokens, i + 1)
        if j >= len(tokens) or tokens[j].text != "{":
            return None
        end = closing(tokens, j)
        inner = [t for t in tokens[j + 1 : end] if t.text != " "]
        if len(inner) < 2 or inner[0].text != TROPICAL_POWER:
            return None
        return end + 1, inner[1:]

    def _arguments(self, tokens, i, what):
        i = skip_space(tokens, i)
        if i >= len(tokens) or tokens[i].text not in ("(", r"\{", "{"):
            raise ParseError(f"{what} needs arguments in parentheses")
        j = closing(tokens, i)
        inner = tokens[i + 1 : j]
        if tokens[i].text == "{":  # SymPy prints \sigma{\left(x \right)}: a group around the parentheses
            stripped = [t for t in inner if t.text != " "]
            if not stripped or stripped[0].text != "(" or closing(stripped, 0) != len(stripped) - 1:
                raise ParseError(f"{what} needs arguments in parentheses")
            inner = stripped[1:-1]
        args = [self.expression(part) for _, part in split_top(inner, {","})]
        return j + 1, args

    def _function_name(self, tokens, i):
        """A known function at i (\\sigma, \\operatorname{softplus}, f_{n}): (name, index after it)."""
        t = tokens[i].text
        k = skip_space(tokens, i + 1)
        if t.startswith("\\") and k < len(tokens) and tokens[k].text == "_":  # \operatorname{ReLU}_0, \operatorname{ReLU}_\alpha
            after, sub = self._group(tokens, k + 1)
            member = f"{t}_{{{joined(sub)}}}"
            if member in self.functions:
                return member, after
            if t + "_" in self.functions:
                return t + "_", k  # a family: its index is read as the first argument
        if t in self.functions:
            return t, i + 1
        if t in PRIMED_BUILTINS and skip_space(tokens, i + 1) < len(tokens) and tokens[skip_space(tokens, i + 1)].text == "'":
            return t, i + 1  # \tanh'(x): the backend reads \tanh, not its derivative
        if re.fullmatch(r"[A-Za-z]", t) and t in self.functions:
            return t, i + 1
        return None, i

    def _unknown_application(self, tokens, i) -> None:
        r"""An unknown name applied to an argument (g(-x), \zeta(-x), f_n(x), \operatorname{GELU}(x)) is an
        application of a function the formula does not define: said, never read as a product."""
        t = tokens[i].text
        if t.startswith(r"\operatorname{"):
            raise UnsupportedNotation(f"unknown function {t[14:-1]}: define it or use the vocabulary")
        if t not in FUNCTION_LETTERS:
            return
        k = skip_space(tokens, i + 1)
        while k < len(tokens) and tokens[k].text in ("_", "^", "'"):
            k = k + 1 if tokens[k].text == "'" else self._group(tokens, k + 1)[0]
            k = skip_space(tokens, k)
        if k < len(tokens) and tokens[k].text == "(":
            raise UnsupportedNotation(f"unknown function {t}: define it or use the vocabulary")

    def _arbitrary(self, tokens, i):
        r"""\phi(x) of a function the article leaves arbitrary ("let \phi be any odd function"): an undefined
        function applied, (index after it, value), else None. Nothing about it is ever decided."""
        t = tokens[i].text
        k = skip_space(tokens, i + 1)
        if t not in self.notations.arbitrary or k >= len(tokens) or tokens[k].text != "(":
            return None
        end, args = self._arguments(tokens, k, t)
        return end, sp.Function(t.lstrip("\\"), real=True)(*args)

    def _application(self, tokens, i, name, j):
        build = self.functions.get(name) or PRIMED_BUILTINS[name]
        index = None
        k = skip_space(tokens, j)
        if k < len(tokens) and tokens[k].text == "_" and name not in ARTICLE:
            k, sub = self._group(tokens, k + 1)
            index = self.expression(sub)
        inverse, power = False, 1
        k = skip_space(tokens, k)
        if k < len(tokens) and tokens[k].text == "^":
            k, sup = self._group(tokens, k + 1)
            written = joined(sup).replace(" ", "")
            if written == "-1":
                inverse = True
            elif written.isdigit() and int(written) >= 1:
                power = int(written)
            else:
                raise UnsupportedNotation(f"{name}^{{{written}}} (only {name}^{{-1}}, the inverse, or a whole power such as {name}^2)")
        primes = 0
        k = skip_space(tokens, k)
        while k < len(tokens) and tokens[k].text == "'":
            primes += 1
            k += 1
        end, args = self._arguments(tokens, k, name)
        full = ([index] if index is not None else []) + args
        if primes > 2:
            raise UnsupportedNotation(f"{name} with {primes} primes (at most 2)")
        if inverse:
            if primes or index is not None or len(args) != 1 or build not in INVERSES:
                raise UnsupportedNotation(f"the inverse {name}^{{-1}} (known only for the sigmoid and softplus, of one argument)")
            return end, INVERSES[build](args[0])
        if primes == 0:
            return end, build(*full) ** power
        point = args[-1]
        dummy = point if isinstance(point, sp.Symbol) else sp.Symbol("x", real=True)
        derivative = sp.Derivative(build(*(full[:-1] + [dummy])), (dummy, primes))
        return end, (derivative if dummy is point else derivative.subs(dummy, point)) ** power

    def _log(self, tokens, i):
        r"""\log x and \log_e x are natural (this project's convention); \log_b x is base b; \log^2 x is (\log x)^2."""
        k = skip_space(tokens, i + 1)
        base, power = sp.E, None
        while k < len(tokens) and tokens[k].text in ("_", "^"):
            which = tokens[k].text
            k, written = self._group(tokens, k + 1)
            if which == "_":
                base = self.expression(written)
            else:
                power = self.expression(written)
                if power.is_negative:
                    raise UnsupportedNotation(r"\log^{-1} (the inverse or the reciprocal? write e^{x} or \frac{1}{\log x})")
            k = skip_space(tokens, k)
        if k >= len(tokens):
            raise ParseError(r"\log without an argument")
        if tokens[k].text in ("(", "{"):
            end, inner = group_argument(tokens, k)
            argument = self.expression(inner)
        else:  # \log x, \log_t 1, \log 2: one atom, with a power if it has one; \log\sigma(x), \log\frac{a}{b}, \log|x|
            end = self._operand_end(tokens, k)
            argument = self.expression(tokens[k:end])
        value = sp.log(argument) if base == sp.E else logb(argument, base)
        return end, (value if power is None else value**power)

    def _odd_root(self, tokens, i):
        r"""\sqrt[n]{x} with n odd: (index after it, the real n-th root of x), else None (even n: the backend's)."""
        from derivations.notation import real_root

        k = next_is(tokens, i + 1, "[")
        if k is None:
            return None
        end = next((m for m in range(k + 1, len(tokens)) if tokens[m].text == "]"), None)
        index = joined(tokens[k + 1 : end]).strip() if end is not None else ""
        if not index.isdigit() or int(index) % 2 == 0 or int(index) < 3:
            return None
        after, radicand = self._group(tokens, end + 1)
        return after, real_root(self.expression(radicand), sp.Integer(index))
