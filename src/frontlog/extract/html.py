"""HTML pages to a Document: trafilatura for the article body, htmldate for the date.

trafilatura returns text, never markup, so script/style content and event-handler
attributes cannot reach the body; text that merely *looks* like a tag (escaped
``&lt;script&gt;`` in a paragraph) is removed as well so no later consumer can render it.
Blocks of the page left out of the body are recorded in ``Document.removed`` with the
landmark they sat in (navigation, footer, donation box...), as provenance of absence.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from frontlog.extract.base import ExtractionError, build_document, clean_line
from frontlog.extract.text import remove_boilerplate
from frontlog.model import Document, Removed

log = logging.getLogger(__name__)

# Chosen on the extraction eval set (frontlog.eval.extraction, 181 pages): favor_precision
# scored F1 0.967 against 0.965 with the defaults and 0.964 with favor_recall; dropping
# tables cost recall (0.962). No rule here looks at any particular page.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "favor_precision": True,
    "favor_recall": False,
    "deduplicate": False,
}

MAX_REMOVED_BLOCKS = 200
MIN_WORDS = 5  # fewer words than a headline: a menu or an error page, not an article
MARKUP = re.compile(
    r"<\s*/?\s*(script|style|iframe|img|svg|object|embed|link|meta|form|input|button|a|div|"
    r"span|p|body|html|head|base|frame|frameset|video|audio|source|math|template|textarea|"
    r"select|option|details|marquee|applet|br|hr)\b[^<>]*>|\bjavascript\s*:",
    re.IGNORECASE,
)
BLOCK_TAGS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td", "th",
    "dd", "dt", "pre", "div", "section", "article", "aside", "nav", "footer", "header",
    "form", "button", "label", "caption", "summary", "address", "ul", "ol", "dl", "table",
    "thead", "tbody", "tr", "main", "figure",
}  # fmt: skip
LANDMARKS = {
    "nav": "navigation",
    "footer": "page footer",
    "header": "page header",
    "aside": "sidebar",
    "form": "form",
    "button": "button",
    "figcaption": "caption",
}
CLASS_HINTS = [
    (re.compile(r"donat|support-us|contribut|paywall|membership", re.I), "donation box"),
    (re.compile(r"newsletter|subscri|signup|sign-up", re.I), "newsletter box"),
    (re.compile(r"cookie|consent|gdpr", re.I), "cookie notice"),
    (re.compile(r"share|social", re.I), "share links"),
    (re.compile(r"related|recommend|read-?more|more-stories|most-", re.I), "related links"),
    (re.compile(r"comment", re.I), "comments"),
    (re.compile(r"\bad\b|advert|promo|sponsor|banner", re.I), "advertising"),
    (re.compile(r"menu|navbar|breadcrumb", re.I), "navigation"),
    (re.compile(r"footer", re.I), "page footer"),
    (re.compile(r"header|masthead", re.I), "page header"),
    (re.compile(r"sidebar|widget", re.I), "sidebar"),
    (re.compile(r"caption|credit", re.I), "caption"),
]


def parse_html(html: str | bytes) -> Any:
    """An lxml tree of the page, or ExtractionError for empty or non-HTML input."""
    from trafilatura.utils import load_html

    if html is None or (isinstance(html, str | bytes) and not html.strip()):
        raise ExtractionError("empty document")
    if isinstance(html, bytes) and b"\x00" in html[:4096] and not html.startswith(b"\xff\xfe"):
        if not html.startswith(b"\xfe\xff"):
            raise ExtractionError("binary content, not an HTML page")
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("could not parse the page as HTML")
    return tree


def extract_body(tree: Any, url: str | None = None) -> list[str]:
    """Paragraph texts of the main content (trafilatura, one block per line)."""
    import trafilatura

    text = trafilatura.extract(copy.deepcopy(tree), url=url, **TRAFILATURA_OPTIONS)
    if not text:
        return []
    return [p for p in (clean_line(ln) for ln in text.split("\n")) if p]


def strip_markup(paragraphs: list[str]) -> tuple[list[str], list[Removed]]:
    """Remove text that looks like HTML tags or javascript: URLs (hostile pages)."""
    out, removed = [], []
    for p in paragraphs:
        found = [m.group(0) for m in MARKUP.finditer(p)]
        if found:
            for frag in found:
                removed.append(Removed(frag, "markup-like text in page content"))
            p = clean_line(MARKUP.sub(" ", p))
        if p:
            out.append(p)
    return out, removed


def page_metadata(tree: Any, url: str | None = None) -> dict[str, str | None]:
    """Title, publisher (site name), publication date, canonical url and language."""
    from trafilatura.metadata import extract_metadata

    meta: dict[str, str | None] = dict.fromkeys(
        ("title", "publisher", "published", "url", "language")
    )
    try:
        m = extract_metadata(copy.deepcopy(tree), default_url=url)
    except Exception:  # noqa: BLE001 - metadata is best effort; the body matters more
        log.debug("metadata extraction failed", exc_info=True)
        m = None
    if m is not None:
        meta["title"] = clean_line(m.title) if m.title else None
        meta["publisher"] = clean_line(m.sitename) if m.sitename else None
        meta["url"] = m.url or None
    meta["published"] = publication_date(tree)
    meta["language"] = page_language(tree)
    return meta


def publication_date(tree: Any) -> str | None:
    """The original publication date (htmldate), as an ISO date."""
    from htmldate import find_date

    try:
        return find_date(copy.deepcopy(tree), original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001
        log.debug("date extraction failed", exc_info=True)
        return None


def page_language(tree: Any) -> str | None:
    """Declared language: <html lang>, content-language or og:locale; primary subtag."""
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        if value:
            code = re.split(r"[-_,; ]", value.strip())[0].lower()
            if re.fullmatch(r"[a-z]{2,3}", code):
                return code
    return None


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _landmark(el: Any) -> str:
    for node in [el, *el.iterancestors()]:
        attrs = " ".join(filter(None, [node.get("class"), node.get("id"), node.get("role")]))
        if attrs:  # a class says more than a tag: <aside class="related"> is related links
            for pattern, name in CLASS_HINTS:
                if pattern.search(attrs):
                    return name
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in LANDMARKS:
            return LANDMARKS[tag]
    return "outside the main content"


def _own_text(el: Any) -> str:
    """Text of an element without the text of its block-level children."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag not in BLOCK_TAGS and tag not in ("script", "style", "noscript", "template"):
            parts.append(" ".join(child.itertext()))
        parts.append(child.tail or "")
    return clean_line(" ".join(parts))


def outside_blocks(tree: Any, body: str, title: str | None = None) -> list[Removed]:
    """Visible text blocks of the page that did not make it into the body."""
    kept = _norm(body)
    headline = _norm(title or "")
    seen: set[str] = set()
    out: list[Removed] = []
    for el in tree.iter(*BLOCK_TAGS):
        if any(a.tag in ("script", "style", "noscript", "template") for a in el.iterancestors()):
            continue
        text = _own_text(el)
        key = _norm(text)
        if len(key.split()) < 2 or key in seen or key in kept:
            continue
        seen.add(key)
        reason = "headline (kept as the title)" if key == headline else _landmark(el)
        out.append(Removed(text, f"html: {reason}"))
        if len(out) >= MAX_REMOVED_BLOCKS:
            break
    return out


def document_from_html(
    html: str | bytes,
    *,
    url: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    language: str | None = None,
    title: str | None = None,
    raw_location: str | None = None,
    boilerplate: bool = True,
) -> Document:
    """Article body and metadata of one page; explicit arguments override the page's own."""
    tree = parse_html(html)
    meta = page_metadata(tree, url)  # before cleaning: JSON-LD dates live in <script>
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        if bad.getparent() is not None:
            bad.drop_tree()
    paragraphs = extract_body(tree, url)
    words = sum(len(p.split()) for p in paragraphs)
    if words < MIN_WORDS:
        raise ExtractionError(f"no article text found in page ({words} words of text)")
    paragraphs, removed = strip_markup(paragraphs)
    if paragraphs and meta["title"] and _norm(paragraphs[0]) == _norm(meta["title"]):
        paragraphs = paragraphs[1:]  # the headline is metadata, not body
    if boilerplate:
        paragraphs, dropped = remove_boilerplate(paragraphs)
        removed += dropped
    if not paragraphs:
        raise ExtractionError("no article text found in page (only boilerplate)")
    removed = outside_blocks(tree, "\n".join(paragraphs), meta["title"]) + removed
    return build_document(
        paragraphs,
        removed,
        url=url or meta["url"],
        publisher=publisher or meta["publisher"],
        published=published or meta["published"],
        language=language or meta["language"] or "en",
        title=title or meta["title"],
        raw_location=raw_location,
    )
