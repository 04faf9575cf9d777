"""Plain-text boilerplate removal: score each paragraph as news or as publisher furniture.

Pages scraped to text end with donation appeals, newsletter boxes, share and cookie lines,
"read more" links and button labels. They differ from news by *voice*, not topic: they
address the reader ("you", "your support"), speak as the organisation ("we", "our work"),
ask for an action (subscribe, donate, sign up, click) and often name a small amount
("$2"). News reports in the third person and attributes speech ("..., he said"). Quoted
speech is removed before counting voice features, so an official quoted saying "we will
support our partners" stays news. Once a strong appeal starts after the last news
paragraph, everything to the end of the document is the appeal's furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from frontlog.extract.base import ExtractionError, build_document, clean_line
from frontlog.model import Document, Removed

# -- paragraph splitting -------------------------------------------------------------------

_TERMINAL = tuple('.!?:;"”’»)…')


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text: one per line, unless lines are hard-wrapped prose.

    Blocks separated by blank lines whose inner lines mostly stop mid-sentence are joined
    (e-mail or terminal style wrapping); otherwise every non-empty line is a paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if len(lines) > 1 and _is_wrapped(lines):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return [p for p in (clean_line(p) for p in out) if p]


def _is_wrapped(lines: list[str]) -> bool:
    inner = lines[:-1]
    open_ends = sum(1 for ln in inner if not ln.endswith(_TERMINAL))
    lengths = sorted(len(ln) for ln in inner)
    typical = lengths[len(lengths) // 2]
    return open_ends >= max(1, 0.6 * len(inner)) and 40 <= typical <= 100


# -- quoted speech -------------------------------------------------------------------------

_QUOTE_PAIRS = [
    ("\u201c", "\u201d"),  # “ ”
    ("\u201e", "\u201c"),  # „ “
    ("\u00ab", "\u00bb"),  # « »
]


def strip_quotes(text: str) -> str:
    """The paragraph without quoted material (an unclosed quote runs to the end)."""
    for left, right in _QUOTE_PAIRS:
        text = re.sub(
            re.escape(left) + r"[^" + re.escape(right) + r"]*(" + re.escape(right) + r"|$)",
            " ",
            text,
        )
    text = re.sub(r'"[^"]*("|$)', " ", text)
    # Single curly quotes, but not apostrophes: opening ‘ after a space or line start.
    text = re.sub(r"(^|(?<=\s))\u2018[^\u2019]*(\u2019(?!\w)|$)", " ", text)
    return text


def has_quote(text: str) -> bool:
    return bool(re.search(r"[\u201c\u201d\u201e\u00ab\u00bb\"]|(^|\s)\u2018", text))


# -- features ------------------------------------------------------------------------------


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


SECOND_PERSON = _rx(r"\b(you|your|yours|yourself|you['’](re|ve|ll|d))\b")
ORG_VOICE = _rx(r"\b(we|our|ours|us|ourselves|we['’](re|ve|ll|d))\b")
ORG_ASSETS = _rx(
    r"\b(support|help|join|follow|contact)\s+us\b|\bour\s+(work|journalism|journalists|reporting|"
    r"reporters|newsroom|staff|team|mission|coverage|newsletters?|website|site|app|readers|"
    r"supporters|members|independence|publication|podcast|editors)\b"
)
# Actions that serve the publisher (money, audience) or operate the page's interface.
ORG_ACTION = _rx(
    r"\b(subscrib\w*|donat(e|es|ing|ion|ions)|contribut(e|ion|ions)|sign[ -]?up|newsletters?|"
    r"membership|become\s+a\s+(member|patron|supporter|subscriber)|make\s+a\s+(gift|donation|"
    r"contribution)|give\s+(now|today|monthly)|support\s+(us|our|independent|free|this)|paywall|"
    r"unsubscribe|inbox|premium|free\s+trial)\b"
)
UI_ACTION = _rx(
    r"\b(click\s+(here|below|the)|tap\s+(here|below)|remind\s+me|no,?\s+thanks|maybe\s+later|"
    r"read\s+more|learn\s+more|continue\s+reading|show\s+more|load\s+more|see\s+all|"
    r"accept\s+(all|cookies)|manage\s+(preferences|settings|cookies)|log\s+in|sign\s+in|"
    r"(follow|join|contact)\s+us|share\s+(this|on|via)|download\s+(our|the)\s+app|"
    r"(listen\s+to|watch|read|check\s+out|visit|try|see)\s+our)\b"
)
CTA = _rx(ORG_ACTION.pattern + "|" + UI_ACTION.pattern)
CURRENCY = _rx(
    r"([$€£₽¥₴]\s?\d)|(\b\d+(\.\d+)?\s?(usd|eur|gbp|dollars?|euros?|pounds?|roubles?|rubles?|"
    r"hryvnias?)\b)"
)
GREETING = _rx(r"^(dear|hello|hi|greetings)\b[\w\s,’'-]{0,40}[,!:]?$")
THANKS = _rx(r"\bthank\s+you\b|\bthanks\s+(for|to)\b")
COOKIES = _rx(
    r"\b(use|uses|using|accept|allow|enable|disable|store|stores)\s+(of\s+)?cookies\b|"
    r"\bcookies?\s+(policy|settings|preferences|notice|consent)\b|"
    r"\bprivacy\s+(policy|notice|settings)\b|\bterms\s+of\s+(use|service)\b"
)
COPYRIGHT = _rx(r"©|\(c\)\s*\d{4}|\ball rights reserved\b|\bcopyright\b")
LINK_PREFIX = _rx(
    r"^(read|see|watch|listen)\s+(more|also|next|the\s+full)\b|^(related|recommended|"
    r"more\s+(on|from|stories|news)|most\s+(read|popular|viewed)|also\s+read|further\s+reading|"
    r"trending|top\s+stories|advertisement|sponsored|promoted|tags?|topics?)\b"
)
SOCIAL = _rx(
    r"\b(facebook|twitter|x\.com|telegram|whatsapp|linkedin|instagram|e-?mail|reddit|"
    r"youtube|tiktok|bluesky|mastodon|viber|vk)\b"
)
SPEECH = _rx(
    r"\b(said|says|say|told|tells|added|adds|stated|states|claimed|claims|noted|notes|"
    r"reported|reports|announced|announces|urged|urges|warned|warns|insisted|explained|"
    r"confirmed|denied|denies|wrote|writes|posted|according\s+to|accused|alleged|"
    r"acknowledged|declared|argued|estimated|quoted|cited)\b"
)
THIRD_PERSON = _rx(
    r"\b(he|she|they|it|his|her|their|officials?|spokes(man|woman|person)|ministry|governor|"
    r"president|minister|military|army|forces|troops|police|authorities|agency|government)\b"
)
NEWS_DETAIL = _rx(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|overnight|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"\d+)\b"
)
IMPERATIVE_START = _rx(
    r"^(please\s+)?(subscribe|donate|support|sign\s+up|click|tap|share|follow|join|download|"
    r"register|log\s+in|give|help|become|read|watch|listen|get|try|accept|remind|contact)\b"
)
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


# Appeal boxes, buttons and link lists are short; a long paragraph can only be furniture as
# part of a trailing block that a short, clear signal ("Dear readers,", "Subscribe") opened.
MAX_BOX_WORDS = 40
MAX_MENU_WORDS = 12


@dataclass
class Score:
    """Why one paragraph looks like news or like publisher furniture."""

    appeal: float = 0.0
    news: float = 0.0
    signals: list[str] = field(default_factory=list)
    heading: bool = False
    words: int = 0
    institutional: bool = False

    @property
    def strong(self) -> bool:
        """Clearly furniture on its own: enough appeal, not outweighed by reporting."""
        return (
            self.institutional
            and self.words <= MAX_BOX_WORDS
            and self.appeal >= 3.0
            and self.appeal > self.news + 1.0
        )

    @property
    def weak(self) -> bool:
        return self.institutional and self.appeal >= 1.5 and self.news < 2.0

    @property
    def clear_news(self) -> bool:
        """Reporting in the third person, or plain prose with no appeal at all."""
        if self.appeal >= 1.5:
            return False
        return self.news >= 2.0 or (self.appeal < 0.5 and not self.heading and self.words >= 12)

    def reason(self) -> str:
        return "appeal: " + " + ".join(self.signals) if self.signals else "appeal"


def score_paragraph(text: str) -> Score:
    """Weigh the boilerplate and news signals of one paragraph."""
    s = Score()
    words = WORD.findall(text)
    s.words = len(words)
    outside = strip_quotes(text)
    low = outside.strip().lower()
    teaser = text.rstrip().endswith(("...", "…"))
    s.heading = (s.words <= 8 and (teaser or not text.rstrip().endswith(tuple('.!?"”’»')))) or (
        s.words <= 12 and text.rstrip().endswith(":")
    )

    def add(weight: float, name: str) -> None:
        s.appeal += weight
        if name not in s.signals:
            s.signals.append(name)

    you = len(SECOND_PERSON.findall(outside))
    we = len(ORG_VOICE.findall(outside))
    org = {m.group(0).lower() for m in ORG_ACTION.finditer(outside)}
    ui = {m.group(0).lower() for m in UI_ACTION.finditer(outside)}
    imperative = any(
        IMPERATIVE_START.search(part.strip()) for part in re.split(r"[.!?]\s+|\s[|·•]\s", low)
    )
    person = you > 0 or we > 0
    # Pronouns thinly spread through long prose are a blog's style, not an appeal.
    dilute = 0.5 if s.words > MAX_BOX_WORDS and (you + we) / max(1, s.words) < 0.04 else 1.0
    if GREETING.search(text.strip()) and s.words <= 6:
        add(3.0, "greeting")
    if you:
        add(dilute * min(2.0, 1.0 + 0.5 * (you - 1)), "second person")
    if we:
        add(dilute * min(1.5, 0.5 + 0.5 * (we - 1)), "organisation voice")
    assets = bool(ORG_ASSETS.search(outside))
    money = bool(CURRENCY.search(outside))
    if assets:
        add(1.0, "organisation voice")
    if org and (person or imperative):
        add(dilute * min(3.0, 1.5 * len(org)), "call to action")
    elif imperative and (person or assets or money):
        add(dilute * 1.5, "call to action")
    if ui:
        add(2.0 if (s.words <= 25 or imperative) else 1.0, "call to action")
    if money and (org or imperative):
        add(1.0, "currency")
    if THANKS.search(outside) and person:
        add(1.5, "thanks")
    if COOKIES.search(outside) and (person or ui or org):
        add(3.0, "cookies/privacy")
    if COPYRIGHT.search(outside):
        add(3.0, "copyright")
    if LINK_PREFIX.search(low):
        add(3.0, "link/label")
    social = {m.group(0).lower() for m in SOCIAL.finditer(outside)}
    if len(social) >= 2 and s.words <= 15:
        add(3.0, "share/social links")
    elif social and (ui or org) and s.words <= 25:
        add(1.5, "share/social links")
    if s.words <= 5 and (ui or org or imperative):
        add(1.0, "button text")
    # Reader-facing voice alone (no action, greeting or furniture) never makes a paragraph weak.
    s.institutional = any(
        x in s.signals
        for x in (
            "greeting",
            "call to action",
            "thanks",
            "cookies/privacy",
            "copyright",
            "link/label",
            "share/social links",
        )
    )

    quoted = has_quote(text)
    speech = bool(SPEECH.search(text))
    if quoted and speech:
        s.news += 3.0
    elif speech and THIRD_PERSON.search(outside):
        s.news += 2.0
    elif speech:
        s.news += 1.0
    if NEWS_DETAIL.search(outside) and not person and s.words >= 8:
        s.news += 0.5
    return s


# -- document level ------------------------------------------------------------------------


def remove_boilerplate(paragraphs: list[str]) -> tuple[list[str], list[Removed]]:
    """Split paragraphs into kept news and removed furniture (each with its reason)."""
    scores = [score_paragraph(p) for p in paragraphs]
    n = len(paragraphs)
    drop: dict[int, str] = {}

    # A trailing block: the first strong appeal after which nothing is clearly news.
    start = None
    for i in range(n):
        if scores[i].strong and not any(scores[j].clear_news for j in range(i + 1, n)):
            start = i
            break
    if start is not None:
        first = start
        while first > 0:
            prev = scores[first - 1]
            if prev.clear_news or not (prev.heading or prev.weak or prev.strong):
                break
            first -= 1
        lead = scores[start].reason()
        for j in range(first, n):
            own = scores[j]
            if own.signals and j != start:
                drop[j] = f"{own.reason()} (in a trailing block opened by {lead})"
            elif own.signals:
                drop[j] = f"{own.reason()} (opens a trailing block)"
            else:
                drop[j] = f"trailing block after the last news paragraph ({lead})"
        end = first
    else:
        last_news = max((i for i in range(n) if scores[i].clear_news), default=-1)
        for j in range(last_news + 1, n):
            if scores[j].weak or scores[j].strong:
                drop[j] = scores[j].reason() + " (after the last news paragraph)"
        end = last_news + 1
    # A leading block: short menu and login lines scraped above the first news paragraph.
    first_news = next((i for i in range(n) if scores[i].clear_news), n)
    for i in range(min(first_news, end)):
        short = scores[i].words <= MAX_MENU_WORDS
        if i not in drop and short and (scores[i].weak or scores[i].strong):
            drop[i] = scores[i].reason() + " (before the first news paragraph)"
    for i in range(end):
        if i not in drop and scores[i].strong:
            drop[i] = scores[i].reason()

    kept = [p for i, p in enumerate(paragraphs) if i not in drop]
    removed = [Removed(paragraphs[i], drop[i]) for i in sorted(drop)]
    return kept, removed


def document_from_text(
    text: str,
    *,
    url: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    language: str | None = "en",
    title: str | None = None,
    raw_location: str | None = None,
    boilerplate: bool = True,
) -> Document:
    """A Document from plain text: paragraphs split, publisher furniture removed."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text is None or not text.strip():
        raise ExtractionError("empty document")
    if "\x00" in text:
        raise ExtractionError("binary content, not text")
    paragraphs = split_paragraphs(text)
    removed: list[Removed] = []
    if boilerplate:
        paragraphs, removed = remove_boilerplate(paragraphs)
    if not paragraphs:
        raise ExtractionError("no article text found (every paragraph looked like boilerplate)")
    return build_document(
        paragraphs,
        removed,
        url=url,
        publisher=publisher,
        published=published,
        language=language or "en",
        title=title,
        raw_location=raw_location,
    )
