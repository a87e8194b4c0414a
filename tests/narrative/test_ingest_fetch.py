from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from support.article_pages import NAVIGATION_ONLY, PARAGRAPHS, article_page
from tracktwo.narrative.ingest import read_inputs
from tracktwo.narrative.ingest.feeds import parse_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example</title>
<item><title>Feed title one</title><link>/article</link>
<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>
<item><title>Gone</title><link>{base}/missing</link></item>
<item><title>Menu</title><link>{base}/menu</link><dc:date>2025-03-05</dc:date></item>
<item><title>No link</title><description>text only</description></item>
<item><title>A PDF</title><guid isPermaLink="true">{base}/report.pdf</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom example</title>
<entry><title>Entry</title><link rel="alternate" href="{base}/article"/>
<link rel="edit" href="{base}/edit/1"/><updated>2025-04-01T08:00:00Z</updated></entry>
</feed>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        base = f"http://{self.headers['Host']}"
        routes = {
            "/article": ("text/html; charset=utf-8", article_page().encode()),
            "/menu": ("text/html", NAVIGATION_ONLY.encode()),
            "/feed.xml": ("application/rss+xml", RSS.format(base=base).encode()),
            "/generic.xml": ("text/xml", RSS.format(base=base).encode()),
            "/atom": ("application/atom+xml", ATOM.format(base=base).encode()),
            "/notes.txt": (
                "text/plain; charset=utf-8",
                b"---\ntitle: Notes\n---\nPlain notes on the race.\r\n",
            ),
            "/report.pdf": ("application/pdf", b"%PDF-1.4 ..."),
            "/broken-feed": ("application/rss+xml", b"<rss><channel><item>"),
        }
        if self.path in routes:
            content_type, body = routes[self.path]
            self.send(200, body, content_type)
        elif self.path == "/gzip":
            self.send(
                200, gzip.compress(article_page().encode()), "text/html", [("Content-Encoding", "gzip")]
            )
        elif self.path == "/big":
            self.send(200, b"<html>" + b"x" * 5000 + b"</html>", "text/html")
        elif self.path == "/big-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>" + b"x" * 5000 + b"</html>")
            self.close_connection = True
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send(200, article_page().encode(), "text/html")
        elif self.path == "/to-article":
            self.send(302, b"", "text/plain", [("Location", "/article")])
        elif self.path == "/to-file":
            self.send(302, b"", "text/plain", [("Location", "file:///etc/passwd")])
        elif self.path == "/to-ftp":
            self.send(302, b"", "text/plain", [("Location", "ftp://127.0.0.1/secret.txt")])
        else:
            self.send(404, b"not here", "text/plain")

    def send(
        self, status: int, body: bytes, content_type: str, extra: list[tuple[str, str]] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra or []:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy from the environment would stand between the test and its local server.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/article"


def test_a_page(server: str) -> None:
    (document,) = read_inputs([f"{server}/article"]).documents
    assert document.source == f"{server}/article"
    assert document.url == f"{server}/article"
    assert all(paragraph in document.text for paragraph in PARAGRAPHS)
    assert document.date == "2025-03-14"


def test_redirects_and_compression(server: str) -> None:
    result = read_inputs([f"{server}/to-article", f"{server}/gzip"])
    assert result.failures == ()
    redirected, compressed = result.documents
    assert (redirected.source, redirected.url) == (f"{server}/to-article", f"{server}/article")
    assert PARAGRAPHS[1] in compressed.text


def test_a_plain_text_url_keeps_its_front_matter(server: str) -> None:
    (document,) = read_inputs([f"{server}/notes.txt"]).documents
    assert document.text == "---\ntitle: Notes\n---\nPlain notes on the race.\n"
    assert (document.title, document.url) == ("Notes", f"{server}/notes.txt")


def test_rss_feed_items_are_fetched_and_extracted(server: str) -> None:
    result = read_inputs([f"{server}/feed.xml"])
    (document,) = result.documents
    assert document.source == f"{server}/article"
    # The publisher's date and title for the item win over what the page suggests.
    assert (document.title, document.date) == ("Feed title one", "2025-03-04")
    assert document.metadata["feed"] == f"{server}/feed.xml"
    assert [(f.source, f.kind) for f in result.failures] == [
        (f"{server}/missing", "fetch"),
        (f"{server}/menu", "no_article"),
        (f"{server}/feed.xml#item=4", "feed"),
        (f"{server}/report.pdf", "unsupported"),
    ]
    assert "HTTP 404" in result.failures[0].message


def test_atom_and_generic_xml_feeds(server: str) -> None:
    (atom,) = read_inputs([f"{server}/atom"]).documents
    assert (atom.source, atom.title, atom.date) == (f"{server}/article", "Entry", "2025-04-01")
    generic = read_inputs([f"{server}/generic.xml"])
    assert [d.source for d in generic.documents] == [f"{server}/article"]


def test_unreachable_and_failing_urls(server: str) -> None:
    closed = closed_port_url()
    result = read_inputs(
        [
            f"{server}/missing",
            closed,
            f"{server}/to-file",
            f"{server}/to-ftp",
            f"{server}/broken-feed",
            f"{server}/report.pdf",
            "http://nonexistent.invalid/x",
        ],
        timeout=2.0,
    )
    assert result.documents == ()
    failures = [(f.source, f.kind) for f in result.failures]
    assert failures == [
        (f"{server}/missing", "fetch"),
        (closed, "fetch"),
        (f"{server}/to-file", "fetch"),
        (f"{server}/to-ftp", "fetch"),
        (f"{server}/broken-feed", "feed"),
        (f"{server}/report.pdf", "unsupported"),
        ("http://nonexistent.invalid/x", "fetch"),
    ]
    messages = [f.message for f in result.failures]
    assert "HTTP 404 Not Found" in messages[0]
    assert "cannot reach the server" in messages[1]
    assert "file:///etc/passwd" in messages[2] and "not allowed" in messages[2]
    assert "refused a redirect to ftp://127.0.0.1/secret.txt" in messages[3]
    assert "not well-formed" in messages[4]


def test_size_cap_and_timeout(server: str) -> None:
    result = read_inputs([f"{server}/big", f"{server}/big-unannounced"], max_bytes=1000)
    assert [f.kind for f in result.failures] == ["too_large", "too_large"]
    started = time.monotonic()
    (failure,) = read_inputs([f"{server}/slow"], timeout=0.3).failures
    assert failure.kind == "fetch"
    assert "0.3 s" in failure.message or "timed out" in failure.message
    assert time.monotonic() - started < 1.5


def test_parse_feed_resolves_links() -> None:
    items = parse_feed(RSS.format(base="https://e.org").encode(), "https://e.org/feeds/main.xml")
    assert [item.link for item in items] == [
        "https://e.org/article",
        "https://e.org/missing",
        "https://e.org/menu",
        None,
        "https://e.org/report.pdf",
    ]
    assert [item.date for item in items] == ["2025-03-04", None, "2025-03-05", None, None]
