"""Read-side query helpers shared by the CLI listings and the web API."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from frontlog.store import schema as s
from frontlog.store.db import Store


def event_filters(
    type_: str | None = None,
    actor: str | None = None,
    region: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    status: str | None = None,
    source: str | None = None,
    doc_id: str | None = None,
) -> list[sa.ColumnElement[bool]]:
    """SQL conditions on the events table.

    Dates compare as ISO strings; an event is kept when its interval overlaps
    [date_from, date_to] (open ends count as unbounded), so month- and year-precision
    events show up in a day range inside them.
    """
    e = s.events.c
    where: list[sa.ColumnElement[bool]] = []
    if type_:
        where.append(e.type == type_)
    if actor:
        where.append(sa.or_(e.actor_name.ilike(f"%{actor}%"), e.actor == actor))
    if region:
        where.append(sa.or_(e.admin1 == region, e.country == region))
    if status:
        where.append(e.status == status)
    if source:
        where.append(sa.or_(e.claimed_by.ilike(f"%{source}%"), e.publisher.ilike(f"%{source}%")))
    if doc_id:
        where.append(e.doc_id == doc_id)
    if date_from:
        where.append(sa.func.coalesce(e.time_end, e.time_start, "9999") >= date_from)
    if date_to:
        # a date_to of "2025-03-31" must keep "2025-03-31T..." values: compare on a prefix bound
        where.append(sa.func.coalesce(e.time_start, "0000") <= date_to + "\uffff")
    return where


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
