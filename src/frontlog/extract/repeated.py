"""Cross-document boilerplate: paragraphs one publisher repeats in many documents.

A newsletter box or a standing appeal is worded the same (or nearly) under every article
of a site, while news paragraphs are not. MinHash signatures over word shingles with an
LSH index find near-verbatim repeats in a batch without comparing every pair.
"""

from __future__ import annotations

import re
from collections import defaultdict

from frontlog.extract.base import build_document
from frontlog.model import Document, Removed

NUM_PERM = 64
MIN_WORDS = 4  # shorter lines ("Share", "Advertisement") carry too few shingles to hash well
_WORD = re.compile(r"\w+")


def _shingles(text: str, k: int = 5) -> set[str]:
    """Character k-grams of the normalised words: one changed word (a date, a name) moves
    only a few of them, so near-verbatim repeats stay above the threshold."""
    norm = " ".join(_WORD.findall(text.lower()))
    if len(norm) <= k:
        return {norm}
    return {norm[i : i + k] for i in range(len(norm) - k + 1)}


def _minhash(text: str):  # noqa: ANN202 - datasketch type
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=7)
    m.update_batch([s.encode("utf-8") for s in _shingles(text)])
    return m


def _story_groups(docs: list[Document], idx: list[int], threshold: float) -> dict[int, int]:
    """Map each document to a representative of its near-duplicate group.

    Copies of one story (re-fetches, syndication, updates) share their news paragraphs;
    they count as one document, so a batch holding three copies of an article does not
    mistake the article itself for boilerplate.
    """
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    group: dict[int, int] = {}
    for i in idx:
        m = _minhash(docs[i].body)
        near = [int(k) for k in lsh.query(m)]
        group[i] = group[near[0]] if near else i
        lsh.insert(str(i), m)
    return group


def remove_repeated_blocks(
    docs: list[Document], threshold: float = 0.8, min_docs: int = 3
) -> list[Document]:
    """Drop paragraphs found (Jaccard >= threshold) in at least ``min_docs`` documents of
    the same publisher; returns new Documents (input untouched), with reasons recorded.

    Documents without a publisher are left as they are; near-duplicate copies of one story
    count once. A document is never emptied: if every paragraph repeats, it is kept
    unchanged.
    """
    from datasketch import MinHashLSH

    by_pub: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        if d.publisher:
            by_pub[d.publisher].append(i)
    out = list(docs)
    for publisher, idx in by_pub.items():
        if len(idx) < min_docs:
            continue
        story = _story_groups(docs, idx, threshold)
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        hashes: dict[str, object] = {}
        owner: dict[str, int] = {}
        for i in idx:
            for j, p in enumerate(docs[i].paragraphs):
                text = docs[i].body[p.start : p.end]
                if len(_WORD.findall(text)) < MIN_WORDS:
                    continue
                key = f"{i}:{j}"
                m = _minhash(text)
                hashes[key] = m
                owner[key] = i
                lsh.insert(key, m)
        repeated: dict[int, dict[int, int]] = defaultdict(dict)
        for key, m in hashes.items():
            holders = {story[owner[k]] for k in lsh.query(m)}
            if len(holders) >= min_docs:
                i, j = (int(x) for x in key.split(":"))
                repeated[i][j] = len(holders)
        for i, rep in repeated.items():
            d = docs[i]
            texts = [d.body[p.start : p.end] for p in d.paragraphs]
            kept = [t for j, t in enumerate(texts) if j not in rep]
            if not kept:
                continue
            removed = list(d.removed) + [
                Removed(texts[j], f"repeated in {n} documents of publisher {publisher}")
                for j, n in sorted(rep.items())
            ]
            new = build_document(
                kept,
                removed,
                url=d.url,
                publisher=d.publisher,
                published=d.published,
                language=d.language,
                title=d.title,
                raw_location=d.raw_location,
            )
            out[i] = new
    return out
