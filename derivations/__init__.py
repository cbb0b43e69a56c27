"""A symbolic derivation engine: machine-checked formulas of an article on activation functions."""

from .claim import Chain, ClaimSpec, Induction, Proof, Step, cite, claim, conjuncts, eq, ge, gt, le, lt
from .config import Config
from .errors import DerivationError, ParseError, ProofScriptError, UnknownClaim, UnsupportedNotation
from .notation import expand_notation, logb, relu, sigmoid, sigmoid_tower, softplus, tropical_add, tropical_mul
from .verdict import ClaimResult, Counterexample, StepCheck, Verdict

__version__ = "0.1.0"

__all__ = [
    "eq", "ge", "gt", "le", "lt", "Chain", "ClaimSpec", "Induction", "Proof", "Step", "cite", "claim", "conjuncts", "Config",
    "DerivationError", "ParseError", "ProofScriptError", "UnknownClaim", "UnsupportedNotation",
    "expand_notation", "logb", "relu", "sigmoid", "sigmoid_tower", "softplus", "tropical_add", "tropical_mul",
    "ClaimResult", "Counterexample", "StepCheck", "Verdict", "derivative_at",
]


def derivative_at(function_of_x, x, at):
    """f'(at) for f written in the variable x: Subs(d/dx f(x), x, at), printed as f'(at)."""
    import sympy as sp

    return sp.Derivative(function_of_x, x).subs(x, at)
