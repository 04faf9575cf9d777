"""Ingest: files, folders, encodings, JSONL, feeds, WARC and URLs, all offline.

URLs are served by a local ``http.server`` on 127.0.0.1; nothing touches the network.
"""

from __future__ import annotations

import gzip
import io
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from frontlog.config import Settings
from frontlog.ingest import IngestError, Skipped, count_inputs, iter_documents
from frontlog.ingest.decode import decode_bytes
from frontlog.model import Document

# -- invented articles (a few sentences of plausible news) ----------------------------------

ARTICLE_A = (
    "Authorities in the port city of Karvena said on Tuesday that two cargo cranes were "
    "damaged overnight when debris from an intercepted drone fell on the northern terminal.\n"
    "The regional governor, Mira Holt, told reporters that no workers were injured and that "
    "loading would resume within two days once engineers had inspected the structures.\n"
    "The defence ministry said air defence units shot down eleven drones over the coast, a "
    "claim that could not be independently verified.\n"
    "Residents described hearing several loud explosions shortly after 2 a.m. and seeing a "
    "fire near the container yard that burned for about an hour before it was put out."
)
ARTICLE_B = (
    "Farmers near the village of Ostrel say shelling has kept them from harvesting wheat for "
    "a third week, as fighting continues along the river about 15 kilometres to the east.\n"
    "Local officials said three houses were destroyed on Sunday and about 40 residents were "
    "moved to a school in the district centre.\n"
    "A spokesman for the army's southern command said its units had pushed back an attempted "
    "crossing of the river, while the opposing side said it had taken a bridgehead.\n"
    "Aid groups warned that the loss of the harvest could leave hundreds of families short of "
    "food and income before winter, and appealed for safe access to the fields."
)
ARTICLE_C = (
    "Officials in the border district of Lenmark reported on Friday that a power substation "
    "was hit by a missile, leaving about 12,000 households without electricity.\n"
    "Repair crews restored supply to hospitals within hours, the regional energy company said, "
    "but some neighbourhoods could remain dark until the weekend.\n"
    "The district head said the strike was the fourth on energy sites this month and urged "
    "residents to keep emergency supplies of water and batteries at home.\n"
    "No casualties were reported, and an investigation into the attack has been opened."
)
RU_TEXT = (
    "Власти области сообщили во вторник, что ночью над районом были сбиты двенадцать "
    "беспилотников. По словам губернатора, пострадавших нет, однако повреждены два жилых "
    "дома и линия электропередачи. Жителей просят сохранять спокойствие."
)
FR_TEXT = (
    "Le maire de la ville a déclaré mercredi que les écoles resteraient fermées jusqu'à "
    "nouvel ordre après les frappes de la nuit. Les habitants ont été évacués vers un "
    "gymnase près de l'hôpital, où la Croix-Rouge distribue des repas chauds."
)


def html_page(title: str, body: str, *, charset: str = "utf-8", date: str | None = None) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in body.split("\n"))
    meta_date = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
        f"{meta_date}</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>\n{paras}\n</article>"
        "<footer>Copyright Example News. All rights reserved.</footer></body></html>"
    )


def rss_feed(base: str) -> str:
    long_html = "".join(f"<p>{p}</p>" for p in ARTICLE_A.split("\n"))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>{base}/</link><description>news</description>
<language>en-gb</language>
<item><title>Drone debris damages port cranes</title><link>{base}/port.html</link>
<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[{long_html}]]></content:encoded></item>
<item><title>Shelling keeps farmers from fields</title><link>{base}/farm.html</link>
<pubDate>Wed, 06 Mar 2024 11:00:00 GMT</pubDate>
<description>Farmers near Ostrel cannot harvest wheat.</description></item>
</channel></rss>"""


def atom_feed(base: str) -> str:
    long_html = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in ARTICLE_C.split("\n"))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Border Monitor</title>
<id>urn:x:feed</id><updated>2024-03-08T12:00:00Z</updated>
<entry><title>Missile hits substation</title><id>urn:x:1</id>
<link href="{base}/substation.html"/><updated>2024-03-08T12:00:00Z</updated>
<content type="html">{long_html}</content></entry>
<entry><title>Farmers cannot harvest</title><id>urn:x:2</id>
<link href="{base}/farm.html"/><published>2024-03-06T11:00:00Z</published>
<summary>Short summary only.</summary></entry>
</feed>"""


# -- local HTTP server ----------------------------------------------------------------------

BIG = 12 * 1024 * 1024
SEEN_AGENTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, ctype: str, body: bytes, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        SEEN_AGENTS.append(self.headers.get("User-Agent") or "")
        path = self.path
        if path == "/farm.html":
            page = html_page("Shelling keeps farmers from fields", ARTICLE_B)
            self._send(200, "text/html; charset=utf-8", page.encode())
        elif path == "/port.html":
            page = html_page("Drone debris damages port cranes", ARTICLE_A)
            self._send(200, "text/html; charset=utf-8", page.encode())
        elif path == "/ru.html":
            page = html_page("Новости", RU_TEXT, charset="windows-1251")
            self._send(200, "text/html", page.encode("cp1251"))
        elif path == "/plain.txt":
            self._send(200, "text/plain; charset=utf-8", ARTICLE_C.encode())
        elif path == "/rss":
            self._send(200, "application/rss+xml", rss_feed(base).encode())
        elif path == "/atom-as-xml":
            self._send(200, "text/xml", atom_feed(base).encode())
        elif path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/farm.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/big.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
            try:
                chunk = b"<p>" + b"x" * 65530 + b"</p>"
                for _ in range(BIG // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/big-nolength.html":
            self._send(200, "text/html", b"<p>" + b"y" * 300_000 + b"</p>", length=False)
        elif path == "/report.pdf":
            self._send(200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
        elif path == "/photo.jpg":
            self._send(200, "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 100)
        elif path == "/slow":
            time.sleep(2)
            self._send(200, "text/html", b"<p>late</p>")
        else:
            self._send(404, "text/html", b"<h1>Not Found</h1>")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def settings() -> Settings:
    return Settings(http_timeout=5.0, user_agent="frontlog-test/1.0")


def run(inputs: list[str], settings: Settings, **kw: object) -> list[Document | Skipped]:
    return list(iter_documents(inputs, settings, **kw))  # type: ignore[arg-type]


def docs(items: list[Document | Skipped]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def skips(items: list[Document | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


def norm(text: str) -> str:
    return " ".join(text.split())


# -- decode ---------------------------------------------------------------------------------


def test_decode_cp1251_and_latin1() -> None:
    assert decode_bytes(RU_TEXT.encode("cp1251")) == RU_TEXT
    assert decode_bytes(FR_TEXT.encode("latin-1")) == FR_TEXT
    assert decode_bytes(RU_TEXT.encode("utf-8")) == RU_TEXT
    assert decode_bytes(b"\xef\xbb\xbf" + ARTICLE_A.encode()) == ARTICLE_A
    assert decode_bytes(ARTICLE_B.encode("utf-16")) == ARTICLE_B
    # A declared charset is used when it fits; a wrong declaration falls back to detection.
    assert decode_bytes(RU_TEXT.encode("cp1251"), "windows-1251") == RU_TEXT
    assert decode_bytes(RU_TEXT.encode("utf-8"), "no-such-charset") == RU_TEXT


def test_decode_binary_raises() -> None:
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 50)


# -- plain files ----------------------------------------------------------------------------


def test_txt_with_sidecar(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "port.txt"
    f.write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "port.txt.meta.json").write_text(
        json.dumps(
            {
                "url": "https://news.example/port",
                "publisher": "Example News",
                "published": "2024-03-05",
                "title": "Drone debris damages port cranes",
            }
        )
    )
    [doc] = run([str(f)], settings)
    assert isinstance(doc, Document)
    assert "two cargo cranes were damaged" in doc.body
    assert doc.url == "https://news.example/port"
    assert doc.publisher == "Example News"
    assert doc.published and doc.published.startswith("2024-03-05")
    assert doc.title == "Drone debris damages port cranes"
    assert doc.raw_location == str(f)
    # Explicit flags beat the sidecar for a single file.
    [doc2] = run([str(f)], settings, meta={"publisher": "Wire Desk", "published": None})
    assert doc2.publisher == "Wire Desk"
    assert doc2.published and doc2.published.startswith("2024-03-05")


def test_bad_sidecar_is_skipped(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE_B)
    (tmp_path / "a.meta.json").write_text("{not json")
    [item] = run([str(f)], settings)
    assert isinstance(item, Skipped) and "bad metadata file a.meta.json" in item.reason


def test_encodings_binary_empty(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "ru.txt").write_bytes(RU_TEXT.encode("cp1251"))
    (tmp_path / "fr.txt").write_bytes(FR_TEXT.encode("latin-1"))
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 200)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    names = ["ru.txt", "fr.txt", "blob.txt", "empty.txt", "blank.txt"]
    items = run([str(tmp_path / n) for n in names], settings, meta={"language": "ru"})
    ru, fr, blob, empty, blank = items
    assert isinstance(ru, Document) and "беспилотников" in ru.body
    assert isinstance(fr, Document) and "déclaré" in fr.body and "hôpital" in fr.body
    assert isinstance(blob, Skipped) and "binary" in blob.reason
    assert isinstance(empty, Skipped) and empty.reason == "empty file"
    assert isinstance(blank, Skipped) and blank.reason == "empty file"


def test_missing_path_and_size_cap(tmp_path: Path) -> None:
    small = Settings(max_bytes=1000)
    big = tmp_path / "long.txt"
    big.write_text(ARTICLE_A * 5)
    items = run([str(tmp_path / "nope.txt"), str(big)], small)
    assert items[0] == Skipped(str(tmp_path / "nope.txt"), "no such file or directory")
    assert isinstance(items[1], Skipped)
    assert "over the 1000 B cap" in items[1].reason or "cap" in items[1].reason
    assert "FRONTLOG_MAX_BYTES" in items[1].reason


def test_html_gz_and_folder(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(ARTICLE_A)
    (root / "a.txt.meta.json").write_text('{"publisher": "Sidecar Times"}')
    (root / "b" / "farm.html.gz").write_bytes(
        gzip.compress(html_page("Shelling keeps farmers from fields", ARTICLE_B).encode())
    )
    (root / "b" / "deep" / "grid.htm").write_text(html_page("Missile hits substation", ARTICLE_C))
    (root / "b" / "deep" / "scan.pdf").write_bytes(b"%PDF-1.4 binary")
    (root / ".hidden" / "secret.txt").write_text(ARTICLE_B)
    (root / ".notes.txt").write_text(ARTICLE_B)
    assert count_inputs([str(root)]) == 4
    meta = {"publisher": "Flag Wire", "title": "Ignored", "language": "uk"}
    items = run([str(root)], settings, meta=meta)
    locs = [Path(i.raw_location if isinstance(i, Document) else i.location).name for i in items]
    assert locs == ["a.txt", "grid.htm", "scan.pdf", "farm.html.gz"]  # sorted by path
    a, grid, pdf, farm = items
    assert isinstance(a, Document) and a.publisher == "Sidecar Times"  # sidecar wins in folder
    assert a.language == "uk" and a.title is None
    assert isinstance(farm, Document) and "harvesting wheat" in norm(farm.body)
    assert "All rights reserved" not in farm.body
    assert farm.publisher == "Flag Wire"  # flag fills a field the page leaves empty
    assert farm.title != "Ignored"
    assert isinstance(grid, Document) and "12,000 households" in grid.body
    assert isinstance(pdf, Skipped) and "PDF" in pdf.reason


def test_damaged_gzip(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "page.html.gz"
    f.write_bytes(gzip.compress(html_page("T", ARTICLE_A).encode())[:60])
    [item] = run([str(f)], settings)
    assert isinstance(item, Skipped) and "gzip" in item.reason


# -- JSONL ----------------------------------------------------------------------------------


def test_jsonl_with_bad_lines(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(
            {
                "url": "https://a.example/1",
                "title": "Port cranes damaged",
                "published": "2024-03-05",
                "publisher": "A News",
                "text": ARTICLE_A,
            }
        ),
        "{this is not json",
        "",
        json.dumps({"url": "https://a.example/2", "title": "No body"}),
        json.dumps(["a", "list"]),
        json.dumps(
            {"title": "Substation hit", "html": html_page("Substation hit", ARTICLE_C)},
            ensure_ascii=False,
        ),
    ]
    f.write_text("\n".join(lines) + "\n")
    assert count_inputs([str(f)]) == 5
    items = run([str(f)], settings, meta={"publisher": "Fallback Pub"})
    assert len(items) == 5
    first, bad_json, no_body, not_obj, last = items
    assert isinstance(first, Document) and first.url == "https://a.example/1"
    assert first.publisher == "A News" and first.title == "Port cranes damaged"
    assert first.raw_location == f"{f}:1"
    assert isinstance(bad_json, Skipped) and bad_json.location == f"{f}:2"
    assert "line 2: invalid JSON" in bad_json.reason
    assert isinstance(no_body, Skipped) and "line 4" in no_body.reason
    assert "no 'text' or 'html'" in no_body.reason
    assert isinstance(not_obj, Skipped) and "expected a JSON object" in not_obj.reason
    assert isinstance(last, Document) and "12,000 households" in last.body
    # The flag fills what the line leaves empty (with a url, the extractor names the site).
    assert last.url is None and last.publisher == "Fallback Pub"


# -- feeds (files) ----------------------------------------------------------------------------


def test_rss_file_content_and_linked_page(tmp_path: Path, server: str, settings: Settings) -> None:
    f = tmp_path / "wire.rss"
    f.write_text(rss_feed(server))
    items = run([str(f)], settings)
    port, farm = items
    # Entry 1 carries the full article in content:encoded: used directly.
    assert isinstance(port, Document)
    assert "eleven drones" in port.body and "<p>" not in port.body
    assert port.title == "Drone debris damages port cranes"
    assert port.url == f"{server}/port.html"
    assert port.publisher == "Example Wire"
    assert port.published and port.published.startswith("2024-03-05T09:30")
    # Entry 2 has only a teaser: the linked page is fetched.
    assert isinstance(farm, Document) and "harvesting wheat" in norm(farm.body)
    assert farm.url == f"{server}/farm.html"
    assert farm.published and farm.published.startswith("2024-03-06")


def test_rss_offline_uses_summary(tmp_path: Path, server: str, settings: Settings) -> None:
    f = tmp_path / "wire.xml"
    f.write_text(rss_feed(server))
    port, farm = run([str(f)], settings, fetch=False)
    assert isinstance(port, Document) and isinstance(farm, Document)
    assert farm.body.startswith("Farmers near Ostrel")


def test_malformed_and_non_feed(tmp_path: Path, settings: Settings) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><title>Half a feed</titl")
    other = tmp_path / "config.xml"
    other.write_text('<?xml version="1.0"?><settings><colour>blue</colour></settings>')
    b, o = run([str(broken), str(other)], settings)
    assert isinstance(b, Skipped) and b.reason.startswith("malformed feed")
    assert isinstance(o, Skipped)


# -- WARC -----------------------------------------------------------------------------------


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [
        ("https://c.example/port", "200 OK", "text/html; charset=utf-8", ARTICLE_A),
        ("https://c.example/logo.png", "200 OK", "image/png", None),
        ("https://c.example/gone", "404 Not Found", "text/html", ARTICLE_C),
        ("https://c.example/farm", "200 OK", "text/html", ARTICLE_B),
        ("https://c.example/grid", "200 OK", "text/html; charset=utf-8", ARTICLE_C),
    ]
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for uri, status, ctype, text in pages:
            body = html_page(uri.rsplit("/", 1)[1], text).encode() if text else b"\x89PNG" * 50
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-03-09T08:00:00Z"},
            )
            writer.write_record(rec)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc(tmp_path: Path, settings: Settings, name: str) -> None:
    f = tmp_path / name
    write_warc(f)
    items = run([str(f)], settings, meta={"url": "https://ignored.example"})
    assert [type(i) for i in items] == [Document] * 3
    port, farm, grid = items
    assert isinstance(port, Document) and port.url == "https://c.example/port"
    assert "eleven drones" in port.body
    assert port.published and port.published.startswith("2024-03-09")
    assert isinstance(farm, Document) and farm.url == "https://c.example/farm"
    assert isinstance(grid, Document) and grid.url == "https://c.example/grid"


def test_truncated_warc(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "crawl.warc.gz"
    write_warc(f)
    data = f.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    items = run([str(cut)], settings)
    assert isinstance(items[-1], Skipped)
    assert "truncated" in items[-1].reason
    got = docs(items)
    assert 1 <= len(got) <= 2 and got[0].url == "https://c.example/port"
    garbage = tmp_path / "junk.warc"
    garbage.write_bytes(b"this is not an archive\n" * 10)
    [item] = run([str(garbage)], settings)
    assert isinstance(item, Skipped) and "WARC" in item.reason


# -- URLs -----------------------------------------------------------------------------------


def test_url_html_and_text(server: str, settings: Settings) -> None:
    items = run([f"{server}/farm.html", f"{server}/plain.txt", f"{server}/moved"], settings)
    farm, plain, moved = items
    assert isinstance(farm, Document) and "harvesting wheat" in norm(farm.body)
    assert farm.url == f"{server}/farm.html"
    assert isinstance(plain, Document) and "12,000 households" in plain.body
    assert isinstance(moved, Document) and moved.url == f"{server}/farm.html"  # final URL


def test_url_sends_user_agent(server: str) -> None:
    run([f"{server}/plain.txt"], Settings(user_agent="frontlog-ua-check/9"))
    assert "frontlog-ua-check/9" in SEEN_AGENTS


def test_url_cp1251_page(server: str, settings: Settings) -> None:
    [doc] = run([f"{server}/ru.html"], settings)
    assert isinstance(doc, Document) and "беспилотников" in doc.body


def test_url_feeds(server: str, settings: Settings) -> None:
    rss = run([f"{server}/rss"], settings)
    assert [type(i) for i in rss] == [Document, Document]
    atom = run([f"{server}/atom-as-xml"], settings)
    grid, farm = atom
    assert isinstance(grid, Document) and "12,000 households" in grid.body
    assert grid.publisher == "Border Monitor" and grid.title == "Missile hits substation"
    assert grid.published and grid.published.startswith("2024-03-08")
    assert isinstance(farm, Document) and "harvesting wheat" in norm(farm.body)


def test_url_failures(server: str) -> None:
    s = Settings(http_timeout=0.5)
    urls = [
        f"{server}/big.html",
        f"{server}/report.pdf",
        f"{server}/photo.jpg",
        f"{server}/missing",
        "http://127.0.0.1:9/",
        f"{server}/slow",
    ]
    items = run(urls, s)
    assert all(isinstance(i, Skipped) for i in items), items
    big, pdf, jpg, missing, refused, slow = (i.reason for i in items)  # type: ignore[union-attr]
    assert big == "skipped: page is 12 MB, over the 10 MB cap (set FRONTLOG_MAX_BYTES)"
    assert "PDF" in pdf
    assert "image/jpeg" in jpg
    assert missing.startswith("HTTP 404")
    assert "cannot connect" in refused
    assert "timed out" in slow
    [item] = run([f"{server}/big-nolength.html"], Settings(max_bytes=100_000))
    assert isinstance(item, Skipped) and "over the" in item.reason and "cap" in item.reason


def test_offline_mode_skips_urls(server: str, settings: Settings) -> None:
    [item] = run([f"{server}/farm.html"], settings, fetch=False)
    assert isinstance(item, Skipped) and "offline" in item.reason


def test_count_inputs(tmp_path: Path, server: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_A)
    (tmp_path / "f.rss").write_text("<rss/>")
    assert count_inputs([str(tmp_path / "a.txt"), server + "/x", "missing.txt"]) == 3
    assert count_inputs([str(tmp_path)]) is None  # a feed's size is unknown up front


# -- sniffing, stdin, limits ----------------------------------------------------------------


def test_unknown_extensions_are_sniffed(tmp_path: Path, server: str, settings: Settings) -> None:
    (tmp_path / "story").write_text(html_page("Missile hits substation", ARTICLE_C))
    (tmp_path / "wire-feed").write_text(rss_feed(server))
    (tmp_path / "dump.bin").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "crawl.dat").write_bytes((tmp_path / "story").read_bytes()[:0])
    items = run(
        [str(tmp_path / n) for n in ("story", "wire-feed", "dump.bin", "crawl.dat")], settings
    )
    story, port, farm, dump, empty = items
    assert isinstance(story, Document) and story.title == "Missile hits substation"
    assert isinstance(port, Document) and isinstance(farm, Document)
    assert isinstance(dump, Skipped) and "binary" in dump.reason
    assert isinstance(empty, Skipped) and empty.reason == "empty file"


def test_single_html_file_flags_override_page(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "grid.html"
    f.write_text(html_page("Missile hits substation", ARTICLE_C, date="2024-03-08"))
    [doc] = run([str(f)], settings)
    assert isinstance(doc, Document) and doc.title == "Missile hits substation"
    meta = {"title": "Substation struck", "published": "2024-03-09", "url": "https://d.example/x"}
    [doc2] = run([str(f)], settings, meta=meta)
    assert isinstance(doc2, Document)
    assert doc2.title == "Substation struck" and doc2.url == "https://d.example/x"
    assert doc2.published and doc2.published.startswith("2024-03-09")


def test_stdin(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    class FakeStdin:
        buffer = io.BytesIO(RU_TEXT.encode("cp1251"))

    monkeypatch.setattr("sys.stdin", FakeStdin)
    [doc] = run(["-"], settings, meta={"language": "ru", "publisher": "Pipe"})
    assert isinstance(doc, Document) and "беспилотников" in doc.body
    assert doc.language == "ru" and doc.publisher == "Pipe" and doc.raw_location == "-"


def test_jsonl_long_line_and_empty(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_text(
        json.dumps({"text": "x " * 2000})
        + "\n"
        + json.dumps({"text": ARTICLE_B, "publisher": "B"})
        + "\n"
    )
    long_line, ok = run([str(f)], Settings(max_bytes=2000))
    assert isinstance(long_line, Skipped) and "cap" in long_line.reason
    assert long_line.location == f"{f}:1"
    assert isinstance(ok, Document) and ok.publisher == "B"
    empty = tmp_path / "none.jsonl"
    empty.write_text("\n\n")
    [item] = run([str(empty)], Settings())
    assert isinstance(item, Skipped) and "empty" in item.reason


def test_feed_with_minor_errors_still_yields(tmp_path: Path, settings: Settings) -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_B.split("\n"))
    f = tmp_path / "loose.atom"
    f.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Loose &nbsp; Feed'
        "</title><entry><title>Fields</title><link href='https://e.example/f'/>"
        f"<content type='html'><![CDATA[{body}]]></content></entry></feed>"
    )
    [doc] = run([str(f)], settings, fetch=False)
    assert isinstance(doc, Document) and "harvesting wheat" in doc.body
    assert doc.url == "https://e.example/f"
