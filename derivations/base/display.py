"""HTML for notebooks: claim results, decisions, verification runs, audits and claim lists (Jupyter's _repr_html_)."""

from __future__ import annotations

from html import escape

_COLOURS = {"proved": "#1a7f37", "refuted": "#cf222e", "unknown": "#9a6700", "error": "#cf222e", "timeout": "#8250df",
            "certified": "#1a7f37", "built": "#57606a", "informal": "#57606a"}


def _verdict(value: str | None) -> str:
    if not value:
        return ""
    return f'<b style="color:{_COLOURS.get(value, "#57606a")}">{escape(value)}</b>'


def _math(latex: str | None) -> str:
    """Inline LaTeX for the notebook's MathJax."""
    return f"\\({escape(latex)}\\)" if latex else ""


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th style='text-align:left'>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _counterexample(counterexample) -> str:
    if counterexample is None:
        return ""
    values = ", ".join(f"{escape(k)} = {escape(str(v))}" for k, v in counterexample.values.items())
    exact = "exact" if counterexample.exact else "at high precision"
    return f"<p>counterexample ({exact}): {values}<br><small>{escape(counterexample.detail)}</small></p>"


def claim_html(result) -> str:
    """One claim: verdict, title, domain, reason, counterexample, and its steps."""
    lines = [f"<p>{_verdict(result.verdict.value)} <code>{escape(result.id)}</code> {escape(result.title)} "
             f"<small>({result.seconds:.2f} s{', cached' if result.cached else ''})</small></p>"]
    if result.domain:
        lines.append(f"<p>domain: {_math(result.domain)}</p>")
    if result.reason:
        lines.append(f"<p>{escape(result.reason)}</p>")
    lines.append(_counterexample(result.counterexample))
    if result.steps:
        rows = [[str(s.part), str(s.index), escape(s.rule), escape(s.justification), _verdict(s.verdict.value), escape(s.check.method), escape(s.check.detail[:300])]
                for s in result.steps]
        lines.append(_table(["part", "step", "rule", "justification", "verdict", "method", "detail"], rows))
    if result.numeric is not None:
        lines.append(f"<p><small>numeric cross-check: {result.numeric.points} points at {result.numeric.digits} digits, worst deviation {escape(result.numeric.worst_deviation)}</small></p>")
    return "<div>" + "".join(lines) + "</div>"


def decision_html(decision) -> str:
    """`derive prove`: verdict, the statement, domain, reason, counterexample."""
    lines = [f"<p>{_verdict(decision.verdict.value)} {_math(decision.statement)} <small>({decision.seconds:.2f} s)</small></p>"]
    if decision.domain:
        lines.append(f"<p>domain: {_math(decision.domain)}</p>")
    lines.append(f"<p>{escape(decision.reason)}</p>")
    lines.append(_counterexample(decision.counterexample))
    return "<div>" + "".join(lines) + "</div>"


def verification_html(verification) -> str:
    """A table of every claim; the ones not proved are shown in full below it."""
    rows = [[f"<code>{escape(r.id)}</code>", _verdict(r.verdict.value), _math(r.domain), f"{r.seconds:.2f}", escape(r.reason[:200])] for r in verification]
    caption = ", ".join(f"{n} {k}" for k, n in verification.summary.items() if n)
    failing = "".join(claim_html(r) for r in verification if r.verdict.value != "proved")
    return f"<div><p>{escape(caption)}</p>{_table(['claim', 'verdict', 'domain', 'seconds', 'reason'], rows)}{failing}</div>"


def audit_html(audit) -> str:
    rows = [[str(f.line), _math(f.latex), escape(f.kind), _verdict(f.verdict), escape(f.claim_id or ""), escape(f.note)] for f in audit]
    summary = audit.summary
    caption = ", ".join(f"{n} {k}" for k, n in summary["kinds"].items() if n) + "; " + ", ".join(f"{n} {v}" for v, n in summary["verdicts"].items())
    return f"<div><p>{escape(caption)}</p>{_table(['line', 'formula', 'kind', 'verdict', 'claim', 'note'], rows)}</div>"


def catalog_html(catalog) -> str:
    rows = [[f"<code>{escape(s.id)}</code>", escape(s.title), _math(s.latex)] for s in catalog]
    return _table(["claim", "title", "the article's formula"], rows)
