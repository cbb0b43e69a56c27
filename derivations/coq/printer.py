"""SymPy expressions and relations to Coq (Coquelicot) terms: a Printer dispatching _print_<ClassName>."""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from derivations.base.errors import UnsupportedNotation
from derivations.notation import logb, relu, sigmoid, sigmoid_tower, softplus, tropical_add, tropical_mul

_RESERVED = {"fun", "forall", "exists", "at", "as", "in", "let", "match", "end", "with", "if", "then", "else", "Type", "Prop", "Set",
             "R", "exp", "ln", "sqrt", "PI", "sigmoid", "softplus", "relu", "log_b", "Rmax", "Rmin", "Rabs", "Rpower"}
_OPS = {sp.Eq: "=", sp.Ne: "<>", sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">", sp.GreaterThan: ">="}
_RBAR_OPS = {"<": "Rbar_lt {} {}", "<=": "Rbar_le {} {}", ">": "Rbar_lt {1} {0}", ">=": "Rbar_le {1} {0}"}
_APPLIED = PRECEDENCE["Func"]  # an application `f a b` binds tighter than every operator


def is_nat(symbol: sp.Basic) -> bool:
    """An integer symbol known to be >= 0: a Coq `nat` (every other symbol is a real)."""
    return isinstance(symbol, sp.Symbol) and bool(symbol.is_integer) and bool(symbol.is_nonnegative)


def name(symbol: sp.Symbol) -> str:
    """The symbol's Coq identifier: letters, digits and _, never a keyword nor a name of the theory."""
    text = re.sub(r"\W", "_", symbol.name) or "v"
    if text[0].isdigit() or text[0] == "_":
        text = "v" + text
    return text + "'" if text in _RESERVED else text


_PRINTED = (sp.Symbol, sp.Rational, sp.Add, sp.Mul, sp.Pow, sp.exp, sp.log, sp.Abs, sp.Max, sp.Min, sp.core.numbers.Exp1,
            sp.core.numbers.Pi, sp.core.numbers.Infinity, sp.core.numbers.NegativeInfinity, sp.Derivative, sp.Subs,
            sigmoid, softplus, relu, logb, sigmoid_tower, tropical_add, tropical_mul)


def _rbar_valued(expr) -> bool:
    return isinstance(expr, (tropical_add, tropical_mul)) or expr in (sp.oo, -sp.oo)


class CoqPrinter(StrPrinter):
    """Arithmetic as StrPrinter writes it (the same precedences as Coq's R_scope: + - * / and unary -),
    the rest as Coquelicot terms: exp, ln, Rpower, Rmax, Derive, is_derive, is_lim, the notation of
    Activation.v. Every derivative printed as ``Derive`` is recorded in ``derives``: the statement also
    claims it exists (``ex_derive``), since Coquelicot's Derive is 0 where there is no derivative."""

    printmethod = "_coq"

    def __init__(self, settings=None):
        super().__init__({"order": "none", **(settings or {})})
        self.derives: list[str] = []

    def _print(self, expr, **kwargs):
        # only what this printer writes itself: anything else (a sum, an indexed family, a function
        # without a Coq definition) has no twin, rather than StrPrinter's text that Coq would misread
        if isinstance(expr, sp.Basic) and not isinstance(expr, _PRINTED):
            raise UnsupportedNotation(f"no Coq term for {type(expr).__name__}")
        return super()._print(expr, **kwargs)

    # -- atoms
    def _print_Symbol(self, expr):
        return f"INR {name(expr)}" if is_nat(expr) else name(expr)

    _print_Dummy = _print_Symbol

    def _print_Integer(self, expr):
        return str(expr.p) if expr.p >= 0 else f"- {-expr.p}"

    def _print_Rational(self, expr):
        return f"{expr.p} / {expr.q}" if expr.p >= 0 else f"- {-expr.p} / {expr.q}"

    def _print_Exp1(self, expr):
        return "exp 1"

    def _print_Pi(self, expr):
        return "PI"

    def _print_Float(self, expr):
        raise UnsupportedNotation(f"a floating-point number ({expr}) has no exact Coq term")

    def _print_Infinity(self, expr):
        return "p_infty"

    def _print_NegativeInfinity(self, expr):
        return "m_infty"

    def nat(self, expr) -> str:
        """expr as a Coq nat (an exponent, the depth of f_n)."""
        if isinstance(expr, sp.Integer) and expr >= 0:
            return str(expr)
        if is_nat(expr):
            return name(expr)
        if isinstance(expr, sp.Add) and all(self._natural(a) for a in expr.args):
            return "(" + " + ".join(self.nat(a) for a in expr.args) + ")%nat"
        if isinstance(expr, sp.Mul) and all(self._natural(a) for a in expr.args):
            return "(" + " * ".join(self.nat(a) for a in expr.args) + ")%nat"
        raise UnsupportedNotation(f"{expr} is not a natural number")

    def _natural(self, expr) -> bool:
        return (isinstance(expr, sp.Integer) and expr >= 0) or is_nat(expr) or (isinstance(expr, (sp.Add, sp.Mul)) and all(self._natural(a) for a in expr.args))

    # -- powers: t^k with k a natural number is Coq's pow, any other real exponent Rpower (base > 0)
    def _print_Pow(self, expr, rational=False):  # noqa: ARG002 - StrPrinter's signature
        base, exp = expr.args
        if exp == sp.Rational(1, 2):
            return f"sqrt {self._arg(base)}"
        if exp.could_extract_minus_sign() and self._natural(-exp):
            return f"1 / {self._power(base, -exp)}" if exp != -1 else f"1 / {self.parenthesize(base, PRECEDENCE['Mul'], strict=True)}"
        if self._natural(exp):
            return self._power(base, exp)
        return f"Rpower {self._arg(base)} {self._arg(exp)}"

    def _power(self, base, exp) -> str:
        exponent = self.nat(exp)
        return f"{self.parenthesize(base, PRECEDENCE['Pow'], strict=True)} ^ {exponent}"

    def _arg(self, expr) -> str:
        """expr as an argument of an application: atoms bare, anything else in parentheses."""
        text = self._print(expr)
        if re.fullmatch(r"[\w'.]+", text):
            return text
        return f"({text})"

    # -- functions of the reals and of the notation
    def _apply(self, head: str, *args) -> str:
        return " ".join([head, *(self._arg(a) for a in args)])

    def _print_exp(self, expr):
        return self._apply("exp", *expr.args)

    def _print_log(self, expr):
        if len(expr.args) != 1:
            return self._apply("log_b", expr.args[1], expr.args[0])
        return self._apply("ln", *expr.args)

    def _print_Abs(self, expr):
        return self._apply("Rabs", *expr.args)

    def _fold(self, head: str, args) -> str:
        args = list(args)
        text = self._arg(args[-1])
        for arg in reversed(args[:-1]):
            text = f"({head} {self._arg(arg)} {text})"
        return text[1:-1] if text.startswith("(") else text

    def _print_Max(self, expr):
        return self._fold("Rmax", expr.args)

    def _print_Min(self, expr):
        return self._fold("Rmin", expr.args)

    def _print_sigmoid(self, expr):
        return self._apply("sigmoid", *expr.args)

    def _print_softplus(self, expr):
        return self._apply("softplus", *expr.args)

    def _print_relu(self, expr):
        return self._apply("relu", *expr.args)

    def _print_logb(self, expr):
        value, base = expr.args
        return self._apply("log_b", base, value)

    def _print_sigmoid_tower(self, expr):
        depth, x = expr.args
        return f"sigmoid_tower {self._wrap(self.nat(depth))} {self._arg(x)}"

    def rbar(self, expr) -> str:
        """expr as an extended real: the max-plus operations are on Rbar, a real is Finite r."""
        if _rbar_valued(expr):
            return self._print(expr)
        return f"Finite {self._arg(expr)}"

    def _print_tropical_add(self, expr):
        return f"tropical_add {self._wrap(self.rbar(expr.args[0]))} {self._wrap(self.rbar(expr.args[1]))}"

    def _print_tropical_mul(self, expr):
        return f"tropical_mul {self._wrap(self.rbar(expr.args[0]))} {self._wrap(self.rbar(expr.args[1]))}"

    @staticmethod
    def _wrap(text: str) -> str:
        return text if re.fullmatch(r"[\w'.]+|\(.*\)%nat", text) else f"({text})"

    def _print_Function(self, expr):
        raise UnsupportedNotation(f"no Coq term for the function {type(expr).__name__}")

    # -- calculus
    def _function_of(self, body, variable) -> str:
        return f"(fun {name(variable)} => {self._print(body)})"

    def _derive(self, expr: sp.Derivative, at) -> str:
        if len(expr.variable_count) != 1:
            raise UnsupportedNotation("a derivative in more than one variable")
        ((variable, count),) = expr.variable_count
        function = self._function_of(expr.expr, variable)
        point = self._arg(at)
        if count == 1:
            text = f"Derive {function} {point}"
            self.derives.append(f"ex_derive {function} {point}")
        else:
            text = f"Derive_n {function} {count} {point}"
            self.derives.append(f"ex_derive_n {function} {count} {point}")
        return text

    def _print_Derivative(self, expr):
        return self._derive(expr, expr.variable_count[0][0])

    def _print_Subs(self, expr):
        inner, (variable,), (point,) = expr.args
        if isinstance(inner, sp.Derivative) and inner.variable_count[0][0] == variable:
            return self._derive(inner, point)
        return self._print(inner.subs(variable, point))

    def _print_Limit(self, expr):
        raise UnsupportedNotation("a limit inside a term (Coq states a limit as a relation: is_lim)")

    def _print_Integral(self, expr):
        raise UnsupportedNotation("an antiderivative inside a term (Coq states it as a relation)")

    # -- relations
    def relation(self, rel) -> str:
        """A relation as a Coq proposition: limits as is_lim / filterlim, f' = g as is_derive, an
        antiderivative as is_antiderivative, relations of extended reals in Rbar."""
        if isinstance(rel, sp.Implies):
            return f"({self.relation(rel.args[0])}) -> {self.relation(rel.args[1])}"
        if isinstance(rel, sp.And):
            return " /\\ ".join(f"({self.relation(a)})" for a in rel.args)
        op = _OPS.get(type(rel))
        if op is None:
            raise UnsupportedNotation(f"no Coq proposition for {type(rel).__name__}")
        lhs, rhs = rel.args
        if op == "=":
            for a, b in ((lhs, rhs), (rhs, lhs)):
                special = self._equation(a, b)
                if special is not None:
                    return special
        if any(isinstance(side, (sp.Limit, sp.Integral)) for side in (lhs, rhs)):
            raise UnsupportedNotation("a limit or an antiderivative in an inequality")
        if _rbar_valued(lhs) or _rbar_valued(rhs):
            left, right = self.rbar(lhs), self.rbar(rhs)
            if op in ("=", "<>"):
                return f"{left} {op} {right}"
            return _RBAR_OPS[op].format(self._wrap(left), self._wrap(right))
        return f"{self._print(lhs)} {op} {self._print(rhs)}"

    def _equation(self, a, b) -> str | None:
        """a = b when a is a derivative, a limit or an antiderivative; None otherwise."""
        if isinstance(a, sp.Derivative) and len(a.variable_count) == 1 and a.variable_count[0][1] == 1:
            variable = a.variable_count[0][0]
            return f"is_derive {self._function_of(a.expr, variable)} {name(variable)} {self._arg(b)}"
        if isinstance(a, sp.Subs) and isinstance(a.args[0], sp.Derivative):
            inner, (variable,), (point,) = a.args
            if inner.variable_count == ((variable, 1),):
                return f"is_derive {self._function_of(inner.expr, variable)} {self._arg(point)} {self._arg(b)}"
        if isinstance(a, sp.Limit):
            return self._limit(a, b)
        if isinstance(a, sp.Integral):
            return self._antiderivative(a, b)
        return None

    def _limit(self, limit: sp.Limit, value) -> str:
        body, variable, point, direction = limit.args
        function = self._function_of(body, variable)
        target = self._wrap(self.rbar(value))
        if point in (sp.oo, -sp.oo) or str(direction) == "+-":
            return f"is_lim {function} {self._wrap(self.rbar(point))} {target}"
        side = "at_right" if str(direction) == "+" else "at_left"
        return f"filterlim {function} ({side} {self._arg(point)}) (Rbar_locally {target})"

    def _antiderivative(self, integral: sp.Integral, other) -> str:
        if len(integral.limits) != 1 or len(integral.limits[0]) != 1:
            raise UnsupportedNotation("a definite or multiple integral")
        (variable,) = integral.limits[0]
        integrand = self._function_of(integral.function, variable)
        if isinstance(other, sp.Integral):
            if len(other.limits) != 1 or len(other.limits[0]) != 1:
                raise UnsupportedNotation("a definite or multiple integral")
            return (f"forall F : R -> R, is_antiderivative F {integrand} <-> "
                    f"is_antiderivative F {self._function_of(other.function, other.limits[0][0])}")
        return f"is_antiderivative {self._function_of(other, variable)} {integrand}"


def coq(expr) -> str:
    """One expression or relation as Coq."""
    printer = CoqPrinter()
    if isinstance(expr, sp.core.relational.Relational) or isinstance(expr, (sp.Implies, sp.And)):
        return printer.relation(expr)
    return printer._print(expr)


