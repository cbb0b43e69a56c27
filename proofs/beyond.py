"""Beyond the article: second derivative, tanh, max-plus semiring laws, convergence rates, softmax."""

import sympy as sp

from derivations import Proof, cite, claim, derivative_at, eq, ge, gt, le, logb, lt, relu, sigmoid, tropical_add, tropical_mul
from derivations import when

x, y, z, c = (sp.Symbol(name, real=True) for name in ("x", "y", "z", "c"))
t = sp.Symbol("t", positive=True)
beta = sp.Symbol("beta", positive=True)
n, i, j, k = (sp.Symbol(name, integer=True, positive=True) for name in ("n", "i", "j", "k"))
X = sp.IndexedBase("x", real=True)
e = sp.exp
s = sigmoid(x)


@claim(
    "sigmoid-second-derivative",
    title=r"$\sigma'' = \sigma(1-\sigma)(1-2\sigma)$; the slope's only maximum is at $0$",
    latex=r"\sigma''(x)=\sigma(x)(1-\sigma(x))(1-2\sigma(x))",
    order=110,
)
def sigmoid_second_derivative():
    slope = sp.Derivative(s, x)
    second = sp.Mul(s, 1 - s, 1 - 2 * s, evaluate=False)  # the article's order of factors
    p = Proof(
        statement=(
            eq(sp.Derivative(s, (x, 2)), second),
            when(sp.Ne(x, 0), lt(slope, derivative_at(s, x, 0))),
        )
    )
    p.chain(sp.Derivative(s, (x, 2))).eq(
        sp.Derivative(sp.Mul(s, 1 - s, evaluate=False), x), r"differentiate the logistic ODE $\sigma' = \sigma(1-\sigma)$", rule="derivative"
    ).eq(second, r"product rule, $\sigma' = \sigma(1-\sigma)$", rule="derivative")
    for condition, name in ((gt(x, 0), "$x > 0$"), (lt(x, 0), "$x < 0$")):
        p.chain(slope, condition=condition, title=name).eq(
            sp.Rational(1, 4) - (s - sp.Rational(1, 2)) ** 2, r"$\sigma(1-\sigma) = \frac14 - (\sigma - \frac12)^2$"
        ).lt(sp.Rational(1, 4), r"$\sigma(x) \neq \frac12$ for $x \neq 0$", rule="inequality").eq(
            derivative_at(s, x, 0), r"$\sigma'(0) = \frac14$", rule="lemma", lemma=cite("sigmoid-derivative-bound")
        )
    return p


@claim(
    "tanh-sigmoid",
    title=r"$\tanh(x) = 2\sigma(2x) - 1$, and $\tanh' = 1 - \tanh^2 \leq 1$: a per-layer factor of $1$, not $\frac14$",
    latex=r"\tanh(x)=2\sigma(2x)-1",
    order=120,
)
def tanh_sigmoid():
    th = sp.tanh(x)
    slope = sp.Derivative(th, x)
    p = Proof(statement=(eq(th, 2 * sigmoid(2 * x) - 1), eq(slope, 1 - th**2), le(slope, 1)))
    p.chain(th).eq((e(x) - e(-x)) / (e(x) + e(-x)), r"definition of $\tanh$").eq(
        2 / (1 + e(-2 * x)) - 1, r"multiply by $e^{-x}$ above and below"
    ).eq(2 * sigmoid(2 * x) - 1, r"definition of $\sigma$", rule="definition")
    p.chain(slope).eq(1 - th**2, "differentiate", rule="derivative").le(1, r"$\tanh^2 \geq 0$", rule="inequality")
    return p


@claim(
    "maxplus-semiring",
    title=r"The max-plus semiring on $\mathbb{R} \cup \{-\infty\}$",
    latex=r"(x\oplus y)\oplus z=x\oplus(y\oplus z)\\ x\oplus y=y\oplus x\\ x\otimes(y\oplus z)=(x\otimes y)\oplus(x\otimes z)\\ x\oplus x=x\\ \rho(x)=x\oplus 0",
    order=130,
)
def maxplus_semiring():
    add, mul = tropical_add, tropical_mul
    p = Proof(
        statement=(
            eq(add(add(x, y), z), add(x, add(y, z))),
            eq(add(x, y), add(y, x)),
            eq(mul(mul(x, y), z), mul(x, mul(y, z))),
            eq(mul(x, y), mul(y, x)),
            eq(mul(x, add(y, z)), add(mul(x, y), mul(x, z))),
            eq(add(-sp.oo, x), x),
            eq(mul(-sp.oo, x), -sp.oo),
            eq(mul(0, x), x),
            eq(add(x, x), x),
            eq(relu(x), add(x, 0)),
        )
    )
    p.exhaust(x, y, z, domain="extended-reals", title=r"every law, with each of $x, y, z$ finite or $-\infty$")
    return p


def _substituted(expr, point):
    """expr at the point with the substitution shown, not evaluated: log_t(1 + t^0) or log_t(t^y + t^y) - y,
    not log_t 2 already (which would make the equality case read as a tautology); a max of equal
    arguments collapses (SymPy cannot keep max(0, 0)), and a term that is 0 there is dropped."""
    with sp.evaluate(False):
        shown = expr.subs(point).replace(lambda e: e.is_Mul and any(a == 0 for a in e.args), lambda e: sp.Integer(0))
    terms = [term for term in sp.Add.make_args(shown) if term != 0]
    return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)


def _rate(claim_id, title, latex, gap, bound, at_equality, cases, order):
    """0 < gap <= bound, = bound exactly at the equality point, < bound elsewhere."""

    @claim(claim_id, title=title, latex=latex, order=order)
    def build():
        equal_condition, equal_point = at_equality
        at_point = _substituted(gap, equal_point)
        p = Proof(
            statement=(
                lt(0, gap),
                le(gap, bound),
                eq(at_point, bound),
                when(equal_condition, lt(gap, bound)),
            ),
            assumptions=(gt(t, 1),) if gap.has(t) else (),
        )
        for condition, name, simpler, strictness in cases:
            chain = p.chain(gap, condition=condition, title=name).eq(simpler, "factor out the larger term")
            (chain.lt if strictness else chain.le)(bound, "the logarithm is increasing", rule="inequality")
            p.chain(gap, condition=condition, title=name).eq(simpler, "factor out the larger term").gt(
                0, r"the argument of the logarithm exceeds $1$", rule="inequality"
            )
        where = ", ".join(f"${sp.latex(k)} = {sp.latex(v)}$" for k, v in equal_point.items())
        p.chain(at_point, title="the equality case").eq(bound, f"at {where}")
        return p

    return build


relu_limit_rate = _rate(
    "relu-limit-rate",
    r"$0 < \log_t(1+t^x) - \max(0,x) \leq \log_t 2$, equality only at $x = 0$: the ReLU limit is uniform",
    r"0<\log_t(1+t^x)-\max(0,x)\leq\log_t2",
    logb(1 + t**x, t) - sp.Max(0, x),
    logb(2, t),
    (sp.Ne(x, 0), {x: 0}),
    [
        (sp.Ge(x, 0), r"$x \geq 0$", logb(1 + t ** (-x), t), False),
        (sp.Gt(x, 0), r"$x > 0$", logb(1 + t ** (-x), t), True),
        (sp.Lt(x, 0), r"$x < 0$", logb(1 + t**x, t), True),
    ],
    140,
)

tropical_add_rate = _rate(
    "tropical-add-rate",
    r"$0 < \log_t(t^x+t^y) - \max(x,y) \leq \log_t 2$, equality only at $x = y$",
    r"0<\log_t(t^x+t^y)-\max(x,y)\leq\log_t2",
    logb(t**x + t**y, t) - sp.Max(x, y),
    logb(2, t),
    (sp.Ne(x, y), {x: y}),
    [
        (sp.Ge(x, y), r"$x \geq y$", logb(1 + t ** (y - x), t), False),
        (sp.Gt(x, y), r"$x > y$", logb(1 + t ** (y - x), t), True),
        (sp.Lt(x, y), r"$x < y$", logb(1 + t ** (x - y), t), True),
    ],
    150,
)

softplus_beta_rate = _rate(
    "softplus-beta-rate",
    r"$0 < \frac{\log(1+e^{\beta x})}{\beta} - \max(0,x) \leq \frac{\log 2}{\beta}$",
    r"0<\frac{\log(1+e^{\beta x})}{\beta}-\max(0,x)\leq\frac{\log2}{\beta}",
    sp.log(1 + e(beta * x)) / beta - sp.Max(0, x),
    sp.log(2) / beta,
    (sp.Ne(x, 0), {x: 0}),
    [
        (sp.Ge(x, 0), r"$x \geq 0$", sp.log(1 + e(-beta * x)) / beta, False),
        (sp.Gt(x, 0), r"$x > 0$", sp.log(1 + e(-beta * x)) / beta, True),
        (sp.Lt(x, 0), r"$x < 0$", sp.log(1 + e(beta * x)) / beta, True),
    ],
    160,
)


@claim(
    "softplus-beta-limit",
    title=r"$\operatorname{softplus}_\beta(x) = \frac{1}{\beta}\log(1+e^{\beta x}) \to \max(0,x)$ as $\beta \to \infty$",
    latex=r"\lim_{\beta\to\infty}\frac{\log(1+e^{\beta x})}{\beta}=\max(0,x)",
    order=161,
)
def softplus_beta_limit():
    lim = sp.Limit(sp.log(1 + e(beta * x)) / beta, beta, sp.oo)
    p = Proof(statement=eq(lim, sp.Max(0, x)))
    p.chain(lim).eq(sp.Max(0, x), r"each sign case of $x$ (rate: softplus-beta-rate)", rule="limit")
    return p


def _softmax(index, shift=0):
    def score(m):  # x_m + c, as the article writes it
        return sp.Add(X[m], shift, evaluate=False) if shift else X[m]

    return e(score(index)) / sp.Sum(e(score(k)), (k, 1, n))


@claim(
    "softmax-shift-invariance",
    title=r"Softmax is invariant under adding a constant to every score (any $n$)",
    latex=r"\frac{e^{x_i+c}}{\sum_{k=1}^{n}e^{x_k+c}}=\frac{e^{x_i}}{\sum_{k=1}^{n}e^{x_k}}",
    order=170,
    families=("x",),
)
def softmax_shift_invariance():
    p = Proof(statement=eq(_softmax(i, c), _softmax(i)), assumptions=(le(i, n),))
    factored = sp.Mul(  # e^c e^{x_i} / (e^c sum_k e^{x_k}), before cancelling
        e(c), e(X[i]), sp.Pow(sp.Mul(e(c), sp.Sum(e(X[k]), (k, 1, n)), evaluate=False), -1, evaluate=False), evaluate=False
    )
    p.chain(_softmax(i, c)).eq(
        factored, r"$e^{x_k + c} = e^c e^{x_k}$, and $e^c$ leaves the sum"
    ).eq(_softmax(i), r"cancel $e^c > 0$")
    return p


@claim(
    "softmax-as-sigmoid",
    title=r"Softmax is a sigmoid of the score against the log-sum of the others (any $n \geq 2$)",
    latex=r"\frac{e^{x_i}}{\sum_{k=1}^{n}e^{x_k}}=\sigma(x_i-\log(\sum_{k=1}^{n}e^{x_k}-e^{x_i}))",
    order=180,
    families=("x",),
)
def softmax_as_sigmoid():
    total = sp.Sum(e(X[k]), (k, 1, n))
    rest = total - e(X[i])  # the sum over j != i
    two = e(X[1]) / (e(X[1]) + e(X[2]))
    p = Proof(
        statement=(eq(_softmax(i), sigmoid(X[i] - sp.log(rest))), eq(sigmoid(X[1] - X[2]), two)),
        assumptions=(ge(n, 2), le(i, n)),
    )
    shifted = sp.exp(sp.Mul(-1, sp.Add(X[i], -sp.log(rest), evaluate=False), evaluate=False), evaluate=False)
    p.chain(_softmax(i)).eq(
        1 / (1 + sp.Mul(e(-X[i]), rest, evaluate=False)), r"divide by $e^{x_i}$; $\sum_k e^{x_k} = e^{x_i} + \sum_{j \neq i} e^{x_j}$"
    ).eq(1 / (1 + shifted), r"$e^{-x_i} u = e^{-(x_i - \log u)}$").eq(
        sigmoid(X[i] - sp.log(rest)), r"definition of $\sigma$", rule="definition"
    )
    p.chain(sigmoid(X[1] - X[2]), title=r"$n = 2$: the article's two-class softmax").eq(
        1 / (1 + e(X[2] - X[1])), "softmax-two-class", rule="lemma", lemma=cite("softmax-two-class", x=X[1], y=X[2])
    ).eq(two, "softmax-two-class", rule="lemma", lemma=cite("softmax-two-class", x=X[1], y=X[2]))
    return p


@claim(
    "softmax-jacobian",
    title=r"The softmax Jacobian $\partial p_i / \partial x_j = p_i(\delta_{ij} - p_j)$, for every $n$ from 2 to 8",
    latex=r"\frac{\partial}{\partial x_j}\frac{e^{x_i}}{\sum_{k=1}^{n}e^{x_k}}=\frac{e^{x_i}}{\sum_{k=1}^{n}e^{x_k}}(\delta_{ij}-\frac{e^{x_j}}{\sum_{k=1}^{n}e^{x_k}})",
    order=190,
    families=("x",),
)
def softmax_jacobian():
    p_i, p_j = _softmax(i), _softmax(j)
    p = Proof(
        statement=eq(sp.Derivative(p_i, X[j]), sp.Mul(p_i, sp.KroneckerDelta(i, j) - p_j, evaluate=False)),
        assumptions=(ge(n, 2), le(n, 8), ge(i, 1), le(i, n), ge(j, 1), le(j, n)),
    )
    p.exhaust(n, i, j, title=r"every $n$ from 2 to 8 and every $i, j \leq n$ (symbolic $n$ is not attempted)")
    return p


@claim(
    "logsumexp-bounds",
    title=r"$\max_k x_k \leq \log_t \sum_k t^{x_k} \leq \max_k x_k + \log_t n$, equal on the right iff all $x_k$ are equal; hence the $n$-term tropical limit (every $n$ from 2 to 8)",
    latex=r"\max_{1\leq k\leq n}x_k\leq\log_t(\sum_{k=1}^{n}t^{x_k})\leq\max_{1\leq k\leq n}x_k+\log_t n",
    order=200,
    families=("x",),
    timeout=120,  # 35 cases (n, j), each bound split on the largest x_k: about 16 CPU seconds, most of it the limits
)
def logsumexp_bounds():
    from derivations.notation import family_max

    top = family_max(X, n)
    soft = logb(sp.Sum(t ** X[k], (k, 1, n)), t)
    p = Proof(
        statement=(
            le(top, soft),
            le(soft, top + logb(n, t)),
            eq(sp.Limit(soft, t, sp.oo), top),
            eq(logb(sp.Sum(t**y, (k, 1, n)), t), y + logb(n, t)),
            when(lt(X[j], top), lt(soft, top + logb(n, t))),
        ),
        assumptions=(gt(t, 1), ge(n, 2), le(n, 8), ge(j, 1), le(j, n)),
    )
    p.exhaust(
        n,
        j,
        title=r"every $n$ from 2 to 8 (and $j \leq n$): each bound by cases on the largest $x_k$, the limit by squeezing between the bounds",
    )
    return p


TAU = sp.Symbol("tau", positive=True)
GAP = sp.Symbol("Delta", positive=True)
S = sp.IndexedBase("s", nonnegative=True)


@claim(
    "softmax-temperature-limit",
    title=r"A unique maximum with gap $\Delta$: $1 - \operatorname{softmax}(x/\tau)_{\max} \leq (n-1)e^{-\Delta/\tau} \to 0$ as $\tau \to 0^+$ (any $n$)",
    latex=r"1-\frac{e^{x_1/\tau}}{e^{x_1/\tau}+\sum_{k=2}^{n}e^{(x_1-\Delta-s_k)/\tau}}\leq(n-1)e^{-\Delta/\tau}",
    order=210,
    families=("x", "s"),
)
def softmax_temperature_limit():
    # Every score vector whose largest entry is unique with gap >= Delta, numbered so the largest is
    # x_1: x_k = x_1 - Delta - s_k with s_k >= 0 for k = 2..n.
    top = e(X[1] / TAU)
    others = sp.Sum(e((X[1] - GAP - S[k]) / TAU), (k, 2, n))
    rest = 1 - top / sp.Add(top, others, evaluate=False)  # the mass outside the maximum
    scaled = sp.Sum(e(-(GAP + S[k]) / TAU), (k, 2, n))
    bound = (n - 1) * e(-GAP / TAU)
    lim = sp.Limit(rest, TAU, 0, "+")
    p = Proof(statement=(le(rest, bound), eq(lim, 0)), assumptions=(ge(n, 2),))
    p.chain(rest).eq(others / sp.Add(top, others, evaluate=False), "one denominator").eq(
        scaled / (1 + scaled), r"divide above and below by $e^{x_1/\tau}$"
    ).le(scaled, r"$\frac{u}{1+u} \leq u$ for $u \geq 0$", rule="inequality").le(
        sp.Sum(e(-GAP / TAU), (k, 2, n)), r"termwise, as $s_k \geq 0$", rule="inequality"
    ).eq(bound, r"$n-1$ equal terms")
    p.chain(rest).eq(scaled / (1 + scaled), "as above").ge(0, "a quotient of positive sums", rule="inequality")
    p.chain(lim, facts=(ge(rest, 0), le(rest, bound)), title=r"$\tau \to 0^+$").eq(
        0, r"squeeze between $0$ and the bound", rule="limit"
    )
    return p

