"""The ``events`` stage: attributed statements → events (what, who, where, when, source).

Runs after nlp, places, times, quantities and attribution; uses whatever of those is
present and falls back gracefully (no places → no place, no attributions → the publisher).
"""

from __future__ import annotations

import logging
from typing import Any

from frontlog.events.actors import ActorResolver
from frontlog.events.detect import Frame, detect
from frontlog.events.lexicon import Lexicon, lexicon, np_tokens
from frontlog.events.ontology import Ontology, ontology
from frontlog.events.slots import SlotFiller, area_geometry
from frontlog.model import Document, Event
from frontlog.pipeline import Context, stage
from frontlog.quantities import parse_number

log = logging.getLogger(__name__)

KILL_MEASURES = ("kill", "dead", "death", "fatal")
NON_LETHAL = frozenset({"wound", "injure", "shoot"})


@stage("events")
def events_stage(doc: Document, ctx: Context) -> Document:
    """Add ``doc.events`` from the parse and the earlier stages' annotations."""
    if not doc.body or not doc.body.strip():
        return doc
    if doc.events:  # already analysed (a re-run must not duplicate events)
        return doc
    sdoc = ctx.parse(doc, "events")
    if sdoc is None:
        return doc
    if sdoc.text != doc.body:
        log.warning("events skipped for %s: the parse is not of this body", doc.id)
        return doc
    return extract_events(doc, sdoc)


def extract_events(doc: Document, sdoc: Any) -> Document:
    """Detect events in ``sdoc`` (a spaCy Doc over ``doc.body``) and append them."""
    lex, onto = lexicon(), ontology()
    actors = ActorResolver(doc, sdoc, onto)
    slots = SlotFiller(doc, sdoc, lex)
    next_id = _next_id(doc)
    seen: set[tuple[Any, ...]] = set()
    for frame in detect(sdoc, lex):
        try:
            ev = build_event(frame, doc, actors, slots, lex, onto, f"V{next_id}")
        except Exception:  # noqa: BLE001 - one bad frame must not lose the document
            log.exception("event %r skipped", frame.trigger.text)
            continue
        if ev is None:
            continue
        key = (ev.type, ev.actor, ev.target, ev.place, ev.attribution, frame.trigger.idx)
        if key in seen:
            continue
        seen.add(key)
        doc.events.append(ev)
        next_id += 1
    return doc


def _next_id(doc: Document) -> int:
    n = 0
    for e in doc.events:
        if e.id[1:].isdigit():
            n = max(n, int(e.id[1:]))
    return n + 1


def _tokens(head: Any) -> set[int]:
    return {t.i for t in np_tokens(head)} if head is not None else set()


def _actors(frame: Frame, actors: ActorResolver) -> tuple[str | None, str | None, set[int]]:
    """(actor id, target id, tokens the actor was read from)."""
    actor = target = None
    used: set[int] = set()
    f = frame
    if f.frame == "repel":
        defender = f.subject if f.subject is not None else f.agent
        target, _ = actors.resolve(defender)
        used = _tokens(defender)
        if f.attacker_hint is not None:
            actor, _ = actors.resolve(f.attacker_hint)
        if actor is None:
            code = actors.country_of_entity(actors.entity(target))
            other = actors.opponent(code, f.trigger.sent) if code else None
            if other:
                actor = actors.forces(other)
        return actor, target, used
    if f.frame == "die":
        target, _ = actors.resolve(f.subject, military=False)
        if f.attacker_hint is not None:
            actor, _ = actors.resolve(f.attacker_hint)
            used = _tokens(f.attacker_hint)
        return actor, (target if target != actor else None), used
    if f.nominal:
        for head in (f.possessor, f.trigger, f.agent, f.subject):
            if head is None:
                continue
            actor, how = actors.resolve(head)
            if actor is not None:
                used = _tokens(head)
                break
    else:
        head = f.subject if f.subject is not None else f.agent
        if f.patient is not None and f.agent is not None:
            head = f.agent
        actor, _ = actors.resolve(head)
        used = _tokens(head)
    if f.frame == "clash":
        other = None
        if f.subject is not None:
            other = next((c for c in f.subject.children if c.dep_ == "conj"), None)
        if other is None:
            for c in f.trigger.children:
                if c.dep_ == "prep" and c.lower_ in ("with", "against", "between"):
                    other = next((g for g in c.children if g.dep_ == "pobj"), None)
        if other is not None:
            target, _ = actors.resolve(other)
    elif f.frame not in ("capture", "control", "operate"):
        obj = f.obj if f.obj is not None else f.patient
        if obj is not None:
            target, _ = actors.resolve(obj, military=False)
    if actor is None and f.attacker_hint is not None and f.frame != "repel":
        actor, _ = actors.resolve(f.attacker_hint)
        used = _tokens(f.attacker_hint)
    if f.victims is not None:
        target, _ = actors.resolve(f.victims, military=False)
    if target == actor:
        target = None
    return actor, target, used


def _fatalities(frame: Frame, quantities: list[Any]) -> int | None:
    if frame.victims is not None:
        if not frame.lethal:
            return None
        head = frame.victims
    elif frame.frame not in ("kill", "die") or frame.trigger.lemma_.lower() in NON_LETHAL:
        return None
    else:
        head = frame.obj if frame.obj is not None else frame.patient
    if frame.frame == "die":
        head = frame.subject
    if head is not None:
        victims = {t.i for t in head.subtree}
        lo, hi = min(t.idx for t in head.subtree), head.idx + len(head)
        for q in quantities:  # a number the quantities stage read inside the victims' phrase
            if lo <= q.start < hi:
                return int(q.value)
        for c in head.children:
            if c.dep_ == "nummod" and c.i in victims:
                value = parse_number(c.text)
                if value is not None:
                    return int(value)
        if head.tag_ in ("NN", "NNP") and head.pos_ != "PRON":
            return 1
    for q in quantities:
        if q.measures and any(k in q.measures for k in KILL_MEASURES):
            return int(q.value)
    return None


def build_event(
    frame: Frame,
    doc: Document,
    actors: ActorResolver,
    slots: SlotFiller,
    lex: Lexicon,
    onto: Ontology,
    event_id: str,
) -> Event | None:
    """One Event from a detected frame, or None when the frame is too weak to stand."""
    actor, target, used = _actors(frame, actors)
    place, precision, source = slots.place(frame, used)
    in_text_place = place is not None and source != "document"
    if frame.weak and actor is None:
        return None
    if actor is None and target is None and not in_text_place:
        return None
    label = frame.label
    actor_country = actors.country_of_entity(actors.entity(actor))
    if frame.frame == "capture" and label == "non_state_actor_overtakes_territory":
        if place is not None and actor_country and place.country == actor_country:
            label = "government_regains_territory"
    target_ent = actors.entity(target)
    if target_ent is not None and target_ent.name.startswith("Civilians"):
        if target_ent.country is None and place is not None and place.country:
            target_ent.country = place.country
            target_ent.name = onto.civilians_name(place.country)
        if label in ("armed_clash", "ground_assault"):
            label = "attack_on_civilians"
    etype, sub = onto.acled_pair(label)
    time = slots.time(frame)
    quantities = slots.quantities(frame)
    claim = slots.attribution(frame)
    status = slots.status(frame, claim)
    start, end = slots.evidence(frame)
    geometry = None
    if place is not None:
        if place.geometry and place.geometry.get("type") in ("Polygon", "MultiPolygon"):
            geometry = place.geometry
        elif frame.frame in ("control", "capture", "operate"):
            area = next((q for q in quantities if q.unit == "km2"), None)
            if area is not None:
                geometry = area_geometry(place, float(area.value))
    confidence = 0.4 + 0.2 * (not frame.weak)
    confidence += (
        0.15 * (actor is not None) + 0.15 * in_text_place + 0.1 * bool(time.get("time_id"))
    )
    return Event(
        id=event_id,
        type=label,
        acled_event_type=etype,
        acled_sub_event_type=sub,
        actor=actor,
        target=target,
        place=place.id if place is not None else None,
        geo_precision=precision,
        time=time,
        quantities=[q.id for q in quantities],
        attribution=claim.id if claim is not None else "publisher",
        status=status,
        evidence=doc.span(start, end),
        geometry=geometry,
        trigger=" ".join(t.text for t in frame.tokens),
        confidence=min(1.0, confidence),
        fatalities=_fatalities(frame, quantities),
    )
