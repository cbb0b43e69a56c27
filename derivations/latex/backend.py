"""The one adapter over latex2sympy2_extended: swap the backend here and nowhere else."""

from __future__ import annotations

import functools

import sympy as sp

from ..errors import ParseError


@functools.lru_cache(maxsize=1)
def _converter():
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig, latex2sympy

    # Explicit configuration: no answer normalisation; A and a stay distinct; 2\frac{1}{2} is not 5/2
    # (the preprocessing also inserts \cdot there, as this flag alone does not stop it).
    config = ConversionConfig(
        interpret_as_mixed_fractions=False,
        interpret_simple_eq_as_assignment=False,
        interpret_contains_as_eq=False,
        lowercase_symbols=False,
    )
    return functools.partial(latex2sympy, normalization_config=None, conversion_config=config)


def parse(text: str) -> sp.Basic:
    """Arithmetic LaTeX (no relations: those are split before) to SymPy, or ParseError in one line.
    Cached: the same pieces recur (SymPy expressions are immutable, so sharing them is safe); the
    cache keeps the written form (under sympy.evaluate(False)) apart from the evaluated one."""
    from sympy.core.parameters import global_parameters

    return _parse(text, bool(global_parameters.evaluate))


@functools.lru_cache(maxsize=4096)
def _parse(text: str, evaluate: bool) -> sp.Basic:
    try:
        result = _converter()(text)
    except RecursionError:
        raise ParseError("formula nested too deeply") from None
    except Exception as exc:  # the backend raises bare Exception with a caret diagram: keep its first line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ParseError(f"cannot read {text!r}: {first}") from None
    if not isinstance(result, sp.Basic):
        raise ParseError(f"cannot read {text!r} as a formula")
    return result
