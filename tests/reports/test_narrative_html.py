"""The narrative HTML report: sections, escaping, links to existing anchors, well-formed SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pyarrow as pa

from tracktwo.narrative.aggregate import summarise
from tracktwo.narrative.tables import SENTENCES_SCHEMA
from tracktwo.reports.narrative_html import render_narrative_report

SENTENCES = SENTENCES_SCHEMA
DOCUMENTS = pa.schema([("source", pa.string()), ("date", pa.string()), ("n_chars", pa.int64())])
QUOTES = pa.schema([("source", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
EVIL = 'We must win the AI race <script>alert("x")</script> & cut red tape.'


def sentence(source: str, start: int, text: str, frames: list[str], **extra: Any) -> dict[str, Any]:
    evidence = []
    for label, cue in extra.pop("cues", {}).items():
        at = text.index(cue)
        evidence.append(
            {"label": label, "cue": cue, "start": at, "end": at + len(cue), "rule": "t", "quoted": False}
        )
    return {
        "source": source,
        "start": start,
        "end": start + len(text),
        "text": text,
        "language": "en",
        "paragraph": 0,
        "date": extra.pop("date", "2025-03-04"),
        "frames": frames,
        "policy_areas": extra.pop("areas", []),
        "evidence": evidence,
        "speaker": extra.pop("speaker", None),
        "organisation": extra.pop("organisation", None),
        "sector": extra.pop("sector", "unknown"),
        "country": extra.pop("country", "unknown"),
        "attribution": "publisher",
    }


def report(rows: list[dict[str, Any]]) -> str:
    summary = summarise(
        pa.Table.from_pylist(rows, schema=SENTENCES),
        pa.Table.from_pylist([{"source": "<a>.md", "date": "2025-03-04", "n_chars": 1}], schema=DOCUMENTS),
        pa.Table.from_pylist([], schema=QUOTES),
    )
    return render_narrative_report(summary, title="Race <report>")


def corpus() -> list[dict[str, Any]]:
    return [
        sentence(
            "<a>.md",
            0,
            EVIL,
            ["race", "deregulation"],
            areas=["general"],
            cues={"race": "AI race", "deregulation": "red tape"},
            speaker="Jane <Doe>",
            organisation="Acme & Co",
            sector="industry",
            country="US",
        ),
        sentence(
            "<a>.md",
            80,
            "Beijing must not outpace us.",
            ["race"],
            cues={"race": "outpace"},
            sector="government",
        ),
        sentence(
            "b.md",
            0,
            "Testing frontier models matters.",
            ["safety"],
            areas=["safety_evaluation"],
            date="2025-04-01",
        ),
        sentence("c.md", 0, "对话与合作有助于应对风险。", ["cooperation"], date=None, country="CN"),
    ]


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
