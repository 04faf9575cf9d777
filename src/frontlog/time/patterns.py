"""Where the temporal expressions are: a small grammar of general English time phrases.

The grammar is a list of named regex rules (``RULES``). The same rules serve twice: here,
to find spans in running text, and in ``resolve`` to interpret one span, so a phrase that
is found is always a phrase that can be resolved. spaCy DATE/TIME entities add spans the
grammar missed (trimmed to be tight). Spans follow TimeML habits: prepositions that only
signal a relation ("in", "on", "since") stay outside the atomic span; determiners and
modifiers that change the meaning ("the", "last", "more than ... ago") stay inside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# -- lexicons (general English; nothing here comes from any gold item) ----------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a few": 3, "a couple of": 2, "couple of": 2, "several": 3, "few": 3, "many": 5,
    "some": 3, "dozens of": 24, "a dozen": 12, "half a": 0.5, "a half": 0.5,
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "last": 4, "final": 4,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "fortnight": "W2", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
    "quarter": "Q", "weekend": "W",
}  # fmt: skip

# -- regex building blocks ------------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.|Apr\.|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon\.|Tues?\.|Wed\.|Thu(?:rs?)?\.|Fri\.|Sat\.)"
)
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_YEAR_ANY = r"(?:" + _YEAR + r"|'\d\d)"
_NUMW = (
    r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|a few|a couple of|couple of|several|few|many|some"
    r"|dozens of|a dozen|half a|(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
    r" and a half)"
)
_SPELLED_2 = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three"
    r"|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|(?:oh[\s-])?(?:one|two|three|four|five|six|seven|eight"
    r"|nine))"
)
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ie))s?"
_BIGUNIT = r"(?:day|night|week|fortnight|month|year|decade|centur(?:y|ie))s?"
_APPROX = (
    r"(?:(?:more|less|fewer) than|nearly|almost|about|around|roughly|approximately|some"
    r"|at least|at most|over|under|just over|just under|up to|barely|only|just)"
)
_PART = r"(?:morning|afternoon|evening|night|overnight)"
_MOD = (
    r"(?:early|late|mid|middle|the (?:end|beginning|start|middle|turn|close) of"
    r"|the (?:first|second|last) half of|(?:early|late|mid)-)"
)
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_REL = r"(?:last|next|this|coming|past|previous|following|current|same)"
_QORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_CLOCK = (
    r"(?:(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?:\s?(?:GMT|UTC|EST|EDT|CET|CEST|MSK|local time))?"
    r"|noon|midnight|midday)"
)
_TZ = r"(?:\s(?:GMT|UTC|EST|EDT|PST|PDT|CET|CEST|MSK|Kyiv time|Moscow time|local time))?"


@dataclass(frozen=True)
class Rule:
    """One phrase type: its name picks the resolver; kind is the TimeML type it yields."""

    name: str
    kind: str  # DATE | TIME | DURATION | SET
    pattern: re.Pattern[str]


def _r(name: str, kind: str, regex: str, flags: int = 0) -> Rule:
    return Rule(name, kind, re.compile(r"(?<![\w-])" + regex + r"(?![\w])", flags))


_I = re.IGNORECASE

# Ordered longest-first in spirit; overlaps are settled by span length, then rule order.
RULES: list[Rule] = [
    # absolute dates
    _r("iso_date", "DATE", r"(?P<y>" + _YEAR + r")-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)"),
    _r(
        "us_numeric",
        "DATE",
        r"(?P<m>1[0-2]|0?[1-9])/(?P<d>[0-3]?\d)/(?P<y>" + _YEAR + r"|\d\d)",
    ),
    _r(
        "month_day",
        "DATE",
        r"(?:(?P<wd>" + _WEEKDAY + r"),?\s)?(?P<mon>" + _MONTH + r")\s(?P<d>" + _DAYNUM + r")"
        r"(?:(?:,\s?|\s)(?P<y>" + _YEAR_ANY + r"))?(?!\s?(?:%|percent))",
    ),
    _r(
        "day_month",
        "DATE",
        r"(?:(?P<wd>" + _WEEKDAY + r"),?\s)?(?:the\s)?(?P<d>" + _DAYNUM + r")\s(?:of\s)?"
        r"(?P<mon>" + _MONTH + r")(?:,?\s(?P<y>" + _YEAR_ANY + r"))?",
    ),
    _r(
        "month_year",
        "DATE",
        r"(?:(?P<mod>"
        + _MOD
        + r")\s?)?(?P<mon>"
        + _MONTH
        + r"),?\s(?:of\s)?(?P<y>"
        + _YEAR_ANY
        + r")",
    ),
    # weekdays and parts of days
    _r(
        "weekday",
        "DATE",
        r"(?:(?:early|late)\s)?(?:(?:the\s)?(?P<rel>last|next|this|this coming|coming|past"
        r"|previous)\s)?(?P<wd>" + _WEEKDAY + r")(?:\s(?P<part>" + _PART + r"))?",
    ),
    _r(
        "part_rel",
        "TIME",
        r"(?P<rel>this|yesterday|tomorrow|last|early this|late this|earlier this|later this)\s"
        r"(?P<part>morning|afternoon|evening|night)",
        _I,
    ),
    _r("tonight", "TIME", r"(?P<w>tonight|overnight)", _I),
    _r(
        "deictic",
        "DATE",
        r"(?:(?:early|late)\s)?(?P<w>today|yesterday|tomorrow|the day before yesterday"
        r"|the day after tomorrow)",
        _I,
    ),
    # clock times (optionally with a day attached)
    _r(
        "clock",
        "TIME",
        r"(?:about\s|around\s|shortly after\s|shortly before\s|just after\s|just before\s)?"
        r"(?P<clock>"
        + _CLOCK
        + r")"
        + _TZ
        + r"(?:\s(?:on\s)?(?P<day>today|yesterday|tomorrow|"
        + _WEEKDAY
        + r"))?",
    ),
    # relative periods: "last week", "earlier this month", "the coming year"
    _r(
        "rel_period",
        "DATE",
        r"(?P<pre>(?:(?:earlier|later|early|late|mid|the end of|the beginning of|the start of"
        r"|the rest of|the middle of)\s)?(?:the\s)?)(?P<rel>last|next|this|coming|past|previous"
        r"|following|current|same)\s(?P<unit>week|weekend|month|year|decade|century"
        r"|quarter|fiscal year|spring|summer|fall|autumn|winter|half)",
        _I,
    ),
    _r(
        "the_unit",
        "DATE",
        r"(?P<w>the weekend|the (?:latest|most recent|year-earlier|year-ago|previous|prior)"
        r"\s(?:quarter|period|year|month|week)|the quarter|the year-ago period)",
        _I,
    ),
    # "N units ago", "more than three years ago", "a year earlier"
    _r(
        "ago",
        "DATE",
        r"(?:(?P<q>"
        + _APPROX
        + r")\s)?(?P<n>"
        + _NUMW
        + r")[\s-](?P<unit>"
        + _BIGUNIT
        + r"|hours?|minutes?)\s(?P<dir>ago|earlier|before|later|after|from now|hence|prior)",
        _I,
    ),
    _r("year_earlier", "DATE", r"(?P<w>year-earlier|year-ago)", _I),
    # "the past three years" (anchored duration), "the next two weeks"
    _r(
        "past_n",
        "DURATION",
        r"the\s(?P<rel>past|last|next|coming|previous|first|final)\s(?:(?P<q>"
        + _APPROX
        + r")\s)?(?P<n>"
        + _NUMW
        + r")\s(?P<unit>"
        + _UNIT
        + r")",
        _I,
    ),
    # durations: "three weeks", "more than a year", "24 hours"
    _r(
        "duration",
        "DURATION",
        r"(?:the\s)?(?:(?P<q>"
        + _APPROX
        + r")\s)?(?P<n>"
        + _NUMW
        + r")[\s-](?P<unit>"
        + _UNIT
        + r")(?:\s(?:and\s)?(?:a\shalf))?(?:[\s-]long|(?P<old>[\s-]old))?",
        _I,
    ),
    _r(
        "bare_units",
        "DURATION",
        r"(?P<w>(?:recent\s|the\s)?(?:days|weeks|months|years|decades"
        r"|hours))(?=\s(?:ago|of|after|before|earlier|later|to come))",
        _I,
    ),
    # quarters, halves, fiscal years
    _r(
        "quarter",
        "DATE",
        r"(?:the\s)?(?:(?P<yq>" + _YEAR + r")\s|(?P<rq>year-ago|year-earlier|year-before"
        r"|last year's|next year's|this year's|the previous year's)\s)?"
        r"(?P<ord>" + _QORD + r"|final|last)[\s-](?:fiscal\s)?quarter"
        r"(?:\s(?:of\s)?(?:fiscal\s)?(?P<y>" + _YEAR + r"))?",
        _I,
    ),
    _r("q_abbrev", "DATE", r"(?P<ord>Q[1-4])(?:\s(?P<y>" + _YEAR + r"))?"),
    _r(
        "half",
        "DATE",
        r"(?:the\s)?(?P<ord>first|second|1st|2nd)[\s-]half(?:\s(?:of\s)?(?P<y>" + _YEAR + r"))?",
        _I,
    ),
    _r("fiscal", "DATE", r"(?:fiscal(?:\syear)?|FY)\s?(?P<y>" + _YEAR + r"|\d\d)", _I),
    # seasons
    _r(
        "season",
        "DATE",
        r"(?:(?P<mod>early|late|mid)[\s-])?(?P<season>"
        + _SEASON
        + r")(?:\s(?:of\s)?(?P<y>"
        + _YEAR
        + r"))",
        _I,
    ),
    # months, years, decades
    _r(
        "month",
        "DATE",
        r"(?:(?P<mod>" + _MOD + r")\s?)?(?:(?P<rel>last|next|this|this past|this coming|"
        r"coming|past)\s)?(?P<mon>January|February|March|April|May|June|July|August|September"
        r"|October|November|December|Sept\.|Oct\.|Nov\.|Dec\.|Jan\.|Feb\.|Aug\.)",
    ),
    _r("year", "DATE", r"(?:(?P<mod>" + _MOD + r")\s?)?(?P<y>" + _YEAR + r")(?!\s?(?:%|-|/))"),
    _r(
        "decade",
        "DATE",
        r"(?:(?P<mod>early|late|mid)[\s-])?(?:the\s)?(?P<dec>(?:1[5-9]|20)\d0s|'\d0s"
        r"|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
        _I,
    ),
    _r(
        "month_rel_year",
        "DATE",
        r"(?P<mon>" + _MONTH + r")\s(?:of\s)?(?P<rel>this|last|next)\syear",
    ),
    # anaphoric: relative to the last date the text mentioned
    _r(
        "anaphor",
        "DATE",
        r"(?P<w>(?:(?:earlier|later)\s(?:on\s)?)?(?:that|the same|the following|the next"
        r"|the previous|the prior|the preceding)\s(?P<unit>day|week|month|year|morning"
        r"|afternoon|evening|night|weekend)|the day (?:before|after)|(?:earlier|later) in the"
        r" (?P<unit2>day|week|month|year))",
        _I,
    ),
    _r(
        "this_unit",
        "DATE",
        r"(?P<w>the (?:full |fiscal |current |calendar |whole |entire )?year|year-end|year end"
        r"|year's end|the current (?:month|week|quarter)|the (?P<mod>end|beginning|start"
        r"|middle|rest|close) of the (?P<u>year|month|week))",
        _I,
    ),
    _r(
        "spelled_year",
        "DATE",
        r"(?:the year\s)?(?P<w>nineteen[\s-](?:hundred[\s-](?:and\s)?)?"
        + _SPELLED_2
        + r"|(?:(?<=\bin\s)|(?<=\bsince\s)|(?<=\bthe year\s))two thousand(?:\s(?:and\s)?"
        + _SPELLED_2
        + r")?)",
        _I,
    ),
    _r(
        "century",
        "DATE",
        r"(?:the\s)?(?P<cn>\d{1,2})(?:st|nd|rd|th)[\s-]century|(?:the\s)?(?P<cw>"
        r"(?:twenty-)?first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
        r"|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
        r"|twentieth)[\s-]century",
        _I,
    ),
    # deictic references: now, recently, the future
    _r(
        "present_ref",
        "DATE",
        r"(?P<w>now|currently|at present|at the moment|nowadays|these days|at this time"
        r"|right now|presently|the present|so far this year)",
        _I,
    ),
    _r(
        "past_ref",
        "DATE",
        r"(?P<w>(?:more\s)?recently|lately|recent (?:days|weeks"
        r"|months|years)|the past|previously|earlier|formerly|once|some time ago"
        r"|long ago|a while ago|not long ago|(?:the\s)?(?:last|past|recent)\sfew\s(?:days"
        r"|weeks|months|years|decades)|past (?:years|decades|months))",
        _I,
    ),
    _r(
        "future_ref",
        "DATE",
        r"(?P<w>the future|the near future|soon|shortly|in the coming (?:days|weeks|months"
        r"|years)|(?:the\s)?coming (?:days|weeks|months|years|quarters)|future (?:years"
        r"|quarters|months)|a later date|eventually|later)",
        _I,
    ),
    # holidays with fixed dates
    _r(
        "holiday",
        "DATE",
        r"(?P<w>Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Independence Day|Victory Day"
        r"|Valentine's Day|Halloween)(?:\s(?P<y>" + _YEAR + r"))?",
    ),
    # recurring
    _r(
        "set",
        "SET",
        r"(?P<w>(?:every|each)\s(?:(?:other|single)\s)?(?:" + _NUMW + r"\s)?(?:day|night|week"
        r"|month|year|morning|evening|weekend|hour|minute|days|weeks|months|years|hours"
        r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        r"|daily|nightly|weekly|monthly|yearly|annually|hourly|regularly|routinely|repeatedly"
        r"|(?:once|twice|three times|four times|" + _NUMW + r" times)\s(?:a|per|every)\s"
        r"(?:day|week|month|year|hour)|(?:on\s)?(?:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays"
        r"|Saturdays|Sundays))",
    ),
]

RULE_BY_NAME = {r.name: r for r in RULES}

# Words in the lexicon that are also common non-temporal words; need extra context.
_WEAK_WORDS = {"once", "earlier", "later", "some time ago", "eventually", "shortly", "soon",
               "may", "march", "the present", "lately", "previously", "formerly"}  # fmt: skip
# Only kept as time expressions when the careful reader would: "earlier" as an adverb
# ("said earlier") is a vague past reference, "later" likewise; both are too frequent and too
# vague to be worth emitting, so they are dropped from detection (resolve still knows them).
_DROP_FOR_DETECTION = {"earlier", "later", "once", "eventually", "shortly", "previously",
                       "formerly", "soon"}  # fmt: skip

# Function words after a 4-digit number that still allow it to be a year ("in 2022 and").
_YEAR_FOLLOWERS = {
    "and", "or", "to", "when", "that", "as", "after", "before", "in", "on", "at", "but",
    "with", "for", "by", "until", "through", "the", "a", "an", "was", "were", "is", "are",
    "had", "has", "have", "will", "would", "it", "he", "she", "they", "we", "i", "from",
    "elections", "election", "season", "levels", "level", "figures", "budget", "census",
    "war", "invasion", "olympics", "results", "earnings", "crisis", "vote", "campaign",
    "while", "which", "who", "where", "because", "than", "compared", "amid", "against",
    "so", "since", "during", "under", "ended", "alone", "onwards", "onward", "forward",
}  # fmt: skip


_COUNT_NOUNS = {"people", "km", "kilometers", "kilometres", "miles", "meters", "metres",
                "men", "women", "children", "feet", "square", "sq", "hectares", "tons",
                "tonnes", "of", "more", "other", "new", "million", "billion",
                "thousand"}  # fmt: skip


@dataclass
class Found:
    """A detected span with the rule that found it (rule None: from spaCy only)."""

    start: int
    end: int
    text: str
    rule: str | None
    kind: str
    groups: dict[str, Any]


def _year_ok(text: str, m: re.Match[str]) -> bool:
    """A bare 4-digit number is a year only when its neighbours say so."""
    before = text[max(0, m.start() - 12) : m.start()]
    if re.search(r"[$€£¥#]\s?$|\d[,.]\s?$|No\.\s?$|[Nn]umber\s$", before):
        return False
    after = text[m.end() : m.end() + 20]
    if re.match(r"\s?(?:%|percent|[-/]\d|,\d|\.\d|\s?\d)", after):
        return False
    nxt = re.match(r"\s([A-Za-z]+)", after)
    if nxt:
        word = nxt.group(1)
        # "2000 troops", "1500 people": a count; "2014 elections" stays a year
        if (
            word.islower()
            and word not in _YEAR_FOLLOWERS
            and (
                (word.endswith("s") and len(word) > 3 and not word.endswith("ss"))
                or word in _COUNT_NOUNS
            )
        ):
            return False
    return True


def _month_ok(text: str, m: re.Match[str]) -> bool:
    """'May' and 'March' are also a modal and a verb/noun: need capital and no verb use."""
    mon = m.group("mon")
    if mon.lower() == "may" and not m.group("mod") and not m.group("rel"):
        before = text[max(0, m.start() - 20) : m.start()]
        after = text[m.end() : m.end() + 12]
        if not re.search(
            r"\b(?:in|of|since|until|by|from|to|through|early|late|mid|last|next|this|during"
            r"|before|after|between|and)\s$",
            before,
        ) and not re.match(r"[\s,.;:]*(?:$|[.;:,]|\s(?:and|or)\b)", after):
            return False
    if mon.lower() == "march" and not m.group("mod") and not m.group("rel"):
        before = text[max(0, m.start() - 20) : m.start()]
        after = text[m.end() : m.end() + 4]
        # "a march", "the March on Washington": noun uses; a month is preceded by a
        # preposition or stands at a clause end.
        if re.search(r"\b(?:a|the|to|will|would|protesters|they|we)\s$", before) and not re.match(
            r"[\s]*(?:[.;,]|$)", after
        ):
            return False
    return True


def _weekday_ok(text: str, m: re.Match[str]) -> bool:
    """Abbreviations need a following digit context; 'Sun.' etc. are risky otherwise."""
    wd = m.group("wd")
    return not (wd.endswith(".") and len(wd) <= 6 and not m.group("rel") and not m.group("part"))


def _candidates(text: str, rejected: set[tuple[int, int]] | None = None) -> list[Found]:
    """Every rule match that passes its context check; failures go to ``rejected``."""
    out: list[Found] = []
    for order, rule in enumerate(RULES):
        for m in rule.pattern.finditer(text):
            if m.end() <= m.start():
                continue
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            if not _context_ok(text, rule.name, m, g):
                if rejected is not None:
                    rejected.add((m.start(), m.end()))
                continue
            start = m.start()
            if rule.name == "quarter" and re.match(r"the\s\w+-quarter", m.group(0), _I):
                start += 4  # "the third-quarter profit": "the" belongs to "profit"
            g["_order"] = order
            out.append(Found(start, m.end(), text[start : m.end()], rule.name, rule.kind, g))
    return out


def _context_ok(text: str, rule: str, m: re.Match[str], g: dict[str, Any]) -> bool:
    if rule == "year":
        return _year_ok(text, m)
    if rule == "month":
        return _month_ok(text, m)
    if rule == "weekday":
        return _weekday_ok(text, m)
    if rule in ("past_ref", "future_ref"):
        return g.get("w", "").lower() not in _DROP_FOR_DETECTION
    if rule == "duration":
        return not _is_not_duration(text, m)
    if rule == "clock":
        # "2:02:53" is a race time, "1:3" a ratio
        return not re.match(r"[:.]\d", text[m.end() : m.end() + 2])
    return True


def _is_not_duration(text: str, m: re.Match[str]) -> bool:
    """'two days' is a duration; 'one day' (= some day), 'a day after' in a quantity are not."""
    n = m.group("n").lower()
    unit = m.group("unit").lower()
    if n in ("some", "many", "few") and not m.group("q"):
        return True
    if m.group("old") or re.match(r"[\s-]old\b", text[m.end() : m.end() + 5]):
        return True  # ages ("a 45-year-old man") are not time expressions
    if n == "one" and unit in ("day", "night") and not m.group("q"):
        return True
    after = text[m.end() : m.end() + 8]
    # "five-year plan" style adjectives are still durations in TimeML; "two years old" ages too.
    return bool(re.match(r"\s?(?:%|percent)", after))


def _select(cands: list[Found]) -> list[Found]:
    """Keep non-overlapping spans: longest first, then the earlier rule."""
    cands.sort(key=lambda f: (-(f.end - f.start), f.groups.get("_order", 99), f.start))
    taken: list[Found] = []
    for f in cands:
        if any(f.start < t.end and t.start < f.end for t in taken):
            continue
        taken.append(f)
    taken.sort(key=lambda f: f.start)
    return taken


_LEAD_TRIM = re.compile(
    r"^(?:(?:in|on|at|by|since|until|till|from|to|during|for|of|before|after|through|between"
    r"|and|or|as|about|within|over|around|into|than|—|–|-|,)\s+)+",
    re.IGNORECASE,
)
_TRAIL_TRIM = re.compile(r"(?:\s+(?:and|or|to|but|,|—|–|-)|[\s,.;:'\")\]]|'s)+$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Tighten a spaCy span: no leading signal words, no trailing conjunctions/punctuation."""
    span = text[start:end]
    m = _LEAD_TRIM.match(span)
    if m:
        start += m.end()
        span = text[start:end]
    m = _TRAIL_TRIM.search(span)
    if m and m.start() > 0:
        end = start + m.start()
    # keep "a.m." style abbreviations whole
    if end < len(text) and text[end : end + 1] == "." and re.search(r"\b[ap]\.m$", text[start:end]):
        end += 1
    return start, end


def find_spans(text: str, spacy_doc: Any = None) -> list[Found]:
    """All atomic temporal expressions in ``text`` (grammar first, spaCy fills gaps)."""
    rejected: set[tuple[int, int]] = set()
    found = _select(_candidates(text, rejected))
    if spacy_doc is not None:
        for ent in spacy_doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            s, e = _trim(text, ent.start_char, ent.end_char)
            if e <= s or not re.search(r"[A-Za-z0-9]", text[s:e]):
                continue
            if any(s < f.end and f.start < e for f in found) or (s, e) in rejected:
                continue  # the grammar has it, or has ruled it out ("May" the person)
            span = text[s:e]
            if _spacy_junk(span):
                continue
            found.append(Found(s, e, span, None, ent.label_, {}))
        found.sort(key=lambda f: f.start)
    return found


# Adjectives and bare day parts spaCy tags DATE/TIME that carry no date of their own.
_SPACY_NOISE = {"annual", "quarterly", "olympic", "a second", "seasonal", "biennial",
                "morning", "evening", "afternoon", "night", "the night", "the morning",
                "the evening", "the day", "day", "the time", "time"}  # fmt: skip


def _spacy_junk(span: str) -> bool:
    """spaCy DATE spans that are ages, plain numbers or ordinals, not times."""
    low = span.lower()
    if re.fullmatch(r"[\d,.\s]+", span) and not re.fullmatch(_YEAR, span):
        return True
    if re.search(r"\b(?:old|aged?)\b", low):
        return True
    if low in _SPACY_NOISE or low.endswith(" of"):
        return True
    return bool(re.fullmatch(r"(?:the\s)?(?:first|second|third|\d+(?:st|nd|rd|th))", low))
