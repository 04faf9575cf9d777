"""The extraction eval: benchmark-style shingle scoring on a tiny synthetic dataset."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from frontlog.eval import extraction
from frontlog.eval.common import macro_prf, match_counts, shingles, token_prf


def test_match_counts_exact() -> None:
    gold = "a b c d e"  # shingles: abcd, bcde
    assert match_counts(gold, gold) == (1.0, 0.0, 0.0)
    tp, fp, fn = match_counts(gold, "a b c d x")  # abcd matches; bcdx extra; bcde missing
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert match_counts("", "") == (0.0, 0.0, 0.0)
    assert shingles("one two") == {("one", "two"): 1}


def test_macro_prf_skips_empty_sides() -> None:
    rows = [(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)]  # perfect doc; doc with empty prediction
    m = macro_prf(rows)
    assert m["precision"] == 1.0 and m["recall"] == 0.5
    assert m["f1"] == pytest.approx(2 * 0.5 / 1.5)
    assert token_prf("x y z", "x y")["precision"] == 1.0


def _write_dataset(root: Path) -> None:
    ex = root / "extraction"
    (ex / "html").mkdir(parents=True)
    paras = [
        "Ukrainian drones struck a fuel depot in the Bryansk region overnight, the governor "
        "said on Saturday, adding that nobody was hurt in the attack.",
        "Russia's Defense Ministry said its air defences had destroyed 40 drones over "
        "several western regions, including 12 over the Bryansk region.",
        "Satellite images published later on Saturday showed smoke rising above two large "
        "storage tanks at the site, which supplies fuel to the army.",
    ]
    article = "".join(f"<p>{p}</p>" for p in paras)
    good = (
        "<html><head><title>Depot hit</title></head><body><nav>Home News World Sport "
        f"Opinion</nav><article>{article}</article><footer>© 2025 Example News. All rights "
        "reserved.</footer></body></html>"
    )
    empty = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    gold = {
        "doc1": {"articleBody": "\n".join(paras), "url": "https://example.org/1"},
        "doc2": {"articleBody": "Text that the page does not contain at all.", "url": None},
    }
    (ex / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    (ex / "html" / "doc1.html.gz").write_bytes(gzip.compress(good.encode()))
    (ex / "html" / "doc2.html.gz").write_bytes(gzip.compress(empty.encode()))


def test_evaluate_scores_synthetic_dataset_exactly(tmp_path: Path) -> None:
    _write_dataset(tmp_path)
    result = extraction.evaluate(tmp_path, progress=False)
    assert result["suite"] == "extraction"
    ours = result["rows"][0]
    assert ours["set"] == "frontlog" and ours["docs"] == 2
    # doc1 extracted exactly; doc2 empty prediction: counts for recall (0) only
    assert ours["precision"] == 1.0
    assert ours["recall"] == 0.5
    assert ours["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert ours["exact"] == 0.5
    assert result["rows"][1]["set"].startswith("trafilatura")
    limited = extraction.evaluate(tmp_path, limit=1, progress=False, baseline=False)
    assert len(limited["rows"]) == 1 and limited["rows"][0]["f1"] == 1.0


def test_missing_gold_gives_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="extraction gold not found"):
        extraction.evaluate(tmp_path, progress=False)
