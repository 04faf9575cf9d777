"""Who did it: noun phrases, pronouns and metonyms → actor entities.

ACLED names state forces, not countries or people: "Russia", "Kyiv", "the Russians",
"Ukrainian troops" and "our units" (said by a Ukrainian official) all become the state
forces of one country. The entity is reused when an earlier stage already made it, and
added (type ``armed_group``) otherwise, so every event actor is an ``Entity.id``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from frontlog.events.lexicon import Lexicon, lexicon, np_tokens
from frontlog.events.ontology import Ontology, ontology
from frontlog.model import Attribution, Document, Entity, Mention

log = logging.getLogger(__name__)

FORCES_WORDS = ("forces", "army", "military", "troops", "navy", "guard")
GENERIC_FORCE_WORDS = frozenset(
    {"the", "of", "armed", "forces", "force", "army", "military", "troops", "national"}
    | {"federation", "republic", "state", "government"}
)


class ActorResolver:
    """Resolves actor noun phrases of one document (caches entity lookups)."""

    def __init__(self, doc: Document, sdoc: Any, onto: Ontology | None = None) -> None:
        self.doc = doc
        self.sdoc = sdoc
        self.onto = onto or ontology()
        self.lex: Lexicon = lexicon()
        self._doc_countries: Counter[str] | None = None

    # -- entities ------------------------------------------------------------------------

    def _next_entity_id(self) -> str:
        n = 0
        for e in self.doc.entities:
            m = re.fullmatch(r"E(\d+)", e.id)
            if m:
                n = max(n, int(m.group(1)))
        return f"E{n + 1}"

    def entity(self, eid: str | None) -> Entity | None:
        for e in self.doc.entities:
            if e.id == eid:
                return e
        return None

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity one of whose mentions overlaps ``[start, end)`` (tightest wins)."""
        best: tuple[int, Entity] | None = None
        for e in self.doc.entities:
            for m in e.mentions:
                if m.start < end and start < m.end:
                    size = m.end - m.start
                    if best is None or size < best[0]:
                        best = (size, e)
        return best[1] if best else None

    def _add_mention(self, ent: Entity, tokens: list[Any]) -> None:
        if not tokens:
            return
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if any(m.start < end and start < m.end for m in ent.mentions):
            return
        kind = "pronoun" if len(tokens) == 1 and tokens[0].pos_ == "PRON" else "description"
        ent.mentions.append(Mention(start, end, self.doc.body[start:end], kind=kind))
        ent.mentions.sort(key=lambda m: m.start)

    def forces(self, code: str, tokens: list[Any] | None = None) -> str:
        """Entity id of ``code``'s state forces, reusing or adding the entity."""
        name = self.onto.forces_name(code)
        low = name.lower()
        # reuse only an entity that already carries the ACLED name (as name or alias): a
        # differently named one ("Ukrainian forces") would give the export a non-ACLED actor
        ent = next((e for e in self.doc.entities if e.name.lower() == low), None)
        if ent is None:
            ent = next(
                (e for e in self.doc.entities if low in (a.lower() for a in e.aliases)), None
            )
        if ent is None:
            ent = Entity(self._next_entity_id(), name, "armed_group", aliases=[], country=code)
            self.doc.entities.append(ent)
        if ent.country is None:
            ent.country = code
        head = max(tokens, key=lambda t: t.head.i not in {x.i for x in tokens}) if tokens else None
        if tokens and head is not None and not self._is_weapon_or_event(head):
            # record the surface form ("Ukrainian troops", "Kyiv", "our") as a mention
            surface = self.doc.body[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
            if head.pos_ != "PRON" and surface not in ent.aliases and surface != ent.name:
                ent.aliases.append(surface)
            self._add_mention(ent, tokens)
        return ent.id

    def civilians(self, code: str | None) -> str:
        name = self.onto.civilians_name(code) if code else "Civilians"
        ent = next((e for e in self.doc.entities if e.name == name), None)
        if ent is None:
            ent = Entity(self._next_entity_id(), name, "other", country=code)
            self.doc.entities.append(ent)
        return ent.id

    # -- countries -----------------------------------------------------------------------

    def country_of_tokens(self, tokens: list[Any]) -> str | None:
        """Country named in a token list: two-word names first, then single words."""
        for a, b in zip(tokens, tokens[1:], strict=False):
            if b.i == a.i + 1:
                code = self.onto.country_of_word(f"{a.text} {b.text}")
                if code:
                    return code
        for t in tokens:
            if t.pos_ in ("PROPN", "ADJ", "NOUN") or t.text[:1].isupper():
                code = self.onto.country_of_word(t.text)
                if code:
                    return code
        return None

    def country_of_np(self, head: Any) -> str | None:
        toks = np_tokens(head)
        if head.lemma_.lower() in self.lex.military_heads:
            for c in head.children:  # "forces of Ukraine", "artillerymen of the Russian ..."
                if c.dep_ == "prep" and c.lower_ == "of":
                    toks = toks + [t for g in c.children if g.dep_ == "pobj" for t in np_tokens(g)]
        if head.dep_ == "appos":  # "General X, Ukraine's commander" / "commander, General X"
            toks = toks + np_tokens(head.head)
        for c in head.children:
            if c.dep_ == "appos":
                toks = toks + np_tokens(c)
        return self.country_of_tokens(sorted(set(toks), key=lambda t: t.i))

    def country_of_entity(self, ent: Entity | None) -> str | None:
        """An entity's country: its own field, its names, or the words around its mentions."""
        if ent is None:
            return None
        if ent.country:
            return ent.country
        for name in [ent.name, *ent.aliases]:
            code = self.country_of_text(name)
            if code:
                return code
        for m in ent.mentions:
            span = self.sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or m.kind == "pronoun":
                continue
            code = self.country_of_np(span.root)
            if code:
                return code
        return None

    def country_of_text(self, text: str) -> str | None:
        words = re.findall(r"[A-Z][\w.'’]*(?:\s+[A-Z][\w.]*)?", text or "")
        for w in words:
            code = self.onto.country_of_word(w)
            if code:
                return code
            for part in w.split():
                code = self.onto.country_of_word(part)
                if code:
                    return code
        return None

    def doc_countries(self) -> Counter[str]:
        """How often each country is named in the document (to find the other side)."""
        if self._doc_countries is None:
            c: Counter[str] = Counter()
            for t in self.sdoc:
                if t.text[:1].isupper():
                    code = self.onto.country_of_word(t.text)
                    if code:
                        c[code] += 1
            self._doc_countries = c
        return self._doc_countries

    def opponent(self, code: str | None, sent: Any) -> str | None:
        """The other side of ``code``: a country named in the sentence, else the document."""
        for t in sent:
            if t.text[:1].isupper():
                other = self.onto.country_of_word(t.text)
                if other and other != code:
                    return other
        for other, _ in self.doc_countries().most_common():
            if other != code:
                return other
        return None

    # -- speakers ------------------------------------------------------------------------

    def containing_attribution(self, offset: int) -> Attribution | None:
        """Innermost attribution whose content contains ``offset``."""
        best = None
        for a in self.doc.attributions:
            if a.kind == "publisher":
                continue
            if a.content.start <= offset < a.content.end:
                if best is None or (a.content.end - a.content.start) < (
                    best.content.end - best.content.start
                ):
                    best = a
        return best

    def speaker_country(self, offset: int, tok: Any) -> tuple[str | None, Entity | None]:
        """Country (and entity) of whoever says the words at ``offset``."""
        by_id = {a.id: a for a in self.doc.attributions}
        a = self.containing_attribution(offset)
        seen: set[str] = set()
        while a is not None and a.id not in seen:
            seen.add(a.id)
            ent = self.entity(a.speaker)
            code = self.country_of_entity(ent) or self.country_of_text(a.speaker_name)
            if code:
                return code, ent
            a = by_id.get(a.parent or "")
        head = self.speech_subject(tok)
        if head is not None:
            ent = self.entity_at(head.idx, head.idx + len(head))
            code = self.country_of_entity(ent) or self.country_of_np(head)
            return code, ent
        return None, None

    def speech_subject(self, tok: Any) -> Any:
        """Subject of the reporting verb above ``tok`` ("X said it repelled ...")."""
        t = tok
        while t.head.i != t.i:
            t = t.head
            if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self.lex.speech_verbs:
                for c in t.children:
                    if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i:
                        return c
        return None

    # -- the main entry ------------------------------------------------------------------

    def resolve(self, head: Any, military: bool = True) -> tuple[str | None, str]:
        """Actor entity id for the noun phrase headed by ``head``, and how it was found.

        ``military``: the phrase is the agent of a military trigger, so a bare country or
        capital stands for its forces (metonymy).
        """
        if head is None:
            return None, ""
        low = head.lower_
        if low in self.lex.relative and head.head.dep_ == "relcl":
            return self.resolve(head.head.head, military)
        if head.pos_ == "PRON" and low in self.lex.first_person:
            code, _ = self.speaker_country(head.idx, head)
            return (self.forces(code, [head]), "speaker") if code else (None, "")
        if head.pos_ == "PRON" and low in self.lex.third_person:
            return self._resolve_third_person(head, military)
        toks = np_tokens(head)
        poss = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if poss is not None and head.lemma_.lower() in self.lex.military_heads:
            # "its troops", "our units", "their forces": the owner's state forces
            owner, how = self.resolve(poss, military)
            code = self.country_of_entity(self.entity(owner))
            if not code and owner is None:
                code, _ = self.speaker_country(poss.idx, poss)  # "X's ministry said its forces"
                how = "speaker"
            if code:
                return self.forces(code, toks), how
            if owner is not None:
                return owner, how
        if self._is_place(head) and head.lemma_.lower() not in self.lex.military_heads:
            # a place as agent stands for its state only when it names one ("Kyiv", "Russia")
            code = self.onto.country_of_word(head.text)
            return (self.forces(code, toks), "np") if military and code else (None, "")
        ent = self.entity_at(toks[0].idx, toks[-1].idx + len(toks[-1]))
        if ent is not None and ent.type in ("armed_group", "organization"):
            code = self.country_of_np(head)
            if code and head.lemma_.lower() in self.lex.military_heads:
                return self.forces(code, toks), "np"
            return self.canonical(ent), "entity"
        code = self.country_of_np(head)
        head_word = head.lower_
        if head_word in self.lex.civilian_heads or head.lemma_.lower() in self.lex.civilian_heads:
            return self.civilians(code), "civilians"
        if code is not None:
            is_country_word = self.onto.country_of_word(head.text) == code
            if head.lemma_.lower() in self.lex.military_heads or (military and is_country_word):
                return self.forces(code, toks), "np"
            if military and any(
                t.dep_ == "compound" and t.lemma_.lower() in self.lex.military_heads for t in toks
            ):  # "Ukrainian Armed Forces spokesman" as the agent of a strike
                return self.forces(code, toks), "np"
        if ent is not None and ent.type not in ("place",):
            return ent.id, "entity"
        if head.lemma_.lower() in self.lex.enemy_words:
            # "the enemy" in a Ukrainian commander's words is Russia's forces, and vice versa
            own, _ = self.speaker_country(head.idx, head)
            other = self.opponent(own, head.sent) if own else None
            if other:
                return self.forces(other, toks), "enemy"
        return None, ""

    def canonical(self, ent: Entity) -> str:
        """A state's armed forces under their ACLED name; any other entity as it is."""
        words = re.findall(r"[\w.]+", ent.name.replace("’", "'").replace("'s", ""))
        rest = [
            w
            for w in words
            if w.lower() not in GENERIC_FORCE_WORDS and not self.onto.country_of_word(w)
        ]
        if any(w in ent.name.lower() for w in FORCES_WORDS) and not rest:
            # "Russia's military", "Ukrainian armed forces"; not "Syrian Democratic Forces"
            code = ent.country or self.country_of_text(ent.name)
            if code:
                return self.forces(code)
        return ent.id

    def _is_weapon_or_event(self, tok: Any) -> bool:
        """ "Ukrainian airstrikes" names a weapon or an act, not the forces themselves."""
        low = tok.lemma_.lower()
        if low in self.lex.nouns or tok.lower_ in self.lex.nouns:
            return True
        return any(low in words or tok.lower_ in words for _, words in self.lex.refine)

    def _is_place(self, tok: Any) -> bool:
        end = tok.idx + len(tok)
        return any(p.mention.start < end and tok.idx < p.mention.end for p in self.doc.places)

    def _resolve_third_person(self, head: Any, military: bool) -> tuple[str | None, str]:
        ent = self.entity_at(head.idx, head.idx + len(head))
        if ent is not None:
            code = self.country_of_entity(ent)
            if ent.type in ("armed_group", "organization") or not code:
                return self.canonical(ent), "coref"
            return self.forces(code, None), "coref"
        a = self.containing_attribution(head.idx)
        if a is not None:
            sp = self.entity(a.speaker)
            if sp is not None and sp.type in ("armed_group", "organization"):
                return self.canonical(sp), "speaker"
            code = self.country_of_entity(sp) or self.country_of_text(a.speaker_name)
            if code and sp is None:
                return self.forces(code, None), "speaker"
        subj = self.speech_subject(head)
        if subj is not None and subj.pos_ != "PRON":
            return self.resolve(subj, military)
        return None, ""
