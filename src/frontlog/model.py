"""The frontlog data model: plain dataclasses, nothing else.

Every annotation carries the character span (into ``Document.body``) that supports it, so
any value can be traced back to the sentence it came from. Stages only *add* to a
``Document``; they never rewrite the body once extraction has produced it.

``to_dict`` gives the ``analyze --json`` contract of DESIGN.md.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# -- vocabularies --------------------------------------------------------------------------

ATTRIBUTION_KINDS = ("direct", "indirect", "according_to", "publisher")
EVENT_STATUSES = ("reported", "claimed", "denied")
TIME_PRECISIONS = ("day", "week", "month", "year", "open-interval")
ENTITY_TYPES = ("person", "organization", "armed_group", "place", "other")


@dataclass
class Span:
    """A stretch of ``Document.body``: ``body[start:end] == text``."""

    start: int
    end: int
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Paragraph:
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass
class Removed:
    """A block taken out of the body by extraction, with why (provenance of absence)."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str = "name"  # name | pronoun | description | alias
    label: str = ""  # spaCy label it came from, if any

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


@dataclass
class Entity:
    id: str
    name: str  # canonical name
    type: str  # one of ENTITY_TYPES
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    country: str | None = None  # ISO 3166-1 alpha-2 the actor belongs to, when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "country": self.country,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass
class Place:
    id: str
    mention: Span
    name: str
    geonames_id: int | None = None
    feature: str | None = None  # GeoNames "class.code", e.g. "A.ADM1", "P.PPL"
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # ISO 3166-2, e.g. "RU-BEL"
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    precision: int = 1  # ACLED geo precision: 1 place itself, 2 near / part of region, 3 region
    confidence: float = 0.0
    geometry: dict[str, Any] | None = None  # GeoJSON geometry (e.g. approximate area circle)
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mention": self.mention.to_dict(),
            "name": self.name,
            "geonames_id": self.geonames_id,
            "feature": self.feature,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "population": self.population,
            "precision": self.precision,
            "confidence": round(self.confidence, 3),
            "geometry": self.geometry,
            "approximate": self.approximate,
        }


@dataclass
class TimeExpr:
    id: str
    start: int
    end: int
    text: str
    value_start: str | None  # ISO 8601 date (None: open at the start)
    value_end: str | None  # ISO 8601 date, inclusive (None: open at the end)
    precision: str  # one of TIME_PRECISIONS
    anchor: str | None = None  # ISO date the expression was resolved against
    recurring: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value_start": self.value_start,
            "value_end": self.value_end,
            "precision": self.precision,
            "anchor": self.anchor,
            "recurring": self.recurring,
        }


@dataclass
class Quantity:
    id: str
    start: int
    end: int
    text: str
    value: float
    unit: str  # normalised: km2, km, people, drones, ...
    about: bool = False  # approximate ("about", "some", "nearly")
    qualifier: str | None = None  # at_least | more_than | less_than | up_to | range
    value_max: float | None = None  # upper end of a range
    measures: str | None = None  # area, population, distance, casualties_killed, equipment, ...
    alternatives: list[dict[str, Any]] = field(default_factory=list)  # converted forms kept

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "about": self.about,
            "qualifier": self.qualifier,
            "value_max": self.value_max,
            "measures": self.measures,
            "alternatives": list(self.alternatives),
        }


@dataclass
class Attribution:
    id: str
    speaker: str | None  # Entity.id (None for the publisher or an unresolved source)
    speaker_name: str  # surface or canonical name ("The Moscow Times" for kind=publisher)
    kind: str  # one of ATTRIBUTION_KINDS
    cue: str | None
    content: Span
    speaker_span: Span | None = None
    cue_span: Span | None = None
    parent: str | None = None  # Attribution.id of the enclosing claim when nested
    confidence: float = 0.0
    co_speakers: list[str] = field(default_factory=list)  # "Zelensky and other officials"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "speaker_name": self.speaker_name,
            "kind": self.kind,
            "cue": self.cue,
            "content": self.content.to_dict(),
            "speaker_span": self.speaker_span.to_dict() if self.speaker_span else None,
            "cue_span": self.cue_span.to_dict() if self.cue_span else None,
            "parent": self.parent,
            "confidence": round(self.confidence, 3),
            "co_speakers": list(self.co_speakers),
        }


@dataclass
class Event:
    id: str
    type: str  # frontlog label (ontology key)
    acled_event_type: str
    acled_sub_event_type: str
    actor: str | None  # Entity.id
    target: str | None  # Entity.id
    place: str | None  # Place.id
    geo_precision: int | None
    time: dict[str, Any]  # {"start", "end", "precision", "time_id", "recurring"}
    quantities: list[str]  # Quantity.id
    attribution: str  # Attribution.id or "publisher"
    status: str  # one of EVENT_STATUSES
    evidence: Span
    geometry: dict[str, Any] | None = None
    trigger: str | None = None
    confidence: float = 0.0
    fatalities: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "acled_event_type": self.acled_event_type,
            "acled_sub_event_type": self.acled_sub_event_type,
            "actor": self.actor,
            "target": self.target,
            "place": self.place,
            "geo_precision": self.geo_precision,
            "time": dict(self.time),
            "quantities": list(self.quantities),
            "attribution": self.attribution,
            "status": self.status,
            "evidence": self.evidence.to_dict(),
            "geometry": self.geometry,
            "trigger": self.trigger,
            "confidence": round(self.confidence, 3),
            "fatalities": self.fatalities,
        }


@dataclass
class Document:
    """One article. ``id`` is the hash of the normalised body (see ``content_id``)."""

    body: str
    id: str = ""
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    language: str = "en"
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    raw_location: str | None = None  # file path, URL or WARC record the text came from
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Not serialised: the spaCy Doc for the body, set by the nlp stage and read by later ones.
    spacy_doc: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.body)
        if not self.paragraphs and self.body:
            self.paragraphs = paragraphs_of(self.body)

    @property
    def published_date(self) -> date | None:
        """The publication date as a ``date`` (the anchor for relative times)."""
        return parse_iso_date(self.published)

    def span(self, start: int, end: int) -> Span:
        """A ``Span`` with its text taken from the body, so spans never drift from it."""
        return Span(start, end, self.body[start:end])

    def paragraph_index(self, offset: int) -> int:
        for i, p in enumerate(self.paragraphs):
            if p.start <= offset < p.end:
                return i
        return -1

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": {
                "id": self.id,
                "url": self.url,
                "publisher": self.publisher,
                "title": self.title,
                "published": self.published,
                "language": self.language,
                "body": self.body,
                "paragraphs": [p.to_dict() for p in self.paragraphs],
                "removed": [r.to_dict() for r in self.removed],
                "raw_location": self.raw_location,
            },
            "entities": [e.to_dict() for e in self.entities],
            "places": [p.to_dict() for p in self.places],
            "times": [t.to_dict() for t in self.times],
            "quantities": [q.to_dict() for q in self.quantities],
            "attributions": [a.to_dict() for a in self.attributions],
            "events": [e.to_dict() for e in self.events],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a Document from ``to_dict`` output (used by stores, tests and Dask)."""
        d = data["document"]
        doc = cls(
            body=d["body"],
            id=d.get("id") or "",
            url=d.get("url"),
            publisher=d.get("publisher"),
            title=d.get("title"),
            published=d.get("published"),
            language=d.get("language") or "en",
            paragraphs=[Paragraph(p["start"], p["end"]) for p in d.get("paragraphs", [])],
            removed=[Removed(r["text"], r["reason"]) for r in d.get("removed", [])],
            raw_location=d.get("raw_location"),
        )
        doc.entities = [
            Entity(
                id=e["id"],
                name=e["name"],
                type=e["type"],
                aliases=list(e.get("aliases", [])),
                country=e.get("country"),
                mentions=[
                    Mention(m["start"], m["end"], m["text"], m.get("kind", "name"))
                    for m in e.get("mentions", [])
                ],
            )
            for e in data.get("entities", [])
        ]
        doc.places = [
            Place(**{**p, "mention": _span(p["mention"])}) for p in data.get("places", [])
        ]
        doc.times = [TimeExpr(**t) for t in data.get("times", [])]
        doc.quantities = [Quantity(**q) for q in data.get("quantities", [])]
        doc.attributions = [
            Attribution(
                **{
                    **a,
                    "content": _span(a["content"]),
                    "speaker_span": _span(a.get("speaker_span")),
                    "cue_span": _span(a.get("cue_span")),
                }
            )
            for a in data.get("attributions", [])
        ]
        doc.events = [
            Event(**{**e, "evidence": _span(e["evidence"])}) for e in data.get("events", [])
        ]
        return doc


def _span(d: dict[str, Any] | None) -> Any:
    return Span(d["start"], d["end"], d.get("text", "")) if d else None


# -- helpers shared by every stage ----------------------------------------------------------


def normalize_body(text: str) -> str:
    """Normalise text for hashing: NFC, unified whitespace, no leading/trailing blanks.

    Two fetches of the same article that differ only in whitespace or Unicode composition
    must get the same id, so re-ingesting is idempotent.
    """
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\s*\n\s*", "\n", text)
    return text.strip()


def content_id(body: str) -> str:
    """Document id: the first 16 hex digits of the SHA-256 of the normalised body."""
    return hashlib.sha256(normalize_body(body).encode("utf-8")).hexdigest()[:16]


def paragraphs_of(body: str) -> list[Paragraph]:
    """Paragraph offsets: one paragraph per non-empty line (bodies are stored that way)."""
    out: list[Paragraph] = []
    pos = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append(Paragraph(pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def parse_iso_date(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            return None


def replace(obj: Any, **changes: Any) -> Any:
    """``dataclasses.replace`` re-exported so stages need not import dataclasses."""
    return dataclasses.replace(obj, **changes)
