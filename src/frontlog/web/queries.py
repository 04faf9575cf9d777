"""Read-only queries behind the web API, as SQLAlchemy Core over ``frontlog.store.schema``.

Kept apart from the routes so the CLI, exports or tests can reuse the same filters and
so every filter is one SQL expression (the database does the work; pagination never
loads more rows than a page).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from frontlog.store import schema as s
from frontlog.store.queries import EventFilter, contains, csv_values

ev = s.events
MAX_LIMIT = 10_000


def event_item(row: dict[str, Any]) -> dict[str, Any]:
    """One event as the API shows it: every stored column plus a ``uid`` for links."""
    item = dict(row)
    item["uid"] = f"{row['doc_id']}/{row['id']}"
    return item


EVENT_COLUMNS = [*ev.c, s.documents.c.title]
# What the map and the event list need: no evidence text, no JSON columns but geometry.
MAP_COLUMNS = [
    ev.c.doc_id,
    ev.c.id,
    ev.c.type,
    ev.c.status,
    ev.c.lat,
    ev.c.lon,
    ev.c.place_name,
    ev.c.admin1,
    ev.c.country,
    ev.c.time_start,
    ev.c.time_end,
    ev.c.actor_name,
    ev.c.claimed_by,
    ev.c.publisher,
    ev.c.geometry,
]
ORDER = (ev.c.time_start.desc().nulls_last(), ev.c.doc_id, ev.c.id)


def list_events(
    engine: Engine, f: EventFilter, limit: int, offset: int, compact: bool = False
) -> dict[str, Any]:
    """A page of events; ``compact`` keeps only the columns the map draws (smaller, faster)."""
    where = f.where()
    if compact:
        base = sa.select(*MAP_COLUMNS)
    else:
        base = sa.select(*EVENT_COLUMNS).select_from(
            ev.outerjoin(s.documents, s.documents.c.id == ev.c.doc_id)
        )
    q = base.where(*where).order_by(*ORDER).limit(limit).offset(offset)
    with engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(ev).where(*where)).scalar()
        items = [event_item(dict(r._mapping)) for r in conn.execute(q)]
    return {"total": int(total or 0), "limit": limit, "offset": offset, "items": items}


def get_event(engine: Engine, doc_id: str, event_id: str) -> dict[str, Any] | None:
    q = (
        sa.select(*EVENT_COLUMNS)
        .select_from(ev.outerjoin(s.documents, s.documents.c.id == ev.c.doc_id))
        .where(ev.c.doc_id == doc_id, ev.c.id == event_id)
    )
    with engine.connect() as conn:
        row = conn.execute(q).first()
        if row is None:
            return None
        item = event_item(dict(row._mapping))
        if item.get("attribution") and item["attribution"] != "publisher":
            a = s.attributions
            claim = conn.execute(
                sa.select(a).where(a.c.doc_id == doc_id, a.c.id == item["attribution"])
            ).first()
            item["claim"] = dict(claim._mapping) if claim else None
        else:
            item["claim"] = None
        item.update(related_events(conn, item))
    return item


def related_events(conn: sa.Connection, item: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Other sources' reports of what may be the same event, split by agreement.

    Deliberately simple until the cross-document ``link`` stage stores clusters: a report
    from *another document* counts as the same event when it has the same type, the same
    admin1 region (or, lacking one, the same place name) and a time interval overlapping
    this one. It *corroborates* when both assert the event (reported or claimed) or both
    deny it, and *contradicts* when exactly one of the two is a denial.
    """
    empty: dict[str, list[dict[str, Any]]] = {"corroborating": [], "contradicting": []}
    start = item.get("time_start")
    if not start:
        return empty
    end = item.get("time_end") or start
    if item.get("admin1"):
        same_place = ev.c.admin1 == item["admin1"]
    elif item.get("place_name"):
        same_place = sa.func.lower(ev.c.place_name) == str(item["place_name"]).lower()
    else:
        return empty
    other_end = sa.func.coalesce(ev.c.time_end, ev.c.time_start)
    q = (
        sa.select(*EVENT_COLUMNS)
        .select_from(ev.outerjoin(s.documents, s.documents.c.id == ev.c.doc_id))
        .where(
            ev.c.doc_id != item["doc_id"],
            ev.c.type == item["type"],
            same_place,
            ev.c.time_start.is_not(None),
            sa.func.substr(ev.c.time_start, 1, 10) <= str(end)[:10],
            sa.func.substr(other_end, 1, 10) >= str(start)[:10],
        )
        .order_by(*ORDER)
        .limit(50)
    )
    out = empty
    denied = item.get("status") == "denied"
    for r in conn.execute(q):
        other = event_item(dict(r._mapping))
        key = "contradicting" if (other.get("status") == "denied") != denied else "corroborating"
        out[key].append(other)
    return out


def timeline(engine: Engine, f: EventFilter) -> list[dict[str, Any]]:
    """Events per day (by start date), under every filter except the date range."""
    day = sa.func.substr(ev.c.time_start, 1, 10).label("day")
    q = (
        sa.select(day, sa.func.count().label("count"))
        .where(ev.c.time_start.is_not(None), *f.where(dates=False))
        .group_by(day)
        .order_by(day)
    )
    with engine.connect() as conn:
        return [{"day": r.day, "count": int(r.count)} for r in conn.execute(q)]


def stats(engine: Engine) -> dict[str, Any]:
    """Counts and facets for the page header and filter menus."""
    with engine.connect() as conn:

        def count(t: sa.Table) -> int:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() or 0)

        def facet(col: sa.Column[Any], n: int = 50) -> list[dict[str, Any]]:
            q = (
                sa.select(col.label("value"), sa.func.count().label("count"))
                .where(col.is_not(None))
                .group_by(col)
                .order_by(sa.func.count().desc(), col)
                .limit(n)
            )
            return [{"value": r.value, "count": int(r.count)} for r in conn.execute(q)]

        lo, hi = conn.execute(
            sa.select(
                sa.func.min(sa.func.substr(ev.c.time_start, 1, 10)),
                sa.func.max(
                    sa.func.substr(sa.func.coalesce(ev.c.time_end, ev.c.time_start), 1, 10)
                ),
            )
        ).one()
        return {
            "counts": {
                "documents": count(s.documents),
                "events": count(ev),
                "places": count(s.places),
                "claims": count(s.attributions),
                "entities": count(s.entities),
            },
            "date_range": {"start": lo, "end": hi},
            "types": facet(ev.c.type),
            "statuses": facet(ev.c.status),
            "publishers": facet(ev.c.publisher),
            "regions": facet(ev.c.admin1),
        }


def list_places(
    engine: Engine,
    name: str | None,
    country: str | None,
    admin1: str | None,
    doc_id: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    p = s.places
    where: list[sa.ColumnElement[bool]] = []
    if name:
        where.append(contains(p.c.name, name))
    if country:
        where.append(sa.func.upper(p.c.country) == country.upper())
    if admin1:
        where.append(sa.func.upper(p.c.admin1) == admin1.upper())
    if doc_id:
        where.append(p.c.doc_id == doc_id)
    return _page(engine, p, where, (p.c.name, p.c.doc_id, p.c.id), limit, offset)


def list_claims(
    engine: Engine,
    speaker: str | None,
    kind: str | None,
    source: str | None,
    date_from: str | None,
    date_to: str | None,
    doc_id: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """Attributions (who says what), with the document's publisher, URL and date."""
    a, d = s.attributions, s.documents
    where: list[sa.ColumnElement[bool]] = []
    if speaker:
        where.append(contains(a.c.speaker_name, speaker))
    if kinds := csv_values(kind):
        where.append(a.c.kind.in_(kinds))
    if source:
        where.append(sa.or_(contains(d.c.publisher, source), contains(d.c.url, source)))
    if date_from:
        where.append(sa.func.substr(d.c.published, 1, 10) >= date_from[:10])
    if date_to:
        where.append(sa.func.substr(d.c.published, 1, 10) <= date_to[:10])
    if doc_id:
        where.append(a.c.doc_id == doc_id)
    joined = a.join(d, d.c.id == a.c.doc_id)
    cols = [*a.c, d.c.publisher, d.c.url, d.c.published, d.c.title]
    q = (
        sa.select(*cols)
        .select_from(joined)
        .where(*where)
        .order_by(d.c.published.desc().nulls_last(), a.c.doc_id, a.c.id)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(joined).where(*where)).scalar()
        items = [dict(r._mapping) for r in conn.execute(q)]
    return {"total": int(total or 0), "limit": limit, "offset": offset, "items": items}


def _page(
    engine: Engine,
    table: sa.Table,
    where: list[sa.ColumnElement[bool]],
    order: tuple[Any, ...],
    limit: int,
    offset: int,
) -> dict[str, Any]:
    q = sa.select(table).where(*where).order_by(*order).limit(limit).offset(offset)
    with engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar()
        items = [dict(r._mapping) for r in conn.execute(q)]
    return {"total": int(total or 0), "limit": limit, "offset": offset, "items": items}
