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
    from derivations.base.errors import DerivationError
    from .many import Source, audit_all

    if not isinstance(article, Article):
        article = read(Path(article))
    [answer] = audit_all([Source(article.path, ready=article)], specs, verify, decide, None, jobs, timeout, on_stage, on_part)
    if isinstance(answer, str):
        raise DerivationError(answer)
    return answer
