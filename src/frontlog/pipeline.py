"""Stage registry, batching and the per-document run.

A stage is a plain function ``stage(doc: Document, ctx: Context) -> Document`` that only
adds annotations. Stages register themselves by name with ``@stage("name")``; the order
that runs comes from ``Settings.stages``. Heavy resources (spaCy, gazetteer) live on the
``Context`` and load lazily, once per process, so a Dask worker or a process-pool worker
pays for them once.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from frontlog.config import Settings
from frontlog.model import Document

log = logging.getLogger(__name__)

StageFn = Callable[[Document, "Context"], Document]

_STAGES: dict[str, StageFn] = {}

# Modules that define stages; imported on first use so `import frontlog` stays cheap.
STAGE_MODULES = {
    "nlp": "frontlog.nlp.stage",
    "places": "frontlog.geo.stage",
    "times": "frontlog.time.stage",
    "quantities": "frontlog.quantities",
    "attribution": "frontlog.attribution.stage",
    "events": "frontlog.events.stage",
}


def stage(name: str) -> Callable[[StageFn], StageFn]:
    """Register ``fn`` as the stage called ``name``."""

    def register(fn: StageFn) -> StageFn:
        _STAGES[name] = fn
        return fn

    return register


def get_stage(name: str) -> StageFn:
    if name not in _STAGES and name in STAGE_MODULES:
        importlib.import_module(STAGE_MODULES[name])
    if name not in _STAGES:
        raise KeyError(f"unknown stage {name!r}; known: {', '.join(sorted(STAGE_MODULES))}")
    return _STAGES[name]


def available_stages(names: Iterable[str]) -> list[str]:
    """The configured stages whose module is present (later issues add modules)."""
    out = []
    for name in names:
        try:
            get_stage(name)
        except (KeyError, ModuleNotFoundError) as exc:
            log.debug("stage %s not available: %s", name, exc)
            continue
        out.append(name)
    return out


@dataclass
class Context:
    """Per-process resources and settings shared by all stages."""

    settings: Settings = field(default_factory=Settings)
    _cache: dict[str, Any] = field(default_factory=dict)

    def resource(self, name: str, factory: Callable[[], Any]) -> Any:
        """Build a heavy resource once (spaCy pipeline, gazetteer) and keep it."""
        if name not in self._cache:
            self._cache[name] = factory()
        return self._cache[name]

    def parse(self, doc: Document, stage_name: str) -> Any | None:
        """``doc.spacy_doc``, parsing the body first if no stage has yet.

        Returns None (logged) when no parse can be had, e.g. no model installed or a body
        over spaCy's ``max_length``: stages then fall back to what works without one.
        """
        if doc.spacy_doc is None:
            try:
                doc.spacy_doc = self.nlp(doc.body)
            except Exception as exc:  # noqa: BLE001 - any parser failure means "no parse"
                log.warning("%s: no spaCy parse for %s (%s)", stage_name, doc.id, exc)
                return None
        return doc.spacy_doc

    @property
    def nlp(self) -> Any:
        from frontlog.nlp.load import load_pipeline

        return self.resource("nlp", lambda: load_pipeline(self.settings.spacy_models))


_DEFAULT_CONTEXT: Context | None = None


def default_context() -> Context:
    """One Context per process (what Dask and pool workers use)."""
    global _DEFAULT_CONTEXT
    if _DEFAULT_CONTEXT is None:
        _DEFAULT_CONTEXT = Context(Settings.load())
    return _DEFAULT_CONTEXT


def run_document(doc: Document, ctx: Context, stages: list[str] | None = None) -> Document:
    """Run the configured stages over one document."""
    for name in stages if stages is not None else available_stages(ctx.settings.stages):
        doc = get_stage(name)(doc, ctx)
    return doc


def run_batch(
    docs: Iterable[Document], ctx: Context, stages: list[str] | None = None
) -> Iterator[Document]:
    """Run stages over documents, parsing bodies with ``nlp.pipe`` in batches first.

    The nlp stage reuses ``doc.spacy_doc`` when it is already set, so batching here is
    what makes the pipeline fast: spaCy's own batching is much quicker than one call per
    document.
    """
    names = stages if stages is not None else available_stages(ctx.settings.stages)
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= ctx.settings.batch_size:
            yield from _run_parsed(batch, ctx, names)
            batch = []
    if batch:
        yield from _run_parsed(batch, ctx, names)


def _run_parsed(batch: list[Document], ctx: Context, names: list[str]) -> Iterator[Document]:
    if "nlp" in names:
        todo = [d for d in batch if d.spacy_doc is None]
        for d, parsed in zip(todo, ctx.nlp.pipe([d.body for d in todo]), strict=True):
            d.spacy_doc = parsed
    for doc in batch:
        yield run_document(doc, ctx, names)
