"""Coreference-lite: appositions, role descriptions, pronouns (own sentences)."""

from __future__ import annotations

from frontlog.model import Document, Entity
from frontlog.pipeline import Context, run_document


def ents(text: str, ctx: Context) -> dict[str, Entity]:
    doc = run_document(Document(body=text), ctx, ["nlp"])
    return {e.name: e for e in doc.entities}


def test_apposition_and_later_role_description(ctx: Context) -> None:
    e = ents(
        "Moldova’s army chief, General Victor Gaiciuc, inspected the depot. "
        "The army chief later left for the capital.",
        ctx,
    )
    person = e["Victor Gaiciuc"]
    texts = {m.text: m.kind for m in person.mentions}
    assert texts.get("Moldova’s army chief") == "description"
    assert texts.get("The army chief") == "description"
    assert any(t.startswith("General") for t in texts)


def test_pronoun_prefers_main_clause_subject(ctx: Context) -> None:
    text = (
        "Governor Ivan Fedorov said Mayor Anton Kost had reported damage.\n"
        "“We are repairing the roads,” he added."
    )
    e = ents(text, ctx)
    he = text.index(" he ") + 1
    assert any(m.start == he and m.kind == "pronoun" for m in e["Ivan Fedorov"].mentions)


def test_place_followed_by_region_is_not_a_person(ctx: Context) -> None:
    e = ents("Drones hit the Odesa and Mykolaiv regions overnight, officials said.", ctx)
    for name, ent in e.items():
        if name in ("Odesa", "Mykolaiv"):
            assert ent.type == "place"


def test_organisation_pronoun_in_reported_clause(ctx: Context) -> None:
    text = "The Israeli military said it had intercepted a missile."
    e = ents(text, ctx)
    idf = e["Israel Defense Forces"]
    assert any(m.text == "it" and m.kind == "pronoun" for m in idf.mentions)
