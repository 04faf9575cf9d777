"""Web API latency and page load time on a generated store of 10,000 events.

Builds a temporary SQLite store of hand-made Documents (default 1,000 documents x 10
events, random types, places in eastern Europe and dates over a year), then measures
p50/p95 latency of ``/api/events`` with and without filters through FastAPI's TestClient
(in-process: no network overhead counted), and the page load time in headless Chromium
against uvicorn on 127.0.0.1 when ``/usr/bin/chromium`` exists.

    python benchmarks/api_latency.py [--docs 1000] [--events-per-doc 10] [--repeat 40]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from frontlog.model import Attribution, Document, Entity, Event, Place, TimeExpr
from frontlog.store.db import Store
from frontlog.web import create_app

TYPES = [
    ("shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("air_strike", "Explosions/Remote violence", "Air/drone strike"),
    ("armed_clash", "Battles", "Armed clash"),
    ("territorial_control", "Strategic developments", "Non-state actor overtakes territory"),
    ("protest", "Protests", "Peaceful protest"),
]
REGIONS = [
    ("UA-63", "UA", 49.99, 36.23),
    ("UA-14", "UA", 48.0, 37.8),
    ("UA-23", "UA", 47.84, 35.14),
    ("UA-51", "UA", 46.48, 30.73),
    ("UA-30", "UA", 50.45, 30.52),
    ("RU-BEL", "RU", 50.6, 36.59),
    ("RU-KRS", "RU", 51.73, 36.19),
    ("UA-65", "UA", 46.64, 32.61),
]
ACTORS = ["Northern Group", "Southern Command", "Volunteer Corps", "Border Guard", "Air Force"]
STATUSES = ["reported", "claimed", "denied"]


def make_documents(n_docs: int, per_doc: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    docs = []
    for d in range(n_docs):
        published = start + timedelta(days=rng.randrange(365))
        sentences = []
        for i in range(per_doc):
            region = rng.choice(REGIONS)
            sentences.append(
                f"Report {d}-{i}: units near settlement {rng.randrange(10_000)} in {region[0]} "
                f"were involved in an incident."
            )
        body = "\n".join(sentences)
        doc = Document(
            body=body,
            url=f"https://news{d % 37}.example/{d}",
            publisher=f"Outlet {d % 37}",
            title=f"Bulletin {d}",
            published=published.isoformat(),
        )
        doc.entities = [Entity(f"E{k + 1}", name, "armed_group") for k, name in enumerate(ACTORS)]
        pos = 0
        for i, sentence in enumerate(sentences, 1):
            ev_type, acled, sub = rng.choice(TYPES)
            admin1, country, lat, lon = rng.choice(REGIONS)
            day = (published - timedelta(days=rng.randrange(3))).isoformat()
            span = doc.span(pos, pos + len(sentence))
            doc.places.append(
                Place(
                    f"P{i}",
                    span,
                    f"settlement {i}",
                    country=country,
                    admin1=admin1,
                    lat=lat + rng.uniform(-0.5, 0.5),
                    lon=lon + rng.uniform(-0.5, 0.5),
                )
            )
            doc.times.append(TimeExpr(f"T{i}", pos, pos, "", day, day, "day"))
            status = rng.choice(STATUSES)
            attribution = "publisher"
            if status != "reported":
                attribution = f"A{i}"
                doc.attributions.append(
                    Attribution(attribution, "E1", ACTORS[0], "indirect", "said", span)
                )
            doc.events.append(
                Event(
                    f"V{i}",
                    ev_type,
                    acled,
                    sub,
                    f"E{rng.randrange(len(ACTORS)) + 1}",
                    None,
                    f"P{i}",
                    1,
                    {"start": day, "end": day, "precision": "day"},
                    [],
                    attribution,
                    status,
                    span,
                )
            )
            pos += len(sentence) + 1
        docs.append(doc)
    return docs


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(client: TestClient, path: str, repeat: int) -> tuple[float, float, int]:
    client.get(path)  # warm-up
    times = []
    total = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        resp = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        resp.raise_for_status()
        total = resp.json().get("total", 0)
    return statistics.median(times), percentile(times, 95), total


def page_load(db_url: str, runs: int = 3) -> list[tuple[float, float]] | None:
    """(navigation to ready, app's own load time) in ms per run, or None without Chromium."""
    if not Path("/usr/bin/chromium").exists():
        return None
    import uvicorn
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db_url), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    out = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                ],
            )
            for _ in range(runs):
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("body[data-ready='1']", timeout=120_000)
                wall = (time.perf_counter() - t0) * 1000
                out.append((wall, float(page.evaluate("window.frontlog.loadMs"))))
                print(
                    "  run:",
                    {k: round(v) for k, v in page.evaluate("window.frontlog.timings").items()},
                    f"navigation-to-ready {wall:.0f} ms",
                )
                ctx.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--events-per-doc", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        docs = make_documents(args.docs, args.events_per_doc)
        store = Store(db)
        for doc in docs:
            store.save(doc)
        n_events = store.count("events")
        store.close()
        print(
            f"store: {len(docs)} documents, {n_events} events "
            f"(built in {time.perf_counter() - t0:.1f} s)"
        )

        client = TestClient(create_app(db))
        cases = [
            ("no filter, limit 100", "/api/events"),
            ("type", "/api/events?type=shelling"),
            ("region", "/api/events?region=UA-63"),
            ("date range (1 month)", "/api/events?date_from=2024-03-01&date_to=2024-03-31"),
            ("actor substring", "/api/events?actor=corps"),
            (
                "type+status+date",
                "/api/events?type=air_strike&status=claimed"
                "&date_from=2024-06-01&date_to=2024-08-31",
            ),
            ("deep page (offset 9000)", "/api/events?offset=9000"),
            ("full rows, limit 5000", "/api/events?limit=5000"),
            ("map view, limit 5000", "/api/events?limit=5000&view=map"),
            ("timeline", "/api/timeline"),
            ("stats", "/api/stats"),
        ]
        print(f"\n{'request':<28}{'p50 ms':>9}{'p95 ms':>9}{'total':>8}")
        for name, path in cases:
            repeat = max(5, args.repeat // 8) if "5000" in path else args.repeat
            p50, p95, total = measure(client, path, repeat)
            print(f"{name:<28}{p50:>9.1f}{p95:>9.1f}{total:>8}")
        uid_item = client.get("/api/events?limit=1").json()["items"][0]
        p50, p95, _ = measure(client, f"/api/events/{uid_item['uid']}", args.repeat)
        print(f"{'one event + related':<28}{p50:>9.1f}{p95:>9.1f}")

        if not args.no_browser:
            runs = page_load(db)
            if runs is None:
                print("\npage load: skipped (no /usr/bin/chromium)")
            else:
                walls = [w for w, _ in runs]
                apps = [a for _, a in runs]
                print(
                    f"\npage load in Chromium ({n_events} events, up to 5000 drawn), "
                    f"{len(runs)} runs: navigation-to-ready median "
                    f"{statistics.median(walls):.0f} ms "
                    f"(app's own load {statistics.median(apps):.0f} ms)"
                )


if __name__ == "__main__":
    main()
