"""Reported speech and source phrases found with the dependency parse.

A *cue* is a speech (or cognition) verb from ``data/speech_verbs.yaml`` with a source (its
subject, a passive agent, or the subject it inherits in "..., saying ...") and a content
(its complement clause ccomp/xcomp, or a prepositional object: "reported on X"). "According
to X", "citing X", "as reported by X" are cues too, whose content is the rest of the clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

# Clause-initial subordinators whose trailing clause is usually the writer's background
# ("..., as Ukrainian forces sought ...") rather than part of what the source said.
BACKGROUND_MARKS = {"as", "while", "although", "though", "whereas"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
FIRST_SECOND_PERSON = {"i", "we", "you", "me", "us"}


@dataclass
class Lexicon:
    speech: set[str]
    cognition: set[str]
    prepositional: dict[str, set[str]]
    source_nouns: set[str]
    according_to: list[list[str]]


def _word(value: Any) -> str:
    """YAML 1.1 reads a bare ``on``/``off`` as a boolean; take it back as the word."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cue lexicon (data, not code), loaded once."""
    path = resources.files("frontlog.data").joinpath("speech_verbs.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Lexicon(
        speech=set(data.get("speech", [])),
        cognition=set(data.get("cognition", [])),
        prepositional={
            k: {_word(w) for w in v} for k, v in (data.get("prepositional") or {}).items()
        },
        source_nouns=set(data.get("source_nouns", [])),
        according_to=[p.lower().split() for p in data.get("according_to", [])],
    )


@dataclass
class Cue:
    """A reporting act found in the parse: who (source) signals (cue) what (content)."""

    kind: str  # indirect | according_to
    cue_start: int
    cue_end: int
    cue_text: str
    source: Any = None  # spaCy token heading the source phrase (None: unknown)
    content: tuple[int, int] | None = None
    verb: Any = None  # the cue token (verb), for nesting
    confidence: float = 0.8
    source_span: tuple[int, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _span_of(tokens: list[Any]) -> tuple[int, int] | None:
    toks = [t for t in tokens if not t.is_space]
    while toks and (toks[-1].is_punct and toks[-1].text not in ")]"):
        toks.pop()
    while toks and toks[0].is_punct and toks[0].text not in "([":
        toks.pop(0)
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def content_tokens(head: Any, verb: Any) -> list[Any]:
    """The complement's tokens, without modifiers of the *saying* that precede its subject."""
    toks = list(head.subtree)
    subj = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
    mark = next((c for c in head.children if c.dep_ == "mark"), None)
    if subj is not None and mark is None and verb.i < head.i:
        # "said in March it was ..." : "in March" dates the statement, not the content.
        toks = [t for t in toks if t.i >= subj.left_edge.i]
    # Trailing ", as X did ..." background clause.
    for child in head.children:
        if child.dep_ == "advcl" and child.i > head.i:
            marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
            if marks and marks[0] in BACKGROUND_MARKS:
                left = child.left_edge.i
                if left > 0 and head.doc[left - 1].text == ",":
                    toks = [t for t in toks if t.i < left - 1]
    return toks


def _subject(verb: Any) -> Any:
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    for c in verb.children:  # passive: "it was announced by the ministry"
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":  # "..., saying that ..."
        return _subject(verb.head)
    if verb.dep_ == "relcl":  # "officials who said ..."
        for c in verb.children:
            if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT"):
                return verb.head
    return None


def find_cues(sdoc: Any) -> list[Cue]:
    """Every reporting verb with a source and a content, plus according-to phrases."""
    lex = lexicon()
    cues: list[Cue] = []
    for tok in sdoc:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or (
            lemma not in lex.speech and lemma not in lex.cognition
        ):
            continue
        if tok.dep_ in ("amod", "acl", "compound") or tok.tag_ == "VBN" and tok.dep_ == "acl":
            continue
        source = _subject(tok)
        if source is None:
            continue
        if source.lower_ in FIRST_SECOND_PERSON:
            # "I think", "we want": inside a quote, already the quoted speaker's words.
            continue
        comp = None
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "PROPN"):
                comp = c
                break
        toks: list[Any] = []
        if comp is not None:
            toks = content_tokens(comp, tok)
        else:
            preps = lex.prepositional.get(lemma, set())
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in preps:
                    pobj = [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
                    if pobj:
                        toks = list(pobj[0].subtree)
                        break
        if not toks:
            # "called the plan a disaster": object plus predicative complement.
            oprd = [c for c in tok.children if c.dep_ == "oprd"]
            dobj = [c for c in tok.children if c.dep_ == "dobj"]
            if oprd and dobj:
                toks = list(dobj[0].subtree) + list(oprd[0].subtree)
        if not toks and tok.dep_ == "parataxis":
            # "..., he said, ..." : the clause around the parenthetical is the content.
            inner = {t.i for t in tok.subtree}
            toks = [t for t in tok.head.subtree if t.i not in inner]
        if not toks:
            # "said many of the examples were wrong": a mis-parsed clausal object.
            for c in tok.children:
                if c.dep_ == "dobj" and c.i > tok.i:
                    sub = list(c.subtree)
                    if any(t.pos_ in ("VERB", "AUX") for t in sub):
                        toks = sub
                    break
        if not toks:
            # A cue with no complement may still introduce a quote ("..., he said.").
            cues.append(Cue("indirect", tok.idx, tok.idx + len(tok), tok.text, source, None, tok))
            continue
        span = _span_of(toks)
        if span is None:
            continue
        conf = 0.9 if lemma in lex.speech else 0.6
        cues.append(Cue("indirect", tok.idx, tok.idx + len(tok), tok.text, source, span, tok, conf))
    cues += _source_phrases(sdoc, lex)
    cues += _colon_lines(sdoc)
    return cues


# "Speaker: statement" at the start of a line (headlines, interview transcripts).
COLON_LINE = re.compile(
    r"^[\"“'‘]?((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,3}):[ \t]+(\S[^\n]*)$", re.M
)
NOT_SOURCES = {
    "note",
    "update",
    "photo",
    "video",
    "watch",
    "related",
    "read",
    "correction",
    "warning",
    "editor's note",
    "editor’s note",
    "live",
    "breaking",
    "opinion",
}


def _colon_lines(sdoc: Any) -> list[Cue]:
    out = []
    body = sdoc.text
    for m in COLON_LINE.finditer(body):
        name = m.group(1)
        if name.lower() in NOT_SOURCES:
            continue
        start, end = m.start(2), m.end(2)
        while end > start and body[end - 1] in " \t\"”’'":
            end -= 1
        src_end = m.end(1)
        tok = next((t for t in sdoc if t.idx < src_end <= t.idx + len(t)), None)
        if tok is None or end <= start:
            continue
        kind = "direct" if name.isupper() else "indirect"
        out.append(
            Cue(
                kind,
                src_end,
                src_end + 1,
                ":",
                tok,
                (start, end),
                None,
                0.7,
                source_span=(m.start(1), src_end),
            )
        )
    return out


def _source_phrases(sdoc: Any, lex: Lexicon) -> list[Cue]:
    """'According to X, ...', '..., according to X.', 'citing X', 'as reported by X'."""
    out: list[Cue] = []
    for sent in sdoc.sents:
        words = [t.lower_ for t in sent]
        for phrase in lex.according_to:
            k = len(phrase)
            for i in range(len(words) - k + 1):
                if words[i : i + k] != phrase:
                    continue
                first, last = sent[i], sent[i + k - 1]
                if k == 1 and first.lower_ == "per" and first.pos_ != "ADP":
                    continue
                # Source: tokens after the phrase up to the next comma / end.
                j = last.i + 1
                src = []
                while j < sent.end and sdoc[j].text not in (",", ".", ";", ":", "—", "–"):
                    src.append(sdoc[j])
                    j += 1
                if not src:
                    continue
                src_head = next((t for t in src if t.head.i < src[0].i or t.head.i >= j), src[0])
                src_end = src[-1].i
                if first.i == sent.start or (
                    first.i > sent.start
                    and sdoc[first.i - 1].is_punct
                    and first.i - 1 == sent.start
                ):
                    root = sent.root
                    subj = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
                    if subj is not None and subj.left_edge.i > src_end:
                        start_i = subj.left_edge.i
                    else:
                        start_i = j + 1
                    ctoks = [t for t in sent if t.i >= start_i]
                else:
                    stop = first.i
                    if stop > sent.start and sdoc[stop - 1].text in (",", "(", "—"):
                        stop -= 1
                    ctoks = [t for t in sent if t.i < stop]
                    if j < sent.end - 1 and sdoc[j].text == ",":  # mid-sentence parenthetical
                        ctoks += [t for t in sent if t.i > j]
                span = _span_of(ctoks)
                if span is None:
                    continue
                out.append(
                    Cue(
                        "according_to",
                        first.idx,
                        last.idx + len(last),
                        sdoc[first.i : last.i + 1].text,
                        src_head,
                        span,
                        None,
                        0.9,
                        source_span=(src[0].idx, src[-1].idx + len(src[-1])),
                    )
                )
    return out
