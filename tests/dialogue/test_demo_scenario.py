"""The simulated demo dialogue: seeded, of the promised size, and with the structure the
engine is meant to find (common ground across strata, cruxes by country and sector)."""

from __future__ import annotations

from collections import Counter

import pytest

from tracktwo.consensus.engine import compute_model
from tracktwo.consensus.votes import build_conversation
from tracktwo.dialogue.demo_scenario import (
    COUNTRIES,
    SECTORS,
    SIMULATED_NOTICE_EN,
    SIMULATED_NOTICE_ZH,
    STANCES,
    DemoScenario,
    demo_conversation,
    demo_scenario,
)
from tracktwo.dialogue.library import library_entry


@pytest.fixture(scope="module")
def scenario() -> DemoScenario:
    return demo_scenario()


def test_same_seed_same_scenario() -> None:
    assert demo_scenario(seed=11) == demo_scenario(seed=11)


def test_another_seed_gives_other_votes() -> None:
    first, second = demo_scenario(seed=11), demo_scenario(seed=12)
    assert first.votes != second.votes
    assert first.statements == second.statements


def test_titles_and_notices(scenario: DemoScenario) -> None:
    assert "Simulated" in scenario.title_en
    assert "模拟" in scenario.title_zh
    assert scenario.description_en and scenario.description_zh
    assert "simulated" in SIMULATED_NOTICE_EN.lower()
    assert "not real people" in SIMULATED_NOTICE_EN
    assert "模拟" in SIMULATED_NOTICE_ZH
    assert scenario.notice_en == SIMULATED_NOTICE_EN
    assert scenario.notice_zh == SIMULATED_NOTICE_ZH


def test_participants_are_balanced(scenario: DemoScenario) -> None:
    assert scenario.countries == ("US", "CN") == COUNTRIES
    assert scenario.sectors == ("science", "civil_society", "academia", "policy") == SECTORS
    assert len(scenario.participants) == 60
    assert scenario.participants[0].label == "participant-001"
    assert len({p.label for p in scenario.participants}) == 60
    by_country = Counter(p.country for p in scenario.participants)
    assert by_country == {"US": 30, "CN": 30}
    cells = Counter((p.country, p.sector) for p in scenario.participants)
    assert set(cells) == {(c, s) for c in COUNTRIES for s in SECTORS}
    assert min(cells.values()) >= 5  # every country x sector cell is reportable (k = 5)


def test_participant_count_is_a_parameter() -> None:
    assert len(demo_scenario(n_participants=100).participants) == 100
    with pytest.raises(ValueError, match="n_participants"):
        demo_scenario(n_participants=3)


def test_statements(scenario: DemoScenario) -> None:
    statements = scenario.statements
    assert 35 <= len(statements) <= 45
    from_library = [s for s in statements if s.library_id is not None]
    assert len(from_library) >= 0.8 * len(statements)
    for s in from_library:
        assert library_entry(s.library_id or "").text_en == s.text_en
    for s in statements:
        assert s.text_en and s.text_zh
    areas = Counter(s.policy_area for s in statements)
    for area in ("safety_evaluation", "lab_accountability", "bio_risk", "ip"):
        assert areas[area] >= 4, area
    assert 1 <= areas["general"] <= 10
    assert {s.stance for s in statements} == set(STANCES)


def test_votes(scenario: DemoScenario) -> None:
    votes = scenario.votes
    n_p, n_s = len(scenario.participants), len(scenario.statements)
    assert {v.value for v in votes} == {-1, 0, 1}
    assert len({(v.participant, v.statement) for v in votes}) == len(votes)
    assert all(0 <= v.participant < n_p and 0 <= v.statement < n_s for v in votes)
    assert [v.seconds for v in votes] == sorted(v.seconds for v in votes)
    seen = Counter(v.participant for v in votes)
    assert len(seen) == n_p
    assert all(0.65 * n_s <= count <= 0.97 * n_s for count in seen.values())
    pass_share = sum(v.value == 0 for v in votes) / len(votes)
    assert 0.05 <= pass_share <= 0.11


@pytest.mark.parametrize("seed", [2024, 1, 7, 42, 99])
def test_the_engine_finds_common_ground_and_country_cruxes(seed: int) -> None:
    scenario = demo_scenario(seed=seed)
    conversation = build_conversation(
        [p.label for p in scenario.participants],
        demo_conversation(scenario).statements,
        [v.participant for v in scenario.votes],
        [v.statement for v in scenario.votes],
        [v.value for v in scenario.votes],
        {
            "country": [p.country for p in scenario.participants],
            "sector": [p.sector for p in scenario.participants],
        },
    )
    model = compute_model(conversation)
    assert model.common_ground is not None
    assert model.cruxes is not None
    common = model.common_ground.agreement
    assert len(common) >= 3
    # Common ground comes from the statements meant to be shared, not from the splits.
    assert all(scenario.statements[s.statement].stance == "shared" for s in common)
    by_country = [c for c in model.cruxes.cruxes if c.attributes == ("country",)]
    assert by_country
    assert any(scenario.statements[c.statement].stance == "split_country" for c in by_country)
    by_sector = [c for c in model.cruxes.cruxes if c.attributes == ("sector",)]
    assert any(scenario.statements[c.statement].stance == "split_sector" for c in by_sector)


def test_demo_conversation_carries_strata_and_ids(scenario: DemoScenario) -> None:
    conversation = demo_conversation(scenario)
    assert conversation.n_participants == len(scenario.participants)
    assert conversation.n_votes == len(scenario.votes)
    assert set(conversation.strata) == {"country", "sector"}
    ids = conversation.statement_ids
    assert len(set(ids)) == len(ids)
    assert all(
        i == (s.library_id or f"demo-{j + 1:02d}")
        for j, (i, s) in enumerate(zip(ids, scenario.statements, strict=True))
    )
