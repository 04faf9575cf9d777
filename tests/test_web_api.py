"""The web JSON API over a store filled with hand-built documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_fixtures import HOSTILE_IMG, HOSTILE_SCRIPT, build_db

from frontlog.web import create_app

STATIC = Path(__file__).parents[1] / "src" / "frontlog" / "web" / "static"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("web") / "web.db"
    build_db(str(db))
    return TestClient(create_app(str(db)))


def test_events_list_shape_and_order(client: TestClient) -> None:
    data = client.get("/api/events").json()
    assert data["total"] == 7 and data["limit"] == 100 and data["offset"] == 0
    assert len(data["items"]) == 7
    days = [e["time_start"] for e in data["items"]]
    assert days == sorted(days, reverse=True)
    first = data["items"][0]
    for key in (
        "uid",
        "type",
        "actor_name",
        "place_name",
        "lat",
        "lon",
        "time_precision",
        "claimed_by",
        "status",
        "evidence_text",
        "evidence_start",
        "url",
        "title",
    ):
        assert key in first
    assert first["uid"] == f"{first['doc_id']}/{first['id']}"


def test_pagination(client: TestClient) -> None:
    page1 = client.get("/api/events?limit=3").json()
    page3 = client.get("/api/events?limit=3&offset=6").json()
    assert page1["total"] == page3["total"] == 7
    assert len(page1["items"]) == 3 and len(page3["items"]) == 1
    all_uids = {e["uid"] for e in client.get("/api/events").json()["items"]}
    seen = set()
    for off in (0, 3, 6):
        seen |= {e["uid"] for e in client.get(f"/api/events?limit=3&offset={off}").json()["items"]}
    assert seen == all_uids
    assert client.get("/api/events?limit=0").status_code == 422
    assert client.get("/api/events?limit=100000").status_code == 422


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=shelling", 3),
        ("type=shelling,air_strike", 5),
        ("status=denied", 1),
        ("status=claimed,denied", 4),
        ("actor=ukrainian", 1),
        ("region=UA-63", 4),
        ("region=RU", 1),
        ("region=odes", 1),
        ("source=coastal", 1),
        ("source=wire.example", 1),
        ("date_from=2024-05-12&date_to=2024-05-15", 2),
        ("date_from=2024-05-20", 2),
        ("date_to=2024-05-10", 3),
        ("type=shelling&date_from=2024-05-11", 0),
        ("bbox=30,45,32,47", 1),
        ("actor=100%25", 0),
    ],
)
def test_event_filters(client: TestClient, query: str, expected: int) -> None:
    data = client.get(f"/api/events?{query}").json()
    assert data["total"] == expected, query
    assert len(data["items"]) == expected


def test_bad_filters_are_422(client: TestClient) -> None:
    assert client.get("/api/events?date_from=yesterday").status_code == 422
    assert client.get("/api/events?bbox=1,2,3").status_code == 422


def test_event_detail_with_corroboration_and_contradiction(client: TestClient) -> None:
    items = client.get("/api/events?type=shelling&status=claimed").json()["items"]
    assert len(items) == 1
    uid = items[0]["uid"]
    detail = client.get(f"/api/events/{uid}").json()
    assert detail["claim"]["speaker_name"] == "the regional governor"
    assert [e["publisher"] for e in detail["corroborating"]] == ["Eastern Wire"]
    assert [e["publisher"] for e in detail["contradicting"]] == ["State Courier"]
    denied = client.get("/api/events?status=denied").json()["items"][0]
    d = client.get(f"/api/events/{denied['uid']}").json()
    assert len(d["contradicting"]) == 2 and d["corroborating"] == []
    odesa = client.get("/api/events?region=UA-51").json()["items"][0]
    o = client.get(f"/api/events/{odesa['uid']}").json()
    assert o["claim"] is None and o["corroborating"] == [] and o["contradicting"] == []
    assert client.get("/api/events/nope/V1").status_code == 404


def test_document_endpoint(client: TestClient) -> None:
    ev = client.get("/api/events?region=UA-23").json()["items"][0]
    doc = client.get(f"/api/documents/{ev['doc_id']}").json()
    body = doc["document"]["body"]
    assert HOSTILE_SCRIPT in body and HOSTILE_IMG in body
    assert body[ev["evidence_start"] : ev["evidence_end"]] == ev["evidence_text"]
    assert doc["events"][0]["id"] == ev["id"]
    assert {"entities", "attributions", "places", "times"} <= set(doc)
    assert doc["document"]["paragraphs"]
    assert client.get("/api/documents/0000").status_code == 404


def test_timeline_ignores_dates_and_applies_other_filters(client: TestClient) -> None:
    days = client.get("/api/timeline").json()["days"]
    assert {d["day"]: d["count"] for d in days} == {
        "2024-05-10": 3,
        "2024-05-12": 1,
        "2024-05-15": 1,
        "2024-05-20": 1,
        "2024-05-22": 1,
    }
    shelling = client.get("/api/timeline?type=shelling").json()["days"]
    assert shelling == [{"day": "2024-05-10", "count": 3}]


def test_stats(client: TestClient) -> None:
    st = client.get("/api/stats").json()
    assert st["counts"]["documents"] == 6 and st["counts"]["events"] == 7
    assert st["date_range"] == {"start": "2024-05-10", "end": "2024-05-22"}
    assert {t["value"] for t in st["types"]} == {
        "shelling",
        "air_strike",
        "territorial_control",
        "armed_clash",
    }


def test_places_and_claims(client: TestClient) -> None:
    places = client.get("/api/places?admin1=ua-63").json()
    assert places["total"] == 4
    assert client.get("/api/places?name=odesa").json()["total"] == 1
    claims = client.get("/api/claims").json()
    assert claims["total"] == 4
    assert {c["speaker_name"] for c in claims["items"]} >= {"the regional governor", "officials"}
    assert client.get("/api/claims?speaker=ministry").json()["total"] == 1
    assert client.get("/api/claims?date_from=2024-05-13").json()["total"] == 2
    assert client.get("/api/claims?source=monitor&limit=1").json()["items"][0]["kind"] == "indirect"


def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/events",
        "/api/events/{doc_id}/{event_id}",
        "/api/places",
        "/api/claims",
        "/api/documents/{doc_id}",
        "/api/stats",
        "/api/timeline",
    ):
        assert path in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {
        "type",
        "actor",
        "region",
        "date_from",
        "date_to",
        "source",
        "status",
        "limit",
        "offset",
    } <= params


def test_page_and_assets_are_local_and_guarded(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1][:30]
    html = page.text
    # No external URL anywhere in what the page loads.
    for name in ("index.html", "app.js", "app.css"):
        text = (STATIC / name).read_text()
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text), name
        assert "innerHTML" not in text or name != "app.js"
    for ref in re.findall(r"(?:src|href)=\"([^\"]+)\"", html):
        assert ref.startswith("/"), ref
        assert client.get(ref).status_code == 200, ref
    assert client.get("/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/vendor/markercluster/leaflet.markercluster.js").status_code == 200
    boundaries = client.get("/static/boundaries.geojson").json()
    levels = {f["properties"]["level"] for f in boundaries["features"]}
    assert levels == {"country", "admin1"}
    assert (STATIC / "boundaries.geojson").stat().st_size < 5_000_000


def test_map_view_is_compact(client: TestClient) -> None:
    full = client.get("/api/events?region=UA-63").json()
    compact = client.get("/api/events?region=UA-63&view=map").json()
    assert compact["total"] == full["total"] == 4
    item = compact["items"][0]
    assert "evidence_text" not in item and "uid" in item and "lat" in item
    assert {i["uid"] for i in compact["items"]} == {i["uid"] for i in full["items"]}
    assert any(i["geometry"] for i in compact["items"])
    assert client.get("/api/events?view=nope").status_code == 422


@pytest.mark.postgres
def test_same_api_on_postgresql(pg_store) -> None:  # noqa: ANN001 - conftest fixture
    from web_fixtures import sample_docs

    for doc in sample_docs():
        pg_store.save(doc)
    pg = TestClient(create_app(pg_store.url))
    for query, expected in [
        ("", 7),
        ("type=shelling,air_strike", 5),
        ("region=ua-63", 4),
        ("actor=UKRAINIAN", 1),
        ("source=wire.example", 1),
        ("date_from=2024-05-12&date_to=2024-05-15", 2),
        ("bbox=30,45,32,47", 1),
        ("actor=100%25", 0),
    ]:
        assert pg.get(f"/api/events?{query}").json()["total"] == expected, query
    item = pg.get("/api/events?type=shelling&status=claimed").json()["items"][0]
    detail = pg.get(f"/api/events/{item['uid']}").json()
    assert len(detail["corroborating"]) == 1 and len(detail["contradicting"]) == 1
    assert pg.get("/api/timeline?type=shelling").json()["days"] == [
        {"day": "2024-05-10", "count": 3}
    ]
    assert pg.get("/api/stats").json()["date_range"]["end"] == "2024-05-22"
    assert pg.get("/api/claims?date_from=2024-05-13").json()["total"] == 2
    assert pg.get(f"/api/documents/{item['doc_id']}").json()["document"]["id"] == item["doc_id"]
