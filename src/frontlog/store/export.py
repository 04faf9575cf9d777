"""Exports of the store: documents as JSONL; events as CSV, ACLED CSV, GeoJSON, Parquet.

JSONL is lossless (one ``analyze --json`` object per line). The event formats are built
from stored Documents by ``frontlog.events.export`` so the CLI, the web app and tests
share one definition of each format.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from frontlog.store import schema as s
from frontlog.store.db import Store

EVENT_CSV_SKIP = ("geometry", "quantities")


@contextmanager
def _open_text(out: Path | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        yield fh


def event_rows(store: Store) -> list[dict[str, Any]]:
    """Flat event rows (names resolved), ordered by date."""
    e = s.events.c
    return store.select("events", order_by=[e.time_start, e.doc_id, e.id])


def export(store: Store, format: str, out: Path | None = None) -> int:
    """Write ``format`` to ``out`` (stdout when None); returns the number of records."""
    if format == "jsonl":
        n = 0
        with _open_text(out) as fh:
            for doc in store.iter_documents():
                fh.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
                n += 1
        return n
    if format == "csv":
        rows = event_rows(store)
        columns = [c.name for c in s.events.columns if c.name not in EVENT_CSV_SKIP]
        with _open_text(out) as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return len(rows)
    if format == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = event_rows(store)
        for r in rows:
            r["geometry"] = json.dumps(r["geometry"]) if r.get("geometry") else None
            r["quantities"] = json.dumps(r.get("quantities") or [])
        assert out is not None
        out.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows), out)
        return len(rows)
    from frontlog.events import export as ev

    if format == "acled":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=ev.ACLED_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        n = 0
        for row in ev.acled_rows(store.iter_documents()):
            writer.writerow(row)
            n += 1
        with _open_text(out) as fh:
            fh.write(buf.getvalue())
        return n
    if format == "geojson":
        collection = ev.geojson_collection(store.iter_documents())
        with _open_text(out) as fh:
            json.dump(collection, fh, ensure_ascii=False)
            fh.write("\n")
        return len(collection.get("features", []))
    raise ValueError(f"unknown export format {format!r}")
