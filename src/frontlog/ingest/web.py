"""http(s) URLs: streamed download with a size cap, content-type dispatch, clear failures.

A crawl meets dead hosts, 404s, PDFs and 50 MB pages; each becomes a Skipped with a reason
the user can act on, never a traceback that stops the batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from frontlog.config import Settings
from frontlog.ingest.base import (
    IngestError,
    Item,
    MetaPlan,
    Skipped,
    human_size,
    make_document,
    too_big,
)
from frontlog.ingest.decode import declared_charset, decode_bytes

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
}
XML_TYPES = {"application/xml", "text/xml"}
JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/jsonlines"}


@dataclass
class Fetched:
    url: str  # final URL after redirects
    content_type: str  # lower-case media type without parameters ("" when absent)
    charset: str | None
    data: bytes


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def make_client(settings: Settings) -> httpx.Client:
    """One client per ingest run: connection reuse, redirects, timeouts, our user agent."""
    return httpx.Client(
        timeout=settings.http_timeout,
        follow_redirects=True,
        headers={"User-Agent": settings.user_agent},
    )


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip().strip("\"'") or None
    return parts[0].lower(), charset


def _describe_connect_error(exc: Exception, url: str) -> str:
    host = httpx.URL(url).host
    text = str(exc)
    low = text.lower()
    if any(
        s in low
        for s in ("name or service not known", "nodename nor servname", "getaddrinfo", "no address")
    ):
        return f"host not found: {host} (DNS lookup failed)"
    if "refused" in low:
        return f"cannot connect to {host}: connection refused"
    return f"cannot connect to {host}: {text or type(exc).__name__}"


def fetch(url: str, settings: Settings, client: httpx.Client) -> Fetched:
    """GET ``url`` with a size cap; raise IngestError with a one-line reason on any failure."""
    cap = settings.max_bytes
    try:
        with client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                phrase = resp.reason_phrase or ""
                raise IngestError(f"HTTP {resp.status_code} {phrase}".strip())
            ctype, charset = _media_type(resp.headers.get("content-type"))
            length = resp.headers.get("content-length")
            if length and length.isdigit() and int(length) > cap:
                raise IngestError("skipped: " + too_big(int(length), cap, "page"))
            chunks: list[bytes] = []
            total = 0
            for chunk in resp.iter_bytes():
                total += len(chunk)
                if total > cap:
                    raise IngestError(
                        f"skipped: page is over the {human_size(cap)} cap (stopped after "
                        f"{human_size(total)}; set FRONTLOG_MAX_BYTES)"
                    )
                chunks.append(chunk)
            return Fetched(str(resp.url), ctype, charset, b"".join(chunks))
    except IngestError:
        raise
    except httpx.TimeoutException:
        raise IngestError(f"timed out after {settings.http_timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise IngestError("too many redirects") from None
    except httpx.ConnectError as exc:
        raise IngestError(_describe_connect_error(exc, url)) from None
    except httpx.UnsupportedProtocol:
        raise IngestError("unsupported URL scheme (use http or https)") from None
    except (httpx.InvalidURL, ValueError) as exc:
        raise IngestError(f"invalid URL: {exc}") from None
    except httpx.HTTPError as exc:
        raise IngestError(f"download failed: {type(exc).__name__}: {exc}") from None


def sniff_markup(data: bytes) -> str:
    """'feed', 'html', 'xml' or 'text' from the first bytes (for missing/vague content types)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return "html"
    if head.startswith(b"<?xml"):
        return "xml"
    return "text"


def kind_of(fetched: Fetched) -> str:
    """Dispatch on content type, sniffing when it is missing or generic XML."""
    ctype = fetched.content_type
    if ctype in FEED_TYPES:
        return "feed"
    if ctype in HTML_TYPES:
        return "feed" if sniff_markup(fetched.data) == "feed" else "html"
    if ctype in XML_TYPES:
        sniffed = sniff_markup(fetched.data)
        return {"feed": "feed", "html": "html"}.get(sniffed, "unsupported")
    if ctype in JSONL_TYPES:
        return "jsonl"
    if ctype in TEXT_TYPES:
        return "text"
    if ctype in ("", "application/octet-stream"):
        sniffed = sniff_markup(fetched.data)
        return {"feed": "feed", "html": "html", "text": "text"}.get(sniffed, "unsupported")
    return "unsupported"


def _unsupported_reason(ctype: str) -> str:
    if ctype == "application/pdf":
        return "PDF documents are not supported (content-type application/pdf)"
    if ctype.startswith(("image/", "video/", "audio/")):
        return f"not a text page (content-type {ctype})"
    return f"unsupported content type {ctype or '(none)'}"


def iter_url(
    url: str,
    settings: Settings,
    plan: MetaPlan,
    client: httpx.Client,
    *,
    fetch_links: bool = True,
) -> Iterator[Item]:
    """Documents from one URL: an article page, a plain-text page or a feed."""
    try:
        fetched = fetch(url, settings, client)
    except IngestError as exc:
        yield Skipped(url, str(exc))
        return
    kind = kind_of(fetched)
    if kind == "unsupported":
        yield Skipped(url, _unsupported_reason(fetched.content_type))
        return
    if not fetched.data.strip():
        yield Skipped(url, "empty page")
        return
    if kind == "feed":
        from frontlog.ingest.feeds import iter_feed

        yield from iter_feed(
            fetched.data, url, settings, plan, client=client, fetch_links=fetch_links
        )
        return
    if kind == "jsonl":
        from frontlog.ingest.jsonl import iter_jsonl_lines

        yield from iter_jsonl_lines(iter(fetched.data.splitlines()), url, settings, plan)
        return
    declared = fetched.charset
    if kind == "html":
        declared = declared or declared_charset(fetched.data)
    try:
        text = decode_bytes(fetched.data, declared)
    except IngestError as exc:
        yield Skipped(url, str(exc))
        return
    # The final URL after redirects is the article's address unless the user said otherwise.
    plan = MetaPlan(override={"url": fetched.url, **plan.override}, fill=plan.fill)
    yield from make_document(kind, text, url, plan)
