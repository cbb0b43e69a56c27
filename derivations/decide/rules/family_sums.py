"""Identities about sums over a family x_1, ..., x_n of symbolic length (softmax sums to 1, its Jacobian): linearity, factors free of the index pulled out, Kronecker deltas summed, then each distinct sum a symbol of its own."""

from __future__ import annotations

import sympy as sp

from derivations.model.verdict import Counterexample, StepCheck, Verdict
from . import Context, Goal, fallback

LABEL = "family sums"
_K = sp.Symbol("k_", integer=True)  # the one index every sum is written with, to compare sums


def over_family(e) -> bool:
    """Does e hold a sum over a family x_k whose bounds are not numbers (a length n)?"""
    return any(isinstance(s, sp.Sum) and s.has(sp.Indexed) and not all(b.is_number for _, lo, hi in s.limits for b in (lo, hi)) for s in sp.preorder_traversal(e))


def unified(e):
    """z_i written as a name where the family z is indexed elsewhere (\\partial z_i beside \\sum_k e^{z_k}) is
    the member z[i]: one reading, so that d/dz_i of e^{z_j} is delta_ij e^{z_j}, never 0."""
    bases = {x.base.label.name: x.base for x in e.atoms(sp.Indexed) if x.base.label.is_Symbol}
    mapping = {}
    for s in e.atoms(sp.Symbol):
        base, _, index = s.name.rpartition("_")
        if base in bases and len(index) == 1 and index.isalpha():
            mapping[s] = bases[base][sp.Symbol(index, integer=True)]
    return e.xreplace(mapping) if mapping else e


class _Normal:
    """Sums rewritten into a canonical form, each distinct one then a symbol of its own."""

    def __init__(self, indices):
        self.indices = indices  # free integer indices (i of x_i): in the family's range
        self.sums: dict[sp.Basic, sp.Symbol] = {}
        self.used_delta = False

    def __call__(self, e):
        if isinstance(e, sp.Sum) and len(e.limits) == 1:
            return self._sum(self(e.function), *e.limits[0])
        if not e.args or isinstance(e, sp.Indexed):
            return e
        return e.func(*[self(a) for a in e.args])

    def _sum(self, body, k, lo, hi):
        total = sp.Integer(0)
        for term in sp.Add.make_args(sp.expand(body)):
            outside, inside = term.as_independent(k, as_Add=False)
            delta = next((f for f in sp.Mul.make_args(inside) if isinstance(f, sp.KroneckerDelta) and k in f.args), None)
            if delta is not None:
                other = delta.args[0] if delta.args[1] == k else delta.args[1]
                if other not in self.indices:
                    raise ValueError("a Kronecker delta with an index not known to be in the range")
                self.used_delta = True
                total += outside * (inside / delta).xreplace({k: other})
                continue
            if inside == 1:
                total += outside * (hi - lo + 1)
                continue
            key = sp.Sum(inside.xreplace({k: _K}), (_K, lo, hi))
            symbol = self.sums.setdefault(key, sp.Symbol(f"S{len(self.sums) + 1}", real=True))
            total += outside * symbol
        return total


def _index_cases(d, indices, facts):
    """The case i = j (j written i) or i != j (delta_ij = 0) of two free indices, from the facts."""
    said, named = [], {s.name: s for s in indices}  # a fact's i may be read as a real symbol: matched by name
    for fact in facts:
        if isinstance(fact, (sp.Eq, sp.Ne)) and all(getattr(a, "name", None) in named for a in fact.args) and fact.lhs != fact.rhs:
            i, j = sorted((named[fact.lhs.name], named[fact.rhs.name]), key=str)
            if isinstance(fact, sp.Eq):
                d, _ = d.xreplace({j: i}), said.append(f"{j} = {i}")
            else:
                d, _ = d.replace(lambda e: isinstance(e, sp.KroneckerDelta) and set(e.args) == {i, j}, lambda e: sp.Integer(0)), said.append(f"delta_{i}{j} = 0 ({i} != {j})")
    return d, ("in the case " + ", ".join(said) + ": ") if said else ""


@fallback("identity", order=30)
def by_family_algebra(goal: Goal, ctx: Context) -> StepCheck:
    """lhs = rhs with sums over a family x_1..x_n, n symbolic: both sides rewritten exactly (linearity,
    factors free of the index out, delta_{ik} summed to the i-th term for an index i of the family), every
    distinct sum then an independent symbol; the difference is 0 as a function of those symbols, hence 0."""
    if goal.op != "=":
        return StepCheck.unknown(LABEL, "not an equality")
    d = unified(sp.sympify(goal.lhs - goal.rhs))
    if not over_family(d):
        return StepCheck.unknown(LABEL, "no sum over a family of symbolic length")
    indices = {i for x in d.atoms(sp.Indexed) for i in x.indices if i.is_Symbol and i.is_integer}
    bound = {lim[0] for s in d.atoms(sp.Sum) for lim in s.limits}
    d, cases = _index_cases(d.doit() if d.has(sp.Derivative) else d, indices - bound, ctx.facts)
    normal = _Normal(indices - bound)
    try:
        form = sp.simplify(sp.together(normal(d)))
    except (ValueError, TypeError, NotImplementedError) as exc:
        return StepCheck.unknown(LABEL, str(exc))
    if (form.has(sp.Sum) or form != 0) and (indices - bound):  # an index i of x_i: its cases are the reader's, not proposed
        return StepCheck.unknown(LABEL, f"with each sum a symbol, the difference is {sp.sstr(form)}, not 0 (about an index {', '.join(sorted(str(i) for i in indices - bound))} of the family: not refuted here)")
    if form.has(sp.Sum) or form != 0:  # not 0 as a function of the sums: perhaps false, for the numbers to show
        detail = f"with each sum a symbol, the difference is {sp.sstr(form)}, not 0: looked for a length n and values where it fails"
        return StepCheck(Verdict.REFUTED, LABEL, detail, Counterexample({}, detail, False))
    shown = "; ".join(f"{s} = {sp.sstr(k)}" for k, s in normal.sums.items())
    where = " (an index i of x_i in 1..n: delta_{ik} summed to the i-th term)" if normal.used_delta else ""
    return StepCheck.proved(f"{LABEL}: {cases}linearity, factors free of the index taken out{where}; with {shown or 'no sum left'}, the difference is 0 identically")


LENGTHS = (1, 2, 3, 4)  # the family lengths n at which the numbers check a statement about x_1, ..., x_n


def instances(rel, facts=()) -> list[tuple[sp.Basic, tuple, dict]]:
    """(rel, facts) at concrete family lengths (and rel's free indices i at the ends of 1..n), every sum
    written out and x_k a symbol of its own: what the numeric tripwire evaluates for a statement about
    x_1, ..., x_n with n symbolic."""
    rel = unified(rel)
    lengths = {b for s in rel.atoms(sp.Sum) for _, lo, hi in s.limits for b in (sp.sympify(lo), sp.sympify(hi)) if b.is_Symbol}
    bound = {lim[0] for s in rel.atoms(sp.Sum) for lim in s.limits}
    free = sorted({i for x in rel.atoms(sp.Indexed) for i in x.indices if i.is_Symbol and i.is_integer} - bound - lengths, key=str)
    if len(lengths) != 1 or len(free) > 2:
        return []
    (n,) = lengths
    out = []
    for N in LENGTHS:
        for ends in sorted({tuple(choice) for choice in _choices(len(free), N)}):
            values = {n: sp.Integer(N), **{i: sp.Integer(v) for i, v in zip(free, ends)}}
            at = [_written_out(sp.sympify(e).xreplace(values)) for e in (rel.lhs, rel.rhs)]
            by_name = {s.name: v for s, v in values.items()}  # a fact's i or n may be another symbol of that name
            given = []
            for f in facts:
                if not isinstance(f, sp.Rel):
                    continue
                named = {s: by_name[s.name] for s in f.free_symbols if s.name in by_name}
                fact = f.func(*[_written_out(sp.sympify(a).xreplace(values).xreplace(named)) for a in f.args])
                if fact is sp.false:
                    break  # this choice of the indices is not a case the statement is about
                if fact is not sp.true:
                    given.append(fact)
            else:
                out.append((rel.func(*at, evaluate=False), tuple(given), {s.name: str(v) for s, v in values.items()}))
    return out


def _written_out(e):
    """Every sum with number bounds as the sum of its terms (never summed in closed form, which would
    decide the statement instead of evaluating it), then derivatives taken."""
    def out(x):
        if isinstance(x, sp.Sum) and len(x.limits) == 1:
            k, lo, hi = x.limits[0]
            if lo.is_Integer and hi.is_Integer:
                body = out(x.function)
                return sp.Add(*[body.xreplace({k: sp.Integer(v)}) for v in range(int(lo), int(hi) + 1)])
        if not x.args or isinstance(x, sp.Indexed):
            return x
        return x.func(*[out(a) for a in x.args])

    e = out(e)
    e = e.doit() if e.has(sp.Derivative) else e
    members = {x: sp.Symbol(f"{x.base.label}_{x.indices[0]}", real=True) for x in e.atoms(sp.Indexed) if len(x.indices) == 1 and x.indices[0].is_Integer}
    return e.xreplace(members)


def _choices(count, N):
    if count == 0:
        return [()]
    return [tuple([1] * count), tuple([N] * count)] + ([(1, N), (N, 1)] if count == 2 and N > 1 else [])
