"""The reader's vocabulary, declared in one place: commands, function names, operators, environments,
relations, cue words, and what lies outside it. Every other module of the reader looks names up here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp

from ..notation import Notation, relu, sigmoid, softplus, tropical_add, tropical_mul

MAX_LENGTH = 4000
MAX_DEPTH = 60
MAX_SUM_TERMS = 1000

TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|[A-Za-z]|\s+|.", re.S)
GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
}
COMMANDS = {
    r"\frac", r"\sqrt", r"\cdot", r"\times", r"\exp", r"\log", r"\ln", r"\tanh", r"\max", r"\min", r"\lim",
    r"\to", r"\infty", r"\int", r"\sum", r"\operatorname", r"\oplus", r"\otimes", r"\leq", r"\geq", r"\neq",
    r"\begin", r"\end", r"\text", r"\textrm", r"\mathrm", r"\{", r"\}", r"\\", r"\rightarrow", r"\Rightarrow", r"\implies",
    r"\partial", r"\in", r"\mathbb", r"\dots", r"\ldots", r"\cdots", r"\sinh", r"\cosh",
} | {"\\" + g for g in GREEK}
DROP = {r"\displaystyle", r"\textstyle", r"\mathop", r"\bigg", r"\Bigg", r"\biggl", r"\biggr", r"\left", r"\right", r"\,", r"\;", r"\:", r"\!", r"\ ", r"\limits", r"\big", r"\Big", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr"}
GAPS = {r"\quad", r"\qquad"}  # kept as tokens: between a formula and its condition they separate
ALIAS = {r"\le": r"\leq", r"\ge": r"\geq", r"\ne": r"\neq", r"\lt": "<", r"\gt": ">", r"\dfrac": r"\frac", r"\textrm": r"\text", r"\tfrac": r"\frac", r"\leqslant": r"\leq", r"\geqslant": r"\geq", r"\dotsc": r"\dots", r"\dotsb": r"\dots"}
RELATIONS = {"=": "=", "<": "<", ">": ">", r"\leq": "<=", r"\geq": ">=", r"\neq": "!="}
REL_CLASS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
OPEN = {"(": ")", "[": "]", "{": "}", r"\{": r"\}"}
CLOSE = {v: k for k, v in OPEN.items()}

# the SymPy heads a parsed formula may contain; anything else is reported, never silently kept
ALLOWED_HEADS = (
    sp.Add, sp.Mul, sp.Pow, sp.Symbol, sp.Number, sp.NumberSymbol, sp.exp, sp.log, sp.tanh, sp.Abs, sp.Max,
    sp.Min, sp.Limit, sp.Integral, sp.Derivative, sp.Subs, sp.Sum, sp.Piecewise, Notation, sp.Tuple,
    sp.core.numbers.Infinity, sp.core.numbers.NegativeInfinity, sp.logic.boolalg.BooleanAtom, sp.Rel,
    sp.And, sp.Or, sp.Not, sp.functions.elementary.piecewise.ExprCondPair, sp.Dummy, sp.Indexed, sp.IndexedBase,
    sp.Implies, sp.KroneckerDelta, sp.sinh, sp.cosh,
)


@dataclass(frozen=True)
class Notations:
    """Function names the parser knows: the article's, plus any an article defines (``\\phi``, ``f_n``)."""

    functions: Mapping[str, Callable] = field(default_factory=dict)
    symbols: Mapping[str, sp.Symbol] = field(default_factory=dict)  # name -> symbol with assumptions
    families: frozenset = frozenset()  # x such that x_i is the i-th of a family x_1, ..., x_n
    sizes: Mapping[str, sp.Basic] = field(default_factory=dict)  # x -> n, for an article's x_1, ..., x_n

    def with_function(self, name: str, build: Callable) -> "Notations":
        return Notations({**self.functions, name: build}, self.symbols, self.families, self.sizes)

    def with_family(self, name: str, size: sp.Basic) -> "Notations":
        return Notations(self.functions, self.symbols, self.families | {name}, {**self.sizes, name: size})


def logit(p):
    r"""\operatorname{logit}(p) = \sigma^{-1}(p) = \log\frac{p}{1-p}, defined for 0 < p < 1."""
    return sp.log(p / (1 - p))


def softplus_inverse(y):
    r"""\operatorname{softplus}^{-1}(y) = \log(e^y - 1), defined for y > 0."""
    return sp.log(sp.exp(y) - 1)


INVERSES = {sigmoid: logit, softplus: softplus_inverse}

ARTICLE = {
    r"\sigma": sigmoid,
    r"\rho": relu,
    r"\operatorname{ReLU}": relu,
    r"\operatorname{relu}": relu,
    r"\operatorname{softplus}": softplus,
    r"\operatorname{sigmoid}": sigmoid,
    r"\operatorname{logit}": logit,
}


CONDITION_WORDS = ("if", "when", "whenever", "for", "for all", "for every", "for each", "if and only if", "where", "provided", "provided that", "with", "on", "")
