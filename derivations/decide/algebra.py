"""Symbolic decision procedures shared by the rules: exact zero tests, facts as assumptions, signs, sign cases."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator

import sympy as sp

from .fresh import Fresh, gap

from derivations.base.budget import budget
from derivations.notation import Notation, expand_notation

_SHAPE_BREAKERS = (sp.Max, sp.Min, sp.Abs, sp.Piecewise, sp.Heaviside, sp.sign)


@dataclass(frozen=True)
class Decision:
    """The outcome of a symbolic test: True / False / None (undecided), and how it was reached."""

    value: bool | None
    method: str

    def __bool__(self) -> bool:  # pragma: no cover - guard against `if decision:` misuse
        raise TypeError("use decision.value")


# ---------------------------------------------------------------- facts -> assumptions


def _as_positive_form(fact: sp.Basic) -> tuple[sp.Expr, bool] | None:
    """A relation as ``f > 0`` (strict=True) or ``f >= 0`` (strict=False)."""
    if isinstance(fact, (sp.StrictGreaterThan, sp.GreaterThan)):
        return fact.lhs - fact.rhs, isinstance(fact, sp.StrictGreaterThan)
    if isinstance(fact, (sp.StrictLessThan, sp.LessThan)):
        return fact.rhs - fact.lhs, isinstance(fact, sp.StrictLessThan)
    return None


def positive_forms(facts) -> list[tuple[sp.Expr, bool]]:
    out = []
    for fact in facts:
        form = _as_positive_form(fact)
        if form is not None:
            out.append(form)
    return out


def _like(symbol, **assumptions):
    """A symbol of the same name with these assumptions; a Dummy stays a Dummy (a limit's fresh
    variable must never merge with a user's symbol of the same name)."""
    if isinstance(symbol, Fresh):
        return Fresh(symbol.name, meaning=symbol.meaning, **assumptions)
    if isinstance(symbol, sp.Dummy):
        return Fresh(symbol.name, **assumptions)
    return sp.Symbol(symbol.name, **assumptions)


def strengthen(facts) -> dict[sp.Symbol, sp.Basic]:
    """Symbols that the facts pin down (t > 1 makes t positive; x >= 0 nonnegative; x = 0 a value).

    Replacing a symbol by one with stronger assumptions is sound inside a context where the facts
    hold, and lets SymPy apply rules such as log(t^x) = x log t that need them.
    """
    mapping: dict[sp.Symbol, sp.Basic] = {}
    for fact in facts:
        if isinstance(fact, sp.Eq) and fact.lhs.is_Symbol and fact.rhs.is_number:
            mapping[fact.lhs] = fact.rhs
            continue
        if isinstance(fact, sp.Ne) and fact.lhs.is_Symbol and fact.rhs == 0 and fact.lhs not in mapping:
            kept = {k: v for k, v in fact.lhs.assumptions0.items() if v is not None and k in ("integer", "real")}
            kept.setdefault("real", True)
            mapping[fact.lhs] = _like(fact.lhs, nonzero=True, **kept)
            continue
        form = _as_positive_form(fact)
        if form is None:
            continue
        f, strict = form
        symbols = f.free_symbols
        if len(symbols) != 1:
            continue
        (s,) = symbols
        if s in mapping or not f.is_polynomial(s) or sp.degree(f, s) != 1:
            continue
        a, c = sp.Poly(f, s).all_coeffs()  # f = a s + c  (>0 or >=0)
        bound = -c / a
        if not (a.is_number and bound.is_number):
            continue
        assumptions = {k: v for k, v in s.assumptions0.items() if v is not None and k in ("integer", "real")}
        assumptions.setdefault("real", True)
        if a > 0 and (bound > 0 or (bound == 0 and strict)):
            mapping[s] = _like(s, positive=True, **assumptions)
        elif a > 0 and bound == 0:
            mapping[s] = _like(s, nonnegative=True, **assumptions)
        elif a < 0 and (bound < 0 or (bound == 0 and strict)):
            mapping[s] = _like(s, negative=True, **assumptions)
        elif a < 0 and bound == 0:
            mapping[s] = _like(s, nonpositive=True, **assumptions)
    return mapping


# ---------------------------------------------------------------- exact zero


SIMPLIFY_SECONDS = 8.0
_FORMS = (
    ("exact arithmetic", lambda d: d),
    ("cancel", lambda d: sp.cancel(sp.together(d))),
    ("expand", sp.expand),
    ("expand_log + powsimp", lambda d: sp.simplify(sp.powsimp(sp.expand_log(sp.expand(d)), force=False))),
    ("simplify", sp.simplify),
    ("rewrite(exp) + simplify", lambda d: sp.simplify(d.rewrite(sp.exp))),
    # arsinh, arcosh, artanh as the logarithms they are on the reals (arsinh x = log(x + sqrt(x^2 + 1)))
    ("rewrite(log) + simplify", lambda d: sp.simplify(d.rewrite(sp.log)) if d.has(sp.asinh, sp.acosh, sp.atanh) else d),
    # artanh(tanh x): the logarithm of a quotient of exponentials, log(e^{2x}) / 2 = x for real x
    ("rewrite(log) + rewrite(exp) + simplify", lambda d: sp.simplify(d.rewrite(sp.log).rewrite(sp.exp)) if d.has(sp.asinh, sp.acosh, sp.atanh) and d.has(sp.sinh, sp.cosh, sp.tanh) else d),
    # arccos x = pi/2 - arcsin x on [-1, 1], where arccos is defined
    ("rewrite(asin) + simplify", lambda d: sp.simplify(d.rewrite(sp.asin)) if d.has(sp.acos) else d),
)


def _canonical_forms(d: sp.Expr) -> Iterator[tuple[str, sp.Expr]]:
    for name, transform in _FORMS:
        try:
            with budget(SIMPLIFY_SECONDS):
                form = transform(d)
        except Exception:  # a SymPy failure in one canonicaliser decides nothing; try the next
            continue
        yield name, form


def is_zero(d: sp.Basic, facts=()) -> Decision:
    """Decide d == 0 identically, by exact simplification only (under the facts as assumptions)."""
    mapping = strengthen(facts)
    d = expand_notation(sp.sympify(d).xreplace(mapping))
    if d.has(*_SHAPE_BREAKERS):
        return _is_zero_by_cases(d, facts, mapping)
    for method, form in _canonical_forms(d):
        if form == 0:
            return Decision(True, method)
        if form.is_zero is False:
            return Decision(False, f"{method} leaves the nonzero constant {form}")
    return Decision(None, f"no simplification reduces {sp.sstr(d)} to 0")


def _is_zero_by_cases(d, facts, mapping) -> Decision:
    cases = sign_cases([d], [f.xreplace(mapping) for f in facts])
    if cases is None:
        return Decision(None, "a Max/Min/Abs/Piecewise argument is not linear in any symbol; no case split")
    labels = []
    for case in cases:
        piece = d.xreplace(case.substitution)
        if piece.has(*_SHAPE_BREAKERS):
            piece = sp.piecewise_fold(piece)
        decided = None
        for method, form in _canonical_forms(piece):
            if form == 0:
                decided = True
                break
            if form.is_zero is False:
                return Decision(False, f"case {case.label}: {method} leaves {form}")
        if not decided:
            return Decision(None, f"case {case.label}: could not reduce {sp.sstr(piece)} to 0")
        labels.append(case.label)
    return Decision(True, "case split (" + "; ".join(labels) + "), exact in each case")


# ---------------------------------------------------------------- sign cases


def consistent(symbol, value) -> bool:
    """Does the value respect the symbol's own sign assumptions (a strengthened x != 0 is never 0)?"""
    for key in ("positive", "nonnegative", "negative", "nonpositive", "zero", "nonzero"):
        if symbol.assumptions0.get(key) is True and getattr(value, "is_" + key) is False:
            return False
    return True


def linear_root(g, s):
    """The root of g, linear in s: -b/a from g = a s + b. (Not sp.solve: it honours s's assumptions, and
    a positive s has no root s = 0, which would silently drop a case.)"""
    a, b = sp.Poly(g, s).all_coeffs()
    return -b / a


@dataclass(frozen=True)
class Case:
    substitution: dict
    label: str


def _critical_differences(exprs) -> list[sp.Expr]:
    found: list[sp.Expr] = []
    for expr in exprs:
        for node in sp.preorder_traversal(expr):
            if isinstance(node, (sp.Max, sp.Min)):
                args = list(node.args)
                found.extend(a - b for i, a in enumerate(args) for b in args[i + 1 :])
            elif isinstance(node, (sp.Abs, sp.Heaviside, sp.sign)):
                found.append(node.args[0])
            elif isinstance(node, sp.Piecewise):
                for _, cond in node.args:
                    for rel in cond.atoms(sp.Rel):
                        found.append(rel.lhs - rel.rhs)
            elif isinstance(node, sp.Rel) and not isinstance(node, sp.Eq):
                found.append(node.lhs - node.rhs)
    out = []
    for f in found:
        f = sp.expand(f)
        if f.free_symbols and f not in out and -f not in out:
            out.append(f)
    return out


def sign_cases(exprs, facts=(), depth: int = 0) -> list[Case] | None:
    """Split on the sign of each Max/Min/Abs/Piecewise/relation argument that is linear in a symbol.

    Returns substitutions covering every real value of the split symbols (s = s0 + d, s0, s0 - d with
    d > 0), minus those the facts rule out; None when an argument is not linear in any symbol.
    """
    diffs = _critical_differences(exprs)
    if not diffs or depth > 4:
        return [Case({}, "all cases")] if depth == 0 else [Case({}, "")]
    delta = diffs[0]
    for s in sorted(delta.free_symbols, key=lambda s: s.name):
        if s.is_real is not True or not delta.is_polynomial(s) or sp.degree(delta, s) != 1:
            continue
        coeff = sp.Poly(delta, s).all_coeffs()[0]
        if not coeff.is_number:
            continue
        root = linear_root(delta, s)
        out = []
        # each case its own gap d > 0, printed as what it is (s - root, root - s): no _d in a message
        for sub_value, label in ((gap(s, lambda d: root + d), ">"), (root, "="), (gap(s, lambda d: root - d), "<")):
            if not consistent(s, sub_value):
                continue  # a nonzero (positive, ...) symbol never takes this value
            substitution = {s: sub_value}
            pieces = [sp.sympify(e).xreplace(substitution) for e in exprs]
            kept_facts = [f.xreplace(substitution) for f in facts]
            if any(f == sp.false for f in kept_facts):
                continue
            this = f"{s} {label} {sp.sstr(root)}"
            deeper = sign_cases(pieces, [f for f in kept_facts if f not in (sp.true,)], depth + 1)
            if deeper is None:
                return None
            for sub in deeper:
                merged = {k: v.xreplace(sub.substitution) for k, v in substitution.items()}
                merged.update(sub.substitution)
                out.append(Case(merged, this + (", " + sub.label if sub.label else "")))
        return out
    return None


# ---------------------------------------------------------------- signs


def sign_of(expr: sp.Expr, facts=()) -> tuple[str | None, str]:
    """'pos', 'nonneg' or None (not known), with the reason; only symbolic facts are used."""
    mapping, forms = _prepared(tuple(facts))
    return _sign(sp.sympify(expr).xreplace(mapping), list(forms), depth=0)


@functools.lru_cache(maxsize=512)
def _prepared(facts: tuple) -> tuple[dict, tuple]:
    """The facts as symbol strengthenings and expanded 'form > 0' hypotheses, computed once per set of
    facts: a case split asks for the signs of many expressions under the same facts."""
    mapping = strengthen(facts)
    return mapping, tuple((sp.expand(f.xreplace(mapping)), strict) for f, strict in positive_forms(facts))


def summand_forms(index, lower, upper, forms) -> list[tuple[sp.Expr, bool]]:
    """The facts that hold inside a sum over index: none that mention the index (that was a free
    symbol of the same name, not the bound one), plus lower <= index <= upper."""
    kept = [(f, strict) for f, strict in forms if index not in f.free_symbols]
    return kept + [(sp.expand(index - lower), False), (sp.expand(upper - index), False)]


def sum_extent(lower, upper, facts) -> str | None:
    """'nonempty' if upper >= lower, 'empty-or-more' if upper >= lower - 1, else None: in SymPy's
    (Karr's) convention a sum whose upper limit is below lower - 1 is minus another sum, of either sign."""
    mapping = strengthen(facts)
    forms = [(sp.expand(f.xreplace(mapping)), strict) for f, strict in positive_forms(facts)]
    return _extent(sp.sympify(lower).xreplace(mapping), sp.sympify(upper).xreplace(mapping), forms)


def _extent(lower, upper, forms) -> str | None:
    if _sign(upper - lower, forms, 7)[0] is not None:
        return "nonempty"
    if _sign(upper - lower + 1, forms, 7)[0] is not None:
        return "empty-or-more"
    return None


def _sum_sign(expr, forms, depth) -> tuple[str | None, str]:
    """A sum of positive (nonnegative) terms over a nonempty (possibly empty) range."""
    (index, lower, upper), summand = expr.limits[0], expr.function
    extent = _extent(lower, upper, forms)
    if extent is None:
        return None, f"the range of {sp.sstr(expr)} is not known to be nonnegative"
    sign, why = _sign(summand, summand_forms(index, lower, upper, forms), depth + 1)
    if sign is None:
        return None, why
    if sign == "pos" and extent == "nonempty":
        return "pos", f"a nonempty sum of positive terms ({why})"
    return "nonneg", f"a sum of terms >= 0 ({why})"


# The range of each bounded function of the vocabulary over its whole domain: (low, low attained?, high,
# high attained?), an infinite end unused. A sum is bounded below by putting each bounded term at its
# worst end (1 - cos x >= 1 - 1 = 0; pi/2 - atan x > 0, the end never reached).
RANGES = {
    sp.sin: (-1, True, 1, True), sp.cos: (-1, True, 1, True), sp.tanh: (-1, False, 1, False),
    sp.atan: (-sp.pi / 2, False, sp.pi / 2, False), sp.asin: (-sp.pi / 2, True, sp.pi / 2, True),
    sp.acos: (0, True, sp.pi, True), sp.sech: (0, False, 1, True), sp.cosh: (1, True, sp.oo, False),
}


def value_range(g):
    """(low, low attained?, high, high attained?) of g for a bounded function F(u) of the vocabulary, |F(u)|
    or F(u)^n (n a positive integer), every value it takes wherever it is defined; None for any other g.
    "Attained" is conservative: True unless the end is certainly never reached."""
    if type(g) in RANGES and len(g.args) == 1:
        return RANGES[type(g)]
    if isinstance(g, sp.Abs) or (g.is_Pow and g.exp.is_Integer and g.exp > 0):
        inner = value_range(g.args[0] if isinstance(g, sp.Abs) else g.base)
        if inner is None:
            return None
        low, low_at, high, high_at = inner
        n = 1 if isinstance(g, sp.Abs) else int(g.exp)
        if isinstance(g, sp.Abs) or n % 2 == 0:
            size, size_at = max(abs(low), abs(high)), (low_at if abs(low) >= abs(high) else False) or (high_at if abs(high) >= abs(low) else False)
            bottom = 0 if (low <= 0) == sp.true and (high >= 0) == sp.true else min(abs(low), abs(high))
            return bottom, True, size**n, size_at
        return low**n, low_at, high**n, high_at
    return None


def _bounded_terms(expr, forms, depth) -> tuple[str | None, str]:
    """The sign of a sum through the ranges of its bounded terms: c F(u) >= c low (c > 0) or c high (c < 0)."""
    rest, used, strict = [], [], False
    for term in expr.args:
        c, g = term.as_coeff_Mul()
        found = value_range(g) if c != 0 else None
        if found is None:
            rest.append(term)
            continue
        low, low_at, high, high_at = found
        end, attained = (low, low_at) if c > 0 else (high, high_at)
        if end in (sp.oo, -sp.oo):
            rest.append(term)
            continue
        used.append(f"{sp.sstr(g)} {'>' if not attained and c > 0 else '>=' if c > 0 else '<' if not attained else '<='} {sp.sstr(end)}")
        rest.append(c * end)
        strict = strict or not attained
    if not used:
        return None, ""
    bound = sp.expand(sp.Add(*rest))  # expanded: a constant the reader kept as written (pi 2^{-1}) cancels
    sign, why = _sign(bound, forms, depth + 1) if bound != 0 else ("nonneg", "0")
    if sign is None:
        return None, why
    if sign == "nonneg" and strict:
        sign = "pos"
    return sign, f"the ranges of its bounded terms ({', '.join(used)}) leave {sp.sstr(bound)}: {why}"


def _sign(expr, forms, depth) -> tuple[str | None, str]:
    if expr.is_positive:
        return "pos", f"{sp.sstr(expr)} > 0 by its assumptions"
    if expr.is_nonnegative:
        return "nonneg", f"{sp.sstr(expr)} >= 0 by its assumptions"
    expanded = sp.expand(expr)
    for f, strict in forms:
        if sp.expand(expanded - f) == 0:
            return ("pos" if strict else "nonneg"), f"{sp.sstr(expr)} {'>' if strict else '>='} 0 is a hypothesis"
    if depth > 6:
        return None, f"sign of {sp.sstr(expr)} unknown"
    if expr.is_Mul or (expr.is_Pow and expr.exp.is_integer):
        factors = expr.args if expr.is_Mul else [expr.base] * 1
        signs = []
        for factor in factors:
            sign, why = _sign(factor, forms, depth + 1)
            if sign is None:
                if expr.is_Pow and expr.exp.is_even:
                    return "nonneg", f"{sp.sstr(expr)} is an even power"
                return None, why
            signs.append((sign, why))
        if expr.is_Pow and expr.exp.is_integer:
            return signs[0][0], signs[0][1]
        overall = "pos" if all(s == "pos" for s, _ in signs) else "nonneg"
        return overall, "product of factors with known sign: " + "; ".join(w for _, w in signs)
    if expr.is_Pow:
        sign, why = _sign(expr.base, forms, depth + 1)
        if sign == "pos" and expr.exp.is_real:
            return "pos", f"a positive base to a real power ({why})"
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        return _sum_sign(expr, forms, depth)
    found = value_range(expr)
    if found is not None and (found[0] >= 0) == sp.true:  # sech x > 0, acos x >= 0, cosh x >= 1
        low, attained = found[0], found[1]
        return ("pos" if low > 0 or not attained else "nonneg"), f"{sp.sstr(expr)} {'>' if low > 0 or not attained else '>='} {sp.sstr(0 if low > 0 else low)} on its whole domain"
    if isinstance(expr, sp.log):  # log u > 0 when u > 1 (log is increasing, log 1 = 0)
        sign, why = _sign(expr.args[0] - 1, forms, depth + 1)
        if sign is not None:
            return sign, f"log of a number {'>' if sign == 'pos' else '>='} 1 ({why})"
    if expr.is_Add:
        signs = [_sign(term, forms, depth + 1) for term in expr.args]
        if all(s is not None for s, _ in signs):
            overall = "pos" if any(s == "pos" for s, _ in signs) else "nonneg"
            return overall, "sum of terms with known sign: " + "; ".join(w for _, w in signs)
        sign, why = _bounded_terms(expr, forms, depth)
        if sign is not None:
            return sign, why
        common = sp.factor_terms(expr)  # x log t - y log t = log t (x - y): a product of known signs
        if common.is_Mul:
            sign, why = _sign(common, forms, depth + 1)
            if sign is not None:
                return sign, f"{sp.sstr(expr)} = {sp.sstr(common)}: {why}"
    if expr.has(Notation) or expr.has(sp.Derivative):
        # Unfold the notation and write the result over one denominator: e.g. 1 - sigma(x) becomes
        # e^{-x} / (1 + e^{-x}), whose factors SymPy's assumptions decide.
        unfolded = sp.factor(sp.together(expand_notation(expr)))
        if unfolded != expr and not unfolded.has(sp.Derivative):
            sign, why = _sign(unfolded, forms, depth + 1)
            if sign is not None:
                return sign, f"{sp.sstr(expr)} = {sp.sstr(unfolded)} by the definitions; {why}"
    return None, f"sign of {sp.sstr(expr)} is not known"
