"""The store on SQLite and PostgreSQL: round trip, idempotence, isolation per document."""

from __future__ import annotations

import pytest

from frontlog.model import (
    Attribution,
    Document,
    Entity,
    Event,
    Mention,
    Place,
    Quantity,
    TimeExpr,
)
from frontlog.store import schema as s
from frontlog.store.queries import EventFilter


def make_doc(body: str, published: str = "2025-05-02") -> Document:
    """A document with one of every annotation, built by hand."""
    doc = Document(body=body, publisher="Test Wire", published=published, url="https://x.test/a")
    i = body.index("Kharkiv")
    doc.entities = [
        Entity(
            "E1",
            "Armed Forces of Ukraine",
            "armed_group",
            ["Ukrainian troops"],
            [Mention(0, 16, body[:16], "alias")],
            country="UA",
        ),
    ]
    doc.places = [
        Place(
            "P1",
            doc.span(i, i + 7),
            "Kharkiv",
            706483,
            "P.PPLA",
            "UA",
            "UA-63",
            49.98,
            36.25,
            1_430_885,
            1,
            0.9,
        )
    ]
    doc.times = [TimeExpr("T1", 0, 5, body[:5], published, published, "day", published)]
    doc.quantities = [Quantity("Q1", 0, 3, body[:3], 3.0, "drones", measures="drones")]
    doc.attributions = [
        Attribution("A1", None, "Test Wire", "publisher", None, doc.span(0, len(body)))
    ]
    doc.events = [
        Event(
            "V1",
            "air_strike",
            "Explosions/Remote violence",
            "Air/drone strike",
            "E1",
            None,
            "P1",
            1,
            {"start": published, "end": published, "precision": "day"},
            ["Q1"],
            "A1",
            "reported",
            doc.span(0, len(body)),
        )
    ]
    return doc


BODY = "Ukrainian troops shot down drones over Kharkiv on Friday."


def test_round_trip_keeps_every_annotation(any_store) -> None:
    doc = make_doc(BODY)
    assert any_store.save(doc) == "ingested"
    back = any_store.get_document(doc.id)
    assert back is not None
    assert back.to_dict() == doc.to_dict()
    for table in (
        "documents",
        "entities",
        "mentions",
        "places",
        "times",
        "quantities",
        "attributions",
        "events",
    ):
        assert any_store.count(table) == 1, table


def test_same_content_is_unchanged_and_replace_rewrites(any_store) -> None:
    doc = make_doc(BODY)
    assert any_store.save(doc) == "ingested"
    # whitespace differences do not make a new document
    again = make_doc(BODY.replace(" on ", "  on "))
    assert again.id == doc.id
    assert any_store.save(again) == "unchanged"
    assert any_store.save(doc, replace=True) == "replaced"
    assert any_store.count("documents") == 1
    assert any_store.count("events") == 1


def test_failed_document_leaves_earlier_ones_intact(any_store) -> None:
    good = make_doc(BODY)
    any_store.save(good)
    bad = make_doc("Russian forces shelled Kharkiv overnight, officials said.")
    bad.events.append(bad.events[0])  # duplicate primary key: the insert fails mid-document
    with pytest.raises(Exception):  # noqa: B017 - any database integrity error
        any_store.save(bad)
    assert any_store.count("documents") == 1
    assert not any_store.has_document(bad.id)
    assert any_store.count("entities") == 1  # nothing of the failed document was kept
    assert any_store.get_document(good.id) is not None


def test_event_rows_are_denormalised_and_filterable(any_store) -> None:
    any_store.save(make_doc(BODY, "2025-05-02"))
    any_store.save(make_doc(BODY.replace("Friday", "Sunday"), "2025-06-01"))
    rows = any_store.select("events", order_by=[s.events.c.time_start])
    assert [r["actor_name"] for r in rows] == ["Armed Forces of Ukraine"] * 2
    assert rows[0]["place_name"] == "Kharkiv" and rows[0]["admin1"] == "UA-63"
    assert rows[0]["claimed_by"] == "Test Wire"
    where = EventFilter(date_from="2025-05-15").where()
    assert any_store.count_where("events", where) == 1
    assert (
        any_store.count_where("events", EventFilter(region="UA-63", actor="ukraine").where()) == 2
    )
    assert any_store.count_where("events", EventFilter(date_to="2025-05-02").where()) == 1


def test_schema_version_recorded(any_store) -> None:
    assert any_store.schema_version() == s.SCHEMA_VERSION
    any_store.create()  # idempotent
    assert any_store.count("schema_version") == 1


def test_iter_documents_pages_through_everything(sqlite_store) -> None:
    ids = set()
    for i in range(7):
        doc = make_doc(f"{BODY} Report number {i}.")
        sqlite_store.save(doc)
        ids.add(doc.id)
    assert {d.id for d in sqlite_store.iter_documents(batch=3)} == ids


def test_bad_database_url_is_a_clear_error(tmp_path) -> None:
    from frontlog.store import Store, StoreError

    with pytest.raises(StoreError, match="cannot open database"):
        Store(f"sqlite:///{tmp_path}/missing-dir/x.db")
