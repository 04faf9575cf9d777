"""RSS/Atom feeds (feedparser): one document per entry.

Many feeds carry the full article in ``content:encoded`` or Atom ``content``; others only a
teaser. A teaser is not worth analysing (the claims are in the body), so short entries are
replaced by the linked page when fetching is allowed.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx

from frontlog.config import Settings
from frontlog.ingest.base import IngestError, Item, MetaPlan, Skipped, make_document
from frontlog.ingest.decode import declared_charset, decode_bytes

ARTICLE_MIN_CHARS = 500  # entry text at least this long is used as the article itself

_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
    "figcaption",
    "pre",
)


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment, one block element per line.

    Feed content is a body fragment without page chrome, so a direct conversion keeps every
    paragraph (a page-level boilerplate extractor may drop a short fragment entirely).
    """
    if "<" not in html:
        return _tidy(html)
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # noqa: BLE001 - broken markup: fall back to stripping tags
        return _tidy(re.sub(r"<[^>]+>", " ", html))
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)


def _entry_html(entry: Any) -> str:
    """The longest of the entry's content blocks and its summary."""
    candidates = [c.get("value", "") for c in entry.get("content", []) or []]
    candidates.append(entry.get("summary", "") or "")
    return max(candidates, key=len) if candidates else ""


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).isoformat()
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def iter_feed(
    data: bytes,
    location: str,
    settings: Settings,
    plan: MetaPlan,
    *,
    client: httpx.Client | None = None,
    fetch_links: bool = True,
) -> Iterator[Item]:
    """Documents from the entries of one RSS/Atom feed."""
    import feedparser

    # A stream, never raw bytes/str: feedparser would treat those as a path or URL to open.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            detail = (str(exc).strip() or type(exc).__name__) if exc else "unknown error"
            yield Skipped(location, f"malformed feed: {detail}")
        elif not parsed.get("version"):
            yield Skipped(location, "not an RSS or Atom feed")
        else:
            yield Skipped(location, "feed has no entries")
        return
    feed_title = (parsed.get("feed") or {}).get("title")
    many = plan.as_many()
    for i, entry in enumerate(entries, 1):
        link = entry.get("link") or None
        entry_loc = link or f"{location}#entry-{i}"
        source = {"url": link, "title": entry.get("title"), "published": _entry_date(entry)}
        language = (parsed.get("feed") or {}).get("language")
        if language:
            source["language"] = language.split("-")[0].lower()
        entry_plan = many.with_source(source)
        if feed_title and "publisher" not in entry_plan.fill:
            entry_plan.fill["publisher"] = feed_title
        text = fragment_text(_entry_html(entry))
        if len(text) >= ARTICLE_MIN_CHARS:
            yield from make_document("text", text, entry_loc, entry_plan)
            continue
        if link and fetch_links and client is not None:
            yield from _fetch_entry(link, settings, client, entry_plan, summary_len=len(text))
            continue
        if text:
            yield from make_document("text", text, entry_loc, entry_plan)
        else:
            why = "fetching is off" if not fetch_links else "it has no link"
            yield Skipped(entry_loc, f"feed entry has no text and {why}")


def _fetch_entry(
    link: str, settings: Settings, client: httpx.Client, plan: MetaPlan, *, summary_len: int
) -> Iterator[Item]:
    from frontlog.ingest.web import fetch, kind_of

    try:
        fetched = fetch(link, settings, client)
    except IngestError as exc:
        yield Skipped(link, f"{exc} (feed entry has only {summary_len} chars of text)")
        return
    kind = kind_of(fetched)
    if kind not in ("html", "text"):
        yield Skipped(link, f"linked page is not an article (content-type {fetched.content_type})")
        return
    declared = fetched.charset or (declared_charset(fetched.data) if kind == "html" else None)
    try:
        text = decode_bytes(fetched.data, declared)
    except IngestError as exc:
        yield Skipped(link, str(exc))
        return
    yield from make_document(kind, text, link, plan)
