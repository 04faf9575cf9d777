"""Hand-built Documents for the web tests (no pipeline): a few events on different days
and places, a corroborating and a contradicting report, an area claim, and one hostile
article whose text carries HTML that must never run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from frontlog.model import Attribution, Document, Entity, Event, Mention, Place, TimeExpr
from frontlog.store.db import Store

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"


@dataclass
class Ev:
    sentence: str  # must occur in the body; becomes the evidence span
    type: str
    actor: str
    place: str
    lat: float
    lon: float
    admin1: str
    country: str
    day: str
    status: str = "reported"
    speaker: str | None = None  # None: the publisher's own statement
    geometry: dict[str, Any] | None = None


ACLED = {
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "territorial_control": ("Strategic developments", "Non-state actor overtakes territory"),
    "armed_clash": ("Battles", "Armed clash"),
}


def make_doc(
    body: str, publisher: str, url: str, published: str, events: list[Ev], title: str = ""
) -> Document:
    """A Document whose events, places, times and claims point at real spans of ``body``."""
    doc = Document(body=body, url=url, publisher=publisher, title=title, published=published)
    names: dict[str, str] = {}

    def entity(name: str) -> str:
        if name not in names:
            eid = f"E{len(names) + 1}"
            names[name] = eid
            start = body.find(name)
            mentions = [Mention(start, start + len(name), name)] if start >= 0 else []
            doc.entities.append(Entity(eid, name, "organization", mentions=mentions))
        return names[name]

    for i, e in enumerate(events, 1):
        s = body.index(e.sentence)
        evidence = doc.span(s, s + len(e.sentence))
        p_at = body.find(e.place, s)
        p_at = p_at if p_at >= 0 else s
        place = Place(
            f"P{i}",
            doc.span(p_at, p_at + len(e.place)),
            e.place,
            country=e.country,
            admin1=e.admin1,
            lat=e.lat,
            lon=e.lon,
            precision=1,
            confidence=0.9,
        )
        doc.places.append(place)
        doc.times.append(TimeExpr(f"T{i}", s, s, "", e.day, e.day, "day", anchor=published))
        attribution = "publisher"
        if e.speaker:
            attribution = f"A{i}"
            doc.attributions.append(
                Attribution(
                    attribution,
                    entity(e.speaker),
                    e.speaker,
                    "indirect",
                    "said",
                    evidence,
                    confidence=0.8,
                )
            )
        acled = ACLED[e.type]
        doc.events.append(
            Event(
                id=f"V{i}",
                type=e.type,
                acled_event_type=acled[0],
                acled_sub_event_type=acled[1],
                actor=entity(e.actor),
                target=None,
                place=place.id,
                geo_precision=1,
                time={"start": e.day, "end": e.day, "precision": "day", "time_id": f"T{i}"},
                quantities=[],
                attribution=attribution,
                status=e.status,
                evidence=evidence,
                geometry=e.geometry,
                confidence=0.8,
            )
        )
    return doc


AREA = {
    "type": "Polygon",
    "coordinates": [[[36.8, 50.25], [37.05, 50.25], [37.05, 50.4], [36.8, 50.4], [36.8, 50.25]]],
}


def sample_docs() -> list[Document]:
    kharkiv = dict(place="Kharkiv", lat=49.99, lon=36.23, admin1="UA-63", country="UA")
    d1 = make_doc(
        "Overnight shelling hit residential blocks in Kharkiv, the regional governor said.\n"
        "Emergency crews worked until morning. Schools moved classes online.",
        "Northern Dispatch",
        "https://dispatch.example/kharkiv-shelling",
        "2024-05-10",
        [
            Ev(
                "Overnight shelling hit residential blocks in Kharkiv, the regional governor said.",
                "shelling",
                "Russian forces",
                **kharkiv,
                day="2024-05-10",
                status="claimed",
                speaker="the regional governor",
            )
        ],
        title="Shelling in Kharkiv",
    )
    d2 = make_doc(
        "Artillery struck Kharkiv on Friday night, damaging a school, reporters saw.\n"
        "Russian forces were blamed by local officials.",
        "Eastern Wire",
        "https://wire.example/2024/05/11/kharkiv",
        "2024-05-11",
        [
            Ev(
                "Artillery struck Kharkiv on Friday night, damaging a school, reporters saw.",
                "shelling",
                "Russian forces",
                **kharkiv,
                day="2024-05-10",
            )
        ],
        title="School damaged",
    )
    d3 = make_doc(
        "The defence ministry in Moscow denied that its units fired at Kharkiv last week.\n"
        "It called the reports fabricated.",
        "State Courier",
        "https://courier.example/denial",
        "2024-05-12",
        [
            Ev(
                "The defence ministry in Moscow denied that its units fired at Kharkiv last week.",
                "shelling",
                "Russian forces",
                **kharkiv,
                day="2024-05-10",
                status="denied",
                speaker="The defence ministry",
            )
        ],
        title="Ministry denies strike",
    )
    depot = "A drone attack set fire to a fuel depot in Belgorod on Sunday, officials reported."
    d4 = make_doc(
        "A drone attack set fire to a fuel depot in Belgorod on Sunday, officials reported.\n"
        "Later, troops claimed control of 13 square kilometres near Vovchansk.",
        "Border Monitor",
        "https://monitor.example/belgorod",
        "2024-05-14",
        [
            Ev(
                depot,
                "air_strike",
                "Ukrainian forces",
                "Belgorod",
                50.6,
                36.59,
                "RU-BEL",
                "RU",
                "2024-05-12",
                status="claimed",
                speaker="officials",
            ),
            Ev(
                "Later, troops claimed control of 13 square kilometres near Vovchansk.",
                "territorial_control",
                "Russian forces",
                "Vovchansk",
                50.29,
                36.94,
                "UA-63",
                "UA",
                "2024-05-15",
                status="claimed",
                speaker="troops",
                geometry=AREA,
            ),
        ],
        title="Depot fire and a control claim",
    )
    d5 = make_doc(
        "Air defence units shot down drones over Odesa early on Monday.\n"
        "Debris fell on a warehouse near the port.",
        "Coastal Post",
        "https://coastal.example/odesa",
        "2024-05-20",
        [
            Ev(
                "Air defence units shot down drones over Odesa early on Monday.",
                "air_strike",
                "Russian forces",
                "Odesa",
                46.48,
                30.73,
                "UA-51",
                "UA",
                "2024-05-20",
            )
        ],
        title="Drones over Odesa",
    )
    hostile = make_doc(
        f"Page code {HOSTILE_SCRIPT} was left in this article.\n"
        f"Fighting near Zaporizhzhia continued {HOSTILE_IMG} through the night.\n"
        "Nothing else was reported.",
        "<b>Bold Press</b>",
        "javascript:alert(1)",
        "2024-05-22",
        [
            Ev(
                f"Fighting near Zaporizhzhia continued {HOSTILE_IMG} through the night.",
                "armed_clash",
                "<i>Unit</i>",
                "Zaporizhzhia",
                47.84,
                35.14,
                "UA-23",
                "UA",
                "2024-05-22",
            )
        ],
        title="<script>alert('title')</script>",
    )
    return [d1, d2, d3, d4, d5, hostile]


def build_db(url: str) -> list[Document]:
    store = Store(url)
    docs = sample_docs()
    for doc in docs:
        store.save(doc)
    store.close()
    return docs
