"""Many articles at once: files, directories and globs named, read one line of error each, audited on one worker
pool, an unchanged article (or formula) served from the cache."""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sympy as sp

from derivations.base.errors import DerivationError
from derivations.read.extract import Article, expand_macros, stream_markdown, stream_tex
from .matching import Knowledge
from .pool import in_workers, match
from .report import CLAIM, Formula, Part, shown_assumptions

SUFFIXES = (".md", ".markdown", ".tex")
_TEX = (".tex", ".latex", ".ltx")
_SKIPPED_DIRS = {".git", ".hg", ".svn", ".derive-cache", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
FORMAT = 1  # bump when what is remembered of an article or a formula changes shape


@dataclass(frozen=True)
class Source:
    """An article to audit: where it is (as named), and its text once read (None with ``problem``)."""

    path: Path
    text: str | None = None
    problem: str | None = None
    ready: Article | None = None  # an article read already (the API's one-article audit)

    @property
    def article(self) -> Article:
        return self.ready if self.ready is not None else article_of(self.path, self.text or "")


def article_of(path: Path, text: str) -> Article:
    """An article from its text (an editor's buffer, or the file's bytes read once); one-line errors."""
    stream = stream_tex(text) if Path(path).suffix.lower() in _TEX else stream_markdown(text)
    return Article(Path(path), tuple(expand_macros(stream, text)))  # the document's macros, as read() does


def expand(paths) -> list[Source]:
    """The articles the paths name, in order, each once: a file as named; a directory's .md, .markdown and
    .tex files, recursively (hidden and tool directories skipped); a glob's matches. What names nothing,
    or cannot be read, is a Source with its one-line problem."""
    out: list[Source] = []
    seen: set[Path] = set()

    def add(path: Path):
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(load(path))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _articles_under(path)
            if not found:
                out.append(Source(path, problem=f"{raw}: no articles (.md, .markdown, .tex) in this directory"))
            for item in found:
                add(item)
        elif path.exists() or path.is_symlink():
            add(path)
        elif glob.has_magic(str(raw)):
            matches = sorted(Path(m) for m in glob.glob(str(raw), recursive=True))
            files = [m for m in matches if m.is_file()] + [a for m in matches if m.is_dir() for a in _articles_under(m)]
            if not files:
                out.append(Source(path, problem=f"{raw}: no file matches"))
            for item in files:
                add(item)
        else:
            out.append(Source(path, problem=f"{raw}: no such file or directory"))
    return out


def _articles_under(directory: Path) -> list[Path]:
    found = []
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).parts[:-1]
        if any(part in _SKIPPED_DIRS or part.startswith(".") for part in relative):
            continue
        if path.suffix.lower() in SUFFIXES and path.is_file():
            found.append(path)
    return found


def load(path: Path) -> Source:
    """The file's text, or why it cannot be audited (missing, a directory, binary, not UTF-8, unreadable)."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return Source(path, problem=f"cannot read {path}: is a directory")
    except FileNotFoundError:
        return Source(path, problem=f"cannot read {path}: no such file")
    except OSError as exc:
        return Source(path, problem=f"cannot read {path}: {exc.strerror or exc}")
    if b"\x00" in data:
        return Source(path, problem=f"cannot read {path}: a binary file, not an article")
    try:
        return Source(path, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Source(path, problem=f"cannot read {path}: not UTF-8 (byte {exc.start})")


# ---------------------------------------------------------------- what a verdict depends on


def _sha(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode()
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


_DUMMY = re.compile(r"dummy_index=\d+")


def canonical(expr) -> str:
    """srepr with Dummy symbols numbered by first appearance (a renaming, so the structure is kept)."""
    text = sp.srepr(expr)
    numbers: dict[str, str] = {}
    return _DUMMY.sub(lambda m: numbers.setdefault(m.group(0), f"dummy_index={len(numbers)}"), text)


def _attached(part: Part) -> list[str]:
    return [f"{c.latex}|{canonical(tuple(c.relations))}|{c.standing}|{c.cue}" for c in part.attached]


def match_key(part: Part) -> str:
    """What a claim part's candidate claims depend on beyond the claims themselves."""
    from .reader import facts_of

    return _sha("match", canonical(part.relation), canonical(tuple(facts_of(part))))


def part_key(part: Part, proved: set[str]) -> str:
    """Everything the resolver reads of a part (never its line), and which of its candidates are proved."""
    limits = sorted((str(k), canonical(v)) for k, v in part.limits.items())
    return _sha(
        "part", part.latex, part.kind, canonical(part.relation), canonical(part.condition), *_attached(part), repr(limits),
        part.note, str(part.verdict), repr(part.candidates), repr([c in proved for c in part.candidates]), str(part.redefines),
    )


def storable(formulas) -> bool:
    """Timeouts and errors depend on the machine (a worker died, a budget ran out), and so does an
    undecided part on the way to which an inner time budget ran out: never remembered."""
    return all(f.verdict not in ("timeout", "error") and not isinstance(f, _Budgeted) for f in formulas)


@dataclass(frozen=True)
class _Budgeted(Formula):
    """A part left undecided after some time budget ran out inside its decision (not to be remembered)."""


class _Watched:
    """A resolver whose undecided answers say whether a time budget ran out on the way."""

    def __init__(self, resolver):
        self.resolver = resolver

    def resolve(self, part: Part) -> Formula:
        from derivations.base.budget import times_fired

        fired = times_fired()
        formula = self.resolver.resolve(part)
        if times_fired() != fired and formula.verdict not in ("proved", "refuted"):
            return _Budgeted(**{f.name: getattr(formula, f.name) for f in dataclasses.fields(Formula)})
        return formula


def plain(formula: Formula) -> Formula:
    return Formula(**{f.name: getattr(formula, f.name) for f in dataclasses.fields(Formula)}) if type(formula) is not Formula else formula


class Memo:
    """Remembered articles and formulas: a dict in memory (the language server), or the verification
    cache's database, under a prefix of everything shared (engine, settings, the claims' keys, timeout)."""

    def __init__(self, shared: str, db=None):
        self.shared, self.db, self.mem = shared, db, {}
        self.decided = 0  # claim parts decided afresh (not remembered) through this memo

    def get(self, kind: str, key: str):
        slot = f"audit-{kind}:{_sha(self.shared, key)}"
        if slot in self.mem:
            return self.mem[slot]
        found = self.db.get(slot) if self.db is not None else None
        if found is not None:
            self.mem[slot] = found
        return found

    def put(self, kind: str, key: str, value) -> None:
        slot = f"audit-{kind}:{_sha(self.shared, key)}"
        self.mem[slot] = value
        if self.db is not None:
            try:
                self.db.set(slot, value)
            except Exception:  # noqa: BLE001 - something does not pickle: it is decided again next time
                pass


def article_key(source: Source) -> str:
    return _sha("article", Path(source.path).suffix.lower() in _TEX and "tex" or "markdown", source.text or "")


# ---------------------------------------------------------------- the audit of many


def audit_all(
    sources: list[Source], specs, verify: Callable, decide: Callable, memo: Memo | None, jobs: int, timeout: float,
    on_stage: Callable | None = None, on_part: Callable | None = None,
) -> list[list[Formula] | str]:
    """Each source's formulas (or its one-line problem), the parts of every article matched and decided on
    one pool of ``jobs`` workers. An article whose text is remembered is not read again; a formula whose
    reading is remembered is not decided again."""
    from derivations.model.verdict import Verdict
    from .reader import Reader
    from .resolve import Resolver

    answers: list = [s.problem for s in sources]
    parts_of: dict[int, list[Part]] = {}
    for k, source in enumerate(sources):
        if source.problem is not None:
            continue
        remembered = memo.get("article", article_key(source)) if memo else None
        if remembered is not None:
            answers[k] = list(remembered)
            continue
        try:
            parts_of[k] = Reader().read(source.article)
        except DerivationError as exc:
            answers[k] = str(exc)
        except Exception as exc:  # noqa: BLE001 - one article's failure is that article's line
            answers[k] = f"cannot read {source.path}: {type(exc).__name__}: {str(exc)[:200]}"
    parts = [part for k in sorted(parts_of) for part in parts_of[k]]
    if on_stage:
        on_stage("reading", len(parts))
    decided: list = []
    if parts:
        _match_remembered(parts, specs, memo, jobs, timeout)
        needed = list(dict.fromkeys(c for part in parts for c in part.candidates))
        if on_stage:
            on_stage("verifying", len(needed))
        results = verify(needed) if needed else []
        proved = {r.id for r in results if r.verdict is Verdict.PROVED}
        if on_stage:
            on_stage("deciding", len(parts))
        decided = _decide_remembered(parts, _Watched(Resolver(decide, proved)), proved, memo, jobs, timeout, on_part)
    at = 0
    for k in sorted(parts_of):
        mine, at = decided[at:at + len(parts_of[k])], at + len(parts_of[k])
        answers[k] = [plain(f) for f in mine]
        if memo and storable(mine):
            memo.put("article", article_key(sources[k]), tuple(answers[k]))
    return answers


def _pending(part: Part) -> bool:
    return part.kind == CLAIM and part.verdict is None and part.relation is not None


def _match_remembered(parts, specs, memo, jobs, timeout) -> None:
    todo = []
    for part in parts:
        if not _pending(part):
            continue
        found = memo.get("match", match_key(part)) if memo else None
        if found is not None:
            part.candidates = tuple(found)
        else:
            todo.append(part)
    if not todo:
        return
    proofs = {}
    for claim_id, spec in specs.items():
        try:
            proofs[claim_id] = spec.proof()
        except Exception:  # noqa: BLE001 - a broken proof script states nothing; verify reports it
            continue
    match(todo, Knowledge.of(proofs), jobs, timeout)
    if memo:
        for part in todo:
            if part.verdict is None:  # matched, neither in error nor out of time
                memo.put("match", match_key(part), tuple(part.candidates))


def _decide_remembered(parts, resolver, proved, memo, jobs, timeout, on_part) -> list[Formula]:
    out: list = [None] * len(parts)
    todo: list[int] = []
    for k, part in enumerate(parts):
        found = memo.get("part", part_key(part, proved)) if memo and part.kind == CLAIM and part.verdict is None else None
        if found is not None:
            out[k] = dataclasses.replace(found, line=part.line, assumptions=shown_assumptions(part.attached))
            if on_part:
                on_part(out[k])
        else:
            todo.append(k)
    keys = {k: part_key(parts[k], proved) for k in todo if memo and parts[k].kind == CLAIM and parts[k].verdict is None}
    if memo:
        memo.decided += len(keys)
    if jobs <= 1:
        decided = []
        for k in todo:
            decided.append(resolver.resolve(parts[k]))
            if on_part:
                on_part(decided[-1])
    else:
        decided = in_workers([parts[k] for k in todo], resolver, jobs, timeout, on_part)
    for k, formula in zip(todo, decided):
        out[k] = formula
        if k in keys and storable([formula]):
            memo.put("part", keys[k], plain(formula))
    return out
