"""`derive lsp`: a real LSP client (pygls's) drives the server over stdio: diagnostics on open, change and save,
hover, a half-typed formula, and an edit deciding only the formula that changed."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from .conftest import ROOT

OPENED = "# Notes\n\nThe slope: $$\\sigma'(x)=\\sigma(x)(1-\\sigma(x))$$\n\nA bound: $$\\log(1+e^x) < x$$\n\nAnd $\\sum_{n \\in \\mathbb{N}} x_n = 1$.\n"
HALF_TYPED = OPENED.replace("A bound: $$\\log(1+e^x) < x$$", "A bound: $$\\log(1+e^x) < \\frac{1}{$$")
FIXED = OPENED.replace("\\log(1+e^x) < x", "\\log(1+e^x) > x")
E, I, H = types.DiagnosticSeverity.Error, types.DiagnosticSeverity.Information, types.DiagnosticSeverity.Hint


class Session:
    """A client talking to `python -m derivations lsp`, with the diagnostics and log messages it received."""

    def __init__(self, cache_dir):
        self.client = LanguageClient("derive-test", "1")
        self.diagnostics: asyncio.Queue = asyncio.Queue()
        self.logs: list[str] = []
        self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda params: self.diagnostics.put_nowait(params))
        self.client.feature(types.WINDOW_LOG_MESSAGE)(lambda params: self.logs.append(params.message))
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), DERIVE_CACHE_DIR=str(cache_dir))

    async def __aenter__(self):
        await self.client.start_io(sys.executable, "-m", "derivations", "lsp", env=self.env, cwd=str(ROOT))
        await self.client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=os.getpid()))
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *exc):
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), 60)

    async def published(self, uri):
        while True:
            params = await asyncio.wait_for(self.diagnostics.get(), 300)
            if params.uri == uri:
                return sorted((d.range.start.line, d.severity, d.message) for d in params.diagnostics)

    async def hover(self, uri, line, character=12):
        found = await self.client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character)))
        return found.contents.value if found else None


def _change(uri, version, text):
    return types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version=version, uri=uri), [types.TextDocumentContentChangeWholeDocument(text=text)])


def test_an_editor_sees_refuted_formulas_as_it_writes(tmp_path):
    uri = (tmp_path / "notes.md").as_uri()

    async def scenario():
        async with Session(tmp_path / "cache") as s:
            s.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, OPENED)))
            opened = await s.published(uri)
            assert [(line, severity) for line, severity, _ in opened] == [(4, E), (6, H)]
            assert opened[0][2] == "refuted: \\log(1+e^x) < x (counterexample x = 0)"
            assert "sigmoid-ode" in await s.hover(uri, 2) and "**proved**" in await s.hover(uri, 2)
            assert "**refuted**" in await s.hover(uri, 4) and "x = 0" in await s.hover(uri, 4)
            assert await s.hover(uri, 0) is None

            s.client.text_document_did_change(_change(uri, 2, HALF_TYPED))  # a formula half typed: a hint, no crash
            half = await s.published(uri)
            assert [(line, severity) for line, severity, _ in half] == [(4, H), (6, H)] and half[0][2].startswith("not read:")

            s.client.text_document_did_change(_change(uri, 3, FIXED))
            s.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
            fixed = await s.published(uri)
            assert [(line, severity) for line, severity, _ in fixed] == [(6, H)]
            assert "**proved**" in await s.hover(uri, 4)
            return list(s.logs)

    logs = asyncio.run(scenario())
    decided = [int(m.rsplit(", ", 1)[1].split()[0]) for m in logs if m.startswith(f"derive: {uri}")]
    # open: both claim parts resolved (the slope by its claim); the half-typed one is not read, so nothing
    # is decided; fixed and saved at once: one audit, and only the changed formula is decided again
    assert decided == [2, 0, 1], logs


@pytest.mark.parametrize(
    "name, text",
    [
        ("a.tex", "We have \\begin{equation} e^x > \\frac{1}{"),
        ("a.tex", "\\begin{align} a &= \\end{align"),
        ("a.tex", "\\begin{equation}\n\\log(1+e^x"),
        ("a.md", "We have $$\\log(1+e^x) > x$$ and $x^2 \\geq"),
        ("a.md", "$$\\int_0^{ $$"),
        ("a.md", "$$\\lim_{t\\to} $$"),
        ("a.md", "$$"),
    ],
)
def test_a_half_typed_document_is_hints_never_an_error(monkeypatch, tmp_path, name, text):
    from derivations.lsp import audit_document, diagnostics

    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path / "cache"))
    article, _ = audit_document(str(tmp_path / name), text, 10.0)
    found = [] if article.problem else diagnostics(article.formulas, text)
    assert all(d.severity in (H, I) for d in found), found
    assert article.problem or all(f.verdict != "refuted" for f in article.formulas)


@pytest.mark.parametrize(
    "uri, language, path",
    [
        ("file:///w/notes.md", "markdown", "/w/notes.md"),
        ("file:///w/ch.tex", "latex", "/w/ch.tex"),
        ("file:///w/post.markdown", None, "/w/post.markdown"),
        ("untitled:Untitled-1", "latex", "untitled.tex"),
        ("untitled:Untitled-2", "markdown", "untitled.md"),
        ("file:///w/script.py", "python", ""),  # not an article: not audited
        ("untitled:Untitled-3", "plaintext", ""),
    ],
)
def test_which_documents_are_audited_and_how_they_are_read(uri, language, path):
    from derivations.lsp import article_path

    assert article_path(uri, language) == path
