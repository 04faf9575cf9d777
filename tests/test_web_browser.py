"""The page in a real browser (Debian's Chromium, headless, driven by Playwright).

Loads the page over a store of hand-built documents, checks markers, the evidence panel,
date filtering (inputs and timeline brushing), that article HTML renders as text, and
that the page asks nothing of any host but the local server.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from web_fixtures import HOSTILE_IMG, HOSTILE_SCRIPT, build_db

from frontlog.model import Document

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install chromium"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Document]]]:
    import uvicorn

    from frontlog.web import create_app

    db = tmp_path_factory.mktemp("webui") / "web.db"
    docs = build_db(str(db))
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", docs
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):  # noqa: ANN001, ANN201 - Playwright objects
    base, _ = server
    # CSP is bypassed on purpose: the escaping test must prove the page itself never turns
    # article text into HTML, not that the CSP header blocked the result (the header is
    # checked in test_web_api.py). It also lets Playwright evaluate its wait predicates.
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    pg.requests = []  # every URL the page asked for
    pg.dialogs = []  # any alert() would land here
    pg.on("request", lambda req: pg.requests.append(req.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(base + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
    yield pg
    context.close()


def _evidence_by_uid(docs: list[Document]) -> dict[str, str]:
    return {f"{d.id}/{e.id}": e.evidence.text for d in docs for e in d.events}


def _total(page) -> int:  # noqa: ANN001
    return int(page.get_attribute("#count", "data-total"))


def test_map_markers_evidence_and_screenshot(page, server) -> None:  # noqa: ANN001
    base, docs = server
    evidence = _evidence_by_uid(docs)
    assert _total(page) == len(evidence)
    page.wait_for_selector(".ev-marker[data-uid]")
    visible = page.locator(".ev-marker[data-uid]")
    clusters = page.locator(".marker-cluster")
    assert visible.count() + clusters.count() > 0
    # Boundaries drew (canvas layer) and the legend lists the event types.
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
    assert "shelling" in page.inner_text("#legend")

    marker = visible.first
    uid = marker.get_attribute("data-uid")
    marker.click()
    page.wait_for_selector(f"#detail[data-uid='{uid}']:not([hidden])")
    assert page.inner_text("#d-evidence") == evidence[uid]
    assert page.inner_text("#d-article mark") == evidence[uid]
    fields = page.inner_text("#d-fields")
    for label in ("Type", "Actor", "Place", "Time", "Claimed by", "Status"):
        assert label in fields
    assert "precision" in fields
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-map.png"))
    # Offline: every request went to the local server.
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith("data:")}
    assert hosts == {"127.0.0.1"}, hosts
    assert page.dialogs == []


def test_corroborating_and_contradicting_listed(page, server) -> None:  # noqa: ANN001
    _, docs = server
    governor = next(d for d in docs if d.publisher == "Northern Dispatch")
    uid = f"{governor.id}/V1"
    page.evaluate("uid => window.frontlog.openEvent(uid)", uid)
    page.wait_for_selector(f"#detail[data-uid='{uid}']")
    related = page.inner_text("#d-related")
    assert "Corroborated by (1)" in related and "Eastern Wire" in related
    assert "Contradicted by (1)" in related and "State Courier" in related
    href = page.get_attribute("#d-link a", "href")
    assert href == "https://dispatch.example/kharkiv-shelling"
    assert page.get_attribute("#d-link a", "rel") == "noopener noreferrer"
    page.click(".rel-row:has-text('State Courier')")
    page.wait_for_function("document.querySelector('#d-fields').innerText.includes('denied')")


def test_date_filter_changes_count(page) -> None:  # noqa: ANN001
    before = _total(page)
    page.fill("#f-from", "2024-05-12")
    page.fill("#f-to", "2024-05-15")
    page.click("#f-apply")
    page.wait_for_function("document.querySelector('#count').dataset.total === '2'")
    assert _total(page) == 2 < before
    assert page.locator("#event-list .ev-row").count() == 2
    # The list opens the same evidence panel as the map.
    row = page.locator("#event-list .ev-row").first
    uid = row.get_attribute("data-uid")
    row.click()
    page.wait_for_selector(f"#detail[data-uid='{uid}']:not([hidden])")
    assert page.inner_text("#d-article mark") == page.inner_text("#d-evidence")
    page.click("#detail-close")
    page.click("#f-reset")
    page.wait_for_function(f"document.querySelector('#count').dataset.total === '{before}'")


def test_timeline_brush_filters_the_map(page) -> None:  # noqa: ANN001
    before = _total(page)
    box = page.locator("#timeline-svg").bounding_box()
    y = box["y"] + box["height"] / 2
    # Drag across the first few days only (the range runs 2024-05-10 .. 2024-05-22).
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=5)
    page.mouse.up()
    page.wait_for_function(f"document.querySelector('#count').dataset.total !== '{before}'")
    assert page.input_value("#f-from") == "2024-05-10"
    assert 0 < _total(page) < before
    assert page.locator(".bar.out").count() >= 1


def test_hostile_article_renders_as_text(page, server) -> None:  # noqa: ANN001
    _, docs = server
    hostile = next(d for d in docs if HOSTILE_SCRIPT in d.body)
    uid = f"{hostile.id}/V1"
    page.evaluate("uid => window.frontlog.openEvent(uid)", uid)
    page.wait_for_selector(f"#detail[data-uid='{uid}']")
    article = page.inner_text("#d-article")
    assert HOSTILE_SCRIPT in article and HOSTILE_IMG in article
    assert HOSTILE_IMG in page.inner_text("#d-article mark")
    assert HOSTILE_IMG in page.inner_text("#d-evidence")
    assert "<script>alert('title')</script>" == page.inner_text("#d-title")
    assert "<i>Unit</i>" in page.inner_text("#d-fields")
    assert "<b>Bold Press</b>" in page.inner_text("#d-fields")
    # Nothing was parsed as HTML: no element came from the article.
    assert page.locator("#detail img, #detail script, #detail b, #detail i").count() == 0
    # The javascript: URL is shown as text, never made a link.
    assert page.locator("#d-link a").count() == 0
    assert "javascript:alert(1)" in page.inner_text("#d-link")
    page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
