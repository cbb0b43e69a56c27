"""The reader's vocabulary, declared in one place: commands, function names, operators, environments,
relations, cue words, and what lies outside it. Every other module of the reader looks names up here."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp

from derivations.notation import Notation, relu, sigmoid, softplus, tropical_add, tropical_mul

# -- Limits on what is read (length, nesting, terms of an expanded sum) and the reader's own placeholder
MAX_LENGTH = 4000
MAX_DEPTH = 60
MAX_SUM_TERMS = 1000
PLACEHOLDER = r"\varpi"  # the reader's placeholders: read by the backend as a symbol; not in COMMANDS, so never an author's

# -- Tokens: the commands the reader knows, the ones it drops, aliases, gaps
TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|[A-Za-z]|\s+|.", re.S)
GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
}
# Commands that frame their argument ({...}) without changing it; an \underbrace's or \overbrace's label
# (_{...} or ^{...} after it) is a comment, dropped; \textcolor{red}{x} and \color{red} lose their colour.
WRAPPERS = {r"\boxed", r"\underbrace", r"\overbrace", r"\textcolor", r"\colorbox"}
COMMANDS = {
    r"\frac", r"\sqrt", r"\cdot", r"\times", r"\exp", r"\log", r"\ln", r"\tanh", r"\max", r"\min", r"\lim",
    r"\to", r"\infty", r"\int", r"\sum", r"\operatorname", r"\oplus", r"\otimes", r"\leq", r"\geq", r"\neq",
    r"\begin", r"\end", r"\text", r"\textrm", r"\mathrm", r"\{", r"\}", r"\\", r"\rightarrow", r"\Rightarrow", r"\implies",
    r"\partial", r"\in", r"\mathbb", r"\dots", r"\ldots", r"\cdots", r"\sinh", r"\cosh", r"\prod", r"\odot",
    r"\oslash", r"\forall", r"\exists", r"\nexists", r"\colon", r"\binom", r"\lfloor", r"\rfloor", r"\lceil", r"\rceil",
    *WRAPPERS, r"\color",
    r"\sin", r"\cos", r"\tan", r"\cot", r"\sec", r"\csc", r"\arcsin", r"\arccos", r"\arctan", r"\coth",
} | {"\\" + g for g in GREEK}
DROP = {r"\displaystyle", r"\textstyle", r"\mathop", r"\bigg", r"\Bigg", r"\biggl", r"\biggr", r"\left", r"\right", r"\,", r"\!", r"\limits", r"\big", r"\Big", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr"}
ALIAS = {r"\le": r"\leq", r"\ge": r"\geq", r"\ne": r"\neq", r"\lt": "<", r"\gt": ">", r"\dfrac": r"\frac", r"\textrm": r"\text", r"\tfrac": r"\frac", r"\leqslant": r"\leq", r"\geqslant": r"\geq", r"\dotsc": r"\dots", r"\dotsb": r"\dots"}
GAPS = {r"\quad", r"\qquad", r"\;", r"\:", r"\>", r"\ "}  # between two operands they separate (never a product); else spacing
# where a gap is only spacing: after these (x = \; y, \max(x,\; y)) or before these (x \; = y, x \; + 1)
SPACED_AFTER = {"=", "<", ">", r"\leq", r"\geq", r"\neq", ",", "(", "[", "{", r"\{", "&", r"\\", r"\cdot", r"\times", "+", "-", "^", "_", r"\in", r"\to", r"\Rightarrow", r"\implies", r"\rightarrow", ":", r"\colon", r"\forall", r"\exists"}
SPACED_BEFORE = {"=", "<", ">", r"\leq", r"\geq", r"\neq", ",", ")", "]", "}", r"\}", "&", r"\\", r"\cdot", r"\times", "+", "-", "^", "_", "'", r"\in", r"\to", r"\Rightarrow", r"\implies", r"\rightarrow", ":", r"\colon", "."}
OPEN = {"(": ")", "[": "]", "{": "}", r"\{": r"\}"}
CLOSE = {v: k for k, v in OPEN.items()}

# -- Functions: written bare, in \mathrm/\text/\operatorname, or as a command; letters that are functions when applied
# Function names an author writes bare (exp(x), ReLU(x)) or as \mathrm{exp}, \text{ReLU}, \operatorname{softplus}:
# the command each one is. A run of letters that spells one of these is that function, never a product.
BUILTIN_NAMES = {
    "exp": r"\exp", "log": r"\log", "ln": r"\ln", "tanh": r"\tanh", "sinh": r"\sinh", "cosh": r"\cosh", "max": r"\max", "min": r"\min",
    "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "cot": r"\cot", "sec": r"\sec", "csc": r"\csc", "coth": r"\coth",
    "arcsin": r"\arcsin", "arccos": r"\arccos", "arctan": r"\arctan", "asin": r"\arcsin", "acos": r"\arccos", "atan": r"\arctan",
    "sech": r"\operatorname{sech}", "csch": r"\operatorname{csch}", "arsinh": r"\operatorname{arsinh}", "arcsinh": r"\operatorname{arsinh}",
    "asinh": r"\operatorname{arsinh}", "arcosh": r"\operatorname{arcosh}", "arccosh": r"\operatorname{arcosh}", "acosh": r"\operatorname{arcosh}",
    "artanh": r"\operatorname{artanh}", "arctanh": r"\operatorname{artanh}", "atanh": r"\operatorname{artanh}",
}
NAMED_FUNCTIONS = ("ReLU", "relu", "Relu", "softplus", "Softplus", "sigmoid", "Sigmoid", "logit", "logsumexp", "LSE", "erf")
BARE_NAMES = {**BUILTIN_NAMES, **{name: rf"\operatorname{{{name}}}" for name in NAMED_FUNCTIONS}}
MIN_BARE_UNKNOWN = 3  # a run of at least this many letters written before "(" is an unknown function's name (GELU(x))
# Letters that name a function when an argument in parentheses follows (g(-x), \zeta(-x)); other letters
# before a parenthesis multiply (x(1-x), \alpha(e^x - 1)).
FUNCTION_LETTERS = {"f", "g", "h", "F", "G", "H", r"\phi", r"\varphi", r"\psi", r"\Phi", r"\Psi", r"\zeta", r"\Gamma"}
ELEMENTARY = (r"\exp",)  # read by the backend, also without parentheses (\exp x)
# The trigonometric and hyperbolic functions, read here (never by the backend, which reads \coth x as
# cot(h x)): each command with its function and the function its ^{-1} names (\sin^{-1} x = \arcsin x,
# as TeX authors mean it), None where conventions differ (\cot^{-1}, \sec^{-1}: refused, never guessed).
# Written without parentheses the argument is what TeX authors mean: \sin 2x = \sin(2x), \sin x^2 =
# \sin(x^2), \sin 2\pi f t = \sin(2\pi f t); it ends at + - = , ) and at the next function (\sin x \cos x).
TRIG = {
    r"\sin": (sp.sin, sp.asin), r"\cos": (sp.cos, sp.acos), r"\tan": (sp.tan, sp.atan), r"\cot": (sp.cot, None),
    r"\sec": (sp.sec, None), r"\csc": (sp.csc, None), r"\arcsin": (sp.asin, None), r"\arccos": (sp.acos, None),
    r"\arctan": (sp.atan, None), r"\sinh": (sp.sinh, sp.asinh), r"\cosh": (sp.cosh, sp.acosh), r"\tanh": (sp.tanh, sp.atanh),
    r"\coth": (sp.coth, None), r"\operatorname{sech}": (sp.sech, None), r"\operatorname{csch}": (sp.csch, None),
    r"\operatorname{arsinh}": (sp.asinh, None), r"\operatorname{arcosh}": (sp.acosh, None), r"\operatorname{artanh}": (sp.atanh, None),
}
# \tanh'(x), \sin'(x): read here, not by the backend
PRIMED_BUILTINS = {r"\exp": sp.exp, **{name: function for name, (function, _) in TRIG.items()}}
SYMBOL_ALIASES = {"varepsilon": "epsilon", "varphi": "phi", "vartheta": "theta"}  # one letter, two glyphs

# -- Operators of the max-plus semiring
# Binary operators of the max-plus semiring, as the field writes them: \odot is the tropical product, \oslash its inverse
OPERATORS = {r"\oplus": tropical_add, r"\otimes": tropical_mul, r"\odot": tropical_mul, r"\oslash": lambda x, y: x - y}
OPERATOR_LEVELS = ((r"\oplus",), (r"\otimes", r"\odot", r"\oslash"))
TROPICAL_POWER = r"\odot"  # x^{\odot n} = x \odot ... \odot x = n x

# -- Relations, sets, quantifiers, and the words that attach a condition or join two claims
RELATIONS = {"=": "=", "<": "<", ">": ">", r"\leq": "<=", r"\geq": ">=", r"\neq": "!="}
REL_CLASS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
# x \in S for the sets a formula may name: the relations it states (None: every real, nothing to state)
REAL_SETS = {r"\mathbb{R}": None, r"\mathbb{R}_{>0}": (sp.Gt, 0), r"\mathbb{R}_{\geq0}": (sp.Ge, 0), r"\mathbb{R}_{<0}": (sp.Lt, 0), r"\mathbb{R}_{\leq0}": (sp.Le, 0)}
QUANTIFIERS = {r"\forall": "universal", r"\exists": "existential", r"\nexists": "existential"}
JOIN_WORDS = ("and", "und", "et", "as well as", "also")  # a = b \quad\text{and}\quad c = d: two claims
OTHERWISE_WORDS = ("otherwise", "else", "sonst")
CONDITION_WORDS = ("if", "when", "whenever", "for", "for all", "for every", "for each", "if and only if", "where", "provided", "provided that", "with", "on", "")

# -- Environments
ENVIRONMENTS = {"cases", "dcases", "rcases"}  # piecewise definitions: one row per case, its condition after &
# environments around a whole display whose lines are its rows
ALIGNED_ENVIRONMENTS = ("aligned", "split", "gathered", "align", "equation", "gather", "multline", "eqnarray")

# -- Outside the vocabulary: said in one calm note
OUTSIDE_COMMANDS = {
    r"\nabla", r"\mathbf", r"\boldsymbol", r"\bm", r"\vec", r"\mathcal", r"\top", r"\intercal", r"\Pr", r"\det",
    r"\operatorname{Var}", r"\operatorname{Cov}", r"\operatorname{tr}", r"\operatorname{diag}", r"\lVert", r"\rVert", r"\|",
    r"\langle", r"\rangle", r"\mid",
}
# An accent over one letter is part of a name (\bar{x} the mean, \hat{y}_k a prediction): read as the symbol xbar,
# yhat_k (SymPy prints them back as \bar{x}, \hat{y}_{k}); over anything else it is outside the vocabulary
ACCENTS = {r"\bar": "bar", r"\overline": "bar", r"\hat": "hat", r"\widehat": "hat", r"\tilde": "tilde", r"\widetilde": "tilde"}
OUTSIDE_ENVIRONMENTS = {"pmatrix", "bmatrix", "vmatrix", "Bmatrix", "matrix", "smallmatrix", "array"}
OUTSIDE_SETS = {"E", "P", "V"}  # \mathbb{E}[X], \mathbb{P}(A), \mathbb{V}: expectations and probabilities
OUTSIDE = "outside the vocabulary (vectors, matrices, norms, gradients, expectations, probabilities and accents are not read)"

# -- What a parsed formula may contain
ALLOWED_HEADS = (
    sp.Add, sp.Mul, sp.Pow, sp.Symbol, sp.Number, sp.NumberSymbol, sp.exp, sp.log, sp.tanh, sp.Abs, sp.Max,
    sp.Min, sp.Limit, sp.Integral, sp.Derivative, sp.Subs, sp.Sum, sp.Piecewise, Notation, sp.Tuple,
    sp.core.numbers.Infinity, sp.core.numbers.NegativeInfinity, sp.logic.boolalg.BooleanAtom, sp.Rel,
    sp.And, sp.Or, sp.Not, sp.functions.elementary.piecewise.ExprCondPair, sp.Dummy, sp.Indexed, sp.IndexedBase,
    sp.Implies, sp.KroneckerDelta, sp.sinh, sp.cosh, sp.Product, sp.factorial, sp.binomial, sp.erf, sp.floor, sp.ceiling,
    *{f for pair in TRIG.values() for f in pair if f is not None},
)


@dataclass(frozen=True)
class Notations:
    """Function names the parser knows: the article's, plus any an article defines (``\\phi``, ``f_n``)."""

    functions: Mapping[str, Callable] = field(default_factory=dict)
    symbols: Mapping[str, sp.Symbol] = field(default_factory=dict)  # name -> symbol with assumptions
    families: frozenset = frozenset()  # x such that x_i is the i-th of a family x_1, ..., x_n
    sizes: Mapping[str, sp.Basic] = field(default_factory=dict)  # x -> n, for an article's x_1, ..., x_n
    arbitrary: frozenset = frozenset()  # function letters the article leaves arbitrary ("let \phi(x) be any odd function")

    def with_function(self, name: str, build: Callable) -> "Notations":
        return dataclasses.replace(self, functions={**self.functions, name: build})

    def with_family(self, name: str, size: sp.Basic) -> "Notations":
        return dataclasses.replace(self, families=self.families | {name}, sizes={**self.sizes, name: size})

    def with_arbitrary(self, name: str) -> "Notations":
        return dataclasses.replace(self, arbitrary=self.arbitrary | {name})


def logit(p):
    r"""\operatorname{logit}(p) = \sigma^{-1}(p) = \log\frac{p}{1-p}, defined for 0 < p < 1."""
    return sp.log(p / (1 - p))


def softplus_inverse(y):
    r"""\operatorname{softplus}^{-1}(y) = \log(e^y - 1), defined for y > 0."""
    return sp.log(sp.exp(y) - 1)


def logsumexp(*args):
    r"""\operatorname{logsumexp}(x_1, ..., x_n) = \log(e^{x_1} + ... + e^{x_n})."""
    return sp.log(sp.Add(*[sp.exp(a) for a in args]))


# -- The article's notation: each name with the function it stands for (an article may define more: Notations)
INVERSES = {sigmoid: logit, softplus: softplus_inverse}

ARTICLE = {
    r"\sigma": sigmoid,
    r"\rho": relu,
    r"\operatorname{ReLU}": relu,
    r"\operatorname{relu}": relu,
    r"\operatorname{softplus}": softplus,
    r"\operatorname{sigmoid}": sigmoid,
    r"\operatorname{logit}": logit,
    r"\operatorname{Softplus}": softplus,
    r"\operatorname{Relu}": relu,
    r"\operatorname{Sigmoid}": sigmoid,
    r"\operatorname{logsumexp}": logsumexp,
    r"\operatorname{LSE}": logsumexp,
    r"\operatorname{erf}": sp.erf,  # the error function (GELU's Phi(x) = (1 + erf(x / sqrt 2)) / 2)
}

