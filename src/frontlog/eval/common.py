"""Scoring helpers shared by the eval suites: token shingles, P/R/F1, averaging."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from statistics import mean

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str | None) -> list[str]:
    """Word tokens (case kept): the same crude tokenisation for every language."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Counts of n-token shingles; a text shorter than n gives one short shingle."""
    toks = tokens(text)
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def match_counts(gold: str | None, pred: str | None, n: int = 4) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised to sum 1 so every document weighs the same.

    This is the article-extraction-benchmark measure (token 4-gram shingles with
    multiplicity, per document), so figures compare with its published tables.
    """
    g, p = shingles(gold, n), shingles(pred, n)
    tp = float(sum((g & p).values()))
    fp = float(sum((p - g).values()))
    fn = float(sum((g - p).values()))
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return 0.0, 0.0, 0.0


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp > 0 else 0.0


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn > 0 else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def macro_prf(counts: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """Precision over documents with a prediction, recall over documents with gold text,
    F1 of the two means (the benchmark's way, so an empty prediction costs recall only)."""
    rows = list(counts)
    ps = [precision(*c) for c in rows if c[0] + c[1] > 0]
    rs = [recall(*c) for c in rows if c[0] + c[2] > 0]
    p = mean(ps) if ps else 0.0
    r = mean(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": f1(p, r)}


def token_prf(gold: str | None, pred: str | None) -> dict[str, float]:
    """Bag-of-tokens P/R/F1 for one pair of texts (unigram shingles)."""
    c = match_counts(gold, pred, n=1)
    p, r = precision(*c), recall(*c)
    return {"precision": p, "recall": r, "f1": f1(p, r)}
