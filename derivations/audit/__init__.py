"""`derive audit`: every formula of an article read, classified, decided, and matched to the claims that state it.

extract (Markdown through markdown-it-py, LaTeX through pylatexenc) -> sentences -> conditions (from the prose) ->
reader (parts, definitions, the claims a part could be) -> the needed claims verified -> resolve
(verdicts, domains) -> report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from derivations.audit.classify import definition_in
from derivations.read.extract import Article, Found, extract_markdown, extract_tex, read
from derivations.audit.report import CLAIM, CONDITION, DEFINITION, EXPRESSION, INFORMAL, UNSUPPORTED, Formula, Part, exit_code, summarize

__all__ = [
    "Article", "CLAIM", "CONDITION", "DEFINITION", "EXPRESSION", "Formula", "Found", "INFORMAL", "Part", "UNSUPPORTED",
    "audit", "definition_in", "exit_code", "extract_markdown", "extract_tex", "read", "summarize",
]


def audit(
    article: Article | Path, specs, verify: Callable, decide: Callable, on_part: Callable | None = None, on_stage: Callable | None = None,
    jobs: int = 1, timeout: float = 30.0,
) -> list[Formula]:
    """Every part of every formula of the article, in order.

    ``verify(ids)``: the verification results of those claims (only the claims some part could be are
    asked for, and only proved ones are used); ``decide(relation, facts)``: a decision for a part no
    proved claim states; ``on_part(formula)`` after each part, ``on_stage(name, total)`` at each stage.
    With jobs > 1 the parts are decided in that many worker processes, each part within about twice
    ``timeout`` seconds (a part may ask two decisions: as written, and in the limit).
    """
    from derivations.model.verdict import Verdict
    from derivations.audit.matching import Knowledge
    from derivations.audit.reader import Reader
    from derivations.audit.resolve import Resolver

    if not isinstance(article, Article):
        article = read(Path(article))
    if on_stage:
        on_stage("reading", len(article.formulas))
    proofs = {}
    for claim_id, spec in specs.items():
        try:
            proofs[claim_id] = spec.proof()
        except Exception:  # noqa: BLE001 - a broken proof script states nothing; verify reports it
            continue
    parts = Reader().read(article)
    _match(parts, Knowledge.of(proofs), jobs, timeout)
    needed = list(dict.fromkeys(claim_id for part in parts for claim_id in part.candidates))
    if on_stage:
        on_stage("verifying", len(needed))
    results = verify(needed) if needed else []
    proved = {r.id for r in results if r.verdict is Verdict.PROVED}
    if on_stage:
        on_stage("deciding", len(parts))
    resolver = Resolver(decide, proved)
    if jobs <= 1:
        out = []
        for part in parts:
            out.append(resolver.resolve(part))
            if on_part:
                on_part(out[-1])
        return out
    return _in_workers(parts, resolver, jobs, timeout, on_part)


def _match(parts, knowledge, jobs, timeout) -> None:
    """Each claim part's candidate claims, in worker processes when jobs > 1: a part whose matching raises
    is in error, one whose matching runs past its time is a timeout; the other parts go on."""
    from derivations.run.runner import run_tasks
    from derivations.audit.reader import facts_of

    waiting = [k for k, part in enumerate(parts) if part.kind == CLAIM and part.verdict is None and part.relation is not None]

    def candidates(k):
        try:
            return "ok", tuple(knowledge.candidates(parts[k].relation, facts_of(parts[k])))
        except Exception as exc:  # noqa: BLE001 - reported on this part
            return "error", f"{type(exc).__name__} while matching: {str(exc)[:200]}"

    def failed(k, why, seconds):
        return ("timeout", f"matching took longer than {seconds:.1f} s") if why == "timeout" else ("error", "the worker process matching it died")

    found = [candidates(k) for k in waiting] if jobs <= 1 else run_tasks(candidates, waiting, jobs, timeout, failed)
    for k, (outcome, value) in zip(waiting, found):
        if outcome == "ok":
            parts[k].candidates = value
        else:
            parts[k].verdict, parts[k].note = outcome, value


def _in_workers(parts, resolver, jobs, timeout, on_part) -> list[Formula]:
    """The claim parts decided in worker processes (a part past its time is stopped, and says so)."""
    from derivations.run.runner import run_tasks
    from derivations.model.verdict import Verdict

    waiting = [k for k, part in enumerate(parts) if part.kind == CLAIM and part.verdict is None]
    out: list = [None if k in set(waiting) else resolver.resolve(parts[k]) for k in range(len(parts))]
    for formula in out:
        if formula is not None and on_part:
            on_part(formula)

    def failed(k, why, seconds):
        if why == "timeout":
            return parts[k].settled(verdict=Verdict.TIMEOUT.value, note=f"no verdict within {seconds:.1f} s")
        return parts[k].settled(verdict=Verdict.ERROR.value, note="the worker process deciding it died")

    # the workers are forked with the parts in memory: they are sent indices (pickling would evaluate
    # an unevaluated Eq(a, a) to True), and send back plain records
    answers = run_tasks(lambda k: resolver.resolve(parts[k]), waiting, jobs, 2 * timeout + 5, failed, on_part)
    for k, formula in zip(waiting, answers):
        out[k] = formula
    return out
