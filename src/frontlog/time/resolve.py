"""What a temporal expression means: an interval with a precision, anchored on a date.

The decisions are the ones a careful reader of a news report makes, and each is tested:

* a bare weekday is the most recent such day on or before publication ("Monday" in a
  Monday article is that day); in a future-tense clause it is the next one on or after;
* a bare month ("in March") is the most recent such month not after publication;
* "last year" is the previous calendar year, "last week" the previous ISO week;
* "N units ago" is that day/week/month/year; "more than N years ago" is an open interval
  ending N years before publication;
* durations ("for three weeks") are not dates: they resolve to ``None``.

Besides ``(value_start, value_end, precision)`` each resolution carries a TimeML-style
value (``timex``: "2025-04", "2025-W14", "2025-Q1", "PAST_REF", ...) used by the eval.
dateparser is only the fallback for absolute dates the grammar does not know.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from frontlog.time.patterns import (
    DECADE_WORDS,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    RULE_BY_NAME,
    RULES,
    SEASONS,
    WEEKDAYS,
)

log = logging.getLogger(__name__)


@dataclass
class Resolution:
    start: date | None
    end: date | None
    precision: str  # day | week | month | year | open-interval
    timex: str  # TimeML-style value for scoring ("2025-04-07", "2025-W14", "PAST_REF", ...)
    kind: str = "DATE"  # DATE | TIME | DURATION | SET
    recurring: bool = False

    def iso(self) -> tuple[str | None, str | None, str]:
        return (
            self.start.isoformat() if self.start else None,
            self.end.isoformat() if self.end else None,
            self.precision,
        )


# -- calendar helpers -----------------------------------------------------------------------


def _day(d: date, timex_suffix: str = "") -> Resolution:
    return Resolution(d, d, "day", d.isoformat() + timex_suffix)


def _week(d: date) -> Resolution:
    monday = d - timedelta(days=d.weekday())
    y, w, _ = monday.isocalendar()
    return Resolution(monday, monday + timedelta(days=6), "week", f"{y}-W{w:02d}")


def _month(y: int, m: int) -> Resolution:
    last = calendar.monthrange(y, m)[1]
    return Resolution(date(y, m, 1), date(y, m, last), "month", f"{y}-{m:02d}")


def _year(y: int) -> Resolution:
    return Resolution(date(y, 1, 1), date(y, 12, 31), "year", f"{y}")


def _quarter(y: int, q: int) -> Resolution:
    first = 3 * (q - 1) + 1
    last = first + 2
    return Resolution(
        date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]), "month", f"{y}-Q{q}"
    )


def _half(y: int, h: int) -> Resolution:
    r = Resolution(
        date(y, 1 if h == 1 else 7, 1), date(y, 6, 30) if h == 1 else date(y, 12, 31), "month", ""
    )
    r.timex = f"{y}-H{h}"
    return r


def _season(y: int, code: str) -> Resolution:
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    start = date(y, start_month, 1)
    end = start + relativedelta(months=3) - timedelta(days=1)
    return Resolution(start, end, "month", f"{y}-{code}")


def _decade(first_year: int) -> Resolution:
    return Resolution(
        date(first_year, 1, 1), date(first_year + 9, 12, 31), "year", str(first_year)[:3]
    )


def _narrow(r: Resolution, mod: str | None) -> Resolution:
    """'early March', 'the end of 2024': keep the value, narrow the interval to a third."""
    if not mod or r.start is None or r.end is None:
        return r
    mod = mod.lower().strip(" -")
    total = (r.end - r.start).days + 1
    third = max(1, total // 3)
    if mod in ("early", "the beginning of", "the start of"):
        r.start, r.end = r.start, r.start + timedelta(days=third - 1)
    elif mod in ("late", "the end of", "the close of", "the turn of"):
        r.start = r.end - timedelta(days=third - 1)
    elif mod in ("mid", "middle", "the middle of"):
        r.start, r.end = r.start + timedelta(days=third), r.end - timedelta(days=third)
    elif mod == "the first half of":
        r.end = r.start + timedelta(days=total // 2 - 1)
    elif mod in ("the second half of", "the last half of"):
        r.start = r.end - timedelta(days=total // 2 - 1)
    return r


def _num(word: str) -> float | None:
    w = word.lower().replace("-", " ").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if w in NUMBER_WORDS:
        return float(NUMBER_WORDS[w])
    m = re.fullmatch(r"(\w+) and a half", w)
    if m:
        base = _num(m.group(1))
        return base + 0.5 if base is not None else None
    parts = w.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None


def _unit_code(unit: str) -> str:
    u = unit.lower().rstrip("s")
    if u.startswith("centur"):
        return "century"
    return u


def _shift(anchor: date, n: float, unit: str) -> date:
    """anchor + n units (n may be negative, fractional for days/weeks/months)."""
    u = _unit_code(unit)
    if u in ("day", "night"):
        return anchor + timedelta(days=round(n))
    if u == "hour" or u == "minute":
        return anchor + timedelta(days=int(n / (24 if u == "hour" else 1440)))
    if u in ("week", "weekend"):
        return anchor + timedelta(days=round(7 * n))
    if u == "fortnight":
        return anchor + timedelta(days=round(14 * n))
    if u == "month":
        return anchor + relativedelta(months=int(n)) + timedelta(days=round(30 * (n - int(n))))
    if u == "quarter":
        return anchor + relativedelta(months=int(3 * n))
    if u == "year":
        return anchor + relativedelta(years=int(n), months=round(12 * (n - int(n))))
    if u == "decade":
        return anchor + relativedelta(years=int(10 * n))
    if u == "century":
        return anchor + relativedelta(years=int(100 * n))
    return anchor


def _at_unit(d: date, unit: str) -> Resolution:
    """The calendar unit containing ``d``: its day, week, month or year."""
    u = _unit_code(unit)
    if u in ("day", "night", "hour", "minute"):
        return _day(d)
    if u in ("week", "weekend", "fortnight"):
        return _week(d)
    if u in ("month", "quarter"):
        return _month(d.year, d.month)
    return _year(d.year)  # years, decades ("a decade ago" = that year), centuries


def _duration_timex(n: float | None, unit: str) -> str:
    u = _unit_code(unit)
    code = {"day": "D", "night": "D", "week": "W", "weekend": "W", "month": "M", "year": "Y",
            "decade": "DE", "century": "CE", "quarter": "Q", "fortnight": "W",
            "hour": "H", "minute": "M", "second": "S"}.get(u, "X")  # fmt: skip
    if u == "fortnight" and n is not None:
        n *= 2
    amount = "X" if n is None else (str(int(n)) if n == int(n) else str(n))
    if u in ("hour", "minute", "second"):
        return f"PT{amount}{code}"
    return f"P{amount}{code}"


def _two_digit_year(y: str, anchor: date | None) -> int:
    y = y.lstrip("'")
    if len(y) == 4:
        return int(y)
    n = int(y)
    base = (anchor.year if anchor else 2000) // 100 * 100
    full = base + n
    if anchor and full > anchor.year + 10:
        full -= 100
    return full


# -- direction: past by default, future when the clause says so ------------------------------


def _pick_month(anchor: date, month: int, tense: str | None, rel: str | None) -> int:
    """Year of a bare month: most recent not after publication, unless future or 'next'."""
    rel = (rel or "").lower()
    if rel in ("next", "this coming", "coming"):
        return anchor.year if month > anchor.month else anchor.year + 1
    if rel in ("last", "this past", "past"):
        return anchor.year if month < anchor.month else anchor.year - 1
    if rel == "this":
        return anchor.year
    if tense == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _pick_weekday(anchor: date, wd: int, tense: str | None, rel: str | None) -> date:
    rel = (rel or "").lower()
    back = (anchor.weekday() - wd) % 7  # days back to the most recent such day (0 = today)
    fwd = (wd - anchor.weekday()) % 7
    if rel in ("last", "past", "previous"):
        return anchor - timedelta(days=back or 7)
    if rel in ("next", "this coming", "coming"):
        return anchor + timedelta(days=fwd or 7)
    if rel == "this":
        # the one in the current week (Monday-based)
        return anchor + timedelta(days=wd - anchor.weekday())
    if tense in ("future", "present"):  # "will meet Friday", "talks begin Friday"
        return anchor + timedelta(days=fwd)
    return anchor - timedelta(days=back)


def _pick_day(anchor: date, month: int, day: int, tense: str | None) -> date | None:
    """Year of 'March 5' without a year: by tense; with no tense, the nearest such date.

    Past clauses look back, future and present ("the vote is set for March 5") forward;
    a bare date ("payable Dec. 15") is the occurrence closest to publication.
    """
    try:
        this = date(anchor.year, month, day)
    except ValueError:
        try:
            this = date(anchor.year - 1, month, day)
        except ValueError:
            return None
    try:
        nxt = this if this >= anchor else this.replace(year=this.year + 1)
        prev = this if this <= anchor else this.replace(year=this.year - 1)
    except ValueError:  # 29 February
        return this
    if tense in ("future", "present"):
        return nxt
    if tense == "past":
        return prev
    return nxt if (nxt - anchor) < (anchor - prev) else prev


# -- handlers: one per rule ----------------------------------------------------------------


def _month_no(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _wd_no(name: str) -> int:
    return WEEKDAYS[name.lower().rstrip(".")]


_PART_SUFFIX = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI",
                "overnight": "TNI"}  # fmt: skip


def _h_iso_date(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    return _day(date(int(g["y"]), int(g["m"]), int(g["d"])))


def _h_us_numeric(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    return _day(date(_two_digit_year(g["y"], anchor), int(g["m"]), int(g["d"])))


def _h_month_day(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    month = _month_no(g["mon"])
    day = int(re.sub(r"\D", "", g["d"]))
    if g.get("y"):
        return _day(date(_two_digit_year(g["y"], anchor), month, day))
    if anchor is None:
        return None
    d = _pick_day(anchor, month, day, tense)
    return _day(d) if d else None


def _h_month_year(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    r = _month(_two_digit_year(g["y"], anchor), _month_no(g["mon"]))
    return _narrow(r, g.get("mod"))


def _h_weekday(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    if anchor is None:
        return None
    d = _pick_weekday(anchor, _wd_no(g["wd"]), tense, g.get("rel"))
    part = (g.get("part") or "").lower()
    r = _day(d, _PART_SUFFIX.get(part, ""))
    if part == "overnight":
        r.start = d - timedelta(days=1)
    if part:
        r.kind = "TIME"
    return r


def _h_part_rel(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    if anchor is None:
        return None
    rel = g["rel"].lower()
    part = g["part"].lower()
    d = anchor
    if rel == "yesterday" or (rel == "last" and part == "night"):
        d = anchor - timedelta(days=1)
    elif rel == "tomorrow":
        d = anchor + timedelta(days=1)
    r = _day(d, _PART_SUFFIX.get(part, ""))
    r.kind = "TIME"
    return r


def _h_tonight(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    if anchor is None:
        return None
    if g["w"].lower() == "overnight":
        # the night before publication: from the previous evening into the publication day
        r = Resolution(anchor - timedelta(days=1), anchor, "day", anchor.isoformat() + "TNI")
    else:
        r = _day(anchor, "TNI")
    r.kind = "TIME"
    return r


def _h_deictic(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    if anchor is None:
        return None
    w = g["w"].lower()
    delta = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
             "the day after tomorrow": 2}[w]  # fmt: skip
    return _day(anchor + timedelta(days=delta))


def _h_clock(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    day = (g.get("day") or "").lower()
    if anchor is None:
        return None
    if not day or day == "today":
        d = anchor
    elif day == "yesterday":
        d = anchor - timedelta(days=1)
    elif day == "tomorrow":
        d = anchor + timedelta(days=1)
    else:
        d = _pick_weekday(anchor, _wd_no(day), tense, None)
    r = _day(d)
    r.timex = d.isoformat() + "T" + _clock_value(g["clock"])
    r.kind = "TIME"
    return r


def _clock_value(clock: str) -> str:
    c = clock.lower().replace(" ", "")
    if c in ("noon", "midday"):
        return "12:00"
    if c == "midnight":
        return "24:00"
    m = re.match(r"(\d{1,2})(?:[:.](\d\d))?(a\.?m\.?|p\.?m\.?)?", c)
    if not m:
        return "XX:XX"
    h = int(m.group(1))
    mins = m.group(2) or "00"
    ampm = m.group(3) or ""
    if ampm.startswith("p") and h < 12:
        h += 12
    if ampm.startswith("a") and h == 12:
        h = 0
    return f"{h:02d}:{mins}"


def _current_quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _h_rel_period(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    if anchor is None:
        return None
    pre = (g.get("pre") or "").lower().replace("the ", "").strip()
    rel = g["rel"].lower()
    unit = g["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(
        rel, 0
    )
    if unit in SEASONS:
        code = SEASONS[unit]
        start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        y = anchor.year
        # the season of this year that has begun most recently / is coming
        if step < 0:
            y = anchor.year if start_month + 3 <= anchor.month else anchor.year - 1
            if code == "WI":
                y = anchor.year - 1 if anchor.month >= 3 else anchor.year - 2
        elif step > 0:
            y = anchor.year if start_month > anchor.month else anchor.year + 1
        elif code == "WI" and anchor.month < 3:
            y = anchor.year - 1
        r = _season(y, code)
    elif unit == "week":
        r = _week(anchor + timedelta(weeks=step))
    elif unit == "weekend":
        sat = anchor - timedelta(days=anchor.weekday()) + timedelta(days=5 + 7 * step)
        if step == 0 and anchor.weekday() < 4 and rel != "this":
            sat -= timedelta(days=7)
        r = Resolution(sat, sat + timedelta(days=1), "week", "")
        y, w, _ = sat.isocalendar()
        r.timex = f"{y}-W{w:02d}-WE"
    elif unit == "month":
        d = anchor + relativedelta(months=step)
        r = _month(d.year, d.month)
    elif unit in ("year", "fiscal year"):
        r = _year(anchor.year + step)
    elif unit == "decade":
        first = anchor.year - anchor.year % 10 + 10 * step
        r = _decade(first)
    elif unit == "century":
        c = anchor.year // 100 + step
        r = Resolution(date(c * 100, 1, 1), date(c * 100 + 99, 12, 31), "year", f"{c:02d}")
    elif unit == "quarter":
        q = _current_quarter(anchor) + step
        y = anchor.year
        if q < 1:
            q, y = 4, y - 1
        if q > 4:
            q, y = 1, y + 1
        r = _quarter(y, q)
    elif unit == "half":
        h = 1 if anchor.month <= 6 else 2
        h += step
        y = anchor.year
        if h < 1:
            h, y = 2, y - 1
        if h > 2:
            h, y = 1, y + 1
        r = _half(y, h)
    else:
        return None
    if pre in ("earlier", "so far") and step == 0 and r.start is not None:
        r.end = min(anchor, r.end) if r.end else anchor
    elif pre == "later" and step == 0 and r.end is not None:
        r.start = max(anchor, r.start) if r.start else anchor
    elif pre:
        r = _narrow(r, pre if pre != "rest of" else None)
    return r


def _h_the_unit(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    if anchor is None:
        return None
    w = g["w"].lower()
    if w == "the weekend":
        sat = anchor - timedelta(days=anchor.weekday()) + timedelta(days=5)
        if tense != "future" and sat > anchor:
            sat -= timedelta(days=7)
        y, wk, _ = sat.isocalendar()
        return Resolution(sat, sat + timedelta(days=1), "week", f"{y}-W{wk:02d}-WE")
    if "year-earlier" in w or "year-ago" in w:
        if "quarter" in w or "period" in w:
            q = _current_quarter(anchor) - 1
            y = anchor.year - 1
            if q < 1:
                q, y = 4, y - 1
            return _quarter(y, q)
        return _year(anchor.year - 1)
    if "quarter" in w or "period" in w:
        # financial reports describe the most recently completed quarter
        q = _current_quarter(anchor) - 1
        y = anchor.year
        if q < 1:
            q, y = 4, y - 1
        return _quarter(y, q)
    if w.endswith("year"):
        return _year(anchor.year - 1)
    if w.endswith("month"):
        d = anchor - relativedelta(months=1)
        return _month(d.year, d.month)
    if w.endswith("week"):
        return _week(anchor - timedelta(weeks=1))
    return None


def _h_ago(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    if anchor is None:
        return None
    n = _num(g["n"])
    if n is None:
        return None
    unit = g["unit"]
    direction = g["dir"].lower()
    sign = 1 if direction in ("later", "after", "from now", "hence") else -1
    # "a year earlier"/"later" are relative to the narrated time, which news mostly anchors
    # on publication too; we take the publication date.
    point = _shift(anchor, sign * n, unit)
    q = (g.get("q") or "").lower()
    r = _at_unit(point, unit)
    vague = g["n"].lower() in ("a few", "several", "few", "many", "some", "dozens of")
    if q in ("more than", "over", "just over") or vague:
        if sign < 0:
            r = Resolution(None, point, "open-interval", r.timex)
        else:
            r = Resolution(point, None, "open-interval", r.timex)
    elif q in ("less than", "fewer than", "under", "just under", "up to", "within"):
        if sign < 0:
            r = Resolution(point, anchor, "open-interval", r.timex)
        else:
            r = Resolution(anchor, point, "open-interval", r.timex)
    if vague:
        r.timex = "PAST_REF" if sign < 0 else "FUTURE_REF"
    return r


def _h_year_earlier(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    return _year(anchor.year - 1) if anchor else None


def _h_past_n(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    """'the past three years': an anchored stretch ending (or starting) at publication."""
    n = _num(g["n"])
    if n is None:
        return None
    unit = g["unit"]
    rel = g["rel"].lower()
    timex = _duration_timex(n, unit)
    if anchor is None or rel in ("first", "final"):
        return Resolution(None, None, "open-interval", timex, kind="DURATION")
    if rel in ("next", "coming"):
        r = Resolution(anchor, _shift(anchor, n, unit), "day", timex, kind="DURATION")
    else:
        r = Resolution(_shift(anchor, -n, unit), anchor, "day", timex, kind="DURATION")
    u = _unit_code(unit)
    r.precision = {"week": "week", "month": "month", "year": "year", "decade": "year"}.get(u, "day")
    return r


def _h_duration(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    return Resolution(None, None, "open-interval", _duration_timex(_num(g["n"]), g["unit"]),
                      kind="DURATION")  # fmt: skip


def _h_bare_units(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    w = g["w"].lower()
    if w.startswith("recent"):
        return Resolution(None, anchor, "open-interval", "PAST_REF")
    return Resolution(None, None, "open-interval", _duration_timex(None, w.split()[-1]),
                      kind="DURATION")  # fmt: skip


def _quarter_year(anchor: date, q: int, tense: str | None) -> int:
    """Year of 'the third quarter': the most recent such quarter begun by publication."""
    cur = _current_quarter(anchor)
    if tense == "future":
        return anchor.year if q >= cur else anchor.year + 1
    return anchor.year if q <= cur else anchor.year - 1


def _h_quarter(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    q = ORDINALS.get(g["ord"].lower(), 4)
    if g.get("y") or g.get("yq"):
        return _quarter(int(g.get("y") or g["yq"]), q)
    if anchor is None:
        return None
    rq = (g.get("rq") or "").lower()
    if rq.startswith("next"):
        return _quarter(anchor.year + 1, q)
    if rq.startswith("this"):
        return _quarter(anchor.year, q)
    y = _quarter_year(anchor, q, tense)
    if rq:  # "the year-ago third quarter", "last year's first quarter"
        y = anchor.year - 1 if rq.startswith(("last", "the previous")) else y - 1
    return _quarter(y, q)


def _h_month_rel_year(
    g: dict[str, str], anchor: date | None, tense: str | None
) -> Resolution | None:
    if anchor is None:
        return None
    step = {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
    return _month(anchor.year + step, _month_no(g["mon"]))


_ANAPHOR_STEP = {"following": 1, "next": 1, "after": 1, "previous": -1, "prior": -1,
                 "preceding": -1, "before": -1}  # fmt: skip


def _h_anaphor(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    """'that year', 'the following day': ``anchor`` is the last date the text mentioned."""
    if anchor is None:
        return None
    w = g["w"].lower()
    unit = (g.get("unit") or g.get("unit2") or "day").lower()
    if w.startswith("the day "):
        unit = "day"
    step = 0
    for word, n in _ANAPHOR_STEP.items():
        if re.search(rf"\b{word}\b", w):
            step = n
    if unit in ("morning", "afternoon", "evening", "night"):
        d = anchor + timedelta(days=step)
        r = _day(d, _PART_SUFFIX[unit])
        r.kind = "TIME"
        return r
    if unit == "weekend":
        unit = "week"
    if unit == "day":
        return _day(anchor + timedelta(days=step))
    if unit == "week":
        return _week(anchor + timedelta(weeks=step))
    if unit == "month":
        d = anchor + relativedelta(months=step)
        return _month(d.year, d.month)
    return _year(anchor.year + step)


def _h_this_unit(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    """'the year', 'year-end', 'the end of the month': the current one at publication."""
    if anchor is None:
        return None
    w = g["w"].lower()
    u = (g.get("u") or "").lower()
    if "month" in w and not u or u == "month":
        r = _month(anchor.year, anchor.month)
    elif "week" in w and not u or u == "week":
        r = _week(anchor)
    elif "quarter" in w:
        r = _quarter(anchor.year, _current_quarter(anchor))
    else:
        r = _year(anchor.year)
    if "end" in w and not u:  # year-end
        r.start = date(anchor.year, 12, 1)
    mod = (g.get("mod") or "").lower()
    if mod and mod != "rest":
        r = _narrow(r, "the " + mod + " of")
    elif mod == "rest":
        r.start = anchor
    return r


_UNITS_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
                "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
                "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip


def _spelled_0_99(words: str) -> int | None:
    total = 0
    for part in re.split(r"[\s-]+", words.strip()):
        if part in ("oh", "and", ""):
            continue
        if part not in _UNITS_WORDS:
            return None
        total += _UNITS_WORDS[part]
    return total


def _h_spelled_year(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    w = g["w"].lower()
    m = re.match(r"nineteen[\s-](?:hundred[\s-](?:and\s)?)?(.+)", w)
    if m:
        n = _spelled_0_99(m.group(1))
        return _year(1900 + n) if n is not None else None
    m = re.match(r"two thousand(?:\s(?:and\s)?(.+))?", w)
    if m:
        n = _spelled_0_99(m.group(1) or "")
        return _year(2000 + n) if n is not None else None
    return None


_CENTURY_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                  "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                  "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "twenty-first": 21}  # fmt: skip


def _h_century(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    n = int(g["cn"]) if g.get("cn") else _CENTURY_WORDS.get(g.get("cw", "").lower())
    if not n:
        return None
    first = (n - 1) * 100
    return Resolution(date(max(1, first), 1, 1), date(first + 99, 12, 31), "year", f"{n - 1:02d}")


def _h_q_abbrev(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    q = int(g["ord"][1])
    if g.get("y"):
        return _quarter(int(g["y"]), q)
    return _quarter(_quarter_year(anchor, q, tense), q) if anchor else None


def _h_half(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    h = 1 if g["ord"].lower() in ("first", "1st") else 2
    if g.get("y"):
        return _half(int(g["y"]), h)
    if anchor is None:
        return None
    cur = 1 if anchor.month <= 6 else 2
    y = anchor.year if (h <= cur or tense == "future") else anchor.year - 1
    return _half(y, h)


def _h_fiscal(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    return _year(_two_digit_year(g["y"], anchor))


def _h_season(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    r = _season(int(g["y"]), SEASONS[g["season"].lower()])
    return _narrow(r, g.get("mod"))


def _h_month(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    if anchor is None:
        return None
    m = _month_no(g["mon"])
    r = _month(_pick_month(anchor, m, tense, g.get("rel")), m)
    return _narrow(r, g.get("mod"))


def _h_year(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    return _narrow(_year(int(g["y"])), g.get("mod"))


def _h_decade(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    dec = g["dec"].lower()
    if dec in DECADE_WORDS:
        century = 1900
        first = century + 10 * DECADE_WORDS[dec]
    elif dec.startswith("'"):
        first = _two_digit_year(dec[1:3], anchor)
    else:
        first = int(dec[:4])
    return _narrow(_decade(first), g.get("mod"))


def _h_present_ref(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    w = g["w"].lower()
    if w == "so far this year" and anchor:
        return Resolution(date(anchor.year, 1, 1), anchor, "year", str(anchor.year))
    r = Resolution(anchor, anchor, "day", "PRESENT_REF")
    return r


def _h_past_ref(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    return Resolution(None, anchor, "open-interval", "PAST_REF")


def _h_future_ref(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    return Resolution(anchor, None, "open-interval", "FUTURE_REF")


_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
             "valentine's day": (2, 14)}  # fmt: skip


def _h_holiday(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    md = _HOLIDAYS.get(g["w"].lower())
    if md is None:
        return None
    if g.get("y"):
        return _day(date(int(g["y"]), *md))
    if anchor is None:
        return None
    d = _pick_day(anchor, md[0], md[1], tense)
    return _day(d) if d else None


def _h_set(g: dict[str, str], anchor: date | None, tense: str | None) -> Resolution | None:
    w = g["w"].lower()
    unit = "open-interval"
    for key, prec in (("day", "day"), ("night", "day"), ("daily", "day"), ("nightly", "day"),
                      ("week", "week"), ("month", "month"), ("year", "year"),
                      ("annual", "year"), ("monday", "day"), ("tuesday", "day"),
                      ("wednesday", "day"), ("thursday", "day"), ("friday", "day"),
                      ("saturday", "day"), ("sunday", "day")):  # fmt: skip
        if key in w:
            unit = prec
            break
    code = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y"}.get(unit, "PX")
    return Resolution(None, None, unit, code, kind="SET", recurring=True)


HANDLERS = {
    "iso_date": _h_iso_date, "us_numeric": _h_us_numeric, "month_day": _h_month_day,
    "day_month": _h_month_day, "month_year": _h_month_year, "weekday": _h_weekday,
    "part_rel": _h_part_rel, "tonight": _h_tonight, "deictic": _h_deictic, "clock": _h_clock,
    "rel_period": _h_rel_period, "the_unit": _h_the_unit, "ago": _h_ago,
    "year_earlier": _h_year_earlier, "past_n": _h_past_n, "duration": _h_duration,
    "bare_units": _h_bare_units, "quarter": _h_quarter, "q_abbrev": _h_q_abbrev,
    "half": _h_half, "fiscal": _h_fiscal, "season": _h_season, "month": _h_month,
    "year": _h_year, "decade": _h_decade, "present_ref": _h_present_ref,
    "past_ref": _h_past_ref, "future_ref": _h_future_ref, "holiday": _h_holiday,
    "set": _h_set, "month_rel_year": _h_month_rel_year, "anaphor": _h_anaphor,
    "this_unit": _h_this_unit, "spelled_year": _h_spelled_year, "century": _h_century,
}  # fmt: skip


def resolve_groups(
    rule: str, groups: dict[str, Any], anchor: date | None, tense: str | None = None
) -> Resolution | None:
    """Resolve one grammar match; ``None`` when it needs an anchor it lacks or is invalid."""
    handler = HANDLERS.get(rule)
    if handler is None:
        return None
    try:
        r = handler({k: v for k, v in groups.items() if not k.startswith("_")}, anchor, tense)
    except (ValueError, KeyError, OverflowError) as exc:
        log.debug("cannot resolve %s %r: %s", rule, groups, exc)
        return None
    if r is not None and r.kind == "DATE":
        r.kind = RULE_BY_NAME[rule].kind  # handlers set TIME/DURATION/SET themselves
    return r


def resolve_full(text: str, anchor: date | None, tense: str | None = None) -> Resolution | None:
    """Resolve one expression's text; grammar first, dateparser for other absolute dates."""
    t = text.strip()
    for rule in RULES:
        m = rule.pattern.fullmatch(t)
        if m:
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            return resolve_groups(rule.name, groups, anchor, tense)
    # "since 2022", "from March to May", "between 2014 and 2016": intervals of two parts
    m = re.fullmatch(r"(?:since|from)\s+(.+?)", t, re.IGNORECASE)
    if m and not re.search(r"\b(?:to|until|through|till)\b", m.group(1)):
        inner = resolve_full(m.group(1), anchor, tense)
        if inner is not None and inner.start is not None:
            return Resolution(inner.start, None, "open-interval", inner.timex)
    m = re.fullmatch(
        r"(?:from|between)\s+(.+?)\s+(?:to|until|till|through|and)\s+(.+)", t, re.IGNORECASE
    )
    if m:
        a, b = resolve_full(m.group(1), anchor, tense), resolve_full(m.group(2), anchor, tense)
        if a is not None and b is not None and a.start and b.end:
            return Resolution(a.start, b.end, a.precision, a.timex)
    m = re.fullmatch(r"(?:before|until|till|by)\s+(.+)", t, re.IGNORECASE)
    if m:
        inner = resolve_full(m.group(1), anchor, tense)
        if inner is not None and inner.start is not None:
            return Resolution(None, inner.start - timedelta(days=1), "open-interval", inner.timex)
    return _dateparser_fallback(t, anchor)


_DP_SETTINGS: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                                "STRICT_PARSING": False}  # fmt: skip


def _dateparser_fallback(text: str, anchor: date | None) -> Resolution | None:
    """Absolute dates the grammar missed ("2025/04/07", "7.4.2025"); arithmetic only."""
    if not re.search(r"\d", text) or anchor is None and not re.search(r"\d{4}", text):
        return None
    try:
        from datetime import datetime

        import dateparser

        settings = dict(_DP_SETTINGS)
        if anchor is not None:
            settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception as exc:  # dateparser raises many kinds on odd input
        log.debug("dateparser failed on %r: %s", text, exc)
        return None
    if parsed is None:
        return None
    return _day(parsed.date())


def resolve(text: str, anchor: date | None) -> tuple[str | None, str | None, str] | None:
    """``(value_start, value_end, precision)`` for one expression, ``None`` if not a date.

    Durations ("for three weeks") and recurring sets are not dates and give ``None``.
    """
    r = resolve_full(_strip_signal(text), anchor) if not _is_range(text) else None
    if r is None:
        r = resolve_full(text.strip(), anchor)
    if r is None or r.kind in ("DURATION", "SET") and r.start is None and r.end is None:
        return None
    return r.iso()


def _is_range(text: str) -> bool:
    return bool(re.match(r"\s*(?:since|from|between|before|until|till|by)\b", text, re.I))


def _strip_signal(text: str) -> str:
    return re.sub(r"^\s*(?:in|on|at|during|for|over|of)\s+", "", text, flags=re.IGNORECASE)
