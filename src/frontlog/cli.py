"""The ``frontlog`` command: thin Typer layer over pipeline, store and exports.

Commands parse arguments, call library functions and print with Rich. User errors
(missing file, bad database URL, missing model) print one line and exit non-zero; a
traceback means a bug.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from frontlog.config import Settings

app = typer.Typer(
    help="Conflict reporting → sourced, geolocated, time-resolved claims and events.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
gazetteer_app = typer.Typer(help="Build or inspect the offline gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

console = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Database: a SQLite path or postgresql://… (env FRONTLOG_DB)."),
]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help="Rows to show.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _user_errors() -> tuple[type[BaseException], ...]:
    from frontlog.nlp.load import MissingResourceError
    from frontlog.store import StoreError

    errors: list[type[BaseException]] = [
        MissingResourceError,
        StoreError,
        FileNotFoundError,
        PermissionError,
        IsADirectoryError,
        UnicodeDecodeError,
    ]
    for mod, name in (
        ("frontlog.ingest", "IngestError"),
        ("frontlog.extract", "ExtractionError"),
        ("frontlog.geo.gazetteer", "GazetteerError"),
    ):
        try:
            errors.append(getattr(__import__(mod, fromlist=[name]), name))
        except (ImportError, AttributeError):
            pass
    return tuple(errors)


def handle_errors(fn: F) -> F:
    """Turn user errors into one line on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except Exception as exc:
            import sqlalchemy.exc

            if isinstance(exc, _user_errors() + (sqlalchemy.exc.ArgumentError,)):
                err.print(f"[red]error:[/red] {exc}", highlight=False)
                raise typer.Exit(1) from None
            raise

    return wrapper  # type: ignore[return-value]


def _settings(db: str | None = None, **overrides: Any) -> Settings:
    return Settings.load(db=db, **overrides)


def _store(db: str | None) -> Any:
    from frontlog.store import Store

    return Store(_settings(db).db)


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False, show_time=False)],
    )


# -- ingest / analyze ----------------------------------------------------------------------


# The tables the ingest summary counts, in pipeline order.
STORE_TABLES = ("documents", "entities", "places", "times", "quantities", "attributions", "events")


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}", style="dim"),
        console=err,
        transient=False,
    )


@app.command()
@handle_errors
def ingest(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders, .jsonl, feeds, .warc(.gz), URLs.")
    ],
    db: DbOpt = None,
    published: Annotated[str | None, typer.Option(help="Publication date (plain text).")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher name (plain text).")] = None,
    url: Annotated[str | None, typer.Option(help="Source URL (plain text).")] = None,
    language: Annotated[str | None, typer.Option(help="Language code (plain text).")] = None,
    title: Annotated[str | None, typer.Option(help="Title (single document).")] = None,
    fetch: Annotated[
        bool, typer.Option(help="Fetch URLs and feeds' linked pages (--no-fetch: offline).")
    ] = True,
    replace: Annotated[bool, typer.Option(help="Re-analyse documents already stored.")] = False,
    workers: Annotated[
        int, typer.Option(help="Run stages on a local Dask cluster with N worker processes.")
    ] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Address of a running Dask scheduler (tcp://host:8786).")
    ] = None,
) -> None:
    """Ingest documents, analyse them and store the results (idempotent)."""
    from frontlog.ingest import count_inputs, iter_documents
    from frontlog.ingest_run import ingest as run_ingest
    from frontlog.pipeline import Context
    from frontlog.store import Store

    settings = _settings(db)
    store = Store(settings.db)
    ctx = Context(settings)
    meta = dict(published=published, publisher=publisher, url=url, language=language, title=title)
    client = None
    if scheduler or workers > 1:
        from frontlog.distributed import make_client

        client = make_client(scheduler or workers)
    total = count_inputs(inputs)
    with _progress() as progress:
        task = progress.add_task("ingesting", total=total, last="")

        def tick(outcome: str, location: str) -> None:
            progress.update(task, advance=1, last=f"{outcome}: {Path(location).name[:40]}")

        try:
            report = run_ingest(
                iter_documents(inputs, settings, meta, fetch=fetch),
                store,
                ctx,
                replace,
                tick,
                client,
            )
        finally:
            if client is not None:
                client.close()
    table = Table(title=f"ingest → {store.safe_url}")
    table.add_column("outcome")
    table.add_column("documents", justify="right")
    for outcome in ("ingested", "replaced", "unchanged", "skipped"):
        if report.counts.get(outcome) or outcome in ("ingested", "unchanged", "skipped"):
            table.add_row(outcome, str(report.counts.get(outcome, 0)))
    console.print(table)
    if report.skipped:
        skipped = Table(title="skipped")
        skipped.add_column("source", overflow="fold")
        skipped.add_column("reason", overflow="fold")
        for s in report.skipped:
            skipped.add_row(s.location, s.reason)
        console.print(skipped)
    summary = Table(title="store")
    for name in STORE_TABLES:
        summary.add_column(name, justify="right")
    summary.add_row(*(str(store.count(n)) for n in STORE_TABLES))
    console.print(summary)
    if report.counts.get("skipped") and not (
        report.counts.get("ingested")
        or report.counts.get("unchanged")
        or report.counts.get("replaced")
    ):
        raise typer.Exit(1)


@app.command()
@handle_errors
def analyze(
    file: Annotated[Path, typer.Argument(help="A .txt or .html file (or - for stdin text).")],
    published: Annotated[str | None, typer.Option(help="Publication date, ISO 8601.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher name.")] = None,
    url: Annotated[str | None, typer.Option(help="Source URL.")] = None,
    language: Annotated[str | None, typer.Option(help="Language code.")] = None,
    title: Annotated[str | None, typer.Option(help="Title.")] = None,
    stages: Annotated[
        str | None, typer.Option(help="Comma-separated stages (default: all configured).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Run one document through the pipeline (no database) and print the result."""
    from frontlog.ingest import Skipped, iter_documents
    from frontlog.pipeline import Context, available_stages, run_batch

    settings = _settings()
    meta = dict(published=published, publisher=publisher, url=url, language=language, title=title)
    if str(file) != "-" and not file.exists():
        raise FileNotFoundError(f"no such file: {file}")
    items = list(iter_documents([str(file)], settings, meta))
    docs = [i for i in items if not isinstance(i, Skipped)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    if not docs:
        reason = skipped[0].reason if skipped else "no document found"
        err.print(f"[red]error:[/red] {file}: {reason}", highlight=False)
        raise typer.Exit(1)
    ctx = Context(settings)
    names = available_stages(stages.split(",") if stages else settings.stages)
    doc = next(run_batch(docs[:1], ctx, names))
    if as_json:
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    _print_analysis(doc)


def _print_analysis(doc: Any) -> None:
    console.rule(f"[bold]{doc.title or doc.raw_location or doc.id}")
    console.print(
        f"publisher: {doc.publisher}  published: {doc.published}  id: {doc.id}  "
        f"paragraphs: {len(doc.paragraphs)}  removed blocks: {len(doc.removed)}",
        highlight=False,
    )
    sections: list[tuple[str, list[str], Iterable[list[str]]]] = [
        (
            "entities",
            ["id", "name", "type", "mentions"],
            (
                [e.id, e.name, e.type, ", ".join(sorted({m.text for m in e.mentions}))]
                for e in doc.entities
            ),
        ),
        (
            "places",
            ["id", "mention", "name", "admin1", "lat,lon", "precision"],
            (
                [p.id, p.mention.text, p.name, p.admin1 or "", f"{p.lat},{p.lon}", str(p.precision)]
                for p in doc.places
            ),
        ),
        (
            "times",
            ["text", "start", "end", "precision"],
            ([t.text, t.value_start or "", t.value_end or "", t.precision] for t in doc.times),
        ),
        (
            "quantities",
            ["text", "value", "unit"],
            ([q.text, f"{q.value:g}", q.unit] for q in doc.quantities),
        ),
        (
            "attributions",
            ["id", "speaker", "kind", "cue", "content"],
            (
                [a.id, a.speaker_name, a.kind, a.cue or "", a.content.text[:80]]
                for a in doc.attributions
                if a.kind != "publisher"
            ),
        ),
        (
            "events",
            ["id", "type", "actor", "place", "time", "status", "evidence"],
            (
                [
                    v.id,
                    v.type,
                    v.actor or "",
                    v.place or "",
                    str(v.time.get("start") or ""),
                    v.status,
                    v.evidence.text[:60],
                ]
                for v in doc.events
            ),
        ),
    ]
    for title, cols, rows in sections:
        _print_table(title, cols, list(rows))


LONG_TEXT_COLUMNS = {
    "place_name",
    "actor_name",
    "speaker_name",
    "evidence_text",
    "content_text",
    "content",
    "evidence",
    "title",
    "url",
    "mentions",
    "aliases",
}


def _cell(column: str, value: Any) -> str:
    """Table text: long free text (evidence, quotes, titles) is cut; --json has it all."""
    text = "" if value is None else str(value)
    if column in LONG_TEXT_COLUMNS and len(text) > 60:
        return text[:59] + "…"
    return text


def _print_table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=f"{title} ({len(rows)})", title_justify="left")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(c, x) for c, x in zip(columns, r, strict=True)])
    console.print(table)


# -- store queries -------------------------------------------------------------------------


def _print_rows(title: str, rows: list[dict[str, Any]], columns: list[str], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, default=str, indent=1) + "\n")
        return
    _print_table(title, columns, [[r.get(c) for c in columns] for r in rows])


@app.command()
@handle_errors
def documents(
    db: DbOpt = None,
    publisher: Annotated[str | None, typer.Option(help="Only this publisher.")] = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
) -> None:
    """List stored documents."""
    from frontlog.store import schema as s

    store = _store(db)
    where = [s.documents.c.publisher == publisher] if publisher else []
    rows = store.select(
        "documents", where, [s.documents.c.published.desc(), s.documents.c.id], limit
    )
    for r in rows:
        r["paragraphs"] = len(r["paragraphs"])
        r["removed"] = len(r["removed"])
        r.pop("analysis", None)
        r.pop("body", None)
    _print_rows(
        "documents",
        rows,
        ["id", "published", "publisher", "title", "paragraphs", "removed", "url"],
        as_json,
    )


@app.command()
@handle_errors
def entities(
    db: DbOpt = None,
    type: Annotated[str | None, typer.Option("--type", help="person, organization, ...")] = None,
    name: Annotated[str | None, typer.Option(help="Substring of the canonical name.")] = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
) -> None:
    """List canonical entities across documents, with mention counts."""
    from frontlog.store.queries import entity_summary

    rows = entity_summary(_store(db), type_=type, name=name, limit=limit)
    _print_rows(
        "entities", rows, ["name", "type", "country", "documents", "mentions", "aliases"], as_json
    )


@app.command()
@handle_errors
def places(
    db: DbOpt = None,
    region: Annotated[str | None, typer.Option(help="ISO 3166-2 code, e.g. UA-63.")] = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
) -> None:
    """List resolved places."""
    from frontlog.store import schema as s

    where = [s.places.c.admin1 == region] if region else []
    rows = _store(db).select("places", where, [s.places.c.doc_id, s.places.c.mention_start], limit)
    _print_rows(
        "places",
        rows,
        [
            "doc_id",
            "mention_text",
            "name",
            "geonames_id",
            "country",
            "admin1",
            "lat",
            "lon",
            "precision",
        ],
        as_json,
    )


@app.command()
@handle_errors
def claims(
    db: DbOpt = None,
    speaker: Annotated[str | None, typer.Option(help="Substring of the speaker's name.")] = None,
    document: Annotated[str | None, typer.Option(help="Document id (or prefix).")] = None,
    kind: Annotated[
        str | None, typer.Option(help="direct, indirect, according_to or publisher.")
    ] = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
) -> None:
    """List who claims what (attributions)."""
    from frontlog.store import schema as s

    t = s.attributions.c
    where: list[Any] = []
    if speaker:
        where.append(t.speaker_name.ilike(f"%{speaker}%"))
    if document:
        where.append(t.doc_id.startswith(document))
    if kind:
        where.append(t.kind == kind)
    rows = _store(db).select("attributions", where, [t.doc_id, t.content_start], limit)
    _print_rows(
        "claims", rows, ["doc_id", "id", "speaker_name", "kind", "cue", "content_text"], as_json
    )


@app.command()
@handle_errors
def events(
    db: DbOpt = None,
    type: Annotated[str | None, typer.Option("--type", help="Event type (frontlog label).")] = None,
    actor: Annotated[str | None, typer.Option(help="Substring of the actor's name.")] = None,
    region: Annotated[str | None, typer.Option(help="ISO 3166-2 code, e.g. RU-BEL.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Earliest date.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Latest date.")] = None,
    status: Annotated[str | None, typer.Option(help="reported, claimed or denied.")] = None,
    limit: LimitOpt = 50,
    as_json: JsonOpt = False,
) -> None:
    """List events with filters."""
    from frontlog.store import schema as s
    from frontlog.store.queries import EventFilter

    where = EventFilter(
        type=type, actor=actor, region=region, date_from=date_from, date_to=date_to, status=status
    ).where()
    rows = _store(db).select("events", where, [s.events.c.time_start, s.events.c.doc_id], limit)
    _print_rows(
        "events",
        rows,
        [
            "time_start",
            "type",
            "actor_name",
            "place_name",
            "status",
            "claimed_by",
            "evidence_text",
        ],
        as_json,
    )


# -- export --------------------------------------------------------------------------------

EXPORT_FORMATS = ("jsonl", "csv", "acled", "geojson", "parquet")


@app.command()
@handle_errors
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="|".join(EXPORT_FORMATS))] = "jsonl",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (default stdout).")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Export the store: documents as JSONL, events as CSV / ACLED CSV / GeoJSON / Parquet."""
    from frontlog.store import export as ex

    if format not in EXPORT_FORMATS:
        raise typer.BadParameter(
            f"unknown format {format!r}; choose from {', '.join(EXPORT_FORMATS)}"
        )
    store = _store(db)
    if format == "parquet" and out is None:
        raise typer.BadParameter("--format parquet needs --out FILE")
    n = ex.export(store, format, out)
    err.print(
        f"exported {n} {'documents' if format == 'jsonl' else 'events'}"
        + (f" to {out}" if out else "")
    )


# -- serve ---------------------------------------------------------------------------------


@app.command()
@handle_errors
def serve(
    db: DbOpt = None,
    host: Annotated[
        str, typer.Option(help="Address to bind (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Open the store as a web app: map, timeline, evidence."""
    from frontlog.web.app import serve as run_server

    settings = _settings(db)
    console.print(f"frontlog serving {settings.db} on http://{host}:{port}/  (Ctrl-C to stop)")
    run_server(settings.db, host=host, port=port)


# -- eval ----------------------------------------------------------------------------------

EVAL_SUITES = ("extraction", "attribution", "geoparsing", "time", "events")


@app.command("eval")
@handle_errors
def eval_(
    suite: Annotated[str, typer.Argument(help="|".join(EVAL_SUITES) + "|all")],
    data: Annotated[Path, typer.Option(help="Folder holding the gold data.")] = Path(
        "../shared/eval"
    ),
    limit: Annotated[int | None, typer.Option(help="Score only the first N items.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score frontlog against gold data and print the figures."""
    import importlib

    suites = EVAL_SUITES if suite == "all" else (suite,)
    for name in suites:
        if name not in EVAL_SUITES:
            raise typer.BadParameter(
                f"unknown suite {name!r}; choose from {', '.join(EVAL_SUITES)}"
            )
    if not data.is_dir():
        raise FileNotFoundError(f"gold data folder not found: {data} (pass --data PATH)")
    results = []
    for name in suites:
        module = importlib.import_module(f"frontlog.eval.{name}")
        results.append(module.evaluate(data, limit=limit, progress=not as_json))
    if as_json:
        payload = results[0] if len(results) == 1 else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1, default=str) + "\n")
        return
    for result in results:
        rows = result.get("rows", [])
        columns: list[str] = []
        for r in rows:
            columns += [k for k in r if k not in columns]
        console.print(_eval_table(f"eval {result.get('suite')}", rows, columns))
        for note in result.get("notes", []):
            console.print(f"  [dim]{note}[/dim]", highlight=False)


def _eval_table(title: str, rows: list[dict[str, Any]], columns: list[str]) -> Table:
    """Sets as rows and metrics as columns; transposed when the metrics would not fit.

    Text-valued keys ("set", "mode", "types") label a row; numbers are its metrics.
    """
    table = Table(title=title)
    if len(columns) * 9 <= console.width:
        for c in columns:
            table.add_column(c, justify="left" if c == "set" else "right")
        for r in rows:
            table.add_row(*[_fmt(r.get(c)) for c in columns])
        return table
    labels = [c for c in columns if all(isinstance(r.get(c), str | None) for r in rows)]
    table.add_column("metric")
    for r in rows:
        table.add_column(" ".join(str(r[k]) for k in labels if r.get(k)), justify="right")
    for c in columns:
        if c not in labels:
            table.add_row(c, *[_fmt(r.get(c)) for r in rows])
    return table


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


# -- gazetteer -----------------------------------------------------------------------------


@gazetteer_app.command("build")
@handle_errors
def gazetteer_build(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="GeoNames dumps (allCountries.zip, RU.zip, *.txt). None: embedded."),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Index file to write.")] = None,
) -> None:
    """Build the gazetteer index: embedded (from packages) or full (from GeoNames dumps)."""
    from frontlog.geo import gazetteer as gz

    path = out or gz.default_path(_settings())
    for f in files or []:
        if not f.exists():
            raise FileNotFoundError(f"no such file: {f}")
    stats = gz.build_from_geonames_dumps(list(files), path) if files else gz.build_embedded(path)
    console.print(f"gazetteer written to {path}")
    for key, value in stats.items():
        console.print(f"  {key}: {value}", highlight=False)


def run() -> None:  # pragma: no cover - console-script entry when needed
    app()
