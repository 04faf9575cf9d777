"""SQLAlchemy Core schema for every table of the data model.

One row per annotation, each with the character span that supports it. Tables are keyed
by ``(doc_id, id)``: annotation ids are unique within a document only. ``documents.analysis``
keeps the whole ``analyze --json`` object so any export can rebuild a ``Document``
losslessly; the other tables exist for querying (filters, joins, the web API).

``events`` is deliberately denormalised (actor/place/claim names copied in) because every
reader (CLI listing, web map, ACLED export) wants those names and the rows never change
after a document is stored.
"""

from __future__ import annotations

import sqlalchemy as sa

SCHEMA_VERSION = 1

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # hash of the normalised body
    sa.Column("url", sa.Text),
    sa.Column("publisher", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("language", sa.String(16)),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("paragraphs", sa.JSON, nullable=False),
    sa.Column("removed", sa.JSON, nullable=False),
    sa.Column("raw_location", sa.Text),
    sa.Column("ingested_at", sa.String(40), nullable=False),
    sa.Column("analysis", sa.JSON, nullable=False),
    sa.Index("ix_documents_published", "published"),
    sa.Index("ix_documents_publisher", "publisher"),
)


def _doc_fk() -> sa.Column:
    return sa.Column(
        "doc_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )


entities = sa.Table(
    "entities",
    metadata,
    _doc_fk(),
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("country", sa.String(8)),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Index("ix_entities_name", "name"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    _doc_fk(),
    sa.Column("entity_id", sa.String(32), primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
)

places = sa.Table(
    "places",
    metadata,
    _doc_fk(),
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("mention_start", sa.Integer, nullable=False),
    sa.Column("mention_end", sa.Integer, nullable=False),
    sa.Column("mention_text", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("geonames_id", sa.BigInteger),
    sa.Column("feature", sa.String(16)),
    sa.Column("country", sa.String(8)),
    sa.Column("admin1", sa.String(16)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("population", sa.BigInteger),
    sa.Column("precision", sa.Integer),
    sa.Column("confidence", sa.Float),
    sa.Column("geometry", sa.JSON),
    sa.Column("approximate", sa.Boolean, nullable=False, default=False),
    sa.Index("ix_places_admin1", "admin1"),
)

times = sa.Table(
    "times",
    metadata,
    _doc_fk(),
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value_start", sa.String(40)),
    sa.Column("value_end", sa.String(40)),
    sa.Column("precision", sa.String(16)),
    sa.Column("anchor", sa.String(40)),
    sa.Column("recurring", sa.Boolean, nullable=False, default=False),
)

quantities = sa.Table(
    "quantities",
    metadata,
    _doc_fk(),
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("value_max", sa.Float),
    sa.Column("unit", sa.String(32), nullable=False),
    sa.Column("about", sa.Boolean, nullable=False, default=False),
    sa.Column("qualifier", sa.String(16)),
    sa.Column("measures", sa.String(32)),
)

attributions = sa.Table(
    "attributions",
    metadata,
    _doc_fk(),
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("speaker", sa.String(32)),
    sa.Column("speaker_name", sa.Text),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("cue", sa.Text),
    sa.Column("content_start", sa.Integer, nullable=False),
    sa.Column("content_end", sa.Integer, nullable=False),
    sa.Column("content_text", sa.Text, nullable=False),
    sa.Column("parent", sa.String(32)),
    sa.Column("confidence", sa.Float),
    sa.Index("ix_attributions_speaker_name", "speaker_name"),
    sa.Index("ix_attributions_kind", "kind"),
)

events = sa.Table(
    "events",
    metadata,
    _doc_fk(),
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("acled_event_type", sa.String(80)),
    sa.Column("acled_sub_event_type", sa.String(80)),
    sa.Column("actor", sa.String(32)),
    sa.Column("actor_name", sa.Text),
    sa.Column("target", sa.String(32)),
    sa.Column("target_name", sa.Text),
    sa.Column("place", sa.String(32)),
    sa.Column("place_name", sa.Text),
    sa.Column("country", sa.String(8)),
    sa.Column("admin1", sa.String(16)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("time_start", sa.String(40)),
    sa.Column("time_end", sa.String(40)),
    sa.Column("time_precision", sa.String(16)),
    sa.Column("recurring", sa.Boolean, nullable=False, default=False),
    sa.Column("attribution", sa.String(32)),
    sa.Column("claimed_by", sa.Text),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    sa.Column("evidence_text", sa.Text, nullable=False),
    sa.Column("geometry", sa.JSON),
    sa.Column("fatalities", sa.Integer),
    sa.Column("quantities", sa.JSON, nullable=False),
    sa.Column("published", sa.String(40)),
    sa.Column("publisher", sa.Text),
    sa.Column("url", sa.Text),
    sa.Index("ix_events_type", "type"),
    sa.Index("ix_events_time_start", "time_start"),
    sa.Index("ix_events_admin1", "admin1"),
    sa.Index("ix_events_actor_name", "actor_name"),
)

# Child tables in delete order (children first); documents last.
ANNOTATION_TABLES = (mentions, entities, places, times, quantities, attributions, events)
