"""Finding rows for the narrative report tests: a small corpus with hostile text in it."""

from __future__ import annotations

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
