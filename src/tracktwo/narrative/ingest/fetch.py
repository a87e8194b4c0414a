"""URLs and RSS / Atom feeds over HTTP, with the standard library only.

Every request has a timeout per network operation and a deadline for the whole
transfer, and no body above the document cap is read, so one slow or huge server
cannot stall or exhaust a run. Only http and https are fetched, and redirects to any
other scheme are refused: a feed cannot make ingest read `file:///etc/passwd`.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from email.message import Message
from typing import IO
from urllib.parse import urlsplit

from tracktwo.narrative.documents import DocumentFailure
from tracktwo.narrative.errors import IngestError
from tracktwo.narrative.ingest import kinds
from tracktwo.narrative.ingest.decoding import decode_text
from tracktwo.narrative.ingest.feeds import FeedError, FeedItem, is_feed, parse_feed
from tracktwo.narrative.ingest.files import text_document
from tracktwo.narrative.ingest.html import extract_article, is_html_type, looks_like_html
from tracktwo.narrative.ingest.options import IngestOptions
from tracktwo.narrative.ingest.outcome import Outcome, failure_of

USER_AGENT = "tracktwo/0.1 (narrative analysis; +https://github.com/)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/*;q=0.8"
)
_SCHEMES = ("http", "https")
# A page that trickles in for longer than this many timeouts is abandoned.
_TRANSFER_TIMEOUTS = 6
_CHUNK = 1 << 16
# Feed items are downloaded this many at a time (network-bound), then extracted in order;
# the batch also bounds how much raw HTML is held at once.
_PARALLEL_FETCHES = 8


@dataclass(frozen=True)
class Page:
    """A fetched body: `final_url` after redirects, `content_type` as sent ("" when absent)."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    body: bytes


def is_url(value: str) -> bool:
    return urlsplit(value).scheme.lower() in _SCHEMES and "://" in value


def read_url(url: str, options: IngestOptions) -> Iterator[Outcome]:
    """The document at `url`, or one document per item when `url` is an RSS / Atom feed."""
    try:
        page = fetch(url, timeout=options.timeout, max_bytes=options.max_bytes)
    except IngestError as exc:
        yield failure_of(exc)
        return
    if is_feed(page.body, page.content_type):
        try:
            items = parse_feed(page.body, page.final_url)
        except FeedError as exc:
            yield DocumentFailure(url, kinds.FEED, str(exc))
            return
        yield from _feed_documents(url, items, options)
        return
    yield _page_document(page, url)


def fetch(url: str, *, timeout: float, max_bytes: int) -> Page:
    """GET `url`; IngestError ("fetch", "too_large") for anything but a readable 2xx body."""
    if not is_url(url):
        raise IngestError(url, kinds.FETCH, "only http:// and https:// URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            body = _read_body(response, url, headers, timeout, max_bytes)
            final_url = str(response.geturl())
    except IngestError:
        raise
    except urllib.error.HTTPError as exc:
        raise IngestError(url, kinds.FETCH, f"the server answered HTTP {exc.code} {exc.reason}") from None
    except _RefusedRedirect as exc:
        message = f"refused a redirect to {exc.reason}: only http:// and https:// URLs are fetched"
        raise IngestError(url, kinds.FETCH, message) from None
    except urllib.error.URLError as exc:
        raise IngestError(url, kinds.FETCH, f"cannot reach the server: {exc.reason}") from None
    except TimeoutError:
        raise IngestError(url, kinds.FETCH, f"no answer within the {timeout:g} s timeout") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise IngestError(url, kinds.FETCH, f"the transfer failed: {exc!r}") from None
    return Page(
        url=url,
        final_url=final_url,
        content_type=headers.get("Content-Type", ""),
        charset=headers.get_content_charset(),
        body=body,
    )


class _RefusedRedirect(urllib.error.URLError):
    """A redirect to a scheme other than http(s) (urllib itself would follow ftp://)."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in _SCHEMES:
            raise _RefusedRedirect(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_body(
    response: http.client.HTTPResponse, url: str, headers: Message, timeout: float, cap: int
) -> bytes:
    too_large = f"the response is above the {cap / 1e6:g} MB cap on one document (max_bytes)"
    length = headers.get("Content-Length", "")
    if length.isdigit() and int(length) > cap:
        raise IngestError(url, kinds.TOO_LARGE, too_large)
    deadline = time.monotonic() + timeout * _TRANSFER_TIMEOUTS
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > cap:
            raise IngestError(url, kinds.TOO_LARGE, too_large)
        if time.monotonic() > deadline:
            message = f"the transfer took longer than {timeout * _TRANSFER_TIMEOUTS:g} s"
            raise IngestError(url, kinds.FETCH, message)
        chunks.append(chunk)
    body = b"".join(chunks)
    # We ask for no compression, but some servers compress anyway.
    encoding = headers.get("Content-Encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
        try:
            body = inflater.decompress(body, cap + 1)
        except zlib.error as exc:
            raise IngestError(url, kinds.FETCH, f"the {encoding} body is corrupt: {exc}") from None
        if len(body) > cap:
            raise IngestError(url, kinds.TOO_LARGE, too_large)
    return body


def _page_document(page: Page, source: str, item: FeedItem | None = None, feed: str | None = None) -> Outcome:
    """The document of a fetched page: its article (HTML) or its text (plain text, Markdown)."""
    extra = {"feed": feed} if feed else {}
    try:
        if is_html_type(page.content_type) or (not page.content_type and looks_like_html(page.body)):
            document = extract_article(_html_of(page), source, url=page.final_url, metadata=extra)
        elif page.content_type.lower().startswith("text/"):
            document = text_document(_text_of(page, source), source)
            document = replace(document, url=document.url or page.final_url)
        else:
            media = page.content_type or "no content type"
            message = f"{media}: neither HTML, text nor an RSS / Atom feed"
            return DocumentFailure(source, kinds.UNSUPPORTED, message)
    except IngestError as exc:
        return failure_of(exc)
    if item is not None:
        # The feed's own date and title are declared by the publisher for this item;
        # the page's are found heuristically, so the feed's win.
        document = replace(document, title=item.title or document.title, date=item.date or document.date)
    return document


def _html_of(page: Page) -> bytes | str:
    """The page as text when its declared charset decodes it; else bytes for trafilatura to sniff."""
    if page.charset:
        try:
            return page.body.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return page.body


def _text_of(page: Page, source: str) -> str:
    if page.charset and page.charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            text = page.body.decode(page.charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise IngestError(source, kinds.ENCODING, f"not valid {page.charset}: {exc}") from None
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return decode_text(page.body, source)


def _feed_documents(feed: str, items: tuple[FeedItem, ...], options: IngestOptions) -> Iterator[Outcome]:
    def download(link: str) -> Page | IngestError:
        try:
            return fetch(link, timeout=options.timeout, max_bytes=options.max_bytes)
        except IngestError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=_PARALLEL_FETCHES) as pool:
        for start in range(0, len(items), _PARALLEL_FETCHES):
            batch = items[start : start + _PARALLEL_FETCHES]
            links = [item.link for item in batch if item.link]
            pages = dict(zip(links, pool.map(download, links), strict=True))
            for offset, item in enumerate(batch, start=start + 1):
                if not item.link:
                    yield DocumentFailure(
                        f"{feed}#item={offset}", kinds.FEED, f"feed item {offset} has no link"
                    )
                    continue
                page = pages[item.link]
                if isinstance(page, IngestError):
                    yield failure_of(page)
                else:
                    yield _page_document(page, item.link, item, feed)
            del pages  # the batch's raw HTML is released before the next batch is fetched
