"""The narrative HTML report: sections, escaping, links to existing anchors, well-formed SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from support.narrative_report_rows import corpus, report


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value:
                self.hrefs.append(value)


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def test_report_has_every_section_and_links_resolve() -> None:
    html = report(corpus())
    found = parse(html)
    for anchor in ("who", "narrators", "asks", "trends", "examples", "methods", "fig-sector", "fig-country"):
        assert anchor in found.ids
    assert found.hrefs, "the report links figures to examples"
    assert all(h.startswith("#") for h in found.hrefs), "no external links or assets"
    assert {h[1:] for h in found.hrefs} <= found.ids
    assert any(h.startswith("#ex-") for h in found.hrefs)
    assert "Who tells the race story?" in html and "What do they ask for?" in html
    assert "人工智能竞赛" in html and "Industry" in html and "产业界" in html
    assert "Wilson" in html and "rule-based detector" in html


def test_report_escapes_text_and_marks_the_cue() -> None:
    html = report(corpus())
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Jane &lt;Doe&gt;" in html and "Acme &amp; Co" in html and "&lt;a&gt;.md [0:" in html
    assert "<title>Race &lt;report&gt;</title>" in html
    assert "<mark>AI race</mark>" in html and "<mark>outpace</mark>" in html
    assert "link" not in parse(html).tags and "img" not in parse(html).tags


def test_svg_figures_are_well_formed_xml() -> None:
    html = report(corpus())
    figures = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(figures) == 4
    for svg in figures:
        ET.fromstring(svg)


def test_empty_summary_renders() -> None:
    html = report([])
    found = parse(html)
    assert {h[1:] for h in found.hrefs} <= found.ids
    assert "No examples" in html and "no data" in html
    assert "#ex-" not in html
