"""HTML extraction: body without furniture, metadata from the page, hostile markup inert."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlog.extract import ExtractionError, document_from_html

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "frontlog" / "samples"

PARAS = [
    "Russian missiles struck an industrial site in the city of Dnipro on Friday morning, "
    "killing two workers and injuring nine, the regional governor said.",
    "Ukraine's air force said it had intercepted 12 of the 17 missiles fired at the region "
    "and that debris had damaged a kindergarten and several homes nearby.",
    "“Our air defence worked all night, and we thank every crew that was on duty,” the head "
    "of the regional council said in a video posted on Telegram.",
    "Russia's Defense Ministry said it had targeted a plant producing drones for the "
    "Ukrainian army. The claim could not be independently verified.",
]


def page(body_extra: str = "", head_extra: str = "", paras: list[str] = PARAS) -> str:
    ps = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">
<title>Missiles Hit Dnipro Industrial Site | Dnieper Courier</title>
<meta property="og:site_name" content="Dnieper Courier">
<meta property="og:title" content="Missiles Hit Dnipro Industrial Site">
<meta property="og:url" content="https://courier.example/2025/02/14/dnipro">
<meta property="article:published_time" content="2025-02-14T10:20:00+02:00">
{head_extra}</head><body>
<nav class="menu"><a href="/">Home</a> <a href="/war">War news today</a> <a href="/sport">Sport and
culture</a></nav>
<article><h1>Missiles Hit Dnipro Industrial Site</h1>{ps}</article>
<div class="donate-box"><p>Dear reader, the Dnieper Courier depends on you. Please support our
independent reporting with a donation from $3.</p><a href="/donate">Donate</a></div>
{body_extra}
<footer><p>© 2025 Dnieper Courier. All rights reserved. Contact the editorial office.</p></footer>
</body></html>"""


def test_body_keeps_article_paragraphs_only() -> None:
    doc = document_from_html(page())
    assert doc.body.split("\n") == PARAS
    assert [doc.body[p.start : p.end] for p in doc.paragraphs] == PARAS

    def reason(start: str) -> str:
        return next(r.reason for r in doc.removed if r.text.startswith(start))

    assert reason("Dear reader, the Dnieper") == "html: donation box"
    assert reason("© 2025 Dnieper Courier") == "html: page footer"
    assert reason("Home War news today") == "html: navigation"
    assert "Dear reader" not in doc.body and "All rights reserved" not in doc.body


def test_page_metadata() -> None:
    doc = document_from_html(page().encode("utf-8"))
    assert doc.title == "Missiles Hit Dnipro Industrial Site"
    assert doc.publisher == "Dnieper Courier"
    assert doc.published == "2025-02-14"
    assert doc.url == "https://courier.example/2025/02/14/dnipro"
    assert doc.language == "en"


def test_explicit_arguments_override_page_metadata() -> None:
    doc = document_from_html(
        page(),
        url="https://mirror.example/x",
        publisher="Mirror",
        published="2025-02-15",
        language="uk",
        title="Other title",
        raw_location="/tmp/x.html",
    )
    assert (doc.url, doc.publisher, doc.published, doc.language, doc.title) == (
        "https://mirror.example/x",
        "Mirror",
        "2025-02-15",
        "uk",
        "Other title",
    )
    assert doc.raw_location == "/tmp/x.html"


def test_hostile_markup_never_reaches_the_body() -> None:
    hostile = [
        PARAS[0] + '<script>alert("pwned")</script>',
        PARAS[1] + '<img src="x" onerror="alert(document.cookie)">',
        PARAS[2] + ' &lt;script&gt;steal()&lt;/script&gt; <a href="javascript:evil()">x</a>',
        PARAS[3] + '<iframe src="https://evil.example"></iframe><svg onload=alert(1)></svg>',
    ]
    doc = document_from_html(
        page(paras=hostile, head_extra="<script>document.write('<p>injected text</p>')</script>")
    )
    low = doc.body.lower()
    for bad in (
        "<script",
        "</script",
        "onerror",
        "alert(",
        "javascript:",
        "<img",
        "<iframe",
        "onload",
        "injected text",
        "<",
        ">",
    ):
        assert bad not in low, bad
    assert doc.body.split("\n")[0] == PARAS[0]
    assert any(r.reason == "markup-like text in page content" for r in doc.removed)


def test_newsletter_and_related_links_left_out() -> None:
    extra = """<aside class="related-stories"><h3>Related</h3><ul>
    <li><a href="/a">Kharkiv metro becomes a shelter again</a></li>
    <li><a href="/b">What Zaporizhzhia residents say about the front line</a></li></ul></aside>
    <div class="newsletter-signup"><p>Get the morning briefing in your inbox: sign up for our
    newsletter.</p></div>"""
    doc = document_from_html(page(body_extra=extra))
    assert doc.body.split("\n") == PARAS
    reasons = {r.text: r.reason for r in doc.removed}
    assert reasons["Kharkiv metro becomes a shelter again"] == "html: related links"
    assert (
        reasons["Get the morning briefing in your inbox: sign up for our newsletter."]
        == "html: newsletter box"
    )


@pytest.mark.parametrize("bad", ["", "   ", b"", b"\x00\x01\x02binary\x00" * 50])
def test_empty_or_binary_input_raises(bad: str | bytes) -> None:
    with pytest.raises(ExtractionError):
        document_from_html(bad)


def test_page_without_article_text_raises() -> None:
    with pytest.raises(ExtractionError, match="no article text"):
        document_from_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.html")))
def test_sample_pages(name: str) -> None:
    raw = (SAMPLES / name).read_text(encoding="utf-8")
    doc = document_from_html(raw, raw_location=name)
    assert len(doc.paragraphs) >= 6
    assert doc.publisher and doc.title and doc.published
    assert doc.published[:4] == "2025"
    for furniture in ("All rights reserved", "Subscribe", "newsletter", "Share", "Donate now"):
        assert furniture not in doc.body
    assert "said" in doc.body and "<" not in doc.body
    kinds = {r.reason for r in doc.removed}
    assert {"html: page footer", "html: navigation"} & kinds


def test_samples_exist_with_seed_copy() -> None:
    assert len(list(SAMPLES.glob("*.html"))) >= 4
    seed = SAMPLES / "moscow-times-belgorod.txt"
    assert seed.is_file() and (SAMPLES / "moscow-times-belgorod.txt.meta.json").is_file()


def test_declared_legacy_encoding_is_decoded() -> None:
    html = page().replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    doc = document_from_html(html)
    assert doc.body.split("\n")[2].startswith("“Our air defence worked all night")
