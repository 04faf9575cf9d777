"""Read-side query helpers shared by the CLI listings and the web API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from frontlog.store import schema as s
from frontlog.store.db import Store

ev = s.events


def csv_values(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _like(value: str) -> str:
    """A case-insensitive substring pattern with LIKE wildcards in the input escaped."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: sa.ColumnElement[Any], value: str) -> sa.ColumnElement[bool]:
    return sa.func.lower(column).like(_like(value), escape="\\")


@dataclass
class EventFilter:
    """The filters of ``/api/events`` (and of the timeline and stats, minus dates).

    * ``type``, ``status``: exact values, comma-separated for several.
    * ``actor``: substring of the actor's name; ``source``: substring of publisher, URL or
      the party that claims the event.
    * ``region``: an ISO 3166-2 admin1 code (``UA-63``), a country (``UA``) or a substring of
      the place name.
    * ``date_from``/``date_to``: ISO dates; an event matches when its time interval
      overlaps ``[date_from, date_to]`` (events without a time never match a date filter).
    * ``bbox``: ``west,south,east,north`` in degrees.
    """

    type: str | None = None
    actor: str | None = None
    region: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    source: str | None = None
    status: str | None = None
    doc_id: str | None = None
    bbox: str | None = None

    def where(self, dates: bool = True) -> list[sa.ColumnElement[bool]]:
        out: list[sa.ColumnElement[bool]] = []
        if types := csv_values(self.type):
            out.append(ev.c.type.in_(types))
        if statuses := csv_values(self.status):
            out.append(ev.c.status.in_(statuses))
        if self.actor:
            out.append(contains(ev.c.actor_name, self.actor))
        if self.source:
            out.append(
                sa.or_(
                    contains(ev.c.publisher, self.source),
                    contains(ev.c.url, self.source),
                    contains(ev.c.claimed_by, self.source),
                )
            )
        if self.region:
            code = self.region.strip()
            out.append(
                sa.or_(
                    sa.func.upper(ev.c.admin1) == code.upper(),
                    sa.func.upper(ev.c.country) == code.upper(),
                    contains(ev.c.place_name, code),
                )
            )
        if self.doc_id:
            out.append(ev.c.doc_id == self.doc_id)
        if self.bbox:
            west, south, east, north = (float(x) for x in self.bbox.split(","))
            out.append(ev.c.lat.between(south, north))
            out.append(ev.c.lon.between(west, east))
        if dates:
            end = sa.func.coalesce(ev.c.time_end, ev.c.time_start)
            if self.date_from:
                # Compare the date part only: stored values may be dates or datetimes.
                out.append(sa.func.substr(end, 1, 10) >= self.date_from[:10])
            if self.date_to:
                out.append(ev.c.time_start.is_not(None))
                out.append(sa.func.substr(ev.c.time_start, 1, 10) <= self.date_to[:10])
        return out


def entity_summary(
    store: Store, type_: str | None = None, name: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Canonical entities across documents: how many documents and mentions each has."""
    e, m = s.entities.c, s.mentions.c
    mention_counts = (
        sa.select(m.doc_id, m.entity_id, sa.func.count().label("n"))
        .group_by(m.doc_id, m.entity_id)
        .subquery()
    )
    q = (
        sa.select(
            e.name,
            e.type,
            sa.func.max(e.country).label("country"),
            sa.func.count(sa.distinct(e.doc_id)).label("documents"),
            sa.func.coalesce(sa.func.sum(mention_counts.c.n), 0).label("mentions"),
        )
        .select_from(
            s.entities.outerjoin(
                mention_counts,
                sa.and_(mention_counts.c.doc_id == e.doc_id, mention_counts.c.entity_id == e.id),
            )
        )
        .group_by(e.name, e.type)
        .order_by(sa.desc("mentions"), e.name)
        .limit(limit)
    )
    if type_:
        q = q.where(e.type == type_)
    if name:
        q = q.where(e.name.ilike(f"%{name}%"))
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
        for r in rows:
            aliases = conn.execute(
                sa.select(m.text)
                .select_from(
                    s.mentions.join(
                        s.entities,
                        sa.and_(s.entities.c.doc_id == m.doc_id, s.entities.c.id == m.entity_id),
                    )
                )
                .where(e.name == r["name"])
                .distinct()
                .limit(8)
            ).scalars()
            r["aliases"] = ", ".join(a for a in aliases if a != r["name"])
    return rows
