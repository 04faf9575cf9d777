"""Plain-text extraction: boilerplate scoring by general features, cross-document repeats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontlog.extract import ExtractionError, document_from_text, remove_repeated_blocks
from frontlog.extract.text import score_paragraph, split_paragraphs, strip_quotes

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "frontlog" / "samples"

# A short news report written for these tests (not taken from any source).
NEWS = [
    "Russian forces shelled the town of Kostiantynivka in Ukraine's Donetsk region on "
    "Thursday, killing one man and damaging a school, the regional governor said.",
    "Ukraine's General Staff said its troops had repelled 21 Russian attacks near the town "
    "over the past day, while Russia's Defense Ministry said it had destroyed two Ukrainian "
    "ammunition depots.",
    "“We are strengthening our defences every day and we will hold this town,” a brigade "
    "spokesman told local television.",
    "The claims could not be independently verified.",
]


def _doc(tail: list[str], head: list[str] = NEWS) -> tuple:
    doc = document_from_text("\n".join(head + tail), publisher="Test Wire")
    return doc, doc.body.split("\n")


# -- the seed article -----------------------------------------------------------------------


def test_seed_article_keeps_nine_news_paragraphs() -> None:
    path = SAMPLES / "moscow-times-belgorod.txt"
    meta = json.loads((SAMPLES / "moscow-times-belgorod.txt.meta.json").read_text())
    raw = path.read_text(encoding="utf-8")
    doc = document_from_text(raw, **meta)
    lines = [ln.strip() for ln in raw.split("\n")]
    assert doc.body.split("\n") == lines[:9]
    assert len(doc.paragraphs) == 9
    assert doc.publisher == "The Moscow Times" and doc.published == "2025-04-07"
    removed = [r.text for r in doc.removed]
    assert removed == [ln for ln in lines[9:] if ln]
    assert all(r.reason for r in doc.removed)
    for p in doc.paragraphs:
        assert doc.body[p.start : p.end].strip() == doc.body[p.start : p.end]


# -- appeal / furniture styles appended to a news report ----------------------------------

STYLES = {
    "newsletter": (
        ["Sign up for our free morning newsletter and get the day's top stories in your inbox."],
        "call to action",
    ),
    "donation with greeting and button": (
        [
            "Hello, friends!",
            "Reporting from the front line costs money. If you can, chip in €10 today and "
            "help us keep our correspondents on the ground.",
            "Donate now",
        ],
        "greeting",
    ),
    "cookie notice": (
        [
            "This website uses cookies to give you the best experience. By clicking Accept "
            "you agree to our cookie policy.",
            "Accept",
        ],
        "cookies/privacy",
    ),
    "read also link": (["Read also: Air defence crews brace for a long winter"], "link/label"),
    "share line": (["Share this story: Facebook | X | Telegram | Email"], "share/social links"),
    "copyright": (["© 2025 Northern Wire Media. All rights reserved."], "copyright"),
    "paywall": (
        [
            "Subscribers get unlimited access to our analysis. Subscribe today for $1 for your "
            "first month."
        ],
        "call to action",
    ),
    "follow us": (["Follow us on Telegram and WhatsApp for live updates."], "call to action"),
    "membership appeal": (
        [
            "Dear supporters,",
            "Our newsroom has covered this war since the first day, from Kharkiv to Odesa. "
            "We have never put our journalism behind a paywall, and we never will.",
            "That is only possible because of readers who chip in. Become a member today.",
        ],
        "greeting",
    ),
    "button labels": (["Maybe later", "No, thanks"], "call to action"),
    "most read list": (
        [
            "Most read",
            "Kyiv metro reopens after overnight alert",
            "Grain corridor ships leave Odesa port",
        ],
        "link/label",
    ),
    "thanks footer": (
        ["Thank you for reading. Please support our reporting with a gift of any size."],
        "call to action",
    ),
}


@pytest.mark.parametrize("name", sorted(STYLES))
def test_trailing_furniture_is_removed_with_reason(name: str) -> None:
    tail, signal = STYLES[name]
    doc, lines = _doc(tail)
    assert lines == NEWS, name
    assert [r.text for r in doc.removed] == tail
    assert signal in " ".join(r.reason for r in doc.removed)


def test_mid_article_plug_removed_but_following_news_kept() -> None:
    plug = "Get our daily briefing: subscribe to our newsletter."
    doc, lines = _doc([], head=NEWS[:2] + [plug, "Advertisement"] + NEWS[2:])
    assert lines == NEWS
    assert [r.text for r in doc.removed] == [plug, "Advertisement"]
    assert "call to action" in doc.removed[0].reason


# -- news that looks like an appeal on the surface must stay ------------------------------

KEEP = [
    "“We will support our partners for as long as it takes,” the foreign ministers said in a "
    "joint statement after the meeting in Brussels.",
    '"We need your help to find the missing," the police chief told reporters, urging '
    "residents to send any photos of the explosion.",
    "Local officials urged people to donate blood after the strike on the railway station, "
    "which wounded at least 30 passengers.",
    "The governor said the region would pay 50,000 hryvnias to each family whose home was "
    "destroyed, and urged them to register at the administration.",
    "“Subscribe to nothing, believe no rumours, follow only official channels,” the regional "
    "administration said in a message to residents on Telegram.",
    "Aid groups said they had collected $2 million in donations for people evacuated from "
    "the frontline villages.",
]


@pytest.mark.parametrize("para", KEEP)
def test_reported_speech_and_quotes_are_kept(para: str) -> None:
    doc, lines = _doc([para])
    assert lines == NEWS + [para]
    assert doc.removed == []


def test_quoted_paragraph_in_the_middle_of_an_appeal_tail_still_ends_news() -> None:
    # a quoted official after the appeal box is news: the box alone goes
    box = "Sign up for our newsletter to get alerts in your inbox."
    quote = "“We will rebuild the bridge by autumn,” the mayor said on Friday."
    doc, lines = _doc([box, quote])
    assert lines == NEWS + [quote]
    assert [r.text for r in doc.removed] == [box]


def test_strip_quotes_keeps_apostrophes() -> None:
    text = "Ukraine’s army said: “we hold the line”, and ‘we will win’ is repeated."
    out = strip_quotes(text)
    assert "Ukraine’s army said" in out and "hold the line" not in out and "we will" not in out


def test_scores_separate_voice() -> None:
    appeal = score_paragraph("If you can, please support us with $5 a month.")
    news = score_paragraph("“If you can, please support us,” the mayor said on Monday.")
    assert appeal.strong and "currency" in appeal.signals
    assert not news.strong and news.clear_news


# -- splitting, errors, metadata -----------------------------------------------------------


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Russian drones attacked the port of Izmail overnight, damaging grain\n"
        "silos and a warehouse, the regional governor said on Sunday morning.\n"
        "\n"
        "Romania's defence ministry said no drone had entered its airspace during\n"
        "the attack, which lasted more than three hours.\n"
    )
    assert split_paragraphs(text) == [
        "Russian drones attacked the port of Izmail overnight, damaging grain silos and a "
        "warehouse, the regional governor said on Sunday morning.",
        "Romania's defence ministry said no drone had entered its airspace during the attack, "
        "which lasted more than three hours.",
    ]


def test_empty_and_boilerplate_only_texts_raise() -> None:
    with pytest.raises(ExtractionError, match="empty"):
        document_from_text("   \n\n ")
    with pytest.raises(ExtractionError, match="no article text"):
        document_from_text("Subscribe to our newsletter for your daily briefing.\nNo, thanks")


def test_metadata_and_offsets() -> None:
    doc = document_from_text(
        "  First line of news, the army said.  \n\n\tSecond line, officials said.",
        url="https://example.org/a",
        publisher="P",
        published="2025-01-02",
        language=None,
        title="T",
        raw_location="file.txt",
    )
    assert doc.body == "First line of news, the army said.\nSecond line, officials said."
    assert (doc.url, doc.publisher, doc.published, doc.language, doc.title) == (
        "https://example.org/a",
        "P",
        "2025-01-02",
        "en",
        "T",
    )
    assert doc.raw_location == "file.txt"
    assert [doc.body[p.start : p.end] for p in doc.paragraphs] == doc.body.split("\n")
    assert doc.id


# -- cross-document repeats ----------------------------------------------------------------

FOOTER = (
    "This report was prepared by the night desk in Lviv with material from regional "
    "correspondents and was checked against official statements before publication on {d}."
)


def _wire(n: int, publisher: str = "Northern Wire") -> list:
    stories = [
        "A drone hit an oil depot near Bryansk on Monday, the regional governor said.",
        "Two people were wounded when shells hit a market in Nikopol, officials said.",
        "Air raid alerts sounded across eastern Ukraine for four hours overnight.",
        "Poland scrambled jets after Russian missiles struck western Ukraine, it said.",
        "The Kherson regional administration said power was restored to 12,000 homes.",
    ]
    return [
        document_from_text(
            f"{stories[i]}\n{FOOTER.format(d=f'{10 + i} March')}", publisher=publisher
        )
        for i in range(n)
    ]


def test_repeated_paragraph_removed_across_publisher_documents() -> None:
    docs = _wire(4)
    out = remove_repeated_blocks(docs)
    for before, after in zip(docs, out, strict=True):
        assert after.body == before.body.split("\n")[0]
        reasons = [r.reason for r in after.removed]
        assert reasons == ["repeated in 4 documents of publisher Northern Wire"]
        assert after.paragraphs[0].end == len(after.body)
    assert docs[0].removed == []  # inputs untouched


def test_repeats_need_enough_documents_of_one_publisher() -> None:
    two = _wire(2)
    assert [d.body for d in remove_repeated_blocks(two)] == [d.body for d in two]
    mixed = _wire(2) + _wire(2, publisher="Other Wire")
    assert [d.body for d in remove_repeated_blocks(mixed)] == [d.body for d in mixed]
    assert len(remove_repeated_blocks(_wire(3), min_docs=3)[0].paragraphs) == 1


def test_leading_menu_lines_removed_but_headline_kept() -> None:
    head = ["Home | War | Politics | Subscribe", "Log in", "Shelling kills one in Kostiantynivka"]
    doc, lines = _doc([], head=head + NEWS)
    assert lines == ["Shelling kills one in Kostiantynivka"] + NEWS
    assert [r.text for r in doc.removed] == head[:2]
    assert all("before the first news paragraph" in r.reason for r in doc.removed)


def test_subheadings_and_editor_note_in_the_middle_are_kept() -> None:
    body = (
        NEWS[:2]
        + ["Evacuations continue"]
        + NEWS[2:]
        + [
            "Volunteers said they had raised $40,000 in donations for ambulances this month.",
            "This article was updated with comment from Ukraine's General Staff.",
        ]
    )
    doc, lines = _doc([], head=body)
    assert lines == body
    assert doc.removed == []


def test_continued_quote_without_closing_mark_is_news() -> None:
    body = NEWS + [
        "“We ask you to stay in shelters until the all-clear,” the mayor said. “Our crews "
        "will work through the night, and you will be informed about every step",
    ]
    doc, lines = _doc([], head=body)
    assert lines == body


def test_copies_of_one_story_are_not_mistaken_for_boilerplate() -> None:
    story = NEWS + ["Officials said more details would follow on Friday."]
    copies = [
        document_from_text("\n".join(story[:-1] + [f"Update {i}: no change."]), publisher="W")
        for i in range(4)
    ]
    out = remove_repeated_blocks(copies)
    assert [d.body for d in out] == [d.body for d in copies]
