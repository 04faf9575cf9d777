"""Canonical entities: names, titles, actor aliases, mislabelled places (own sentences)."""

from __future__ import annotations

from frontlog.model import Document
from frontlog.nlp.entities import actor_mentions, actor_table
from frontlog.pipeline import Context, run_document


def entities_of(text: str, ctx: Context) -> dict[str, object]:
    doc = run_document(Document(body=text), ctx, ["nlp"])
    return {e.name: e for e in doc.entities}


def test_full_name_and_surname_merge_with_titles_stripped(ctx: Context) -> None:
    ents = entities_of(
        "Moldovan Prime Minister Dorin Recean visited the border on Friday. "
        "Recean said the crossing would stay open.",
        ctx,
    )
    person = ents["Dorin Recean"]
    assert person.type == "person"
    texts = [m.text for m in person.mentions]
    assert "Recean" in texts
    assert any(t.endswith("Prime Minister Dorin Recean") for t in texts)


def test_group_descriptions_map_to_canonical_actors(ctx: Context) -> None:
    text = (
        "Russian troops advanced near the river while Ukraine's military said its units "
        "held the line. Kyiv's forces later withdrew, and Israeli soldiers were not involved."
    )
    names = {f.text: f.name for f in actor_mentions(text)}
    assert names["Russian troops"] == "Armed Forces of the Russian Federation"
    assert names["Ukraine's military"] == "Armed Forces of Ukraine"
    assert names["Kyiv's forces"] == "Armed Forces of Ukraine"
    assert names["Israeli soldiers"] == "Israel Defense Forces"


def test_curly_apostrophes_and_literal_aliases(ctx: Context) -> None:
    ents = entities_of("Sudan’s army and the RSF fought in Omdurman, witnesses said.", ctx)
    assert "Rapid Support Forces" in ents
    assert ents["Rapid Support Forces"].type == "armed_group"


def test_alias_table_is_data_with_force_per_country() -> None:
    table = actor_table()
    assert table.forces["UA"]["name"] == "Armed Forces of Ukraine"
    assert table.forces["RU"]["name"] == "Armed Forces of the Russian Federation"
    assert table.country_words["kyiv"] == "UA"


def test_single_word_place_names_are_not_people(ctx: Context) -> None:
    ents = entities_of(
        "Shelling hit Kherson overnight. Governor Oleksandr Prokudin said two people were "
        "hurt near the village of Bilozerka and in the Zaporizhzhia region.",
        ctx,
    )
    assert ents["Oleksandr Prokudin"].type == "person"
    for name in ("Kherson", "Bilozerka", "Zaporizhzhia"):
        if name in ents:  # spaCy may or may not see the span; if it does, it is a place
            assert ents[name].type == "place", name


def test_mentions_point_into_the_body(ctx: Context) -> None:
    text = "General Mark Milley met Ukrainian troops. Milley praised the Ukrainian army."
    doc = run_document(Document(body=text), ctx, ["nlp"])
    for e in doc.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
