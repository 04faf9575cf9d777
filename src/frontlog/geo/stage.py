"""The ``places`` stage: every place mention of the body becomes a ``model.Place``.

Adjectival mentions ("Ukrainian forces") and place names inside organisation names
("The Moscow Times") inform the context of resolution but are not reported as places:
they do not say where something happened.
"""

from __future__ import annotations

import logging

from frontlog.geo.gazetteer import get_gazetteer
from frontlog.geo.resolve import Resolved, resolve
from frontlog.model import Document, Place
from frontlog.pipeline import Context, stage

log = logging.getLogger(__name__)

REPORTED_ROLES = {"place"}


def to_place(doc: Document, r: Resolved, pid: str) -> Place:
    return Place(
        id=pid,
        mention=doc.span(r.start, r.end),
        name=r.name,
        geonames_id=r.geonames_id,
        feature=r.feature,
        country=r.country,
        admin1=r.admin1,
        lat=r.lat,
        lon=r.lon,
        population=r.population,
        precision=r.precision,
        confidence=r.confidence,
        geometry=r.geometry,
        approximate=r.approximate,
    )


@stage("places")
def places_stage(doc: Document, ctx: Context) -> Document:
    """Fill ``doc.places`` (ids P1..) from the body; a failure is logged, never raised."""
    if not doc.body:
        return doc
    gaz = get_gazetteer(ctx)
    sdoc = ctx.parse(doc, "places")  # None: resolve on gazetteer matches alone
    try:
        found = resolve(doc.body, gaz, sdoc, keep_roles=REPORTED_ROLES)
    except Exception:
        log.exception("places: resolution failed for document %s; skipped", doc.id)
        return doc
    start = len(doc.places)
    for i, r in enumerate(found, start + 1):
        doc.places.append(to_place(doc, r, f"P{i}"))
    return doc
