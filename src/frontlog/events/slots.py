"""Where, when, how much and according to whom: filling an event frame's slots.

Every slot prefers what is attached to the trigger's own clause and falls back step by
step (relative "where", anaphoric "the region", the sentence, the document's main region
at precision 3; the publication date for present tense, an open interval otherwise), so a
value is always traceable to the nearest text that supports it.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from frontlog.events.detect import Frame
from frontlog.events.lexicon import Lexicon, clause_root, clause_tokens, is_clause_root, np_tokens
from frontlog.model import Attribution, Document, Place, Quantity, TimeExpr

NEAR_PREPS = frozenset({"near", "around", "outside", "close", "towards", "toward", "by"})


def is_country(p: Place) -> bool:
    return bool(p.feature and p.feature.startswith("A.PCL"))


def is_region(p: Place) -> bool:
    return bool(p.feature and p.feature.startswith("A.ADM")) or (
        not p.feature and p.precision >= 3 and not is_country(p)
    )


class SlotFiller:
    """Slot filling for one document (indexes places, times, quantities by token)."""

    def __init__(self, doc: Document, sdoc: Any, lex: Lexicon) -> None:
        self.doc = doc
        self.sdoc = sdoc
        self.lex = lex
        self._main_region: tuple[Place | None, bool] | None = None
        self._ranges: dict[tuple[int, int], frozenset[int]] = {}
        self._place_tokens: list[tuple[Place, frozenset[int]]] | None = None

    # -- token helpers -------------------------------------------------------------------

    def _tok_range(self, start: int, end: int) -> set[int]:
        key = (start, end)
        if key not in self._ranges:
            span = None
            if 0 <= start < end <= len(self.doc.body):
                span = self.sdoc.char_span(start, end, alignment_mode="expand")
            self._ranges[key] = frozenset(t.i for t in span) if span is not None else frozenset()
        return set(self._ranges[key])

    def _places_in(self, token_ids: set[int]) -> list[Place]:
        if self._place_tokens is None:
            self._place_tokens = [
                (p, frozenset(self._tok_range(p.mention.start, p.mention.end)))
                for p in self.doc.places
            ]
        return [p for p, ids in self._place_tokens if not ids.isdisjoint(token_ids)]

    @staticmethod
    def clause_of(frame: Frame) -> list[Any]:
        return clause_tokens(frame.clause)

    def paragraph_tokens(self, frame: Frame) -> set[int]:
        """Token ids of the trigger's paragraph: no slot crosses a paragraph break."""
        k = self.doc.paragraph_index(frame.trigger.idx)
        if k < 0:
            return {t.i for t in self.sdoc}
        p = self.doc.paragraphs[k]
        span = self.sdoc.char_span(p.start, p.end, alignment_mode="expand")
        return {t.i for t in span} if span is not None else {t.i for t in self.sdoc}

    def trigger_scope(self, frame: Frame) -> tuple[set[int], set[int]]:
        """(tokens of the clause minus the subject, tokens of the subject)."""
        clause = {t.i for t in self.clause_of(frame)} & self.paragraph_tokens(frame)
        subj: set[int] = set()
        for head in (frame.subject,):
            if head is not None:
                subj |= {t.i for t in head.subtree}
        # a trigger noun conjoined with another trigger noun keeps to its own phrase
        if frame.nominal and frame.trigger.dep_ != "conj":
            for c in frame.trigger.children:
                if c.dep_ == "conj":
                    clause -= {t.i for t in c.subtree}
        return clause - subj, subj & clause

    # -- place ---------------------------------------------------------------------------

    def place(self, frame: Frame, actor_tokens: set[int]) -> tuple[Place | None, int | None, str]:
        """The event's place; a bare country gives way to the document's main region in it.

        ACLED never codes an event at country level: "fighting in eastern Ukraine" in an
        article about Donetsk region is placed in that region at precision 3.
        """
        place, precision, source = self._place(frame, actor_tokens)
        if place is not None and is_country(place):
            main = self.main_region()
            if main is not None and (not place.country or main.country == place.country):
                return main, 3, "country"
        return place, precision, source

    def _place(self, frame: Frame, actor_tokens: set[int]) -> tuple[Place | None, int | None, str]:
        """The event's place, its geo precision and where it came from.

        Sources, in order: the trigger noun's own phrase, the clause's objects, the rest of
        the clause, a relative "where", an anaphoric "the region", the subject, the
        sentence, and finally the document's main region (precision 3).
        """
        scope, subj = self.trigger_scope(frame)

        def ok(places: list[Place]) -> list[tuple[Place, int]]:
            keep = [p for p in places if not self._in(p, actor_tokens) and not self._names_owner(p)]
            return self._rank(keep, frame)

        if frame.nominal:
            own = {t.i for t in frame.trigger.subtree} & (scope | subj)
            for c in frame.trigger.children:
                if c.dep_ == "conj":
                    own -= {t.i for t in c.subtree}
            cands = ok(self._places_in(own))
            if cands:
                return (*cands[0], "phrase")
        patients = set()
        for head in (frame.patient, frame.obj):
            if head is not None:
                patients |= {t.i for t in head.subtree if not is_clause_root(t)}
        for tier in (patients & scope, scope):
            cands = ok(self._places_in(tier))
            if cands:
                return (*cands[0], "clause")
        found = self._where_head(frame)
        if found is not None:
            return found, found.precision, "where"
        found = self._anaphora(frame, scope)
        if found is not None:
            return found, found.precision, "anaphora"
        cands = ok(self._places_in(subj))
        if cands:
            return (*cands[0], "subject")
        sent = {t.i for t in frame.trigger.sent} & self.paragraph_tokens(frame)
        cands = ok(self._places_in(sent))
        cands = [c for c in cands if not is_country(c[0])]
        if cands:
            return (*cands[0], "sentence")
        main = self.main_region()
        if main is not None:
            return main, 3, "document"
        return None, None, ""

    def _names_owner(self, p: Place) -> bool:
        """ "Russia's Defense Ministry", "Kharkiv regional administration": a place that
        only qualifies a non-place noun says who, not where."""
        ids = self._tok_range(p.mention.start, p.mention.end)
        if not ids:
            return False
        t = self.sdoc[max(ids)]
        if t.dep_ not in ("poss", "compound", "amod") or t.head.i in ids:
            return False
        head = t.head
        if head.lemma_.lower() in self.lex.area_nouns or head.lemma_.lower() in (
            "oblast",
            "province",
            "border",
            "front",
            "direction",
            "city",
            "outskirts",
        ):
            return False
        in_place = any(self._in(q, {head.i}) for q in self.doc.places)
        return not in_place

    def _in(self, p: Place, tokens: set[int]) -> bool:
        return bool(self._tok_range(p.mention.start, p.mention.end) & tokens)

    def _rank(self, places: list[Place], frame: Frame) -> list[tuple[Place, int]]:
        """Most specific first; "near X" lowers precision to 2."""
        out = []
        for p in places:
            ids = sorted(self._tok_range(p.mention.start, p.mention.end))
            near = False
            if ids:
                t = self.sdoc[ids[-1]]
                while t.head.i != t.i and t.i != frame.trigger.i:
                    if t.dep_ in ("prep", "agent") and t.lower_ != "of":
                        break  # "near the village of X": climb past "of" to "near"
                    t = t.head
                near = t.dep_ == "prep" and t.lower_ in NEAR_PREPS
            precision = p.precision or 1
            if near:
                precision = max(precision, 2)
            # modifiers of another place ("Russia's" in "Russia's Belgorod region") rank last
            key = (is_country(p), self._is_modifier(ids), ids[0] if ids else 0)
            out.append((key, p, precision))
        out.sort(key=lambda x: x[0])
        return [(p, prec) for _, p, prec in out]

    def _is_modifier(self, ids: list[int]) -> bool:
        if not ids:
            return False
        t = self.sdoc[ids[-1]]
        return t.dep_ in ("poss", "compound", "amod") and t.head.i not in ids

    def _where_head(self, frame: Frame) -> Place | None:
        root = frame.clause
        while root.dep_ == "conj" and root.head.i != root.i:  # "where X launched ... and fought"
            root = root.head
        if root.dep_ != "relcl":
            return None
        rel = any(c.lower_ in ("where", "wherein") for c in root.children) or any(
            c.dep_ == "prep" and any(g.lower_ == "which" for g in c.children) for c in root.children
        )
        if not rel:
            return None
        head_np = {t.i for t in np_tokens(root.head)}
        cands = self._rank(self._places_in(head_np), frame)
        return cands[0][0] if cands else None

    def _anaphora(self, frame: Frame, scope: set[int]) -> Place | None:
        """ "in the region" / "the city" / "there" → the last place of that kind before it."""
        for i in sorted(scope):
            t = self.sdoc[i]
            kind = None
            low = t.lemma_.lower()
            if t.lower_ == "there" and t.dep_ == "advmod":
                kind = "any"
            elif t.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children
            ):
                if any(c.dep_ in ("compound", "amod", "poss") for c in t.children):
                    continue
                for k, words in self.lex.anaphoric_places.items():
                    if low in words:
                        kind = k
            if kind is None:
                continue
            before = [p for p in self.doc.places if p.mention.end <= t.idx and not is_country(p)]
            if kind == "region":
                typed = [p for p in before if is_region(p)]
            elif kind == "settlement":
                typed = [
                    p
                    for p in before
                    if p.feature and p.feature.startswith("P.") and p.feature != "P.PPLX"
                ]
            else:
                typed = before
            pool = typed or before
            if pool:
                return max(pool, key=lambda p: p.mention.start)
        return None

    def main_region(self) -> Place | None:
        """The document's main region: the admin1 named most often, as its region place."""
        if self._main_region is not None:
            return self._main_region[0]
        counts: Counter[str] = Counter(
            p.admin1 for p in self.doc.places if p.admin1 and not is_country(p)
        )
        best = None
        if counts:
            admin1 = counts.most_common(1)[0][0]
            same = [p for p in self.doc.places if p.admin1 == admin1 and not is_country(p)]
            regions = [p for p in same if is_region(p)]
            best = (regions or same)[0]
        self._main_region = (best, True)
        return best

    # -- time ----------------------------------------------------------------------------

    def _times_in(self, tokens: set[int], frame: Frame | None = None) -> list[TimeExpr]:
        out = []
        for t in self.doc.times:
            ids = self._tok_range(t.start, t.end) & tokens
            if not ids:
                continue
            if frame is not None and self._describes_noun(ids, frame):
                continue
            out.append(t)
        return out

    def _describes_noun(self, ids: set[int], frame: Frame) -> bool:
        """ "his daily address": a time that modifies another noun does not date the event."""
        for i in ids:
            tok = self.sdoc[i]
            if tok.dep_ != "amod" or tok.head.i in ids:
                return False
            if tok.head.i in {t.i for t in frame.tokens}:
                return False
        return True

    def time(self, frame: Frame) -> dict[str, Any]:
        """{"start", "end", "precision", "time_id", "recurring"} for the event."""
        scope, subj = self.trigger_scope(frame)
        own = scope | subj
        if frame.nominal:
            sub = {t.i for t in frame.trigger.subtree} & own
            found = self._times_in(sub, frame)
        else:
            found = []
        found = found or self._times_in(own, frame)
        recurring = self._recurring(own) or any(t.recurring for t in found)
        if not found:
            # the reporting clause above ("said in March it was fending off ..."); how often
            # someone reports says nothing about the event, so recurring times are skipped
            t = frame.clause
            while not found and t.head.i != t.i:
                t = t.head
                if is_clause_root(t) and t.lemma_.lower() in self.lex.speech_verbs:
                    clause = {x.i for x in clause_tokens(t)}
                    found = [x for x in self._times_in(clause, frame) if not x.recurring]
        if found:
            tx = min(found, key=lambda x: abs(x.start - frame.trigger.idx))
            return {
                "start": tx.value_start,
                "end": tx.value_end,
                "precision": tx.precision,
                "time_id": tx.id,
                "recurring": bool(tx.recurring or recurring),
            }
        published = self.doc.published_date
        pub = published.isoformat() if published else None
        if recurring or not self._present(frame):
            return {
                "start": None,
                "end": pub,
                "precision": "open-interval",
                "time_id": None,
                "recurring": recurring,
            }
        return {
            "start": pub,
            "end": pub,
            "precision": "day" if pub else "open-interval",
            "time_id": None,
            "recurring": False,
        }

    def _recurring(self, tokens: set[int]) -> bool:
        words = {self.sdoc[i].lower_ for i in tokens}
        pairs = {
            f"{self.sdoc[i].lower_} {self.sdoc[i + 1].lower_}"
            for i in tokens
            if i + 1 < len(self.sdoc)
        }
        return bool((words | pairs) & self.lex.recurring)

    def _present(self, frame: Frame) -> bool:
        """Present tense (or a state noun): the event holds on the publication date."""
        if frame.spec.state:
            return True
        v = frame.trigger
        if frame.nominal:
            v = frame.trigger
            while v.head.i != v.i and v.pos_ not in ("VERB", "AUX"):
                v = v.head
            if v.pos_ not in ("VERB", "AUX"):
                return True
        tags = {v.tag_} | {c.tag_ for c in v.children if c.dep_ in ("aux", "auxpass")}
        lows = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
        if tags & {"VBD"} or lows & {"had", "was", "were", "did"}:
            return False
        if v.tag_ == "VBN" and lows & {"has", "have"}:
            return False  # present perfect: happened before publication
        return bool(tags & {"VBZ", "VBP", "VBG"} or lows & {"is", "are", "am"})

    # -- quantities, fatalities ----------------------------------------------------------

    def quantities(self, frame: Frame) -> list[Quantity]:
        scope, subj = self.trigger_scope(frame)
        own = scope | subj
        return [q for q in self.doc.quantities if self._tok_range(q.start, q.end) & own]

    # -- attribution, status, evidence ---------------------------------------------------

    def attribution(self, frame: Frame) -> Attribution | None:
        """Innermost claim containing the trigger (a party's before the publisher's)."""
        off = frame.trigger.idx
        inside = [a for a in self.doc.attributions if a.content.start <= off < a.content.end]
        if not inside:
            return None
        parties = [a for a in inside if a.kind != "publisher"]
        pool = parties or inside
        return min(pool, key=lambda a: a.content.end - a.content.start)

    def status(self, frame: Frame, claim: Attribution | None) -> str:
        if frame.negated or frame.denied:
            return "denied"
        cue = (claim.cue or "").lower() if claim is not None else ""
        if cue and any(cue.startswith(w[:-1]) for w in self.lex.denial_verbs):
            return "denied"
        if claim is None or claim.kind == "publisher":
            return "reported"
        return "claimed"

    def evidence(self, frame: Frame) -> tuple[int, int]:
        para = self.paragraph_tokens(frame)
        toks = list(self.clause_of(frame))
        for n in frame.nouns:  # merged triggers ("..., killing three") belong to the evidence
            if n.sent.start == frame.trigger.sent.start:
                toks.extend(clause_tokens(clause_root(n)))
        toks = sorted({t.i: t for t in toks if t.i in para}.values(), key=lambda t: t.i)
        while toks and (
            toks[0].dep_ in ("mark", "cc", "punct") or toks[0].is_space or toks[0].tag_ == "WRB"
        ):
            toks = toks[1:]
        while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
            toks = toks[:-1]
        if not toks:
            t = frame.trigger
            return t.idx, t.idx + len(t)
        return toks[0].idx, toks[-1].idx + len(toks[-1])


def area_geometry(place: Place, km2: float, points: int = 32) -> dict[str, Any] | None:
    """An approximate circle of ``km2`` around the place (when no area geometry exists)."""
    if place.lat is None or place.lon is None or not km2 or km2 <= 0:
        return None
    r_km = math.sqrt(km2 / math.pi)
    dlat = r_km / 110.574
    dlon = r_km / (111.320 * max(0.01, math.cos(math.radians(place.lat))))
    ring = []
    for k in range(points):
        a = 2 * math.pi * k / points
        ring.append(
            [round(place.lon + dlon * math.cos(a), 6), round(place.lat + dlat * math.sin(a), 6)]
        )
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}
