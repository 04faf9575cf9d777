"""Scale-out on Dask: the per-document stages run on workers, the driver stores results.

Per-document stages are pure, so a chunk of documents can go to any worker. Each worker
process builds its own ``Context`` once (spaCy and the gazetteer load once per worker,
not per task). Documents travel as plain dicts (``Document.to_dict``) because spaCy Docs
are not worth pickling.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from frontlog.config import Settings
from frontlog.model import Document

log = logging.getLogger(__name__)

_WORKER_CONTEXT: Any = None


def _worker_context(settings: Settings) -> Any:
    global _WORKER_CONTEXT
    from frontlog.pipeline import Context

    if _WORKER_CONTEXT is None:
        _WORKER_CONTEXT = Context(settings)
    return _WORKER_CONTEXT


def analyse_partition(payloads: list[dict[str, Any]], settings: Settings) -> list[dict[str, Any]]:
    """Run on a worker: rebuild Documents, run the stages in one ``nlp.pipe`` batch."""
    from frontlog.pipeline import run_batch

    ctx = _worker_context(settings)
    docs = [Document.from_dict(p) for p in payloads]
    return [d.to_dict() for d in run_batch(docs, ctx)]


def make_client(scheduler: str | int) -> Any:
    """A Dask client: an ``int`` starts a local cluster with that many worker processes,
    a string is the address of a running scheduler (``tcp://host:8786``)."""
    from dask.distributed import Client, LocalCluster

    # distributed logs every worker start and stop at INFO; keep the terminal for progress
    if not log.isEnabledFor(logging.INFO):
        logging.getLogger("distributed").setLevel(logging.WARNING)
    if isinstance(scheduler, int):
        cluster = LocalCluster(
            n_workers=scheduler, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster)
    return Client(scheduler)


def analyse_on_dask(docs: list[Document], client: Any, settings: Settings) -> Iterator[Document]:
    """Split ``docs`` into one partition per worker and gather the analysed documents.

    Order is kept, so callers store results in input order.
    """
    if not docs:
        return
    workers = max(1, len(client.scheduler_info().get("workers", {})) or 1)
    size = max(1, -(-len(docs) // workers))
    parts = [docs[i : i + size] for i in range(0, len(docs), size)]
    futures = [
        client.submit(analyse_partition, [d.to_dict() for d in part], settings, pure=False)
        for part in parts
    ]
    for future in futures:
        for data in future.result():
            yield Document.from_dict(data)
