"""The `derive` command line: parses arguments, calls the API, formats results (tables for people, JSON for machines)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .config import Config
from .errors import DerivationError

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_UNDECIDED = 0, 1, 2, 3
DEFAULT_JOBS = max(1, min(4, os.cpu_count() or 1))


class _Group(click.Group):
    """Turns every DerivationError into one line on stderr and its exit code: no tracebacks for users."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DerivationError as exc:
            click.echo(f"derive: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("derive: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--proofs", "proofs_dir", type=click.Path(path_type=Path), default=Path("proofs"), show_default=True, help="Directory of proof scripts.")
@click.version_option(package_name="derivations")
@click.pass_context
def cli(ctx, proofs_dir: Path):
    """Machine-checked derivations for an article on activation functions."""
    ctx.obj = {"proofs": proofs_dir}


def _specs(ctx):
    from .runner import discover

    return discover(ctx.obj["proofs"])


def _run(ctx, ids, timeout, jobs, quiet=False, use_cache=True, keep=None):
    """Verify the selected claims (through the cache unless use_cache is false): (specs, results). With
    ``keep`` (a list), the open cache is appended to it for the caller, who closes it."""
    from .cache import Store, default_directory
    from .runner import run, select

    specs = _specs(ctx)
    selected = select(specs, ids)
    config = Config(timeout=timeout, jobs=jobs, proofs_dir=ctx.obj["proofs"])
    store = Store(default_directory(ctx.obj["proofs"]), specs, config) if use_cache else None
    try:
        results = _with_progress(lambda on_result: run(specs, selected, config, on_result, store), len(selected), quiet)
    finally:
        if store is not None and keep is None:
            store.close()
    if keep is not None:
        keep.append(store)
    return specs, results


_NO_CACHE = click.option("--no-cache", "no_cache", is_flag=True, help="Verify afresh: neither read nor write the verification cache.")


def _with_progress(work, total, quiet):
    """A progress bar on stderr when it is a terminal; silent otherwise (logs and pipes stay clean)."""
    if quiet or not sys.stderr.isatty():
        return work(None)
    from rich.progress import Progress

    with Progress(transient=True, console=_console(stderr=True)) as progress:
        task = progress.add_task("verifying", total=total)
        return work(lambda result: progress.advance(task))


def _console(stderr=False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _table(results):
    from rich.table import Table

    from .verdict import Summary

    table = Table(show_header=True, header_style="bold")
    table.add_column("claim")
    table.add_column("verdict")
    table.add_column("seconds", justify="right")
    table.add_column("domain")
    table.add_column("cached")
    table.add_column("reason", overflow="fold")
    styles = {"proved": "green", "refuted": "red", "unknown": "yellow", "error": "red", "timeout": "magenta"}
    for r in results:
        table.add_row(r.id, f"[{styles[r.verdict.value]}]{r.verdict.value}[/]", f"{r.seconds:.2f}", r.domain or "", "cached" if r.cached else "", r.reason[:300])
    counts = Summary.of(results).counts
    caption = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    table.caption = caption
    return table


def _json_results(results):
    from .verdict import Summary

    return {"claims": [r.as_json() for r in results], "summary": Summary.of(results).counts}


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="CPU seconds per claim [default: the claim's own limit, else 30].")
@click.option("--jobs", type=click.IntRange(min=1), default=DEFAULT_JOBS, show_default=True, help="Claims verified at once.")
@_NO_CACHE
@click.pass_context
def verify(ctx, ids, as_json, timeout, jobs, no_cache):
    """Verify claims (all by default). Exit 0 iff every selected claim is proved."""
    _, results = _run(ctx, ids, timeout, jobs, quiet=as_json, use_cache=not no_cache)
    if as_json:
        click.echo(json.dumps(_json_results(results), indent=2, sort_keys=False))
    else:
        _console().print(_table(results))
    ctx.exit(EXIT_OK if all(r.verdict.value == "proved" for r in results) else EXIT_FAIL)


def _render(ctx, timeout, jobs, use_cache=True):
    """Verify, render, and read every rendered formula back (the round trip): (results, files, problems).
    Through the cache, the files and the round trip are remembered with the results they show."""
    kept: list = []
    specs, results = _run(ctx, (), timeout, jobs, use_cache=use_cache, keep=kept)
    store = kept[0]
    if store is None:
        return (results, *_rendered(specs, results))
    try:
        return (results, *store.remembered("output", [r.id for r in results], _output_facts(results), lambda: _rendered(specs, results)))
    finally:
        store.close()


def _rendered(specs, results):
    from .binding import roundtrip
    from .export import render_all

    proofs, problems = {}, []
    for claim_id, spec in specs.items():
        try:
            proofs[claim_id] = spec.proof()
        except Exception:  # already reported as an `error` verdict; exported visibly as not proved
            proofs[claim_id] = None
            continue
        problems += roundtrip(spec, proofs[claim_id])
    return render_all(specs, proofs, results), problems


def _output_facts(results) -> str:
    """What the exported files depend on beyond the claims' sources and the engine: what they show of
    each result, and the programs that draw the figures and the graph."""
    from importlib import metadata

    try:
        import graphviz

        dot = graphviz.version()
    except Exception:  # noqa: BLE001 - no dot: rendering reports it
        dot = None
    shown = [(r.id, r.verdict.value, r.reason, r.domain, r.numeric) for r in results]
    return repr((shown, metadata.version("matplotlib"), metadata.version("numpy"), metadata.version("graphviz"), dot))


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="CPU seconds per claim [default: the claim's own limit, else 30].")
@click.option("--jobs", type=click.IntRange(min=1), default=DEFAULT_JOBS, show_default=True)
@_NO_CACHE
@click.pass_context
def export(ctx, out_dir, timeout, jobs, no_cache):
    """Verify every claim, then write its LaTeX into OUT (fragments, master document, figures) and the site into OUT/site."""
    from .export import write

    results, rendered, roundtrip_problems = _render(ctx, timeout, jobs, use_cache=not no_cache)
    changed = write(rendered, out_dir)
    unproved = [r for r in results if r.verdict.value != "proved"]
    click.echo(f"wrote {len(changed)} changed file(s) of {len(rendered.files)} to {out_dir}/")
    for r in unproved:
        click.echo(f"not proved: {r.id} ({r.verdict.value}): {r.reason[:200]}", err=True)
    for problem in roundtrip_problems:
        click.echo(f"round trip: {problem}", err=True)
    ctx.exit(EXIT_OK if not unproved and not roundtrip_problems else EXIT_FAIL)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True)
@click.option("--diff", "show_diff", is_flag=True, help="Show how output/ differs.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="CPU seconds per claim [default: the claim's own limit, else 30].")
@click.option("--jobs", type=click.IntRange(min=1), default=DEFAULT_JOBS, show_default=True)
@_NO_CACHE
@click.pass_context
def check(ctx, out_dir, show_diff, timeout, jobs, no_cache):
    """CI mode: every claim proved and OUT up to date; writes nothing to OUT."""
    from .export import compare

    results, rendered, roundtrip_problems = _render(ctx, timeout, jobs, use_cache=not no_cache)
    problems, diffs = compare(rendered, out_dir)
    unproved = [r for r in results if r.verdict.value != "proved"]
    for r in unproved:
        click.echo(f"not proved: {r.id} ({r.verdict.value}): {r.reason[:200]}")
    for p in roundtrip_problems:
        click.echo(f"round trip: {p}")
    for p in problems:
        click.echo(p)
    if show_diff:
        for d in diffs:
            click.echo(d, nl=False)
    if problems:
        click.echo(f"{out_dir}/ is out of date: run `derive export`")
    ok = not problems and not unproved and not roundtrip_problems
    if ok:
        click.echo(f"all {len(results)} claims proved and bound to their article LaTeX; every exported formula reads back; {out_dir}/ is up to date")
    ctx.exit(EXIT_OK if ok else EXIT_FAIL)


@cli.command()
@click.argument("latex", required=False)
@click.option("--assume", "assume", multiple=True, help="An assumption in LaTeX, e.g. 't>1' (repeatable).")
@click.option("--file", "claims_file", type=click.Path(path_type=Path, dir_okay=False), help="JSON lines: {\"id\", \"latex\", \"assume\"}.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="CPU seconds per claim.")
@click.pass_context
def prove(ctx, latex, assume, claims_file, as_json, timeout):
    """Decide LATEX (or every line of --file). Exit 0 proved, 1 refuted, 3 unknown or timeout, 2 bad input."""
    from .prove import exit_code
    from .runner import run_tasks

    if (latex is None) == (claims_file is None):
        raise click.UsageError("give either LATEX or --file")
    items = [{"id": None, "latex": latex, "assume": list(assume)}] if claims_file is None else _claim_lines(claims_file)
    decisions = run_tasks(_decide_item, items, 1, timeout, _undecided)
    if claims_file is None:
        (decision,) = decisions
        if decision.verdict.value == "error":
            raise DerivationError(decision.reason)
        if as_json:
            click.echo(json.dumps(decision.as_json()))
        else:
            where = f" (where {decision.domain})" if decision.domain else ""
            click.echo(f"{decision.verdict.value}{where}: {decision.statement}")
            click.echo(f"  {decision.reason}")
            if decision.counterexample:
                click.echo("  counterexample: " + ", ".join(f"{k} = {v}" for k, v in decision.counterexample["values"].items()))
    else:
        for decision in decisions:
            click.echo(json.dumps(decision.as_json()) if as_json else f"{decision.id}\t{decision.verdict.value}\t{decision.reason[:160]}")
    ctx.exit(exit_code(d.verdict for d in decisions))


def _claim_lines(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DerivationError(f"cannot read {path}: {exc.strerror}") from None
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DerivationError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("latex"), str):
            raise DerivationError(f'{path}:{number}: expected an object with a "latex" string')
        assume = item.get("assume", [])
        if not isinstance(assume, list) or not all(isinstance(a, str) for a in assume):
            raise DerivationError(f'{path}:{number}: "assume" must be a list of strings')
        items.append({"id": item.get("id", number), "latex": item["latex"], "assume": assume})
    return items


def _decide_item(item):
    from .prove import decide

    return decide(item["latex"], item["assume"], item["id"])


def _undecided(item, why, seconds):
    from .prove import Decision
    from .verdict import Verdict

    verdict = Verdict.TIMEOUT if why == "timeout" else Verdict.ERROR
    return Decision(verdict, "", f"no verdict within {seconds:.1f} s of CPU time" if why == "timeout" else "the worker process died", None, seconds, item["id"])


@cli.command()
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--strict", is_flag=True, help="Also fail (exit 1) on unknown or unsupported formulas.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="CPU seconds per formula.")
@_NO_CACHE
@click.pass_context
def audit(ctx, article, as_json, strict, timeout, no_cache):
    """Audit every formula of a Markdown or LaTeX ARTICLE against the proved claims."""
    from . import audit as auditing

    if not article.is_file():
        raise DerivationError(f"cannot read {article}: no such file")
    document = auditing.read(article)  # read and validated before any claim is verified
    specs = _specs(ctx)

    def verify(ids):
        from .cache import Store, default_directory
        from .runner import run

        config = Config(timeout=None, jobs=DEFAULT_JOBS, proofs_dir=ctx.obj["proofs"])
        store = None if no_cache else Store(default_directory(ctx.obj["proofs"]), specs, config)
        try:
            return run(specs, ids, config, store=store)
        finally:
            if store is not None:
                store.close()

    formulas = _audit_with_progress(auditing, document, specs, verify, _budgeted_decide(timeout), timeout)
    summary = auditing.summarize(formulas)
    if as_json:
        click.echo(json.dumps({"formulas": [f.as_json() for f in formulas], "summary": summary}, indent=2))
    else:
        from rich.table import Table

        table = Table("line", "formula", "kind", "verdict", "claim", "assumes", "domain", "note", show_lines=False)
        for f in formulas:
            domain = (f.domain or "") + {True: " (covered)", False: " (not covered)", None: ""}[f.covered] if f.domain or f.covered is not None else ""
            table.add_row(str(f.line), f.latex, f.kind, f.verdict or "", f.claim_id or "", "; ".join(f.assumptions), domain.strip(), f.note)
        table.caption = ", ".join(f"{n} {k}" for k, n in summary["kinds"].items() if n) + "; " + ", ".join(f"{n} {v}" for v, n in summary["verdicts"].items())
        console = _console()
        if not sys.stdout.isatty():
            console.width = 200
        console.print(table)
    ctx.exit(auditing.exit_code(formulas, strict))


def _audit_with_progress(auditing, document, specs, verify, decide, timeout):
    """The audit, with a progress line on stderr when it is a terminal (reading, verifying, deciding)."""
    if not sys.stderr.isatty():
        return auditing.audit(document, specs, verify, decide, jobs=DEFAULT_JOBS, timeout=timeout)
    from rich.progress import Progress

    with Progress(transient=True, console=_console(stderr=True)) as progress:
        task = progress.add_task("reading", total=None)

        def stage(name, total):
            progress.update(task, description=f"{name} ({total} {'claims' if name == 'verifying' else 'parts'})", total=total or None, completed=0)

        return auditing.audit(
            document, specs,
            lambda ids: verify(ids) if not ids else _verify_with(progress, task, verify, ids),
            decide, on_part=lambda formula: progress.advance(task), on_stage=stage, jobs=DEFAULT_JOBS, timeout=timeout,
        )


def _verify_with(progress, task, verify, ids):
    results = verify(ids)
    progress.update(task, completed=len(ids))
    return results


def _budgeted_decide(seconds):
    def decide(rel, facts):
        from .budget import OutOfTime, budget
        from .prove import decide_relation
        from .verdict import Verdict

        try:
            with budget(seconds):
                return decide_relation(rel, facts)
        except OutOfTime:
            return Verdict.TIMEOUT, f"no verdict within {seconds:g} s of CPU time", None

    return decide


@cli.command()
@click.argument("network", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--certify", "check", is_flag=True, help="Prove network = F - G on all of R^d (exact LP per activation region).")
@click.option("--form", "form_path", type=click.Path(path_type=Path, dir_okay=False), help="Certify this F and G (JSON as --json writes it) instead of building them.")
@click.option("--json", "as_json", is_flag=True, help="Print F, G (exact rationals), verdict and counts as JSON.")
@click.option("--latex", "as_latex", is_flag=True, help="Print F, G and the network as max-plus LaTeX.")
@click.option("--timeout", type=click.FloatRange(min=0.001), default=None, help="Seconds for the whole job [default: none].")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes for the region search and the certificate.")
@click.option("--executor", metavar="dask://HOST:PORT", default=None, help="Run the tasks on a Dask distributed cluster instead of local processes.")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
def tropicalize(network, check, form_path, as_json, as_latex, timeout, jobs, executor, quiet):
    """Write a ReLU network with integer weights as F - G, two max-plus polynomials (Zhang, Naitzat,
    Lim 2018). Exit 0 built or certified, 1 refuted, 3 unknown or timeout, 2 bad input."""
    from .networks.progress import Feedback
    from .networks.report import run

    if form_path and not check:
        raise click.UsageError("--form needs --certify")
    report = run(network, check or bool(form_path), timeout, form_path, jobs, executor, Feedback("quiet" if quiet else "auto"))
    if as_json:
        click.echo(json.dumps(report.as_json()))
    elif as_latex and report.form is not None:
        from .networks.render import max_plus_lines

        click.echo("\n".join(max_plus_lines(report.network, report.form)))
    else:
        _network_table(report)
    sys.exit(report.exit_code)


def _network_table(report):
    from rich.table import Table

    widths = " x ".join(str(layer.width) for layer in report.network.hidden) or "none"
    table = Table("tropicalize", "")
    rows = [
        ("network", f"R^{report.network.inputs} -> R, hidden widths {widths}"),
        ("F monomials", str(len(report.form.F)) if report.form else "-"),
        ("G monomials", str(len(report.form.G)) if report.form else "-"),
        ("activation regions", str(report.regions)),
        ("bound (Theorem 6.3)", str(report.region_bound)),
        ("LPs (exact decisions)", str(report.programs)),
        ("verdict", report.verdict),
        ("seconds", f"build {report.build_seconds:.2f}, certify {report.certify_seconds:.2f}; CPU {report.cpu_seconds:.2f} ({report.workers} worker{'s' if report.workers > 1 else ''})"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    console = _console()
    console.print(table)
    if report.point is not None:
        where = ", ".join(f"x_{k} = {v}" for k, v in enumerate(report.point, start=1))
        console.print(f"differ at {where}: network = {report.network(report.point)}, F - G = {report.form(report.point)}", highlight=False)
    elif report.detail:
        console.print(report.detail, highlight=False)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True)
def pdf(out_dir):
    """Build OUT/derivations.pdf from the exported LaTeX with latexmk."""
    from .pdf import build

    path = build(out_dir)
    click.echo(f"wrote {path}")


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output/site"), show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="CPU seconds per claim [default: the claim's own limit, else 30].")
@click.option("--jobs", type=click.IntRange(min=1), default=DEFAULT_JOBS, show_default=True)
@_NO_CACHE
@click.pass_context
def site(ctx, out_dir, timeout, jobs, no_cache):
    """Verify every claim, then write the browsable blueprint into OUT: index.html (the dependency graph,
    the proved/total count) and one page per claim, typeset by a local copy of KaTeX."""
    from .export import managed_site, write

    results, rendered, roundtrip_problems = _render(ctx, timeout, jobs, use_cache=not no_cache)
    pages = rendered.under("site")
    changed = write(pages, out_dir, owned=managed_site)
    proved = sum(r.verdict.value == "proved" for r in results)
    click.echo(f"wrote {len(changed)} changed file(s) of {len(pages.files)} to {out_dir}/ ({proved} of {len(results)} claims proved); open {out_dir / 'index.html'}")
    for problem in roundtrip_problems:
        click.echo(f"round trip: {problem}", err=True)
    ctx.exit(EXIT_OK if proved == len(results) and not roundtrip_problems else EXIT_FAIL)


@cli.group()
def cache():
    """The verification cache (results keyed by the hashes of proofs, citations, engine, versions)."""


@cache.command("info")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cache_info(ctx, as_json):
    """Where the cache is, and how much it holds."""
    from .cache import default_directory, info

    found = info(default_directory(ctx.obj["proofs"]))
    if as_json:
        click.echo(json.dumps(found))
    else:
        click.echo(f"{found['directory']}: {found['results']} results, {found['bytes'] / 2**20:.1f} MiB")


@cache.command("clear")
@click.pass_context
def cache_clear(ctx):
    """Remove every stored result."""
    from .cache import clear, default_directory

    directory = default_directory(ctx.obj["proofs"])
    click.echo(f"removed {clear(directory)} entries from {directory}")


@cli.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_claims(ctx, as_json):
    """Claim ids and titles."""
    specs = _specs(ctx)
    if as_json:
        click.echo(json.dumps([{"id": s.id, "title": s.title, "latex": s.latex} for s in specs.values()], indent=2))
        return
    from rich.table import Table

    table = Table("claim", "title")
    for spec in specs.values():
        table.add_row(spec.id, spec.title)
    _console().print(table)


def main(argv=None):
    """Entry point: usage errors are one line on stderr with exit code 2, like every other error."""
    try:
        code = cli.main(args=argv, prog_name="derive", standalone_mode=False)
    except click.UsageError as exc:
        click.echo(f"derive: error: {exc.format_message()} (see derive {exc.ctx.command_path.split(' ', 1)[-1] + ' ' if exc.ctx and ' ' in exc.ctx.command_path else ''}--help)", err=True)
        sys.exit(EXIT_USAGE)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("derive: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"derive: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug of ours: one line for users, the traceback with DERIVE_DEBUG=1
        if os.environ.get("DERIVE_DEBUG"):
            raise
        click.echo(f"derive: internal error: {type(exc).__name__}: {str(exc)[:300]} (DERIVE_DEBUG=1 shows the traceback)", err=True)
        sys.exit(70)
    sys.exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    main()
