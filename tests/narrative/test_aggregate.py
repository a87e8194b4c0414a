"""Aggregation of hand-built tables with known counts: shares, intervals, lift, trends, narrators."""

from __future__ import annotations

import json
import math
from typing import Any

import pyarrow as pa
import pytest

from tracktwo.narrative.aggregate import (
    UNDATED,
    Share,
    lift,
    share,
    summarise,
    summary_to_json,
)
from tracktwo.narrative.tables import SENTENCES_SCHEMA

SENTENCES = SENTENCES_SCHEMA
DOCUMENTS = pa.schema(
    [
        ("source", pa.string()),
        ("title", pa.string()),
        ("date", pa.string()),
        ("url", pa.string()),
        ("language", pa.string()),
        ("n_chars", pa.int64()),
        ("n_sentences", pa.int64()),
    ]
)
QUOTES = pa.schema(
    [
        ("source", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("kind", pa.string()),
        ("speaker", pa.string()),
        ("organisation", pa.string()),
        ("sector", pa.string()),
        ("country", pa.string()),
        ("cue", pa.string()),
    ]
)
DATES = {"a.md": "2025-01-10", "b.md": "2025-01-20", "c.md": "2025-02-01", "d.md": None}
Z90 = 1.6448536269514722


def ev(label: str, text: str, cue: str, offset: int = 0) -> dict[str, Any]:
    at = text.index(cue) + offset
    return {"label": label, "cue": cue, "start": at, "end": at + len(cue), "rule": "test", "quoted": False}


def row(
    source: str,
    start: int,
    text: str,
    paragraph: int,
    frames: list[str],
    *,
    areas: list[str] | None = None,
    cues: dict[str, str] | None = None,
    speaker: str | None = None,
    person: str | None = None,
    organisation: str | None = None,
    sector: str = "unknown",
    country: str = "unknown",
    absolute: bool = True,
) -> dict[str, Any]:
    return {
        "source": source,
        "start": start,
        "end": start + len(text),
        "text": text,
        "language": "en",
        "paragraph": paragraph,
        "date": DATES[source],
        "frames": frames,
        "policy_areas": areas or [],
        "evidence": [ev(k, text, c, start if absolute else 0) for k, c in (cues or {}).items()],
        "speaker": speaker,
        "person": person,
        "organisation": organisation,
        "sector": sector,
        "country": country,
        "attribution": "quote" if speaker else "publisher",
    }


def corpus_rows() -> list[dict[str, Any]]:
    jane = {"speaker": "Jane Doe", "organisation": "Acme", "sector": "industry", "country": "US"}
    senator = {"speaker": "Sen. X", "sector": "government", "country": "US"}
    gov = {"sector": "government", "country": "US"}
    return [
        row(
            "a.md", 10, "We must win the AI race and cut red tape.", 0, ["race", "deregulation"],
            areas=["general"], cues={"race": "AI race", "deregulation": "red tape"}, **jane,
        ),
        row("a.md", 60, "China is racing ahead.", 0, ["race"], cues={"race": "racing ahead"}, absolute=False,
            **jane),
        row("b.md", 0, "Acme leads the AI race.", 0, ["race"], cues={"race": "AI race"}, organisation="Acme",
            sector="industry", country="US"),
        row("b.md", 40, "Testing matters.", 1, ["safety"], areas=["safety_evaluation"], sector="industry",
            country="US"),
        row("c.md", 0, "We cannot fall behind Beijing.", 0, ["race"], cues={"race": "fall behind"},
            **senator),
        row("c.md", 50, "Copyright rules are a barrier to innovation.", 1, ["deregulation"], areas=["ip"],
            cues={"deregulation": "barrier to innovation"}, **gov),
        row("c.md", 100, "Guardrails matter.", 2, ["safety"], areas=["general"], **gov),
        row("c.md", 130, "Thank you.", 2, [], **gov),
        row("d.md", 0, "Dialogue on AI risk helps.", 0, ["cooperation"], country="CN"),
        row("d.md", 40, "The weather is fine.", 0, [], country="CN"),
    ]  # fmt: skip


def tables(rows: list[dict[str, Any]]) -> tuple[pa.Table, pa.Table, pa.Table]:
    sentences = pa.Table.from_pylist(rows, schema=SENTENCES)
    documents = pa.Table.from_pylist(
        [
            {
                "source": s,
                "title": s,
                "date": d,
                "url": None,
                "language": "en",
                "n_chars": 200,
                "n_sentences": 2,
            }
            for s, d in DATES.items()
        ],
        schema=DOCUMENTS,
    )
    quotes = pa.Table.from_pylist([], schema=QUOTES)
    return sentences, documents, quotes


def wilson(x: int, n: int) -> tuple[float, float]:
    p = x / n
    denom = 1 + Z90**2 / n
    centre = (p + Z90**2 / (2 * n)) / denom
    half = Z90 / denom * math.sqrt(p * (1 - p) / n + Z90**2 / (4 * n * n))
    return (0.0 if x == 0 else centre - half, 1.0 if x == n else centre + half)


def assert_share(value: Share, count: int, total: int) -> None:
    assert (value.count, value.total) == (count, total)
    assert value.share == pytest.approx(count / total)
    assert (value.lower, value.upper) == pytest.approx(wilson(count, total))


def test_race_by_sector_and_country() -> None:
    summary = summarise(*tables(corpus_rows()))
    assert (summary.n_sentences, summary.n_in_scope, summary.n_race, summary.n_documents) == (10, 8, 4, 4)
    assert summary.scope == "framed"
    sectors = {r.group: r for r in summary.by_sector}
    assert [r.group for r in summary.by_sector] == ["industry", "government", "unknown"]
    assert_share(sectors["industry"].rate, 3, 4)
    assert_share(sectors["industry"].share_of_race, 3, 4)
    assert_share(sectors["government"].rate, 1, 3)
    assert_share(sectors["government"].share_of_race, 1, 4)
    assert_share(sectors["unknown"].rate, 0, 1)
    assert sectors["government"].sentences == 4
    countries = {r.group: r for r in summary.by_country}
    assert_share(countries["US"].rate, 4, 7)
    assert_share(countries["US"].share_of_race, 4, 4)
    assert_share(countries["CN"].rate, 0, 1)
    assert_share(summary.industry_share, 3, 4)
    assert_share(summary.industry_share_known, 3, 4)


def test_examples_are_traceable_and_mark_their_cue() -> None:
    summary = summarise(*tables(corpus_rows()))
    industry = next(r for r in summary.by_sector if r.group == "industry")
    shown = [summary.examples[i] for i in industry.examples]
    assert [(e.source, e.start) for e in shown] == [("a.md", 10), ("a.md", 60), ("b.md", 0)]
    for e in shown:  # evidence offsets into the document (a.md 10) or the sentence (a.md 60) both work
        assert e.text[e.cue_start : e.cue_end] == e.cue
        assert e.label == "race"
    assert shown[1].cue == "racing ahead"


def test_deregulation_lift_per_area_and_measure() -> None:
    summary = summarise(*tables(corpus_rows()))
    any_sentence = summary.co_occurrence("any", "sentence")
    assert_share(any_sentence.with_race, 1, 4)
    assert_share(any_sentence.without_race, 1, 4)
    assert any_sentence.lift.ratio == pytest.approx(1.0)
    se = math.sqrt(1 / 1 - 1 / 4 + 1 / 1 - 1 / 4)
    assert (any_sentence.lift.lower, any_sentence.lift.upper) == pytest.approx(
        (math.exp(-Z90 * se), math.exp(Z90 * se))
    )
    any_paragraph = summary.co_occurrence("any", "paragraph")
    assert_share(any_paragraph.with_race, 2, 4)  # both sentences of a.md paragraph 0
    assert_share(any_paragraph.without_race, 1, 4)  # c.md paragraph 1
    assert any_paragraph.lift.ratio == pytest.approx(2.0)
    general = summary.co_occurrence("general", "sentence")
    assert (general.with_race.count, general.without_race.count) == (1, 0)
    assert general.lift.ratio == math.inf
    corrected_se = math.sqrt(1 / 1.5 - 1 / 5 + 1 / 0.5 - 1 / 5)
    assert general.lift.lower == pytest.approx(3 * math.exp(-Z90 * corrected_se))
    assert general.lift.upper == pytest.approx(3 * math.exp(Z90 * corrected_se))
    ip = summary.co_occurrence("ip", "sentence")
    assert (ip.with_race.count, ip.without_race.count, ip.lift.ratio) == (0, 1, 0.0)
    bio = summary.co_occurrence("bio_risk", "sentence").lift
    assert math.isnan(bio.ratio) and (bio.lower, bio.upper) == (0.0, math.inf)
    shown = [summary.examples[i] for i in any_sentence.examples]
    assert [(e.source, e.start, e.cue, e.label) for e in shown] == [("a.md", 10, "red tape", "deregulation")]


def test_trends_by_month_with_undated_last() -> None:
    summary = summarise(*tables(corpus_rows()))
    assert [t.month for t in summary.trends] == ["2025-01", "2025-02", UNDATED]
    january, february, undated = summary.trends
    assert (january.documents, january.sentences, january.in_scope) == (2, 4, 4)
    assert_share(january.share("race"), 3, 4)
    assert_share(january.share("safety"), 1, 4)
    assert_share(february.share("deregulation"), 1, 3)
    assert (undated.documents, undated.in_scope) == (1, 1)
    assert_share(undated.share("cooperation"), 1, 1)


def test_top_narrators_with_evidence() -> None:
    summary = summarise(*tables(corpus_rows()))
    heads = [(n.speaker, n.organisation, n.sector, n.country, n.count) for n in summary.narrators]
    assert heads == [
        ("Jane Doe", "Acme", "industry", "US", 2),
        (None, "Acme", "industry", "US", 1),
        ("Sen. X", None, "government", "US", 1),
    ]
    jane = [summary.examples[i] for i in summary.narrators[0].examples]
    assert [(e.source, e.start, e.end) for e in jane] == [("a.md", 10, 51), ("a.md", 60, 82)]
    assert len(summarise(*tables(corpus_rows()), top_narrators=1).narrators) == 1


def test_in_scope_column_sets_the_denominator() -> None:
    sentences, documents, quotes = tables(corpus_rows())
    sentences = sentences.append_column("in_scope", pa.array([True] * 10))
    summary = summarise(sentences, documents, quotes)
    assert (summary.scope, summary.n_in_scope) == ("in_scope", 10)
    countries = {r.group: r for r in summary.by_country}
    assert_share(countries["US"].rate, 4, 8)


def test_empty_tables_give_defined_empty_results() -> None:
    summary = summarise(*tables([]))
    assert (summary.n_sentences, summary.n_race, summary.by_sector, summary.narrators) == (0, 0, (), ())
    assert math.isnan(summary.industry_share.share)
    assert (summary.industry_share.lower, summary.industry_share.upper) == (0.0, 1.0)
    assert len(summary.deregulation) == 12
    assert all(math.isnan(r.lift.ratio) for r in summary.deregulation)
    assert [t.month for t in summary.trends] == ["2025-01", "2025-02", UNDATED]  # documents only
    json.dumps(summary_to_json(summary), allow_nan=False)
    none = summarise(
        pa.Table.from_pylist([], schema=SENTENCES),
        pa.Table.from_pylist([], schema=DOCUMENTS),
        pa.Table.from_pylist([], schema=QUOTES),
    )
    assert none.trends == () and none.examples == ()


def test_json_is_strict_and_refers_to_examples() -> None:
    data = summary_to_json(summarise(*tables(corpus_rows())))
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["counts"]["race"] == 4
    for section in ("race_by_sector", "race_by_country", "deregulation_with_race", "narrators"):
        for item in data[section]:
            assert all(0 <= i < len(data["examples"]) for i in item["examples"])
    general = next(
        r for r in data["deregulation_with_race"] if r["area"] == "general" and r["measure"] == "sentence"
    )
    assert general["lift"]["ratio"] is None  # infinite


def test_share_and_lift_helpers() -> None:
    assert_share(share(5, 20), 5, 20)
    empty = share(0, 0)
    assert math.isnan(empty.share) and (empty.lower, empty.upper) == (0.0, 1.0)
    unknown = lift(1, 0, 1, 5)
    assert math.isnan(unknown.ratio) and (unknown.lower, unknown.upper) == (0.0, math.inf)
    plain = lift(10, 100, 5, 100)
    se = math.sqrt(1 / 10 - 1 / 100 + 1 / 5 - 1 / 100)
    assert (plain.ratio, plain.lower, plain.upper) == pytest.approx(
        (2.0, 2 * math.exp(-Z90 * se), 2 * math.exp(Z90 * se))
    )


def test_narrators_are_people_where_the_person_column_says_who_a_label_is() -> None:
    president = {"sector": "government", "country": "US"}
    rows = [
        row("a.md", 0, "We must win the AI race.", 0, ["race"], cues={"race": "AI race"},
            speaker="THE PRESIDENT", person="Joe Biden", **president),
        row("b.md", 0, "We lead the AI race.", 0, ["race"], cues={"race": "AI race"},
            speaker="President Biden", person="Joe Biden", **president),
        row("c.md", 0, "We will win the AI race.", 0, ["race"], cues={"race": "AI race"},
            speaker="THE PRESIDENT", person="Donald Trump", **president),
        row("c.md", 30, "We will win the AI race again.", 1, ["race"], cues={"race": "AI race"},
            speaker="MR. NOBODY", **president),
    ]  # fmt: skip
    summary = summarise(
        pa.Table.from_pylist(rows, schema=SENTENCES_SCHEMA),
        pa.Table.from_pylist([], schema=DOCUMENTS),
        pa.Table.from_pylist([], schema=QUOTES),
    )
    by_name = {n.speaker: (n.count, n.names) for n in summary.narrators}
    assert by_name == {
        "Joe Biden": (2, ("President Biden", "THE PRESIDENT")),
        "Donald Trump": (1, ("THE PRESIDENT",)),
        "MR. NOBODY": (1, ("MR. NOBODY",)),  # no person known: the name as printed
    }
