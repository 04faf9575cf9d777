"""Toponym candidates: gazetteer phrase matches and cue phrases, with their context.

spaCy's small model labels places badly (Kursk as PRODUCT, Kharkiv as PERSON, a village
as ORG), so labels are only *evidence*: every capitalised phrase the gazetteer knows is a
candidate, and so is an unknown name introduced by a place cue ("the village of X",
"X district"). ``resolve`` later decides, from context, which candidates are places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from frontlog.geo.gazetteer import KIND_ADJ, MAX_NAME_TOKENS, Entry, Gazetteer, norm

# Words allowed inside a multi-word name ("Bosnia and Herzegovina", "Rio de Janeiro").
CONNECTORS = frozenset(
    "of de la le les du del della des do da dos das and upon on the am an der den d al el y i "
    "sur en et van von bin".split()
)
# Lower-case words after a name that make it a first-level region ("Kursk region").
REGION_SUFFIX = re.compile(
    r"^[ \t]+(regions?|oblasts?|provinces?|governorates?|krais?|prefectures?|states?"
    r"|Regions?|Oblasts?|Provinces?|Governorates?|Krai|Prefecture)\b"
)
# Lower-case words after a name that make it a district (admin2-like).
DISTRICT_SUFFIX = re.compile(r"^[ \t]+(districts?|raions?|rayons?|counties|county|hromadas?)\b")
# "the village of X", "the border town of X": X is a settlement even if unknown.
_NAME = r"[A-Z][\w’'-]+(?:[ -](?:[A-Z][\w’'-]+)){0,2}"
SETTLEMENT_CUE = re.compile(
    r"\b(?P<cue>villages?|towns?|cities|city|settlements?|hamlets?|townships?|localit(?:y|ies)"
    r"|municipality|suburbs?)\s+of\s+(?P<name>" + _NAME + r")"
)
DISTRICT_CUE = re.compile(
    r"\b(?P<name>" + _NAME + r")\s+(?P<cue>districts?|raions?|rayons?|hromadas?)\b"
)
# Phrases that place an event near, not at, the named place (ACLED precision 2).
NEAR_BEFORE = re.compile(
    r"(?:\bnear|\bnearby|\boutside(?: of)?|\boutskirts of|\baround|\bclose to|\bvicinity of"
    r"|\b(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?"
    r"(?: part)? of|\bkm (?:from|of)|\bkilomet(?:er|re)s? (?:from|of)|\bdirection of"
    r"|\bborder (?:with|of)|\bapproaches to)"
    r"(?:\s+the)?(?:\s+[a-z][\w-]*){0,4}\s+$"
)
NEAR_AFTER = re.compile(r"^\s+(?:area|outskirts|vicinity|direction|axis|sector|front)\b")

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass
class Candidate:
    """A stretch of text that may name a place."""

    start: int
    end: int
    text: str
    key: str
    entries: list[Entry] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)  # spaCy labels of overlapping entities
    ent_span: tuple[int, int] | None = None  # the overlapping entity's offsets
    region: bool = False  # followed by "region(s)/oblast/province": an admin1
    district: bool = False  # followed by "district": a sub-region
    cue: str | None = None  # "village", "town", "district" ... when a cue introduced it
    cue_country: str | None = None  # "the Russian border village of X" -> "RU"
    border: bool = False  # "border village", "border town"
    near: bool = False  # "near X", "X outskirts"
    sent_start: bool = False  # first word of a sentence
    propn: bool = True  # spaCy tags every token a proper noun
    stop: bool = False  # a stop word / common word in lower case ("Police", "May")
    end_ext: int | None = None  # mention end including the region word
    within: set[str] = field(default_factory=set)  # "X, Texas": X lies in US-TX
    container_ids: set[int] = field(default_factory=set)  # "Paris, Texas": Texas = these

    @property
    def adjectival(self) -> bool:
        return bool(self.entries) and all(e.kind == KIND_ADJ for e in self.entries)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


_ABBREV = frozenset({"St", "Ste", "Mt", "Ft", "Pt"})


def _joinable(gap: str, prev: str = "") -> bool:
    if gap == ". " and prev in _ABBREV:  # "St. Louis", "Mt. Hood"
        return True
    return gap in (" ", "-", "'", "’", " - ") or gap.strip() == "" and "\n" not in gap


def gazetteer_matches(text: str, gaz: Gazetteer) -> list[Candidate]:
    """Longest capitalised phrases, left to right, that are names in the gazetteer."""
    toks = _tokens(text)
    spans: list[tuple[int, int, int, int, str]] = []  # (i, j, start, end, key)
    for i, (s, _e, w) in enumerate(toks):
        if not w[0].isupper():
            continue
        for j in range(i, min(len(toks), i + MAX_NAME_TOKENS)):
            if j > i and not _joinable(text[toks[j - 1][1] : toks[j][0]], toks[j - 1][2]):
                break
            last = toks[j][2]
            if j > i and not last[0].isupper() and last.lower() not in CONNECTORS:
                break
            if not last[0].isupper():
                continue
            spans.append((i, j, s, toks[j][1], norm(text[s : toks[j][1]])))
    hits = gaz.lookup_keys(k for *_, k in spans)
    best: dict[int, tuple[int, int, int, int, str]] = {}
    for sp in spans:
        if sp[4] in hits and (sp[0] not in best or sp[1] > best[sp[0]][1]):
            best[sp[0]] = sp
    out = []
    i = 0
    while i < len(toks):
        if i in best:
            _, j, s, e, key = best[i]
            out.append(Candidate(s, e, text[s:e], key, list(hits[key])))
            i = j + 1
        else:
            i += 1
    return out


def cue_candidates(text: str) -> list[Candidate]:
    """Names introduced by a settlement or district cue, known to the gazetteer or not."""
    out = []
    for rx in (SETTLEMENT_CUE, DISTRICT_CUE):
        for m in rx.finditer(text):
            name = m.group("name")
            s = m.start("name")
            # "the village of Kozinka in Belgorod": keep the first name only.
            name = re.split(r"\s+(?:in|near|and|on|of)\s+", name)[0]
            cue = m.group("cue").lower().rstrip("s")
            cue = {"citie": "city", "localitie": "locality"}.get(cue, cue)
            out.append(Candidate(s, s + len(name), name, norm(name), cue=cue))
    return out


def _add_context(text: str, cands: list[Candidate], gaz: Gazetteer) -> None:
    for c in cands:
        after = text[c.end : c.end + 30]
        m = REGION_SUFFIX.match(after)
        if m and not (m.group(1).startswith("state") and c.text.istitle() is False):
            c.region = True
            c.end_ext = c.end + m.end()
        if DISTRICT_SUFFIX.match(after):
            c.district = True
        before = text[max(0, c.start - 80) : c.start]
        if NEAR_BEFORE.search(before) or NEAR_AFTER.match(after):
            c.near = True
        if c.cue is None:
            m2 = re.search(
                r"\b(?P<cue>village|town|city|settlement|hamlet)\s+of\s+(?:the\s+)?$", before
            )
            if m2:
                c.cue = m2.group("cue")
        if c.cue:
            lead = before[-60:]
            c.border = bool(re.search(r"\bborder(?:ing)?\s+(?:\w+\s+)?(?:of\s+)?$", lead)) or bool(
                re.search(r"\bborder\s+\w+\s+of\s+$", lead)
            )
            # The adjective just before the cue: "the Russian border village of".
            adj = re.search(
                r"([A-Z][a-z]+)\s+(?:border\s+|frontline\s+|front-line\s+)?\w+\s+of\s+$", lead
            )
            if adj:
                hits = gaz.lookup(adj.group(1))
                ccs = {e.country for e in hits if e.kind == 3 or e.is_country}
                if len(ccs) == 1:
                    c.cue_country = ccs.pop()
        # Coordinated regions: "Sumy and Kharkiv regions", "Kursk, Bryansk and Belgorod regions".
    for a, b in zip(reversed(cands[:-1]), reversed(cands[1:]), strict=True):
        if b.region and b.end_ext is not None:
            gap = text[a.end : b.start]
            suffix = text[b.end : b.end_ext].strip().lower()
            if re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+or|\s*&)\s+", gap) and suffix.endswith("s"):
                a.region = True


def _label_candidates(cands: list[Candidate], sdoc: Any, lower_seen: set[str]) -> None:
    if sdoc is None:
        return
    ents = [(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
    by_char: dict[int, Any] = {}
    for tok in sdoc:
        by_char[tok.idx] = tok
    for c in cands:
        for s, e, label in ents:
            if s < c.end and c.start < e:
                c.labels.add(label)
                if c.ent_span is None or (e - s) > (c.ent_span[1] - c.ent_span[0]):
                    c.ent_span = (s, e)
        tok = by_char.get(c.start)
        if tok is not None:
            c.sent_start = bool(tok.is_sent_start) or tok.i == 0
            span_toks = [t for t in sdoc[tok.i : tok.i + 8] if t.idx < c.end]
            c.propn = all(t.pos_ == "PROPN" for t in span_toks if t.text.lower() not in CONNECTORS)
            c.stop = len(span_toks) == 1 and (tok.is_stop or tok.lower_ in lower_seen)


def _link_containers(text: str, cands: list[Candidate]) -> None:
    """ "Paris, Texas" / "Brandon, Man." / "Kharkiv, Ukraine": the second names a region or
    country containing the first; both readings are kept only where they agree."""
    for a, b in zip(cands[:-1], cands[1:], strict=True):
        if text[a.end : b.start] not in (", ", ","):
            continue
        big = [x for x in b.entries if x.is_country or x.is_admin1]
        codes = {x.admin1 if x.is_admin1 else x.country for x in big}
        inside = [
            e
            for e in a.entries
            if e.id not in {x.id for x in big}
            and not e.is_country
            and (e.admin1 in codes or (e.country in codes and not e.is_admin1))
        ]
        if not inside:
            continue
        a.within = {e.admin1 for e in inside if e.admin1 in codes} | {
            e.country for e in inside if e.country in codes
        }
        b.container_ids = {
            x.id for x in big if (x.admin1 if x.is_admin1 else x.country) in a.within
        }


def find_candidates(text: str, gaz: Gazetteer, sdoc: Any = None) -> list[Candidate]:
    """All toponym candidates of ``text`` (sorted, non-overlapping), with their context."""
    lower_seen = set(re.findall(r"\b[a-z][a-z-]+\b", text))
    cands = gazetteer_matches(text, gaz)
    taken = [(c.start, c.end) for c in cands]
    for c in cue_candidates(text):
        overlap = [x for x in cands if x.start < c.end and c.start < x.end]
        if any(x.start <= c.start and x.end >= c.end for x in overlap):
            for x in overlap:
                x.cue = x.cue or c.cue
            continue
        # "the village of Kholodny Yar": the cue's whole name beats a shorter match inside.
        cands = [x for x in cands if x not in overlap]
        c.entries = gaz.lookup_keys([c.key]).get(c.key, [])
        cands.append(c)
        taken.append((c.start, c.end))
    cands.sort(key=lambda c: c.start)
    _add_context(text, cands, gaz)
    _link_containers(text, cands)
    _label_candidates(cands, sdoc, lower_seen)
    return cands
