"""WARC / WARC.gz web archives (warcio): one document per HTML 200 response record.

Crawls get cut off mid-write; a truncated archive still yields every record read before the
damage, then one Skipped saying where it stopped.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from frontlog.config import Settings
from frontlog.ingest.base import IngestError, Item, MetaPlan, Skipped, make_document, too_big
from frontlog.ingest.decode import declared_charset, decode_bytes
from frontlog.ingest.web import HTML_TYPES, _media_type


def iter_warc_path(path: Path, settings: Settings, plan: MetaPlan) -> Iterator[Item]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Skipped(str(path), f"cannot open: {exc.strerror or exc}")
        return
    with fh:
        yield from iter_warc_stream(fh, str(path), settings, plan)


def _quiet_iterator() -> type:
    """warcio's ArchiveIterator without its stderr warnings (we report damage as Skipped)."""
    from warcio.archiveiterator import ArchiveIterator

    class QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
        def _consume_blanklines(self):  # noqa: ANN202 - warcio internals
            with contextlib.redirect_stderr(io.StringIO()):
                return super()._consume_blanklines()

    return QuietArchiveIterator


def _drain(record: object) -> bool:
    """Read the rest of a record; True when it ends before its declared length (truncated).

    warcio returns a short read silently for a cut-off archive, so the remaining byte count
    of the record's length-limited stream is the only reliable sign of truncation.
    """
    raw = getattr(record, "raw_stream", None)
    if raw is None:
        return False
    while raw.read(65536):
        pass
    return getattr(raw, "limit", 0) > 0


def _unread_tail(stream: BinaryIO, end: int) -> bool:
    """True when non-blank bytes follow the last record warcio could read."""
    try:
        stream.seek(end)
        return bool(stream.read(256).strip())
    except (OSError, ValueError, AttributeError):
        return False  # not seekable (or closed): cannot tell


def _looks_like_archive(stream: BinaryIO) -> bool:
    """True when the (possibly gzipped) stream starts like a WARC or ARC file.

    warcio reads almost anything as a lenient ARC file, so junk must be refused up front.
    """
    try:
        start = stream.tell()
        head = stream.read(64)
        if head.startswith(b"\x1f\x8b"):
            stream.seek(start)
            try:
                with gzip.GzipFile(fileobj=stream) as gz:
                    head = gz.read(64)
            except (OSError, EOFError, zlib.error):
                return False
        stream.seek(start)
    except (OSError, ValueError, AttributeError):
        return True  # not seekable: let warcio decide
    head = head.lstrip()
    return head.startswith((b"WARC/", b"filedesc://"))


def iter_warc_stream(
    stream: BinaryIO, location: str, settings: Settings, plan: MetaPlan
) -> Iterator[Item]:
    """Documents from the HTML responses of a WARC stream (gzip or not)."""
    if not _looks_like_archive(stream):
        yield Skipped(location, "not a WARC archive (no WARC/ header at the start)")
        return
    many = plan.as_many()
    records = 0
    end = 0  # where the last complete record ends in the (compressed) stream
    try:
        archive = _quiet_iterator()(stream)
        for record in archive:
            records += 1
            wanted = (
                record.rec_type == "response"
                and record.http_headers is not None
                and record.http_headers.get_statuscode() == "200"
            )
            ctype, charset = ("", None)
            if wanted:
                ctype, charset = _media_type(record.http_headers.get_header("Content-Type"))
                wanted = ctype in HTML_TYPES
            data = record.content_stream().read(settings.max_bytes + 1) if wanted else b""
            # Offsets come after reading: warcio's offset call consumes the record.
            if record.rec_type is None or _drain(record):
                yield Skipped(
                    location,
                    f"archive is truncated or damaged: record {records} is cut short "
                    f"(stopped after {records - 1} complete records)",
                )
                return
            end = archive.get_record_offset() + archive.get_record_length()
            if archive.err_count:
                yield Skipped(
                    location,
                    f"archive is damaged: unexpected data after record {records} "
                    f"(its Content-Length looks wrong); stopped after {records - 1} records",
                )
                return
            if not wanted:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            warc_date = record.rec_headers.get_header("WARC-Date")
            where = f"{location}#offset={archive.get_record_offset()}"
            if uri:
                where = f"{uri} ({where})"
            if len(data) > settings.max_bytes:
                yield Skipped(where, "skipped: " + too_big(len(data), settings.max_bytes, "page"))
                continue
            try:
                text = decode_bytes(data, charset or declared_charset(data))
            except IngestError as exc:
                yield Skipped(where, str(exc))
                continue
            if not text.strip():
                yield Skipped(where, "empty page")
                continue
            # The archive's capture date is only a fallback: the page's own date is better.
            rec_plan = many.with_source({"url": uri})
            if warc_date and "published" not in rec_plan.fill:
                rec_plan.fill["published"] = warc_date
            yield from make_document("html", text, where, rec_plan)
        # warcio stops silently when a gzip member is cut short: look for unread bytes.
        if _unread_tail(stream, end):
            yield Skipped(
                location,
                f"archive is truncated or damaged: data after record {records} "
                f"(offset {end}) could not be read",
            )
    except Exception as exc:  # noqa: BLE001 - warcio raises many types on damaged input
        detail = f"{type(exc).__name__}: {exc}".rstrip(": ")
        if records == 0:
            yield Skipped(location, f"not a readable WARC archive ({detail})")
        else:
            yield Skipped(
                location,
                f"archive is truncated or damaged after {records} complete records ({detail})",
            )
