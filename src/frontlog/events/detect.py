"""Event triggers over the dependency parse: lexicon words in clause patterns.

A trigger is a verb ("shelled", "fending off", "control") or an eventive noun
("airstrikes", "incursion", "our presence"). A noun that is the object of a trigger verb
or of a light verb ("launched an incursion", "repelled attacks", "targeted by airstrikes")
joins that verb's frame: the verb gives the participants, the noun sharpens the type.
Each frame records the parse tokens of its participants; ``slots`` and ``stage`` turn
them into entities, places, times and an ``Event``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from frontlog.events.lexicon import (
    Lexicon,
    TriggerSpec,
    clause_root,
    lexicon,
    np_tokens,
    phrase_key,
)

MODALS = frozenset({"could", "might", "may", "would", "should", "will", "wo", "'ll", "shall"})
IRREALIS_HEADS = frozenset(
    {
        "threaten",
        "plan",
        "intend",
        "want",
        "aim",
        "prepare",
        "vow",
        "try",
        "attempt",
        "hope",
        "promise",
        "warn",
        "seek",
        "fail",
        "refuse",
        "order",
        "urge",
        "call",
    }
)
GENERIC_LABELS = frozenset({"armed_clash", "shelling", "air_strike"})
QUANT_NOUNS = frozenset(
    {"wave", "series", "barrage", "salvo", "volley", "round", "number", "dozen", "hundred", "spate"}
)


@dataclass
class Frame:
    """One detected event before its slots are filled."""

    trigger: Any  # the token that carries the frame (verb, or noun when standalone)
    spec: TriggerSpec
    label: str
    frame: str
    clause: Any  # clause root token
    nouns: list[Any] = field(default_factory=list)  # trigger nouns merged into a verb
    subject: Any = None  # NP head: grammatical subject (actor for most frames)
    agent: Any = None  # NP head of a passive "by" agent
    obj: Any = None  # NP head of the object
    patient: Any = None  # NP head of a passive subject
    possessor: Any = None  # NP head of "our"/"Russia's" on a trigger noun
    attacker_hint: Any = None  # repel frames: NP naming the attacker, if any
    negated: bool = False
    denied: bool = False
    nominal: bool = False
    weak: bool = False  # needs an armed actor or a place to count as an event
    victims: Any = None  # NP head of the people killed/wounded by a merged kill verb
    lethal: bool = False  # the victims were killed (not only wounded)

    @property
    def tokens(self) -> list[Any]:
        return [self.trigger, *self.nouns]


def _child(tok: Any, *deps: str) -> Any:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _pobj(tok: Any, preps: tuple[str, ...]) -> Any:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            p = _child(c, "pobj")
            if p is not None:
                return p
    return None


def subject_of(verb: Any, depth: int = 0) -> tuple[Any, Any]:
    """(active subject, passive subject) of ``verb``, inherited through xcomp/conj."""
    subj = _child(verb, "nsubj", "csubj")
    subjpass = _child(verb, "nsubjpass")
    if subj is None and subjpass is None and verb.tag_ == "VBG":
        poss = _child(verb, "poss")
        if poss is not None:
            return poss, None  # gerund: "the army's shelling of the city"
    if subj is None and subjpass is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
        return None, verb.head  # "soldiers killed in ...": the modified noun is the patient
    if subj is None and subjpass is None and depth < 4:
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            return subject_of(verb.head, depth + 1)
    return subj, subjpass


def _is_irrealis(verb: Any) -> bool:
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in MODALS:
            return True
    t = verb
    while t.dep_ in ("xcomp", "conj") and t.head.i != t.i:
        t = t.head
        if t.lemma_.lower() in IRREALIS_HEADS:
            return True
    return False


def _negated(tok: Any, lex: Lexicon) -> bool:
    """ "did not strike", "never attacked", "no shelling"."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in lex.negations):
            return True
    return False


def _denied(tok: Any, lex: Lexicon) -> bool:
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.lemma_.lower() in lex.denial_verbs:
            return True
    return False


def _noun_key(tok: Any, lex: Lexicon) -> str | None:
    comp = [c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1]
    if comp:
        key = f"{comp[0].lower_} {tok.lemma_.lower()}"
        if key in lex.nouns:
            return key
    low = tok.lemma_.lower()
    if low in lex.nouns:
        return low
    if tok.lower_ in lex.nouns:
        return tok.lower_
    return None


def _verb_key(tok: Any, lex: Lexicon) -> str | None:
    key = phrase_key(tok)
    if key in lex.verbs:
        return key
    if " " in key:  # a particle that is not part of a listed phrasal verb changes meaning
        return None
    return key if key in lex.verbs else None


def _governor(noun: Any) -> Any:
    """The verb a noun is the object, passive subject or agent of (through prepositions)."""
    t = noun
    if t.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
        return t.head
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in QUANT_NOUNS:
        return _governor(t.head.head)  # "launched a wave of drone strikes"
    if t.dep_ == "pobj" and t.head.dep_ in ("agent", "prep", "prt"):
        head = t.head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    if t.dep_ == "conj":
        return _governor(t.head)
    return None


def _words(tokens: list[Any]) -> set[str]:
    out = set()
    for t in tokens:
        out.add(t.lower_)
        out.add(t.lemma_.lower())
    for a, b in zip(tokens, tokens[1:], strict=False):
        out.add(f"{a.lower_} {b.lower_}")
    return out


def refine_label(label: str, tokens: list[Any], lex: Lexicon) -> str:
    """A more specific remote-violence/ground label from weapon words near the trigger."""
    if label not in GENERIC_LABELS:
        return label
    words = _words(tokens)
    for cand, vocab in lex.refine:
        if words & vocab:
            return cand
    return label


def _phrase(tok: Any) -> list[Any]:
    return np_tokens(tok) if tok is not None else []


def detect(sdoc: Any, lex: Lexicon | None = None) -> list[Frame]:
    """All event frames in a parsed document, in text order."""
    lex = lex or lexicon()
    frames: list[Frame] = []
    for sent in sdoc.sents:
        try:
            frames.extend(_detect_sentence(sent, lex))
        except Exception:  # noqa: BLE001 - one odd parse must not lose the document
            import logging

            logging.getLogger(__name__).exception("event detection failed on a sentence")
    return frames


def _detect_sentence(sent: Any, lex: Lexicon) -> list[Frame]:
    verbs: dict[int, TriggerSpec] = {}
    nouns: dict[int, TriggerSpec] = {}
    for t in sent:
        if t.pos_ == "VERB" and t.dep_ == "amod":
            continue  # "the occupied left bank", "Ukrainian-controlled": a state, not an event
        if t.pos_ == "VERB":
            key = _verb_key(t, lex)
            if key:
                verbs[t.i] = lex.verbs[key]
        elif t.pos_ in ("NOUN", "PROPN"):
            key = _noun_key(t, lex)
            if key:
                nouns[t.i] = lex.nouns[key]

    doc = sent.doc
    merged: dict[int, list[int]] = {}
    carriers: dict[int, Any] = {}  # noun -> light verb that carries it (subject source)
    for ni in list(nouns):
        n = doc[ni]
        if n.dep_ == "nsubj" and n.head.i in verbs and verbs[n.head.i].frame in ("kill", "attack"):
            merged.setdefault(n.head.i, []).append(ni)  # "shelling kills two civilians"
            continue
        gov = _governor(n)
        if gov is None:
            continue
        if gov.i in verbs:
            merged.setdefault(gov.i, []).append(ni)
        elif gov.lemma_.lower() in lex.light_verbs or gov.lemma_.lower() in (
            "take",
            "gain",
            "seize",
            "establish",
            "regain",
        ):
            carriers[ni] = gov

    frames: list[Frame] = []
    for vi, spec in verbs.items():
        v = doc[vi]
        if _is_irrealis(v):
            continue
        noun_toks = [doc[i] for i in merged.get(vi, [])]
        light = v.lemma_.lower() in lex.light_verbs and spec.weak
        if light and noun_toks:  # "launched an incursion": the noun decides
            nspec = nouns[noun_toks[0].i]
            spec = TriggerSpec(nspec.label, nspec.frame, False, nspec.state)
        for n in noun_toks:
            nouns.pop(n.i, None)
        f = _verb_frame(v, spec, noun_toks, lex)
        if f is not None:
            frames.append(f)
    for ni, spec in nouns.items():
        n = doc[ni]
        carrier = carriers.get(ni)
        if carrier is not None and _is_irrealis(carrier):
            continue
        f = _noun_frame(n, spec, carrier, lex)
        if f is not None:
            frames.append(f)
    frames = _merge_kills(frames)
    frames.sort(key=lambda f: f.trigger.i)
    return frames


LETHAL = frozenset({"kill", "execute", "massacre", "die", "perish"})
REMOTE_LABELS = frozenset({"shelling", "air_strike", "drone_strike", "remote_explosive"})


def _near(a: Any, b: Any) -> bool:
    """``a`` hangs on ``b`` directly or through one preposition/agent ("killed in shelling")."""
    if a.head.i == b.i:
        return True
    if a.dep_ == "conj" and a.head.i != a.i and _near(a.head, b):
        return True  # "..., killing one man and wounding three"
    return a.dep_ in ("pobj", "pcomp") and a.head.dep_ in ("prep", "agent") and a.head.head.i == b.i


def _merge_kills(frames: list[Frame]) -> list[Frame]:
    """ "Shelling kills two civilians": one remote-violence event with the kill's victims."""
    drop: set[int] = set()
    for k in frames:
        if k.frame not in ("kill", "die"):
            continue
        for f in frames:
            if f is k or f.label not in REMOTE_LABELS or id(f) in drop:
                continue
            if _near(k.trigger, f.trigger):
                # "shelled the town, killing three": the strike keeps its clause, gains victims
                lethal = k.trigger.lemma_.lower() in LETHAL
                if f.victims is None or (lethal and not f.lethal):
                    f.victims = k.subject if k.frame == "die" else (k.obj or k.patient)
                    f.lethal = lethal
                f.nouns = [*f.nouns, k.trigger]
                drop.add(id(k))
                break
            if not _near(f.trigger, k.trigger):
                continue
            k.label = f.label
            k.nouns = [*k.nouns, f.trigger, *f.nouns]
            if k.frame == "die" and k.attacker_hint is None:
                hint = f.subject if f.subject is not None else f.agent
                if hint is not None and (k.subject is None or hint.i != k.subject.i):
                    k.attacker_hint = hint
            if k.subject is None or k.subject.i == f.trigger.i:
                k.subject = f.subject if f.subject is not None else f.agent
                if k.subject is not None and k.patient is not None and k.subject.i == k.patient.i:
                    k.subject = f.agent  # a subject the strike only inherited from the victims
            if k.subject is None and f.possessor is not None:
                k.subject = f.possessor
            drop.add(id(f))
            break
    return [f for f in frames if id(f) not in drop]


def _verb_frame(v: Any, spec: TriggerSpec, noun_toks: list[Any], lex: Lexicon) -> Frame | None:
    subj, subjpass = subject_of(v)
    agent = None
    ag = _child(v, "agent")
    if ag is not None:
        agent = _child(ag, "pobj")
    if agent is None and (v.tag_ == "VBG" or subjpass is not None):
        agent = _pobj(v, ("by",))  # "shelling by Ukrainian forces"
    obj = _child(v, "dobj")
    if obj is not None and obj.lower_ in lex.relative and v.dep_ == "relcl":
        obj = v.head  # "the drones that Russia launched": the object is the antecedent
    if obj is None and spec.frame in ("attack", "other"):
        obj = _pobj(v, ("on", "against", "at"))
        if obj is not None and obj.ent_type_ in ("DATE", "TIME"):
            obj = None
    if obj is None and spec.frame in ("capture", "control", "operate"):
        obj = _pobj(v, ("of", "over"))
    frame, label = spec.frame, spec.label
    if frame == "attack" and obj is not None and v.lemma_.lower() in lex.interceptors:
        if _words(_phrase(obj)) & lex.projectiles:  # "destroyed 15 drones" in the air
            frame, label = "intercept", "disrupted_weapons_use"
            spec = TriggerSpec(label, frame, False, False)
    if frame == "kill" and obj is None and agent is None and subj is not None:
        if v.tag_ in ("VBD", "VBN") and not any(c.dep_ == "aux" for c in v.children):
            # headline style "Two soldiers killed in ...": the subject is the victim
            subj, subjpass = None, subj
    phrase = [v, *[c for c in v.children if c.dep_ == "prt"]]
    for tok in (obj, agent, subjpass, subj, *noun_toks):
        phrase.extend(_phrase(tok))
    inst = _pobj(v, ("with", "by", "from"))
    if inst is not None:
        phrase.extend(_phrase(inst))
    attacker_hint = None
    if frame == "repel":
        words = _words(phrase)
        if words & set().union(*[w for k, w in lex.refine if k in ("drone_strike", "shelling")]):
            frame, label = "intercept", "disrupted_weapons_use"
        else:
            for cand, vocab in lex.repel_labels:
                if words & vocab:
                    label = cand
                    break
        for n in noun_toks or ([obj] if obj is not None else []):
            attacker_hint = _attacker_in(n, lex)
            if attacker_hint is not None:
                break
    elif frame in ("die", "kill"):
        label = refine_label(label, phrase, lex)
        for n in noun_toks:
            nspec = lex.nouns.get(n.lemma_.lower())
            if label == spec.label and nspec is not None and nspec.label in REMOTE_LABELS:
                label = refine_label(nspec.label, phrase, lex)
            attacker_hint = _attacker_in(n, lex)
            if attacker_hint is not None:
                break
    elif noun_toks and spec.frame == "attack" and label in GENERIC_LABELS:
        nlabel = lex.nouns.get(noun_toks[0].lemma_.lower())
        label = refine_label(label, phrase, lex)
        if label == spec.label and nlabel is not None and nlabel.label != "armed_clash":
            label = nlabel.label
    else:
        label = refine_label(label, phrase, lex)

    weak = False
    if spec.weak and not noun_toks:
        # weak verbs ("hit", "take", "hold", "enter") need a weapon word or an object; the
        # stage also asks them for an armed actor or a place
        weapon = refine_label("armed_clash", phrase, lex) != "armed_clash"
        if not weapon and obj is None and subjpass is None:
            return None
        weak = not weapon
    return Frame(
        trigger=v,
        spec=spec,
        label=label,
        frame=frame,
        clause=clause_root(v),
        nouns=noun_toks,
        subject=subj,
        agent=agent,
        obj=obj,
        patient=subjpass,
        attacker_hint=attacker_hint,
        negated=_negated(v, lex) or any(_negated(n, lex) for n in noun_toks),
        denied=_denied(v, lex),
        weak=weak,
    )


def _attacker_in(noun: Any, lex: Lexicon | None = None) -> Any:
    """The head naming the attacker: "attacks by X", "X's attacks", "Ukrainian attacks"."""
    by = _pobj(noun, ("by", "from"))
    if by is not None:
        return by
    of = _pobj(noun, ("of",))
    if of is not None and lex is not None and of.lemma_.lower() in lex.military_heads:
        return of  # "the strike of the Russian Aerospace Forces"
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.text[:1].isupper()):
            return noun
    return None


def _noun_frame(n: Any, spec: TriggerSpec, carrier: Any, lex: Lexicon) -> Frame | None:
    frame, label = spec.frame, spec.label
    if carrier is not None and spec.frame == "control":
        # "took control of X": a capture, not a standing control claim
        frame = "capture"
        label = (
            "government_regains_territory"
            if carrier.lemma_.lower() == "regain"
            else "non_state_actor_overtakes_territory"
        )
    possessor = _child(n, "poss")
    own = [c for c in n.children if c.dep_ not in ("det", "punct")]
    dets = {c.lower_ for c in n.children if c.dep_ == "det"}
    if carrier is None and not own and dets & {"the", "this", "that", "these", "those"}:
        return None  # "did not comment on the strike": refers back to an event already told
    subj = None
    if carrier is not None:
        subj, _ = subject_of(carrier)
    agent = _pobj(n, ("by",))
    obj = _pobj(n, ("on", "against", "of") if frame != "operate" else ("against",))
    phrase = _phrase(n) + _phrase(obj) + _phrase(agent)
    label = refine_label(label, phrase, lex)
    has_modifier = possessor is not None or any(
        c.dep_ in ("amod", "compound") and c.text[:1].isupper() for c in n.children
    )
    if spec.weak and not (has_modifier or subj is not None or agent is not None):
        return None
    anchor = carrier if carrier is not None else n
    return Frame(
        trigger=n,
        spec=spec,
        label=label,
        frame=frame,
        clause=clause_root(anchor),
        subject=subj,
        agent=agent,
        obj=obj,
        possessor=possessor,
        negated=_negated(n, lex) or (carrier is not None and _negated(carrier, lex)),
        denied=_denied(n, lex),
        nominal=True,
        weak=spec.weak,
    )
