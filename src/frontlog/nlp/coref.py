"""Coreference-lite: appositive descriptions, later role descriptions, and pronouns.

Why: the speaker of a claim is often "he" or "the commander in chief", not a name. Full
neural coreference is too heavy for a laptop pipeline; news prose is regular enough that
three rules recover most links:

* apposition: "Ukraine's top general, Ivan Petrenko," makes the description a mention of
  the named person and teaches the role ("top general") for later;
* role descriptions: a later definite "the general" / "the ministry" is the most recent
  entity introduced with that role (titles such as "President X" also teach roles);
* pronouns: he/she/him/her/his -> the most salient person before it (a main-clause subject,
  else the most recent person); "it"/"they" as the subject of a clause reported by an
  organisation -> that organisation ("the army said it had ...").
"""

from __future__ import annotations

import re
from typing import Any

from frontlog.nlp.entities import TITLE_QUALIFIERS, EntityBuilder, WorkEntity

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their"}
SPEECH_LEMMAS = {
    "say",
    "add",
    "report",
    "claim",
    "state",
    "announce",
    "tell",
    "write",
    "warn",
    "acknowledge",
    "deny",
    "insist",
    "confirm",
    "declare",
    "assert",
    "argue",
    "allege",
}
DETERMINERS = {"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"}
GENERIC_ROLES = {"people", "man", "woman", "person", "group", "one", "country", "official"}


def _role_of(tokens: list[Any], table: Any) -> tuple[str, str | None]:
    """Role key of a description ("Ukraine's commander in chief" -> "commander in chief")."""
    words: list[str] = []
    country = None
    poss = [i for i, t in enumerate(tokens) if t.tag_ == "POS"]
    if poss:  # "Ukraine's commander in chief": the possessor is not part of the role
        for t in tokens[: poss[-1]]:
            country = country or table.country_of_word(t.lower_)
        tokens = tokens[poss[-1] + 1 :]
    for tok in tokens:
        low = tok.lower_
        if tok.is_punct or tok.tag_ == "POS" or low in DETERMINERS:
            continue
        c = table.country_of_word(low)
        if c and not words:
            country = country or c
            continue
        if low in TITLE_QUALIFIERS:
            continue
        words.append(low)
    return " ".join(words), country


def link_appositions(builder: EntityBuilder) -> None:
    """Make an appositive description a mention of the named entity, and learn its role."""
    sdoc, table = builder.sdoc, builder.table
    for tok in sdoc:
        if tok.dep_ != "appos":
            continue
        head = tok.head
        name_tok, desc_tok = (tok, head) if head.pos_ == "NOUN" else (head, tok)
        if desc_tok.pos_ != "NOUN" or name_tok.pos_ != "PROPN":
            continue
        ent = builder.entity_at(name_tok.idx, name_tok.idx + len(name_tok))
        if ent is None or ent.type not in ("person", "organization", "armed_group"):
            continue
        if desc_tok is head:  # "commander in chief, General X," : head subtree minus appos
            toks = [t for t in head.subtree if t.i < name_tok.left_edge.i]
        else:  # "X, the army's spokesman," : the appos subtree
            toks = list(desc_tok.subtree)
        # Cut the description at the first comma, keep it tight around the noun.
        toks = [t for t in toks if t.sent == desc_tok.sent]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        while toks and (toks[0].is_punct or toks[0].is_space):
            toks.pop(0)
        if not toks or len(toks) > 12:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        if builder.taken(desc_tok.idx, desc_tok.idx + len(desc_tok)):
            continue
        role, country = _role_of(toks, table)
        if role and role not in GENERIC_ROLES:
            ent.roles.add(role)
        if country and not ent.country and ent.type == "person":
            ent.country = country
        builder.add(ent, start, end, "description")


def link_descriptions(builder: EntityBuilder) -> None:
    """Later definite descriptions ("the commander in chief") -> entity with that role."""
    body = builder.doc.body
    by_role: dict[str, list[WorkEntity]] = {}
    for ent in builder.entities:
        for role in ent.roles:
            if role and role not in GENERIC_ROLES:
                by_role.setdefault(role, []).append(ent)
    for role in sorted(by_role, key=len, reverse=True):
        words = r"\s+".join(re.escape(w) for w in role.split())
        rx = re.compile(r"\b(?:the|The|THE)\s+(?:[a-z]+\s+)?" + words + r"\b")
        for m in rx.finditer(body):
            if builder.taken(m.start(), m.end()):
                continue
            before = [e for e in by_role[role] if e.first < m.start()]
            if not before:
                continue
            # The most recently mentioned entity with this role.
            ent = max(before, key=lambda e: max(x.start for x in e.mentions if x.start < m.start()))
            builder.add(ent, m.start(), m.end(), "description")


def _sentence_subject_persons(builder: EntityBuilder, sent: Any) -> list[tuple[int, WorkEntity]]:
    out = []
    for tok in sent:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
            ent = builder.entity_at(tok.idx, tok.idx + len(tok))
            if ent is not None and ent.type == "person":
                out.append((tok.idx, ent))
    return out


def link_pronouns(builder: EntityBuilder) -> None:
    """Resolve third-person pronouns to the most salient compatible antecedent."""
    sdoc = builder.sdoc
    sents = list(sdoc.sents)
    for si, sent in enumerate(sents):
        for tok in sent:
            low = tok.lower_
            if low in PERSON_PRONOUNS and tok.pos_ == "PRON":
                ent = _person_antecedent(builder, sents, si, tok.idx)
                if ent is not None:
                    builder.add(ent, tok.idx, tok.idx + len(tok), "pronoun")
            elif low in GROUP_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
                ent = _reported_group(builder, tok)
                if ent is not None:
                    builder.add(ent, tok.idx, tok.idx + len(tok), "pronoun")


def _person_antecedent(
    builder: EntityBuilder, sents: list[Any], si: int, offset: int
) -> WorkEntity | None:
    """Main-clause subject persons first (salience), then any person, within 3 sentences."""
    for back in range(0, 4):
        if si - back < 0:
            break
        sent = sents[si - back]
        subjects = [(o, e) for o, e in _sentence_subject_persons(builder, sent) if o < offset]
        if subjects:
            return max(subjects, key=lambda p: p[0])[1]
    best, pos = None, -1
    lo = sents[max(0, si - 3)].start_char
    for ent in builder.entities:
        if ent.type != "person":
            continue
        for m in ent.mentions:
            if lo <= m.start < offset and m.kind != "pronoun" and m.start > pos:
                best, pos = ent, m.start
    return best


def _reported_group(builder: EntityBuilder, tok: Any) -> WorkEntity | None:
    """'X said it/they ...': the pronoun subject of a complement of X's speech verb is X."""
    clause = tok.head
    if clause.dep_ not in ("ccomp", "xcomp") or clause.head.lemma_ not in SPEECH_LEMMAS:
        return None
    verb = clause.head
    for child in verb.children:
        if child.dep_ == "nsubj":
            ent = builder.entity_at(child.idx, child.idx + len(child))
            if ent is not None and ent.type in ("organization", "armed_group"):
                return ent
    return None
