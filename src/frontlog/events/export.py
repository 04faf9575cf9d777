"""Event exports as pure functions over Documents: ACLED rows, GeoJSON, flat records.

The store rebuilds Documents (``Document.from_dict``) and calls these, so the CLI, the web
app and the tests share one definition of each format. Names are resolved here (actor,
place, claimant) because an exported row must stand alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

from frontlog.model import Document, Event

ACLED_COLUMNS: list[str] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
]

# ACLED time precision: 1 the day is known, 2 within a week, 3 within a month or vaguer.
TIME_PRECISION_CODES = {"day": 1, "week": 2, "month": 3, "year": 3, "open-interval": 3}


def _lookup(doc: Document) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    return (
        {e.id: e for e in doc.entities},
        {p.id: p for p in doc.places},
        {a.id: a for a in doc.attributions},
    )


def _claimed_by(doc: Document, ev: Event, attributions: dict[str, Any]) -> str:
    claim = attributions.get(ev.attribution)
    if claim is not None and claim.kind != "publisher":
        return claim.speaker_name
    return doc.publisher or "publisher"


def _event_date(doc: Document, ev: Event) -> str | None:
    time = ev.time or {}
    return time.get("start") or time.get("end") or (doc.published or "")[:10] or None


def event_records(doc: Document) -> list[dict[str, Any]]:
    """Flat rows (names resolved), one per event, for the store and the web listing."""
    entities, places, attributions = _lookup(doc)
    rows = []
    for ev in doc.events:
        place = places.get(ev.place or "")
        actor = entities.get(ev.actor or "")
        target = entities.get(ev.target or "")
        time = ev.time or {}
        rows.append(
            {
                "doc_id": doc.id,
                "id": ev.id,
                "type": ev.type,
                "acled_event_type": ev.acled_event_type,
                "acled_sub_event_type": ev.acled_sub_event_type,
                "actor": ev.actor,
                "actor_name": actor.name if actor else None,
                "target": ev.target,
                "target_name": target.name if target else None,
                "place": ev.place,
                "place_name": place.name if place else None,
                "country": place.country if place else None,
                "admin1": place.admin1 if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "geo_precision": ev.geo_precision,
                "time_start": time.get("start"),
                "time_end": time.get("end"),
                "time_precision": time.get("precision"),
                "recurring": bool(time.get("recurring")),
                "attribution": ev.attribution,
                "claimed_by": _claimed_by(doc, ev, attributions),
                "status": ev.status,
                "evidence_start": ev.evidence.start,
                "evidence_end": ev.evidence.end,
                "evidence_text": ev.evidence.text,
                "geometry": ev.geometry or (place.geometry if place else None),
                "fatalities": ev.fatalities,
                "quantities": list(ev.quantities),
                "trigger": ev.trigger,
                "confidence": ev.confidence,
                "published": doc.published,
                "publisher": doc.publisher,
                "url": doc.url,
            }
        )
    return rows


def acled_rows(docs: Iterable[Document]) -> Iterator[dict[str, object]]:
    """One ACLED-style row per event (ACLED column names, see ``ACLED_COLUMNS``)."""
    for doc in docs:
        for rec in event_records(doc):
            date = _event_date(doc, _by_id(doc, rec["id"]))
            status = rec["status"]
            claim = rec["claimed_by"]
            note = rec["evidence_text"].strip()
            if status == "claimed":
                note = f"{note} [claimed by {claim}]"
            elif status == "denied":
                note = f"{note} [denied; according to {claim}]"
            if rec["recurring"]:
                note += " [recurring]"
            yield {
                "event_id_cnty": f"{doc.id}-{rec['id']}",
                "event_date": date,
                "year": int(date[:4]) if date and date[:4].isdigit() else None,
                "time_precision": TIME_PRECISION_CODES.get(rec["time_precision"] or "", 3),
                "event_type": rec["acled_event_type"],
                "sub_event_type": rec["acled_sub_event_type"],
                "actor1": rec["actor_name"] or "Unidentified Armed Group",
                "actor2": rec["target_name"] or "",
                "country": rec["country"] or "",
                "admin1": rec["admin1"] or "",
                "location": rec["place_name"] or "",
                "latitude": rec["lat"],
                "longitude": rec["lon"],
                "geo_precision": rec["geo_precision"],
                "source": doc.publisher or doc.url or "",
                "notes": note,
                "fatalities": rec["fatalities"] or 0,
            }


def _by_id(doc: Document, eid: str) -> Event:
    return next(e for e in doc.events if e.id == eid)


def _finite(*values: Any) -> bool:
    return all(isinstance(v, int | float) and math.isfinite(v) for v in values)


def _valid_area(geom: Any) -> bool:
    """A Polygon/MultiPolygon whose coordinates are finite [lon, lat] pairs."""
    if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
        return False
    polys = geom.get("coordinates") or []
    if geom["type"] == "Polygon":
        polys = [polys]
    try:
        for poly in polys:
            for ring in poly:
                if len(ring) < 4 or ring[0] != ring[-1]:
                    return False
                for pt in ring:
                    if not (_finite(pt[0], pt[1]) and -180 <= pt[0] <= 180 and -90 <= pt[1] <= 90):
                        return False
    except (TypeError, IndexError):
        return False
    return bool(polys)


def geojson_collection(docs: Iterable[Document]) -> dict:
    """A GeoJSON FeatureCollection with one Feature per located event.

    Area claims carry their Polygon; other events a Point at the place ([lon, lat], RFC
    7946 order). Events without coordinates are left out (a map cannot show them); their
    count is in the collection's ``frontlog`` member.
    """
    features = []
    skipped = 0
    for doc in docs:
        for rec in event_records(doc):
            geom = rec["geometry"]
            if _valid_area(geom):
                geometry = geom
            elif _finite(rec["lat"], rec["lon"]) and -90 <= rec["lat"] <= 90:
                geometry = {"type": "Point", "coordinates": [float(rec["lon"]), float(rec["lat"])]}
            else:
                skipped += 1
                continue
            features.append(
                {
                    "type": "Feature",
                    "id": f"{doc.id}-{rec['id']}",
                    "geometry": geometry,
                    "properties": {
                        "event_id": rec["id"],
                        "doc_id": doc.id,
                        "type": rec["type"],
                        "acled_event_type": rec["acled_event_type"],
                        "acled_sub_event_type": rec["acled_sub_event_type"],
                        "actor": rec["actor_name"],
                        "target": rec["target_name"],
                        "place": rec["place_name"],
                        "country": rec["country"],
                        "admin1": rec["admin1"],
                        "geo_precision": rec["geo_precision"],
                        "time_start": rec["time_start"],
                        "time_end": rec["time_end"],
                        "time_precision": rec["time_precision"],
                        "recurring": rec["recurring"],
                        "status": rec["status"],
                        "claimed_by": rec["claimed_by"],
                        "evidence": rec["evidence_text"],
                        "fatalities": rec["fatalities"],
                        "publisher": rec["publisher"],
                        "published": rec["published"],
                        "url": rec["url"],
                    },
                }
            )
    return {
        "type": "FeatureCollection",
        "features": features,
        "frontlog": {"events_without_coordinates": skipped},
    }
