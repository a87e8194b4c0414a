"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: the items' links, titles and dates.

Parsed with xml.etree: elements are matched by local name, so namespaced (Atom, RDF,
Dublin Core) and plain RSS feeds read alike. ElementTree resolves no external entities,
and the expat Python ships refuses exponential entity expansion, so a hostile feed
cannot read local files or exhaust memory.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from urllib.parse import urljoin

from tracktwo.narrative.errors import NarrativeError
from tracktwo.narrative.ingest.dates import iso_date

_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
_XML_TYPES = frozenset({"application/xml", "text/xml"})
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]")
_ROOTS = frozenset({"rss", "feed", "RDF"})
_ITEMS = frozenset({"item", "entry"})
_DATES = ("published", "pubDate", "date", "issued", "updated", "modified")


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed: `link` absolute (None when the item has none), `date` as YYYY-MM-DD."""

    link: str | None
    title: str | None
    date: str | None


class FeedError(NarrativeError):
    """The body is not a well-formed RSS or Atom feed."""


def is_feed(body: bytes, content_type: str) -> bool:
    """Whether a fetched body is a feed: by its media type, or for generic XML by its root."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in _FEED_TYPES:
        return True
    if media and media not in _XML_TYPES:
        return False
    return _FEED_ROOT.search(body[:2048]) is not None


def parse_feed(body: bytes, base_url: str) -> tuple[FeedItem, ...]:
    """The items of a feed in document order, links resolved against `base_url`."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise FeedError(f"the feed is not well-formed XML: {exc}") from None
    if _local(root.tag) not in _ROOTS:
        raise FeedError(f"not an RSS or Atom feed: the root element is <{_local(root.tag)}>")
    return tuple(_item(element, base_url) for element in root.iter() if _local(element.tag) in _ITEMS)


def _item(element: ElementTree.Element, base_url: str) -> FeedItem:
    children: dict[str, list[ElementTree.Element]] = {}
    for child in element:
        children.setdefault(_local(child.tag), []).append(child)
    link = _link(children.get("link", []), children.get("guid", []))
    title = _text(children.get("title", []))
    date = next((d for name in _DATES if (d := iso_date(_text(children.get(name, [])))) is not None), None)
    return FeedItem(link=urljoin(base_url, link) if link else None, title=title, date=date)


def _link(links: list[ElementTree.Element], guids: list[ElementTree.Element]) -> str | None:
    # Atom: <link rel="alternate" href="..."/> (rel absent means alternate); RSS: <link>url</link>.
    for link in links:
        href = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            return href.strip()
    for link in links:
        if link.text and link.text.strip():
            return link.text.strip()
    # RSS lets a permalink guid stand in for a missing <link>.
    for guid in guids:
        text = (guid.text or "").strip()
        if guid.get("isPermaLink", "true") != "false" and text.startswith(("http://", "https://")):
            return text
    return None


def _text(elements: list[ElementTree.Element]) -> str | None:
    for element in elements:
        text = "".join(element.itertext()).strip()
        if text:
            return text
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
