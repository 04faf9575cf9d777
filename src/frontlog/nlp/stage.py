"""The ``nlp`` stage: parse the body with spaCy (once) and find canonical entities."""

from __future__ import annotations

import logging
from collections.abc import Callable

from frontlog.model import Document
from frontlog.nlp.entities import find_entities
from frontlog.pipeline import Context, stage

log = logging.getLogger(__name__)

# A mislabelled single-word "person" counts as a place when the gazetteer knows a place
# of this size by that name: small villages share names with too many surnames.
MIN_PLACE_POPULATION = 10_000


def place_checker(ctx: Context) -> Callable[[str], bool]:
    """A cheap "is this word a known place?" test backed by the gazetteer, if available."""
    try:
        from frontlog.geo.gazetteer import get_gazetteer

        gaz = get_gazetteer(ctx)
    except Exception as exc:  # no gazetteer: only textual cues decide
        log.debug("entities: gazetteer unavailable (%s)", exc)
        return lambda _name: False

    def is_place(name: str) -> bool:
        return any(
            e.is_country or e.is_admin1 or e.population >= MIN_PLACE_POPULATION
            for e in gaz.lookup(name)
        )

    return is_place


@stage("nlp")
def nlp_stage(doc: Document, ctx: Context) -> Document:
    """Set ``doc.spacy_doc`` (unless the batch runner already did) and add entities."""
    if doc.spacy_doc is None:
        doc.spacy_doc = ctx.nlp(doc.body)
    if not doc.entities:
        doc.entities = find_entities(doc, doc.spacy_doc, place_checker(ctx))
    return doc
