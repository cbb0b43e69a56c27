"""sp.latex(...) prints derivatives of the article's notation as the article printer does (\\sigma'(x)).

SymPy builds an unevaluated sp.Derivative(sigmoid(x), x) as a plain Derivative, so no method of the
notation's own classes is consulted when it is printed. The hook wraps SymPy's LatexPrinter methods for
Derivative and Subs: a derivative (or its value at a point) of a notation function is handed to the
article printer (notation/printer.py), everything else goes to SymPy's own method unchanged.
"""

from __future__ import annotations

from sympy.printing.latex import LatexPrinter

from .printer import ArticlePrinter, is_notation

_MARK = "_derivations_primes"


def _of_notation(expr) -> bool:
    inner = expr.args[0] if type(expr).__name__ == "Subs" else expr
    return type(inner).__name__ == "Derivative" and is_notation(inner.expr)


def _wrap(original):
    def method(self, expr, **kwargs):
        if not isinstance(self, ArticlePrinter) and _of_notation(expr):
            settings = {k: v for k, v in self._settings.items() if k in LatexPrinter._default_settings}
            return getattr(ArticlePrinter(settings), original.__name__)(expr)
        return original(self, expr, **kwargs)

    method.__name__ = original.__name__
    method.original = original  # SymPy's own method
    setattr(method, _MARK, True)
    return method


def install() -> None:
    """Wrap LatexPrinter._print_Derivative and _print_Subs (once)."""
    for name in ("_print_Derivative", "_print_Subs"):
        original = getattr(LatexPrinter, name)
        if not getattr(original, _MARK, False):
            setattr(LatexPrinter, name, _wrap(original))
