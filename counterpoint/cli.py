"""The command line: a thin Typer layer over the pipeline, the store and the stages."""
from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import CounterpointError
from .settings import Settings

app = typer.Typer(help="Counterpoint: a sourced incident database from news, blog posts and field reports.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database maintenance: schema upgrade and backup.", no_args_is_help=True)
app.add_typer(db_app, name="db")

# Libraries' own warnings (pypdf, trafilatura) would repeat what our one-line errors say.
for _name in ("pypdf", "trafilatura", "htmldate", "courlan", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

err = Console(stderr=True)
out = Console(highlight=False, soft_wrap=True)

DbOption = typer.Option(None, "--db", envvar="COUNTERPOINT_DB",
                        help="SQLite path or postgresql:// URL [default: ./counterpoint.db]")


def _settings(**overrides) -> Settings:
    return Settings.load(**overrides)


def _store(db: str | None):
    from .store import Store

    return Store(_settings(db=db).db)


@contextmanager
def _progress(label: str, total: int | None = None) -> Iterator:
    """A progress bar on standard error (standard output carries only the requested output)."""
    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def _fail(exc: CounterpointError) -> None:
    err.print(f"Error: {exc}", markup=False, highlight=False)
    if exc.hint:
        err.print(f"Hint: {exc.hint}", markup=False, highlight=False)
    raise typer.Exit(1)


def _print_version(value: bool) -> None:
    if not value:
        return
    from importlib.metadata import version

    from . import taxonomy
    from .analyze import RULES_VERSION
    from .analyze.nlp import model_version

    settings = _settings()
    out.print(f"counterpoint {version('counterpoint')}")
    out.print(f"rules {RULES_VERSION}")
    out.print(f"taxonomy {taxonomy.fingerprint(settings.taxonomy_dir)}")
    for lang in ("en", "fr"):
        out.print(f"model {lang} {model_version(lang, settings)}")
    raise typer.Exit()


@app.callback()
def _root(show_version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                            help="Print the package, rules, taxonomy and model versions")):
    """Counterpoint: a sourced incident database from news, blog posts and field reports."""


@app.command()
def ingest(inputs: List[str] = typer.Argument(..., help="Files, folders, URLs, feed URLs, URL lists, or - for stdin"),
           db: Optional[str] = DbOption,
           allow_private: bool = typer.Option(False, "--allow-private", help="Allow fetching loopback/private addresses"),
           follow_links: bool = typer.Option(False, "--follow-links", help="Read links that lead out of a folder"),
           n_process: Optional[int] = typer.Option(None, "--n-process", help="spaCy worker processes")):
    """Read, clean, split, date, dedupe, analyze and store documents."""
    from .pipeline import ingest as run

    try:
        settings = _settings(db=db, allow_private=allow_private or None, follow_links=follow_links or None,
                             n_process=n_process)
        store = _store(settings.db)
        with _progress("ingesting") as advance:
            report = run(inputs, store, settings, on_progress=advance, on_reject=_print_rejection)
    except CounterpointError as exc:
        _fail(exc)
    err.print(f"{report.stored} stored, {report.unchanged} unchanged, {report.duplicates} duplicates, "
              f"{len(report.rejected)} rejected", highlight=False)
    if report.rejected:
        _rejections_table(report.rejected)
        raise typer.Exit(1)


def _print_rejection(r) -> None:
    err.print(f"Error: {r.message}", markup=False, highlight=False, soft_wrap=True)


def _rejections_table(rejected) -> None:
    table = Table(title="Rejected inputs", show_lines=False)
    table.add_column("input", overflow="fold")
    table.add_column("reason")
    table.add_column("message", overflow="fold")
    for r in rejected:
        table.add_row(r.name, r.code, r.message.split(": ", 1)[-1])
    err.print(table)


@app.command()
def analyze(inputs: List[str] = typer.Argument(..., help="Files, folders, URLs, or - for stdin"),
            as_json: bool = typer.Option(False, "--json", help="One JSON object per document (the contract)"),
            allow_private: bool = typer.Option(False, "--allow-private"),
            follow_links: bool = typer.Option(False, "--follow-links", help="Read links that lead out of a folder"),
            n_process: Optional[int] = typer.Option(None, "--n-process", help="spaCy worker processes")):
    """Analyze documents without a database and print them."""
    from .ingest import Rejected
    from .pipeline import analyze_inputs

    rejected = []
    try:
        settings = _settings(allow_private=allow_private or None, follow_links=follow_links or None,
                             n_process=n_process)
        with _progress("analyzing") as advance:
            for item in analyze_inputs(inputs, settings, on_progress=advance):
                if isinstance(item, Rejected):
                    rejected.append(item)
                    _print_rejection(item)
                    continue
                if as_json:
                    sys.stdout.write(json.dumps(item.to_contract(), ensure_ascii=False) + "\n")
                else:
                    a = item.analysis
                    out.print(f"{item.id}\t{item.language}\t{item.published or '-'}\t{len(a.events)} events\t"
                              f"{len(a.quotes)} quotes\t{len(a.claims)} claims\t{item.title or ''}")
                sys.stdout.flush()
    except CounterpointError as exc:
        _fail(exc)
    if rejected:
        raise typer.Exit(1)


@app.command()
def status(db: Optional[str] = DbOption, as_json: bool = typer.Option(False, "--json")):
    """Counts: documents, duplicates, rejected, events, quotes, claims, incidents."""
    try:
        counts = _store(db).status()
    except CounterpointError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(counts))
        return
    table = Table(show_header=False)
    for k, v in counts.items():
        table.add_row(k, str(v))
    out.print(table)


@app.command()
def reanalyze(db: Optional[str] = DbOption,
              force: bool = typer.Option(False, "--force", help="Reanalyze every document, not only stale ones")):
    """Refresh stored analysis after a change of rules, taxonomy or model."""
    from .pipeline import reanalyze as run

    try:
        settings = _settings(db=db)
        store = _store(settings.db)
        with _progress("reanalyzing") as advance:
            n = run(store, settings, force=force, on_progress=advance)
    except CounterpointError as exc:
        _fail(exc)
    err.print(f"{n} documents reanalyzed")


@app.command()
def link(db: Optional[str] = DbOption,
         rebuild: bool = typer.Option(False, "--rebuild", help="Relink from scratch, keeping only analyst decisions")):
    """Link event mentions from all documents into incidents (incremental, idempotent)."""
    from .pipeline import link_store

    try:
        with _progress("linking"):
            result = link_store(_store(db), rebuild=rebuild)
    except CounterpointError as exc:
        _fail(exc)
    err.print(f"{len(result.incidents)} incidents from {len(result.assignment)} mentions", highlight=False)


@app.command()
def incidents(db: Optional[str] = DbOption, as_json: bool = typer.Option(False, "--json"),
              limit: int = typer.Option(0, "--limit", help="Show at most this many (0: all)")):
    """List incidents: the JSON shape of product.md with --json, else a table."""
    from .link.figures import count_text
    from .store import IncidentStore

    try:
        found = IncidentStore(_store(db)).incidents()
    except CounterpointError as exc:
        _fail(exc)
    if limit:
        found = found[:limit]
    if as_json:
        sys.stdout.write(json.dumps({"incidents": found}, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(found)} incidents")
    for col in ("id", "type", "dates", "place", "sources", "figures", "conflicts"):
        table.add_column(col, overflow="fold")
    for inc in found:
        dates = inc.get("date_start") or "?"
        if inc.get("date_end") and inc.get("date_end") != inc.get("date_start"):
            dates += f" .. {inc['date_end']}"
        figs = "; ".join(f"{f['what']} {count_text(f.get('count'))} ({f['source'] or f['document']})"
                         for f in (inc.get("figures") or [])[:4])
        table.add_row(inc["id"], ",".join(inc.get("types") or [inc.get("type") or ""]), dates,
                      inc.get("place") or "", ", ".join(s or "?" for s in inc.get("sources") or []), figs,
                      str(len(inc.get("conflicts") or [])))
    out.print(table)


@app.command()
def export(fmt: str = typer.Option("json", "--format", help="json, csv, geojson or html"),
           what: str = typer.Option("incidents", "--what", help="incidents, events, quotes, claims or profiles"),
           output: Optional[str] = typer.Option(None, "-o", "--output", help="File to write [default: stdout]"),
           redact: bool = typer.Option(False, "--redact", help="Replace names of private persons"),
           db: Optional[str] = DbOption):
    """Export incidents (or events, quotes, claims, profiles) as JSON, CSV, GeoJSON or an HTML report."""
    from .pipeline import export as run

    try:
        store = _store(db)
        fh = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            run(store, fmt=fmt, what=what, out=fh, redact=redact)
        finally:
            if output:
                fh.close()
    except CounterpointError as exc:
        _fail(exc)
    if output:
        err.print(f"written to {output}")


@app.command()
def profile(db: Optional[str] = DbOption, as_json: bool = typer.Option(False, "--json")):
    """Per-source framing: labels per actor, agency in violence, voices quoted, attribution, loaded language."""
    from .profile import profile_sources

    try:
        store = _store(db)
        docs = [d.to_contract() for d in store.documents()]
        profiles = profile_sources(docs)
        store.save_profiles(profiles)
    except CounterpointError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps({"profiles": profiles}, ensure_ascii=False) + "\n")
        return
    for p in profiles:
        out.print(f"[bold]{p.get('source')}[/bold]")
        out.print(json.dumps({k: v for k, v in p.items() if k != "source"}, ensure_ascii=False, indent=1))


@db_app.command("upgrade")
def db_upgrade(db: Optional[str] = DbOption):
    """Bring the database schema to the latest version."""
    try:
        store = _store(db)
        err.print(f"schema at revision {store.schema_revision()}")
    except CounterpointError as exc:
        _fail(exc)


@db_app.command("backup")
def db_backup(dest: str = typer.Argument(..., help="Backup file: a SQLite copy, or .jsonl for a portable dump"),
              db: Optional[str] = DbOption):
    """Back up the database (SQLite online backup, or JSON Lines of every table)."""
    try:
        n = _store(db).backup(dest)
    except CounterpointError as exc:
        _fail(exc)
    err.print(f"backup written to {dest} ({n})")


from .web.commands import register as _register_web  # noqa: E402
_register_web(app)


def main() -> None:
    try:
        app()
    except CounterpointError as exc:  # errors raised outside a command's own handler
        err.print(f"Error: {exc}", markup=False, highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
