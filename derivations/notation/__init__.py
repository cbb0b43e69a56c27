"""The article's notation as SymPy functions: sigma, softplus, ReLU, log base t, the max-plus operations."""

from __future__ import annotations

import sympy as sp
from sympy.core.function import ArgumentIndexError

from derivations.notation.hook import install as _install_latex_hook
from derivations.notation.printer import ArticlePrinter


class Notation(sp.Function):
    """A function of the article's notation.

    Each subclass has a *definition* in elementary functions (``definition``); the engine
    proves things about the definition, never about a remembered property, so e.g. the
    derivative of sigma is computed from 1/(1+e^{-x}), not looked up.
    """

    latex_name: str = ""

    @classmethod
    def definition(cls, *args: sp.Expr) -> sp.Expr:
        raise NotImplementedError

    def expanded(self) -> sp.Expr:
        return self.definition(*self.args)

    def _eval_rewrite_as_exp(self, *args, **kwargs):
        return self.definition(*args)

    def _eval_evalf(self, prec):
        return self.expanded()._eval_evalf(prec)

    def fdiff(self, argindex=1):
        if not 1 <= argindex <= len(self.args):
            raise ArgumentIndexError(self, argindex)
        dummies = [sp.Dummy("u") for _ in self.args]
        derivative = sp.diff(self.definition(*dummies), dummies[argindex - 1])
        return derivative.subs(dict(zip(dummies, self.args)), simultaneous=True)

    def _latex(self, printer, exp=None):
        """Under any LaTeX printer (plain sp.latex too), the notation as the article printer writes it:
        \\sigma(x), \\log_t 2, x \\oplus y, f_n(x) (see notation/printer.py, the one place that decides it)."""
        return ArticlePrinter()._print(self, exp=exp)


class sigmoid(Notation):
    r"""The logistic sigmoid \sigma(x) = 1 / (1 + e^{-x})."""

    nargs = 1
    latex_name = r"\sigma"

    @classmethod
    def definition(cls, x):
        return 1 / (1 + sp.exp(-x))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        # 1 + e^{-x} > 0 for real x, so its reciprocal is positive.
        return True if self.args[0].is_real else None


class softplus(Notation):
    r"""softplus(x) = \log(1 + e^x)."""

    nargs = 1
    latex_name = r"\operatorname{softplus}"

    @classmethod
    def definition(cls, x):
        return sp.log(1 + sp.exp(x))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None


class relu(Notation):
    r"""ReLU, the article's \rho(x) = max(0, x)."""

    nargs = 1
    latex_name = r"\rho"

    @classmethod
    def definition(cls, x):
        return sp.Max(0, x)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_nonnegative(self):
        return True if self.args[0].is_real else None


class logb(Notation):
    r"""\log_b(x) = \log x / \log b, kept unevaluated so it prints in the article's notation."""

    nargs = 2
    latex_name = r"\log"

    @classmethod
    def definition(cls, x, base):
        return sp.log(x) / sp.log(base)



class real_root(Notation):
    r"""\sqrt[n]{x} for odd n as its author means it: the real n-th root, defined for every real x
    (\sqrt[3]{-8} = -2), where SymPy's x^(1/n) is the principal, complex, root of a negative x."""

    nargs = 2
    latex_name = r"\sqrt"

    @classmethod
    def eval(cls, x, n):
        if not (n.is_Integer and n.is_odd and n > 1):
            raise ValueError("the real root is written here for an odd index > 1 only")
        if x.is_number and x.is_real:
            return sp.real_root(x, n)
        if x.is_nonnegative:
            return x ** sp.Rational(1, n)  # the principal root is the real one
        return None

    @classmethod
    def definition(cls, x, n):
        return sp.powsimp(sp.sign(x) * sp.Abs(x) ** sp.Rational(1, n))

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        x, n = self.args
        return 1 / (n * real_root(x, n) ** (n - 1))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_positive

    def _eval_is_negative(self):
        return self.args[0].is_negative

    def _eval_is_zero(self):
        return self.args[0].is_zero


class _Tropical(Notation):
    nargs = 2
    operator = ""



class tropical_add(_Tropical):
    r"""Max-plus addition x \oplus y = max(x, y)."""

    operator = r"\oplus"

    @classmethod
    def definition(cls, x, y):
        return sp.Max(x, y)


class tropical_mul(_Tropical):
    r"""Max-plus multiplication x \otimes y = x + y."""

    operator = r"\otimes"

    @classmethod
    def definition(cls, x, y):
        return x + y


class sigmoid_tower(Notation):
    r"""f_n(x): n stacked sigmoids, f_1 = \sigma, f_{n+1} = \sigma(f_n)."""

    nargs = 2
    latex_name = "f"
    indexed = True  # the printer's protocol: f_n(x), the index first

    @classmethod
    def eval(cls, n, x):
        if n.is_Integer and n < 1:
            raise ValueError("f_n is defined for n >= 1")
        if n == 1:
            return sigmoid(x)
        return None

    @classmethod
    def definition(cls, n, x):
        if not n.is_Integer:
            raise ValueError("f_n has a closed form only for a concrete n")
        value = x
        for _ in range(int(n)):
            value = sigmoid(value)
        return value

    def _eval_rewrite_as_exp(self, n, x, **kwargs):
        return self.definition(n, x) if n.is_Integer else None

    def _eval_is_real(self):
        return self.args[1].is_real

    def _eval_is_positive(self):
        return True if self.args[1].is_real else None

    def fdiff(self, argindex=2):
        # Symbolic n: no closed form, so the derivative stays an unevaluated Derivative / Subs.
        if argindex != 2:
            raise ArgumentIndexError(self, argindex)
        return sp.Function.fdiff(self, argindex)

    def unfolded(self) -> sp.Expr:
        """f_{m+1}(x) = sigma(f_m(x)): one step of the recursive definition."""
        n, x = self.args
        return sigmoid(sigmoid_tower(n - 1, x))



class family_max(Notation):
    r"""\max_{1 \leq k \leq n} x_k, the largest member of the family x_1, ..., x_n."""

    nargs = 2
    latex_name = r"\max"

    @classmethod
    def definition(cls, base, n):
        if not n.is_Integer:
            raise ValueError("max over a family has a closed form only for a concrete n")
        return sp.Max(*[base[k] for k in range(1, int(n) + 1)])

    def _eval_rewrite_as_exp(self, base, n, **kwargs):
        return self.definition(base, n) if n.is_Integer else None

    def _eval_is_real(self):
        return True



NOTATION: tuple[type[Notation], ...] = (sigmoid, softplus, relu, logb, tropical_add, tropical_mul, sigmoid_tower, real_root)


def expand_notation(expr: sp.Basic) -> sp.Basic:
    """Replace every notation function by its definition, innermost first, then evaluate derivatives."""
    previous = None
    while previous != expr:
        previous = expr
        expr = expr.replace(
            lambda e: isinstance(e, Notation)
            and not (isinstance(e, sigmoid_tower) and not e.args[0].is_Integer)
            and not (isinstance(e, family_max) and not e.args[1].is_Integer),
            lambda e: e.expanded(),
        )
    if expr.has(sp.Derivative):
        expr = expr.doit(deep=True)
    return expr


_install_latex_hook()  # sp.latex(sp.Derivative(sigmoid(x), x)) prints \sigma'(x), as the article does
