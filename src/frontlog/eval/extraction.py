"""Eval suite ``extraction``: article-body extraction on the Zyte benchmark pages.

Reads ``<data_dir>/extraction/ground-truth.json`` (id -> {"articleBody", "url"}) and
``html/<id>.html.gz``; scores ``document_from_html`` bodies with the benchmark's measure
(token 4-gram shingles, per-document precision and recall averaged, F1 of the means).
A baseline row runs trafilatura alone with its defaults, so a regression in our
settings or post-processing shows up as a gap between the two rows.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from frontlog.eval.common import macro_prf, match_counts

log = logging.getLogger(__name__)

Extractor = Callable[[bytes, str | None], str]


def load_items(data_dir: Path, limit: int | None = None) -> list[tuple[str, str, str | None, Path]]:
    """(id, gold body, url, html path) for each item with its page, sorted by id."""
    root = Path(data_dir)
    if (root / "extraction").is_dir():
        root = root / "extraction"
    gt_path = root / "ground-truth.json"
    if not gt_path.is_file():
        raise FileNotFoundError(f"extraction gold not found: {gt_path} (pass --data PATH)")
    gold = json.loads(gt_path.read_text(encoding="utf-8"))
    items = []
    for key in sorted(gold):
        page = root / "html" / f"{key}.html.gz"
        if not page.is_file():
            log.warning("no page for gold item %s", key)
            continue
        items.append((key, gold[key].get("articleBody") or "", gold[key].get("url"), page))
    return items[:limit] if limit else items


def _frontlog(html: bytes, url: str | None) -> str:
    from frontlog.extract import ExtractionError, document_from_html

    try:
        return document_from_html(html, url=url).body
    except ExtractionError:
        return ""


def _trafilatura(html: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


EXTRACTORS: dict[str, Extractor] = {"frontlog": _frontlog, "trafilatura (defaults)": _trafilatura}


def evaluate(
    data_dir: Path,
    limit: int | None = None,
    progress: bool = True,
    baseline: bool = True,
    **options: Any,
) -> dict[str, Any]:
    """Score body extraction; one row for frontlog and (optionally) one for trafilatura."""
    items = load_items(Path(data_dir), limit)
    names = list(EXTRACTORS) if baseline else ["frontlog"]
    counts: dict[str, list[tuple[float, float, float]]] = {n: [] for n in names}
    exact = dict.fromkeys(names, 0)
    task_total = len(items) * len(names)

    def run(advance: Callable[[], None]) -> None:
        for _key, body, url, page in items:
            html = gzip.decompress(page.read_bytes())
            for name in names:
                pred = EXTRACTORS[name](html, url)
                c = match_counts(body, pred)
                counts[name].append(c)
                exact[name] += int(c[1] == 0 and c[2] == 0)
                advance()

    if progress:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("extraction", total=task_total)
            run(lambda: bar.advance(task))
    else:
        run(lambda: None)

    rows = []
    for name in names:
        m = macro_prf(counts[name])
        rows.append(
            {
                "set": name,
                "docs": len(counts[name]),
                "precision": round(m["precision"], 4),
                "recall": round(m["recall"], 4),
                "f1": round(m["f1"], 4),
                "exact": round(exact[name] / len(counts[name]), 4) if counts[name] else 0.0,
            }
        )
    return {
        "suite": "extraction",
        "rows": rows,
        "notes": [
            "article-extraction-benchmark measure: 4-token shingles, per-document P and R "
            "averaged, F1 of the means; published anchor trafilatura 2.0.0 F1 0.958",
        ],
    }
