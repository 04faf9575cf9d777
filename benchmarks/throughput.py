"""Throughput of the frontlog pipeline against bare spaCy on the same texts, same run.

    python benchmarks/throughput.py [-n 200] [--source FOLDER] [--stages nlp,places,...]

Prints docs/s and words/s for (a) bare ``nlp.pipe`` with the same spaCy pipeline and
(b) the full frontlog pipeline (all configured stages), their ratio, and the peak RSS of
this process. The machine is noisy, so compare the two figures of one run, not runs.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from frontlog.config import Settings
from frontlog.ingest import Skipped, iter_documents
from frontlog.model import Document
from frontlog.pipeline import Context, available_stages, run_batch

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "frontlog" / "samples"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(source: Path, n: int) -> list[Document]:
    docs = [d for d in iter_documents([str(source)], Settings()) if not isinstance(d, Skipped)]
    if not docs:
        sys.exit(f"no documents found in {source}")
    out = []
    while len(out) < n:
        for d in docs:
            out.append(Document(body=d.body, publisher=d.publisher, published=d.published))
            if len(out) == n:
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="documents per measurement")
    parser.add_argument("--source", type=Path, default=SAMPLES, help="folder of articles")
    parser.add_argument("--stages", default=None, help="comma-separated stages (default: all)")
    args = parser.parse_args()

    settings = Settings.load()
    ctx = Context(settings)
    stages = available_stages(args.stages.split(",") if args.stages else settings.stages)
    docs = load_texts(args.source, args.n)
    words = sum(len(d.body.split()) for d in docs)
    print(f"{len(docs)} documents, {words} words; stages: {', '.join(stages)}")

    t0 = time.perf_counter()
    nlp = ctx.nlp
    load_s = time.perf_counter() - t0
    # warm-up: load lazy resources (gazetteer, lexicons) outside the timed runs
    list(run_batch([Document(body=docs[0].body, published=docs[0].published)], ctx, stages))
    rss_loaded = peak_rss_mb()

    t0 = time.perf_counter()
    for _ in nlp.pipe([d.body for d in docs], batch_size=settings.batch_size):
        pass
    bare_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_events = sum(len(d.events) for d in run_batch(docs, ctx, stages))
    full_s = time.perf_counter() - t0

    print(f"spaCy load: {load_s:.2f} s; peak RSS after loading resources: {rss_loaded:.0f} MB")
    print(f"bare spaCy : {len(docs) / bare_s:8.1f} docs/s  {words / bare_s:9.0f} words/s")
    print(
        f"frontlog   : {len(docs) / full_s:8.1f} docs/s  {words / full_s:9.0f} words/s"
        f"  ({n_events} events)"
    )
    print(f"ratio frontlog/bare spaCy: {bare_s / full_s:.2f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
