"""Numbers with units and what they measure: areas, distances, people, casualties, weapons.

Conflict reports count things: "a 13-square-kilometer (five-square-mile) area", "a
population of about 1.5 million", "killed four residents", "shot down 45 drones". Each
becomes a ``Quantity`` with a normalised value and unit (km2, km, people, drones, ...),
what it measures, whether it is approximate ("about") and its qualifier ("at least",
"more than", a range). A converted alternative in brackets stays attached to the
quantity it restates, so one fact is one quantity. Years, dates, clock times, ordinals and
durations are not quantities here (the times stage owns them).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from frontlog.model import Document, Quantity
from frontlog.pipeline import Context, stage

log = logging.getLogger(__name__)

# -- numbers --------------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "a dozen": 12, "dozen": 12,
    "half a": 0.5,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "mln": 1_000_000, "bn": 1_000_000_000, "trillion": 1_000_000_000_000}  # fmt: skip
# Vague plurals: the lower bound they imply ("dozens" = at least 24).
_VAGUE = {"dozens of": 24, "scores of": 40, "hundreds of": 200, "thousands of": 2000,
          "tens of thousands of": 20_000, "hundreds of thousands of": 200_000,
          "millions of": 2_000_000}  # fmt: skip

_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety)"
)
_WORDNUM = _WORD + r"(?:[\s-]" + _WORD + r")?(?:\s(?:hundred)(?:\s(?:and\s)?" + _WORD + r"(?:[\s-]"
_WORDNUM += _WORD + r")?)?)?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|bn)"
_NUMBER = (
    r"(?P<{n}>" + _DIGITS + r"|" + _WORDNUM + r"|a dozen|half a)(?:\s(?P<{s}>" + _SCALE + r"))?"
)
_VAGUE_RE = r"(?P<vague>tens of thousands of|hundreds of thousands of|dozens of|scores of" \
            r"|hundreds of|thousands of|millions of)"  # fmt: skip

_QUALIFIERS = {
    "about": ("about", None), "around": ("about", None), "roughly": ("about", None),
    "approximately": ("about", None), "some": ("about", None), "nearly": ("about", None),
    "almost": ("about", None), "an estimated": ("about", None), "close to": ("about", None),
    "estimated": ("about", None), "approx.": ("about", None), "circa": ("about", None),
    "at least": (None, "at_least"), "no fewer than": (None, "at_least"),
    "no less than": (None, "at_least"), "more than": (None, "more_than"),
    "over": (None, "more_than"), "upwards of": (None, "more_than"),
    "in excess of": (None, "more_than"), "over a": (None, "more_than"),
    "less than": (None, "less_than"), "fewer than": (None, "less_than"),
    "under": (None, "less_than"), "below": (None, "less_than"), "up to": (None, "up_to"),
    "as many as": (None, "up_to"), "within": (None, "up_to"), "at most": (None, "up_to"),
    "as much as": (None, "up_to"),
}  # fmt: skip
_QUAL_RE = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))

# -- units ----------------------------------------------------------------------------------

_AREA = {
    "square kilometer": "km2", "square kilometre": "km2", "sq km": "km2", "km2": "km2",
    "km²": "km2", "square km": "km2", "square mile": "mi2", "sq mi": "mi2", "mi2": "mi2",
    "hectare": "ha", "ha": "ha", "acre": "acre", "square meter": "m2", "square metre": "m2",
    "m2": "m2", "m²": "m2",
}  # fmt: skip
_TO_KM2 = {"km2": 1.0, "mi2": 2.589988, "ha": 0.01, "acre": 0.00404686, "m2": 1e-6}
_DIST = {"kilometer": "km", "kilometre": "km", "km": "km", "mile": "mi", "mi": "mi",
         "meter": "m", "metre": "m", "m": "m", "yard": "yd", "feet": "ft", "foot": "ft",
         "ft": "ft"}  # fmt: skip
_TO_KM = {"km": 1.0, "mi": 1.609344, "m": 0.001, "yd": 0.0009144, "ft": 0.0003048}

_AREA_RE = (
    r"(?P<area>(?:square|sq\.?)[\s-](?:kilomet(?:er|re)s?|km|miles?|mi|met(?:er|re)s?)"
    r"|km2|km²|sq\s?km|mi2|m2|m²|hectares?|ha|acres?)"
)
_DIST_RE = r"(?P<dist>kilomet(?:er|re)s?|km|miles?|met(?:er|re)s?|m|yards?|feet|foot|ft)"

# Nouns counted in conflict reports → (normalised unit, default measure).
_PEOPLE = ("people", "persons", "person", "civilians", "civilian", "residents", "resident",
           "soldiers", "soldier", "troops", "servicemen", "serviceman", "servicemembers",
           "fighters", "fighter", "militants", "militant", "children", "child", "women",
           "men", "refugees", "refugee", "inhabitants", "prisoners", "prisoner", "hostages",
           "hostage", "detainees", "workers", "migrants", "protesters", "protestors",
           "demonstrators", "personnel", "officers", "policemen", "police officers",
           "volunteers", "mercenaries", "conscripts", "recruits", "journalists", "patients",
           "passengers", "villagers", "students", "pilots", "sailors", "crew members",
           "staff", "employees", "victims", "casualties", "dead", "bodies", "lives",
           "Ukrainians", "Russians", "Israelis", "Palestinians", "Syrians", "Afghans",
           "Iraqis", "Sudanese", "POWs", "servicepeople", "combatants", "insurgents",
           "rebels", "guerrillas", "paratroopers", "marines", "commandos", "wounded",
           "injured", "families", "households", "citizens", "nationals", "inmates")  # fmt: skip
_WEAPONS = {
    "drone": "drones", "drones": "drones", "uav": "drones", "uavs": "drones",
    "missile": "missiles", "missiles": "missiles", "rocket": "rockets", "rockets": "rockets",
    "shell": "shells", "shells": "shells", "artillery shells": "shells", "bomb": "bombs",
    "bombs": "bombs", "glide bombs": "bombs", "tank": "tanks", "tanks": "tanks",
    "armored vehicle": "armored_vehicles", "armored vehicles": "armored_vehicles",
    "armoured vehicles": "armored_vehicles", "armoured vehicle": "armored_vehicles",
    "vehicles": "vehicles", "vehicle": "vehicles", "aircraft": "aircraft",
    "planes": "aircraft", "jets": "aircraft", "fighter jets": "aircraft",
    "warplanes": "aircraft", "helicopters": "helicopters", "helicopter": "helicopters",
    "artillery systems": "artillery", "howitzers": "artillery", "guns": "artillery",
    "air defense systems": "air_defense", "air defence systems": "air_defense",
    "launchers": "launchers", "ships": "ships", "warships": "ships", "vessels": "ships",
    "boats": "boats", "mines": "mines", "grenades": "grenades", "rounds": "rounds",
    "munitions": "munitions", "projectiles": "projectiles", "weapons": "weapons",
    "rifles": "weapons", "cruise missiles": "missiles", "ballistic missiles": "missiles",
    "shahed drones": "drones", "kamikaze drones": "drones", "attack drones": "drones",
    "strikes": "strikes", "airstrikes": "strikes", "air strikes": "strikes",
    "attacks": "attacks", "assaults": "attacks", "settlements": "settlements",
    "villages": "settlements", "towns": "settlements", "buildings": "buildings",
    "homes": "buildings", "houses": "buildings",
}  # fmt: skip
_WEAPON_MEASURE = {"drones": "drones", "missiles": "missiles", "rockets": "missiles",
                   "shells": "munitions", "bombs": "munitions", "munitions": "munitions",
                   "projectiles": "munitions", "rounds": "munitions", "grenades": "munitions",
                   "mines": "munitions", "strikes": "attacks", "attacks": "attacks",
                   "settlements": "settlements", "buildings": "buildings"}  # fmt: skip
_NOUN_RE = "|".join(
    sorted(
        [re.escape(p) for p in _PEOPLE] + [re.escape(w) for w in _WEAPONS],
        key=len,
        reverse=True,
    )
)
# Words allowed between the number and its noun ("45 Ukrainian drones", "12 more people").
_MODIFIER = r"(?:[A-Z][a-z]+(?:-[a-z]+)?|more|other|additional|enemy|civilian|military|armed" \
            r"|unarmed|innocent|foreign|wounded|injured|dead|young|elderly|local|heavy|light" \
            r"|main|combat|Russian-made|Iranian-made|[a-z]+-made|unmanned|attack|kamikaze" \
            r"|ballistic|cruise|guided|long-range|short-range|armou?red|fixed-wing)"  # fmt: skip
_CASUALTY_ADJ = r"(?P<cas>killed|dead|wounded|injured|missing|captured|hurt|detained|arrested" \
                r"|displaced|evacuated|hospitali[sz]ed)"  # fmt: skip
_PERCENT = r"(?P<pct>%|percent|per cent)"
_CURRENCY_PRE = r"(?P<cur>\$|€|£|US\$|USD\s?|EUR\s?)"
_CURRENCY_POST = r"(?P<curw>dollars|euros|rubles|roubles|hryvnias?|yuan)"

_KILL = r"\b(?:kill(?:ed|ing|s)?|dead|died|die|deaths?|death toll|lives|fatalit(?:y|ies))\b"
_WOUND = r"\b(?:wound(?:ed|ing|s)?|injur(?:ed|ing|ies|y)|hurt)\b"
_CASUALTY = r"\bcasualt(?:y|ies)\b"


@dataclass
class _Num:
    start: int
    end: int
    value: float
    value_max: float | None
    about: bool
    qualifier: str | None


def parse_number(text: str) -> float | None:
    """'1,500' → 1500, 'five' → 5, 'twenty-one' → 21, 'two hundred' → 200, 'a dozen' → 12."""
    t = text.lower().strip()
    if re.fullmatch(_DIGITS, t):
        return float(t.replace(",", ""))
    if t in _SMALL:
        return float(_SMALL[t])
    total = 0.0
    current = 0.0
    for w in re.split(r"[\s-]+", t):
        if w == "and":
            continue
        if w in _SMALL:
            current += _SMALL[w]
        elif w == "hundred":
            current = (current or 1) * 100
        else:
            return None
    total += current
    return total


def _number_pattern() -> re.Pattern[str]:
    one = _NUMBER.replace("{n}", "n1").replace("{s}", "s1")
    two = _NUMBER.replace("{n}", "n2").replace("{s}", "s2")
    return re.compile(
        r"(?<![\w.,-])(?:(?P<qual>"
        + _QUAL_RE
        + r")\s)?(?:"
        + _VAGUE_RE
        + r"|(?:between\s)?"
        + one
        + r"(?:\s?(?:-|–|to|or|and)\s?(?:"
        + two
        + r"))?)(?:(?![\w])|(?=(?:km|mi|m|ha|ft|bn|k)(?![a-z])|(?:km|m)[2²]))",
        re.IGNORECASE,
    )


_NUM_RE = _number_pattern()


def _scaled(num: str | None, scale: str | None) -> float | None:
    if num is None:
        return None
    v = parse_number(num)
    if v is None:
        return None
    if scale:
        v *= _SCALES[scale.lower()]
    return v


def _numbers(text: str) -> list[tuple[re.Match[str], _Num]]:
    out = []
    for m in _NUM_RE.finditer(text):
        if m.group("vague"):
            v1: float | None = float(_VAGUE[m.group("vague").lower()])
            v2 = None
        else:
            v1 = _scaled(m.group("n1"), m.group("s1") or m.group("s2"))
            v2 = _scaled(m.group("n2"), m.group("s2"))
            if m.group("n2") and v2 is not None and v1 is not None and v2 < v1:
                # "1.5 to 2 million": the scale of the second applies to the first
                if m.group("s2") and not m.group("s1"):
                    v1 = _scaled(m.group("n1"), m.group("s2"))
                if v1 is not None and v2 < v1:
                    continue
        if v1 is None:
            continue
        qual = (m.group("qual") or "").lower()
        about, qualifier = _QUALIFIERS.get(qual, (None, None))
        if m.group("vague"):
            qualifier = qualifier or "at_least"
            about = "about"
        joiner = text[m.start() : m.end()].lower()
        if v2 is not None:
            if re.search(r"\d\s?(?:-|–)\s?\d", joiner) or re.search(r"\b(?:to|and|or)\b", joiner):
                qualifier = "range"
            else:
                v2 = None
        out.append((m, _Num(m.start(), m.end(), v1, v2, about == "about", qualifier)))
    return out


def _time_spans(text: str) -> list[tuple[int, int]]:
    """Dates, years, clock times and durations: numbers inside them are not quantities."""
    from frontlog.time.patterns import find_spans

    return [(f.start, f.end) for f in find_spans(text)]


def _measure_people(text: str, start: int, end: int, noun: str | None) -> str:
    """What a count of people measures, from the words around it."""
    before = text[max(0, start - 45) : start].lower()
    after = text[end : end + 40].lower()
    near_after = re.split(r"[.;]", after)[0]
    if noun in ("dead", "bodies", "lives"):
        return "killed"
    if re.search(r"\b(?:deaths?|bodies|killing|murders?) of\s$", before):
        return "killed"
    if noun in ("wounded", "injured"):
        return "wounded"
    if noun == "casualties":
        return "casualties"
    if (
        re.search(r"population\s(?:of\s)?(?:\w+\s)?$", before)
        or re.search(r"^\W*(?:inhabitants|residents)\b", after)
        and re.search(r"\bpopulation\b", before)
    ):
        return "population"
    if re.search(_KILL, near_after[:30]) or re.search(
        r"\b(?:kill(?:ed|ing|s)?|claimed the lives of|death toll (?:rose |climbed )?to)"
        r"\s(?:\w+\s)?$",
        before,
    ):
        return "killed"
    if re.search(_WOUND, near_after[:30]) or re.search(
        r"\b(?:wound(?:ed|ing|s)?|injur(?:ed|ing|es))\s(?:\w+\s)?$", before
    ):
        return "wounded"
    if re.search(_CASUALTY, near_after[:30]):
        return "casualties"
    if re.search(r"\b(?:captured|capturing|took|taken|detained|arrested)\b", near_after[:25]):
        return "captured"
    if re.search(r"\b(?:evacuated|displaced|fled)\b", near_after[:25] + before[-25:]):
        return "displaced"
    if re.search(r"\bpopulation\b", before[-30:]):
        return "population"
    return "people"


def find_quantities(text: str, spacy_doc: Any = None) -> list[Quantity]:
    """Quantities with units in ``text`` (ids Q1.. in text order)."""
    times = _time_spans(text)
    raw: list[Quantity] = []
    for m, num in _numbers(text):
        if any(s <= num.start and num.end <= e for s, e in times):
            continue
        q = _with_unit(text, m, num)
        if q is not None:
            raw.append(q)
    raw = _merge_alternatives(text, raw)
    raw.sort(key=lambda q: q.start)
    out: list[Quantity] = []
    for q in raw:  # drop overlaps (keep the first, longer ones came from merging)
        if out and q.start < out[-1].end:
            if q.end - q.start > out[-1].end - out[-1].start:
                out[-1] = q
            continue
        out.append(q)
    for i, q in enumerate(out, 1):
        q.id = f"Q{i}"
    return out


_UNIT_AFTER = re.compile(
    r"(?:[ \t\u00a0-]|(?=[%²]))?(?:"
    + _AREA_RE
    + r"|"
    + _PERCENT
    + r"|"
    + _CURRENCY_POST
    + r"|(?:(?P<mods>(?:"
    + _MODIFIER
    + r"[ \t\u00a0-]){0,2})(?P<noun>"
    + _NOUN_RE
    + r"))|(?:(?:were|have been|had been|are|was|got)\s(?:reportedly\s|also\s)?)?"
    + _CASUALTY_ADJ
    + r"|"
    + _DIST_RE
    + r")(?![\w])",
)


_CUR_BEFORE = re.compile(r"(\$|€|£|US\$|USD\s?|EUR\s?)$")
_CUR_SCALE = re.compile(r"(m|bn|k)\b")


def _with_unit(text: str, m: re.Match[str], num: _Num) -> Quantity | None:
    after = text[num.end :]
    if _CUR_BEFORE.search(text[max(0, num.start - 4) : num.start]):
        sc = _CUR_SCALE.match(after)
        if sc:  # "$5m", "£2bn": money with a scale suffix
            factor = {"m": 1e6, "bn": 1e9, "k": 1e3}[sc.group(1)]
            num = _Num(num.start, num.end + sc.end(), num.value * factor,
                       num.value_max * factor if num.value_max else None,
                       num.about, num.qualifier)  # fmt: skip
        return _bare(text, m, num)
    u = _UNIT_AFTER.match(after)
    if u is None:
        return _bare(text, m, num)
    end = num.end + u.end()
    if u.group("area"):
        unit = _area_unit(u.group("area"))
        value = num.value * _TO_KM2[unit]
        alts = [] if unit == "km2" else [{"value": num.value, "unit": unit}]
        return _q(text, num, end, value, "km2", "area", alts, scale=_TO_KM2[unit])
    if u.group("pct"):
        return _q(text, num, end, num.value, "percent", "percentage", [])
    if u.group("curw"):
        cur = {"dollars": "USD", "euros": "EUR", "rubles": "RUB",
               "roubles": "RUB", "hryvnia": "UAH", "hryvnias": "UAH", "yuan": "CNY"}  # fmt: skip
        return _q(text, num, end, num.value, cur[u.group("curw").lower()], "money", [])
    if u.group("noun"):
        noun = u.group("noun")
        low = noun.lower()
        if low in _WEAPONS and noun not in _PEOPLE:
            unit = _WEAPONS[low]
            measure = _WEAPON_MEASURE.get(unit, "equipment")
            return _q(text, num, end, num.value, unit, measure, [])
        # a capitalised "modifier" swallowed mid-sentence ("12 Ukrainian civilians") is fine,
        # but a lone capitalised word is only a modifier when a noun follows (ensured by regex)
        measure = _measure_people(text, num.start, end, low)
        return _q(text, num, end, num.value, "people", measure, [])
    if u.group("cas"):
        cas = u.group("cas").lower()
        measure = {"killed": "killed", "dead": "killed", "wounded": "wounded",
                   "injured": "wounded", "hurt": "wounded", "missing": "missing",
                   "captured": "captured", "detained": "captured", "arrested": "captured",
                   "displaced": "displaced", "evacuated": "displaced",
                   "hospitalised": "wounded", "hospitalized": "wounded"}[cas]  # fmt: skip
        # "12 killed" must not be "were killed 12 times"; require nothing numeric after
        return _q(text, num, end, num.value, "people", measure, [])
    if u.group("dist"):
        raw = u.group("dist").lower()
        unit = _dist_unit(raw)
        if unit == "m" and not re.search(r"\d", m.group(0)):
            return None  # "two m" is not written; "m" after words is noise
        if unit == "m" and u.group(0).startswith(" ") and raw == "m":
            return None  # "5 m" is ambiguous with million; accept only "5m"/"5-m"
        value = num.value * _TO_KM[unit]
        alts = [] if unit == "km" else [{"value": num.value, "unit": unit}]
        return _q(text, num, end, value, "km", "distance", alts, scale=_TO_KM[unit])
    return None


def _bare(text: str, m: re.Match[str], num: _Num) -> Quantity | None:
    """A number without a unit: a population ("a population of about 1.5 million"),
    money ("$5 million") or a casualty count after its verb ("killed 12")."""
    before = text[max(0, num.start - 40) : num.start]
    if re.search(r"(?:\$|€|£|US\$)\s?$", before) or re.search(r"(?:USD|EUR)\s$", before):
        cur = re.search(r"(\$|€|£|US\$|USD|EUR)\s?$", before).group(1)  # type: ignore[union-attr]
        code = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}.get(cur, cur)
        start = num.start - (len(before) - before.rfind(cur))
        q = _q(text, num, num.end, num.value, code, "money", [])
        q.start = start
        q.text = text[start : num.end]
        return q
    if re.search(r"\bpopulation\s(?:of\s)?(?:(?:just|only)\s)?$", before, re.IGNORECASE):
        return _q(text, num, num.end, num.value, "people", "population", [])
    if re.search(
        r"\b(?:killed|killing|kill|wounded|wounding|injured|injuring)\s$", before, re.IGNORECASE
    ) and not re.match(r"\s?(?:%|percent|times|years?|days?|months?|weeks?)", text[num.end :]):
        measure = "killed" if re.search(r"kill", before[-10:], re.IGNORECASE) else "wounded"
        return _q(text, num, num.end, num.value, "people", measure, [])
    if re.search(r"\bdeath toll\s(?:\w+\s){0,2}(?:to|at|of|is|was|stood at)\s$", before):
        return _q(text, num, num.end, num.value, "people", "killed", [])
    return None


def _area_unit(raw: str) -> str:
    r = raw.lower().replace("-", " ").replace(".", "")
    if "kilomet" in r or "km" in r:
        return "km2"
    if "mile" in r or "mi" in r.split():
        return "mi2"
    if r.startswith("hect") or r == "ha":
        return "ha"
    if r.startswith("acre"):
        return "acre"
    if "met" in r or r in ("m2", "m²"):
        return "m2"
    return _AREA.get(r, "km2")


def _dist_unit(raw: str) -> str:
    r = raw.lower()
    if r.startswith("kilomet") or r == "km":
        return "km"
    if r.startswith("mile") or r == "mi":
        return "mi"
    if r.startswith("met") or r == "m":
        return "m"
    if r.startswith("yard"):
        return "yd"
    return "ft"


def _q(
    text: str,
    num: _Num,
    end: int,
    value: float,
    unit: str,
    measure: str | None,
    alts: list[dict[str, Any]],
    scale: float = 1.0,
) -> Quantity:
    vmax = num.value_max * scale if num.value_max is not None else None
    return Quantity(
        id="",
        start=num.start,
        end=end,
        text=text[num.start : end],
        value=_tidy(value),
        unit=unit,
        about=num.about,
        qualifier=num.qualifier,
        value_max=_tidy(vmax) if vmax is not None else None,
        measures=measure,
        alternatives=alts,
    )


def _tidy(v: float) -> float:
    r = round(v, 3)
    return float(int(r)) if r == int(r) else r


def _merge_alternatives(text: str, qs: list[Quantity]) -> list[Quantity]:
    """'13-square-kilometer (five-square-mile)': one quantity, the restatement kept."""
    qs = sorted(qs, key=lambda q: q.start)
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        a = qs[i]
        b = qs[i + 1] if i + 1 < len(qs) else None
        gap = text[a.end : b.start] if b else ""
        if (
            b is not None
            and b.unit == a.unit
            and a.unit in ("km2", "km")
            and re.fullmatch(r"\s*[(\[,/]\s*(?:or\s|about\s|roughly\s)?", gap)
        ):
            close = re.match(r"\s*[)\]]", text[b.end :])
            end = b.end + (close.end() if close else 0)
            # the metric one is the value; the other stays as the alternative as written
            primary, other = (a, b) if not a.alternatives or b.alternatives else (b, a)
            alt = other.alternatives or [{"value": other.value, "unit": other.unit}]
            merged = Quantity(
                id="",
                start=a.start,
                end=end,
                text=text[a.start : end],
                value=primary.value,
                unit=primary.unit,
                about=a.about or b.about,
                qualifier=a.qualifier or b.qualifier,
                value_max=primary.value_max,
                measures=primary.measures,
                alternatives=list(primary.alternatives) + alt,
            )
            out.append(merged)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


@stage("quantities")
def quantities_stage(doc: Document, ctx: Context) -> Document:
    """Fill ``doc.quantities`` from the body (no spaCy needed: patterns and lexicons)."""
    if not doc.body:
        return doc
    try:
        doc.quantities = find_quantities(doc.body, doc.spacy_doc)
    except Exception:  # never lose the document over one odd number
        log.exception("quantities stage failed on document %s", doc.id)
    return doc
