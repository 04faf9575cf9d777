"""``frontlog eval events``: events from UCDP GED (Ukraine) reported text.

Each UCDP row gives real reported text (``source_headline``, with ``where_description`` as
context) and human-coded gold: coordinates, first-level region, date range and the two
sides. The text runs through every available stage, anchored on the row's dates; the best
event (or, without one, the first place) is scored on location, region, date and sides.
Gold is for scoring only.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

from frontlog.model import Document, parse_iso_date

log = logging.getLogger(__name__)

STAGES = ["nlp", "places", "times", "quantities", "attribution", "events"]
CSV_NAME = "UCDP-Ukraine.csv"

# ISO 3166-2:UA codes -> the first-level region name, to compare with UCDP's adm_1.
UA_ADMIN1 = {
    "UA-05": "vinnytsia",
    "UA-07": "volyn",
    "UA-09": "luhansk",
    "UA-12": "dnipropetrovsk",
    "UA-14": "donetsk",
    "UA-18": "zhytomyr",
    "UA-21": "zakarpattia",
    "UA-23": "zaporizhzhia",
    "UA-26": "ivano-frankivsk",
    "UA-30": "kyiv city",
    "UA-32": "kyiv",
    "UA-35": "kirovohrad",
    "UA-40": "sevastopol",
    "UA-43": "crimea",
    "UA-46": "lviv",
    "UA-48": "mykolaiv",
    "UA-51": "odesa",
    "UA-53": "poltava",
    "UA-56": "rivne",
    "UA-59": "sumy",
    "UA-61": "ternopil",
    "UA-63": "kharkiv",
    "UA-65": "kherson",
    "UA-68": "khmelnytskyi",
    "UA-71": "cherkasy",
    "UA-74": "chernivtsi",
    "UA-77": "chernihiv",
}
# Transliteration variants seen in English reporting -> the names above.
NAME_VARIANTS = {
    "lugansk": "luhansk",
    "zaporizhzhya": "zaporizhzhia",
    "zaporozhye": "zaporizhzhia",
    "zaporizhia": "zaporizhzhia",
    "mykolayiv": "mykolaiv",
    "nikolaev": "mykolaiv",
    "odessa": "odesa",
    "kiev": "kyiv",
    "kharkov": "kharkiv",
    "dnipro": "dnipropetrovsk",
    "kirovograd": "kirovohrad",
    "khmelnytskyy": "khmelnytskyi",
    "chernigov": "chernihiv",
}


def normalize_admin1(name: str | None) -> str:
    """A comparable key for a region name ("Kharkiv Oblast" = "kharkov oblast")."""
    n = (name or "").lower()
    city = "city" in n or "special" in n
    n = re.sub(r"\b(oblast|province|region|special|republican|city|autonomous|republic)\b", "", n)
    n = re.sub(r"\s+", " ", n).strip(" .,")
    n = NAME_VARIANTS.get(n, n)
    if city and n == "kyiv":
        return "kyiv city"
    return n


def read_rows(path: Path) -> list[dict[str, str]]:
    """UCDP rows; lines are UTF-8 or cp1252 (see PROVENANCE.md), decoded line by line."""
    raw = path.read_bytes()
    lines = []
    for line in raw.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    text = "\n".join(lines).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def parse_date(value: str | None) -> date | None:
    """Dates of the file: "M/D/YYYY h:mm:ss AM" and "MM/DD/YYYY 00:00".

    PROVENANCE.md calls the second form DD/MM, but measured against ``source_date`` it is
    month-first too (1,302 of 1,437 rows closer month-first, 13 day-first, 122 equal; the
    first field is never above 12), so both are read month-first; a month above 12 swaps.
    """
    v = (value or "").strip()
    if not v:
        return None
    day_part = v.split()[0]
    try:
        if "/" in day_part:
            a, b, y = (int(x) for x in day_part.split("/"))
            if a > 12:
                a, b = b, a
            return date(y, a, b)
        return date.fromisoformat(day_part[:10])
    except ValueError:
        return None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _float(v: str | None) -> float | None:
    try:
        f = float(v or "")
    except ValueError:
        return None
    return f if math.isfinite(f) else None


def build_document(row: dict[str, str]) -> Document | None:
    """The reported text of a row as a Document anchored on the row's end date."""
    headline = (row.get("source_headline") or "").strip()
    where = (row.get("where_description") or "").strip()
    parts = [h.strip() for h in headline.split(";") if h.strip() and h.strip() != "-"]
    if not parts:
        return None
    # headlines carry no final stop; add one so each is parsed as its own sentence
    lines = [p if p[-1] in ".!?" else p + "." for p in parts + ([where] if where else [])]
    body = "\n".join(lines)
    anchor = parse_date(row.get("date_end")) or parse_date(row.get("date_start"))
    return Document(
        body=body,
        publisher=(row.get("source_office") or "").split(";")[0] or None,
        published=anchor.isoformat() if anchor else None,
        raw_location=f"ucdp:{row.get('id')}",
    )


def _best(doc: Document) -> tuple[Any, Any]:
    """(event, place) to score: the most confident located event, else the first place."""
    places = {p.id: p for p in doc.places}
    events = sorted(doc.events, key=lambda e: (-(e.confidence or 0), e.evidence.start))
    for ev in events:
        if ev.place in places:
            return ev, places[ev.place]
    if events:
        return events[0], (doc.places[0] if doc.places else None)
    return None, (doc.places[0] if doc.places else None)


def _entity_country(doc: Document, eid: str | None) -> str | None:
    from frontlog.events.ontology import ontology

    for e in doc.entities:
        if e.id == eid:
            return e.country or ontology().country_of_forces_name(e.name)
    return None


def _contains(time: dict[str, Any], gs: date, ge: date) -> tuple[bool, bool]:
    """(interval contains the gold range, interval is bounded and inside the gold range)."""
    s, e = parse_iso_date(time.get("start")), parse_iso_date(time.get("end"))
    contains = (
        (s is None or s <= gs) and (e is None or e >= ge) and (s is not None or e is not None)
    )
    inside = s is not None and e is not None and gs <= s and e <= ge
    return contains, inside


def score_row(doc: Document, row: dict[str, str]) -> dict[str, Any]:
    from frontlog.events.ontology import ontology

    onto = ontology()
    out: dict[str, Any] = {}
    ev, place = _best(doc)
    out["event"] = ev is not None
    lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
    if place is not None and place.lat is not None and place.lon is not None and lat is not None:
        d = km(place.lat, place.lon, lat, lon or 0.0)
        out["km"] = d
    else:
        out["km"] = None
    # diagnostic: the nearest of all extracted places (what a perfect choice would give)
    near = [
        km(p.lat, p.lon, lat, lon or 0.0)
        for p in doc.places
        if p.lat is not None and p.lon is not None and lat is not None
    ]
    out["any_km"] = min(near) if near else None
    gold_adm = normalize_admin1(row.get("adm_1"))
    out["admin1_gold"] = bool(gold_adm)
    got = UA_ADMIN1.get(place.admin1 or "") if place is not None else None
    out["admin1_ok"] = bool(gold_adm) and got == gold_adm
    gs, ge = parse_date(row.get("date_start")), parse_date(row.get("date_end"))
    if ev is not None and gs and ge:
        out["date_contains"], out["date_inside"] = _contains(ev.time or {}, gs, ge)
        out["date_from_text"] = bool((ev.time or {}).get("time_id"))
    else:
        out["date_contains"] = out["date_inside"] = out["date_from_text"] = False
    sides = {
        c
        for c in (
            onto.country_of_forces_name(row.get("side_a") or ""),
            onto.country_of_forces_name(row.get("side_b") or ""),
        )
        if c
    }
    out["sides_gold"] = bool(sides)
    actor_c = _entity_country(doc, ev.actor) if ev is not None else None
    target_c = _entity_country(doc, ev.target) if ev is not None else None
    out["actor_found"] = actor_c is not None
    out["actor_ok"] = bool(sides) and actor_c in sides
    out["target_ok"] = bool(sides) and target_c in sides and target_c != actor_c
    out["sides_any"] = bool(sides) and bool({actor_c, target_c} & sides)
    return out


def _summary(name: str, scored: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The table row of one set, and a note with its diagnostics."""
    n = len(scored)

    def share(key: str, among: list[dict[str, Any]] | None = None) -> float:
        pool = scored if among is None else among
        return round(sum(bool(s[key]) for s in pool) / len(pool), 3) if pool else 0.0

    def within(key: str, km_: float) -> float:
        return round(sum(s[key] is not None and s[key] <= km_ for s in scored) / n, 3) if n else 0.0

    dists = sorted(s["km"] for s in scored if s["km"] is not None)
    with_adm = [s for s in scored if s["admin1_gold"]]
    with_sides = [s for s in scored if s["sides_gold"]]
    row = {
        "set": name,
        "rows": n,
        "events": share("event"),
        "acc@25km": within("km", 25),
        "acc@100km": within("km", 100),
        "admin1": share("admin1_ok", with_adm),
        "date": share("date_contains"),
        "actor_side": share("actor_ok", with_sides),
        "either_side": share("sides_any", with_sides),
    }
    median = dists[len(dists) // 2] if dists else None
    note = (
        f"{name}: located {round(len(dists) / n, 3) if n else 0.0}, median error "
        f"{'n/a' if median is None else f'{median:.1f} km'}, any_place@25km "
        f"{within('any_km', 25)}, date_inside {share('date_inside')}, date_from_text "
        f"{share('date_from_text')}, target_side {share('target_ok', with_sides)}"
    )
    return row, note


def evaluate(
    data_dir: Path, limit: int | None = None, progress: bool = True, **options: Any
) -> dict:
    """Score the events stage on UCDP GED Ukraine rows (``limit`` rows, in file order)."""
    from frontlog.pipeline import Context, available_stages, get_stage

    path = Path(data_dir) / "events" / CSV_NAME
    if not path.is_file():
        path = Path(data_dir) / CSV_NAME
    if not path.is_file():
        raise FileNotFoundError(
            f"UCDP events file not found under {data_dir} (expected events/{CSV_NAME}); "
            "pass the shared eval folder with --data"
        )
    rows = read_rows(path)
    if limit is not None:
        rows = rows[:limit]
    ctx = options.get("ctx") or Context()
    stages = available_stages(STAGES)
    docs: list[tuple[Document, dict[str, str]]] = []
    skipped = 0
    for row in rows:
        doc = build_document(row)
        if doc is None:
            skipped += 1
            continue
        docs.append((doc, row))
    nlp = ctx.nlp
    scored: list[tuple[str, dict[str, Any]]] = []
    prog = None
    if progress:
        from rich.progress import Progress

        prog = Progress(transient=True)
        prog.start()
        task = prog.add_task("eval events", total=len(docs))
    try:
        parsed = nlp.pipe([d.body for d, _ in docs], batch_size=64)
        for (doc, row), sdoc in zip(docs, parsed, strict=True):
            doc.spacy_doc = sdoc
            for name in stages:
                try:
                    doc = get_stage(name)(doc, ctx)
                except Exception:  # noqa: BLE001 - a stage bug costs one row, not the run
                    log.exception("stage %s failed on UCDP row %s", name, row.get("id"))
            year = row.get("year") or ""
            scored.append((year, score_row(doc, row)))
            if prog is not None:
                prog.advance(task)
    finally:
        if prog is not None:
            prog.stop()
    all_rows = [s for _, s in scored]
    early = [s for y, s in scored if y.isdigit() and int(y) < 2022]
    late = [s for y, s in scored if y.isdigit() and int(y) >= 2022]
    sets = [("ucdp-ukraine", all_rows)]
    if early and late:
        sets += [("2014-2021", early), ("2022-2023", late)]
    summaries = [_summary(name, rows_) for name, rows_ in sets]
    result_rows = [r for r, _ in summaries]
    missing = [s for s in STAGES if s not in stages]
    notes = [
        f"stages available: {', '.join(stages) or 'none'}"
        + (f" (missing: {', '.join(missing)})" if missing else ""),
        f"{len(all_rows)} rows scored, {skipped} without headline text skipped",
        "events: rows with at least one event; acc@Nkm: rows whose best event place (else "
        "the first place) is within N km of the UCDP point; admin1: among rows with a gold "
        "adm_1; date: the event interval contains the gold range (open ends unbounded); "
        "actor_side / either_side: the actor's / actor's or target's country is a gold side "
        "(Government of X), among rows with such a side (DPR, LPR, Novorossiya have none)",
        "diagnostics: any_place@25km = some extracted place within 25 km (the places stage's "
        "ceiling); date_inside = a bounded event interval inside the gold range; "
        "date_from_text = the time came from a text expression, not the publication-date "
        "fallback (published = date_end)",
        *[note for _, note in summaries],
    ]
    return {"suite": "events", "rows": result_rows, "notes": notes}
