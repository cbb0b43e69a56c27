"""The sigmoid: its two forms, the ODE sigma' = sigma(1 - sigma), the 1/4 bound, and vanishing gradients."""

import sympy as sp

from derivations import eq, le, lt, Proof, cite, claim, derivative_at, sigmoid, sigmoid_tower

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
n = sp.Symbol("n", integer=True, positive=True)
e = sp.exp


@claim(
    "sigmoid-exp-form",
    title="The two forms of the sigmoid",
    latex=r"\sigma(x)=\frac{1}{1+e^{-x}}=\frac{e^x}{1+e^x}",
    order=10,
)
def sigmoid_exp_form():
    p = Proof(
        statement=eq(1 / (1 + e(-x)), e(x) / (1 + e(x))),
        definitions=(eq(sigmoid(x), 1 / (1 + e(-x))),),
    )
    p.chain(r"\frac{1}{1+e^{-x}}") \
        .eq(r"\frac{e^x}{e^x(1+e^{-x})}", r"multiply numerator and denominator by $e^x$") \
        .eq(r"\frac{e^x}{1+e^x}", r"$e^x e^{-x} = 1$")
    return p


@claim(
    "sigmoid-ode",
    title="The sigmoid solves the logistic ODE",
    latex=r"\sigma'(x) = \sigma(x)(1-\sigma(x))",
    order=20,
)
def sigmoid_ode():
    ode = sp.Mul(sigmoid(x), 1 - sigmoid(x), evaluate=False)  # the article's order of factors
    p = Proof(statement=eq(sp.Derivative(sigmoid(x), x), ode))
    p.chain(r"\sigma'(x)") \
        .eq(r"\frac{d}{dx}\frac{1}{1+e^{-x}}", r"definition of $\sigma$", rule="definition") \
        .eq(r"\frac{e^{-x}}{(1+e^{-x})^2}", "chain rule", rule="derivative") \
        .eq(sp.Mul(1 / (1 + e(-x)), e(-x) / (1 + e(-x)), evaluate=False), "split the fraction") \
        .eq(r"\sigma(x)(1-\sigma(x))", r"$\frac{e^{-x}}{1+e^{-x}} = 1 - \sigma(x)$")
    return p


@claim(
    "sigmoid-derivative-bound",
    title="The sigmoid's slope lies in $(0, 1/4]$, with $1/4$ attained at $0$",
    latex=r"0<\sigma'(x)\leq\frac{1}{4}",
    order=30,
)
def sigmoid_derivative_bound():
    s = sigmoid(x)
    slope = sp.Derivative(s, x)
    p = Proof(
        statement=(
            lt(0, slope), le(slope, sp.Rational(1, 4)), eq(derivative_at(s, x, 0), sp.Rational(1, 4))
        )
    )
    ode = cite("sigmoid-ode")
    product = sp.Mul(s, 1 - s, evaluate=False)
    mean = sp.Mul(sp.Add(s, 1 - s, evaluate=False), sp.Pow(2, -1, evaluate=False), evaluate=False)
    p.chain(slope, title="upper bound").eq(product, "the logistic ODE", rule="lemma", lemma=ode).le(
        sp.Pow(mean, 2, evaluate=False),
        r"AM-GM with $a = \sigma$, $b = 1 - \sigma$",
        rule="am-gm",
        a=s,
        b=1 - s,
    ).eq(sp.Rational(1, 4), r"$\sigma + (1 - \sigma) = 1$")
    p.chain(slope, title="lower bound").eq(product, "the logistic ODE", rule="lemma", lemma=ode).gt(
        0, r"$0 < \sigma < 1$, so both factors are positive", rule="positivity"
    )
    s0 = sigmoid(0)
    p.chain(derivative_at(s, x, 0), title="equality case").eq(
        sp.Mul(s0, 1 - s0, evaluate=False), "the logistic ODE at $x = 0$", rule="lemma", lemma=cite("sigmoid-ode", x=0)
    ).eq(sp.Mul(sp.Rational(1, 2), sp.Rational(1, 2), evaluate=False), r"$\sigma(0) = \frac{1}{1+1} = \frac{1}{2}$").eq(
        sp.Rational(1, 4), "multiply"
    )
    return p


@claim(
    "vanishing-gradient",
    title="Vanishing gradients: $n$ stacked sigmoids have slope at most $4^{-n}$",
    latex=r"0<f_n'(x)\leq 4^{-n}",
    order=40,
    notation={"f": sigmoid_tower},  # f_n(x): n stacked sigmoids
)
def vanishing_gradient():
    f = lambda k: sigmoid_tower(k, x)  # noqa: E731 - reads like the article's f_k
    slope = lambda k: sp.Derivative(f(k), x)  # noqa: E731
    p = Proof(
        statement=(lt(0, slope(n)), le(slope(n), 4 ** (-n))),
        assumptions=(),
    )
    bound = cite("sigmoid-derivative-bound")
    induction = p.induction(n, 1, title="induction on the depth $n$")
    induction.base_chain(slope(1), title="$n = 1$").le(
        sp.Rational(1, 4), r"$f_1 = \sigma$ and $\sigma' \leq 1/4$", rule="lemma", lemma=bound
    )
    induction.base_chain(slope(1)).gt(0, r"$\sigma' > 0$", rule="lemma", lemma=bound)
    inner = derivative_at(sigmoid(x), x, f(n))
    succ = n + 1
    chained = sp.Mul(inner, slope(n), evaluate=False)  # sigma'(f_n(x)) f_n'(x): outer derivative first
    induction.step_chain(slope(succ), title="$n$ to $n + 1$").eq(
        chained, r"$f_{n+1} = \sigma(f_n)$, chain rule", rule="chain-rule"
    ).le(
        sp.Mul(sp.Rational(1, 4), 4 ** (-n), evaluate=False),
        r"$\sigma' \leq 1/4$ at $f_n(x)$, and the induction hypothesis",
        rule="bound-product",
        lemmas=[cite("sigmoid-derivative-bound", x=f(n))],
    ).eq(sp.Pow(4, sp.Mul(-1, succ, evaluate=False), evaluate=False), "$4^{-1} 4^{-n} = 4^{-(n+1)}$")  # 4^{-(n+1)}, as written
    induction.step_chain(slope(succ)).eq(chained, "chain rule", rule="chain-rule").gt(
        0, r"$\sigma' > 0$ and $f_n' > 0$ (hypothesis)", rule="positivity"
    )
    return p


@claim(
    "softmax-two-class",
    title="The sigmoid is the two-class softmax",
    latex=r"\sigma(x-y)=\frac{1}{1+e^{y-x}}=\frac{e^x}{e^x+e^y}",
    order=50,
)
def softmax_two_class():
    p = Proof(
        statement=(
            eq(sigmoid(x - y), 1 / (1 + e(y - x))), eq(1 / (1 + e(y - x)), e(x) / (e(x) + e(y)))
        )
    )
    p.chain(sigmoid(x - y)).eq(1 / (1 + e(sp.Mul(-1, x - y, evaluate=False))), r"definition of $\sigma$", rule="definition").eq(
        1 / (1 + e(y - x)), "$-(x - y) = y - x$"
    ).eq(e(x) / (e(x) + e(y)), "multiply numerator and denominator by $e^x$")
    return p
