"""Sentences and clauses of an article's prose, with its formulas in place: where a condition reaches.

A sentence runs on through a display formula until a full stop (also one written inside the display);
text after a display that starts in lower case continues it; a heading or a new paragraph of text ends it.
A semicolon, "otherwise", "but", "whereas" start a new clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .extract import Break, Found, Text

# text after a display that continues its sentence: lower case, punctuation, or "where" in another language
CONTINUES = re.compile(r"^\s*([a-z]|[,;:)，；：）]|其中|这里|此处|式中|여기서|단,|ただし|ここで)")
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|cf|etc|vs|resp|eq|eqs|fig|ref|sec|thm|lem)\.$", re.I)


@dataclass
class Sentence:
    """A sentence: its words and formulas in order, and the paragraph and section it stands in."""

    items: list = field(default_factory=list)  # ("text", str) | ("math", index, Found)
    paragraph: int = 0
    section: int = 0

    def text_after(self, position: int) -> str:
        """The words between the item at position and the next formula of the sentence."""
        words = []
        for item in self.items[position + 1 :]:
            if item[0] == "math":
                break
            words.append(item[1])
        return " ".join(words)

    def text_before(self, position: int) -> str:
        """The words between the previous formula of the sentence and the item at position."""
        words = []
        for item in reversed(self.items[:position]):
            if item[0] == "math":
                break
            words.append(item[1])
        return " ".join(reversed(words))


def sentences(stream) -> list[Sentence]:
    """The article's sentences, formulas numbered in order; a display continues the sentence before it
    unless that sentence ended, and the text after a display continues it when it starts in lower case."""
    out: list[Sentence] = []
    current = Sentence()
    paragraph = section = index = 0
    pending_break = False
    last_was_display = False

    def close():
        nonlocal current
        if current.items:
            out.append(current)
        current = Sentence(paragraph=paragraph, section=section)

    def ended() -> bool:
        for item in reversed(current.items):
            if item[0] == "text":
                if item[1].strip():
                    return bool(re.search(r"[.!?。！？]\s*$", item[1])) and not _ABBREVIATIONS.search(item[1].strip())
                continue
            return False
        return True

    for piece in stream:
        if isinstance(piece, Break):
            if piece.section:
                paragraph += 1
                section += 1
                close()
            else:
                pending_break = True
            continue
        if isinstance(piece, Found) and piece.display:
            if ended():
                close()
            current.items.append(("math", index, piece))
            index += 1
            if piece.stop:
                close()
            pending_break, last_was_display = False, True
            continue
        if isinstance(piece, Text):
            if not piece.text.strip():
                current.items.append(("text", " "))
                continue
            if pending_break or last_was_display:  # after a display, lower case continues its sentence
                continues = last_was_display and CONTINUES.match(piece.text) is not None
                if not continues:
                    paragraph += 1 if pending_break else 0
                    close()
            pending_break, last_was_display = False, False
            for part in _split_sentences(piece.text):
                current.items.append(("text", part))
                if ended():
                    close()
            continue
        if isinstance(piece, Found):  # inline
            if pending_break:
                paragraph += 1
                close()
            pending_break, last_was_display = False, False
            current.items.append(("math", index, piece))
            index += 1
    close()
    return out


def _split_sentences(text: str) -> list[str]:
    """Text split after each full stop that ends a sentence (not after e.g., i.e., cf.)."""
    parts, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+\S|\s*$)|[。！？]", text):
        piece = text[start : m.end()]
        if _ABBREVIATIONS.search(piece.strip()):
            continue
        parts.append(piece)
        start = m.end()
    if text[start:]:
        parts.append(text[start:])
    return parts or [text]


CLAUSE_BREAK = re.compile(r"[;；]|\b(otherwise|else|but|whereas|however|conversely)\b|否则|但是|然而|그렇지 않으면|하지만|그러나|それ以外|しかし", re.I)
OTHERWISE = re.compile(r"\b(otherwise|else)\b", re.I)


def clauses(sentence) -> list[int]:
    """The clause of each item of a sentence: a semicolon, "otherwise", "but", "whereas" start a new one;
    a condition governs only formulas of its own clause."""
    out, clause = [], 0
    for item in sentence.items:
        if item[0] == "text" and CLAUSE_BREAK.search(item[1]):
            clause += 1
        out.append(clause)
    return out
