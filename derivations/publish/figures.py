"""Figures for the PDF and the site (matplotlib, vector PDF and PNG) in the document's Computer Modern,
embedded as TrueType (never Type 3), deterministic: fixed metadata, no dates."""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass
from typing import Callable

import mpmath

# claim id -> figure name; a figure sits next to the claim it illustrates
ILLUSTRATES = {
    "sigmoid-derivative-bound": "sigmoid-slope",
    "relu-limit": "relu-limit",
    "tropical-add-limit": "tropical-add",
    "vanishing-gradient": "vanishing-gradient",
}


@dataclass(frozen=True)
class Figure:
    name: str
    caption: str
    draw: Callable


def _sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


def _log_t_1_plus(t: float, x: float) -> float:
    # log_t(1 + t^x) without overflow: max(0, x) + log_t(1 + t^{-|x|})
    return max(0.0, x) + math.log1p(t ** (-abs(x))) / math.log(t)


def _grid(lo, hi, n=401):
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def _sigmoid_slope(ax):
    xs = _grid(-8, 8)
    ax.plot(xs, [_sigma(x) for x in xs], label=r"$\sigma(x)$", color="tab:blue")
    ax.plot(xs, [_sigma(x) * (1 - _sigma(x)) for x in xs], label=r"$\sigma'(x) = \sigma(x)(1-\sigma(x))$", color="tab:orange")
    ax.axhline(0.25, color="gray", linestyle="--", linewidth=1, label=r"bound $\frac{1}{4}$")
    ax.plot([0], [0.25], "o", color="black", label=r"equality at $x = 0$")
    ax.set_xlabel("$x$")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(loc="center right", fontsize=8)


def _relu_limit(ax):
    xs = _grid(-3, 3)
    for t, label in ((math.e, "e"), (10, "10"), (100, "100"), (1e4, "10^4")):
        ax.plot(xs, [_log_t_1_plus(t, x) for x in xs], label=rf"$\log_{{{label}}}(1+{{{label}}}^x)$", linewidth=1.2)
    ax.plot(xs, [max(0.0, x) for x in xs], color="black", linewidth=2, linestyle="--", label=r"$\rho(x) = \max(0, x)$")
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left", fontsize=8)


def _tropical_add(ax):
    y = 0.0
    xs = _grid(-3, 3)
    for t, label in ((math.e, "e"), (10, "10"), (100, "100")):
        values = [max(x, y) + math.log1p(t ** (-abs(x - y))) / math.log(t) for x in xs]
        ax.plot(xs, values, label=rf"$\log_{{{label}}}({{{label}}}^x+{{{label}}}^0)$", linewidth=1.2)
        ax.fill_between(xs, [max(x, y) for x in xs], [max(x, y) + math.log(2) / math.log(t) for x in xs], alpha=0.12)
    ax.plot(xs, [max(x, y) for x in xs], color="black", linewidth=2, linestyle="--", label=r"$x \oplus 0 = \max(x, 0)$")
    ax.set_xlabel("$x$ (slice $y = 0$; bands: $\\max(x,y) + [0, \\log_t 2]$)")
    ax.legend(loc="upper left", fontsize=8)


def _vanishing_gradient(ax):
    depths = list(range(1, 11))
    slopes = []
    with mpmath.workdps(30):
        for n in depths:
            value, slope = mpmath.mpf(0), mpmath.mpf(1)
            for _ in range(n):  # chain rule through f_{k+1} = sigma(f_k) at x = 0
                s = 1 / (1 + mpmath.e ** (-value))
                slope *= s * (1 - s)
                value = s
            slopes.append(float(slope))
    ax.semilogy(depths, slopes, "o-", label=r"$f_n'(0)$")
    ax.semilogy(depths, [4.0**-n for n in depths], "s--", color="gray", label=r"bound $4^{-n}$")
    ax.set_xlabel("depth $n$")
    ax.legend(loc="upper right", fontsize=8)


FIGURES = {
    "sigmoid-slope": Figure("sigmoid-slope", r"The sigmoid and its slope; the slope never exceeds $\frac14$, attained only at $x=0$.", _sigmoid_slope),
    "relu-limit": Figure("relu-limit", r"$\log_t(1+t^x)$ for $t = e, 10, 100, 10^4$ closing in on $\rho(x)$.", _relu_limit),
    "tropical-add": Figure("tropical-add", r"$\log_t(t^x+t^y)$ against $\max(x,y)$ on the slice $y=0$, inside the band of width $\log_t 2$.", _tropical_add),
    "vanishing-gradient": Figure("vanishing-gradient", r"The slope of $n$ stacked sigmoids at $0$ against the bound $4^{-n}$.", _vanishing_gradient),
}


def render(name: str) -> dict[str, bytes]:
    """{'<name>.pdf': bytes, '<name>.png': bytes}, the same bytes on every run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = FIGURES[name]
    quiet = logging.getLogger("fontTools")  # it warns about the TeX fonts' 1970 timestamps when subsetting
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context(STYLE):
            return _draw(figure, plt)
    finally:
        quiet.setLevel(level)


# Text as in the document: Computer Modern (matplotlib's own copies of Knuth's fonts) for words and
# mathtext "cm" for formulas, embedded as TrueType (Type 42), never as Type 3 bitmaps.
STYLE = {
    "svg.hashsalt": "derivations",
    "pdf.compression": 6,
    "pdf.fonttype": 42,
    "font.size": 10,
    "font.family": "serif",
    "font.serif": ["cmr10"],
    "mathtext.fontset": "cm",
    "axes.formatter.use_mathtext": True,
    "path.simplify": False,
}


def _draw(figure, plt) -> dict[str, bytes]:
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    figure.draw(ax)
    ax.grid(True, linewidth=0.3)
    fig.tight_layout()
    out = {}
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf", metadata={"CreationDate": None, "ModDate": None, "Producer": "derivations", "Creator": "derivations"})
    out[f"{figure.name}.pdf"] = buffer.getvalue()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    out[f"{figure.name}.png"] = buffer.getvalue()
    plt.close(fig)
    return out
