"""`frontlog eval time`: TempEval-3 TimeBank + AQUAINT (TimeML), anchored on each DCT.

Scoring
* Spans: precision/recall/F1, strict (same offsets) and relaxed (overlap), over all TIMEX3
  types and over DATE only (system expressions typed DATE by the resolver).
* Values: accuracy on gold DATE expressions matched (relaxed) by a system expression; the
  system's TimeML-style value (``Resolution.timex``) must equal the gold value.
  Mapping rules: day/week/month/quarter/season/half/year/decade values compare as strings
  ("1998-02", "1998-W05", "1998-Q3", "1998-SU", "199"); PRESENT_REF/PAST_REF/FUTURE_REF
  compare as strings (our "now"/"recently"/"the future"); gold values with X placeholders
  or durations (P3Y) count as wrong unless equal. A system expression that we consider a
  duration (no date) is wrong on a gold DATE.
Offsets are computed on the TimeML TEXT element with tags stripped and entities unescaped.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>|([^<]+)", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_timeml(path: Path) -> dict[str, Any]:
    """Plain text of <TEXT>, the DCT and the gold TIMEX3 spans with type and value."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct_m = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    dct = None
    if dct_m:
        v = dict(_ATTR.findall(dct_m.group(0))).get("value", "")
        try:
            dct = date.fromisoformat(v[:10])
        except ValueError:
            dct = None
    tm = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
    inner = tm.group(1) if tm else ""
    parts: list[str] = []
    pos = 0
    gold: list[dict[str, Any]] = []
    open_timex: dict[str, Any] | None = None
    for m in _TAG.finditer(inner):
        if m.group(4) is not None:
            piece = html.unescape(m.group(4))
            parts.append(piece)
            pos += len(piece)
            continue
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            attrs = dict(_ATTR.findall(m.group(3)))
            open_timex = {"start": pos, "type": attrs.get("type"), "value": attrs.get("value")}
        elif open_timex is not None:
            open_timex["end"] = pos
            gold.append(open_timex)
            open_timex = None
    text = "".join(parts)
    for g in gold:
        g["text"] = text[g["start"] : g["end"]]
    return {"id": path.stem, "dct": dct, "text": text, "gold": gold}


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def _span_scores(sys_spans: list[tuple[int, int]], gold_spans: list[tuple[int, int]]) -> dict:
    gs, ss = set(gold_spans), set(sys_spans)
    strict_tp = len(gs & ss)
    rel_p = sum(any(s < ge and gs_ < e for gs_, ge in gold_spans) for s, e in sys_spans)
    rel_r = sum(any(s < ge and gs_ < e for s, e in sys_spans) for gs_, ge in gold_spans)
    return {
        "strict": _prf(strict_tp, len(ss), strict_tp, len(gs)),
        "relaxed": _prf(rel_p, len(sys_spans), rel_r, len(gold_spans)),
    }


def _files(data_dir: Path) -> list[Path]:
    root = data_dir / "time" if (data_dir / "time").is_dir() else data_dir
    files = sorted(root.glob("Training/TBAQ-cleaned/TimeBank/*.tml")) + sorted(
        root.glob("Training/TBAQ-cleaned/AQUAINT/*.tml")
    )
    if not files:
        files = sorted(root.rglob("*.tml"))
    return files


def evaluate(
    data_dir: Path, limit: int | None = None, progress: bool = True, **options: Any
) -> dict[str, Any]:
    """Score temporal detection and normalisation on TimeBank + AQUAINT.

    Options: ``spacy=False`` scores the grammar alone; ``max_errors=N`` adds the first N
    value errors (doc, gold, got) under ``errors`` for inspection.
    """
    from frontlog.time.stage import detect

    files = _files(Path(data_dir))
    if not files:
        raise FileNotFoundError(
            f"no TimeML files under {data_dir}; expected time/Training/TBAQ-cleaned/*/*.tml"
        )
    if limit:
        files = files[:limit]
    docs = [parse_timeml(f) for f in files]
    use_spacy = options.get("spacy", True)
    parsed: list[Any] = [None] * len(docs)
    if use_spacy:
        from frontlog.pipeline import default_context

        nlp = default_context().nlp
        texts = (d["text"] for d in docs)
        parsed = _pipe(nlp, texts, len(docs), progress)

    sets: dict[str, dict[str, list]] = {}
    value_ok: Counter[str] = Counter()
    value_n: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    for d, sd in zip(docs, parsed, strict=True):
        corpus = _corpus_of(files, d["id"])
        found = detect(d["text"], d["dct"], sd)
        for name in (corpus, "all"):
            bucket = sets.setdefault(name, {"sys": [], "gold": [], "sys_d": [], "gold_d": []})
            off = len(bucket.get("_off", [])) * 10_000_000
            bucket.setdefault("_off", []).append(1)
            bucket["sys"] += [(f.start + off, f.end + off) for f in found]
            bucket["gold"] += [(g["start"] + off, g["end"] + off) for g in d["gold"]]
            bucket["sys_d"] += [(f.start + off, f.end + off) for f in found if f.kind == "DATE"]
            bucket["gold_d"] += [
                (g["start"] + off, g["end"] + off) for g in d["gold"] if g["type"] == "DATE"
            ]
        for g in d["gold"]:
            if g["type"] != "DATE":
                continue
            match = [f for f in found if f.start < g["end"] and g["start"] < f.end]
            if not match:
                continue
            best = min(match, key=lambda f: abs(f.start - g["start"]) + abs(f.end - g["end"]))
            got = best.resolution.timex if best.resolution is not None else None
            if best.resolution is not None and best.resolution.kind == "DURATION":
                got = None
            ok = _norm_value(got) == _norm_value(g["value"])
            strict = best.start == g["start"] and best.end == g["end"]
            for name in (corpus, "all"):
                value_n[name] += 1
                value_ok[name] += ok
                if strict:
                    value_n[name + ":strict"] += 1
                    value_ok[name + ":strict"] += ok
            if not ok and len(errors) < int(options.get("max_errors", 0) or 0):
                errors.append({"doc": d["id"], "dct": str(d["dct"]), "text": g["text"],
                               "gold": g["value"], "got": got, "sys": best.text})  # fmt: skip

    rows = []
    for name in [n for n in ("TimeBank", "AQUAINT", "all") if n in sets]:
        b = sets[name]
        for types, sys_key, gold_key in (("all", "sys", "gold"), ("DATE", "sys_d", "gold_d")):
            sc = _span_scores(b[sys_key], b[gold_key])
            row: dict[str, Any] = {
                "set": name,
                "types": types,
                "docs": len(b["_off"]),
                "gold": len(b[gold_key]),
                "sys": len(b[sys_key]),
                "strict_P": sc["strict"][0],
                "strict_R": sc["strict"][1],
                "strict_F1": sc["strict"][2],
                "relaxed_P": sc["relaxed"][0],
                "relaxed_R": sc["relaxed"][1],
                "relaxed_F1": sc["relaxed"][2],
                "value_n": None,
                "value_acc": None,
                "value_acc_exact": None,
            }
            if types == "DATE":
                n, n_exact = value_n[name], value_n[name + ":strict"]
                row["value_n"] = n
                row["value_acc"] = round(value_ok[name] / n, 3) if n else 0.0
                row["value_acc_exact"] = (
                    round(value_ok[name + ":strict"] / n_exact, 3) if n_exact else 0.0
                )
            rows.append(row)
    notes = [
        "Spans: atomic TimeML-style expressions from frontlog.time.stage.detect; strict = same "
        "offsets, relaxed = overlap. types=DATE rows count only system expressions the resolver "
        "typed DATE and gold TIMEX3 type=DATE.",
        "Value accuracy: gold DATE matched by overlap (the closest overlapping system span); "
        "system value = its TimeML-style value (day 'YYYY-MM-DD', week 'YYYY-Www', month "
        "'YYYY-MM', quarter 'YYYY-Qn', season 'YYYY-SU', year 'YYYY', decade 'YYY', "
        "PRESENT_REF for now/currently, PAST_REF for recently/the past/open intervals without a "
        "size, FUTURE_REF for the future/soon). A system duration on a gold DATE is wrong. "
        "value_acc_exact = accuracy on the subset whose span matched exactly.",
        "Anchor: each document's DCT (creation time); no rule comes from gold items.",
    ]
    out: dict[str, Any] = {"suite": "time", "rows": rows, "notes": notes}
    if errors:
        out["errors"] = errors
    return out


def _norm_value(v: str | None) -> str | None:
    """Same value, one spelling: ISO weeks zero-padded ("2000-W7" == "2000-W07")."""
    if v is None:
        return None
    return re.sub(r"-W(\d)(?!\d)", r"-W0\1", v)


def _corpus_of(files: list[Path], doc_id: str) -> str:
    for f in files:
        if f.stem == doc_id:
            return f.parent.name
    return "other"


def _pipe(nlp: Any, texts: Any, n: int, progress: bool) -> list[Any]:
    out: list[Any] = []
    if not progress:
        return list(nlp.pipe(texts, batch_size=16))
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("time: parsing", total=n)
        for d in nlp.pipe(texts, batch_size=16):
            out.append(d)
            bar.advance(task)
    return out
