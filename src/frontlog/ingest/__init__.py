"""Ingest: turn paths, folders, archives, feeds and URLs into ``Document`` objects.

``iter_documents`` yields a ``Document`` per article found and a ``Skipped`` (location and
reason) for every input or item that could not be used; it never raises for one bad item,
so a batch of thousands survives a damaged file or a dead link.

Sources, by input:

* ``http(s)://`` URL: page (HTML or text) or RSS/Atom feed, by content type (``web``).
* folder: every file below it, sorted, skipping hidden files and ``*.meta.json`` (``files``).
* ``.txt``/``.md``, ``.html``/``.htm`` (also ``.gz``), ``.jsonl``, ``.xml``/``.rss``/``.atom``,
  ``.warc``/``.warc.gz``; other names are sniffed (HTML, feed, WARC, text or binary).
* ``-``: standard input (sniffed like an unknown file).

Metadata (``meta``: url, title, published, publisher, language from CLI flags):

* An input that is one document (a file, a URL, stdin): the flags override what the source
  says (sidecar ``FILE.meta.json``, the page's own metadata).
* An input that holds many documents (folder, JSONL, feed, WARC): url and title are ignored
  (they name one article); publisher, published and language only fill fields the source
  leaves empty. In a folder a file's sidecar wins over the flags. Plain text has no metadata
  of its own, so there the fill-ins always apply; an HTML page's language and publisher come
  from the page (lang attribute, site name, else the URL's host) before the flags.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from frontlog.config import Settings
from frontlog.ingest.base import IngestError, Item, MetaPlan, Skipped
from frontlog.ingest.files import count_path, iter_path
from frontlog.ingest.web import is_url, iter_url, make_client
from frontlog.model import Document

__all__ = ["IngestError", "Skipped", "count_inputs", "iter_documents"]


def iter_documents(
    inputs: list[str],
    settings: Settings,
    meta: dict[str, str | None] | None = None,
    *,
    fetch: bool = True,
) -> Iterator[Document | Skipped]:
    """Documents (and Skipped records) from each input in order.

    ``fetch=False`` is offline mode: URL inputs are skipped and feed entries with only a
    short summary use that summary instead of downloading the linked page.
    """
    client = make_client(settings) if fetch else None
    try:
        for value in inputs:
            yield from _iter_one(value, settings, meta, client, fetch)
    finally:
        if client is not None:
            client.close()


def _iter_one(
    value: str,
    settings: Settings,
    meta: dict[str, str | None] | None,
    client: httpx.Client | None,
    fetch: bool,
) -> Iterator[Item]:
    try:
        if is_url(value):
            if client is None:
                yield Skipped(value, "fetching is off (offline mode)")
                return
            yield from iter_url(
                value, settings, MetaPlan.for_single(meta), client, fetch_links=fetch
            )
            return
        yield from iter_path(value, settings, meta, client=client, fetch_links=fetch)
    except Exception as exc:  # noqa: BLE001 - last line of defence: one input, one Skipped
        import logging

        logging.getLogger("frontlog.ingest").exception("unexpected error reading %s", value)
        yield Skipped(value, f"unexpected error: {type(exc).__name__}: {exc}")


def count_inputs(inputs: list[str]) -> int | None:
    """Cheap estimate of how many items ``iter_documents`` yields (for a progress total).

    One per article file, URL or missing path, one per non-blank JSONL line; None when an
    input's count is unknown without parsing it (feeds, WARC archives).
    """
    total = 0
    for value in inputs:
        n = 1 if is_url(value) else count_path(value)
        if n is None:
            return None
        total += n
    return total
