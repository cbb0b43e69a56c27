"""A symbolic derivation engine: machine-checked formulas of an article on activation functions."""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

# The public API, loaded on first use so that `derive --help` does not pay for importing SymPy.
_EXPORTS = {
    "model.claims": ("Chain", "ClaimSpec", "Induction", "Proof", "Step", "cite", "claim", "conjuncts", "eq", "ge", "gt", "le", "lt", "when"),
    "base.config": ("Config",),
    "base.errors": ("DerivationError", "ParseError", "ProofScriptError", "UnknownClaim", "UnsupportedNotation"),
    "notation": ("expand_notation", "logb", "relu", "sigmoid", "sigmoid_tower", "softplus", "tropical_add", "tropical_mul"),
    "model.verdict": ("ClaimResult", "Counterexample", "StepCheck", "Verdict"),
    "api": ("audit", "derivative_at", "project", "prove", "verify"),
    "results": ("Audit", "Catalog", "Verification"),
    "check.prove": ("Decision",),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'derivations' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """derivations.audit is an API function and also the name of a package of this one:
    importing such a module must not replace the function (reach the package by `from .audit import ...`)."""

    def __setattr__(self, name, value):
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
