"""Shared pieces of extraction: the error type and building a Document from paragraphs."""

from __future__ import annotations

import re
import unicodedata

from frontlog.model import Document, Paragraph, Removed


class ExtractionError(ValueError):
    """The input holds no article text (empty, binary, or nothing but boilerplate)."""


_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_line(text: str) -> str:
    """One paragraph on one line: NFC, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)
    return _WS.sub(" ", text).strip()


def build_document(
    paragraphs: list[str],
    removed: list[Removed],
    *,
    url: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    language: str | None = None,
    title: str | None = None,
    raw_location: str | None = None,
) -> Document:
    """Join kept paragraphs one per line and record their offsets."""
    kept = [p for p in (clean_line(p) for p in paragraphs) if p]
    body = "\n".join(kept)
    spans: list[Paragraph] = []
    pos = 0
    for p in kept:
        spans.append(Paragraph(pos, pos + len(p)))
        pos += len(p) + 1
    return Document(
        body=body,
        url=url or None,
        publisher=publisher or None,
        published=published or None,
        language=language or "en",
        title=title or None,
        paragraphs=spans,
        removed=list(removed),
        raw_location=raw_location,
    )
