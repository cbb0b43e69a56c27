"""The reader's placeholders: a construct read here stands in the backend's input as a symbol no author can
write (\\varpi_{k}); a message names it back as the author wrote it, never as the placeholder."""

from __future__ import annotations

import re

import sympy as sp

from .tokens import Tok, joined
from .vocabulary import MAX_DEPTH, PLACEHOLDER


class Held:
    """Mixed into the parser: placeholders made, and what each stands for in the author's terms."""

    def _hold(self, value: sp.Basic) -> list[Tok]:
        """A placeholder for value: a symbol the backend reads, written with a command no author can write
        (the tokenizer refuses \\varpi), so an author's \\Xi_{0} is never taken for one."""
        key = f"{len(self.placeholders)}"
        self.placeholders[key] = value
        return [Tok(" ", 0), Tok(PLACEHOLDER, 0), Tok("_", 0), Tok("{", 0), Tok(key, 0), Tok("}", 0), Tok(" ", 0)]

    def in_author_terms(self, message: str) -> str:
        r"""A message with every placeholder written back as the formula it stands for (never \Xi_{0})."""
        from derivations.notation.printer import latex as render

        def written(m):
            if m.group(1) in self.sources:
                return self.sources[m.group(1)]
            value = self.placeholders.get(m.group(1))
            return render(value) if value is not None else m.group(0)

        message = message.replace("\\\\", "\\")  # the backend quotes with repr: one backslash, as written
        for _ in range(MAX_DEPTH):  # a placeholder's formula may hold none: one pass usually
            new = re.sub(r"\\varpi\s*_\s*\{(\d+)\}", written, message)
            if new == message:
                break
            message = new
        return re.sub(r"\s+", " ", message)

    def _note_sources(self, written, count) -> None:
        """The placeholders made since the count-th stand for these tokens (the innermost keep their own)."""
        for key in range(count, len(self.placeholders)):
            self.sources.setdefault(str(key), self.in_author_terms(joined(written)))
