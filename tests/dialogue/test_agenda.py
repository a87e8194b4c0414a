"""Which statement a participant sees next: never one already voted on, stable on reload,
weighted towards high routing priority; and the same on a real store with real priorities."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from store_builder import Builder

from tracktwo.dialogue.agenda import next_statement
from tracktwo.dialogue.results import compute_results
from tracktwo.dialogue.services.statements import list_statements
from tracktwo.dialogue.services.voting import cast_vote, voted_statements
from tracktwo.dialogue.store.schema import Participant
from tracktwo.dialogue.views import StatementView


def _statement(statement_id: int) -> StatementView:
    return StatementView(
        id=statement_id,
        dialogue_id=1,
        text_en=f"Statement {statement_id}",
        text_zh="",
        translation_en="original",
        translation_zh="missing",
        policy_area="general",
        origin="seed",
        library_id=None,
        state="accepted",
        is_meta=False,
        created_at=datetime(2030, 1, 1, tzinfo=UTC),
    )


CANDIDATES = tuple(_statement(number) for number in range(1, 11))


@pytest.mark.parametrize("priorities", [None, {}, {item.id: float(item.id) for item in CANDIDATES}])
def test_never_a_voted_statement(priorities: dict[int, float] | None) -> None:
    for participant in range(200):
        voted = {item.id: 1 for item in CANDIDATES if (item.id + participant) % 3 == 0}
        chosen = next_statement(CANDIDATES, voted, priorities, participant)
        assert chosen is not None and chosen.id not in voted


def test_none_when_everything_is_voted() -> None:
    voted = {item.id: 0 for item in CANDIDATES}
    assert next_statement(CANDIDATES, voted, {1: 5.0}, 42) is None
    assert next_statement((), {}, None, 42) is None


def test_the_last_open_statement_is_shown_even_with_zero_priority() -> None:
    voted = {item.id: 1 for item in CANDIDATES[1:]}
    priorities = {item.id: 0.0 for item in CANDIDATES}
    assert next_statement(CANDIDATES, voted, priorities, 7) == CANDIDATES[0]


def test_the_same_participant_and_count_give_the_same_statement() -> None:
    priorities = {item.id: 1.0 + item.id % 4 for item in CANDIDATES}
    voted = {CANDIDATES[0].id: 1, CANDIDATES[3].id: -1}
    for participant in range(50):
        first = next_statement(CANDIDATES, voted, priorities, participant)
        assert all(next_statement(CANDIDATES, voted, priorities, participant) == first for _ in range(5))
    # A different participant (or a new vote) may draw differently: over many, not all the same.
    draws = {next_statement(CANDIDATES, {}, priorities, participant) for participant in range(100)}
    assert len(draws) > 3


def test_high_priority_is_preferred() -> None:
    high, low = CANDIDATES[0], CANDIDATES[1]
    priorities = {high.id: 9.0, low.id: 1.0}
    draws = Counter(next_statement((high, low), {}, priorities, participant) for participant in range(4000))
    share = draws[high] / 4000
    assert 0.86 < share < 0.94  # 9 / (9 + 1) = 0.9


def test_zero_priority_is_almost_never_chosen() -> None:
    zero, some = CANDIDATES[0], CANDIDATES[1]
    draws = Counter(
        next_statement((zero, some), {}, {zero.id: 0.0, some.id: 0.5}, participant)
        for participant in range(2000)
    )
    assert draws[zero] == 0


def test_new_statements_get_the_highest_known_priority() -> None:
    known_low, known_high, new = CANDIDATES[0], CANDIDATES[1], CANDIDATES[2]
    priorities = {known_low.id: 0.1, known_high.id: 4.0}  # `new` has no priority yet
    draws = Counter(
        next_statement((known_low, known_high, new), {}, priorities, participant)
        for participant in range(4000)
    )
    assert abs(draws[new] - draws[known_high]) < 400  # the same weight: about 2,000 each
    assert draws[known_low] < 200  # 0.1 / 8.1: about 50


def test_without_priorities_the_draw_is_uniform() -> None:
    draws = Counter(next_statement(CANDIDATES, {}, None, participant) for participant in range(5000))
    assert set(draws) == set(CANDIDATES)
    assert max(draws.values()) < 650 and min(draws.values()) > 350  # about 500 each


def test_agenda_on_a_store_walks_through_every_statement(build: Builder) -> None:
    ada = build.organiser()
    made = build.dialogue(ada)
    build.statements(ada, made, [f"Statement {number}" for number in range(8)])
    voters = build.members(ada, made, [("US", "science"), ("CN", "policy"), ("US", "academia")])
    database = build.database
    with database.session() as session:
        results = compute_results(session, made.id)
        candidates = list_statements(session, made.id, ("accepted",))
    shown: dict[int, list[int]] = {}
    for voter in voters:
        shown[voter.id] = []
        while True:
            with database.session() as session:
                voted = voted_statements(session, voter.id)
                chosen = next_statement(candidates, voted, results.priorities(), voter.id)
                if chosen is None:
                    break
                assert chosen.id not in voted
                # Reloading the page shows the same statement.
                assert next_statement(candidates, voted, results.priorities(), voter.id) == chosen
                row = session.scalar(select(Participant).where(Participant.id == voter.id))
                assert row is not None
                cast_vote(session, row, chosen.id, (voter.id + chosen.id) % 3 - 1)
            shown[voter.id].append(chosen.id)
        with database.session() as session:
            results = compute_results(session, made.id)  # priorities now from real votes
    for order in shown.values():
        assert sorted(order) == [item.id for item in candidates]
    assert len({tuple(order) for order in shown.values()}) > 1
