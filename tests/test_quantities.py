"""Quantities: values, units, what they measure, qualifiers; and what is not a quantity."""

from __future__ import annotations

import pytest

from frontlog.model import Document
from frontlog.pipeline import Context, get_stage
from frontlog.quantities import find_quantities, parse_number


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, [(q.text, q.value, q.unit) for q in found]
    return found[0]


def test_area_with_converted_alternative_is_one_quantity() -> None:
    text = "Kyiv says its units hold a 20-square-kilometre (eight-square-mile) pocket nearby."
    q = one(text)
    assert (q.value, q.unit, q.measures) == (20, "km2", "area")
    assert q.alternatives == [{"value": 8, "unit": "mi2"}]
    assert q.text == "20-square-kilometre (eight-square-mile)"
    assert text[q.start : q.end] == q.text


def test_area_in_miles_is_normalised_to_km2() -> None:
    q = one("The occupied zone covers about 100 square miles.")
    assert q.unit == "km2" and q.value == pytest.approx(258.999, abs=0.01)
    assert q.about and q.alternatives == [{"value": 100, "unit": "mi2"}]


def test_population_with_approximation() -> None:
    q = one("It is a province with a population of roughly 2.3 million near the front.")
    assert (q.value, q.unit, q.measures, q.about) == (2_300_000, "people", "population", True)
    assert q.text == "roughly 2.3 million"


def test_killed_object_of_verb() -> None:
    q = one("The glide bomb killed three civilians in the market.")
    assert (q.value, q.unit, q.measures) == (3, "people", "killed")


def test_wounded_with_at_least() -> None:
    q = one("At least 17 wounded were taken to hospital.")
    assert (q.value, q.measures, q.qualifier) == (17, "wounded", "at_least")
    q = one("Officials said more than 40 people were injured.")
    assert (q.value, q.measures, q.qualifier) == (40, "wounded", "more_than")


def test_people_were_killed() -> None:
    q = one("Nine people were killed when the missile struck.")
    assert (q.value, q.measures) == (9, "killed")


def test_drones_and_missiles() -> None:
    found = find_quantities("Air defence units downed 38 drones and four cruise missiles.")
    got = [(q.value, q.unit, q.measures) for q in found]
    assert got == [(38, "drones", "drones"), (4, "missiles", "missiles")]


def test_equipment() -> None:
    q = one("The brigade destroyed 12 Russian tanks near the river.")
    assert (q.value, q.unit, q.measures, q.text) == (12, "tanks", "equipment", "12 Russian tanks")


def test_distance_and_alternative() -> None:
    q = one("The town lies 25 kilometers (16 miles) from the border.")
    assert (q.value, q.unit, q.measures) == (25, "km", "distance")
    assert q.alternatives == [{"value": 16, "unit": "mi"}]
    q = one("Troops advanced 3 miles overnight.")
    assert q.unit == "km" and q.value == pytest.approx(4.828, abs=0.001)


def test_range_and_up_to() -> None:
    q = one("Between 200 and 300 soldiers crossed the river.")
    assert (q.value, q.value_max, q.qualifier) == (200, 300, "range")
    q = one("The drone carries up to 40 kilometers of range.")
    assert (q.value, q.qualifier) == (40, "up_to")


def test_word_numbers_and_vague_plurals() -> None:
    assert parse_number("twenty-one") == 21
    assert parse_number("two hundred") == 200
    assert parse_number("1,250") == 1250
    q = one("Twenty-one soldiers surrendered.")
    assert (q.value, q.unit) == (21, "people")
    q = one("Dozens of residents were evacuated.")
    assert (q.value, q.about, q.qualifier) == (24, True, "at_least")


@pytest.mark.parametrize(
    "text",
    [
        "It was the first time the city was hit.",
        "The offensive began in 2022.",
        "The siren sounded at 3 p.m. on Monday.",
        "A 45-year-old man was detained.",
        "The war started three years ago.",
        "He served for 12 years.",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_stage_fills_document() -> None:
    body = "Shelling killed two residents.\nUnits shot down 15 drones."
    doc = get_stage("quantities")(Document(body=body), Context())
    assert [q.id for q in doc.quantities] == ["Q1", "Q2"]
    assert [q.measures for q in doc.quantities] == ["killed", "drones"]
    assert all(body[q.start : q.end] == q.text for q in doc.quantities)


@pytest.mark.parametrize(
    ("text", "value", "unit", "measure"),
    [
        ("They hold about 13km2 of farmland.", 13, "km2", "area"),
        ("A 40 sq km strip was flooded.", 40, "km2", "area"),
        ("Positions within 5km of the river were shelled.", 5, "km", "distance"),
        ("A £13m repair fund was approved.", 13_000_000, "GBP", "money"),
        ("The strike left 3 dead and nobody else hurt.", 3, "people", "killed"),
        ("The brigade lost 4% of its vehicles.", 4, "percent", "percentage"),
    ],
)
def test_units_written_tightly(text: str, value: float, unit: str, measure: str) -> None:
    q = one(text)
    assert (q.value, q.unit, q.measures) == (value, unit, measure)
