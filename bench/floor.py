"""The floor: the same core mathematics as `derive verify`, in plain SymPy and mpmath, with no engine.

Per claim: the symbolic decision (exact simplification, derivative, certificate, or each sign case of a
limit along the two routes soundness asks for), then an mpmath evaluation at 50 digits at 21 points,
as the engine's cross-check does. No rules, no registry, no processes, no reporting.
"""

import mpmath
import sympy as sp

x, y = sp.symbols("x y", real=True)
t = sp.Symbol("t", positive=True)
d = sp.Symbol("d", positive=True)
s_ = sp.Symbol("s", positive=True)
s = 1 / (1 + sp.exp(-x))
POINTS = [sp.Rational(v) for v in ("0", "1/1000", "-1/1000", "1/10", "-1/10", "1/2", "-1/2", "1", "-1", "5/2",
                                   "-5/2", "7", "-7", "10", "-10", "40", "-40", "200", "-200", "3/4", "-3/4")]


def numeric(expr, symbols=(x,)):
    f = sp.lambdify(symbols, expr, modules="mpmath")
    with mpmath.workdps(60):
        for p in POINTS:
            values = [mpmath.mpf(int(p.p)) / int(p.q)] * len(symbols)
            assert abs(f(*values)) < mpmath.mpf(10) ** -40


def zero(expr, symbols=(x,)):
    assert sp.simplify(expr) == 0
    numeric(expr, symbols)


def limit_two_routes(expr, expected):
    first = sp.limit(expr, t, sp.oo)
    try:
        second = sp.limit(expr.subs(t, sp.exp(s_)), s_, sp.oo)
    except NotImplementedError:  # this substitution needs a sign; the engine falls back the same way
        second = sp.limit(sp.expand_log(sp.expand(expr)), t, sp.oo)
    assert sp.simplify(first - expected) == 0 and sp.simplify(second - expected) == 0


zero(s - sp.exp(x) / (1 + sp.exp(x)))  # sigmoid-exp-form
zero(sp.diff(s, x) - s * (1 - s))  # sigmoid-ode
zero(sp.Rational(1, 4) - s * (1 - s) - (s - sp.Rational(1, 2)) ** 2)  # sigmoid-derivative-bound: AM-GM
assert sp.simplify(sp.diff(s, x).subs(x, 0)) == sp.Rational(1, 4)
u = sp.Function("f")(x)  # vanishing-gradient: the chain rule of one more layer
inner = sp.diff(1 / (1 + sp.exp(-u)), x)
assert sp.simplify(inner - (sp.exp(-u) / (1 + sp.exp(-u)) ** 2) * sp.diff(u, x)) == 0
for n in range(1, 7):
    tower = x
    for _ in range(n):
        tower = 1 / (1 + sp.exp(-tower))
    numeric(sp.Max(0, sp.diff(tower, x) - sp.Rational(1, 4**n)))
zero(1 / (1 + sp.exp(-(x - y))) - sp.exp(x) / (sp.exp(x) + sp.exp(y)), (x, y))  # softmax-two-class
zero(sp.diff(sp.log(1 + sp.exp(x)), x) - sp.exp(x) / (1 + sp.exp(x)))  # softplus-antiderivative
zero(sp.log(1 + sp.exp(x)) - sp.log(1 + sp.exp(x)) / sp.log(sp.E))  # softplus-natural-log
for value, expected in ((d, d), (0, 0), (-d, 0)):  # relu-limit, by sign cases
    limit_two_routes(sp.log(1 + t**value) / sp.log(t), expected)
for xv, yv, expected in ((y + d, y, y + d), (y, y, y), (x, x + d, x + d)):  # tropical-add-limit
    limit_two_routes(sp.log(t**xv + t**yv) / sp.log(t), expected)
mul = sp.expand_log(sp.log(t**x * t**y)) / sp.log(t) - (x + y)  # tropical-mul-limit
assert sp.simplify(mul) == 0
numeric(mul.subs(t, sp.Rational(5, 2)), (x, y))
limit_two_routes(x + y + 0 * t, x + y)
print("floor: all core computations done")
