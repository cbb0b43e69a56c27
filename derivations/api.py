"""Small helpers for proof scripts that read like the article."""

from __future__ import annotations

import sympy as sp


def derivative_at(function_of_x, x, at):
    """f'(at) for f written in the variable x: Subs(d/dx f(x), x, at), printed as f'(at)."""
    return sp.Derivative(function_of_x, x).subs(x, at)
