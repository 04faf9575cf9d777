"""The store: SQLite by default (WAL), PostgreSQL with the same code.

Each document is written in its own transaction, so a crash in the middle of a batch
leaves every earlier document intact and the current one absent (never half-written).
The document id is the hash of its normalised body, so ingesting the same article twice
changes nothing ("unchanged"), unless ``replace=True`` asks to re-analyse it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from frontlog.config import normalize_db_url
from frontlog.model import Document
from frontlog.store import schema as s

log = logging.getLogger(__name__)


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says why and what to do."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    url = normalize_db_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


class Store:
    """Read and write Documents with all their annotations."""

    def __init__(self, url: str, create: bool = True) -> None:
        self.url = normalize_db_url(url)
        self.engine = make_engine(self.url)
        if create:
            self.create()

    # -- schema ---------------------------------------------------------------------------

    def create(self) -> None:
        """Create missing tables and record the schema version (idempotent)."""
        try:
            s.metadata.create_all(self.engine)
            with self.engine.begin() as conn:
                version = conn.execute(sa.select(sa.func.max(s.schema_version.c.version))).scalar()
                if version is None:
                    conn.execute(
                        s.schema_version.insert().values(
                            version=s.SCHEMA_VERSION, applied_at=_now()
                        )
                    )
                elif version > s.SCHEMA_VERSION:
                    raise StoreError(
                        f"database schema version {version} is newer than this frontlog "
                        f"({s.SCHEMA_VERSION}); upgrade frontlog"
                    )
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot open database {self.safe_url}: {exc.orig}") from exc

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def schema_version(self) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(s.schema_version.c.version))).scalar()

    # -- writing --------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            q = sa.select(s.documents.c.id).where(s.documents.c.id == doc_id)
            return conn.execute(q).first() is not None

    def save(self, doc: Document, replace: bool = False) -> str:
        """Store one document and its annotations in one transaction.

        Returns "ingested", "replaced" or "unchanged" (same content already stored).
        """
        with self.engine.begin() as conn:
            exists = (
                conn.execute(sa.select(s.documents.c.id).where(s.documents.c.id == doc.id)).first()
                is not None
            )
            if exists and not replace:
                return "unchanged"
            if exists:
                _delete_document(conn, doc.id)
            _insert_document(conn, doc)
        return "replaced" if exists else "ingested"

    def delete(self, doc_id: str) -> bool:
        with self.engine.begin() as conn:
            return _delete_document(conn, doc_id)

    # -- reading --------------------------------------------------------------------------

    def get_document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(s.documents.c.analysis).where(s.documents.c.id == doc_id)
            ).first()
        return Document.from_dict(row[0]) if row else None

    def find_document_ids(self, prefix: str) -> list[str]:
        with self.engine.connect() as conn:
            q = sa.select(s.documents.c.id).where(s.documents.c.id.startswith(prefix)).limit(5)
            return [r[0] for r in conn.execute(q)]

    def iter_documents(self, batch: int = 100) -> Iterator[Document]:
        """Every stored document, rebuilt from its stored analysis, in id order."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(s.documents.c.id, s.documents.c.analysis)
                    .where(s.documents.c.id > last)
                    .order_by(s.documents.c.id)
                    .limit(batch)
                ).all()
            if not rows:
                return
            for row in rows:
                yield Document.from_dict(row[1])
            last = rows[-1][0]

    def count(self, table: str) -> int:
        t = s.metadata.tables[table]
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() or 0)

    def select(
        self,
        table: str,
        where: Sequence[sa.ColumnElement[bool]] = (),
        order_by: Sequence[Any] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Rows of one table as dicts, with optional filters (SQLAlchemy expressions)."""
        t = s.metadata.tables[table]
        q = sa.select(t).where(*where).order_by(*order_by).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def count_where(self, table: str, where: Sequence[sa.ColumnElement[bool]] = ()) -> int:
        t = s.metadata.tables[table]
        with self.engine.connect() as conn:
            q = sa.select(sa.func.count()).select_from(t).where(*where)
            return int(conn.execute(q).scalar() or 0)

    def close(self) -> None:
        self.engine.dispose()


# -- row building ---------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _delete_document(conn: Connection, doc_id: str) -> bool:
    for table in s.ANNOTATION_TABLES:
        conn.execute(table.delete().where(table.c.doc_id == doc_id))
    return conn.execute(s.documents.delete().where(s.documents.c.id == doc_id)).rowcount > 0


def _insert_document(conn: Connection, doc: Document) -> None:
    data = doc.to_dict()
    conn.execute(
        s.documents.insert().values(
            id=doc.id,
            url=doc.url,
            publisher=doc.publisher,
            title=doc.title,
            published=doc.published,
            language=doc.language,
            body=doc.body,
            paragraphs=data["document"]["paragraphs"],
            removed=data["document"]["removed"],
            raw_location=doc.raw_location,
            ingested_at=_now(),
            analysis=data,
        )
    )
    for table, rows in annotation_rows(doc).items():
        if rows:
            conn.execute(s.metadata.tables[table].insert(), rows)


def annotation_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The rows each annotation table gets for ``doc`` (pure: also used by exports)."""
    entity_names = {e.id: e.name for e in doc.entities}
    places_by_id = {p.id: p for p in doc.places}
    attributions_by_id = {a.id: a for a in doc.attributions}
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in s.ANNOTATION_TABLES}
    for e in doc.entities:
        rows["entities"].append(
            dict(
                doc_id=doc.id,
                id=e.id,
                name=e.name,
                type=e.type,
                country=e.country,
                aliases=list(e.aliases),
            )
        )
        seen: set[int] = set()
        for m in e.mentions:
            if m.start in seen:
                continue
            seen.add(m.start)
            rows["mentions"].append(
                dict(
                    doc_id=doc.id,
                    entity_id=e.id,
                    start=m.start,
                    end=m.end,
                    text=m.text,
                    kind=m.kind,
                )
            )
    for p in doc.places:
        rows["places"].append(
            dict(
                doc_id=doc.id,
                id=p.id,
                mention_start=p.mention.start,
                mention_end=p.mention.end,
                mention_text=p.mention.text,
                name=p.name,
                geonames_id=p.geonames_id,
                feature=p.feature,
                country=p.country,
                admin1=p.admin1,
                lat=p.lat,
                lon=p.lon,
                population=p.population,
                precision=p.precision,
                confidence=p.confidence,
                geometry=p.geometry,
                approximate=bool(p.approximate),
            )
        )
    for t in doc.times:
        rows["times"].append(
            dict(
                doc_id=doc.id,
                id=t.id,
                start=t.start,
                end=t.end,
                text=t.text,
                value_start=t.value_start,
                value_end=t.value_end,
                precision=t.precision,
                anchor=t.anchor,
                recurring=bool(t.recurring),
            )
        )
    for q in doc.quantities:
        rows["quantities"].append(
            dict(
                doc_id=doc.id,
                id=q.id,
                start=q.start,
                end=q.end,
                text=q.text,
                value=float(q.value),
                value_max=q.value_max,
                unit=q.unit,
                about=bool(q.about),
                qualifier=q.qualifier,
                measures=q.measures,
            )
        )
    for a in doc.attributions:
        rows["attributions"].append(
            dict(
                doc_id=doc.id,
                id=a.id,
                speaker=a.speaker,
                speaker_name=a.speaker_name,
                kind=a.kind,
                cue=a.cue,
                content_start=a.content.start,
                content_end=a.content.end,
                content_text=a.content.text,
                parent=a.parent,
                confidence=a.confidence,
            )
        )
    for ev in doc.events:
        place = places_by_id.get(ev.place or "")
        claim = attributions_by_id.get(ev.attribution)
        claimed_by = (
            claim.speaker_name
            if claim is not None and claim.kind != "publisher"
            else doc.publisher or "publisher"
        )
        time = ev.time or {}
        rows["events"].append(
            dict(
                doc_id=doc.id,
                id=ev.id,
                type=ev.type,
                acled_event_type=ev.acled_event_type,
                acled_sub_event_type=ev.acled_sub_event_type,
                actor=ev.actor,
                actor_name=entity_names.get(ev.actor or ""),
                target=ev.target,
                target_name=entity_names.get(ev.target or ""),
                place=ev.place,
                place_name=place.name if place else None,
                country=place.country if place else None,
                admin1=place.admin1 if place else None,
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                geo_precision=ev.geo_precision,
                time_start=time.get("start"),
                time_end=time.get("end"),
                time_precision=time.get("precision"),
                recurring=bool(time.get("recurring")),
                attribution=ev.attribution,
                claimed_by=claimed_by,
                status=ev.status,
                evidence_start=ev.evidence.start,
                evidence_end=ev.evidence.end,
                evidence_text=ev.evidence.text,
                geometry=ev.geometry or (place.geometry if place else None),
                fatalities=ev.fatalities,
                quantities=list(ev.quantities),
                published=doc.published,
                publisher=doc.publisher,
                url=doc.url,
            )
        )
    return rows
