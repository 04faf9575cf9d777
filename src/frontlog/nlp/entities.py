"""Canonical entities of one document: names, titles, actor aliases.

spaCy gives entity spans; this module turns them into canonical entities:

* persons: "Ukrainian President Volodymyr Zelensky" and later "Zelensky" are one entity
  named "Volodymyr Zelensky" (titles stripped from the name, kept in the mention span so
  the evidence shows how the article named them; a country adjective before the title
  gives the person's country);
* group descriptions ("Ukrainian troops", "Russia's military", "the IDF") map to
  canonical actors with ACLED-style names through the alias table ``data/actors.yaml``;
* spans spaCy labels as persons or products but that are single words known to the
  gazetteer and never used as a surname ("Kharkiv" PERSON, "Kursk" PRODUCT) become
  ``place`` entities: the sm model mislabels many place names, and nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from frontlog.model import Document, Entity, Mention

APOSTROPHES = "'’"

# Words that precede a name as a title or rank; stripped from the canonical name.
TITLES = frozenset(
    """president vice prime minister deputy foreign defense defence interior general gen.
    lt. lieutenant colonel col. major maj. captain capt. commander admiral adm. sergeant
    sgt. marshal brigadier mr. mrs. ms. dr. sir dame lord governor gov. mayor senator sen.
    representative rep. chancellor king queen prince princess sheikh pope patriarch
    ambassador secretary spokesman spokeswoman spokesperson chief head leader premier
    speaker chairman chairwoman commissioner envoy minister-president deputy-minister
    pm acting former late the""".split()
)

SPACY_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
# Labels the sm model puts on place names often enough that such spans are checked.
MISLABEL_CANDIDATES = {"PERSON", "PRODUCT", "ORG", "NORP", "WORK_OF_ART", "EVENT"}
# spaCy labels that are not entities frontlog tracks.
IGNORED_LABELS = {
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
    "LANGUAGE",
    "LAW",
}


@dataclass
class ActorTable:
    """The alias table: literal aliases and country words that build force names."""

    aliases: dict[str, dict[str, Any]]  # normalised alias → actor record
    forces: dict[str, dict[str, Any]]  # ISO country → that country's regular forces
    country_words: dict[str, str]  # normalised adjective / name / capital → ISO country
    adjectives: dict[str, str]  # normalised demonym → ISO country
    military_nouns: list[str] = field(default_factory=list)
    pattern: re.Pattern[str] | None = None


def norm(text: str) -> str:
    """Lower case, one kind of apostrophe, single spaces (for alias comparison)."""
    text = text.replace("’", "'").replace("‘", "'").lower()
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def actor_table() -> ActorTable:
    """Load ``data/actors.yaml`` once per process."""
    raw = yaml.safe_load(
        resources.files("frontlog").joinpath("data/actors.yaml").read_text("utf-8")
    )
    aliases: dict[str, dict[str, Any]] = {}
    forces: dict[str, dict[str, Any]] = {}
    for actor in raw.get("actors", []):
        for alias in [actor["name"], *actor.get("aliases", [])]:
            aliases.setdefault(norm(alias), actor)
        if actor.get("military") and actor.get("country"):
            forces.setdefault(actor["country"], actor)
    country_words: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for code, info in (raw.get("countries") or {}).items():
        for adj in info.get("adjectives", []):
            adjectives[norm(adj)] = code
            country_words[norm(adj)] = code
        for name in [*info.get("names", []), *info.get("capitals", [])]:
            country_words[norm(name)] = code
    nouns = sorted({norm(n) for n in raw.get("military_nouns", [])}, key=len, reverse=True)
    table = ActorTable(aliases, forces, country_words, adjectives, nouns)
    table.pattern = _actor_pattern(table)
    return table


def _words_alt(words: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first, apostrophes either way."""
    parts = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(p).replace("'", f"[{APOSTROPHES}]") for p in parts)


def _actor_pattern(t: ActorTable) -> re.Pattern[str]:
    """One regex for literal aliases, "<Adjective> <military noun>" and
    "<Country|Capital>'s <military noun>" phrases."""
    nouns = _words_alt(t.military_nouns)
    adjectives = _words_alt(t.adjectives)
    possessors = _words_alt(w for w in t.country_words if w not in t.adjectives)
    aliases = _words_alt(t.aliases)
    return re.compile(
        rf"\b(?:(?P<alias>{aliases})"
        rf"|(?P<adj>{adjectives})\s+(?P<noun1>{nouns})"
        rf"|(?P<poss>{possessors})[{APOSTROPHES}]s\s+(?P<noun2>{nouns}))\b",
        re.IGNORECASE,
    )


@dataclass
class Found:
    """A mention before entities are merged."""

    start: int
    end: int
    text: str
    name: str
    type: str
    kind: str
    label: str = ""
    country: str | None = None
    aliases: tuple[str, ...] = ()


def actor_mentions(text: str) -> list[Found]:
    """Group descriptions and aliases that name a canonical actor."""
    t = actor_table()
    out: list[Found] = []
    assert t.pattern is not None
    for m in t.pattern.finditer(text):
        actor: dict[str, Any] | None
        if m.group("alias"):
            actor = t.aliases[norm(m.group("alias"))]
        else:
            word = m.group("adj") or m.group("poss")
            actor = t.forces.get(t.country_words.get(norm(word)) or "")
        if actor is None:
            continue
        out.append(
            Found(
                m.start(),
                m.end(),
                m.group(0),
                actor["name"],
                actor.get("type", "armed_group"),
                "alias",
                country=actor.get("country"),
            )
        )
    return out


def _strip_title(tokens: list[Any]) -> tuple[int, str | None]:
    """Index of the first name token after leading titles, and a country seen before them."""
    country = None
    i = 0
    table = actor_table()
    while i < len(tokens) - 1:
        low = norm(tokens[i].text)
        if low in TITLES or low.rstrip(".") + "." in TITLES:
            i += 1
        elif low in table.adjectives:
            country = table.adjectives[low]
            i += 1
        else:
            break
    return i, country


def _extend_left_over_titles(sdoc: Any, start: int) -> tuple[int, str | None]:
    """Token index where the title phrase before a person's name begins, and its country.

    "Ukrainian President Volodymyr Zelensky": spaCy marks the name only; the mention
    keeps "Ukrainian President" so the evidence shows how the person was introduced.
    """
    i = start
    country = None
    table = actor_table()
    while i > 0:
        tok = sdoc[i - 1]
        low = norm(tok.text)
        if tok.is_title and (low in TITLES or low.rstrip(".") + "." in TITLES):
            i -= 1
        elif tok.is_title and low in table.adjectives and i < start:
            country = table.adjectives[low]
            i -= 1
            break
        else:
            break
    return i, country


def _joined_persons(sdoc: Any) -> list[Any]:
    """spaCy's entities with adjacent PERSON spans joined: the sm model sometimes splits
    an unfamiliar first name from the surname ("Oleksandr" + "Prokudin")."""
    out: list[Any] = []
    for ent in sdoc.ents:
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == ent.label_ == "PERSON" and prev.end == ent.start:
            out[-1] = sdoc.char_span(prev.start_char, ent.end_char, label="PERSON")
        else:
            out.append(ent)
    return out


def spacy_mentions(sdoc: Any, is_place: Callable[[str], bool]) -> list[Found]:
    """Entity spans from spaCy, typed, with titles handled and mislabelled places fixed."""
    out: list[Found] = []
    demonyms = actor_table().adjectives
    for ent in _joined_persons(sdoc):
        if ent.label_ in IGNORED_LABELS:
            continue
        if ent.label_ == "NORP" and norm(ent.text) in demonyms:
            continue  # "Ukrainian" alone names no entity; "Ukrainian troops" is an alias match
        tokens = list(ent)
        first, country = _strip_title(tokens)
        # drop a leading determiner / trailing possessive from names
        last = len(tokens)
        while last > first and tokens[last - 1].tag_ == "POS":
            last -= 1
        if first >= last:
            continue
        name = sdoc[ent.start + first : ent.start + last].text
        etype = SPACY_TYPES.get(ent.label_, "other")
        start_tok = ent.start
        if ent.label_ == "PERSON":
            start_tok, country_before = _extend_left_over_titles(sdoc, ent.start)
            country = country or country_before
        span = sdoc[start_tok : ent.start + last]
        out.append(
            Found(
                span.start_char,
                span.end_char,
                span.text,
                name,
                etype,
                "name",
                label=ent.label_,
                country=country,
            )
        )
    return _fix_mislabelled_places(out, sdoc, is_place)


def _fix_mislabelled_places(
    found: list[Found], sdoc: Any, is_place: Callable[[str], bool]
) -> list[Found]:
    """Single-word "persons"/"products" that are known places and never a surname here.

    A surname used alone ("Zelensky") also appears inside a longer person name in the same
    document; a place name ("Kharkiv") does not. Names followed by region words are places
    whatever the gazetteer says.
    """
    surnames = {f.name.split()[-1] for f in found if f.label == "PERSON" and " " in f.name}
    body = sdoc.text
    for f in found:
        if f.label not in MISLABEL_CANDIDATES or " " in f.name or f.name in surnames:
            continue
        after = body[f.end : f.end + 24].lower()
        before = body[max(0, f.start - 30) : f.start].lower()
        regionish = re.match(r"\s*(?:and \w+\s+)?(?:region|oblast|province|district|krai)", after)
        settlement = re.search(r"\b(?:village|town|city|settlement|hamlet) of\s*$", before)
        if regionish or settlement or is_place(f.name):
            f.type = "place"
    return found


# When mentions of one name got different types, the most specific wins.
TYPE_PRIORITY = ["person", "armed_group", "place", "organization", "other"]


def _person_key(name: str) -> str:
    return name.split()[-1].lower()


def merge(found: list[Found]) -> list[Entity]:
    """Merge mentions into canonical entities (ids E1.. in order of first mention).

    Persons merge by surname, the longest name wins; actors by canonical name; other
    entities by exact name.
    """
    found = _drop_overlaps(found)
    full_names: dict[str, str] = {}
    for f in found:
        if f.type == "person":
            surname = _person_key(f.name)
            if len(f.name) > len(full_names.get(surname, "")):
                full_names[surname] = f.name
    groups: dict[tuple[str, str], list[Found]] = {}
    for f in sorted(found, key=lambda x: x.start):
        if f.type == "person":
            key = ("person", full_names[_person_key(f.name)])
        else:
            key = ("", f.name)  # one entity per name, whatever label each mention got
        groups.setdefault(key, []).append(f)
    entities = []
    for i, ((_, name), items) in enumerate(groups.items(), 1):
        etype = min((f.type for f in items), key=TYPE_PRIORITY.index)
        country = next((f.country for f in items if f.country), None)
        aliases = sorted({f.text for f in items if f.text != name})
        entities.append(
            Entity(
                id=f"E{i}",
                name=name,
                type=etype,
                aliases=aliases,
                country=country,
                mentions=[Mention(f.start, f.end, f.text, f.kind, f.label) for f in items],
            )
        )
    return entities


def _drop_overlaps(found: list[Found]) -> list[Found]:
    """Where spans overlap, keep alias-table matches first, then the longer span."""
    ranked = sorted(found, key=lambda f: (f.kind != "alias", -(f.end - f.start), f.start))
    kept: list[Found] = []
    for f in ranked:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return kept


def find_entities(doc: Document, sdoc: Any, is_place: Callable[[str], bool]) -> list[Entity]:
    """All canonical entities of ``doc`` (not yet including pronouns: attribution adds them)."""
    return merge(actor_mentions(doc.body) + spacy_mentions(sdoc, is_place))
