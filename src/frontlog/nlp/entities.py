"""Canonical entities within one document, from spaCy's NER plus the actor alias table.

Why: later stages (attribution, events) need *who* as one id per real-world party, not one
per surface form. "Ukrainian President Volodymyr Zelensky", "Zelensky" and "he" must be the
same entity; "Ukrainian troops" and "Kyiv's forces" must be the same armed group.

Rules are deliberately simple and gazetteer-free: persons merge on surname, titles are
stripped from the canonical name (kept in the mention span), spans spaCy mislabels are kept
but a place-looking span ("Kharkiv regions", "village of X") never becomes a person.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from frontlog.model import Document, Entity, Mention

log = logging.getLogger(__name__)

# Titles and honorifics that may precede a person's name; stripped from the canonical name.
TITLE_WORDS = {
    "president",
    "vice",
    "prime",
    "minister",
    "premier",
    "chancellor",
    "general",
    "gen",
    "lieutenant",
    "lt",
    "colonel",
    "col",
    "major",
    "maj",
    "captain",
    "capt",
    "sergeant",
    "sgt",
    "admiral",
    "adm",
    "marshal",
    "field",
    "commander",
    "chief",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "gov",
    "mayor",
    "senator",
    "sen",
    "rep",
    "representative",
    "secretary",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "emir",
    "ayatollah",
    "pope",
    "mr",
    "mrs",
    "ms",
    "dr",
    "ambassador",
    "envoy",
    "leader",
    "head",
    "director",
    "chairman",
    "chairwoman",
    "deputy",
    "foreign",
    "defense",
    "defence",
    "interior",
    "justice",
    "state",
    "former",
    "acting",
    "army",
    "brigadier",
    "supreme",
    "top",
    "senior",
    "commissioner",
    "speaker",
    "judge",
    "attorney",
    "officer",
    "private",
    "corporal",
    "cpl",
}
# Words in a title that are qualifiers, not the role itself ("former President" -> president).
TITLE_QUALIFIERS = {"former", "acting", "top", "senior", "mr", "mrs", "ms", "dr", "vice"}
# Nouns after a name that mark it as a place ("Sumy and Kharkiv regions", "Belgorod region").
PLACE_NOUNS = {
    "region",
    "oblast",
    "province",
    "city",
    "town",
    "village",
    "district",
    "county",
    "settlement",
    "area",
    "border",
    "airport",
    "port",
    "airbase",
    "base",
    "river",
    "valley",
    "peninsula",
    "governorate",
    "state",
    "municipality",
    "neighborhood",
    "neighbourhood",
    "suburb",
    "outskirts",
    "front",
    "direction",
    "sector",
    "raion",
    "krai",
    "hromada",
    "territory",
    "strip",
    "bank",
    "coast",
    "island",
    "mountain",
    "mountains",
    "hill",
}
PLACE_OF_NOUNS = {"village", "town", "city", "region", "province", "district", "settlement"}
PLACE_PREPOSITIONS = {"near", "around", "outside", "in", "across", "towards", "toward"}
SKIP_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
APOSTROPHE = "['’]"


# -- the actor alias table -------------------------------------------------------------------


@dataclass
class Actor:
    """One canonical actor from ``data/actors.yaml``."""

    name: str
    type: str
    country: str | None = None
    military: bool = False
    acled: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class ActorTable:
    """The alias table compiled to regexes, plus country vocabularies."""

    actors: list[Actor]
    # (alternation, normalised phrase -> actor, case-sensitive?)
    patterns: list[tuple[re.Pattern[str], dict[str, Actor], bool]]
    adjective_country: dict[str, str]  # "ukrainian" -> "UA"
    name_country: dict[str, str]  # "ukraine" / "kyiv" -> "UA"
    capitals: set[str]
    military_nouns: list[str]
    forces: dict[str, dict[str, Any]] = field(default_factory=dict)  # country -> forces actor
    country_words: dict[str, str] = field(default_factory=dict)  # any country word -> code

    def military_of(self, country: str | None) -> Actor | None:
        """The regular armed forces of ``country`` ("our troops" said by someone from it)."""
        for actor in self.actors:
            if actor.military and actor.country == country:
                return actor
        return None

    def country_of_word(self, word: str) -> str | None:
        w = word.lower().strip()
        return self.adjective_country.get(w) or self.name_country.get(w)


def _phrase_regex(phrase: str) -> str:
    parts = [re.escape(p).replace("'", APOSTROPHE) for p in phrase.replace("’", "'").split()]
    return r"\s+".join(parts)


def _phrase_key(text: str, lower: bool) -> str:
    """A matched phrase normalised to look it up: one apostrophe, single spaces."""
    key = " ".join(text.replace("’", "'").split())
    return key.lower() if lower else key


def _case_sensitive(phrase: str) -> bool:
    """Acronyms (IDF, UN, US) only match in capitals: "us" and "is" are common words."""
    return any(len(w.strip(".")) >= 2 and w.replace(".", "").isupper() for w in phrase.split())


@lru_cache(maxsize=1)
def actor_table() -> ActorTable:
    """Load and compile ``data/actors.yaml`` once per process."""
    text = resources.files("frontlog.data").joinpath("actors.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    nouns: list[str] = list(data.get("military_nouns", []))
    adjective_country: dict[str, str] = {}
    name_country: dict[str, str] = {}
    capitals: set[str] = set()
    countries: dict[str, dict[str, Any]] = data.get("countries", {})
    for code, info in countries.items():
        for a in info.get("adjectives", []):
            adjective_country.setdefault(a.lower(), code)
        for n in info.get("names", []):
            name_country.setdefault(n.lower(), code)
        for c in info.get("capitals", []):
            name_country.setdefault(c.lower(), code)
            capitals.add(c.lower())
    actors: list[Actor] = []
    phrases: list[tuple[str, Actor]] = []
    for item in data.get("actors", []):
        actor = Actor(
            name=item["name"],
            type=item.get("type", "organization"),
            country=item.get("country"),
            military=bool(item.get("military", False)),
            acled=item.get("acled"),
            aliases=[str(a) for a in item.get("aliases", [])],
        )
        actors.append(actor)
        phrases.append((actor.name, actor))
        phrases += [(a, actor) for a in actor.aliases]
        if actor.military and actor.country in countries:
            info = countries[actor.country]
            for noun in nouns:
                for adj in info.get("adjectives", []):
                    phrases.append((f"{adj} {noun}", actor))
                for owner in info.get("names", []) + info.get("capitals", []):
                    phrases.append((f"{owner}'s {noun}", actor))
    # Longest phrase first so "Russian armed forces" wins over "Russian forces".
    phrases.sort(key=lambda p: -len(p[0]))
    # Two alternations (acronyms match case-sensitively, the rest in any case), longest
    # phrase first; a match maps back to its actor through the normalised phrase.
    groups: dict[bool, dict[str, Actor]] = {True: {}, False: {}}
    for phrase, actor in phrases:
        groups[_case_sensitive(phrase)].setdefault(_phrase_key(phrase, False), actor)
    patterns = []
    for sensitive, lookup in groups.items():
        if not lookup:
            continue
        alternation = "|".join(_phrase_regex(p) for p in sorted(lookup, key=len, reverse=True))
        rx = re.compile(
            r"(?<![\w-])(?:" + alternation + r")(?![\w-])", 0 if sensitive else re.IGNORECASE
        )
        keyed = {k if sensitive else k.lower(): a for k, a in lookup.items()}
        patterns.append((rx, keyed, sensitive))
    forces = {
        a.country: {"name": a.name, "type": a.type, "acled": a.acled}
        for a in actors
        if a.military and a.country
    }
    return ActorTable(
        actors,
        patterns,
        adjective_country,
        name_country,
        capitals,
        nouns,
        forces,
        {**name_country, **adjective_country},
    )


def find_alias_mentions(text: str) -> list[tuple[int, int, Actor]]:
    """Non-overlapping alias-table matches in ``text``, longest first."""
    table = actor_table()
    found: list[tuple[int, int, Actor]] = []
    for rx, lookup, sensitive in table.patterns:
        for m in rx.finditer(text):
            actor = lookup.get(_phrase_key(m.group(0), not sensitive))
            if actor is not None:
                found.append((m.start(), m.end(), actor))
    taken: list[tuple[int, int, Actor]] = []
    for start, end, actor in sorted(found, key=lambda t: (t[0] - t[1], t[0])):
        if not any(start < e and s < end for s, e, _ in taken):
            taken.append((start, end, actor))
    return sorted(taken, key=lambda t: t[0])


@dataclass
class ActorMention:
    """An alias-table match: where, what text, which canonical actor."""

    start: int
    end: int
    text: str
    name: str
    type: str
    country: str | None


def actor_mentions(text: str) -> list[ActorMention]:
    """Alias-table matches in ``text`` as (start, end, text, canonical name, type, country)."""
    return [
        ActorMention(s, e, text[s:e], a.name, a.type, a.country)
        for s, e, a in find_alias_mentions(text)
    ]


# -- building entities ------------------------------------------------------------------------


@dataclass
class WorkEntity:
    """An entity under construction (roles are kept for description matching)."""

    name: str
    type: str
    country: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    key: str = ""  # merge key: surname for persons, lower-cased name otherwise

    @property
    def first(self) -> int:
        return min((m.start for m in self.mentions), default=0)


class EntityBuilder:
    """Collects mentions into entities; coref adds descriptions and pronouns to it."""

    def __init__(
        self, doc: Document, sdoc: Any, is_place: Callable[[str], bool] | None = None
    ) -> None:
        self.doc = doc
        self.sdoc = sdoc
        self.is_place = is_place or (lambda _name: False)
        self.entities: list[WorkEntity] = []
        self.table = actor_table()

    # mention bookkeeping
    def taken(self, start: int, end: int) -> WorkEntity | None:
        """The entity that already has a mention overlapping [start, end)."""
        for ent in self.entities:
            for m in ent.mentions:
                if m.start < end and start < m.end:
                    return ent
        return None

    def add(self, ent: WorkEntity, start: int, end: int, kind: str, label: str = "") -> None:
        text = self.doc.body[start:end]
        if any(m.start == start and m.end == end for m in ent.mentions):
            return
        ent.mentions.append(Mention(start, end, text, kind, label))

    def new(self, name: str, type_: str, key: str, country: str | None = None) -> WorkEntity:
        ent = WorkEntity(name=name, type=type_, country=country, key=key)
        self.entities.append(ent)
        return ent

    def find(self, type_: str, key: str) -> WorkEntity | None:
        for ent in self.entities:
            if ent.key == key and (ent.type == type_ or not type_):
                return ent
        return None

    def entity_at(self, start: int, end: int) -> WorkEntity | None:
        """The entity with the smallest mention covering [start, end)."""
        best, size = None, 10**9
        for ent in self.entities:
            for m in ent.mentions:
                if m.start <= start and end <= m.end and m.end - m.start < size:
                    best, size = ent, m.end - m.start
        return best

    def finish(self) -> list[Entity]:
        """Model entities with ids E1.. in order of first mention."""
        out: list[Entity] = []
        live = [e for e in self.entities if e.mentions]
        live.sort(key=lambda e: e.first)
        for i, ent in enumerate(live, 1):
            ent.mentions.sort(key=lambda m: (m.start, m.end))
            aliases: list[str] = []
            for m in ent.mentions:
                if m.kind in ("name", "alias") and m.text != ent.name and m.text not in aliases:
                    aliases.append(m.text)
            out.append(
                Entity(
                    id=f"E{i}",
                    name=ent.name,
                    type=ent.type,
                    aliases=aliases,
                    mentions=list(ent.mentions),
                    country=ent.country,
                )
            )
        return out


def _strip_possessive(span: Any) -> Any:
    """A spaCy span without a trailing 's / ’s token."""
    end = span.end
    while end > span.start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[span.start : end]


def title_start(span: Any, table: ActorTable) -> tuple[int, list[str], str | None]:
    """Extend a PERSON span left over titles; returns (token start, title words, country)."""
    doc = span.doc
    i = span.start
    words: list[str] = []
    country = None
    while i > span.sent.start:
        tok = doc[i - 1]
        low = tok.lower_.rstrip(".")
        if low in TITLE_WORDS and (tok.is_title or tok.is_upper):
            words.insert(0, low)
            i -= 1
            continue
        if words and table.adjective_country.get(tok.lower_) and tok.is_title:
            country = table.adjective_country[tok.lower_]
            i -= 1
            continue
        break
    return i, words, country


def looks_like_place(span: Any, table: ActorTable) -> bool:
    """Gazetteer-free cues that a name is a place, whatever label spaCy gave it."""
    doc = span.doc
    text = span.text.lower()
    if text in table.name_country:
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lemma_.lower() in PLACE_NOUNS:
        return True
    # "Sumy and Kharkiv regions": climb conj links, then compound/nmod of a place noun.
    tok = span.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ("compound", "nmod", "amod") and tok.head.lemma_.lower() in PLACE_NOUNS:
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ == "of" and span.start > 1:
        if doc[span.start - 2].lemma_.lower() in PLACE_OF_NOUNS:
            return True
    if prev is not None and prev.lower_ in PLACE_PREPOSITIONS and prev.dep_ == "prep":
        following = doc[span.end] if span.end < len(doc) else None
        if following is None or following.tag_ != "POS":
            return True
    return False


def _person_key(tokens: list[str]) -> str:
    return tokens[-1].lower() if tokens else ""


def collect_names(builder: EntityBuilder) -> None:
    """Name mentions: the alias table first, then spaCy's named entities."""
    doc, sdoc, table = builder.doc, builder.sdoc, builder.table
    for start, end, actor in find_alias_mentions(doc.body):
        ent = builder.find("", actor.name.lower()) or builder.new(
            actor.name, actor.type, actor.name.lower(), actor.country
        )
        builder.add(ent, start, end, "alias" if doc.body[start:end] != actor.name else "name")
        head = doc.body[start:end].split()[-1].lower()
        if head not in {n.split()[-1] for n in table.military_nouns}:
            ent.roles.add(head)
    for span in _merged_ents(sdoc):
        label = span.label_
        if label in SKIP_LABELS or label == "NORP":
            continue
        span = _strip_possessive(span)
        if len(span) == 0 or not any(t.is_alpha for t in span):
            continue
        if builder.taken(span.start_char, span.end_char):
            continue
        type_ = LABEL_TYPES.get(label, "other")
        if type_ in ("person", "organization", "other") and looks_like_place(span, table):
            type_ = "place"
        elif type_ == "person" and len(span) == 1 and builder.is_place(span.text):
            type_ = "place"  # a lone word the gazetteer knows as a sizeable place
        if type_ == "person":
            _add_person(builder, span)
            continue
        key = re.sub(r"^the\s+", "", span.text.lower())
        ent = (
            builder.find(type_, key)
            or builder.find("", key)
            or builder.new(re.sub(r"^[Tt]he\s+", "", span.text), type_, key)
        )
        if type_ == "place" and ent.country is None:
            ent.country = table.name_country.get(key)
        builder.add(ent, span.start_char, span.end_char, "name", label)


def _merged_ents(sdoc: Any) -> list[Any]:
    """spaCy's entities with adjacent PERSON pieces joined ("Oleksandr" + "Prokudin")."""
    out: list[Any] = []
    for span in sdoc.ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == "PERSON"
            and span.label_ == "PERSON"
            and prev.end == span.start
        ):
            out[-1] = sdoc[prev.start : span.end]
            out[-1].label_ = "PERSON"
            continue
        out.append(span)
    return out


def _add_person(builder: EntityBuilder, span: Any) -> None:
    table = builder.table
    start_tok, titles, country = title_start(span, table)
    # spaCy sometimes folds the title into the entity ("General Oleksandr Syrsky").
    names = [t.text for t in span]
    while names and names[0].lower().rstrip(".") in TITLE_WORDS and len(names) > 1:
        titles.append(names.pop(0).lower().rstrip("."))
    key = _person_key(names)
    ent = builder.find("person", key)
    name = " ".join(names)
    if ent is None:
        ent = builder.new(name, "person", key, country)
    elif len(name.split()) > len(ent.name.split()):
        ent.name = name  # a later full name beats an earlier surname
    if country and not ent.country:
        ent.country = country
    role = " ".join(w for w in titles if w not in TITLE_QUALIFIERS)
    if role:
        ent.roles.add(role)
    builder.add(ent, span.doc[start_tok].idx, span.end_char, "name", "PERSON")


def find_entities(
    doc: Document, sdoc: Any, is_place: Callable[[str], bool] | None = None
) -> list[Entity]:
    """Entities with name, alias, description and pronoun mentions for ``doc``.

    ``is_place`` (optional, e.g. gazetteer-backed) says whether a lone word is a known place,
    so a single-word "PERSON" such as a city name is not made a person.
    """
    from frontlog.nlp import coref

    builder = EntityBuilder(doc, sdoc, is_place)
    collect_names(builder)
    coref.link_appositions(builder)
    coref.link_descriptions(builder)
    coref.link_pronouns(builder)
    return builder.finish()


build_entities = find_entities


def entity_for_span(doc: Document, start: int, end: int) -> Entity | None:
    """The entity whose mention best covers [start, end) (smallest covering mention)."""
    best, size = None, 10**9
    for ent in doc.entities:
        for m in ent.mentions:
            if m.start <= start and end <= m.end and m.end - m.start < size:
                best, size = ent, m.end - m.start
    return best
