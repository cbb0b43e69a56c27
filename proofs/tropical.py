"""The max-plus (tropical) operations as limits of log_t(t^x + t^y) and log_t(t^x t^y)."""

import sympy as sp

from derivations import eq, lt, gt, ge, Proof, claim, logb, tropical_add, tropical_mul

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
t = sp.Symbol("t", positive=True)


@claim(
    "tropical-add-limit",
    title="Tropical addition is the limit of $\\log_t(t^x + t^y)$",
    latex=r"x\oplus y=\max(x,y)=\lim_{t\to\infty}\log_t(t^x+t^y)",
    order=90,
)
def tropical_add_limit():
    lim = sp.Limit(logb(t**x + t**y, t), t, sp.oo)
    p = Proof(
        statement=(eq(tropical_add(x, y), sp.Max(x, y)), eq(sp.Max(x, y), lim)),
        assumptions=(gt(t, 1),),
    )
    p.chain(tropical_add(x, y)).eq(sp.Max(x, y), r"definition of $\oplus$", rule="definition")
    p.chain(lim, condition=ge(x, y), title=r"$x \geq y$").eq(
        sp.Limit(x + logb(1 + t ** (y - x), t), t, sp.oo), r"$t^x + t^y = t^x (1 + t^{y-x})$"
    ).eq(x, r"$t^{y-x} \to 0$ or $= 1$: $\log_t(1 + t^{y-x}) \to 0$", rule="limit").eq(sp.Max(x, y), r"$x \geq y$")
    p.chain(lim, condition=lt(x, y), title="$x < y$").eq(
        sp.Limit(y + logb(1 + t ** (x - y), t), t, sp.oo), r"$t^x + t^y = t^y (1 + t^{x-y})$"
    ).eq(y, r"$t^{x-y} \to 0$", rule="limit").eq(sp.Max(x, y), "$x < y$")
    return p


@claim(
    "tropical-mul-limit",
    title="Tropical multiplication is $\\log_t(t^x t^y)$, exactly and in the limit",
    latex=r"x\otimes y=x+y=\lim_{t\to\infty}\log_t(t^x\cdot t^y)",
    order=100,
)
def tropical_mul_limit():
    product = sp.Mul(t**x, t**y, evaluate=False)
    lim = sp.Limit(logb(product, t), t, sp.oo)
    p = Proof(
        statement=(
            eq(tropical_mul(x, y), x + y), eq(x + y, lim), eq(logb(product, t), x + y)
        ),
        assumptions=(sp.Ne(t, 1),),
    )
    p.chain(tropical_mul(x, y)).eq(x + y, r"definition of $\otimes$", rule="definition")
    p.chain(logb(product, t), title=r"exactly, for every $t > 0$, $t \neq 1$").eq(
        logb(t ** (x + y), t), "$t^x t^y = t^{x+y}$"
    ).eq(x + y, r"$\log_t t^{a} = a$")
    p.chain(lim, title="the limit").eq(sp.Limit(x + y, t, sp.oo), "the exact identity, for every $t > 1$").eq(
        x + y, "the limit of a constant", rule="limit"
    )
    return p
