"""Local files and folders: text, HTML (plain or gzipped), JSONL, feeds and WARC by extension.

Folders are walked recursively in sorted order (so runs are reproducible), skipping hidden
files and ``*.meta.json`` sidecars. A sidecar ``FILE.meta.json`` (or ``STEM.meta.json``)
carries metadata a plain-text file cannot: url, title, published, publisher, language.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import httpx

from frontlog.config import Settings
from frontlog.ingest.base import (
    IngestError,
    Item,
    MetaPlan,
    Skipped,
    clean_meta,
    human_size,
    make_document,
    too_big,
)
from frontlog.ingest.decode import declared_charset, decode_bytes, is_binary
from frontlog.ingest.web import sniff_markup

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
FEED_EXT = {".xml", ".rss", ".atom"}
JSONL_EXT = {".jsonl", ".ndjson"}
BINARY_EXT = {
    ".pdf": "PDF documents are not supported",
    ".doc": "Word documents are not supported",
    ".docx": "Word documents are not supported",
    ".odt": "office documents are not supported",
    ".xls": "spreadsheets are not supported",
    ".xlsx": "spreadsheets are not supported",
    ".zip": "zip archives are not supported (unpack it into a folder)",
    ".tar": "tar archives are not supported (unpack it into a folder)",
    ".7z": "7z archives are not supported (unpack it into a folder)",
    ".png": "image files are not text",
    ".jpg": "image files are not text",
    ".jpeg": "image files are not text",
    ".gif": "image files are not text",
    ".webp": "image files are not text",
    ".svg": "image files are not text",
    ".mp3": "audio files are not text",
    ".mp4": "video files are not text",
    ".exe": "executables are not text",
    ".db": "database files are not text",
    ".sqlite": "database files are not text",
}
SIDECAR = ".meta.json"


def classify(path: Path) -> tuple[str, bool]:
    """(kind, gzipped) from the file name; kind is text, html, feed, jsonl, warc, binary or
    unknown (decided by sniffing the content)."""
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return "warc", False
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    suffix = Path(name).suffix
    if suffix in TEXT_EXT:
        return "text", gz
    if suffix in HTML_EXT:
        return "html", gz
    if suffix in FEED_EXT:
        return "feed", gz
    if suffix in JSONL_EXT:
        return "jsonl", gz
    if suffix in BINARY_EXT:
        return "binary", gz
    return "unknown", gz


def walk(folder: Path) -> list[Path]:
    """Files under ``folder``, sorted, without hidden files/folders and sidecars."""
    out = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if p.name.lower().endswith(SIDECAR) or not p.is_file():
            continue
        out.append(p)
    return sorted(out, key=lambda p: p.relative_to(folder).as_posix())


def read_sidecar(path: Path) -> dict[str, str]:
    """Metadata from ``a.txt.meta.json`` or ``a.meta.json``; raise IngestError if unreadable."""
    for cand in (path.with_name(path.name + SIDECAR), path.with_name(path.stem + SIDECAR)):
        if cand != path and cand.is_file():
            try:
                data = json.loads(cand.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise IngestError(f"bad metadata file {cand.name}: {exc}") from None
            if not isinstance(data, dict):
                raise IngestError(f"bad metadata file {cand.name}: expected a JSON object")
            return clean_meta(data)
    return {}


def _read_capped(stream: BinaryIO, cap: int, what: str) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise IngestError(
            f"skipped: {what} is over the {human_size(cap)} cap (set FRONTLOG_MAX_BYTES)"
        )
    return data


def read_bytes(path: Path, gz: bool, settings: Settings) -> bytes:
    """File content with the size cap checked before reading (and while un-gzipping)."""
    cap = settings.max_bytes
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    if size > cap:
        raise IngestError("skipped: " + too_big(size, cap))
    if size == 0:
        raise IngestError("empty file")
    try:
        if gz:
            with gzip.open(path, "rb") as fh:
                return _read_capped(fh, cap, "uncompressed file")  # type: ignore[arg-type]
        return path.read_bytes()
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise IngestError(f"damaged gzip file: {exc}") from None
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None


def _sniff_kind(data: bytes) -> str:
    if data.startswith(b"\x1f\x8b"):
        return "binary"
    if data.lstrip().upper().startswith(b"WARC/"):
        return "warc"
    if is_binary(data):
        return "binary"
    return sniff_markup(data)


def iter_path(
    value: str,
    settings: Settings,
    meta: dict[str, str | None] | None,
    *,
    client: httpx.Client | None = None,
    fetch_links: bool = True,
) -> Iterator[Item]:
    """Documents from one path given on the command line (file, folder or ``-`` for stdin)."""
    if value == "-":
        yield from _iter_stdin(settings, meta)
        return
    path = Path(value).expanduser()
    if not path.exists():
        yield Skipped(value, "no such file or directory")
        return
    if path.is_dir():
        files = walk(path)
        if not files:
            yield Skipped(value, "folder has no files to read")
            return
        for f in files:
            yield from iter_file(
                f,
                settings,
                MetaPlan.for_many(meta),
                single=False,
                client=client,
                fetch_links=fetch_links,
            )
        return
    yield from iter_file(
        path,
        settings,
        MetaPlan.for_single(meta),
        single=True,
        client=client,
        fetch_links=fetch_links,
    )


def iter_file(
    path: Path,
    settings: Settings,
    plan: MetaPlan,
    *,
    single: bool,
    client: httpx.Client | None = None,
    fetch_links: bool = True,
) -> Iterator[Item]:
    """Documents from one file, dispatched on its extension (sniffed when unknown)."""
    loc = str(path)
    kind, gz = classify(path)
    if kind == "binary":
        ext = Path(path.name.lower().removesuffix(".gz")).suffix
        yield Skipped(loc, f"{BINARY_EXT[ext]} ({ext} file)")
        return
    if kind == "warc":
        from frontlog.ingest.warc import iter_warc_path

        yield from iter_warc_path(path, settings, plan.as_many())
        return
    if kind == "jsonl":
        yield from _iter_jsonl_file(path, gz, settings, plan)
        return
    try:
        data = read_bytes(path, gz, settings)
    except IngestError as exc:
        yield Skipped(loc, str(exc))
        return
    yield from _iter_payload(data, kind, loc, path, settings, plan, single, client, fetch_links)


def _iter_payload(
    data: bytes,
    kind: str,
    loc: str,
    path: Path | None,
    settings: Settings,
    plan: MetaPlan,
    single: bool,
    client: httpx.Client | None,
    fetch_links: bool,
) -> Iterator[Item]:
    if not data.strip():
        yield Skipped(loc, "empty file")
        return
    if kind == "unknown":
        kind = _sniff_kind(data)
        if kind == "binary":
            yield Skipped(loc, "binary file, not text")
            return
        if kind == "xml":
            yield Skipped(loc, "XML file that is not an RSS or Atom feed")
            return
        if kind == "warc":
            import io

            from frontlog.ingest.warc import iter_warc_stream

            many = plan.as_many()
            yield from iter_warc_stream(io.BytesIO(data), loc, settings, many)
            return
    if kind == "feed" and sniff_markup(data) == "html":
        kind = "html"  # an .xml/.rss name on an HTML page: treat it as the page it is
    if kind == "feed":
        from frontlog.ingest.feeds import iter_feed

        many = plan.as_many()
        yield from iter_feed(data, loc, settings, many, client=client, fetch_links=fetch_links)
        return
    try:
        sidecar = read_sidecar(path) if path is not None else {}
    except IngestError as exc:
        yield Skipped(loc, str(exc))
        return
    # Single file: explicit CLI flags beat the sidecar. In a folder: the sidecar wins.
    doc_plan = plan.with_source(sidecar, source_wins=not single)
    try:
        text = decode_bytes(data, declared_charset(data) if kind == "html" else None)
    except IngestError as exc:
        yield Skipped(loc, str(exc))
        return
    if not text.strip():
        yield Skipped(loc, "empty file")
        return
    yield from make_document(kind, text, loc, doc_plan)


def _iter_jsonl_file(path: Path, gz: bool, settings: Settings, plan: MetaPlan) -> Iterator[Item]:
    from frontlog.ingest.jsonl import iter_jsonl_lines

    loc = str(path)
    try:
        if path.stat().st_size == 0:
            yield Skipped(loc, "empty file")
            return
        fh: BinaryIO = gzip.open(path, "rb") if gz else path.open("rb")  # type: ignore[assignment]
    except OSError as exc:
        yield Skipped(loc, f"cannot read: {exc.strerror or exc}")
        return
    lines_read = 0

    cap = settings.max_bytes

    def lines() -> Iterator[bytes]:
        # readline with a limit: one runaway line must not be loaded whole into memory.
        nonlocal lines_read
        while line := fh.readline(cap + 1):
            lines_read += 1
            if len(line) > cap and not line.endswith(b"\n"):
                while (rest := fh.readline(cap + 1)) and not rest.endswith(b"\n"):
                    pass
            yield line

    with fh:
        try:
            yield from iter_jsonl_lines(lines(), loc, settings, plan)
        except (gzip.BadGzipFile, EOFError, zlib.error, OSError) as exc:
            yield Skipped(loc, f"file is damaged after line {lines_read}: {exc}")


def _iter_stdin(settings: Settings, meta: dict[str, str | None] | None) -> Iterator[Item]:
    try:
        data = _read_capped(sys.stdin.buffer, settings.max_bytes, "input")
    except IngestError as exc:
        yield Skipped("-", str(exc))
        return
    yield from _iter_payload(
        data, "unknown", "-", None, settings, MetaPlan.for_single(meta), True, None, False
    )


def count_path(value: str) -> int | None:
    """Items a path will yield, cheaply: 1 per article file, lines of JSONL, None if unknown."""
    path = Path(value).expanduser()
    if value == "-" or not path.exists():
        return 1
    files = walk(path) if path.is_dir() else [path]
    if path.is_dir() and not files:
        return 1
    total = 0
    for f in files:
        kind, gz = classify(f)
        if kind in ("warc", "feed"):
            return None
        if kind == "jsonl":
            if gz:
                return None
            try:
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                total += 1
            continue
        total += 1
    return total
