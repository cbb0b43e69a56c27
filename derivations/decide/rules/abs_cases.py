"""Inequalities and identities with |.|, max and min of nonlinear arguments: the interval cut where each argument has one sign (after a period or an even symmetry), |u| <= c as u^2 <= c^2, or cases u >= 0 / u <= 0, each decided by the other deciders."""

from __future__ import annotations

import sympy as sp

from derivations.base.budget import OutOfTime, budget
from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback, gap_fallback

SECONDS = 8.0
MAX_CASES = 16
MAX_PIECES = 12
PIECE_SECONDS = 2.0  # CPU seconds for the calculus on one piece
_KINKS = (sp.Abs, sp.Max, sp.Min)


def _linear(e) -> bool:
    free = sorted(e.free_symbols, key=lambda s: s.name)
    return not free or (e.is_polynomial(*free) and sp.Poly(e, *free).total_degree() <= 1)


def _arguments(d):
    """The expressions whose signs fix every kink of d: u of |u|, a - b of max(a, b) and min(a, b)."""
    out = []
    for node in d.atoms(*_KINKS):
        if isinstance(node, sp.Abs):
            out.append(node.args[0])
        else:
            out += [a - b for k, a in enumerate(node.args) for b in node.args[k + 1 :]]
    return out


def _innermost(e):
    for node in sp.postorder_traversal(e):
        if isinstance(node, _KINKS) and not any(a.has(*_KINKS) for a in node.args):
            return node
    return None


def _cases(d, facts=()):
    """Every (expression without kinks, the closed conditions of its case); None past MAX_CASES."""
    out, todo = [], [(d, list(facts))]
    while todo:
        e, cons = todo.pop()
        kink = _innermost(e)
        if kink is None:
            out.append((e, cons))
            continue
        if isinstance(kink, sp.Abs):
            u = kink.args[0]
            pieces = [(u, [sp.Ge(u, 0)]), (-u, [sp.Le(u, 0)])]
        else:
            better = sp.Ge if isinstance(kink, sp.Max) else sp.Le
            pieces = [(a, [better(a, b) for b in kink.args if b is not a]) for a in kink.args]
        for piece, conditions in pieces:
            conditions = [c for c in conditions if c != sp.true]
            if sp.false not in conditions:
                todo.append((e.xreplace({kink: piece}), cons + conditions))
        if len(out) + len(todo) > MAX_CASES:
            return None
    return out


def _by_rule(e, strict, facts) -> bool:
    """e > 0 (>= 0) proved by the inequality rule and its fallbacks."""
    from . import check

    found = check("inequality", Goal(sp.Integer(0), "<" if strict else "<=", e), Context(tuple(facts), assumptions=tuple(facts)))
    return found.verdict is Verdict.PROVED


def _by_squares(d, strict, facts) -> str:
    """c - k|u| >= 0 when c >= 0 and c^2 - k^2 u^2 >= 0; |b| - |a| >= 0 when b^2 - a^2 >= 0."""
    terms = sp.Add.make_args(sp.expand(d))
    kinked = [t for t in terms if t.has(*_KINKS)]
    rest = sp.Add(*[t for t in terms if not t.has(*_KINKS)])
    parts = [t.as_coeff_Mul() for t in kinked]
    if not all(isinstance(a, sp.Abs) and k.is_number for k, a in parts):
        return ""
    plus = [(k, a) for k, a in parts if k > 0]
    minus = [(-k, a) for k, a in parts if k < 0]
    if len(minus) != 1 or len(plus) > 1 or (plus and rest != 0):
        return ""
    k, a = minus[0]
    c = plus[0][0] * plus[0][1].args[0] if plus else rest
    if not plus and not _by_rule(c, False, facts):
        return ""
    gap = sp.expand(c**2 - k**2 * a.args[0] ** 2)
    for form in (gap, sp.factor(gap), sp.simplify(gap)):
        if _by_rule(form, strict, facts):
            return f"{'|' + sp.sstr(c) + '|' if plus else sp.sstr(c) + ' >= 0'} and the squares: ({sp.sstr(c)})^2 - {sp.sstr(k**2)} ({sp.sstr(a.args[0])})^2 = {sp.sstr(form)} {'>' if strict else '>='} 0"
    return ""


def _by_cases(d, strict, facts) -> str:
    """Each case of the kinks decided, with its conditions or without them (a stronger statement)."""
    from .inequality import decide_sign

    cases = _cases(d)
    if cases is None:
        return ""
    done = []
    for e, cons in cases:
        e = sp.expand(e)
        label = ", ".join(sp.sstr(c) for c in cons)
        local = tuple(facts) + tuple(cons)
        if decide_sign(e, strict, local)[0] or decide_sign(sp.factor(sp.expand_trig(e)), strict, local)[0] or _by_rule(e, strict, facts):
            done.append(label)
            continue
        return ""
    return f"{len(done)} cases of the kinks ({'; '.join(done)}), each {'> 0' if strict else '>= 0'}"


def _reduced_span(d, x, span):
    """The span of x that decides d: one period when d is periodic on the whole line, x >= 0 when d is
    even there; (span, why)."""
    from .calculus_bounds import Span
    from .periodic import period

    if span.lo != -sp.oo or span.hi != sp.oo:
        return span, ""
    T = period(d.replace(lambda n: isinstance(n, _KINKS), lambda n: n.func(*n.args)), x)
    if T is not None:
        return Span(sp.Integer(0), True, T, True), f"periodic with period {sp.sstr(T)}: on [0, {sp.sstr(T)}]"
    if sp.expand(d.xreplace({x: -x}) - d) == 0:
        return Span(sp.Integer(0), True, sp.oo, False), "even: on x >= 0"
    return span, ""


def _signed(d, x, lo, lo_closed, hi, hi_closed):
    """Every kink of d replaced by its piece where its argument has one sign on the interval; None if not."""
    from .span_signs import follows

    e = d
    while True:
        kink = _innermost(e)
        if kink is None:
            return e
        if isinstance(kink, sp.Abs):
            u = kink.args[0]
            if follows(sp.Ge(u, 0), x, lo, lo_closed, hi, hi_closed):
                e = e.xreplace({kink: u})
            elif follows(sp.Le(u, 0), x, lo, lo_closed, hi, hi_closed):
                e = e.xreplace({kink: -u})
            else:
                return None
            continue
        better = sp.Ge if isinstance(kink, sp.Max) else sp.Le
        for a in kink.args:
            if all(follows(better(a, b), x, lo, lo_closed, hi, hi_closed) for b in kink.args if b is not a):
                e = e.xreplace({kink: a})
                break
        else:
            return None


def _quick(e, strict, x, a, ac, b, bc) -> str:
    """The sign of e (or of its factors) on the interval from the signs of its trig functions there."""
    from .inequality import decide_sign
    from .span_signs import span_facts

    facts = ((sp.Ge if ac else sp.Gt)(x, a), (sp.Le if bc else sp.Lt)(x, b)) + span_facts((e,), x, a, ac, b, bc)
    for form in dict.fromkeys((e, sp.factor(e), sp.factor(sp.expand_trig(e)))):
        ok, why = decide_sign(form, strict, facts)
        if ok:
            return f"{sp.sstr(form)}: {why}"
        total = 1
        for factor in sp.Mul.make_args(form):  # -(1 + sin x) sin x on [pi, 2 pi]: the signs of its factors
            if decide_sign(factor, strict, facts)[0]:
                continue
            if decide_sign(-factor, strict, facts)[0]:
                total = -total
                continue
            break
        else:
            if total > 0 and form.is_Mul:
                return f"{sp.sstr(form)}: each factor has a sign there"
    return ""


def _by_pieces(d, strict, x, span):
    """(Verdict, how, point): the span cut at the zeros of the kinks' arguments, each piece by calculus."""
    from .calculus_bounds import decide_one_variable

    if span.lo == -sp.oo or span.hi == sp.oo:
        return None
    cuts = set()
    for g in _arguments(d):
        try:
            with budget(2):
                zeros = sp.solveset(g, x, sp.Interval.open(span.lo, span.hi))
        except Exception:  # noqa: BLE001
            return None
        if zeros is sp.S.EmptySet:
            continue
        if not isinstance(zeros, sp.FiniteSet):
            return None
        cuts |= set(zeros)
    points = sorted(cuts, key=lambda c: float(c))
    if len(points) > MAX_PIECES:
        return None
    ends = [(span.lo, span.lo_closed)] + [(p, True) for p in points] + [(span.hi, span.hi_closed)]
    hows = []
    for (a, ac), (b, bc) in zip(ends, ends[1:]):
        e = _signed(d, x, a, False, b, False)  # signs inside; by continuity the same piece at its ends
        if e is None:
            return None
        facts = ((sp.Ge if ac else sp.Gt)(x, a), (sp.Le if bc else sp.Lt)(x, b))
        quick = _quick(e, strict, x, a, ac, b, bc)
        if quick:
            hows.append(f"on [{sp.sstr(a)}, {sp.sstr(b)}] f = {sp.sstr(e)}: {quick}")
            continue
        try:
            with budget(PIECE_SECONDS):
                found = decide_one_variable(e, strict, facts)
        except OutOfTime:
            return None
        if found is None:
            return None
        if found.verdict is Verdict.REFUTED:
            return Verdict.REFUTED, f"on [{sp.sstr(a)}, {sp.sstr(b)}] f = {sp.sstr(e)}: {found.how}", found.point
        hows.append(f"on [{sp.sstr(a)}, {sp.sstr(b)}] f = {sp.sstr(e)}: {found.how}")
    return Verdict.PROVED, f"cut at the zeros of the kinks ({', '.join(sp.sstr(p) for p in points) or 'none'}): " + "; ".join(hows), None


def decide_kinks(d, strict, facts):
    """(Verdict, how, point) or None."""
    from .calculus_bounds import Span, span_of

    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if len(variables) == 1:
        (x,) = variables
        own = [f for f in facts if x in f.free_symbols]
        span = span_of(x, own) if own else Span(-sp.oo, False, sp.oo, False)
        if span is not None:
            span, why = _reduced_span(d, x, span)
            e = _signed(d, x, span.lo, span.lo_closed, span.hi, span.hi_closed)
            if e is not None and not e.has(*_KINKS):
                from .calculus_bounds import decide_one_variable

                found = decide_one_variable(e, strict, span.closed(x))
                if found is not None:
                    return found.verdict, f"{why + '; ' if why else ''}on {span.text()} f = {sp.sstr(e)}: {found.how}", found.point
            found = _by_pieces(d, strict, x, span)
            if found is not None:
                return found[0], (why + "; " if why else "") + found[1], found[2]
            facts = list(facts) + [f for f in span.closed(x) if f not in facts]
    why = _by_squares(d, strict, facts) or _by_cases(d, strict, facts)
    return (Verdict.PROVED, why, None) if why else None


@gap_fallback("kinks")
def by_kinks(difference, strict: bool, ctx: Context) -> StepCheck:
    """small <= big (<) with |.|, max or min of a nonlinear argument in big - small."""
    from derivations.notation import expand_notation

    d = expand_notation(difference)
    if not d.has(*_KINKS) or all(_linear(u) for u in _arguments(d)):
        return StepCheck.unknown("kinks", "no |.|, max or min of a nonlinear argument")
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if not 1 <= len(variables) <= 3 or any(not v.is_real or v.is_integer for v in variables):
        return StepCheck.unknown("kinks", "not one to three real variables")
    facts = [sp.sympify(f) for f in ctx.facts if sp.sympify(f).free_symbols & set(variables)]
    try:
        with budget(SECONDS):
            found = decide_kinks(d, strict, facts)
    except OutOfTime:
        return StepCheck.unknown("kinks", "out of time")
    except Exception:  # noqa: BLE001 - a SymPy failure decides nothing
        return StepCheck.unknown("kinks", "a SymPy computation failed: not decided")
    if found is None:
        return StepCheck.unknown("kinks", "no case of the kinks left undecided was decided")
    verdict, how, point = found
    if verdict is Verdict.PROVED:
        return StepCheck.proved(f"kinks: {how}")
    if point is None or len(variables) != 1:
        return StepCheck.unknown("kinks", how)
    values = {variables[0].name: sp.sstr(point)}
    return StepCheck(Verdict.REFUTED, "kinks", how, Counterexample(values, how, point.is_Rational))


@fallback("identity")
def kinks_identity(goal: Goal, ctx: Context) -> StepCheck:
    """f = g with |.|, max, min of linear arguments (nested): on every cell of the kinks, f - g is a linear
    function whose exact minimum and maximum over the cell are both 0."""
    from sympy.solvers.simplex import InfeasibleLPError, UnboundedLPError, lpmax, lpmin
    from .piecewise_linear import cells

    if goal.op != "=":
        return StepCheck.unknown("kinks", "not an equality")
    d = sp.sympify(goal.lhs - goal.rhs)
    if not d.has(*_KINKS):
        return StepCheck.unknown("kinks", "no kink")
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    facts = [sp.sympify(f) for f in ctx.facts if sp.sympify(f).free_symbols & set(variables)]
    if not variables or any(not v.is_real or v.is_integer for v in variables):
        return StepCheck.unknown("kinks", "not piecewise linear in real variables")
    if any(not isinstance(f, (sp.Ge, sp.Gt, sp.Le, sp.Lt)) or not _linear(f.lhs - f.rhs) for f in facts):
        return StepCheck.unknown("kinks", "an assumption is not a linear inequality")
    closed = [{sp.Gt: sp.Ge, sp.Lt: sp.Le}.get(type(f), type(f))(f.lhs, f.rhs) for f in facts]
    try:
        with budget(SECONDS):
            found = cells(d, closed)
            if found is None:
                return StepCheck.unknown("kinks", "too many cells")
            count = 0
            for e, cons in found:
                e = sp.expand(e)
                cons = [c for c in cons if c != sp.true]
                if sp.false in cons or not _linear(e):
                    if not _linear(e):
                        return StepCheck.unknown("kinks", "a piece is not linear")
                    continue
                try:
                    low, _ = lpmin(e, cons)
                    high, _ = lpmax(e, cons)
                except InfeasibleLPError:
                    continue
                except UnboundedLPError:
                    return StepCheck.unknown("kinks", f"f - g = {sp.sstr(e)} is unbounded on a cell: not 0 there")
                if low != 0 or high != 0:
                    return StepCheck.unknown("kinks", f"f - g = {sp.sstr(e)} on a cell, between {sp.sstr(low)} and {sp.sstr(high)}")
                count += 1
    except OutOfTime:
        return StepCheck.unknown("kinks", "out of time")
    return StepCheck.proved(f"piecewise linear: on each of {count} nonempty closed cells of the kinks, f - g is linear with exact minimum and maximum 0")
