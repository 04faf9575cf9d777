"""Ingest orchestration: sources → cross-document cleaning → stages → store.

Kept apart from the CLI so tests and other front-ends (Dask jobs, the web app) can run
the same loop. Documents are analysed in batches (``nlp.pipe``) and each one is stored in
its own transaction as soon as it is done, so an interruption loses at most the batch in
flight and never corrupts what is stored. Work is local by default; ``workers > 1`` or a
scheduler address runs the per-document stages on Dask.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from frontlog.model import Document
from frontlog.pipeline import Context, available_stages, run_batch
from frontlog.store import Store

log = logging.getLogger(__name__)

# How many documents are pulled from the sources at a time: the unit for cross-document
# boilerplate detection and for shipping work to Dask.
CHUNK = 64


@dataclass
class Skip:
    location: str
    reason: str


@dataclass
class IngestReport:
    counts: Counter[str] = field(default_factory=Counter)
    skipped: list[Skip] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    def add(self, outcome: str, doc_id: str | None = None) -> None:
        self.counts[outcome] += 1
        if doc_id:
            self.doc_ids.append(doc_id)


Item = Any  # Document | frontlog.ingest.Skipped


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def clean_across(docs: list[Document]) -> list[Document]:
    """Drop paragraphs repeated across documents of one publisher (MinHash).

    The document keeps the id of its own extracted body, so the same article ingested in
    another batch (where other repeats are found) is still recognised as already stored.
    """
    try:
        from frontlog.extract import remove_repeated_blocks
    except ImportError:  # extraction module without cross-document support
        return docs
    ids = [d.id for d in docs]
    cleaned = remove_repeated_blocks(docs)
    for doc, doc_id in zip(cleaned, ids, strict=True):
        doc.id = doc_id
    return cleaned


def analyse(docs: list[Document], ctx: Context, scheduler: Any = None) -> Iterator[Document]:
    """Run the configured stages over a chunk, locally or on a Dask cluster."""
    if scheduler is None:
        yield from run_batch(docs, ctx)
        return
    from frontlog.distributed import analyse_on_dask

    yield from analyse_on_dask(docs, scheduler, ctx.settings)


def ingest(
    items: Iterable[Item],
    store: Store,
    ctx: Context,
    replace: bool = False,
    on_progress: Callable[[str, str], None] | None = None,
    scheduler: Any = None,
) -> IngestReport:
    """Analyse and store every document among ``items``; skipped items are recorded.

    ``on_progress(outcome, location)`` is called once per item (for progress bars).
    """
    report = IngestReport()
    notify = on_progress or (lambda _o, _l: None)
    names = available_stages(ctx.settings.stages)
    log.info("stages: %s", ", ".join(names))
    for chunk in chunked(items, CHUNK):
        docs: list[Document] = []
        for item in chunk:
            if isinstance(item, Document):
                docs.append(item)
            else:
                report.skipped.append(Skip(item.location, item.reason))
                report.add("skipped")
                notify("skipped", item.location)
        todo = []
        for doc in clean_across(docs):
            if not replace and store.has_document(doc.id):
                report.add("unchanged", doc.id)
                notify("unchanged", doc.raw_location or doc.id)
            else:
                todo.append(doc)
        for doc in _safe_analyse(todo, ctx, scheduler, report, notify):
            outcome = store.save(doc, replace=replace)
            report.add(outcome, doc.id)
            notify(outcome, doc.raw_location or doc.id)
    return report


def _safe_analyse(
    docs: list[Document],
    ctx: Context,
    scheduler: Any,
    report: IngestReport,
    notify: Callable[[str, str], None],
) -> Iterator[Document]:
    """Analyse a chunk; if the batch fails, retry one by one so one bad document is skipped
    with its reason instead of taking the whole chunk down."""
    if not docs:
        return
    try:
        yield from list(analyse(docs, ctx, scheduler))
        return
    except Exception as exc:  # noqa: BLE001 - any stage failure: fall back to singles
        log.warning("batch analysis failed (%s); retrying documents one by one", exc)
    for doc in docs:
        try:
            doc.spacy_doc = None
            yield from list(analyse([doc], ctx, scheduler))
        except Exception as exc:  # noqa: BLE001
            location = doc.raw_location or doc.id
            log.error("skipped %s: analysis failed: %s", location, exc)
            report.skipped.append(Skip(location, f"analysis failed: {type(exc).__name__}: {exc}"))
            report.add("skipped")
            notify("skipped", location)
