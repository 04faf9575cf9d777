"""The times stage: find temporal expressions and anchor them on the publication date.

``detect`` gives atomic TimeML-style expressions (what the eval scores); ``find_times``
composes them into what a reader means ("since 2022" → open interval from 2022, "from
March to May" → one interval) and returns ``TimeExpr`` objects; the stage fills
``doc.times``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from frontlog.model import Document, TimeExpr
from frontlog.pipeline import Context, stage
from frontlog.time.patterns import Found, find_spans
from frontlog.time.resolve import Resolution, resolve_full, resolve_groups

log = logging.getLogger(__name__)

# A fixed stand-in anchor used only to learn an expression's precision when the document
# has no publication date (the values themselves are then dropped).
_PLACEHOLDER_ANCHOR = date(2000, 6, 15)

# Rules whose direction (past/future) depends on the clause's tense.
_DIRECTIONAL = {"weekday", "month", "month_day", "day_month", "quarter", "q_abbrev", "half",
                "holiday", "the_unit", "clock"}  # fmt: skip
# Expressions that do not move the narrative's reference date.
_NOT_REFERENCES = {"present_ref", "past_ref", "future_ref", "this_unit", "clock", "set",
                   "duration", "past_n"}  # fmt: skip
_FUTURE_HEADS = {"plan", "expect", "schedule", "set", "due", "intend", "aim", "prepare",
                 "hope", "want", "vow", "promise", "threaten", "pledge", "seek", "agree",
                 "decide"}  # fmt: skip
_REPORTING = {"say", "tell", "report", "claim", "announce", "state", "add", "write", "note",
              "insist", "confirm", "deny", "warn", "accuse"}  # fmt: skip


@dataclass
class Detected:
    """One atomic expression with its TimeML type and resolution (None: unresolved)."""

    start: int
    end: int
    text: str
    kind: str  # DATE | TIME | DURATION | SET
    rule: str | None
    resolution: Resolution | None


def clause_tense(text: str, start: int, end: int, spacy_doc: Any = None) -> str | None:
    """Tense of the clause governing [start, end): "future", "present", "past" or None.

    "will meet Friday" / "plans to meet Friday" are future; "talks begin Friday" present
    (news uses it for schedules); "met Friday" past. Reporting verbs in the present
    ("says") and copulas say nothing. Without a parse, a "will" shortly before counts.
    """
    if spacy_doc is not None:
        span = spacy_doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            tok = span.root
            for _ in range(4):
                if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
                    break
                tok = tok.head
                # a date that modifies a noun or adjective ("a dividend payable Dec. 7",
                # "the vote on Friday") takes no tense from the clause's verb
                if tok.pos_ in ("NOUN", "PROPN", "ADJ") and not (span.start <= tok.i < span.end):
                    return None
            if tok.pos_ not in ("VERB", "AUX"):
                return None
            kids = list(tok.children)
            auxes = [c for c in kids if c.dep_.startswith("aux")]
            if tok.lower_ in ("will", "shall", "'ll") or any(
                c.lower_ in ("will", "'ll", "shall", "wo") for c in auxes
            ):
                return "future"
            if tok.dep_ == "xcomp" and any(c.lower_ == "to" for c in kids):
                if tok.head.lemma_ in _FUTURE_HEADS:
                    return "future"
                return _tense_of(tok.head, list(tok.head.children))
            return _tense_of(tok, kids)
        return None
    sent_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    window = text[max(sent_start, start - 60) : start]
    if re.search(
        r"\b(?:will|'ll|shall|due to|scheduled to|expected to|plans? to|set to)\b", window
    ):
        if not re.search(r"\b(?:said|says|told|reported)\b", window.split("will")[-1]):
            return "future"
    return None


def _tense_of(tok: Any, kids: list[Any]) -> str | None:
    if any(c.lower_ in ("will", "'ll", "shall", "wo") for c in kids):
        return "future"
    if any(c.dep_.startswith("aux") and c.tag_ in ("VBD",) for c in kids):
        return "past"
    if tok.tag_ in ("VBD", "VBN"):
        return "past"
    if tok.tag_ == "VBG" and any(c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in kids):
        return "present"  # "is holding talks Friday"
    if tok.tag_ in ("VBZ", "VBP") and tok.lemma_ not in _REPORTING | {"be", "have"}:
        return "present"
    return None


def detect(text: str, anchor: date | None, spacy_doc: Any = None) -> list[Detected]:
    """Atomic temporal expressions, TimeML style (the eval scores these)."""
    out: list[Detected] = []
    ref: date | None = None  # the last specific date mentioned: "that day" refers to it
    for f in find_spans(text, spacy_doc):
        tense = clause_tense(text, f.start, f.end, spacy_doc) if f.rule in _DIRECTIONAL else None
        narrative = f.rule == "ago" and f.groups.get("dir", "").lower() not in (
            "ago",
            "from now",
            "hence",
        )
        if f.rule == "anaphor" or narrative:  # "that day", "two days later": the story's time
            res = _resolve_found(f, ref or anchor, tense)
        else:
            res = _resolve_found(f, anchor, tense)
            if (
                res is not None
                and res.start is not None
                and res.end is not None
                and res.kind in ("DATE", "TIME")
                and f.rule not in _NOT_REFERENCES
            ):
                ref = res.start
        kind = res.kind if res is not None else f.kind
        out.append(Detected(f.start, f.end, f.text, kind, f.rule, res))
    return out


def _resolve_found(f: Found, anchor: date | None, tense: str | None) -> Resolution | None:
    if f.rule is not None:
        return resolve_groups(f.rule, f.groups, anchor, tense)
    return resolve_full(f.text, anchor, tense)


_SINCE = re.compile(r"(?:\b(?P<w>since|from|after|before|until|till|by)\s+)$", re.IGNORECASE)
_RANGE_MID = re.compile(r"^\s*(?:to|until|till|through|and|-|–|—)\s*$", re.IGNORECASE)


def find_times(text: str, anchor: date | None, spacy_doc: Any = None) -> list[TimeExpr]:
    """Temporal expressions in ``text`` resolved against ``anchor`` (publication date).

    Durations are left out (they are not dates); recurring expressions ("daily") are kept
    with ``recurring=True`` and no values. Without an anchor, relative expressions keep
    their span and precision but get no values.
    """
    atoms = detect(text, anchor, spacy_doc)
    probe = {id(d): d for d in atoms}
    if anchor is None:  # learn precisions with a stand-in anchor, values dropped below
        for d in detect(text, _PLACEHOLDER_ANCHOR, spacy_doc):
            for a in atoms:
                if a.start == d.start and a.end == d.end and a.resolution is None:
                    probe[id(a)] = d
    out: list[TimeExpr] = []
    i = 0
    anchor_iso = anchor.isoformat() if anchor else None
    while i < len(atoms):
        a = atoms[i]
        res = a.resolution
        start, end = a.start, a.end
        if a.kind == "SET":
            prec = res.precision if res else "open-interval"
            out.append(_te(text, start, end, None, None, prec, anchor_iso, recurring=True))
            i += 1
            continue
        if res is None or (res.kind == "DURATION" and res.start is None and res.end is None):
            if anchor is None and a.kind in ("DATE", "TIME"):
                p = probe[id(a)].resolution
                if p is not None and p.kind in ("DATE", "TIME"):
                    out.append(_te(text, start, end, None, None, p.precision, None))
            i += 1
            continue
        vs, ve, prec = res.start, res.end, res.precision
        before = text[max(0, start - 12) : start]
        sig = _SINCE.search(before)
        # "from X to Y", "between X and Y", "X - Y": one interval
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if (
            nxt is not None
            and nxt.resolution is not None
            and nxt.resolution.end is not None
            and vs is not None
            and _RANGE_MID.match(text[end : nxt.start])
            and (sig is not None and sig.group("w").lower() == "from"
                 or re.search(r"\bbetween\s+$", before, re.IGNORECASE)
                 or text[end : nxt.start].strip() in ("-", "–"))
        ):  # fmt: skip
            lead = re.search(r"\b(?:from|between)\s+$", before, re.IGNORECASE)
            if lead:
                start -= len(before) - lead.start()
            ve = nxt.resolution.end
            end = nxt.end
            out.append(_te(text, start, end, _iso(vs), _iso(ve), prec, anchor_iso))
            i += 2
            continue
        if sig is not None:
            w = sig.group("w").lower()
            s2 = start - (len(before) - sig.start())
            if w in ("since", "from", "after") and vs is not None:
                first = vs if w != "after" else (ve or vs) + timedelta(days=1)
                out.append(_te(text, s2, end, _iso(first), None, "open-interval", anchor_iso))
                i += 1
                continue
            if w in ("before", "until", "till", "by") and vs is not None:
                last = vs - timedelta(days=1) if w == "before" else (ve or vs)
                out.append(_te(text, s2, end, None, _iso(last), "open-interval", anchor_iso))
                i += 1
                continue
        out.append(_te(text, start, end, _iso(vs), _iso(ve), prec, anchor_iso))
        i += 1
    for n, t in enumerate(out, 1):
        t.id = f"T{n}"
    return out


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _te(
    text: str,
    start: int,
    end: int,
    vs: str | None,
    ve: str | None,
    prec: str,
    anchor: str | None,
    recurring: bool = False,
) -> TimeExpr:
    return TimeExpr("", start, end, text[start:end], vs, ve, prec, anchor, recurring)


@stage("times")
def times_stage(doc: Document, ctx: Context) -> Document:
    """Fill ``doc.times`` from the body, anchored on ``doc.published``."""
    if not doc.body:
        return doc
    spacy_doc = ctx.parse(doc, "times")  # None: the grammar alone still works
    try:
        doc.times = find_times(doc.body, doc.published_date, spacy_doc)
    except Exception:  # never lose the document over one odd expression
        log.exception("times stage failed on document %s", doc.id)
    return doc
