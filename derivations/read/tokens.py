"""The reader's tokens: a formula cut into commands, letters, numbers and groups, with the passes that
fold what the vocabulary names into one token (\\operatorname{softplus}, an interval, a bare exp)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from derivations.base.errors import ParseError, UnsupportedNotation
from .vocabulary import ACCENTS, ALIAS, BARE_NAMES, BUILTIN_NAMES, CLOSE, COMMANDS, CONDITION_WORDS, DROP, GAPS, MAX_DEPTH, SPACED_AFTER, SPACED_BEFORE, MAX_LENGTH, MIN_BARE_UNKNOWN, OPEN, OUTSIDE, OUTSIDE_COMMANDS, OUTSIDE_ENVIRONMENTS, OUTSIDE_SETS, TOKEN, WRAPPERS
from .vocabulary import GREEK as GREEK_NAMES


@dataclass
class Tok:
    text: str
    col: int


def tokenize(latex: str, keep_gaps: bool = False) -> list[Tok]:
    if len(latex) > MAX_LENGTH:
        raise ParseError(f"formula too long ({len(latex)} characters; at most {MAX_LENGTH})")
    if not latex.strip():
        raise ParseError("empty formula")
    out: list[Tok] = []
    depth, thin = 0, []  # \, between two relations at the top level: a product, or the gap before a condition?
    for m in TOKEN.finditer(latex):
        text = m.group(0)
        depth += text in OPEN or text in (r"\left",)
        depth -= text in CLOSE or text in (r"\right",)
        if text == r"\," and depth == 0:
            thin.append((len(out), m.start()))
        if text == "~" and keep_gaps:  # a non-breaking space is a gap like \; (settled below)
            out.append(Tok(r"\quad", m.start()))
            continue
        if text.isspace() or text == "~":
            if out and out[-1].text != " ":
                out.append(Tok(" ", m.start()))
            continue
        text = ALIAS.get(text, text)
        if text in DROP or text in GAPS and not keep_gaps:
            continue
        if text in GAPS:
            out.append(Tok(r"\quad", m.start()))
            continue
        if text == "." and out and out[-1].text in (r"\left", r"\right"):
            continue
        if text in OUTSIDE_COMMANDS:
            raise UnsupportedNotation(f"{text} is {OUTSIDE}")
        if text.startswith("\\") and text not in COMMANDS and text not in ACCENTS:
            raise UnsupportedNotation(f"unsupported LaTeX command {text} at column {m.start() + 1}")
        if text in ('"', "`", ";", "?", "@", "#", "$", "%", "\t"):
            raise UnsupportedNotation(f"unexpected character {text!r} at column {m.start() + 1}")
        out.append(Tok(text, m.start()))
    _ambiguous_thin_space(out, thin, latex)
    _split_fraction_digits(out)
    _fold_intervals(out)
    _check_balance(out)
    _unwrap_frames(out)
    _brace_letter_scripts(out)
    _fold_accents(out)
    _rewrite_names(out)
    _unwrap_names(out)
    _fold_bare_names(out)
    if keep_gaps:
        _settle_gaps(out)
    return out


_RELATIONS = {"=", "<", ">", r"\leq", r"\geq", r"\neq"}


def _ambiguous_thin_space(tokens, thin, latex) -> None:
    r"""`e^x = 1 \, e^x > 0`: a thin space between two relations is read neither as a product (the chain
    e^x = e^x > 0) nor as a condition: the author is asked to write which (\cdot, or \quad before it)."""
    for at, col in thin:
        if any(t.text in _RELATIONS for t in tokens[:at]) and any(t.text in _RELATIONS for t in tokens[at:]):
            raise ParseError(f"ambiguous \\, at column {col + 1} of `{latex.strip()}`: between two relations it may be a product or the gap "
                             "before a condition; write \\cdot for a product, or \\quad before a condition")


_ARGUMENTS = {r"\frac": 2, r"\dfrac": 2, r"\tfrac": 2, r"\sqrt": 1}  # commands whose arguments TeX may take one token at a time


def _split_fraction_digits(tokens) -> None:
    r"""An argument of \frac or \sqrt written without braces is one token, as TeX reads it: \frac12 is
    \frac{1}{2}, \frac1x and \frac 1x are \frac{1}{x}, \frac{1}x too, \sqrt2 and \sqrt x are \sqrt{2} and
    \sqrt{x}, \sqrt\pi is \sqrt{\pi}; of a run of digits only the first digit (the tokenizer reads 12 as
    one number). Anything else where an argument should be is left for the reader to refuse."""
    for i in range(len(tokens) - 1, -1, -1):
        count = _ARGUMENTS.get(tokens[i].text)
        if count is None:
            continue
        k = i + 1
        if tokens[i].text == r"\sqrt":
            k = skip_space(tokens, k)
            if k < len(tokens) and tokens[k].text == "[":
                depth, j = 0, k
                while j < len(tokens):
                    depth += {"[": 1, "]": -1}.get(tokens[j].text, 0)
                    if depth == 0:
                        break
                    j += 1
                k = j + 1
        for _ in range(count):
            k = skip_space(tokens, k)
            if k >= len(tokens):
                break
            here = tokens[k]
            if here.text == "{":
                try:
                    k = closing(tokens, k) + 1
                except ParseError:  # never closed: the balance check says so in its own words
                    break
                continue
            if here.text.isdigit():
                rest = [Tok(here.text[1:], here.col + 1)] if len(here.text) > 1 else []
                tokens[k : k + 1] = [Tok("{", here.col), Tok(here.text[0], here.col), Tok("}", here.col), *rest]
                k += 3
                continue
            if re.fullmatch(r"[A-Za-z]|\\[A-Za-z]+", here.text) and here.text not in _ARGUMENTS and here.text not in _TAKES_ARGUMENTS:
                tokens[k : k + 1] = [Tok("{", here.col), here, Tok("}", here.col)]
                k += 3
                continue
            break


_TAKES_ARGUMENTS = {r"\left", r"\right", r"\mathrm", r"\text", r"\operatorname", r"\mathbf", r"\hat", r"\bar", r"\tilde", r"\vec",
                    r"\log", r"\ln", r"\exp", r"\sin", r"\cos", r"\tan", r"\sum", r"\prod", r"\int", r"\lim", r"\max", r"\min"}


@dataclass
class IntervalTok(Tok):
    """An interval after \\in, read before the balance check: [0,1) is not an unbalanced bracket."""

    left_open: bool = True
    low: list = field(default_factory=list)
    high: list = field(default_factory=list)
    right_open: bool = True


def _fold_intervals(tokens) -> None:
    r"""x \in (0,1), [0,1], (0,\infty), [0,1), ]0,1[: each interval becomes one token."""
    i = 0
    while i < len(tokens):
        if tokens[i].text != r"\in":
            i += 1
            continue
        start = i + 1
        while start < len(tokens) and tokens[start].text == " ":
            start += 1
        if start >= len(tokens) or tokens[start].text not in ("(", "[", "]"):
            i += 1
            continue
        depth, comma, end = 0, None, None
        for j in range(start + 1, len(tokens)):
            t = tokens[j].text
            if depth == 0 and t == "," and comma is None:
                comma = j
                continue
            if depth == 0 and comma is not None and t in (")", "]", "["):
                end = j
                break
            if t in ("{", "("):
                depth += 1
            elif t in ("}", ")"):
                depth -= 1
                if depth < 0:
                    break
        if comma is None or end is None:
            raise ParseError(f"the interval after \\in at column {tokens[i].col + 1} must read (a, b), [a, b], (a, b] or [a, b)")
        interval = IntervalTok(r"\interval", tokens[start].col, tokens[start].text != "[", tokens[start + 1 : comma], tokens[comma + 1 : end], tokens[end].text != "]")
        tokens[start : end + 1] = [interval]
        i = start + 1


def _check_balance(tokens) -> None:
    stack: list[Tok] = []
    for tok in tokens:
        if tok.text in OPEN:
            stack.append(tok)
            if len(stack) > MAX_DEPTH:
                raise ParseError(f"nesting deeper than {MAX_DEPTH} levels at column {tok.col + 1}")
        elif tok.text in CLOSE:
            if not stack or stack[-1].text != CLOSE[tok.text]:
                raise ParseError(f"unbalanced {tok.text!r} at column {tok.col + 1}")
            stack.pop()
    if stack:
        raise ParseError(f"unbalanced {stack[-1].text!r} at column {stack[-1].col + 1} is never closed")


def _rewrite_names(tokens) -> None:
    r"""\mathrm{e} -> e, \mathrm{d} -> d; \operatorname{name} and \mathrm{name} -> one token; \mathbb{R} -> one token."""
    i = 0
    while i < len(tokens):
        t = tokens[i].text
        if t in (r"\mathrm", r"\operatorname", r"\mathbb") and i + 1 < len(tokens) and tokens[i + 1].text == "{":
            j = closing(tokens, i + 1)
            name = "".join(x.text for x in tokens[i + 2 : j]).strip()
            if not re.fullmatch(r"[A-Za-z]+", name):
                raise UnsupportedNotation(f"unsupported {t}{{{name}}}")
            if t == r"\mathbb":
                if name in OUTSIDE_SETS:
                    raise UnsupportedNotation(f"\\mathbb{{{name}}} is {OUTSIDE}")
                new = rf"\mathbb{{{name}}}"
            elif name in BUILTIN_NAMES:
                new = BUILTIN_NAMES[name]  # \mathrm{exp} is \exp
            else:
                new = name if t == r"\mathrm" and name in ("e", "d") else rf"\operatorname{{{name}}}"
            tokens[i : j + 1] = [Tok(new, tokens[i].col)]
        elif t == r"\text" and i + 1 < len(tokens) and tokens[i + 1].text == "{":
            j = closing(tokens, i + 1)
            name = "".join(x.text for x in tokens[i + 2 : j]).strip()
            k = j + 1
            while k < len(tokens) and tokens[k].text == " ":
                k += 1
            if re.fullmatch(r"[A-Za-z]{2,}", name) and name.lower() not in CONDITION_WORDS and k < len(tokens) and tokens[k].text in ("(", "^", "'", "_"):
                tokens[i : j + 1] = [Tok(BUILTIN_NAMES.get(name, rf"\operatorname{{{name}}}"), tokens[i].col)]  # \text{softplus}(x)
            elif name in BUILTIN_NAMES or name in BARE_NAMES:
                tokens[i : j + 1] = [Tok(BARE_NAMES[name], tokens[i].col)]  # \text{logsumexp}, \text{exp}
        elif t == r"\begin" and i + 1 < len(tokens) and tokens[i + 1].text == "{":
            name = "".join(x.text for x in tokens[i + 2 : closing(tokens, i + 1)]).strip()
            if name.rstrip("*") in OUTSIDE_ENVIRONMENTS:
                raise UnsupportedNotation(f"the {name} environment is {OUTSIDE}")
        elif t == "_" and i + 1 < len(tokens) and _subscript_name(tokens, i + 1) is not None:
            end, name = _subscript_name(tokens, i + 1)  # x_{\max}, x_\min, x_{\text{max}}: a name, not a call
            tokens[i + 1 : end] = [Tok("{", tokens[i + 1].col), Tok(name, tokens[i + 1].col), Tok("}", tokens[i + 1].col)]
        elif t == r"\mathbb" and i + 1 < len(tokens) and tokens[i + 1].text in OUTSIDE_SETS:
            raise UnsupportedNotation(f"\\mathbb{tokens[i + 1].text} is {OUTSIDE}")
        elif t == r"\mathbb" and i + 1 < len(tokens) and re.fullmatch(r"[A-Z]", tokens[i + 1].text):
            tokens[i : i + 2] = [Tok(rf"\mathbb{{{tokens[i + 1].text}}}", tokens[i].col)]
        i += 1


def _brace_letter_scripts(tokens) -> None:
    """x^e -> x^{e}: a one-letter exponent written without braces, as LaTeX reads it (the backend
    stumbles on a bare e there)."""
    for i in range(len(tokens) - 2, -1, -1):
        if tokens[i].text == "^" and re.fullmatch(r"[A-Za-z]", tokens[i + 1].text):
            col = tokens[i + 1].col
            tokens[i + 1 : i + 2] = [Tok("{", col), tokens[i + 1], Tok("}", col)]


def _unwrap_frames(tokens) -> None:
    r"""\boxed{A} -> A, \underbrace{A}_{\text{label}} -> A, \textcolor{red}{A} -> A, \color{red} -> nothing."""
    i = len(tokens) - 1
    while i >= 0:
        t = tokens[i].text
        if t in WRAPPERS or t == r"\color":
            k = skip_space(tokens, i + 1)
            if k >= len(tokens) or tokens[k].text != "{":
                raise UnsupportedNotation(f"{t} without its argument in braces")
            if t in (r"\textcolor", r"\colorbox", r"\color"):  # the colour's name goes
                end = closing(tokens, k)
                del tokens[i + 1 : end + 1]
                if t == r"\color":
                    del tokens[i]
                    i -= 1
                    continue
                k = skip_space(tokens, i + 1)
                if k >= len(tokens) or tokens[k].text != "{":
                    raise UnsupportedNotation(f"{t} without its argument in braces")
            end = closing(tokens, k)
            after = skip_space(tokens, end + 1)
            if t in (r"\underbrace", r"\overbrace") and after < len(tokens) and tokens[after].text in ("_", "^"):
                label_end, _ = group_argument(tokens, after + 1)
                del tokens[end + 1 : label_end]
            framed_relation = any(tok.text in _RELATIONS for tok in tokens[k + 1 : end])
            tokens[end : end + 1] = [] if framed_relation else [Tok(")", tokens[end].col)]  # a framed relation stays one
            tokens[i : k + 1] = [] if framed_relation else [Tok("(", tokens[i].col)]
        i -= 1


def _unwrap_names(tokens) -> None:
    r"""\mathop{\text{erf}}(x): the braces around one function name (\mathop is dropped) are no argument."""
    for i in range(len(tokens) - 4, -1, -1):
        if tokens[i].text == "{" and tokens[i + 1].text.startswith(r"\operatorname{") and tokens[i + 2].text == "}" and tokens[i + 3].text == "(":
            tokens[i : i + 3] = [tokens[i + 1]]


def _fold_accents(tokens) -> None:
    r"""\bar{x}, \bar x, \overline{x}, \hat{y}, \tilde{\theta}: an accent over one letter, written \bar{x} for the
    backend (which reads it as one symbol, named xbar by the parser); over anything else it is outside."""
    i = 0
    while i < len(tokens):
        t = tokens[i].text
        if t not in ACCENTS:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].text == " ":
            j += 1
        if j < len(tokens) and tokens[j].text == "{":
            end = closing(tokens, j)
            inner = [x for x in tokens[j + 1 : end] if x.text != " "]
        else:
            end, inner = j, tokens[j : j + 1]
        letter = inner[0].text if len(inner) == 1 else ""
        if not (re.fullmatch(r"[A-Za-z]", letter) or letter.startswith("\\") and letter[1:] in GREEK_NAMES):
            raise UnsupportedNotation(f"{t} over {''.join(x.text for x in inner) or 'nothing'} is {OUTSIDE}")
        canonical = "\\" + ("bar" if ACCENTS[t] == "bar" else ACCENTS[t])
        col = tokens[i].col
        tokens[i : end + 1] = [Tok(canonical, col), Tok("{", col), Tok(letter, col), Tok("}", col)]
        i += 4


def _settle_gaps(tokens) -> None:
    r"""A gap (\quad, \;, \ ) between two operands at the top level separates (x^2 = x \; x \geq 0: a formula and
    its condition, never x \cdot x); next to an operator, inside a group, or before a differential (\; dx) it is
    only spacing, dropped."""
    depth, keep = 0, []
    for k, tok in enumerate(tokens):
        if tok.text in OPEN or tok.text == r"\begin":
            depth += 1
        elif tok.text in CLOSE or tok.text == r"\end":
            depth -= 1
        if tok.text != r"\quad":
            keep.append(tok)
            continue
        before = next((t.text for t in reversed(tokens[:k]) if t.text not in (" ", r"\quad")), None)
        after = [t.text for t in tokens[k + 1 :] if t.text not in (" ", r"\quad")][:2]
        differential = len(after) == 2 and after[0] == "d" and re.fullmatch(r"[A-Za-z]", after[1])
        if depth == 0 and before is not None and after and before not in SPACED_AFTER and after[0] not in SPACED_BEFORE and not differential:
            keep.append(tok)
    tokens[:] = keep


def _subscript_name(tokens, i):
    r"""A subscript that spells a word of the vocabulary (\max, {\min}, {\text{max}}, {max}, {\operatorname{max}}):
    (index after it, the word as one token), else None."""
    t = tokens[i].text
    if t in (r"\max", r"\min"):
        return i + 1, t[1:]
    if t != "{":
        return None
    j = closing(tokens, i)
    inner = [x.text for x in tokens[i + 1 : j] if x.text != " "]
    word = "".join(inner)
    if inner in ([r"\max"], [r"\min"]):
        return j + 1, word[1:]
    if word.startswith(r"\operatorname{") and word[14:-1] in BARE_NAMES:
        return j + 1, word[14:-1]
    if len(inner) > 1 and all(re.fullmatch(r"[A-Za-z]", x) for x in inner) and word in BARE_NAMES:
        return j + 1, word
    return None


_GLUED = re.compile(r"([A-Za-z]?)(ln|log)([A-Za-z])")


def _fold_bare_names(tokens) -> None:
    r"""A run of letters that spells a known function (exp, log, tanh, max, ReLU, softplus) is that function;
    a longer run written before "(" is an unknown function's name (GELU(x)), never a product of letters.
    A run whose every letter the formula also writes as a variable on its own (xyz(x+y+z)) is a product.
    Runs inside \text{...}, \begin{...}, \end{...} are words, left alone."""
    alone = _lone_letters(tokens)
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].text in (r"\text", r"\begin", r"\end") and i + 1 < n and tokens[i + 1].text == "{":
            i = closing(tokens, i + 1) + 1
            continue
        if not re.fullmatch(r"[A-Za-z]", tokens[i].text):
            i += 1
            continue
        j = i
        while j < n and re.fullmatch(r"[A-Za-z]", tokens[j].text):
            j += 1
        word = "".join(t.text for t in tokens[i:j])
        follows = tokens[j].text if j < n else ""
        glued = _GLUED.fullmatch(word) if word not in BARE_NAMES and follows != "(" else None
        if word in BARE_NAMES:
            tokens[i:j] = [Tok(BARE_NAMES[word], tokens[i].col)]
            n = len(tokens)
        elif glued:  # ylna, lna_y^L, logp_i: a log written against its one-letter argument (and a factor before it)
            col = tokens[i].col
            tokens[i:j] = [Tok(x, col) for x in glued.group(1)] + [Tok("\\" + glued.group(2), col), Tok(glued.group(3), col)]
            n = len(tokens)
        elif len(word) >= MIN_BARE_UNKNOWN and follows == "(" and not set(word) <= alone:
            tokens[i:j] = [Tok(rf"\operatorname{{{word}}}", tokens[i].col)]
            n = len(tokens)
        i += 1


def _lone_letters(tokens) -> set[str]:
    """The letters written as a variable on their own: neither letter nor command next to them."""

    def letter(k):
        return 0 <= k < len(tokens) and re.fullmatch(r"[A-Za-z]", tokens[k].text) is not None

    return {t.text for k, t in enumerate(tokens) if letter(k) and not letter(k - 1) and not letter(k + 1) and not (k > 0 and tokens[k - 1].text.startswith("\\"))}


def closing(tokens, i) -> int:
    """Index of the token closing the group opened at i."""
    close = OPEN[tokens[i].text]
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j].text
        if t == tokens[i].text:
            depth += 1
        elif t == close:
            depth -= 1
            if depth == 0:
                return j
    raise ParseError(f"unbalanced {tokens[i].text!r} at column {tokens[i].col + 1}")


_OPERAND_END = re.compile(r"[A-Za-z0-9.]+|[)\]}!']|\\rvert|\\[A-Za-z]+")  # what an operand may end with
_NOT_OPERANDS = {r"\cdot", r"\times", r"\left", r"\right", r"\frac", r"\sqrt", r"\quad", r"\leq", r"\geq", r"\neq", r"\le", r"\ge",
                 r"\ne", r"\lt", r"\gt", r"\pm", r"\mp", r"\to", r"\in", r"\div", r"\oplus", r"\otimes", r"\odot", r"\oslash"}


def paired_bars(tokens) -> list:
    r"""The absolute-value bars paired as a reader pairs them, as \lvert ... \rvert for the backend (which
    reads |x|+2|y| as |x (+2) y| = 2|xy|): a bar closes the innermost open one when an operand ends just
    before it (x|, 1|, )|, a closing bar), and opens one otherwise (at the start, after an operator, and
    after an operand when no bar is open: 2|y|). \left| and \right| say which they are. A bar left
    without a partner stays as written."""
    out = list(tokens)
    opened: list[int] = []
    pairs: list[tuple[int, int]] = []
    for k, tok in enumerate(out):
        if tok.text != "|":
            continue
        before = next((out[j] for j in range(k - 1, -1, -1) if out[j].text != " "), None)
        prev = before.text if before is not None else ""
        if prev == r"\right" and opened:
            closes = True
        elif prev == r"\left":
            closes = False
        else:
            operand = bool(prev) and prev not in _NOT_OPERANDS and bool(_OPERAND_END.fullmatch(prev)) or (bool(prev) and out[k - 1].text == "|" and k - 1 in {c for _, c in pairs})
            closes = bool(opened) and operand
        if closes:
            pairs.append((opened.pop(), k))
        else:
            opened.append(k)
    for a, b in pairs:
        out[a] = Tok(r"\lvert", out[a].col)
        out[b] = Tok(r"\rvert", out[b].col)
    return out


def group_argument(tokens, k) -> tuple[int, list]:
    r"""A function's argument written as a group at k, (index after it, its tokens): (x), {x}, and {(x)}
    read as (x), the parentheses of \log{(1+x)} being the author's, not a tuple's."""
    end = closing(tokens, k) + 1
    inner = tokens[k + 1 : end - 1]
    if tokens[k].text == "{":
        stripped = [t for t in inner if t.text != " "]
        if stripped and stripped[0].text == "(" and closing(stripped, 0) == len(stripped) - 1:
            inner = stripped[1:-1]
    return end, inner


def next_is(tokens, i, text: str) -> int | None:
    """The index of the first token from i on that is not a space, when it is text; else None."""
    k = skip_space(tokens, i)
    return k if k < len(tokens) and tokens[k].text == text else None


def skip_space(tokens, i) -> int:
    while i < len(tokens) and tokens[i].text == " ":
        i += 1
    return i


def split_top(tokens, separators) -> list[tuple[str | None, list[Tok]]]:
    """Split at separators outside any group: [(None, first), (sep, next), ...]."""
    parts, current, sep, depth = [], [], None, 0
    for tok in tokens:
        if tok.text in OPEN:
            depth += 1
        elif tok.text in CLOSE:
            depth -= 1
        elif tok.text == r"\begin":
            depth += 1
        elif tok.text == r"\end":
            depth -= 1
        if depth == 0 and tok.text in separators:
            parts.append((sep, current))
            current, sep = [], tok.text
            continue
        current.append(tok)
    parts.append((sep, current))
    return parts


def joined(tokens) -> str:
    return "".join(t.text for t in tokens).strip()


def pop_operand(out) -> list[Tok]:
    """The operand just written (a letter with its subscript, a number, a group, a placeholder), removed from out."""
    while out and out[-1].text == " ":
        out.pop()
    if not out:
        raise ParseError("a power (^+, ^-, ^{\\odot n}) without an operand")
    end = len(out)
    if out[-1].text in CLOSE:
        depth, start = 0, None
        for k in range(end - 1, -1, -1):
            if out[k].text in CLOSE:
                depth += 1
            elif out[k].text in OPEN:
                depth -= 1
                if depth == 0:
                    start = k
                    break
        if start is None:
            raise ParseError("unbalanced group before ^+ or ^-")
        if start >= 2 and out[start - 1].text == "_":  # x_{1} or the placeholder \varpi_{k}
            start -= 2
    elif len(out) >= 3 and out[-2].text == "_":  # x_1, x_i
        start = len(out) - 3
    else:
        start = end - 1
    operand = out[start:end]
    del out[start:end]
    return operand


def inside_group(out) -> bool:
    depth = 0
    for tok in out:
        if tok.text in OPEN:
            depth += 1
        elif tok.text in CLOSE:
            depth -= 1
    return depth > 0

