"""The verification cache: a claim's result, keyed by hashes of everything the result depends on."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
from pathlib import Path
from typing import Iterable

from derivations.model.claims import Citation, Chain, ClaimSpec, Induction
from derivations.base.config import Config
from derivations.model.verdict import ClaimResult, Verdict

# A key is a SHA-256 of: the claim's id, its proof script's bytes and path; every file of the proofs directory
# that is not a proof script (helpers, data); the keys of the claims it cites, transitively; every file
# of the installed `derivations` package; the versions of Python, SymPy, mpmath, latex2sympy2_extended
# and pycddlib; the settings that change a verdict (digits, points, binding). Change any of them and
# the claim is verified again. Stored: proved and refuted results always (a certificate is one
# whatever the machine), `unknown` and `error` only when no time budget ran out on the way (then
# nothing about them depends on the machine), a timeout never. A result is served only if it took
# at most the CPU seconds the run allows the claim, so that the cache never turns a timeout into a
# verdict either.

FORMAT = 1  # bump when what is stored changes shape
ENV_DIR = "DERIVE_CACHE_DIR"
PACKAGES = ("sympy", "mpmath", "latex2sympy2_extended", "pycddlib")
SIZE_LIMIT = 256 * 2**20


def _sha(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _tree_digest(root: Path, skip: Iterable[Path] = ()) -> str:
    """One hash of every file under root (paths and bytes), bytecode caches aside."""
    skipped = {p.resolve() for p in skip}
    parts = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc" or path.resolve() in skipped:
            continue
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return _sha(*parts)


_ENGINE: str | None = None


def engine_digest() -> str:
    """The installed engine: every file of the `derivations` package, and the versions it runs on."""
    global _ENGINE
    if _ENGINE is None:
        from importlib import metadata

        versions = []
        for name in PACKAGES:
            try:
                versions.append(f"{name}={metadata.version(name)}")
            except metadata.PackageNotFoundError:
                versions.append(f"{name}=absent")
        try:
            from sympy.external.gmpy import GROUND_TYPES
        except ImportError:  # pragma: no cover - older SymPy
            GROUND_TYPES = "?"
        runtime = f"{sys.implementation.name} {sys.version_info[:3]} ground types {GROUND_TYPES}"
        _ENGINE = _sha(_tree_digest(Path(__file__).resolve().parents[1]), runtime, *versions)
    return _ENGINE


def _notations_digest(notations) -> str | None:
    """What the parser is told: function names and where their code is (the bytes of a module outside
    the engine), symbols with their assumptions, families; None if a function cannot be pinned down."""
    import inspect

    import sympy as sp

    engine = Path(__file__).resolve().parents[1]
    parts = []
    for name, function in sorted(notations.functions.items()):
        module = inspect.getmodule(function)
        path = Path(getattr(module, "__file__", "") or "")
        if not path.is_file():
            return None
        code = b"" if engine in path.resolve().parents else path.read_bytes()
        parts += [name, getattr(function, "__module__", ""), getattr(function, "__qualname__", repr(function)), code]
    parts += [f"{name}={sp.srepr(symbol)}" for name, symbol in sorted(notations.symbols.items())]
    parts += sorted(notations.families)
    return _sha(*parts)


def default_directory(proofs_dir: Path) -> Path:
    """$DERIVE_CACHE_DIR; else .derive-cache/ of the project holding the proofs (the nearest directory
    upwards with a pyproject.toml); else the user's cache directory (platformdirs)."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    for folder in [proofs_dir.resolve(), *proofs_dir.resolve().parents]:
        if (folder / "pyproject.toml").is_file():
            return folder / ".derive-cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("derivations")) / "results"


def citations(spec: ClaimSpec) -> tuple[str, ...]:
    """The claims a proof cites (cite(...) in the hints of its steps), from the proof it builds."""
    found: set[str] = set()

    def scan(value):
        if isinstance(value, Citation):
            found.add(value.claim_id)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                scan(item)
        elif isinstance(value, dict):
            for item in value.values():
                scan(item)

    try:
        parts = spec.proof().built_parts()
    except Exception:  # noqa: BLE001 - a broken script cites nothing; verifying it reports the error
        return ()
    for part in parts:
        chains = [part] if isinstance(part, Chain) else list(part.base_chains + part.step_chains) if isinstance(part, Induction) else []
        for chain in chains:
            for step in chain.steps:
                scan(dict(step.hints))
    return tuple(sorted(found))


def script_of(spec: ClaimSpec) -> Path | None:
    """The proof script a claim was defined in (from its source, "path:line")."""
    path = Path(spec.source.rsplit(":", 1)[0]) if spec.source else None
    return path if path is not None and path.is_file() else None


class Store:
    """Results on disk (diskcache: SQLite and files, safe for concurrent processes, atomic writes),
    and the CPU seconds each claim last took (for scheduling the longest first)."""

    def __init__(self, directory: Path, specs: dict[str, ClaimSpec], config: Config):
        self.directory = Path(directory)
        self.specs = specs
        self.settings = f"digits={config.digits} points={config.points} bind_latex={config.bind_latex}"
        self.proofs_dir = Path(config.proofs_dir).resolve()
        self._db = None
        self._keys: dict[str, str] = {}
        self._bases: dict[str, str] = {}
        self._helpers: str | None = None
        self._cacheable: dict[str, bool] = {}

    # -- storage
    @property
    def db(self):
        if self._db is None:
            import diskcache

            self._db = diskcache.Cache(str(self.directory), size_limit=SIZE_LIMIT)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():  # as .pytest_cache and .ruff_cache do: never committed by accident
                ignore.write_text("# the verification cache of derive: nothing here belongs in version control\n*\n")
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __getstate__(self):  # sent to spawned workers: they open their own connection, find their own claims
        return {**self.__dict__, "_db": None, "specs": {}}

    # -- keys
    def _faithful(self, claim_id: str) -> bool:
        """Is the claim's proof built by code of its own script? Then the script's bytes stand for it.
        A ClaimSpec built in memory (a test's mutant, whose build function lives elsewhere) is not."""
        spec = self.specs[claim_id]
        script, code = script_of(spec), getattr(spec.build, "__code__", None)
        return script is not None and code is not None and Path(code.co_filename).resolve() == script.resolve()

    def cacheable(self, claim_id: str) -> bool:
        """The claim and every claim it cites, transitively, are built from their scripts."""
        if claim_id not in self._cacheable:
            self._cacheable[claim_id] = False  # a citation cycle through an unfaithful claim stays False
            self._cacheable[claim_id] = self._faithful(claim_id) and all(self._faithful(c) for c in self.closure(claim_id))
        return self._cacheable[claim_id]

    def _helper_digest(self) -> str:
        if self._helpers is None:
            scripts = [p for p in (script_of(s) for s in self.specs.values()) if p is not None]
            self._helpers = _tree_digest(self.proofs_dir, skip=scripts) if self.proofs_dir.is_dir() else ""
        return self._helpers

    def _base(self, claim_id: str) -> str:
        if claim_id not in self._bases:
            spec = self.specs[claim_id]
            script = script_of(spec)
            source = script.read_bytes() if script else spec.source.encode()
            # where the script is, too: a result names its file (the failing step's line, the annotation)
            where = str(script.resolve()) if script else ""
            self._bases[claim_id] = _sha(f"format {FORMAT}", claim_id, source, where, self._helper_digest(), engine_digest(), self.settings)
        return self._bases[claim_id]

    def cited(self, claim_id: str) -> tuple[str, ...]:
        """The claims this one cites, remembered by its base key (building a proof costs time)."""
        if not self._faithful(claim_id):  # its script's bytes do not stand for it: look afresh
            return tuple(c for c in citations(self.specs[claim_id]) if c in self.specs)
        slot = f"cites:{self._base(claim_id)}"
        known = self.db.get(slot)
        if known is None:
            known = citations(self.specs[claim_id])
            self.db.set(slot, known)
        return tuple(c for c in known if c in self.specs)

    def key(self, claim_id: str, _visiting: tuple[str, ...] = ()) -> str:
        """The claim's key: its base key and the keys of the claims it cites (in a citation cycle, the
        base keys of the claims on the cycle)."""
        if claim_id in self._keys:
            return self._keys[claim_id]
        parts = [self._base(claim_id)]
        for other in self.cited(claim_id):
            parts.append(self._base(other) if other in _visiting or other == claim_id else self.key(other, _visiting + (claim_id,)))
        key = _sha(*parts)
        if not _visiting:
            self._keys[claim_id] = key
        return key

    def closure(self, claim_id: str) -> set[str]:
        """The claims this one cites, directly or through others."""
        seen, todo = set(), list(self.cited(claim_id))
        while todo:
            other = todo.pop()
            if other not in seen:
                seen.add(other)
                todo.extend(self.cited(other))
        return seen

    # -- results
    def get(self, claim_id: str, limit: float) -> ClaimResult | None:
        """The stored result of this claim if its key is unchanged and it took at most ``limit`` CPU seconds."""
        if not self.cacheable(claim_id):
            return None
        entry = self.db.get(f"result:{self.key(claim_id)}")
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry["seconds"] > limit:
            return None
        return dataclasses.replace(entry["result"], cached=True)

    def put(self, result: ClaimResult, deterministic: bool, used: Iterable[str] = ()) -> bool:
        """Store a result (``seconds`` in CPU seconds) if it may be stored: see the rules above.
        ``used`` are the claims verification actually cited: all must be in the key."""
        self.db.set(f"duration:{self.proofs_dir}:{result.id}", result.seconds)
        storable = result.verdict in (Verdict.PROVED, Verdict.REFUTED) or (result.verdict in (Verdict.UNKNOWN, Verdict.ERROR) and deterministic)
        if not storable or not self.cacheable(result.id) or not set(used) <= self.closure(result.id) | {result.id}:
            return False
        self.db.set(f"result:{self.key(result.id)}", {"format": FORMAT, "result": dataclasses.replace(result, cached=False), "seconds": result.seconds})
        return True

    def remembered(self, kind: str, claim_ids: list[str], facts: str, make):
        """make(), computed once per the claims' keys and ``facts`` (what else it depends on): for what
        follows from claims' sources, the engine and their results alone, such as the files export writes."""
        if not all(self.cacheable(c) for c in claim_ids):
            return make()
        slot = f"{kind}:{_sha(*(f'{c}={self.key(c)}' for c in claim_ids), facts)}"
        found = self.db.get(slot)
        if found is None:
            found = make()
            self.db.set(slot, found)
        return found

    def parsed(self, latex: str, notations, parse):
        """parse(latex, notations) (the binding's parse of the article's LaTeX), remembered by the
        engine, the text and the notations: a claim verified again after an edit of its proof parses
        nothing if its LaTeX stayed as it was. A ParseError is remembered too, and raised again."""
        from derivations.base.errors import ParseError

        fingerprint = _notations_digest(notations)
        if fingerprint is None:
            return parse(latex, notations)
        slot = f"parse:{_sha(engine_digest(), latex, fingerprint)}"
        import sympy as sp

        with sp.evaluate(False):  # unpickling rebuilds Add and Mul: exactly as parsed, never evaluated on the way
            found = self.db.get(slot)
        if found is None:
            try:
                found = ("rows", parse(latex, notations))
            except ParseError as exc:
                found = ("error", str(exc))
            try:
                self.db.set(slot, found)
            except Exception:  # noqa: BLE001 - something in it does not pickle: parse it every time
                pass
        if found[0] == "error":
            raise ParseError(found[1])
        return found[1]

    def duration(self, claim_id: str) -> float | None:
        """CPU seconds the claim took when it was last verified here, whatever changed since."""
        return self.db.get(f"duration:{self.proofs_dir}:{claim_id}")


def info(directory: Path) -> dict:
    """Where the cache is, how many results it holds, and its size on disk."""
    if not directory.is_dir():
        return {"directory": str(directory), "results": 0, "bytes": 0}
    import diskcache

    with diskcache.Cache(str(directory)) as db:
        results = sum(1 for key in db.iterkeys() if isinstance(key, str) and key.startswith("result:"))
        return {"directory": str(directory), "results": results, "bytes": db.volume()}


def clear(directory: Path) -> int:
    """Remove every stored result and timing; the number of entries removed."""
    if not directory.is_dir():
        return 0
    import diskcache

    with diskcache.Cache(str(directory)) as db:
        return db.clear()


def remembered_by_digest(directory: Path, key: str, make, keep=lambda value: True):
    """make(), remembered in the cache directory under ``key`` (a digest of everything it depends on,
    such as a Coq file's bytes and the theory it compiles against); stored only if keep(value)."""
    import diskcache

    with diskcache.Cache(str(directory), size_limit=SIZE_LIMIT) as db:
        found = db.get(key)
        if found is None:
            found = make()
            if keep(found):
                db.set(key, found)
        return found
