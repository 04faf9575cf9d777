"""Area claims ("a 13-square-kilometer area near X") and their approximate geometry.

A reported area is not a shape: frontlog draws a circle of that area centred on the place
it is "near" and flags it approximate, so a map shows the claimed extent without
pretending to know the outline. The number is parsed here (a small local parser: the
geo stage must not depend on the quantities stage).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from shapely.geometry import Point, Polygon, mapping

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "dozen": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(_WORDS) + r")"
_UNIT = (
    r"(?P<unit>square[- ]kilomet(?:er|re)s?|sq\.?\s?km|km2|km²|kilomet(?:er|re)s?²"
    r"|square[- ]miles?|sq\.?\s?mi(?:les?)?|mi²|hectares?|ha)\b"
)
AREA_RE = re.compile(_NUM + r"\s?(?:-|\s)?\s?" + _UNIT, re.IGNORECASE)
# What links the area to its place: "area near", "around", "outside", "of territory near".
LINK_RE = re.compile(
    r"^[^.;!?]{0,80}?\b(?:near|around|outside|close to|next to|in|of|at)\s+(?:the\s+)?",
    re.IGNORECASE,
)

_KM2_PER = {"mile": 2.589988, "hect": 0.01, "ha": 0.01}


@dataclass
class AreaClaim:
    start: int
    end: int
    text: str
    km2: float


def _km2(num: str, unit: str) -> float:
    num = num.lower().replace(",", "")
    value = float(_WORDS[num]) if num in _WORDS else float(num)
    unit = unit.lower()
    if "mi" in unit:
        return value * _KM2_PER["mile"]
    if unit.startswith("hect") or unit == "ha":
        return value * 0.01
    return value


def find_area_claims(text: str) -> list[AreaClaim]:
    """Every "<number> <area unit>" in ``text``, converted to km²."""
    out = []
    for m in AREA_RE.finditer(text):
        try:
            km2 = _km2(m.group("num"), m.group("unit"))
        except (ValueError, KeyError):
            continue
        if km2 > 0:
            out.append(AreaClaim(m.start(), m.end(), m.group(0), km2))
    return out


def links_to(text: str, claim: AreaClaim, place_start: int) -> bool:
    """True when the place mention at ``place_start`` is what the area is near/of/around."""
    if place_start < claim.end or place_start - claim.end > 160:
        return False
    between = text[claim.end : place_start]
    between = re.sub(r"\([^)]*\)", "", between)  # "(five-square-mile)"
    return bool(LINK_RE.match(between)) and not re.search(r"[.;!?]\s", between)


def circle_geometry(lat: float, lon: float, area_km2: float, segments: int = 32) -> dict[str, Any]:
    """A GeoJSON Polygon of ``area_km2`` around (lat, lon).

    Built in a local azimuthal equal-area plane (km), which is exact enough for areas of
    a few thousand km², then mapped back to degrees.
    """
    radius = math.sqrt(area_km2 / math.pi)
    lat0, lon0 = math.radians(lat), math.radians(lon)
    earth = 6371.0088

    def to_lonlat(x: float, y: float, z: float | None = None) -> tuple[float, float]:
        # inverse Lambert azimuthal equal-area projection (sphere)
        x, y = x / earth, y / earth
        rho = math.hypot(x, y)
        if rho == 0:
            return math.degrees(lon0), math.degrees(lat0)
        c = 2 * math.asin(min(1.0, rho / 2))
        phi = math.asin(math.cos(c) * math.sin(lat0) + y * math.sin(c) * math.cos(lat0) / rho)
        lam = lon0 + math.atan2(
            x * math.sin(c),
            rho * math.cos(lat0) * math.cos(c) - y * math.sin(lat0) * math.sin(c),
        )
        return round(math.degrees(lam), 6), round(math.degrees(phi), 6)

    disc = Point(0.0, 0.0).buffer(radius, quad_segs=max(2, segments // 4))
    geom = Polygon([to_lonlat(x, y) for x, y in disc.exterior.coords])
    out = mapping(geom)
    return {
        "type": "Polygon",
        "coordinates": [[list(pt) for pt in ring] for ring in out["coordinates"]],
    }
