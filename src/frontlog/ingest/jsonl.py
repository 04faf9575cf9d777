"""JSONL: one article per line (``url, title, published, publisher, language, text|html``).

Exports from scrapers and other tools are large and rarely perfect; a bad line is reported
with its number and the rest of the file goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from frontlog.config import Settings
from frontlog.ingest.base import META_KEYS, IngestError, Item, MetaPlan, Skipped, make_document
from frontlog.ingest.base import too_big as _too_big
from frontlog.ingest.decode import decode_bytes


def _check_line(obj: object) -> tuple[str, str]:
    """(kind, content) for a line, or raise IngestError naming what is wrong."""
    if not isinstance(obj, dict):
        raise IngestError(f"expected a JSON object, got {type(obj).__name__}")
    for key in META_KEYS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str | int | float):
            raise IngestError(f"'{key}' must be a string, got {type(value).__name__}")
    text, html = obj.get("text"), obj.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise IngestError(f"'{key}' must be a string, got {type(value).__name__}")
    if isinstance(text, str) and text.strip():
        return "text", text
    if isinstance(html, str) and html.strip():
        return "html", html
    raise IngestError("no 'text' or 'html' with content")


def iter_jsonl_lines(
    lines: Iterable[bytes], location: str, settings: Settings, plan: MetaPlan
) -> Iterator[Item]:
    """Documents from JSONL lines (bytes); each bad line becomes a Skipped."""
    many = plan.as_many()
    seen = 0
    for lineno, raw in enumerate(lines, 1):
        where = f"{location}:{lineno}"
        if not raw.strip():
            continue
        seen += 1
        if len(raw) > settings.max_bytes:
            yield Skipped(where, "skipped: " + _too_big(len(raw), settings.max_bytes, "line"))
            continue
        try:
            line = decode_bytes(raw)
        except IngestError as exc:
            yield Skipped(where, f"line {lineno}: {exc}")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"line {lineno}: invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            kind, content = _check_line(obj)
        except IngestError as exc:
            yield Skipped(where, f"line {lineno}: {exc}")
            continue
        assert isinstance(obj, dict)
        # raw_location is "file:line": the url (if any) is already the document's url.
        yield from make_document(kind, content, where, many.with_source(obj))
    if not seen:
        yield Skipped(location, "empty file (no JSON lines)")
