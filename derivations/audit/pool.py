"""The parts of articles matched to claims and decided in worker processes (a part past its time is stopped)."""

from __future__ import annotations

from derivations.model.verdict import Verdict
from .report import CLAIM, Formula


def match(parts, knowledge, jobs, timeout) -> None:
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


def in_workers(parts, resolver, jobs, timeout, on_part) -> list[Formula]:
    """The claim parts decided in worker processes (a part past its time is stopped, and says so)."""
    from derivations.run.runner import run_tasks

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
