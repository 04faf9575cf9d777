"""`frontlog eval attribution`: score attributions against PolNeAR (brat standoff).

Gold: ``<data>/attribution/dev/{text,attributions}``; one .ann per annotator (suffix
``_xxxx``); the first annotator's file per article is used. Each gold relation has Source
(optional), Cue and Content spans (possibly discontinuous). frontlog's publisher
attributions are not attributions in PolNeAR's sense and are left out. See
docs/attribution-scoring.md for the matching rules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from frontlog.model import Document

Frag = list[tuple[int, int]]
STRIP = " \t\n\"'“”‘’.,;:()[]—–-"


def parse_ann(text: str) -> list[dict[str, Frag | None]]:
    """Relations {source, cue, content} (each a list of (start, end) fragments) from .ann."""
    spans: dict[str, tuple[str, Frag]] = {}
    events: list[str] = []
    for line in text.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            label, _, offs = parts[1].partition(" ")
            frags = []
            for piece in offs.split(";"):
                a, _, b = piece.strip().partition(" ")
                if a.isdigit() and b.isdigit():
                    frags.append((int(a), int(b)))
            spans[parts[0]] = (label, frags)
        elif line.startswith("E"):
            events.append(line)
    rels = []
    for ev in events:
        parts = ev.split("\t")
        if len(parts) < 2:
            continue
        rel: dict[str, Frag | None] = {"source": None, "cue": None, "content": None}
        for arg in parts[1].split():
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789").lower()
            if role in rel and tid in spans:
                rel[role] = spans[tid][1]
        if rel["cue"] or rel["content"]:
            rels.append(rel)
    return rels


def _trim(body: str, frags: Frag) -> Frag:
    out = []
    for a, b in frags:
        while a < b and body[a] in STRIP:
            a += 1
        while b > a and body[b - 1] in STRIP:
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _overlaps(x: Frag | None, y: Frag | None) -> bool:
    if not x or not y:
        return False
    return any(a < d and c < b for a, b in x for c, d in y)


def _exact(body: str, x: Frag | None, y: Frag | None) -> bool:
    if not x or not y:
        return False
    tx, ty = _trim(body, x), _trim(body, y)
    if not tx or not ty:
        return False
    return (tx[0][0], tx[-1][1]) == (ty[0][0], ty[-1][1])


def _greedy(
    gold: list[Any], pred: list[Any], same: Callable[[Any, Any], bool]
) -> tuple[int, int, int]:
    """(tp, fp, fn) pairing each prediction with the first unused gold item it matches."""
    used: set[int] = set()
    tp = 0
    for p in pred:
        for i, g in enumerate(gold):
            if i not in used and same(g, p):
                used.add(i)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


def _match(body: str, gold: list[Frag], pred: list[Frag], exact: bool) -> tuple[int, int, int]:
    return _greedy(gold, pred, (lambda g, p: _exact(body, g, p)) if exact else _overlaps)


def _rel_match(body: str, gold: list[dict], pred: list[dict], exact: bool) -> tuple[int, int, int]:
    """A relation matches when cue and content match, and the source when gold has one."""
    ok = (lambda a, b: _exact(body, a, b)) if exact else _overlaps

    def same(g: dict, p: dict) -> bool:
        return (
            ok(g["cue"], p["cue"])
            and ok(g["content"], p["content"])
            and (not g["source"] or ok(g["source"], p["source"]))
        )

    return _greedy(gold, pred, same)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def predict(doc: Document) -> list[dict[str, Frag | None]]:
    """frontlog's non-publisher attributions as fragment triples, one per cue.

    PolNeAR is univocal (one relation per cue, content possibly discontinuous); frontlog's
    attributions sharing a cue (a split quote, a quote and the complement holding it) are
    merged: their contents become the fragments, a content inside another one is dropped.
    """
    groups: dict[Any, list[Any]] = {}
    for a in doc.attributions:
        if a.kind == "publisher":
            continue
        key = (a.cue_span.start, a.cue_span.end) if a.cue_span else a.id
        groups.setdefault(key, []).append(a)
    out = []
    for atts in groups.values():
        spans = sorted({(a.content.start, a.content.end) for a in atts})
        frags = [
            x for x in spans if not any(y != x and y[0] <= x[0] and x[1] <= y[1] for y in spans)
        ]
        a = atts[0]
        out.append(
            {
                "source": [(a.speaker_span.start, a.speaker_span.end)] if a.speaker_span else None,
                "cue": [(a.cue_span.start, a.cue_span.end)] if a.cue_span else None,
                "content": frags,
            }
        )
    return out


def evaluate(
    data_dir: Path, limit: int | None = None, progress: bool = True, **options: Any
) -> dict[str, Any]:
    """P/R/F1 for source, cue, content spans and whole relations (overlap and exact)."""
    from rich.progress import track

    from frontlog.attribution.stage import extract_attributions
    from frontlog.nlp.entities import find_entities
    from frontlog.pipeline import Context

    root = Path(data_dir) / "attribution" / options.get("split", "dev")
    if not root.is_dir():
        root = Path(data_dir) / options.get("split", "dev")
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"PolNeAR split not found under {root} (text/ and attributions/)")
    items: list[tuple[Path, Path]] = []
    for txt in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(txt.stem + "_*.ann"))
        if anns:
            items.append((txt, anns[0]))
    if limit:
        items = items[:limit]
    ctx = Context()
    nlp = ctx.nlp
    bodies = [t.read_text(encoding="utf-8") for t, _ in items]
    parsed = nlp.pipe(bodies, batch_size=8)
    counts: dict[str, list[int]] = {}

    def add(key: str, c: tuple[int, int, int]) -> None:
        acc = counts.setdefault(key, [0, 0, 0])
        for i in range(3):
            acc[i] += c[i]

    seq = zip(items, bodies, parsed, strict=True)
    if progress:
        seq = track(seq, total=len(items), description="attribution")
    n_gold = n_pred = 0
    for (_txt, ann), body, sdoc in seq:
        gold = parse_ann(ann.read_text(encoding="utf-8"))
        doc = Document(body=body)
        doc.spacy_doc = sdoc
        doc.entities = find_entities(doc, sdoc)
        doc.attributions = extract_attributions(doc, sdoc)
        pred = predict(doc)
        n_gold += len(gold)
        n_pred += len(pred)
        for role in ("source", "cue", "content"):
            g = [r[role] for r in gold if r[role]]
            p = [r[role] for r in pred if r[role]]
            add(f"{role} overlap", _match(body, g, p, exact=False))
            add(f"{role} exact", _match(body, g, p, exact=True))
        add("relation overlap", _rel_match(body, gold, pred, exact=False))
        add("relation exact", _rel_match(body, gold, pred, exact=True))
    rows = [
        {"set": key, **_prf(*c), "tp": c[0], "fp": c[1], "fn": c[2]} for key, c in counts.items()
    ]
    return {
        "suite": "attribution",
        "rows": rows,
        "notes": [
            f"PolNeAR {root.name}: {len(items)} articles, {n_gold} gold relations "
            f"(first annotator per article), {n_pred} predicted (publisher kind excluded)",
            "overlap: any shared character; exact: same extent after trimming quotes, "
            "punctuation and spaces; relation: cue and content (and source when gold has one)",
        ],
    }
