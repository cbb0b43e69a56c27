"""Compile the Coq twins with coqc (a CPU and time budget each) and read the verdict: checked only if
the file compiles and `Print Assumptions` lists standard axioms alone; results cached by file hash."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

CHECKED, FAILED, NOT_AVAILABLE = "checked", "failed", "not available"
CPU_SECONDS = 60  # per file; the ten twins take about a second each
# What the reals of the standard library, classical logic and Coquelicot rest on; nothing else.
STANDARD_AXIOMS = {
    "ClassicalDedekindReals.sig_forall_dec",
    "ClassicalDedekindReals.sig_not_dec",
    "Classical_Prop.classic",
    "FunctionalExtensionality.functional_extensionality_dep",
    "PropExtensionality.propositional_extensionality",
}
_FORBIDDEN = re.compile(r"\b(Admitted|admit|Axiom|Parameter|Hypothesis|Conjecture)\b")


@dataclass(frozen=True)
class Kernel:
    status: str  # checked | failed | not available
    detail: str = ""
    axioms: tuple[str, ...] = ()
    seconds: float = 0.0
    timed_out: bool = False  # past the budget: never cached, the next run tries again


def theory() -> Path:
    """Activation.v, the notation's definitions (shipped inside the package)."""
    return Path(str(resources.files("derivations").joinpath("coq/theory/Activation.v")))


def coqc() -> str | None:
    """The coqc that has Coquelicot beside it, or None."""
    found = shutil.which("coqc")
    if found is None:
        return None
    try:
        where = subprocess.run([found, "-where"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found if (Path(where) / "user-contrib" / "Coquelicot").is_dir() else None


def _version(program: str) -> str:
    return subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30).stdout


def axioms(output: str) -> tuple[str, ...]:
    """The axiom names `Print Assumptions` printed (empty when 'Closed under the global context')."""
    found, inside = [], False
    for line in output.splitlines():
        if line.startswith("Axioms:"):
            inside = True
            continue
        match = re.match(r"^([\w'.]+)(?: :|$)", line)  # a name at the margin; its type may follow indented
        if inside and match:
            found.append(match.group(1))
    return tuple(found)


def _limit_cpu(seconds: int):
    def apply():  # runs in the child before exec: the kernel's CPU time is bounded, whatever it does
        import resource

        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))

    return apply


class Compiler:
    """A build directory with the theory and the hand-written lemmas compiled once, on first need."""

    def __init__(self, hand_dir: Path, cache_dir: Path | None = None, cpu_seconds: int = CPU_SECONDS):
        self.program = coqc()
        self.hand_dir = hand_dir
        self.cache_dir = cache_dir
        self.cpu = cpu_seconds
        self._build: Path | None = None
        self._base_error: str | None = None
        sources = [theory()] + (sorted(hand_dir.glob("*.v")) if hand_dir.is_dir() else [])
        digest = hashlib.sha256(_version(self.program).encode() if self.program else b"")
        for path in sources:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        self.base_digest = digest.hexdigest()

    def _coqc(self, file: Path, cwd: Path) -> tuple[int, str, float]:
        start = time.monotonic()
        try:
            run = subprocess.run([self.program, "-q", "-Q", "Activation", "Activation", "-Q", "Proofs", "Proofs", str(file)],
                                 cwd=cwd, capture_output=True, text=True, timeout=self.cpu * 3, preexec_fn=_limit_cpu(self.cpu))
            code, output = run.returncode, run.stdout + run.stderr
        except subprocess.TimeoutExpired:
            code, output = -1, f"coqc took more than {self.cpu * 3} s"
        return code, output, time.monotonic() - start

    def _prepare(self) -> Path | None:
        if self._build is None and self._base_error is None:
            self._build = Path(tempfile.mkdtemp(prefix="derive-coq-"))
            for folder, files in (("Activation", [theory()]), ("Proofs", _in_order(self.hand_dir))):
                (self._build / folder).mkdir()
                for path in files:
                    target = self._build / folder / path.name
                    target.write_bytes(path.read_bytes())
                    code, output, _ = self._coqc(target.relative_to(self._build), self._build)
                    if code != 0:
                        self._base_error = f"{folder}/{path.name} does not compile: {_first_error(output)}"
                        break
                if self._base_error:
                    break
        return None if self._base_error else self._build

    def check(self, name: str, text: str) -> Kernel:
        """The kernel's verdict on one generated file (its theorem named ``name``)."""
        if _FORBIDDEN.search(_strip_comments(text)):
            return Kernel(FAILED, "the file admits or assumes something")
        if self.program is None:
            return Kernel(NOT_AVAILABLE, "coqc with Coquelicot is not installed")
        key = "kernel:" + hashlib.sha256((self.base_digest + "\0" + text).encode()).hexdigest()
        if self.cache_dir is not None:
            from derivations.run.cache import remembered_by_digest

            return remembered_by_digest(self.cache_dir, key, lambda: self._check(name, text), keep=lambda k: not k.timed_out)
        return self._check(name, text)

    def _check(self, name: str, text: str) -> Kernel:
        build = self._prepare()
        if build is None:
            return Kernel(FAILED, self._base_error or "")
        file = build / f"{name}.v"
        file.write_text(text, encoding="utf-8")
        code, output, seconds = self._coqc(Path(file.name), build)
        if code != 0:
            return Kernel(FAILED, _first_error(output), seconds=seconds, timed_out=code < 0)
        found = axioms(output)
        extra = sorted(set(found) - STANDARD_AXIOMS)
        if extra or "Axioms:" not in output and "Closed under the global context" not in output:
            return Kernel(FAILED, f"non-standard axioms: {', '.join(extra)}" if extra else "no Print Assumptions output", found, seconds)
        return Kernel(CHECKED, "", found, seconds)

    def close(self) -> None:
        if self._build is not None:
            shutil.rmtree(self._build, ignore_errors=True)
            self._build = None


def _in_order(folder: Path) -> list[Path]:
    """The hand-written files, each after the ones it requires (From Proofs Require [Import] A B)."""
    files = {p.stem: p for p in sorted(folder.glob("*.v"))} if folder.is_dir() else {}
    needs = {stem: set(re.findall(r"\b\w+\b", " ".join(re.findall(r"From Proofs Require (?:Import |Export )?([\w ]+)\.", _strip_comments(p.read_text(encoding="utf-8")))))) & set(files) - {stem}
             for stem, p in files.items()}
    ordered: list[Path] = []
    while needs:
        ready = sorted(stem for stem, deps in needs.items() if deps <= {p.stem for p in ordered})
        if not ready:  # a cycle: coqc reports it
            ready = sorted(needs)
        for stem in ready:
            ordered.append(files[stem])
            del needs[stem]
    return ordered


def _strip_comments(text: str) -> str:
    return re.sub(r"\(\*.*?\*\)", "", text, flags=re.S)


def _first_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.startswith("Error"):
            where = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].startswith("File ")), "")
            return " ".join([where, line, *lines[i + 1:i + 3]])[:300]
    return (lines[-1] if lines else "coqc failed")[:300]
