"""ReLU as the limit of log_t(1 + t^x) as the base t grows, following the article's two branches."""

import sympy as sp

from derivations import eq, lt, gt, ge, Proof, claim, logb, relu

x = sp.Symbol("x", real=True)
t = sp.Symbol("t", positive=True)


@claim(
    "relu-limit",
    title="ReLU is the limit of $\\log_t(1 + t^x)$",
    latex=r"\lim_{t\to\infty}\log_t(1+t^x)=\max(0,x)=\rho(x)",
    order=80,
)
def relu_limit():
    lim = sp.Limit(logb(1 + t**x, t), t, sp.oo)
    p = Proof(
        statement=(eq(lim, sp.Max(0, x)), eq(sp.Max(0, x), relu(x))),
        assumptions=(gt(t, 1),),
    )
    p.chain(lim, condition=ge(x, 0), title=r"$x \geq 0$").eq(
        sp.Limit(sp.Add(logb(1 + 1 / t**x, t), x, evaluate=False), t, sp.oo), r"$1 + t^x = t^x (1 + t^{-x})$"
    ).eq(x, r"$\log_t(1+t^{-x}) \to 0$", rule="limit").eq(sp.Max(0, x), r"$x \geq 0$")
    p.chain(lim, condition=lt(x, 0), title="$x < 0$").eq(0, r"$t^x \to 0$, so $\log_t(1 + t^x) \to \log_t 1 = 0$", rule="limit").eq(
        sp.Max(0, x), "$x < 0$"
    )
    p.chain(sp.Max(0, x)).eq(relu(x), r"definition of $\rho$", rule="definition")
    return p
