"""`derive lsp`: a language server (pygls, stdio) auditing open Markdown and LaTeX documents: a diagnostic per
refuted formula, hover with the verdict, domain and matched claim; unchanged formulas are not decided again."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from derivations.audit.many import SUFFIXES

DEBOUNCE = 0.6  # seconds of quiet typing before a changed document is audited again
UNDECIDED = ("unknown", "timeout", "error")
log = logging.getLogger("derivations.lsp")


_REMEMBERED: dict = {}  # in the auditing process: formulas remembered between audits, beside the cache on disk


def audit_document(path: str, text: str, timeout: float):
    """(the article's audit_output.ArticleAudit, formula parts decided afresh), in the auditing process."""
    from . import api

    audits = api.audit_files(None, texts={Path(path): text}, timeout=timeout, remember=_REMEMBERED)
    (article,) = audits.articles
    return article, audits.decided or 0


class AuditServer(LanguageServer):
    """The documents' last audits. The audits run one at a time in a process of their own (spawned, so that
    its worker pools fork from a single-threaded process), which remembers formulas between audits; the
    server keeps answering meanwhile."""

    def __init__(self, timeout: float = 10.0, debounce: float = DEBOUNCE):
        from . import __version__

        super().__init__("derive", __version__)
        self.timeout, self.debounce = timeout, debounce
        self.formulas: dict[str, tuple] = {}  # uri -> the last audit's formulas
        self.pending: dict[str, asyncio.Task] = {}
        self._auditor = None

    def auditor(self):
        if self._auditor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._auditor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        return self._auditor

    async def audit_text(self, uri: str, text: str, language: str | None = None) -> tuple[list[types.Diagnostic], int]:
        """(diagnostics, formulas decided afresh) of the document's text; never raises."""
        path = article_path(uri, language)
        try:
            article, decided = await asyncio.get_running_loop().run_in_executor(self.auditor(), audit_document, path, text, self.timeout)
        except Exception as exc:  # noqa: BLE001 - a broken project, a dead auditor, a bug of ours: said, never a crash
            log.warning("audit failed: %s: %s", type(exc).__name__, exc)
            self._auditor = None if self._auditor is None else self._auditor.shutdown(wait=False, cancel_futures=True)
            return [_diagnostic(0, text, f"derive could not audit this document: {type(exc).__name__}: {str(exc)[:300]}", types.DiagnosticSeverity.Warning)], 0
        if article.problem:
            self.formulas[uri] = ()
            return [_diagnostic(0, text, article.problem, types.DiagnosticSeverity.Information)], 0
        self.formulas[uri] = article.formulas
        return diagnostics(article.formulas, text), decided


LANGUAGES = {"markdown": ".md", "latex": ".tex", "tex": ".tex"}


def article_path(uri: str, language: str | None) -> str:
    """The document's file, or for an unsaved one (untitled:...) a name whose suffix says how to read it."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path and Path(path).suffix.lower() in SUFFIXES:
        return path
    suffix = LANGUAGES.get(language or "")
    return str(Path(path).with_suffix(suffix)) if path and suffix else f"untitled{suffix}" if suffix else ""


def _diagnostic(line: int, text: str, message: str, severity) -> types.Diagnostic:
    lines = text.splitlines() or [""]
    line = min(max(line, 0), len(lines) - 1)
    span = types.Range(types.Position(line, 0), types.Position(line, len(lines[line])))
    return types.Diagnostic(range=span, message=message, severity=severity, source="derive")


def diagnostics(formulas, text: str) -> list[types.Diagnostic]:
    """Refuted: an error with the counterexample; unknown, timeout, error: information; unsupported (a
    formula that cannot be read, as one is while being typed): a hint."""
    from .audit_output import counterexample_text

    out = []
    for f in formulas:
        detail = "; ".join(p for p in (f.note, counterexample_text(f)) if p)
        if f.verdict == "refuted":
            out.append(_diagnostic(f.line - 1, text, f"refuted: {f.latex}" + (f" ({detail})" if detail else ""), types.DiagnosticSeverity.Error))
        elif f.verdict in UNDECIDED:
            out.append(_diagnostic(f.line - 1, text, f"{f.verdict}: {f.latex}" + (f" ({detail})" if detail else ""), types.DiagnosticSeverity.Information))
        elif f.kind == "unsupported":
            out.append(_diagnostic(f.line - 1, text, f"not read: {f.latex}" + (f" ({f.note})" if f.note else ""), types.DiagnosticSeverity.Hint))
    return out


def hover_text(formulas, line: int) -> str | None:
    """Markdown for the formulas on a line (1-based): verdict, domain, matched claim, assumptions, note."""
    shown = []
    for f in formulas:
        if f.line != line:
            continue
        rows = [f"**{f.verdict or f.kind}**: `{f.latex}`"]
        if f.domain:
            rows.append(f"domain: `{f.domain}`" + {True: " (covered by the stated conditions)", False: " (not covered)", None: ""}[f.covered])
        if f.claim_id:
            rows.append(f"matches the claim `{f.claim_id}`")
        if f.assumptions:
            rows.append("assuming " + "; ".join(f"`{a}`" for a in f.assumptions))
        if f.note:
            rows.append(f.note)
        if f.counterexample is not None and f.counterexample.values and "counterexample" not in f.note:
            rows.append("counterexample: " + ", ".join(f"{k} = {v}" for k, v in f.counterexample.values.items()))
        shown.append("\n\n".join(rows))
    return "\n\n---\n\n".join(shown) or None


def build(timeout: float = 10.0, debounce: float = DEBOUNCE) -> AuditServer:
    server = AuditServer(timeout, debounce)

    def wanted(ls: AuditServer, uri: str) -> bool:
        try:
            language = ls.workspace.get_text_document(uri).language_id
        except Exception:  # noqa: BLE001 - not an open document
            return False
        return bool(article_path(uri, language))

    async def check(ls: AuditServer, uri: str, delay: float = 0.0) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = ls.workspace.get_text_document(uri)
        version, text = document.version, document.source
        found, decided = await ls.audit_text(uri, text, document.language_id)
        if ls.workspace.get_text_document(uri).version != version:
            return  # edited meanwhile: the newer audit publishes
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version))
        ls.window_log_message(types.LogMessageParams(types.MessageType.Info, f"derive: {uri}: {len(ls.formulas.get(uri, ()))} formula part(s), {decided} decided afresh"))

    def schedule(ls: AuditServer, uri: str, delay: float) -> None:
        if not wanted(ls, uri):
            return
        previous = ls.pending.pop(uri, None)
        if previous is not None and not previous.done():
            previous.cancel()
        ls.pending[uri] = asyncio.ensure_future(check(ls, uri, delay))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: AuditServer, params: types.DidOpenTextDocumentParams):
        schedule(ls, params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: AuditServer, params: types.DidSaveTextDocumentParams):
        schedule(ls, params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: AuditServer, params: types.DidChangeTextDocumentParams):
        schedule(ls, params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: AuditServer, params: types.DidCloseTextDocumentParams):
        task = ls.pending.pop(params.text_document.uri, None)
        if task is not None:
            task.cancel()
        ls.formulas.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: AuditServer, params: types.HoverParams):
        text = hover_text(ls.formulas.get(params.text_document.uri, ()), params.position.line + 1)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    return server


def serve(timeout: float = 10.0, debounce: float = DEBOUNCE) -> None:
    """Speak LSP on stdin and stdout until the client exits."""
    logging.basicConfig(level=logging.WARNING, format="derive lsp: %(message)s")  # stderr: stdout is the protocol
    build(timeout, debounce).start_io()
