"""Speaker resolution: from the source phrase's head token to a canonical entity.

Why: a claim is only useful if we know *which* party made it. The entities stage already
linked names, descriptions ("the commander in chief") and pronouns to entities; here we map
the source head onto those mentions, look through "a statement from X" / "X's spokesman" to
X, fall back to the last compatible speaker for unresolved pronouns, and split group
speakers ("Zelensky and other officials") into a speaker plus co-speakers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from frontlog.attribution.reported import lexicon
from frontlog.model import Document, Entity
from frontlog.nlp.entities import entity_for_span

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"it", "they", "them"}
SPAN_EXCLUDE = {"relcl", "acl", "appos", "conj", "cc", "punct", "advcl"}


@dataclass
class Speaker:
    entity: Entity | None
    name: str
    span: tuple[int, int] | None
    co_speakers: list[str] = field(default_factory=list)


def _np_span(tok: Any, exclude: set[str] = SPAN_EXCLUDE) -> tuple[int, int]:
    toks = [tok]
    stack = [c for c in tok.children if c.dep_ not in exclude]
    while stack:
        c = stack.pop()
        toks.append(c)
        stack += list(c.children)
    toks.sort(key=lambda t: t.i)
    # keep it contiguous around the head
    lo = hi = tok.i
    idx = {t.i for t in toks}
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    doc = tok.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _look_through(tok: Any) -> Any:
    """'a statement from the ministry' / 'the army's spokesman' -> the ministry / the army."""
    if tok.lemma_.lower() not in lexicon().source_nouns:
        return tok
    for c in tok.children:
        if c.dep_ == "poss":
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by", "of", "for", "at"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    for c in tok.children:  # "a ministry statement", "army spokesman"
        if c.dep_ == "compound":
            return c
    return tok


def resolve(
    doc: Document, tok: Any, history: list[tuple[int, Entity]], span: tuple[int, int] | None
) -> Speaker:
    """The speaker for a source head token; ``history`` is (offset, entity) of prior speakers."""
    if tok is None:
        return Speaker(None, doc.body[span[0] : span[1]] if span else "", span)
    target = _look_through(tok)
    sspan = span or _np_span(tok)
    ent = entity_for_span(doc, target.idx, target.idx + len(target))
    if ent is None and target is not tok:
        ent = entity_for_span(doc, tok.idx, tok.idx + len(tok))
    if ent is None and tok.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        ent = _last_speaker(doc, tok, history)
    if ent is None:  # any entity mention inside the source phrase ("senior Russian officials")
        for e in doc.entities:
            if any(sspan[0] <= m.start and m.end <= sspan[1] for m in e.mentions):
                if e.type in ("person", "organization", "armed_group"):
                    ent = e
                    break
    co = []
    for c in tok.children:
        if c.dep_ == "conj":
            co.append(doc.body[slice(*_np_span(c))])
    if co and span is None:
        sspan = _np_span(tok, SPAN_EXCLUDE - {"conj", "cc"})
    name = ent.name if ent is not None else doc.body[sspan[0] : sspan[1]]
    return Speaker(ent, name, sspan, co)


def _last_speaker(doc: Document, tok: Any, history: list[tuple[int, Entity]]) -> Entity | None:
    want_person = tok.lower_ in PERSON_PRONOUNS
    for _off, ent in sorted((h for h in history if h[0] < tok.idx), key=lambda h: -h[0]):
        if (ent.type == "person") == want_person:
            return ent
    best, pos = None, -1
    for ent in doc.entities:
        if (ent.type == "person") != want_person:
            continue
        for m in ent.mentions:
            if pos < m.start < tok.idx and m.kind != "pronoun":
                best, pos = ent, m.start
    return best
