"""The ``attribution`` stage: every statement in a document gets a source.

Why: in conflict reporting almost nothing is a plain fact; it is something a party said.
Direct quotes, reported speech and according-to phrases become attributions with a speaker
entity, cue and content span; nested reports ("X said Y had reported ...") are linked through
``parent``; every sentence left over is the publisher's own statement, so an event can always
point at a claim.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from frontlog.attribution.quotes import Quote, find_quotes
from frontlog.attribution.reported import Cue, find_cues
from frontlog.attribution.speakers import Speaker, resolve
from frontlog.model import Attribution, Document, Entity, Mention
from frontlog.pipeline import Context, stage

log = logging.getLogger(__name__)

# A quote covering this share of a cue's complement replaces the indirect reading.
QUOTE_DOMINATES = 0.6
KIND_ORDER = {"direct": 0, "indirect": 1, "according_to": 2, "publisher": 3}


@dataclass
class _Rec:
    kind: str
    cue: Cue | None
    content: tuple[int, int]
    confidence: float
    speaker: Speaker | None = None
    parent: _Rec | None = None
    children_of: _Rec | None = None  # explicit parent from a quote chain
    id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@stage("attribution")
def attribution_stage(doc: Document, ctx: Context) -> Document:
    """Add attributions to ``doc`` (parsing the body only if the nlp stage did not)."""
    if doc.attributions:
        return doc
    sdoc = ctx.parse(doc, "attribution")
    if sdoc is None:
        return doc
    try:
        doc.attributions = extract_attributions(doc, sdoc)
    except Exception:  # never crash the pipeline on odd input
        log.exception("attribution failed for document %s", doc.id)
    return doc


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _sentence_bounds(sdoc: Any) -> list[tuple[int, int]]:
    out = []
    for s in sdoc.sents:
        toks = [t for t in s if not t.is_space]
        if toks:
            out.append((toks[0].idx, toks[-1].idx + len(toks[-1])))
    return out


def _quote_records(doc: Document, sdoc: Any, cues: list[Cue]) -> tuple[list[_Rec], set[int]]:
    """Direct-quote records; returns them and the ids of cues they consumed."""
    recs: list[_Rec] = []
    consumed: set[int] = set()
    sents = _sentence_bounds(sdoc)
    quotes = find_quotes(doc.body)
    last: _Rec | None = None
    for q in quotes:
        qspan = (q.start, q.end)
        outer_q = (q.outer_start, q.outer_end)
        containing = [
            c
            for c in cues
            if c.content
            and _inside(qspan, c.content)
            and not (outer_q[0] <= c.cue_start < outer_q[1])
        ]
        chain = sorted(containing, key=lambda c: c.content[0] - c.content[1])  # outer first
        conf = 0.95
        if not chain:
            att = _attached_cue(q, cues, sents)
            if att is not None:
                chain = [att]
        if not chain:
            punct = _punct_cue(doc, sdoc, q)
            if punct is not None:
                cues.append(punct)
                chain = [punct]
        if not chain:
            # A quote continuing the previous speaker's quote (same or next paragraph).
            if last is not None and _continues(doc, last, q, cues):
                rec = _Rec("direct", last.cue, qspan, 0.6)
                rec.extra["continues"] = last
                recs.append(rec)
                last = rec
            continue
        outer = chain[0]
        rec = _Rec("direct", outer, qspan, conf)
        recs.append(rec)
        last = rec
        if outer.content is None or (
            _overlap(qspan, outer.content)
            >= QUOTE_DOMINATES * (outer.content[1] - outer.content[0])
        ):
            consumed.add(id(outer))
        for inner in chain[1:]:
            inner.extra["quote_parent"] = rec
    return recs, consumed


def _punct_cue(doc: Document, sdoc: Any, q: Quote) -> Cue | None:
    """'Source: "..."' and '"..." ― Source': punctuation as the cue (headlines, tweets)."""
    body = doc.body
    before = re.search(r":\s*$", body[max(0, q.outer_start - 3) : q.outer_start])
    if before:
        colon = max(0, q.outer_start - 3) + before.start()
        tok = _token_ending_at(sdoc, colon)
        if tok is not None and tok.pos_ in ("PROPN", "NOUN", "PRON"):
            head = tok
            while head.dep_ in ("compound", "flat") and head.head.i > head.i:
                head = head.head
            return Cue("indirect", colon, colon + 1, ":", head, None, None, 0.7)
    after = re.match(r"\s*([―—–]|--)\s*", body[q.outer_end : q.outer_end + 6])
    if after:
        pos = q.outer_end + after.end()
        tok = next((t for t in sdoc if t.idx >= pos), None)
        if tok is not None and tok.pos_ in ("PROPN", "NOUN") and tok.idx == pos:
            head = tok
            while head.dep_ in ("compound", "flat") and head.head.i > head.i:
                head = head.head
            start = q.outer_end + after.start(1)
            return Cue("indirect", start, start + len(after.group(1)), after.group(1), head)
    return None


def _token_ending_at(sdoc: Any, offset: int) -> Any:
    for t in sdoc:
        if t.idx + len(t) == offset:
            return t
        if t.idx > offset:
            break
    return None


def _attached_cue(q: Quote, cues: list[Cue], sents: list[tuple[int, int]]) -> Cue | None:
    """'"...," he said' / 'He said: "..."': a cue in the quote's sentences, outside it."""
    lo, hi = q.outer_start, q.outer_end
    region = [s for s in sents if _overlap(s, (lo, hi)) > 0]
    if not region:
        return None
    r0, r1 = region[0][0], region[-1][1]
    # the sentence right after a quote that ends with a comma ("...,” he said.")
    after = [s for s in sents if s[0] >= hi and s[0] - hi < 3]
    if after:
        r1 = max(r1, after[0][1])
    best, dist = None, 10**9
    for c in cues:
        if q.outer_start <= c.cue_start < q.outer_end or not (r0 <= c.cue_start < r1):
            continue
        if c.content is not None and _overlap(c.content, (lo, hi)) < 0.5 * (
            c.content[1] - c.content[0]
        ):
            continue
        d = c.cue_start - hi if c.cue_start >= hi else lo - c.cue_end
        if 0 <= d < dist:
            best, dist = c, d
    return best


def _continues(doc: Document, last: _Rec, q: Quote, cues: list[Cue]) -> bool:
    """A cue-less quote right after the previous one carries on the same speaker."""
    pa, pb = doc.paragraph_index(last.content[0]), doc.paragraph_index(q.start)
    if pb - pa not in (0, 1):
        return False
    return not any(
        last.content[1] < c.cue_start < q.start for c in cues if c.content and c is not last.cue
    )


def extract_attributions(doc: Document, sdoc: Any) -> list[Attribution]:
    """Attributions for ``doc`` from its spaCy parse ``sdoc``."""
    cues = find_cues(sdoc)
    quote_recs, consumed = _quote_records(doc, sdoc, cues)
    recs: list[_Rec] = list(quote_recs)
    for c in cues:
        if c.content is None or id(c) in consumed:
            continue
        rec = _Rec(c.kind, c, c.content, c.confidence)
        if "quote_parent" in c.extra:
            rec.children_of = c.extra["quote_parent"]
        recs.append(rec)
    recs.sort(key=lambda r: (r.content[0], KIND_ORDER[r.kind]))
    _resolve_speakers(doc, recs)
    _link_parents(recs)
    _our_forces(doc, recs)
    recs += _publisher_records(doc, sdoc, recs)
    recs.sort(key=lambda r: (r.content[0], KIND_ORDER[r.kind]))
    for i, r in enumerate(recs, 1):
        r.id = f"A{i}"
    return [_to_model(doc, r) for r in recs]


def _resolve_speakers(doc: Document, recs: list[_Rec]) -> None:
    history: list[tuple[int, Entity]] = []
    for r in sorted(recs, key=lambda r: r.cue.cue_start if r.cue else r.content[0]):
        if "continues" in r.extra and r.extra["continues"].speaker is not None:
            r.speaker = r.extra["continues"].speaker
            continue
        c = r.cue
        if c is None:
            continue
        r.speaker = resolve(doc, c.source, history, c.source_span)
        if r.speaker.entity is not None:
            history.append((c.cue_start, r.speaker.entity))


def _link_parents(recs: list[_Rec]) -> None:
    """Nested reports: explicit quote chains, else the smallest content holding the cue."""
    for r in recs:
        if r.children_of is not None:
            r.parent = r.children_of
            continue
        if r.cue is None:
            continue
        best = None
        for p in recs:
            if p is r or p.cue is r.cue or p.cue is None:
                continue
            if p.content[0] <= r.cue.cue_start < p.content[1] and _inside(r.content, p.content):
                if best is None or p.content[1] - p.content[0] < best.content[1] - best.content[0]:
                    best = p
        r.parent = best


def _our_forces(doc: Document, recs: list[_Rec]) -> None:
    """'our units' in a quote by someone of country X -> X's armed forces (a new mention)."""
    from frontlog.nlp.entities import actor_table

    table = actor_table()
    nouns = sorted({n for n in table.military_nouns}, key=len, reverse=True)
    rx = re.compile(r"\b[Oo]ur\s+(?:" + "|".join(re.escape(n) for n in nouns) + r")\b")
    for r in recs:
        if r.kind != "direct" or r.speaker is None or r.speaker.entity is None:
            continue
        country = r.speaker.entity.country
        actor = table.military_of(country)
        if actor is None:
            continue
        for m in rx.finditer(doc.body, r.content[0], r.content[1]):
            ent = next((e for e in doc.entities if e.name == actor.name), None)
            if ent is None:
                ent = Entity(
                    id=_next_entity_id(doc), name=actor.name, type=actor.type, country=country
                )
                doc.entities.append(ent)
            if not any(x.start == m.start() for x in ent.mentions):
                ent.mentions.append(Mention(m.start(), m.end(), m.group(0), "alias"))
                ent.mentions.sort(key=lambda x: x.start)


def _next_entity_id(doc: Document) -> str:
    nums = [int(e.id[1:]) for e in doc.entities if e.id[1:].isdigit()]
    return f"E{max(nums, default=0) + 1}"


def _publisher_records(doc: Document, sdoc: Any, recs: list[_Rec]) -> list[_Rec]:
    """Sentences no attribution covers are the outlet's own statements."""
    covered: list[tuple[int, int]] = []
    for r in recs:
        covered.append(r.content)
        if r.cue is not None:
            covered.append((r.cue.cue_start, r.cue.cue_end))
        if r.speaker is not None and r.speaker.span:
            covered.append(r.speaker.span)
    out = []
    for s in _sentence_bounds(sdoc):
        size = s[1] - s[0]
        chars: set[int] = set()
        for c in covered:
            lo, hi = max(s[0], c[0]), min(s[1], c[1])
            chars.update(range(lo, hi))
        if size > 0 and len(chars) < 0.5 * size:
            out.append(_Rec("publisher", None, s, 1.0))
    return out


def _to_model(doc: Document, r: _Rec) -> Attribution:
    if r.kind == "publisher":
        return Attribution(
            id=r.id,
            speaker=None,
            speaker_name=doc.publisher or "publisher",
            kind="publisher",
            cue=None,
            content=doc.span(*r.content),
            confidence=r.confidence,
        )
    sp = r.speaker
    cue = r.cue
    return Attribution(
        id=r.id,
        speaker=sp.entity.id if sp and sp.entity else None,
        speaker_name=sp.name if sp else "",
        kind=r.kind,
        cue=cue.cue_text if cue else None,
        content=doc.span(*r.content),
        speaker_span=doc.span(*sp.span) if sp and sp.span else None,
        cue_span=doc.span(cue.cue_start, cue.cue_end) if cue else None,
        parent=r.parent.id if r.parent is not None else None,
        confidence=r.confidence * (1.0 if sp and sp.entity else 0.8),
        co_speakers=list(sp.co_speakers) if sp else [],
    )
