"""The `derive` command line: parses arguments, calls the API, formats results (tables for people, JSON for machines)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from derivations.base.config import DEFAULT_JOBS, Config
from derivations.base.errors import DerivationError

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_UNDECIDED = 0, 1, 2, 3
FORMATS = ("table", "json", "github")


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


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--proofs", "proofs_dir", type=click.Path(path_type=Path), default=None, help="Directory of proof scripts [default: from [tool.derivations] in the nearest pyproject.toml, else ./proofs, else the article's claims].")
@click.version_option(package_name="derivations")
@click.pass_context
def cli(ctx, proofs_dir: Path | None):
    """Machine-checked derivations for an article on activation functions."""
    ctx.obj = {"proofs": proofs_dir}
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        ctx.exit(EXIT_OK)


def _proofs_option(command):
    """--proofs on a subcommand too (`derive verify --proofs DIR`), beside the group's `derive --proofs DIR verify`."""
    return click.option("--proofs", "proofs_dir", type=click.Path(path_type=Path), default=None, help="Directory of proof scripts [default: the project's].")(command)


def _config(ctx, proofs_dir=None, **overrides) -> Config:
    """The project's settings ([tool.derivations]) with the command line's options over them."""
    return Config.load(proofs_dir=proofs_dir or ctx.obj["proofs"], **overrides)


def _specs(config: Config):
    from derivations.run.runner import discover

    return discover(config.proofs_dir)


def _run(config: Config, ids, store=None):
    """Verify through the API, with progress on stderr: (specs, results). The cache is the API's
    (config.cache), or the open ``store`` given."""
    from .api import verify
    from derivations.base.feedback import Feedback
    from derivations.run.runner import select

    specs = _specs(config)
    with Feedback(len(select(specs, ids))) as feedback:
        verification = verify(ids, config=config, on_start=feedback.started, on_result=feedback.finished, store=store)
    return specs, _kernel(config, specs, verification.results)


def _kernel(config: Config, specs, results):
    """The second verdict: Coq's kernel on each claim's twin (cached by file hash with the results)."""
    from . import coq
    from derivations.run.cache import default_directory

    return tuple(coq.attach(specs, results, config.proofs_dir, default_directory(config.proofs_dir) if config.cache else None))


_NO_CACHE = click.option("--no-cache", "no_cache", is_flag=True, help="Verify afresh: neither read nor write the verification cache.")


def _format(as_json: bool, fmt: str | None) -> str:
    """--json, else --format, else github under GitHub Actions, else a table."""
    if as_json:
        return "json"
    return fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "table")


def _annotate(results, specs) -> None:
    from .github import annotations

    for line in annotations(results, specs):
        click.echo(line)


def _console(stderr=False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _table(results):
    from rich.table import Table

    from derivations.model.verdict import Summary

    table = Table(show_header=True, header_style="bold")
    table.add_column("claim")
    table.add_column("verdict")
    table.add_column("seconds", justify="right")
    table.add_column("domain")
    table.add_column("cached")
    table.add_column("kernel")
    table.add_column("reason", overflow="fold")
    styles = {"proved": "green", "refuted": "red", "unknown": "yellow", "error": "red", "timeout": "magenta"}
    kernel = {"checked": "green", "failed": "red", "not available": "dim"}
    for r in results:
        table.add_row(r.id, f"[{styles[r.verdict.value]}]{r.verdict.value}[/]", f"{r.seconds:.2f}", r.domain or "", "cached" if r.cached else "",
                      f"[{kernel.get(r.kernel, 'dim')}]{r.kernel or ''}[/]", r.reason[:300])
    counts = Summary.of(results).counts
    caption = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    table.caption = caption
    return table


def _json_results(results):
    from .results import Verification

    return Verification(tuple(results)).to_json()


@cli.command()
@click.argument("ids", nargs=-1)
@_proofs_option
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON (same as --format json).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="table, json, or github (a table and ::error annotations) [default: github under GitHub Actions, else table].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="CPU seconds per claim [default: the claim's own limit, else the project's, else 30].")
@click.option("--jobs", type=click.IntRange(min=1), default=DEFAULT_JOBS, show_default=True, help="Claims verified at once.")
@_NO_CACHE
@click.pass_context
def verify(ctx, ids, proofs_dir, as_json, fmt, timeout, jobs, no_cache):
    """Verify claims (all by default). Exit 0 iff every selected claim is proved."""
    fmt = _format(as_json, fmt)
    specs, results = _run(_config(ctx, proofs_dir, timeout=timeout, jobs=jobs, cache=False if no_cache else None), ids)
    if fmt == "json":
        click.echo(json.dumps(_json_results(results), indent=2, sort_keys=False))
    else:
        _console().print(_table(results))
    if fmt == "github":
        _annotate(results, specs)
    ctx.exit(EXIT_OK if all(r.verdict.value == "proved" for r in results) else EXIT_FAIL)


def _render(config: Config):
    """Verify, render, and read every rendered formula back (the round trip): (specs, results, files,
    problems). Through the cache, the files and the round trip are remembered with the results they show."""
    from derivations.run.cache import Store, default_directory
    from derivations.run.runner import citable

    if not config.cache:
        specs, results = _run(config, ())
        return (specs, results, *_rendered(specs, results))
    specs = _specs(config)
    store = Store(default_directory(config.proofs_dir), citable(specs), config)
    try:
        specs, results = _run(config, (), store)
        return (specs, results, *store.remembered("output", [r.id for r in results], _output_facts(results), lambda: _rendered(specs, results)))
    finally:
        store.close()


def _rendered(specs, results):
    from derivations.check.binding import roundtrip
    from derivations.publish.export import render_all

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
    shown = [(r.id, r.verdict.value, r.reason, r.domain, r.numeric, r.kernel, r.kernel_detail) for r in results]
    return repr((shown, metadata.version("matplotlib"), metadata.version("numpy"), metadata.version("graphviz"), dot))


@cli.command()
@_proofs_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, help="Output directory [default: the project's, else ./output].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="CPU seconds per claim [default: the claim's own limit, else the project's, else 30].")
@click.option("--jobs", type=click.IntRange(min=1), default=DEFAULT_JOBS, show_default=True)
@_NO_CACHE
@click.pass_context
def export(ctx, proofs_dir, out_dir, timeout, jobs, no_cache):
    """Verify every claim, then write its LaTeX into OUT (fragments, master document, figures) and the site into OUT/site."""
    from derivations.publish.export import write

    config = _config(ctx, proofs_dir, output_dir=out_dir, timeout=timeout, jobs=jobs, cache=False if no_cache else None)
    out_dir = config.output_dir
    _, results, rendered, roundtrip_problems = _render(config)
    changed = write(rendered, out_dir)
    unproved = [r for r in results if r.verdict.value != "proved"]
    click.echo(f"wrote {len(changed)} changed file(s) of {len(rendered.files)} to {out_dir}/")
    for r in unproved:
        click.echo(f"not proved: {r.id} ({r.verdict.value}): {r.reason[:200]}", err=True)
    for problem in roundtrip_problems:
        click.echo(f"round trip: {problem}", err=True)
    ctx.exit(EXIT_OK if not unproved and not roundtrip_problems else EXIT_FAIL)


@cli.command()
@_proofs_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, help="Output directory [default: the project's, else ./output].")
@click.option("--diff", "show_diff", is_flag=True, help="Show how output/ differs.")
@click.option("--format", "fmt", type=click.Choice(("text", "github")), default=None, help="github adds ::error annotations at failing steps [default: github under GitHub Actions].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="CPU seconds per claim [default: the claim's own limit, else the project's, else 30].")
@click.option("--jobs", type=click.IntRange(min=1), default=DEFAULT_JOBS, show_default=True)
@_NO_CACHE
@click.pass_context
def check(ctx, proofs_dir, out_dir, show_diff, fmt, timeout, jobs, no_cache):
    """CI mode: every claim proved and OUT up to date; writes nothing to OUT."""
    from derivations.publish.export import compare
    from derivations.base.pins import mismatches

    config = _config(ctx, proofs_dir, output_dir=out_dir, timeout=timeout, jobs=jobs, cache=False if no_cache else None)
    out_dir = config.output_dir
    specs, results, rendered, roundtrip_problems = _render(config)
    problems, diffs = compare(rendered, out_dir)
    if _format(False, fmt) == "github":
        _annotate(results, specs)
    unproved = [r for r in results if r.verdict.value != "proved"]
    for r in unproved:
        click.echo(f"not proved: {r.id} ({r.verdict.value}): {r.reason[:200]}")
    for p in roundtrip_problems:
        click.echo(f"round trip: {p}")
    # the second checker disagrees: the claim's verdict stays the engine's, but CI fails, since a twin
    # printed from the claim that Coq rejects means the claim, its twin or a hand lemma has drifted
    kernel_failed = [r for r in results if r.kernel == "failed"]
    for r in kernel_failed:
        click.echo(f"kernel failed: {r.id}: {r.kernel_detail[:200]}")
    for p in problems:
        click.echo(p)
    if show_diff:
        for d in diffs:
            click.echo(d, nl=False)
    if problems:
        click.echo(f"{out_dir}/ is out of date: run `derive export`")
    for note in mismatches():
        click.echo(note, err=True)
    ok = not problems and not unproved and not roundtrip_problems and not kernel_failed
    if ok:
        click.echo(f"all {len(results)} claims proved and bound to their article LaTeX; every exported formula reads back; {out_dir}/ is up to date")
    ctx.exit(EXIT_OK if ok else EXIT_FAIL)


@cli.command()
@click.argument("latex", required=False)
@click.option("--assume", "assume", multiple=True, help="An assumption in LaTeX, e.g. 't>1' (repeatable).")
@click.option("--file", "claims_file", type=click.Path(path_type=Path, dir_okay=False), help="JSON lines: {\"id\", \"latex\", \"assume\"}.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="CPU seconds per claim [default: the project's, else 30].")
@click.pass_context
def prove(ctx, latex, assume, claims_file, as_json, timeout):
    """Decide LATEX (or every line of --file). Exit 0 proved, 1 refuted, 3 unknown or timeout, 2 bad input."""
    from . import api
    from derivations.check.prove import exit_code

    if (latex is None) == (claims_file is None):
        raise click.UsageError("give either LATEX or --file")
    timeout = timeout or Config.load().default_timeout
    if claims_file is None:
        decisions = [api.prove(latex, assume, timeout)]
        (decision,) = decisions
        if as_json:
            click.echo(json.dumps(decision.to_json()))
        else:
            where = f" (where {decision.domain})" if decision.domain else ""
            click.echo(f"{decision.verdict.value}{where}: {decision.statement}")
            click.echo(f"  {decision.reason}")
            if decision.counterexample:
                if decision.counterexample.values:  # a statement without symbols is its own counterexample
                    click.echo("  counterexample: " + ", ".join(f"{k} = {v}" for k, v in decision.counterexample.values.items()))
    else:
        decisions = api.prove_all(_claim_lines(claims_file), timeout)
        for decision in decisions:
            click.echo(json.dumps(decision.to_json()) if as_json else f"{decision.id}\t{decision.verdict.value}\t{decision.reason[:160]}")
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


@cli.command()
@click.argument("paths", nargs=-1)
@_proofs_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (same as --format json): a result per file and the total.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="table, json, or github (the table and ::error annotations at refuted formulas) [default: github under GitHub Actions, else table].")
@click.option("--strict", is_flag=True, help="Also fail (exit 1) on unknown or unsupported formulas (with github: ::warning at each).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="CPU seconds per formula.")
@_NO_CACHE
@click.pass_context
def audit(ctx, paths, proofs_dir, as_json, fmt, strict, timeout, no_cache):
    """Audit every formula of Markdown or LaTeX articles (files, directories, globs) [default: the project's
    article] against the proved claims. Exit 1 if any formula is refuted, 2 if a path cannot be audited."""

    config = _config(ctx, proofs_dir, cache=False if no_cache else None)
    paths = paths or ((config.article,) if config.article else ())
    if not paths:
        raise click.UsageError("give ARTICLE, or set article = \"FILE\" under [tool.derivations] in pyproject.toml")
    ctx.exit(run_audit(paths, _format(as_json, fmt), strict, config, timeout, _console))


@cli.command()
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True, help="CPU seconds per formula.")
def lsp(timeout):
    """A language server on stdin and stdout (LSP) for Markdown and LaTeX: each refuted formula marked as
    you write, hover for its verdict, domain and claim (docs/editors.md)."""
    from .lsp import serve

    serve(timeout)


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
    from derivations.networks.progress import Feedback
    from derivations.networks.report import run

    if form_path and not check:
        raise click.UsageError("--form needs --certify")
    report = run(network, check or bool(form_path), timeout, form_path, jobs, executor, Feedback("quiet" if quiet else "auto"))
    if as_json:
        from derivations.base.schema import document

        click.echo(json.dumps(document(report.as_json())))
    elif as_latex and report.form is not None:
        from derivations.networks.render import max_plus_lines

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
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, help="Output directory [default: the project's, else ./output].")
def pdf(out_dir):
    """Build OUT/derivations.pdf from the exported LaTeX with latexmk."""
    from derivations.publish.pdf import build

    path = build(out_dir or Config.load().output_dir)
    click.echo(f"wrote {path}")


@cli.command()
@_proofs_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, help="Site directory [default: the project's output/site].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="CPU seconds per claim [default: the claim's own limit, else the project's, else 30].")
@click.option("--jobs", type=click.IntRange(min=1), default=DEFAULT_JOBS, show_default=True)
@_NO_CACHE
@click.pass_context
def site(ctx, proofs_dir, out_dir, timeout, jobs, no_cache):
    """Verify every claim, then write the browsable blueprint into OUT: index.html (the dependency graph,
    the proved/total count) and one page per claim, typeset by a local copy of KaTeX."""
    from derivations.publish.export import managed_site, write

    config = _config(ctx, proofs_dir, timeout=timeout, jobs=jobs, cache=False if no_cache else None)
    out_dir = out_dir or config.output_dir / "site"
    _, results, rendered, roundtrip_problems = _render(config)
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
    from derivations.run.cache import default_directory, info

    found = info(default_directory(_config(ctx).proofs_dir))
    if as_json:
        click.echo(json.dumps(found))
    else:
        click.echo(f"{found['directory']}: {found['results']} results, {found['bytes'] / 2**20:.1f} MiB")


@cache.command("clear")
@click.pass_context
def cache_clear(ctx):
    """Remove every stored result."""
    from derivations.run.cache import clear, default_directory

    directory = default_directory(_config(ctx).proofs_dir)
    click.echo(f"removed {clear(directory)} entries from {directory}")


@cli.command("list")
@_proofs_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_claims(ctx, proofs_dir, as_json):
    """Claim ids and titles."""
    from .api import claims

    catalog = claims(_config(ctx, proofs_dir).proofs_dir)
    if as_json:
        click.echo(json.dumps(catalog.to_json(), indent=2))
        return
    from rich.table import Table

    table = Table("claim", "title", caption=f"{len(catalog)} claims in {catalog.where}")
    for spec in catalog:
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


def run_audit(paths, fmt: str, strict: bool, config, timeout: float, console) -> int:
    """`derive audit PATH...`: audit, print (a table for one article, a line per article and the total
    for many, JSON, or GitHub annotations beside the table), each unreadable path one line on stderr."""
    import json

    import click

    from . import api
    from .audit_output import annotations, progress, report_lines, table

    with progress(fmt != "json") as (on_stage, on_part):
        audits = api.audit_files(paths, strict=strict, config=config, timeout=timeout, on_stage=on_stage, on_part=on_part)
    for problem in audits.problems:
        click.echo(f"derive: error: {problem}", err=True)
    if fmt == "json":
        click.echo(json.dumps(audits.to_json(), indent=2))
        return audits.exit_code
    readable = [a for a in audits if not a.problem]
    out = console()
    if not sys.stdout.isatty():
        out.width = 200
    if len(audits) == 1 and readable:
        out.print(table(readable[0]))
    else:
        for line in report_lines(audits):
            click.echo(line)
    if fmt == "github":
        for line in annotations(audits):
            click.echo(line)
    return audits.exit_code
