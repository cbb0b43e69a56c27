"""Finding the math of an article and the prose around it: Markdown through markdown-it-py, LaTeX through pylatexenc."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from derivations.base.errors import DerivationError

MATH_ENVIRONMENTS = {"equation", "align", "gather", "multline", "eqnarray", "alignat", "flalign", "displaymath", "math"}
_SECTION_MACROS = {"part", "chapter", "section", "subsection", "subsubsection", "paragraph", "title", "maketitle"}
_SKIPPED_ENVIRONMENTS = {"verbatim", "lstlisting", "minted", "comment", "thebibliography", "tikzpicture"}
_TEXT_MACROS = {"textbf", "textit", "emph", "text", "textrm", "textsf", "underline", "mbox", "footnote"}


@dataclass(frozen=True)
class Found:
    """A formula as it stands in the article: its own line, its LaTeX, display or inline."""

    line: int
    latex: str
    display: bool
    stop: bool = False  # the formula's own text ended the sentence (``$$ a = b. $$``)


@dataclass(frozen=True)
class Text:
    """Prose between formulas (words only: markup removed)."""

    text: str
    line: int


@dataclass(frozen=True)
class Break:
    """The end of a block (paragraph, list item, code block) or, with section=True, of a section."""

    section: bool = False


@dataclass(frozen=True)
class Article:
    """An article read and validated: the formulas in order, and the stream of prose, formulas and breaks."""

    path: Path
    stream: tuple

    @property
    def formulas(self) -> list[Found]:
        return [piece for piece in self.stream if isinstance(piece, Found)]



def split_outside_groups(latex: str, separator: str) -> list[str]:
    """latex split at each separator that stands outside every (), {}, []."""
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(latex):
        c = latex[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif depth == 0 and latex.startswith(separator, i) and not (separator == "=" and latex[i - 1 : i] in "<>!\\"):
            pieces.append(latex[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    pieces.append(latex[start:])
    return pieces


def read(path: Path) -> Article:
    """The article at path, read as UTF-8 and split into prose and formulas; one-line errors, at once."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DerivationError(f"cannot read {path}: not UTF-8 (byte {exc.start})") from None
    except IsADirectoryError:
        raise DerivationError(f"cannot read {path}: is a directory") from None
    except FileNotFoundError:
        raise DerivationError(f"cannot read {path}: no such file") from None
    except OSError as exc:
        raise DerivationError(f"cannot read {path}: {exc.strerror or exc}") from None
    stream = stream_tex(text) if path.suffix.lower() in (".tex", ".latex", ".ltx") else stream_markdown(text)
    return Article(path, tuple(expand_macros(stream, text)))


_ENV = re.compile(r"^\s*\\begin\{(%s)\*?\}(.*)\\end\{\1\*?\}\s*$" % "|".join(sorted(MATH_ENVIRONMENTS)), re.S)


def clean_display(latex: str) -> str:
    r"""A display's body: environment, \label, \tag, \nonumber and trailing punctuation removed."""
    m = _ENV.match(latex)
    body = m.group(2) if m else latex
    if m and m.group(1) == "alignat":
        body = re.sub(r"^\s*\{\s*\d+\s*\}", "", body)  # alignat's column count
    body = re.sub(r"\\(label|tag\*?)\s*\{[^}]*\}|\\(nonumber|notag)\b", "", body)
    body = ROW_SPACING.sub(r"\\\\", body)  # \\[1em]: a row break with extra space, not a bracket
    # the inner alignment environments of a display ($$\begin{aligned} ... \end{aligned}$$): rows as in align
    body = re.sub(r"\\begin\{(aligned|alignedat|split|gathered)\}(\{\d+\})?|\\end\{(aligned|alignedat|split|gathered)\}", " ", body)
    return strip_punctuation(normalize(body))


_DEFINES = re.compile(r":=|=:|\\coloneqq(?![A-Za-z])|\\eqqcolon(?![A-Za-z])|\\triangleq(?![A-Za-z])|\\equiv(?![A-Za-z])|\\(?:stackrel|overset)\{\s*(?:\\text\{\s*def\s*\}|\\mathrm\{\s*def\s*\}|def)\s*\}\{=\}")


ROW_SPACING = re.compile(r"\\\\\s*\[\s*-?[\d.]+\s*(?:em|ex|pt|mm|cm|in|mu|bp|pc)\s*\]")
_MATHOP = re.compile(r"\\mathop\s*\{\s*\\(?:text|mathrm|operatorname)\s*\{([A-Za-z]+)\}\s*\}")


def normalize(latex: str) -> str:
    r"""``:=``, ``\coloneqq``, ``\triangleq``, ``\overset{\text{def}}{=}``, ``\equiv`` are written ``=``
    (whether the formula defines a name is decided by the name, not by the sign); ``\mathop{\text{erf}}``
    is the operator name ``\operatorname{erf}``."""
    latex = _SYNONYMS.sub(lambda m: _SYNONYM[m.group(1)], latex)
    latex = _NAMED_INDEX.sub(r"_{\1}", latex)  # x_{\max}: a name (the largest x), never a call of \max
    latex = _CASES.sub(lambda m: m.group(1) + _cases_rows(m.group(2)) + m.group(3), latex)
    return _quantified(_MATHOP.sub(r"\\operatorname{\1}", _DEFINES.sub("=", latex)))


_NAMED_INDEX = re.compile(r"_\{?\s*\\(max|min|sup|inf)\s*\}?(?![A-Za-z(])")
_CASES = re.compile(r"(\\begin\{cases\})(.*?)(\\end\{cases\})", re.S)
_ELSE = re.compile(r"^\s*\(?\s*(?:else|otherwise|\\text\{\s*(?:else|otherwise)\s*\}|その他|それ以外|其他|其它|否则|기타|그 외)\s*\)?\s*$", re.I)


def _cases_rows(body: str) -> str:
    r"""The rows of a cases block as the reader wants them: ``x \quad x \geq 0`` is ``x & x \geq 0`` (a
    row written without &), a condition ``(else)`` / ``otherwise`` / 其他 is ``\text{otherwise}``, an empty
    last row (a trailing ``\\``) is no row."""

    rows = [row for row in split_outside_groups(body, "\\\\")]
    while rows and not rows[-1].strip():
        rows.pop()
    out = []
    for row in rows:
        if "&" not in row:
            row = re.sub(r"\\q?quad(?![A-Za-z])", "&", row, count=1)
        if "&" in row:
            value, condition = row.split("&", 1)
            if _ELSE.match(condition):
                condition = r" \text{otherwise} "
            row = f"{value}&{condition}"
        out.append(row)
    return "\\\\".join(out)


# the same relation under another name (amssymb): \geqq, \geqslant are \geq
_SYNONYM = {"geqq": r"\geq", "geqslant": r"\geq", "leqq": r"\leq", "leqslant": r"\leq", "ne": r"\neq", "lneq": r"<", "gneq": r">"}
_SYNONYMS = re.compile(r"\\(%s)(?![A-Za-z])" % "|".join(_SYNONYM))


_SEP = r"(?:\s|,|\\q?quad(?![A-Za-z])|\\[;,:! ]|~)"
_FORALL_TAIL = re.compile(r"(?<=\S)(%s*(?:,|\\q?quad(?![A-Za-z]))%s*)\\forall(?![A-Za-z])\s*" % (_SEP, _SEP))
_FORALL_HEAD = re.compile(r"^\s*\\forall(?![A-Za-z])\s*")


def _quantified(latex: str) -> str:
    r"""``A,\quad \forall t > 1`` and ``\forall x\in(0,1),\ A`` are A under the condition (written
    ``A, \quad t > 1``, as a display's own condition); ``\exists`` is left as written (never a universal claim)."""
    latex = _FORALL_TAIL.sub(r"\1 ", latex)
    m = _FORALL_HEAD.match(latex)
    if m:
    
        pieces = split_outside_groups(latex[m.end() :], ",")
        if len(pieces) >= 2 and pieces[0].strip():
            body = re.sub(r"^(\s|\\[;,:! ]|\\q?quad(?![A-Za-z])|~)+", "", ",".join(pieces[1:]))
            latex = f"{body.strip()}, \\quad {pieces[0].strip()}"
    return latex


def strip_punctuation(latex: str) -> str:
    r"""Sentence punctuation that ends a formula (``... = 1.``, ``x > 0,``) is prose, not math."""
    previous = None
    while previous != latex:
        previous = latex
        latex = re.sub(r"(\\[,;:!]|\\quad|\\qquad|~|\s|&|\\\\)*(&|\\\\)\s*$", "", latex.rstrip())  # flalign's last &
        latex = re.sub(r"(\\[,;:!]|\\quad|\\qquad|~|\s)*([.,;]|(?<![:\\]):)\s*$", "", latex.rstrip())
        latex = re.sub(r"\\text\{\s*[.,;]\s*\}\s*$", "", latex)
    return latex.strip()


def _display(line: int, raw: str) -> Found:
    body = clean_display(raw)
    inner = _ENV.match(raw)
    tail = (inner.group(2) if inner else raw).rstrip()
    tail = re.sub(r"(\\(label|tag\*?)\s*\{[^}]*\}|\\(nonumber|notag)\b|\s)+$", "", tail)
    return Found(line, body, True, stop=re.search(r"(\.|\\text\{\s*\.\s*\})$", tail) is not None)


# ---------------------------------------------------------------- Markdown


def stream_markdown(text: str) -> list:
    """Prose, formulas and breaks in order, through markdown-it-py: code blocks and escaped dollars are
    not math; an inline formula's line is its own line, not its paragraph's."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.texmath import texmath_plugin

    text = kramdown_math(text)
    md = MarkdownIt("commonmark").use(dollarmath_plugin, double_inline=True).use(amsmath_plugin).use(texmath_plugin, delimiters="brackets")
    out: list = []
    for token in md.parse(text):
        if token.type == "heading_open":
            out.append(Break(section=True))
        elif token.type in ("math_block", "math_block_label", "amsmath", "math_block_eqno"):
            out.append(Break())
            out.append(_display(token.map[0] + 1, token.content))
        elif token.type in ("paragraph_open", "fence", "code_block", "bullet_list_open", "ordered_list_open", "list_item_open", "blockquote_open", "hr"):
            out.append(Break())
        elif token.type == "inline":
            line = token.map[0] + 1
            children = token.children or []
            for k, child in enumerate(children):
                if child.type in ("softbreak", "hardbreak"):
                    out.append(Text(" ", line))
                    line += 1
                elif child.type in ("math_inline", "math_inline_double"):
                    # kramdown writes inline math as $$...$$ too: a $$ with words beside it on its line is inline
                    double = child.type == "math_inline_double" and (not _among_words(children, k) or child.content.lstrip().startswith("\\begin{"))
                    out.append(_display(line, child.content) if double else Found(line, strip_punctuation(normalize(child.content)), False))
                    line += child.content.count("\n")
                elif child.type == "code_inline":
                    out.append(Text(" code ", line))
                elif child.type == "text":
                    out.append(Text(child.content, line))
        elif token.type == "heading_close":
            out.append(Break(section=True))
    return out


_LENGTH = r"\s*-?[\d.]+\s*(?:em|ex|pt|mm|cm|in|mu|bp|pc)\s*\]"
_KRAMDOWN = re.compile(r"\\\\(?:([()])|(\[)(?!%s)|(\]))" % _LENGTH)
_MIDLINE_ENV = re.compile(r"(?<=[^\s$\[{(])([ \t]*)(\\begin\{(%s)\*?\}(?:(?!\n[ \t]*\n).)*?\\end\{\3\*?\})" % "|".join(sorted(MATH_ENVIRONMENTS)), re.S)
_BRACKET_DISPLAY = re.compile(r"(?<!\\)\\\[((?:(?!\n[ \t]*\n).)*?)(?<!\\)\\\]", re.S)
_VERBATIM = re.compile(r"<!--.*?-->|^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$|`[^`\n]+`", re.S | re.M)


def kramdown_math(text: str) -> str:
    r"""Markdown as MathJax sees it after kramdown/Jekyll: ``\\( x \\)`` and ``\\[ x \\]`` are ``\( x \)`` and
    ``\[ x \]`` (``\\[1em]``, a row break, stays; inside them ``\\{`` is ``\{``); an environment that starts
    inside a line of prose (``... 恒成立 \begin{equation}x = f(x) - f(-x)\end{equation}``) is a display. Code
    and HTML comments are left alone; no line moves."""
    out, pos = [], 0
    for m in _VERBATIM.finditer(text):
        out += [_prose_math(text[pos : m.start()]), m.group(0)]
        pos = m.end()
    out.append(_prose_math(text[pos:]))
    return "".join(out)


# a $$ display opened on its own line right under a line of prose (kramdown allows it; CommonMark would read
# its "=" rows as heading underlines and its "- x" rows as list items)
_PARAGRAPH_DISPLAY = re.compile(r"(?m)(?<=\S)([ \t]*\n[ \t]*)\$\$[ \t]*\n((?:(?!\n[ \t]*\n)[\s\S])*?)\n[ \t]*\$\$[ \t]*$")


def _one_line(m) -> str:
    """The display on one line, the lines it took given back after it (no later line moves)."""
    body = m.group(2)
    return f"{m.group(1)}$${body.replace(chr(10), ' ')}$$" + "\n" * (body.count("\n") + 2)


def _prose_math(text: str) -> str:
    if _KRAMDOWN.search(text):
        text = _KRAMDOWN.sub(lambda m: "\\" + (m.group(1) or m.group(2) or m.group(3)), text)
        text = re.sub(r"\\\\([{}|])", r"\\\1", text)
    text = _BRACKET_DISPLAY.sub(lambda m: f"$${m.group(1)}$$", text)  # \[ ... \] across lines inside a paragraph
    text = _PARAGRAPH_DISPLAY.sub(lambda m: m.group(0) if text.count("$$", 0, m.start()) % 2 else _one_line(m), text)  # not a display's closing $$
    return _MIDLINE_ENV.sub(lambda m: f"{m.group(1)}$${m.group(2)}$$", text)


# ---------------------------------------------------------------- macros of the document

_NEWCOMMAND = re.compile(r"\\(?:re)?(?:newcommand|providecommand)\*?\s*(?:\{\s*\\?([A-Za-z]+)\s*\}|\\([A-Za-z]+))\s*(?:\[(\d)\])?\s*\{")
_DEF = re.compile(r"\\def\s*\\([A-Za-z]+)\s*((?:#\d)*)\s*\{")
_OPERATOR = re.compile(r"\\DeclareMathOperator\*?\s*\{\s*\\([A-Za-z]+)\s*\}\s*\{")


def _group(text: str, start: int) -> int | None:
    """The index just after the brace group whose opening brace is at start - 1."""
    depth = 1
    for k in range(start, len(text)):
        if text[k] == "\\":
            continue
        if text[k] == "{" and text[k - 1 : k] != "\\":
            depth += 1
        elif text[k] == "}" and text[k - 1 : k] != "\\":
            depth -= 1
            if depth == 0:
                return k + 1
    return None


def macros_of(text: str) -> tuple[dict, str]:
    r"""The document's own macros (``\newcommand``, ``\renewcommand``, ``\def``, ``\DeclareMathOperator``;
    MathJax's ``\newcommand{relu}{...}`` too): name -> (number of arguments, body), and the text without them."""
    found: dict[str, tuple[int, str]] = {}
    spans = []
    for pattern in (_NEWCOMMAND, _DEF, _OPERATOR):
        for m in pattern.finditer(text):
            end = _group(text, m.end())
            if end is None:
                continue
            body = text[m.end() : end - 1]
            if pattern is _NEWCOMMAND:
                name, count = m.group(1) or m.group(2), int(m.group(3) or 0)
            elif pattern is _DEF:
                name, count = m.group(1), len(m.group(2)) // 2
            else:
                name, count, body = m.group(1), 0, rf"\operatorname{{{body.strip()}}}"
            found[name] = (count, body)
            spans.append((m.start(), end))
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return found, text


def expand(latex: str, macros: dict, depth: int = 0) -> str:
    """latex with the document's macros replaced by their bodies (arguments #1..#9), to a bounded depth."""
    if not macros or depth > 8:
        return latex
    pattern = re.compile(r"\\(%s)(?![A-Za-z])" % "|".join(sorted(map(re.escape, macros), key=len, reverse=True)))
    out, pos, changed = [], 0, False
    for m in pattern.finditer(latex):
        if m.start() < pos:
            continue
        count, body = macros[m.group(1)]
        k, args = m.end(), []
        for _ in range(count):
            while k < len(latex) and latex[k].isspace():
                k += 1
            if k < len(latex) and latex[k] == "{":
                end = _group(latex, k + 1)
                if end is None:
                    break
                args.append(latex[k + 1 : end - 1])
                k = end
            elif k < len(latex):
                args.append(latex[k])
                k += 1
        if len(args) != count:
            continue
        for n, arg in enumerate(args, 1):
            body = body.replace(f"#{n}", arg)
        out += [latex[pos : m.start()], body]  # as TeX expands it: the body, no group around it
        pos, changed = k, True
    out.append(latex[pos:])
    result = "".join(out)
    return expand(result, macros, depth + 1) if changed else result


def expand_macros(stream, text: str) -> list:
    """Each formula of the stream with the document's macros expanded (defined anywhere in the document:
    a macro defined in a later formula is known in an earlier one too) and their definitions removed."""
    macros, _ = macros_of(text)
    if not macros:
        return list(stream)
    out = []
    for piece in stream:
        if isinstance(piece, Found):
            _, latex = macros_of(piece.latex)
            piece = Found(piece.line, normalize(expand(latex, macros)).strip(), piece.display, piece.stop)
        out.append(piece)
    return out


def _among_words(children, k) -> bool:
    """Do words stand right before or after the k-th inline child, on the same line?"""
    before = children[k - 1] if k else None
    after = children[k + 1] if k + 1 < len(children) else None
    return any(c is not None and c.type == "text" and c.content.strip() for c in (before, after))


# ---------------------------------------------------------------- LaTeX


def stream_tex(text: str) -> list:
    r"""Prose, formulas and breaks in order, through pylatexenc's LatexWalker: $, $$, \( \), \[ \], the
    math environments (starred too), comments skipped, \section a section break, a blank line a block break."""
    from pylatexenc.latexwalker import LatexWalker

    walker = LatexWalker(text, tolerant_parsing=True)
    try:
        nodes, _, _ = walker.get_latex_nodes()
    except Exception as exc:  # noqa: BLE001 - the walker's own errors, as one line
        raise DerivationError(f"cannot read the LaTeX: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    out: list = []
    _walk(nodes, text, walker, out)
    return out


def _walk(nodes, text, walker, out) -> None:
    from pylatexenc import latexwalker as lw

    for node in nodes or []:
        if node is None:
            continue
        line = walker.pos_to_lineno_colno(node.pos)[0]
        if isinstance(node, lw.LatexCommentNode):
            continue
        if isinstance(node, lw.LatexCharsNode):
            for k, part in enumerate(re.split(r"\n[ \t]*\n", node.chars)):
                if k:
                    out.append(Break())
                out.append(Text(part, line))
                line += part.count("\n") + 2
        elif isinstance(node, lw.LatexMathNode):
            opening, closing = node.delimiters
            body = text[node.pos + len(opening) : node.pos + node.len - len(closing)]
            display = node.displaytype == "display"
            if display:
                out.append(Break())
            out.append(_display(line, body) if display else Found(line, strip_punctuation(normalize(body)), False))
        elif isinstance(node, lw.LatexEnvironmentNode):
            name = node.environmentname.rstrip("*")
            if name in MATH_ENVIRONMENTS:
                out.append(Break())
                out.append(_display(line, text[node.pos : node.pos + node.len]))
            elif name not in _SKIPPED_ENVIRONMENTS:
                out.append(Break())
                _walk(node.nodelist, text, walker, out)
                out.append(Break())
        elif isinstance(node, lw.LatexMacroNode):
            name = node.macroname
            if name in _SECTION_MACROS:
                out.append(Break(section=True))
            elif name in ("par", "item"):
                out.append(Break())
            elif name in _TEXT_MACROS and node.nodeargd is not None:
                _walk([a for a in node.nodeargd.argnlist if a is not None], text, walker, out)
            elif name in ("$", "%", "&", "#", "_"):
                out.append(Text(name, line))
            else:
                out.append(Text(" ", line))
        elif isinstance(node, lw.LatexGroupNode):
            _walk(node.nodelist, text, walker, out)
        elif isinstance(node, lw.LatexSpecialsNode):
            out.append(Text(" " if node.specials_chars == "~" else node.specials_chars, line))


# ---------------------------------------------------------------- the formulas alone (kept for callers and tests)


def extract_markdown(text: str) -> list[Found]:
    return [piece for piece in stream_markdown(text) if isinstance(piece, Found)]


def extract_tex(text: str) -> list[Found]:
    return [piece for piece in stream_tex(text) if isinstance(piece, Found)]
