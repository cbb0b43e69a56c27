"""The one adapter over latex2sympy2_extended: swap the backend here and nowhere else."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os

import sympy as sp

from derivations.base.errors import ParseError


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


_KEPT = None  # (mapping, salt, pid): where parses are kept between runs, while kept_in(...) is on


@contextlib.contextmanager
def kept_in(mapping, salt: str):
    """Keep the backend's parses in ``mapping`` (the verification cache's store), under keys salted with
    ``salt`` (the engine's digest: its files and the parser's version): a second audit of an article
    starts no ANTLR parse for the formulas it read before."""
    global _KEPT
    saved, _KEPT = _KEPT, (mapping, salt, os.getpid())
    try:
        yield
    finally:
        _KEPT = saved


@functools.lru_cache(maxsize=4096)
def _parse(text: str, evaluate: bool) -> sp.Basic:
    if _KEPT is None or _KEPT[2] != os.getpid():  # a forked worker never uses its parent's connection
        return _backend(text)
    mapping, salt, _ = _KEPT
    key = "backend:" + hashlib.sha256(f"{salt}\0{evaluate}\0{text}".encode()).hexdigest()
    with sp.evaluate(False):  # unpickling rebuilds Add and Mul: exactly as built, x/x must not become 1
        found = mapping.get(key)
    if found is None:
        try:
            found = ("expr", _backend(text))
        except ParseError as exc:
            found = ("error", str(exc))
        try:
            mapping.set(key, found)
        except Exception:  # noqa: BLE001 - something in it does not pickle: parsed again next time
            pass
    if found[0] == "error":
        raise ParseError(found[1])
    return found[1]


def _backend(text: str) -> sp.Basic:
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
