"""A claim's Coq twin: its statement printed from the claim, each part proved by the tactic of the
derivation's rules where they have one, else by a hand-written lemma of proofs/coq/ (checked by `exact`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import sympy as sp

from derivations.model.claims import Chain, ClaimSpec, Induction, Proof, relation_symbol
from derivations.base.errors import UnsupportedNotation
from .printer import CoqPrinter, is_nat, name

# The rules whose steps a tactic closes on its own: algebra of the definitions (field after unfolding,
# exp_plus, ln_exp), a derivative computed from the definitions (auto_derive, then field).
CLOSING = {"identity": "algebra", "definition": "algebra", "derivative": "derive", "antiderivative": "derive"}
TACTICS = {
    "algebra": "act_algebra.",
    "derive": "act_derive.",
    "same-antiderivative": "apply antiderivative_ext; intro; act_algebra.",
    "antiderivative": "intro; act_derive.",
    "rbar": "act_rbar.",
}
HEADER = "From Coq Require Import Reals Lra Lia.\nFrom Coquelicot Require Import Coquelicot.\nFrom Activation Require Import Activation.\n"


class NoTwin(Exception):
    """The claim has no Coq twin: a notation the printer lacks, or a part with neither tactic nor lemma."""


@dataclass(frozen=True)
class Twin:
    claim_id: str
    theorem: str  # the Coq name of the claim's theorem
    text: str  # the whole .v file
    hand: tuple[str, ...]  # the hand-written lemmas it uses (Module.name)


def ident(claim_id: str) -> str:
    return re.sub(r"\W", "_", claim_id)


def hand_lemmas(folder: Path) -> dict[str, str]:
    """Lemma name -> its module, for every proofs/coq/*.v."""
    found: dict[str, str] = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.v")):
            for lemma in re.findall(r"^\s*(?:Lemma|Theorem)\s+([\w']+)", path.read_text(encoding="utf-8"), re.M):
                found[lemma] = path.stem
    return found


def binders(proof: Proof, printer: CoqPrinter, printed: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(the statement's variables as Coq binders, their names, its hypotheses): each free symbol of the
    statement in the order it first appears in the printed statement (outside `fun v =>`: the text is
    the same whatever the hash seed, SymPy's traversal of a Max is not); its sign from the symbol's
    assumptions, then the claim's assumptions about these variables (one about a limit's bound variable
    only is not about them)."""
    text = re.sub(r"fun [\w']+ =>", "", " ".join(printed))
    free = set().union(*(rel.free_symbols for rel in proof.statement))

    def first(symbol):
        found = re.search(rf"(?<![\w']){re.escape(name(symbol))}(?![\w'])", text)
        return (found.start() if found else len(text), name(symbol))

    seen = sorted(free, key=first)
    names, parts, hyps = [], [], []
    for symbol in seen:
        if symbol.is_integer and not is_nat(symbol):
            raise NoTwin(f"the integer variable {symbol} may be negative (only natural numbers are printed)")
        kind = "nat" if is_nat(symbol) else "R"
        names.append(name(symbol))
        parts.append(f"({name(symbol)} : {kind})")
        if kind == "nat" and symbol.is_positive:
            hyps.append(f"(1 <= {name(symbol)})%nat")
        elif kind == "R" and symbol.is_positive:
            hyps.append(f"0 < {name(symbol)}")
        elif kind == "R" and symbol.is_nonnegative:
            hyps.append(f"0 <= {name(symbol)}")
        elif kind == "R" and symbol.is_negative:
            hyps.append(f"{name(symbol)} < 0")
    for assumption in proof.assumptions:
        if assumption.free_symbols and assumption.free_symbols <= set(seen):
            hyps.append(printer.relation(assumption))
    return parts, names, hyps


def _chains(proof: Proof):
    for part in proof.built_parts():
        if isinstance(part, Chain):
            yield part
        elif isinstance(part, Induction):
            yield from part.base_chains + part.step_chains


def _equal(a, b) -> bool:
    """The same expression, also when one is held as the author wrote it (a step read from LaTeX is
    unevaluated: 1/(1 + e^{-x}) as written is not the tree SymPy builds for it)."""
    if a == b:
        return True
    try:
        return sp.expand(sp.sympify(a) - sp.sympify(b)) == 0
    except Exception:  # noqa: BLE001 - not comparable: not the same
        return False


def _same(a: sp.Basic, op: str, b: sp.Basic, rel: sp.Basic) -> bool:
    flipped = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
    lhs, want, rhs = sp.sympify(rel.lhs), relation_symbol(rel), sp.sympify(rel.rhs)
    return (op == want and _equal(a, lhs) and _equal(b, rhs)) or (flipped[op] == want and _equal(b, lhs) and _equal(a, rhs))


def derived_by(proof: Proof, rel: sp.Basic) -> list[list[str]] | None:
    """The rules of the steps that establish rel in one unconditional chain of the derivation (None if
    no single chain does: a case split, an induction)."""
    from derivations.model.claims import compose

    if not isinstance(rel, sp.core.relational.Relational):  # a conditional part: no single chain reaches it
        return None
    for chain in _chains(proof):
        if chain.condition is not sp.true:
            continue
        nodes = [chain.start] + [s.expr for s in chain.steps]
        for i in range(len(nodes)):
            for j in range(i + 1, len(nodes)):
                op = compose([s.relation for s in chain.steps[i:j]])
                if op is not None and _same(nodes[i], op, nodes[j], rel):
                    return [[s.rule, s.justification] for s in chain.steps[i:j]]
    return None


def _shape(printed: str, rel) -> str | None:
    """The tactic kind for a part of this shape, if its steps close by tactic."""
    if printed.startswith("is_derive"):
        return "derive"
    if printed.startswith("forall F"):
        return "same-antiderivative"
    if printed.startswith("is_antiderivative"):
        return "antiderivative"
    if re.search(r"\b(is_lim|filterlim|Derive|Derive_n)\b", printed):
        return None
    if "tropical_" in printed or "Finite" in printed:
        return "rbar"
    return "algebra" if isinstance(rel, sp.Eq) else None


def _comment(text: str) -> str:
    return text.replace("(*", "( *").replace("*)", "* )")


def build(spec: ClaimSpec, proof: Proof, hand_dir: Path) -> Twin:
    """The .v file of the claim's twin (NoTwin when it has none)."""
    printer = CoqPrinter()
    try:
        statement = [printer.relation(rel) for rel in proof.statement]
        parts_binders, names, hyps = binders(proof, printer, statement + printer.derives)
    except UnsupportedNotation as exc:
        raise NoTwin(str(exc)) from exc
    lemmas = hand_lemmas(hand_dir)
    base = ident(spec.id)
    obligations = list(dict.fromkeys(printer.derives))
    conjuncts = [(text, None) for text in obligations] + list(zip(statement, proof.statement))
    prefix = ("forall " + " ".join(parts_binders) + ", ") if parts_binders else ""
    arrows = "".join(f"{h} -> " for h in hyps)
    hyp_names = [f"H{i}" for i in range(1, len(hyps) + 1)]
    intro = ("intros " + " ".join(names + hyp_names) + ". ") if names or hyps else ""
    blocks, used = [], []
    for k, (text, rel) in enumerate(conjuncts, start=1):
        lemma = f"{base}_part{k}"
        steps = derived_by(proof, rel) if rel is not None else None
        kinds = {CLOSING.get(rule) for rule, _ in steps} if steps is not None else {None}
        shape = _shape(text, rel) if rel is not None and None not in kinds else None
        if lemma in lemmas:  # written by hand where no tactic closes the part (or the tactic is too weak)
            how = f"(* by hand: proofs/coq/{lemmas[lemma]}.v *)"
            body = f"Proof. exact {lemmas[lemma]}.{lemma}. Qed."
            used.append(f"{lemmas[lemma]}.{lemma}")
        elif shape is not None:
            how = f"(* derivation: {_comment('; '.join(j for _, j in steps))} [{', '.join(sorted({r for r, _ in steps}))}] *)"
            body = f"Proof. {intro}{TACTICS[shape]} Qed."
        else:
            raise NoTwin(f"no Coq proof of part {k} yet: its steps have no closing tactic and proofs/coq/ has no lemma {lemma}")
        blocks.append(f"{how}\nLemma {lemma} : {prefix}{arrows}{text}.\n{body}\n")
    whole = " /\\ ".join(f"({text})" if "->" in text or "<->" in text or text.startswith("forall") else text for text, _ in conjuncts)
    args = " ".join(names + hyp_names)
    terms = [f"({base}_part{k}{' ' + args if args else ''})" for k in range(1, len(conjuncts) + 1)]
    proof_term = terms[-1]
    for term in reversed(terms[:-1]):
        proof_term = f"(conj {term} {proof_term})"
    modules = sorted({u.split(".")[0] for u in used})
    source = Path(spec.source.rsplit(":", 1)[0]).name if spec.source else ""
    text = "\n".join([
        f"(* The Coq twin of the claim {spec.id} ({source}), generated by `derive export`: do not edit. *)",
        f"(* The article: {_comment(spec.latex)} *)",
        HEADER + "".join(f"From Proofs Require {m}.\n" for m in modules) + "Open Scope R_scope.\n",
        *blocks,
        f"Theorem {base} : {prefix}{arrows}{whole}.",
        f"Proof. {intro}exact {proof_term}. Qed.\n",
        f"Print Assumptions {base}.\n",
    ])
    return Twin(spec.id, base, text, tuple(used))
