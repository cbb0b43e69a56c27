"""What holds on an interval of one variable: the sign of each sin, cos, tan, cot, sec, csc of a linear argument (read off the multiples of pi its image lies between), and polynomial conditions (solved exactly)."""

from __future__ import annotations

import sympy as sp

from derivations.decide.algebra import is_zero

_TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)
MAX_PERIODS = 64  # an image wider than this many multiples of pi has no constant sign anyway


def number_sign(v) -> int | None:
    """-1, 0 or 1 for a real constant, exactly or by a certain enclosure; None when unsure."""
    from derivations.decide import interval

    v = sp.sympify(v)
    if not v.is_number or v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    if v.is_Rational:
        return int(bool(v > 0)) - int(bool(v < 0))
    if is_zero(v).value is True:
        return 0
    return interval.sign(v, {})


def _image(argument, x, lo, lo_closed, hi, hi_closed):
    """The interval of a x + b over the interval of x: (A, A closed, B, B closed), or None."""
    argument = sp.expand(argument)
    if not argument.is_polynomial(x) or sp.degree(argument, x) != 1:
        return None
    a, b = argument.coeff(x, 1), argument.coeff(x, 0)
    if not (a.is_number and b.is_number) or a.is_zero:
        return None
    s = number_sign(a)
    if s is None or s == 0:
        return None
    ends = [(a * lo + b, lo_closed), (a * hi + b, hi_closed)]
    if s < 0:
        ends.reverse()
    (A, ac), (B, bc) = ends
    return A, ac, B, bc


def sine_sign(A, ac, B, bc) -> tuple[int, bool] | None:
    """(sign, strict) of sin t for every t of the interval from A to B: sign 1 (sin >= 0) or -1 (sin <= 0),
    strict when it is never 0 there; None when sin changes sign on it."""
    k = sp.floor(A / sp.pi)
    if not k.is_Integer or abs(k) > 10**6:
        return None
    k = int(k)
    low, high = k * sp.pi, (k + 1) * sp.pi
    if number_sign(B - high) == 1 or number_sign(B - high) is None:
        return None
    sign = 1 if k % 2 == 0 else -1
    touches_low = number_sign(A - low) == 0 and ac
    touches_high = number_sign(B - high) == 0 and bc
    return sign, not (touches_low or touches_high)


def _of(kind, A, ac, B, bc):
    """(sign, strict, defined) of one trig function over the image interval, or None."""
    sine = sine_sign(A, ac, B, bc)
    cosine = sine_sign(A + sp.pi / 2, ac, B + sp.pi / 2, bc)
    if kind in (sp.sin, sp.csc):
        if sine is None:
            return None
        return sine[0], sine[1], kind is sp.sin or sine[1]
    if kind in (sp.cos, sp.sec):
        if cosine is None:
            return None
        return cosine[0], cosine[1], kind is sp.cos or cosine[1]
    if sine is None or cosine is None:
        return None
    sign = sine[0] * cosine[0]
    if kind is sp.tan:
        return sign, sine[1], cosine[1]
    return sign, cosine[1], sine[1]  # cot


def sign_facts(expr, x, lo, lo_closed, hi, hi_closed) -> tuple:
    """Facts (cos(x) > 0, tan(x) >= 0, ...) of every trig function of a linear argument in expr whose
    sign is one on the interval (lo, hi, each end closed or not); nothing for an unbounded interval."""
    if lo in (sp.oo, -sp.oo) or hi in (sp.oo, -sp.oo) or not (sp.sympify(lo).is_number and sp.sympify(hi).is_number):
        return ()
    out = []
    arguments = {atom.args[0] for atom in sp.sympify(expr).atoms(*_TRIG)}  # tan x: the signs of sin x and cos x too
    for atom in sorted({kind(u, evaluate=False) for u in arguments for kind in _TRIG}, key=sp.default_sort_key):
        if x not in atom.free_symbols or atom.free_symbols != {x}:
            continue
        image = _image(atom.args[0], x, lo, lo_closed, hi, hi_closed)
        if image is None or number_sign(image[2] - image[0] - MAX_PERIODS * sp.pi) != -1:
            continue
        found = _of(type(atom), *image)
        if found is None:
            continue
        sign, strict, defined = found
        if not defined:
            continue
        rel = (sp.Gt if strict else sp.Ge) if sign > 0 else (sp.Lt if strict else sp.Le)
        out.append(rel(atom, 0))
    return tuple(out)


def as_signed_symbols(g, facts):
    """g with each function atom that a fact signs (cos(x) < 0, sin(x) >= 0) replaced by a symbol of that
    sign (-c with c > 0): a sign shown for every such value holds for the atoms' own values."""
    mapping = {}
    for f in facts:
        if not isinstance(f, (sp.Gt, sp.Ge, sp.Lt, sp.Le)) or f.rhs != 0 or not isinstance(f.lhs, _TRIG) or f.lhs in mapping:
            continue
        strict = isinstance(f, (sp.Gt, sp.Lt))
        c = sp.Dummy("c", positive=True) if strict else sp.Dummy("c", nonnegative=True)
        mapping[f.lhs] = c if isinstance(f, (sp.Gt, sp.Ge)) else -c
    return g.xreplace(mapping) if mapping else None


def _interval(lo, lo_closed, hi, hi_closed):
    return sp.Interval(lo, hi, not lo_closed, not hi_closed)


def _polynomial_holds(relation, x, lo, lo_closed, hi, hi_closed) -> bool:
    """A polynomial condition in x (numeric coefficients) at every x of the interval, solved exactly."""
    if not isinstance(relation, sp.Rel):
        return relation == sp.true
    g = relation.lhs - relation.rhs
    if not (g.is_polynomial(x) and all(c.is_number for c in sp.Poly(g, x).all_coeffs())):
        return False
    s = sp.Symbol("_s", real=True)
    try:
        if isinstance(relation, sp.Ne):
            solved = sp.Complement(sp.S.Reals, sp.solveset(g.xreplace({x: s}), s, sp.S.Reals))
        else:
            solved = sp.solve_univariate_inequality(relation.xreplace({x: s}), s, relational=False)
        return _interval(lo, lo_closed, hi, hi_closed).is_subset(solved) is True
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return False


def follows(relation, x, lo, lo_closed, hi, hi_closed, facts=()) -> bool:
    """Does relation (in x alone) hold at every x of the interval? A polynomial condition by solving it
    exactly; any other from the facts and the signs of its trig functions there (inequality certificates)."""
    from derivations.decide.domain import Condition, implied

    relation = sp.sympify(relation)
    if relation == sp.true or relation in facts:
        return True
    if relation.free_symbols != {x} or not isinstance(relation, (sp.Gt, sp.Ge, sp.Lt, sp.Le, sp.Ne)):
        return False
    g = relation.lhs - relation.rhs
    if _polynomial_holds(relation, x, lo, lo_closed, hi, hi_closed):
        return True
    known = tuple(facts) + span_facts((g,), x, lo, lo_closed, hi, hi_closed)
    return implied(Condition(relation), known)


def span_facts(exprs, x, lo, lo_closed, hi, hi_closed) -> tuple:
    """Facts true at every x of the interval: the signs of the trig functions of exprs and of each
    polynomial under a root, a logarithm or a denominator (1 - x^2 > 0 on (0, 1), >= 0 on [0, 1])."""
    out = list(sign_facts(sp.Add(*exprs), x, lo, lo_closed, hi, hi_closed))
    bases = set()
    for e in exprs:
        for p in sp.sympify(e).atoms(sp.Pow):
            if p.base.free_symbols == {x} and p.base.is_polynomial(x) and not p.base.is_Symbol and not (p.exp.is_Integer and p.exp > 0):
                bases.add(p.base)
        bases |= {l.args[0] for l in sp.sympify(e).atoms(sp.log) if l.args[0].free_symbols == {x} and l.args[0].is_polynomial(x) and not l.args[0].is_Symbol}
    for b in sorted(bases, key=sp.default_sort_key)[:6]:
        for rel in (sp.Gt(b, 0), sp.Lt(b, 0), sp.Ge(b, 0), sp.Le(b, 0)):
            if isinstance(rel, sp.Rel) and _polynomial_holds(rel, x, lo, lo_closed, hi, hi_closed):
                out.append(rel)
                break
    return tuple(out)


def interior_facts(exprs, x, lo, hi) -> tuple:
    """span_facts strictly inside (lo, hi)."""
    return span_facts(exprs, x, lo, False, hi, False)


__all__ = ["sign_facts", "sine_sign", "follows", "span_facts", "interior_facts"]
