"""Toponym resolution: decide which candidates are places and which GeoNames place each is.

Features in the spirit of Mordecai 3, without Elasticsearch: population prior, feature
class (country / admin1 / populated place), exact vs alternate-name match, the countries
and regions the document mentions, distance to the other places resolved in it, and the
phrasing around the mention ("X region" is the admin1; "the border village of X" is a
settlement near that border). Resolution runs twice: once with context from unambiguous
mentions, then with context from every first-pass choice (the mention's own vote left out).

An unknown settlement introduced by a cue ("the village of X", "X district") inherits the
country and most-mentioned region of the document, with ACLED precision 2 (or 3 when only
the country is known), at that region's centre.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from frontlog.geo.area import circle_geometry, find_area_claims, links_to
from frontlog.geo.candidates import Candidate, find_candidates
from frontlog.geo.gazetteer import (
    KIND_ADJ,
    KIND_DERIVED,
    KIND_NAME,
    Entry,
    Gazetteer,
    haversine_km,
)

# Capitalised words that are never places on their own, whatever a gazetteer says:
# weekdays, months, titles and ranks, generic news words. General English, not per-article.
NOT_PLACE = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december president general minister
    colonel major governor mayor commander chief sergeant lieutenant captain admiral marshal
    senator king queen prince princess pope bishop sheikh emir sultan prime secretary chairman
    spokesman spokeswoman director reverend saint god allah christmas easter ramadan eid
    government army police navy parliament congress senate ministry council court church
    university hospital airport station street road avenue square bridge river lake mount
    north south east west northern southern eastern western central new old great little
    city town village state region province district county republic kingdom empire union
    breaking update live video photo news times post daily weekly herald tribune journal
    the a an and or but if of in on at to for with by from this that these those it its
    he she they we you i his her their our said says center centre valley peninsula wing
    federal royal national international capital island coast bay park hill hills heights""".split()
)
# A name that is a country's name almost always means the country (Mordecai's prior too).
COUNTRY_BONUS = 2.0
# Weights of document context (country share, nearness to resolved places).
W_COUNTRY = 1.6
W_NEAR = 1.2
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "FAC", "LANGUAGE"})


@dataclass
class Resolved:
    """A decided place mention (the geo stage turns these into ``model.Place``)."""

    start: int
    end: int
    text: str
    name: str
    entry: Entry | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int | None
    feature: str | None
    geonames_id: int | None
    precision: int
    confidence: float
    role: str = "place"  # place | adjectival | in_name
    geometry: dict[str, Any] | None = None
    approximate: bool = False


@dataclass
class _Vote:
    country: str
    admin1: str
    lat: float
    lon: float
    weight: float
    point: bool  # a place with a meaningful point (not a whole country)


class _Context:
    """Per-mention votes for countries, regions and points; one mention's vote can be left out."""

    def __init__(self) -> None:
        self.votes: dict[int, list[_Vote]] = defaultdict(list)

    def add(self, idx: int, e: Entry, weight: float) -> None:
        if not e.country:  # a continent says nothing about the country
            return
        self.votes[idx].append(
            _Vote(e.country, e.admin1, e.lat, e.lon, weight, point=not e.is_country)
        )

    def countries(self, skip: int | None = None) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for i, vs in self.votes.items():
            if i != skip:
                for v in vs:
                    out[v.country] += v.weight
        return out

    def admin1s(self, skip: int | None = None) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for i, vs in self.votes.items():
            if i != skip:
                for v in vs:
                    if v.admin1 and v.point:
                        out[v.admin1] += v.weight
        return out

    def points(self, skip: int | None = None) -> list[_Vote]:
        return [v for i, vs in self.votes.items() if i != skip for v in vs if v.point]


def _prefilter(c: Candidate, person_tokens: set[str]) -> str | None:
    """The role a candidate may play ("place", "adjectival", "in_name"), or None: not a place."""
    if not c.entries and not c.cue:
        return None
    if c.region and c.entries:
        return "place"
    words = c.key.split()
    if len(words) == 1 and words[0] in NOT_PLACE:
        return None
    strong_label = bool(c.labels & {"GPE", "LOC"})
    if c.stop and not strong_label:
        return None
    ent_len = (c.ent_span[1] - c.ent_span[0]) if c.ent_span else 0
    inside_longer = ent_len > (c.end - c.start) + 1
    if "PERSON" in c.labels and not strong_label and not c.cue:
        if inside_longer or set(words) & person_tokens:
            return None
    if c.adjectival:
        return "adjectival"
    if inside_longer and c.labels & NAME_LABELS and not strong_label and not c.cue:
        return "in_name"
    if not c.propn and not strong_label and not c.cue and c.labels.isdisjoint({"NORP"}):
        if not any(e.is_area or e.is_admin1 for e in c.entries):
            return None
    return "place"


def _allowed(c: Candidate) -> list[Entry]:
    """Entries the phrasing allows: "X region" -> admin1; "village of X" -> settlements."""
    entries = c.entries
    if c.region:
        admins = [e for e in entries if e.is_admin1 or e.fcode in ("ADM2", "ADM1H")]
        if admins:
            return admins
    if c.cue in ("village", "town", "settlement", "hamlet", "city", "suburb", "township"):
        settlements = [e for e in entries if e.fclass == "P"]
        return settlements
    if c.cue in ("district", "raion", "rayon", "hromada") or c.district:
        admins = [e for e in entries if e.fclass == "A" and not e.is_country]
        if admins:
            return admins
    return entries


def _score(c: Candidate, e: Entry, ctx: _Context, idx: int, top_pop: int) -> float:
    s = 0.35 * math.log10(e.population + 10)
    if e.kind == KIND_NAME:
        s += 0.4
    elif e.kind == KIND_DERIVED and not c.region:
        s -= 1.0
    if e.is_area:
        s += COUNTRY_BONUS
    elif e.is_admin1:
        s += 0.6
    elif e.fcode == "PPLC":
        s += 0.6
    elif e.fclass == "P" and e.fcode in ("PPLA", "PPLA2"):
        s += 0.2
    elif e.fclass not in "PA":
        s -= 0.3
    countries = ctx.countries(skip=idx)
    if countries:
        best = max(countries.values())
        s += W_COUNTRY * countries.get(e.country, 0.0) / best
    admin1s = ctx.admin1s(skip=idx)
    if e.admin1 and admin1s.get(e.admin1):
        s += 0.8 * min(1.0, admin1s[e.admin1] / max(admin1s.values()))
    if e.is_country:
        # Places of the document inside this country support it as much as they would
        # support a city of it: otherwise "Mexico" loses to the nearby capital.
        pts = ctx.points(skip=idx)
        if pts and any(p.country == e.country for p in pts):
            s += 1.2
    elif not e.is_continent:
        pts = ctx.points(skip=idx)
        if pts:
            d = min(haversine_km(e.lat, e.lon, p.lat, p.lon) for p in pts)
            s += W_NEAR * math.exp(-d / 250.0)
            if c.border:
                other = [p for p in pts if p.country != e.country]
                if other:
                    d2 = min(haversine_km(e.lat, e.lon, p.lat, p.lon) for p in other)
                    s += 1.0 * math.exp(-d2 / 80.0)
    if c.cue_country:
        s += 2.0 if e.country == c.cue_country else -2.0
    if c.within and (e.admin1 in c.within or e.country in c.within):
        s += 3.0
    if c.container_ids and e.id in c.container_ids:
        s += 3.0
    return s


def _choose(
    c: Candidate, idx: int, ctx: _Context
) -> tuple[Entry | None, float, list[tuple[float, Entry]]]:
    entries = _allowed(c)
    if not entries:
        return None, 0.0, []
    top_pop = max(e.population for e in entries)
    scored = sorted(
        ((_score(c, e, ctx, idx, top_pop), e) for e in entries),
        key=lambda t: (-t[0], -t[1].population, t[1].id),
    )
    total = sum(math.exp(s - scored[0][0]) for s, _ in scored)
    best = scored[0][1]
    if best.is_admin1 and not c.region:
        # A city that is its own region (Kyiv, Moscow, Vienna), or a capital or big city
        # named like a region of its country (Washington, New York): a bare name means
        # the city; "X state/region" would have kept the admin1.
        for _s, e in scored[1:]:
            if (
                e.fclass == "P"
                and e.country == best.country
                and (
                    (e.kind == KIND_NAME and haversine_km(e.lat, e.lon, best.lat, best.lon) < 60)
                    or e.fcode == "PPLC"
                    or e.population >= 1_000_000
                )
            ):
                return e, 1.0 / total, scored
    return best, 1.0 / total, scored


def _precision(c: Candidate, e: Entry) -> int:
    if e.is_area or e.is_admin1 or (c.region and e.fclass == "A"):
        return 3
    if e.fclass == "A" or c.near or c.district:
        return 2
    return 1


def _fallback(c: Candidate, idx: int, ctx: _Context, gaz: Gazetteer) -> Resolved | None:
    """An unknown settlement: the document's country (or the cue's) and its main region."""
    countries = ctx.countries(skip=idx)
    country = c.cue_country or (max(countries, key=countries.get) if countries else None)
    if not country:
        return None
    admin1s = {k: v for k, v in ctx.admin1s(skip=idx).items() if k.split("-")[0] == country}
    region = None
    if admin1s:
        top = max(admin1s.values())
        tied = [k for k, v in admin1s.items() if v >= top - 1e-9]
        if len(tied) > 1 and c.border:
            pts = [p for p in ctx.points(skip=idx) if p.country != country]

            def gap(iso: str) -> float:
                a = gaz.admin1.get(iso)
                if not a or not pts:
                    return 0.0
                return min(haversine_km(a.lat, a.lon, p.lat, p.lon) for p in pts)

            tied.sort(key=gap)
        region = gaz.admin1.get(sorted(tied)[0] if len(tied) > 1 and not c.border else tied[0])
    base = region or gaz.countries.get(country)
    if base is None:
        return None
    return Resolved(
        c.start,
        c.end,
        c.text,
        c.text,
        None,
        country,
        region.admin1 if region else None,
        base.lat,
        base.lon,
        None,
        "P.PPL" if c.cue not in ("district", "raion", "rayon", "hromada") else "A.ADM2",
        None,
        2 if region else 3,
        0.35 if region else 0.2,
        approximate=True,
    )


def resolve(
    text: str, gaz: Gazetteer, sdoc: Any = None, keep_roles: set[str] | None = None
) -> list[Resolved]:
    """Resolve every place mention of ``text`` (``sdoc``: its spaCy Doc, for labels/POS)."""
    cands = find_candidates(text, gaz, sdoc)
    person_tokens: set[str] = set()
    if sdoc is not None:
        for ent in sdoc.ents:
            if ent.label_ == "PERSON" and len(ent) > 1:
                person_tokens.update(t.lower_ for t in ent)
    roles = [_prefilter(c, person_tokens) for c in cands]
    ctx = _Context()
    # Pass 0: anchors that need no context.
    for i, (c, role) in enumerate(zip(cands, roles, strict=True)):
        if role is None:
            continue
        allowed = _allowed(c)
        if len(allowed) == 1 or (allowed and all(e.is_area for e in allowed)):
            e = allowed[0]
            w = 0.5 if role == "adjectival" else 1.0
            if e.is_country or e.is_admin1 or e.population >= 100_000 or c.region:
                ctx.add(i, e, w)
    # Pass 1 and 2: choose with context, then rebuild the context from the choices.
    choices: dict[int, tuple[Entry | None, float]] = {}
    for _ in range(2):
        new = _Context()
        for i, (c, role) in enumerate(zip(cands, roles, strict=True)):
            if role is None:
                continue
            e, conf, _scored = _choose(c, i, ctx)
            choices[i] = (e, conf)
            if e is not None:
                w = (0.5 if role == "adjectival" else 1.0) * (0.5 + 0.5 * conf)
                if role == "in_name":
                    w *= 0.3
                new.add(i, e, w)
        ctx = new
    out: list[Resolved] = []
    for i, (c, role) in enumerate(zip(cands, roles, strict=True)):
        if role is None:
            continue
        e, conf = choices.get(i, (None, 0.0))
        if c.cue and (
            e is None
            or (c.cue_country and e.country != c.cue_country)
            or _far_from_context(e, ctx, i)
        ):
            fb = _fallback(c, i, ctx, gaz)
            if fb is not None:
                out.append(fb)
            continue
        if e is None:
            continue
        if not _supported(c, e, ctx, i, role):
            continue
        end = c.end_ext if (c.region and c.end_ext and e.fclass == "A") else c.end
        out.append(
            Resolved(
                c.start,
                end,
                text[c.start : end],
                e.name,
                e,
                e.country,
                e.admin1 or None,
                e.lat,
                e.lon,
                e.population or None,
                e.feature,
                e.id,
                _precision(c, e),
                conf,
                role=role,
            )
        )
    _attach_areas(text, out)
    if keep_roles is not None:
        out = [r for r in out if r.role in keep_roles]
    return out


def _far_from_context(e: Entry, ctx: _Context, idx: int) -> bool:
    pts = ctx.points(skip=idx)
    if not pts or e.population >= 50_000:
        return False
    return min(haversine_km(e.lat, e.lon, p.lat, p.lon) for p in pts) > 400


def _supported(c: Candidate, e: Entry, ctx: _Context, idx: int, role: str) -> bool:
    """Is a candidate with this best place plausible enough to report as a place?"""
    if e.is_area or e.is_admin1 or c.region or c.cue:
        return (
            e.kind != KIND_DERIVED
            or c.region
            or e.population >= 100_000
            or bool(c.labels & {"GPE", "LOC"})
        )
    strong = bool(c.labels & {"GPE", "LOC"})
    pop = e.population
    if strong and (pop >= 1000 or c.near):
        return True
    if "PERSON" in c.labels and not strong:
        return pop >= 100_000 or c.near
    if pop >= 20_000:
        return True
    countries = ctx.countries(skip=idx)
    if countries and countries.get(e.country, 0) >= 0.5 * max(countries.values()):
        pts = ctx.points(skip=idx)
        if not pts or min(haversine_km(e.lat, e.lon, p.lat, p.lon) for p in pts) < 300:
            return pop >= 1000 or c.near or strong
    return False


def _attach_areas(text: str, places: list[Resolved]) -> None:
    """ "a 13-square-kilometer area near X": precision 2 and a circle of that area around X."""
    for claim in find_area_claims(text):
        for p in sorted(places, key=lambda p: p.start):
            if p.lat is None or p.role != "place" or not links_to(text, claim, _mention_start(p)):
                continue
            p.precision = max(p.precision, 2) if p.precision < 3 else p.precision
            if p.precision == 1:
                p.precision = 2
            p.geometry = circle_geometry(p.lat, p.lon, claim.km2)
            p.approximate = True
            break


def _mention_start(p: Resolved) -> int:
    return p.start


_WS = re.compile(r"\s+")
__all__ = ["Resolved", "resolve", "KIND_ADJ"]
