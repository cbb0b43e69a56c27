"""Softplus: the integral of the sigmoid, written with the natural logarithm."""

import sympy as sp

from derivations import eq, Proof, claim, logb, sigmoid

x = sp.Symbol("x", real=True)
e = sp.exp


@claim(
    "softplus-antiderivative",
    title="Softplus is an antiderivative of the sigmoid",
    latex=r"\int\sigma(x)dx = \int\frac{e^x}{1+e^x}dx=\log(1+e^x)",
    order=60,
)
def softplus_antiderivative():
    first, second = sp.Integral(sigmoid(x), x), sp.Integral(e(x) / (1 + e(x)), x)
    p = Proof(statement=(eq(first, second), eq(second, sp.log(1 + e(x)))))
    p.chain(first).eq(second, r"$\sigma(x) = \frac{e^x}{1+e^x}$ (the second form)").eq(
        sp.log(1 + e(x)), r"differentiate: $\frac{d}{dx}\log(1+e^x) = \frac{e^x}{1+e^x}$", rule="antiderivative"
    )
    return p


@claim(
    "softplus-natural-log",
    title="The logarithm in softplus is the natural one",
    latex=r"\log(1+e^x)=\log_e(1+e^x)",
    order=70,
)
def softplus_natural_log():
    p = Proof(statement=eq(sp.log(1 + e(x)), logb(1 + e(x), sp.E)))
    p.chain(sp.log(1 + e(x))).eq(
        logb(1 + e(x), sp.E), r"$\log_e y = \frac{\log y}{\log e}$ and $\log e = 1$", rule="definition"
    )
    return p
