"""Shared pieces of the ingest sources: the Skipped record, the error type, metadata rules.

Kept apart from ``__init__`` so every source module can import them without a cycle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from frontlog.model import Document

log = logging.getLogger("frontlog.ingest")

META_KEYS = ("url", "publisher", "published", "language", "title")
# Keys that name one document: never stamped on every item of a folder, feed, JSONL or WARC.
SINGLE_DOC_KEYS = ("url", "title")


@dataclass
class Skipped:
    """An input (or one item inside it) that produced no document, and why."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


class IngestError(Exception):
    """A user-facing, one-line reason why one input cannot be read (becomes a Skipped)."""


Item = Document | Skipped


@dataclass
class MetaPlan:
    """How CLI metadata applies to one document.

    ``override`` values win over what the source says; ``fill`` values only fill fields the
    source left empty. A single document (one file, one URL) gets the CLI flags as overrides;
    items of a multi-document input (folder, JSONL, feed, WARC) only get ``publisher``,
    ``published`` and ``language`` as fill-ins, because a url or title names one article.
    """

    override: dict[str, str]
    fill: dict[str, str]

    @classmethod
    def for_single(cls, meta: dict[str, str | None] | None) -> MetaPlan:
        return cls(override=clean_meta(meta), fill={})

    @classmethod
    def for_many(cls, meta: dict[str, str | None] | None) -> MetaPlan:
        fill = {k: v for k, v in clean_meta(meta).items() if k not in SINGLE_DOC_KEYS}
        return cls(override={}, fill=fill)

    def as_many(self) -> MetaPlan:
        """The plan for the items of a multi-document input: flags only fill, no url/title."""
        fill = {**self.override, **self.fill}
        return MetaPlan(
            override={}, fill={k: v for k, v in fill.items() if k not in SINGLE_DOC_KEYS}
        )

    def with_source(self, source: dict[str, Any], *, source_wins: bool = True) -> MetaPlan:
        """Merge metadata the source itself carries (sidecar, JSONL keys, feed entry)."""
        src = clean_meta(source)
        if source_wins:
            return MetaPlan(override={**self.override, **src}, fill=dict(self.fill))
        return MetaPlan(override={**src, **self.override}, fill=dict(self.fill))


def clean_meta(meta: dict[str, Any] | None) -> dict[str, str]:
    """Only known keys with non-empty string values (numbers are stringified)."""
    out: dict[str, str] = {}
    for key in META_KEYS:
        value = (meta or {}).get(key)
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            value = str(value)
        if isinstance(value, str) and value.strip():
            out[key] = value.strip()
    return out


def _extractors() -> tuple[Callable[..., Document], Callable[..., Document], type[Exception]]:
    # Imported lazily: extraction pulls in trafilatura, which ingest-only callers may not need.
    from frontlog.extract import ExtractionError, document_from_html, document_from_text

    return document_from_html, document_from_text, ExtractionError


def make_document(kind: str, content: str | bytes, location: str, plan: MetaPlan) -> Iterator[Item]:
    """Run extraction for one text or HTML payload; any failure becomes a Skipped."""
    from_html, from_text, extraction_error = _extractors()
    kwargs: dict[str, Any] = dict(plan.override)
    if kind != "html":
        # Plain text has no metadata of its own: fill-ins go straight in (else the
        # extractor's default language "en" would hide a --language flag).
        kwargs = {**plan.fill, **kwargs}
    try:
        if kind == "html":
            doc = from_html(content, raw_location=location, **kwargs)
        else:
            doc = from_text(str(content), raw_location=location, **kwargs)
    except extraction_error as exc:
        yield Skipped(location, str(exc) or "no article text found")
        return
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop a batch
        log.exception("extraction failed for %s", location)
        yield Skipped(location, f"extraction failed: {type(exc).__name__}: {exc}")
        return
    if not doc.body.strip():
        yield Skipped(location, "no article text found")
        return
    for key, value in plan.fill.items():
        if not getattr(doc, key, None):
            setattr(doc, key, value)
    yield doc


def human_size(n: int) -> str:
    """Bytes as "52.4 MB" (binary megabytes, so the 10 MiB default prints as "10 MB")."""
    mb = n / (1024 * 1024)
    if mb >= 1:
        return f"{mb:.1f}".rstrip("0").rstrip(".") + " MB"
    kb = n / 1024
    return f"{kb:.1f}".rstrip("0").rstrip(".") + " KB"


def too_big(size: int, cap: int, what: str = "file") -> str:
    return f"{what} is {human_size(size)}, over the {human_size(cap)} cap (set FRONTLOG_MAX_BYTES)"
