"""The statement library: the packaged file loads, covers every policy area, and bad
entries are refused with a message that names them."""

from __future__ import annotations

from typing import Any

import pytest

from tracktwo.dialogue.library import (
    KINDS,
    MAX_TEXT_LENGTH,
    LibraryEntry,
    LibraryError,
    library_entry,
    parse_library,
    search_library,
    statement_library,
    validate_entries,
)
from tracktwo.taxonomy.vocabulary import vocabulary


def good_entry(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "test-entry",
        "kind": "red_line",
        "policy_area": "bio_risk",
        "text_en": "No AI system should help anyone build a biological weapon.",
        "text_zh": "任何人工智能系统都不应帮助任何人制造生物武器。",
        "source": "A test document",
        "date": "2024-03-10",
        "organisation": "Test organisation",
    }
    entry.update(changes)
    return entry


def test_library_loads_and_is_cached() -> None:
    entries = statement_library()
    assert 45 <= len(entries) <= 60
    assert all(isinstance(entry, LibraryEntry) for entry in entries)
    assert statement_library() is entries


def test_ids_are_unique() -> None:
    ids = [entry.id for entry in statement_library()]
    assert len(ids) == len(set(ids))


def test_every_policy_area_is_covered() -> None:
    areas = [entry.policy_area for entry in statement_library()]
    assert set(areas) == set(vocabulary().codes("policy_areas"))
    for area in ("safety_evaluation", "lab_accountability", "bio_risk", "ip"):
        assert areas.count(area) >= 5, area


def test_every_kind_is_used() -> None:
    assert {entry.kind for entry in statement_library()} == set(KINDS)


def test_texts_are_short_single_sentences() -> None:
    for entry in statement_library():
        assert len(entry.text_en) <= 200, entry.id
        assert len(entry.text_zh) <= 200, entry.id
        assert entry.text_en.endswith("."), entry.id
        assert entry.text_zh.endswith("。"), entry.id
        # One sentence: no sentence end before the last character.
        assert ". " not in entry.text_en, entry.id
        assert "。" not in entry.text_zh[:-1], entry.id


@pytest.mark.parametrize(
    "entry_id",
    [
        "idais-beijing-autonomous-replication",
        "idais-beijing-power-seeking",
        "idais-beijing-weapons-of-mass-destruction",
        "idais-beijing-cyberattacks",
        "idais-beijing-deception",
        "idais-beijing-compute-registration",
        "idais-beijing-market-access-audit",
    ],
)
def test_the_beijing_red_lines_and_governance_calls_are_present(entry_id: str) -> None:
    entry = library_entry(entry_id)
    assert entry.date == "2024-03-10"
    assert "Beijing" in entry.source


def test_required_sources_are_covered() -> None:
    sources = " | ".join(entry.source for entry in statement_library())
    for name in (
        "IDAIS Oxford",
        "IDAIS Beijing",
        "IDAIS Venice",
        "Frontier AI Safety Commitments",
        "AI Safety Governance Framework v1.0",
        "AI Safety Governance Framework v2.0",
        "TC260-003",
        "NIST AI Risk Management Framework 1.0",
        "NIST AI 600-1",
        "Anthropic Responsible Scaling Policy",
        "OpenAI Preparedness Framework",
        "Google DeepMind Frontier Safety Framework",
        "Frontier AI Risk Management Framework",
        "AIIA",
        "Bletchley Declaration",
        "Global Call for AI Red Lines",
    ):
        assert name in sources, name


def test_unknown_id_raises_a_clear_error() -> None:
    with pytest.raises(LibraryError, match="no statement library entry has id 'no-such-entry'"):
        library_entry("no-such-entry")


def test_a_good_entry_validates() -> None:
    (entry,) = validate_entries([good_entry(source_url="https://example.org/")])
    assert entry.id == "test-entry"
    assert entry.source_url == "https://example.org/"
    assert entry.text("zh") == entry.text_zh
    assert entry.text("en") == entry.text_en


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([good_entry(), good_entry()], "'test-entry' appears twice"),
        ([good_entry(kind="wish")], "'test-entry' has kind 'wish'"),
        ([good_entry(policy_area="weather")], "'test-entry' has policy area 'weather'"),
        ([good_entry(text_en="")], "'test-entry' lacks a non-empty text_en"),
        ([good_entry(text_zh="   ")], "'test-entry' lacks a non-empty text_zh"),
        ([good_entry(text_en="x" * (MAX_TEXT_LENGTH + 1))], "text_en has 281 characters"),
        ([good_entry(text_zh="字" * (MAX_TEXT_LENGTH + 1))], "text_zh has 281 characters"),
        ([good_entry(date="10 March 2024")], "'test-entry' has date '10 March 2024'"),
        ([good_entry(date="2024-13")], "has date '2024-13'"),
        ([good_entry(date=20240310)], "lacks a non-empty date"),
        ([good_entry(id="Bad Id")], "lowercase slug"),
        ([good_entry(source_url="ftp://example.org")], "source_url"),
        ([good_entry(colour="red")], "unknown fields colour"),
        ([{**good_entry(), "id": None}], "entry #1 lacks a non-empty id"),
        (["just text"], "entry #1 of the statement library is not a mapping"),
        ("not a list", "must hold a list"),
    ],
)
def test_bad_entries_are_refused_naming_the_entry(entries: Any, message: str) -> None:
    with pytest.raises(LibraryError, match=message):
        validate_entries(entries)


def test_month_only_dates_are_allowed() -> None:
    (entry,) = validate_entries([good_entry(date="2023-10")])
    assert entry.date == "2023-10"


def test_parse_library_refuses_malformed_files() -> None:
    with pytest.raises(LibraryError, match="not valid YAML"):
        parse_library("entries: [unclosed")
    with pytest.raises(LibraryError, match="'entries' list"):
        parse_library("- a\n- b\n")


def test_search_in_english_is_case_insensitive() -> None:
    found = search_library("BIOLOGICAL")
    assert found
    assert all("biological" in (e.text_en + e.text_zh + e.source).lower() for e in found)
    assert "idais-beijing-weapons-of-mass-destruction" in {e.id for e in found}


def test_search_in_chinese() -> None:
    found = search_library("知识产权")
    assert found
    assert all("知识产权" in e.text_zh for e in found)
    assert {e.policy_area for e in found} == {"ip"}


def test_search_matches_the_source() -> None:
    found = search_library("seoul")
    assert found
    assert all("Seoul" in e.source for e in found)


def test_search_filters_by_area_and_kind() -> None:
    assert search_library() == statement_library()
    red_lines = search_library(kind="red_line")
    assert red_lines
    assert all(e.kind == "red_line" for e in red_lines)
    bio_red_lines = search_library("weapons", policy_area="bio_risk", kind="red_line")
    assert bio_red_lines
    assert all(e.policy_area == "bio_risk" and e.kind == "red_line" for e in bio_red_lines)
    assert search_library("no statement says this") == ()


def test_search_refuses_unknown_filters() -> None:
    with pytest.raises(LibraryError, match="unknown policy area 'weather'"):
        search_library(policy_area="weather")
    with pytest.raises(LibraryError, match="unknown kind 'wish'"):
        search_library(kind="wish")
