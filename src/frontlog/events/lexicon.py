"""Trigger lexicon and parse helpers shared by detection, actors and slots.

The word lists live in ``data/event_triggers.yaml`` so they can be read and extended
without touching code; this module turns them into sets and gives the few dependency-tree
walks (clause of a token, the tokens of a noun phrase) that every slot needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from frontlog.events.ontology import load_yaml


@dataclass(frozen=True)
class TriggerSpec:
    label: str
    frame: str
    weak: bool = False
    state: bool = False


@dataclass
class Lexicon:
    verbs: dict[str, TriggerSpec]
    nouns: dict[str, TriggerSpec]
    light_verbs: frozenset[str]
    refine: list[tuple[str, frozenset[str]]]
    repel_labels: list[tuple[str, frozenset[str]]]
    military_heads: frozenset[str]
    civilian_heads: frozenset[str]
    area_nouns: frozenset[str]
    anaphoric_places: dict[str, frozenset[str]]
    negations: frozenset[str]
    denial_verbs: frozenset[str]
    recurring: frozenset[str]
    speech_verbs: frozenset[str]
    first_person: frozenset[str]
    third_person: frozenset[str]
    relative: frozenset[str]
    projectiles: frozenset[str] = frozenset()
    enemy_words: frozenset[str] = frozenset()
    interceptors: frozenset[str] = frozenset()


def _specs(table: dict[str, Any]) -> dict[str, TriggerSpec]:
    return {
        k.lower(): TriggerSpec(
            v["label"], v["frame"], bool(v.get("weak", False)), bool(v.get("state", False))
        )
        for k, v in (table or {}).items()
    }


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or [])


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The trigger lexicon, loaded once per process."""
    d = load_yaml("event_triggers.yaml")
    return Lexicon(
        verbs=_specs(d.get("verbs")),
        nouns=_specs(d.get("nouns")),
        light_verbs=_words(d.get("light_verbs")),
        refine=[(k, _words(v)) for k, v in (d.get("refine") or {}).items()],
        repel_labels=[(k, _words(v)) for k, v in (d.get("repel_labels") or {}).items()],
        military_heads=_words(d.get("military_heads")),
        civilian_heads=_words(d.get("civilian_heads")),
        area_nouns=_words(d.get("area_nouns")),
        anaphoric_places={k: _words(v) for k, v in (d.get("anaphoric_places") or {}).items()},
        negations=_words(d.get("negations")),
        denial_verbs=_words(d.get("denial_verbs")),
        recurring=_words(d.get("recurring")),
        speech_verbs=_words(d.get("speech_verbs")),
        first_person=_words(d.get("first_person")),
        third_person=_words(d.get("third_person")),
        relative=_words(d.get("relative")),
        projectiles=_words(d.get("projectiles")),
        enemy_words=_words(d.get("enemy_words")),
        interceptors=_words(d.get("interceptors")),
    )


# -- dependency-tree helpers --------------------------------------------------------------

CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass", "ROOT"})
NP_DEPS = frozenset(
    {"amod", "poss", "compound", "nmod", "det", "nummod", "case", "quantmod", "npadvmod"}
)


def is_clause_root(tok: Any) -> bool:
    """True when ``tok`` heads its own clause (so its subtree is a separate statement)."""
    if tok.dep_ in CLAUSE_DEPS or tok.head.i == tok.i:
        return True
    if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and tok.head.pos_ in ("VERB", "AUX"):
        return True
    return tok.dep_ == "acl" and tok.pos_ in ("VERB", "AUX")


def clause_root(tok: Any) -> Any:
    while not is_clause_root(tok):
        tok = tok.head
    return tok


def clause_tokens(root: Any) -> list[Any]:
    """Tokens of the clause headed by ``root``, without its nested clauses."""
    out = []
    stack = [root]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if not is_clause_root(c):
                stack.append(c)
    return sorted(out, key=lambda t: t.i)


def np_tokens(head: Any, deep: bool = True) -> list[Any]:
    """The head of a noun phrase and its modifiers (no prepositional attachments)."""
    out = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in NP_DEPS:
                out.append(c)
                if deep:
                    stack.append(c)
    return sorted(out, key=lambda t: t.i)


def phrase_key(tok: Any) -> str:
    """Lemma plus particle ("fend off", "shoot down") for phrasal verbs."""
    prt = [c for c in tok.children if c.dep_ == "prt"]
    return f"{tok.lemma_.lower()} {prt[0].lower_}" if prt else tok.lemma_.lower()
