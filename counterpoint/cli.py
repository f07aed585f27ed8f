"""The command line: a thin Typer layer over the pipeline, the store and the stages."""
from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import contextmanager
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
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
ClusterOption = typer.Option(None, "--cluster", envvar="COUNTERPOINT_CLUSTER",
                             help="Analyse on a Dask cluster: a scheduler address, or local:N for N local workers")
WorkersOption = typer.Option(None, "--workers", "--n-process", help="Worker processes on this machine")


def _settings(**overrides) -> Settings:
    return Settings.load(**overrides)


def _store(db: str | None):
    from .store import Store

    return Store(_settings(db=db).db)


class _Counter:
    """A progress bar's two counts: inputs found so far (the total grows) and inputs done."""

    def __init__(self, bar: Progress, task):
        self.bar, self.task, self.total = bar, task, 0

    def __call__(self, n: int = 1) -> None:
        self.bar.advance(self.task, n)

    def found(self, n: int = 1) -> None:
        self.total += n
        self.bar.update(self.task, total=self.total)


@contextmanager
def _progress(label: str) -> Iterator[_Counter]:
    """A progress bar on standard error (standard output carries only the requested output).

    It counts inputs as they are found ("3/7 found so far"), never "0/?" then a jump."""
    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} found so far"), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        yield _Counter(bar, bar.add_task(label, total=0))


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
           n_process: Optional[int] = WorkersOption,
           cluster: Optional[str] = ClusterOption):
    """Read, clean, split, date, dedupe, analyze and store documents."""
    from .pipeline import ingest as run

    try:
        settings = _settings(db=db, allow_private=allow_private or None, follow_links=follow_links or None,
                             n_process=n_process, cluster=cluster)
        store = _store(settings.db)
        with _progress("ingesting") as advance:
            report = run(inputs, store, settings, on_progress=advance, on_reject=_print_rejection,
                         on_found=advance.found)
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
            n_process: Optional[int] = WorkersOption,
            cluster: Optional[str] = ClusterOption):
    """Analyze documents without a database and print them."""
    from .ingest import Rejected
    from .pipeline import analyze_inputs

    rejected = []
    try:
        settings = _settings(allow_private=allow_private or None, follow_links=follow_links or None,
                             n_process=n_process, cluster=cluster)
        with _progress("analyzing") as advance:
            for item in analyze_inputs(inputs, settings, on_progress=advance, on_found=advance.found):
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
              force: bool = typer.Option(False, "--force", help="Reanalyze every document, not only stale ones"),
              n_process: Optional[int] = WorkersOption,
              cluster: Optional[str] = ClusterOption):
    """Refresh stored analysis after a change of rules, taxonomy or model."""
    from .pipeline import reanalyze as run

    try:
        settings = _settings(db=db, n_process=n_process, cluster=cluster)
        store = _store(settings.db)
        with _progress("reanalyzing") as advance:
            n = run(store, settings, force=force, on_progress=advance,
                    on_found=advance.found)
    except CounterpointError as exc:
        _fail(exc)
    err.print(f"{n} documents reanalyzed")


@app.command()
def link(db: Optional[str] = DbOption,
         rebuild: bool = typer.Option(False, "--rebuild", help="Relink from scratch, keeping only analyst decisions"),
         workers: int = typer.Option(min(2, os.cpu_count() or 1), "--workers", min=1,
                                     help="Processes scoring candidate pairs (the result is the same)")):
    """Link event mentions from all documents into incidents (incremental, idempotent)."""
    from .pipeline import link_store

    try:
        with _progress("linking"):
            result = link_store(_store(db), rebuild=rebuild, workers=workers)
    except CounterpointError as exc:
        _fail(exc)
    _link_summary(result)


WEAK = 0.5  # a link or incident whose confidence is below this is flagged for review


def link_summary(result) -> dict:
    """What a linking run produced, in the counts an analyst checks first."""
    from .headline import source_count

    incidents = list(result.incidents)
    scored = [x.get("confidence") for x in list(incidents) + list(getattr(result, "links", []) or [])
              if isinstance(x.get("confidence"), (int, float))]
    return {"incidents": len(incidents), "mentions": len(result.assignment),
            "multi_source": sum(1 for i in incidents if source_count(i) > 1),
            "undated": sum(1 for i in incidents if not i.get("date_start")),
            "inferred_dates": sum(1 for i in incidents if i.get("date_start") and i.get("date_basis") == "published"),
            "with_conflicts": sum(1 for i in incidents if i.get("conflicts")),
            "weak_links": sum(1 for c in scored if c < WEAK) if scored else None}


def _link_summary(result) -> None:
    s = link_summary(result)
    table = Table(title=f"{s['incidents']} incidents from {s['mentions']} mentions", show_header=False,
                  title_justify="left")
    table.add_row("reported by 2+ sources", str(s["multi_source"]))
    table.add_row("undated", str(s["undated"]))
    table.add_row("dated by publication only", str(s["inferred_dates"]))
    table.add_row("with conflicting sources", str(s["with_conflicts"]))
    table.add_row(f"weak links (confidence < {WEAK})",
                  "not scored" if s["weak_links"] is None else str(s["weak_links"]))
    err.print(table)


@app.command()
def incidents(db: Optional[str] = DbOption, as_json: bool = typer.Option(False, "--json"),
              limit: int = typer.Option(0, "--limit", help="Show at most this many (0: all)"),
              wide: bool = typer.Option(False, "--wide", help="Full ids, dates, sources and figures (wider than 80 columns)")):
    """List incidents: the JSON shape of product.md with --json, else a table that fits 80 columns."""
    from .headline import with_headlines
    from .store import IncidentStore

    try:
        found = IncidentStore(_store(db)).incidents()
    except CounterpointError as exc:
        _fail(exc)
    if limit:
        found = found[:limit]
    if as_json:
        sys.stdout.write(json.dumps({"incidents": with_headlines(found)}, ensure_ascii=False) + "\n")
        return
    # --wide may be wider than the terminal: a pipe or a wide window gets every column whole
    console = Console(highlight=False, width=max(out.width, 240)) if wide else out
    console.print(incidents_table(found, wide=wide))


def short_id(incident_id: str, wide: bool = False) -> str:
    """`inc-d3f59b07ea` -> `d3f59b0`: enough to tell incidents apart on a terminal."""
    return incident_id if wide else incident_id.removeprefix("inc-")[:7]


def incidents_table(found: list[dict], *, wide: bool = False) -> Table:
    """Fits 80 columns: short ids, the headline truncated; `wide` gives every column in full."""
    from .headline import headline, source_count
    from .link.figures import count_text

    table = Table(title=f"{len(found)} incidents", title_justify="left", pad_edge=False, box=None if not wide else
                  _box())
    table.add_column("id", no_wrap=True, style="dim")
    table.add_column("date", no_wrap=True)
    table.add_column("incident", no_wrap=not wide, overflow="fold" if wide else "ellipsis",
                     max_width=None if wide else 48)
    table.add_column("src", no_wrap=True, justify="right")
    table.add_column("⚠", no_wrap=True, justify="right")
    if wide:
        table.add_column("types")
        table.add_column("sources", overflow="fold")
        table.add_column("figures", overflow="fold")
    for inc in found:
        date = inc.get("date_start") or "undated"
        if inc.get("date_start") and inc.get("date_basis") == "published":
            date += "*"  # the publication date, not a date the text gives
        if wide and inc.get("date_end") and inc.get("date_end") != inc.get("date_start"):
            date += f" .. {inc['date_end']}"
        n_sources = source_count(inc)
        row = [short_id(inc["id"], wide), date, headline(inc, sources=False), str(n_sources),
               str(len(inc.get("conflicts") or [])) if inc.get("conflicts") else ""]
        if wide:
            figs = "; ".join(f"{f['what']} {count_text(f.get('count'))} ({f['source'] or f['document']})"
                             for f in inc.get("figures") or [])
            row += [", ".join(inc.get("types") or []), ", ".join(s or "?" for s in inc.get("sources") or []), figs]
        table.add_row(*row)
    table.caption = "* publication date only · src sources · ⚠ conflicts" + ("" if wide else " · --wide: all")
    table.caption_justify = "left"
    return table


def _box():
    from rich import box

    return box.SIMPLE_HEAD


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
        if output:
            _export_to_file(output, lambda fh: run(store, fmt=fmt, what=what, out=fh, redact=redact))
        else:
            run(store, fmt=fmt, what=what, out=sys.stdout, redact=redact)
    except CounterpointError as exc:
        _fail(exc)
    if output:
        err.print(f"written to {output}")


def _export_to_file(output: str, write) -> None:
    """Write to a temporary file beside `output` and rename it on success: a failed export leaves
    no file (and an earlier export at that path untouched)."""
    import os
    import tempfile

    from .errors import CounterpointError as _Error

    target = os.path.abspath(output)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".counterpoint-export-", suffix=".tmp", dir=os.path.dirname(target))
    except OSError as exc:
        raise _Error(f"{output}: cannot write there ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # the mode an ordinary open() would give, not mkstemp's 0600
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
        out.print(profile_table(p))


def _top(counts: dict | None, n: int = 4) -> str:
    items = sorted((counts or {}).items(), key=lambda kv: -kv[1])[:n]
    return ", ".join(f"{k} {v}" for k, v in items) or "-"


def profile_table(p: dict) -> Table:
    """One source's framing measures as a two-column table a person reads."""
    name = p.get("source") or "(no source named)"
    table = Table(title=f"{name}: {p.get('documents', 0)} documents, {p.get('words', 0)} words",
                  title_justify="left", show_header=False, box=_box(), pad_edge=False)
    table.add_column("measure", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for cat, labels in (p.get("labels") or {}).items():
        table.add_row(f"labels for {cat}", _top(labels))
    violence = p.get("violence") or {}
    table.add_row("agent of violence", _top({c: v.get("agent", 0) for c, v in violence.items() if v.get("agent")}))
    table.add_row("target of violence", _top({c: v.get("target", 0) for c, v in violence.items() if v.get("target")}))
    q = p.get("quotes") or {}
    table.add_row("voices quoted", f"{q.get('total', 0)} quotes ({q.get('direct', 0)} direct): "
                  f"{_top(q.get('by_category'))}")
    f = p.get("figures") or {}
    share = f.get("share_attributed")
    table.add_row("figures attributed", f"{f.get('attributed', 0)} of {f.get('total', 0)}"
                  + (f" ({share:.0%})" if isinstance(share, (int, float)) else ""))
    loaded = p.get("loaded") or {}
    rate = loaded.get("per_1000_words")
    table.add_row("loaded language", f"{loaded.get('count', 0)} terms"
                  + (f", {rate} per 1,000 words" if rate is not None else "") + f": {_top(loaded.get('terms'), 6)}")
    return table


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


from .workbench_cli import register as _register_web  # noqa: E402
_register_web(app)


def main() -> None:
    try:
        app()
    except CounterpointError as exc:  # errors raised outside a command's own handler
        err.print(f"Error: {exc}", markup=False, highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
