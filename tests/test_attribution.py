"""Attribution constructions on sentences written for these tests (not from any article)."""

from __future__ import annotations

from frontlog.attribution.quotes import find_quotes
from frontlog.eval.attribution import parse_ann
from frontlog.model import Attribution, Document
from frontlog.pipeline import Context, run_document


def run(text: str, ctx: Context) -> Document:
    return run_document(Document(body=text, publisher="Test Wire"), ctx, ["nlp", "attribution"])


def by_kind(doc: Document, kind: str) -> list[Attribution]:
    return [a for a in doc.attributions if a.kind == kind]


def test_direct_quote_speaker_after_with_pronoun(ctx: Context) -> None:
    doc = run(
        "Defence Minister Rustem Umerov visited the front on Tuesday.\n"
        "“Our brigades are holding every position near the river,” he said.",
        ctx,
    )
    (a,) = by_kind(doc, "direct")
    assert a.content.text.startswith("Our brigades are holding")
    assert a.speaker_name.endswith("Umerov")
    assert a.cue == "said"


def test_straight_quotes_speaker_before(ctx: Context) -> None:
    doc = run('Colonel Maria Brandt said: "The convoy reached the depot at dawn."', ctx)
    (a,) = by_kind(doc, "direct")
    assert a.content.text == "The convoy reached the depot at dawn"
    assert a.speaker_name == "Maria Brandt"


def test_split_quote_both_halves_attributed(ctx: Context) -> None:
    doc = run("“We lost two vehicles,” the governor Anna Petrova said. “Nobody was hurt.”", ctx)
    direct = by_kind(doc, "direct")
    assert [a.content.text for a in direct] == ["We lost two vehicles", "Nobody was hurt"]
    assert {a.speaker_name for a in direct} == {"Anna Petrova"}


def test_multi_paragraph_quote() -> None:
    body = "“The bridge is gone.\n“We will rebuild it by spring,” the mayor said."
    quotes = find_quotes(body)
    assert [body[q.start : q.end] for q in quotes] == [
        "The bridge is gone",
        "We will rebuild it by spring",
    ]
    assert quotes[0].closed is False


def test_indirect_speech_content_is_the_complement(ctx: Context) -> None:
    doc = run("The Israeli army said on Sunday that its jets struck a depot in the south.", ctx)
    (a,) = by_kind(doc, "indirect")
    assert a.speaker_name == "Israel Defense Forces"
    assert a.content.text == "that its jets struck a depot in the south"
    assert a.cue == "said"


def test_statement_time_is_not_content(ctx: Context) -> None:
    doc = run("Russia’s military said in May it had repelled three assaults.", ctx)
    (a,) = by_kind(doc, "indirect")
    assert a.speaker_name == "Armed Forces of the Russian Federation"
    assert a.content.text == "it had repelled three assaults"


def test_told_reporters(ctx: Context) -> None:
    doc = run("General Ivan Kovalenko told reporters the shelling had stopped.", ctx)
    (a,) = by_kind(doc, "indirect")
    assert a.speaker_name == "Ivan Kovalenko" and a.cue == "told"
    assert "shelling had stopped" in a.content.text


def test_according_to_start_and_end(ctx: Context) -> None:
    doc = run(
        "According to the Kyiv Independent, two drones were shot down. "
        "Fuel prices rose sharply, according to Reuters.",
        ctx,
    )
    acc = by_kind(doc, "according_to")
    assert [a.content.text for a in acc] == [
        "two drones were shot down",
        "Fuel prices rose sharply",
    ]
    assert "Reuters" in acc[1].speaker_name


def test_nested_attribution_links_parent(ctx: Context) -> None:
    doc = run(
        "Prime Minister Karl Moss said General Lena Ortiz had reported on "
        "“heavy losses on both sides of the river.”",
        ctx,
    )
    direct = by_kind(doc, "direct")[0]
    assert direct.speaker_name == "Karl Moss"
    inner = [a for a in doc.attributions if a.speaker_name == "Lena Ortiz"]
    assert inner and inner[0].parent == direct.id


def test_group_speaker_gets_co_speakers(ctx: Context) -> None:
    doc = run("Mayor Tom Reyes and local officials said the curfew would be lifted.", ctx)
    (a,) = by_kind(doc, "indirect")
    assert a.speaker_name == "Tom Reyes"
    assert a.co_speakers == ["local officials"]


def test_role_description_speaker(ctx: Context) -> None:
    doc = run(
        "The country’s top prosecutor, Elena Marsh, opened an inquiry. "
        "The top prosecutor said the evidence was strong.",
        ctx,
    )
    (a,) = by_kind(doc, "indirect")
    assert a.speaker_name == "Elena Marsh"


def test_publisher_sentences_and_our_forces(ctx: Context) -> None:
    doc = run(
        "Artillery fire continued overnight near the border.\n"
        "“Our troops pushed them back,” Ukrainian President Petro Halyna said.",
        ctx,
    )
    pub = by_kind(doc, "publisher")
    assert pub and pub[0].content.text.startswith("Artillery fire continued")
    assert pub[0].speaker is None and pub[0].speaker_name == "Test Wire"
    forces = [e for e in doc.entities if e.name == "Armed Forces of Ukraine"]
    assert forces and any(m.text == "Our troops" for m in forces[0].mentions)


def test_parse_brat_discontinuous() -> None:
    ann = (
        "T1\tSource 0 5\tAnna\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\tx\n"
        "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    )
    (rel,) = parse_ann(ann)
    assert rel["content"] == [(11, 20), (25, 30)]
    assert rel["source"] == [(0, 5)]


def test_parenthetical_said_and_headline_colon(ctx: Context) -> None:
    doc = run(
        "Mayor Lisa Kern: Water Supply Restored\n"
        "The pipeline, Lisa Kern said, had been repaired by noon.",
        ctx,
    )
    colon = [a for a in doc.attributions if a.cue == ":"]
    assert colon and colon[0].content.text == "Water Supply Restored"
    paren = [a for a in doc.attributions if a.cue == "said"]
    assert paren and "had been repaired by noon" in paren[0].content.text
    assert "Lisa Kern" in paren[0].speaker_name
