"""The Python API behind `derive`: prove(), verify(), audit(), claims(), returning the objects the command prints."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable, Iterable

import sympy as sp

from derivations.base.config import DEFAULT_JOBS, Config
from derivations.base.errors import DerivationError
from .results import Audit, Catalog, Verification


def derivative_at(function_of_x, x, at):
    """f'(at) for f written in the variable x: Subs(d/dx f(x), x, at), printed as f'(at)."""
    return sp.Derivative(function_of_x, x).subs(x, at)


def prove(latex: str, assume: Iterable[str] = (), timeout: float = 30.0):
    """Decide one formula written in LaTeX: a prove.Decision (verdict, statement, counterexample, reason).
    Past ``timeout`` seconds the verdict is ``timeout`` and the reason says how far the decision got.
    LaTeX that cannot be read raises DerivationError (ParseError) with the reason."""
    from derivations.model.verdict import Verdict

    (decision,) = prove_all([{"id": None, "latex": latex, "assume": list(assume)}], timeout)
    if decision.verdict is Verdict.ERROR:
        raise DerivationError(decision.reason)
    return decision


def prove_all(items: list[dict], timeout: float = 30.0, on_result: Callable | None = None) -> list:
    """prove() for each {"id", "latex", "assume"}, in one worker process, ``timeout`` seconds each."""
    from .base import progress
    from derivations.run.runner import run_tasks

    with progress.notes() as where:
        return run_tasks(_decide_item, [{**item, "notes": where} for item in items], 1, timeout, _undecided, on_result)


def _decide_item(item):
    from .base import progress
    from derivations.check.prove import decide

    with progress.recording(item["notes"], str(item["id"])):
        return decide(item["latex"], item["assume"], item["id"])


def _undecided(item, why, seconds):
    from .base import progress
    from derivations.check.prove import Decision
    from derivations.model.verdict import Verdict

    if why != "timeout":
        return Decision(Verdict.ERROR, "", "the worker process died", None, seconds, item["id"])
    done = progress.read(item["notes"], str(item["id"]))
    return Decision(Verdict.TIMEOUT, "", f"no verdict within {seconds:.1f} s" + (f"; {done}" if done else ""), None, seconds, item["id"])


def project(proofs: str | Path | None = None, **settings) -> Config:
    """The settings of the project around the current directory ([tool.derivations]), with overrides."""
    return Config.load(proofs_dir=Path(proofs) if proofs is not None else None, **settings)


def claims(proofs: str | Path | None = None) -> Catalog:
    """The project's claims (ids, titles, the article's LaTeX), in the article's order."""
    from derivations.run.runner import discover

    config = project(proofs)
    return Catalog(tuple(discover(config.proofs_dir).values()), config.proofs_dir)


def verify(ids: Iterable[str] | None = None, *, proofs: str | Path | None = None, jobs: int | None = None, timeout: float | None = None,
           cache: bool | None = None, on_start: Callable[[str], None] | None = None, on_result: Callable | None = None,
           config: Config | None = None, store=None) -> Verification:
    """Verify the project's claims (all, or ``ids``), ``jobs`` at once; a Verification of ClaimResults.
    Results come from the verification cache where it holds them (``cache=False``: verify afresh); a
    result from the cache says so (``cached``). ``store``: an open cache.Store to use instead."""
    from derivations.run.runner import discover, run, select

    config = (config or project(proofs).with_(jobs=DEFAULT_JOBS)).with_(jobs=jobs, timeout=timeout, cache=cache)
    specs = discover(config.proofs_dir)
    chosen = select(specs, ids or ())
    with _cache(config, specs, store) as opened:
        results = run(specs, chosen, config, on_result, opened, on_start)
    return Verification(tuple(results), specs)


@contextlib.contextmanager
def _cache(config: Config, specs, store=None):
    """The cache to verify through: the one given, else a new one for the project (closed afterwards),
    else none when config.cache is off."""
    if store is not None or not config.cache:
        yield store
        return
    from derivations.run.cache import Store, default_directory
    from derivations.run.runner import citable

    opened = Store(default_directory(config.proofs_dir), citable(specs), config)
    try:
        yield opened
    finally:
        opened.close()


def audit(path: str | Path, *, strict: bool = False, proofs: str | Path | None = None, timeout: float = 30.0, cache: bool | None = None,
          on_part=None, on_stage=None, config: Config | None = None) -> Audit:
    """Audit every formula of a Markdown or LaTeX article against the proved claims (the project's and
    the article's shipped with the package). The article is read and validated first; only the claims
    some formula could be are verified (through the cache). ``on_part(formula)`` and
    ``on_stage(name, total)`` report progress."""
    from .audit import audit as audit_article, read
    from derivations.run.runner import citable, discover, run

    document = read(Path(path))  # a missing or unreadable article fails here, before any claim is verified
    config = (config or project(proofs)).with_(jobs=DEFAULT_JOBS, cache=cache)
    specs = citable(discover(config.proofs_dir))

    with _cache(config, specs) as store:

        def verify(ids):
            return run(specs, list(ids), config, store=store)

        with _parses_kept(store):
            formulas = audit_article(document, specs, verify, _budgeted_decide(timeout), on_part=on_part, on_stage=on_stage, jobs=DEFAULT_JOBS, timeout=timeout)
    return Audit(tuple(formulas), strict, Path(path))


def audit_files(paths, *, strict: bool = False, proofs: str | Path | None = None, timeout: float = 30.0, cache: bool | None = None,
                config: Config | None = None, texts: dict | None = None, remember: dict | None = None, on_stage=None, on_part=None):
    """Audit the articles that files, directories (their .md, .markdown, .tex, recursively) and globs name,
    on one worker pool: an audit_output.Audits, one result per article (or its one-line problem). Through
    the cache an unchanged article, and an unchanged formula of an edited one, is not decided again.
    ``texts`` ({path: text}) audits those texts instead of reading files (an editor's buffers);
    ``remember`` is a dict kept between calls to remember in memory as well."""
    from derivations.audit.many import Source, audit_all, expand
    from .audit_output import ArticleAudit, Audits
    from derivations.run.runner import citable, discover, run

    sources = expand(paths) if texts is None else [Source(Path(p), t) for p, t in texts.items()]
    if all(s.problem for s in sources):  # nothing readable: said before any claim is even discovered
        return Audits(tuple(ArticleAudit(s.path, problem=s.problem) for s in sources), strict)
    config = (config or project(proofs)).with_(jobs=DEFAULT_JOBS, cache=cache)
    quick = _Quick(config, timeout) if texts is None and config.cache and Path(config.proofs_dir).is_dir() else None
    answers = quick.answers(sources) if quick else None
    if answers is not None:  # every article unchanged, and nothing it depends on: not even a claim discovered
        memo = None
    else:
        specs = citable(discover(config.proofs_dir))
        with _cache(config, specs) as store:

            def verify(ids):
                return run(specs, list(ids), config, store=store)

            with _parses_kept(store):
                memo = _memo(store, specs, timeout, remember)
                answers = audit_all(sources, specs, verify, _budgeted_decide(timeout), memo, DEFAULT_JOBS, timeout, on_stage, on_part)
                if quick and memo:
                    quick.keep(sources, answers, memo)
    articles = [ArticleAudit(s.path, problem=a) if isinstance(a, str) else ArticleAudit(s.path, tuple(a)) for s, a in zip(sources, answers)]
    return Audits(tuple(articles), strict, memo.decided if memo else 0 if quick else None)


class _Quick:
    """Unchanged articles found before any claim is discovered: under the engine, the settings, the timeout
    and every file of the proofs directory and of the shipped claims (what the claims' keys are made of)."""

    def __init__(self, config: Config, timeout: float):
        from derivations.audit.many import FORMAT
        from derivations.run.cache import _sha, _tree_digest, default_directory, engine_digest
        from derivations.base.config import corpus_dir

        parts = [f"audit quick {FORMAT}", engine_digest(), f"digits={config.digits} points={config.points} bind_latex={config.bind_latex}", repr(timeout)]
        for folder in (Path(config.proofs_dir), corpus_dir()):
            if folder is not None:
                parts += [str(Path(folder).resolve()), _tree_digest(Path(folder)) if Path(folder).is_dir() else "absent"]
        self.key, self.directory, self.sha = _sha(*parts), default_directory(config.proofs_dir), _sha

    def _slot(self, source) -> str:
        from derivations.audit.many import article_key

        return f"audit-quick:{self.sha(self.key, article_key(source))}"

    def answers(self, sources):
        """Every readable article's remembered formulas, or None if any is not remembered."""
        if not self.directory.is_dir():
            return None
        import diskcache

        with diskcache.Cache(str(self.directory)) as db:
            found = [s.problem if s.problem else db.get(self._slot(s)) for s in sources]
        return None if any(f is None for f in found) else [f if isinstance(f, str) else list(f) for f in found]

    def keep(self, sources, answers, memo) -> None:
        """Each article the memo kept (its audit may be remembered), under the quick key too."""
        from derivations.audit.many import article_key

        for source, answer in zip(sources, answers):
            if not isinstance(answer, str) and memo.get("article", article_key(source)) is not None:
                memo.db.set(self._slot(source), tuple(answer))


def _memo(store, specs, timeout, remember):
    """What the audit remembers, under everything its verdicts share: the engine, the settings, the
    timeout and every claim's key (None without a cache, or when a claim is not built from its script)."""
    from derivations.audit.many import FORMAT, Memo
    from derivations.run.cache import _sha, engine_digest

    if store is None or not all(store.cacheable(c) for c in specs):
        return None
    shared = _sha(f"audit format {FORMAT}", engine_digest(), store.settings, repr(timeout), *(f"{c}={store.key(c)}" for c in sorted(specs)))
    memo = Memo(shared, store.db)
    if remember is not None:
        memo.mem = remember
    return memo


def _parses_kept(store):
    """The LaTeX backend's parses kept in the verification cache while the article is read."""
    if store is None:
        return contextlib.nullcontext()
    from derivations.run.cache import engine_digest
    from derivations.read.backend import kept_in

    return kept_in(store.db, engine_digest())


def _budgeted_decide(seconds):
    def decide(rel, facts):
        from derivations.base.budget import OutOfTime, budget
        from derivations.check.prove import decide_relation
        from derivations.model.verdict import Verdict

        try:
            with budget(seconds):
                return decide_relation(rel, facts)
        except OutOfTime:
            return Verdict.TIMEOUT, f"no verdict within {seconds:g} s", None

    return decide
