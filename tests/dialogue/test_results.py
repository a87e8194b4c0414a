"""Results of a stored dialogue (engine run on the store's votes, privacy of counts) and the
background recomputation cache, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from store_builder import Builder, Member

from tracktwo.dialogue.recompute import ResultsCache
from tracktwo.dialogue.results import DialogueResults, StratumCount, compute_results
from tracktwo.dialogue.services.invites import withdraw
from tracktwo.dialogue.services.statements import StatementDraft, moderate_statement, submit_statement
from tracktwo.dialogue.services.voting import cast_vote
from tracktwo.dialogue.store.database import Database
from tracktwo.dialogue.store.schema import Participant, VoteRow
from tracktwo.dialogue.views import DialogueView, OrganiserView, StatementView

SECTORS = ("science", "civil_society", "academia", "policy")
TEXTS = (
    "Frontier models must pass independent safety evaluations before release.",
    "Export controls on chips make both countries safer.",
    "Scientists should share evaluation methods across borders.",
    "Labs should be liable for foreseeable harms.",
    "Artists should be paid when their work trains models.",
    "Bio-risk screening should be mandatory for DNA synthesis.",
)


def _stratum(number: int) -> tuple[str, str]:
    """30 people: 15 US and 15 CN; 12 in science, 15 in academia, 3 in policy, none in civil society."""
    country = "US" if number < 15 else "CN"
    rest = number % 10
    sector = "science" if rest < 4 else "academia" if rest < 9 else "policy"
    return country, sector


def _pattern(member: Member, statement: int, rng: random.Random) -> int | None:
    if statement == 0:
        return 1  # common ground: everyone agrees
    if statement == 1:
        return 1 if member.country == "US" else -1  # a crux between the countries
    if statement == 2:
        return 1 if member.sector == "science" else -1
    return rng.choice((1, -1, 0, None))


def _cast(database: Database, member: Member, votes: dict[int, int]) -> None:
    with database.session() as session:
        row = session.get(Participant, member.id)
        assert row is not None
        for statement_id, value in votes.items():
            cast_vote(session, row, statement_id, value)


class Scenario:
    def __init__(self, build: Builder) -> None:
        self.database = build.database
        self.organiser: OrganiserView = build.organiser()
        self.dialogue: DialogueView = build.dialogue(self.organiser, sectors=SECTORS, privacy_k=5)
        self.statements: tuple[StatementView, ...] = build.statements(self.organiser, self.dialogue, TEXTS)
        self.members = build.members(self.organiser, self.dialogue, [_stratum(i) for i in range(30)])
        rng = random.Random(20240601)
        self.n_votes = 0
        for member in self.members:
            votes = {}
            for index, statement in enumerate(self.statements):
                value = _pattern(member, index, rng)
                if value is not None:
                    votes[statement.id] = value
            _cast(self.database, member, votes)
            self.n_votes += len(votes)

    def results(self) -> DialogueResults:
        with self.database.session() as session:
            return compute_results(session, self.dialogue.id)


@pytest.fixture
def scenario(build: Builder) -> Scenario:
    return Scenario(build)


def _count(results: DialogueResults, attribute: str, value: str) -> StratumCount:
    return next(item for item in results.participation if (item.attribute, item.value) == (attribute, value))


def test_results_find_common_ground_across_strata(scenario: Scenario) -> None:
    results = scenario.results()
    assert results.model is not None, results.message
    assert results.message == ""
    assert results.n_participants == 30
    assert results.n_votes == scenario.n_votes
    assert results.statements == scenario.statements
    model = results.model
    assert [statement.id for statement in model.conversation.statements] == [
        str(item.id) for item in scenario.statements
    ]
    assert model.common_ground is not None
    agreed = {item.statement for item in model.common_ground.agreement}
    assert 0 in agreed  # everyone agreed with the first statement
    assert 1 not in agreed and 2 not in agreed  # the cruxes are not common ground
    assert results.statement(0) == scenario.statements[0]
    priorities = results.priorities()
    assert set(priorities) == {item.id for item in scenario.statements}
    assert all(value >= 0 for value in priorities.values())


def test_participation_counts_are_suppressed_below_k(scenario: Scenario) -> None:
    results = scenario.results()
    assert _count(results, "country", "US") == StratumCount("country", "US", 15, 15)
    assert _count(results, "country", "CN") == StratumCount("country", "CN", 15, 15)
    assert _count(results, "sector", "science") == StratumCount("sector", "science", 12, 12)
    assert _count(results, "sector", "academia") == StratumCount("sector", "academia", 15, 15)
    assert _count(results, "sector", "policy") == StratumCount("sector", "policy", None, None)  # 3 < k
    assert _count(results, "sector", "civil_society") == StratumCount("sector", "civil_society", 0, 0)
    assert len(results.participation) == 2 + len(SECTORS)


def test_counts_of_invited_and_voted_are_suppressed_separately(build: Builder) -> None:
    ada = build.organiser()
    made = build.dialogue(ada, countries=("US", "CN"), sectors=("science",), privacy_k=3)
    statement = build.statements(ada, made, ["One"])[0]
    members = build.members(ada, made, [("US", "science")] * 4 + [("CN", "science")] * 3)
    for member in members[:2]:  # two of four US people vote
        _cast(build.database, member, {statement.id: 1})
    for member in members[4:]:
        _cast(build.database, member, {statement.id: -1})
    with build.database.session() as session:
        results = compute_results(session, made.id)
    assert _count(results, "country", "US") == StratumCount("country", "US", 4, None)
    assert _count(results, "country", "CN") == StratumCount("country", "CN", 3, 3)
    assert results.n_participants == 5


def test_results_use_the_latest_vote(scenario: Scenario) -> None:
    first = scenario.statements[0]
    changer = scenario.members[0]
    _cast(scenario.database, changer, {first.id: -1})
    results = scenario.results()
    assert results.n_votes == scenario.n_votes  # a changed vote replaces, it does not add
    assert results.model is not None
    assert results.model.conversation.n_votes == scenario.n_votes


def test_withdrawn_participants_are_left_out(scenario: Scenario) -> None:
    before = scenario.results()
    leaver = scenario.members[3]
    with scenario.database.session() as session:
        voted = len([1 for statement in scenario.statements if _has_vote(session, leaver.id, statement.id)])
        withdraw(session, leaver.id)
    after = scenario.results()
    assert after.n_participants == before.n_participants - 1
    assert after.n_votes == before.n_votes - voted
    assert after.model is not None
    assert str(leaver.id) not in after.model.conversation.participant_ids
    assert _count(after, "country", "US") == StratumCount("country", "US", 14, 14)


def _has_vote(session: Session, participant_id: int, statement_id: int) -> bool:
    query = select(VoteRow.id).where(
        VoteRow.participant_id == participant_id, VoteRow.statement_id == statement_id
    )
    return session.scalar(query) is not None


def test_only_accepted_statements_count(scenario: Scenario) -> None:
    member = scenario.members[0]
    with scenario.database.session() as session:
        pending = submit_statement(session, member.id, StatementDraft(text_en="Waiting for a moderator"))
    results = scenario.results()
    assert pending.id not in {item.id for item in results.statements}
    with scenario.database.session() as session:
        moderate_statement(
            session, scenario.dialogue.slug, scenario.organiser.id, scenario.statements[5].id, "rejected"
        )
    results = scenario.results()
    assert [item.id for item in results.statements] == [item.id for item in scenario.statements[:5]]
    assert results.model is not None
    assert len(results.model.conversation.statements) == 5


def test_no_statements_gives_a_message(build: Builder) -> None:
    ada = build.organiser()
    made = build.dialogue(ada)
    build.members(ada, made, [("US", "science")])
    with build.database.session() as session:
        results = compute_results(session, made.id)
    assert results.model is None
    assert results.message == "no statements yet"
    assert results.statements == () and results.n_votes == 0 and results.n_participants == 0
    assert results.priorities() == {}


def test_no_votes_gives_a_message(build: Builder) -> None:
    ada = build.organiser()
    made = build.dialogue(ada)
    build.statements(ada, made, ["One", "Two"])
    build.members(ada, made, [("US", "science"), ("CN", "policy")])
    with build.database.session() as session:
        results = compute_results(session, made.id)
    assert results.model is None
    assert "no votes" in results.message
    assert results.n_votes == 0 and results.n_participants == 0
    assert results.priorities() == {}


def test_few_votes_do_not_crash(build: Builder) -> None:
    ada = build.organiser()
    made = build.dialogue(ada)
    statements = build.statements(ada, made, ["One", "Two"])
    member = build.members(ada, made, [("US", "science")])[0]
    _cast(build.database, member, {statements[0].id: 1})
    with build.database.session() as session:
        results = compute_results(session, made.id)
    assert results.n_votes == 1 and results.n_participants == 1
    assert results.model is not None or results.message


# --- background recomputation ------------------------------------------------------------


@pytest.fixture
def cache(database: Database) -> Iterator[ResultsCache]:
    made = ResultsCache(database, debounce_seconds=0.01)
    made.start()
    try:
        yield made
    finally:
        made.stop()


def test_cache_recomputes_after_votes(scenario: Scenario, cache: ResultsCache) -> None:
    dialogue_id = scenario.dialogue.id
    assert cache.latest(dialogue_id) is None
    cache.mark_dirty(dialogue_id)
    assert cache.wait_idle(60)
    first = cache.latest(dialogue_id)
    assert first is not None and first.n_votes == scenario.n_votes
    # Someone votes on a statement they skipped: the next results count it.
    member, statement = _unvoted_pair(scenario)
    _cast(scenario.database, member, {statement.id: 1})
    cache.mark_dirty(dialogue_id)
    assert cache.wait_idle(60)
    second = cache.latest(dialogue_id)
    assert second is not None and second is not first
    assert second.n_votes == scenario.n_votes + 1
    assert cache.get(dialogue_id) is second  # get() reads the cache when it has results
    assert cache.computations >= 2


def _unvoted_pair(scenario: Scenario) -> tuple[Member, StatementView]:
    with scenario.database.session() as session:
        for member in scenario.members:
            for statement in scenario.statements:
                if not _has_vote(session, member.id, statement.id):
                    return member, statement
    raise AssertionError("the scenario has no skipped statement")


def test_cache_get_computes_when_empty(scenario: Scenario, database: Database) -> None:
    cache = ResultsCache(database)  # not started: get() computes in the caller's thread
    results = cache.get(scenario.dialogue.id)
    assert results.model is not None
    assert cache.latest(scenario.dialogue.id) is results
    assert cache.computations == 1


def test_a_failing_computation_does_not_stop_the_worker(database: Database) -> None:
    computed: list[int] = []
    done = threading.Event()

    def compute(_database: Database, dialogue_id: int) -> DialogueResults:
        if dialogue_id == 1:
            raise RuntimeError("this dialogue is broken")
        computed.append(dialogue_id)
        done.set()
        return object()  # type: ignore[return-value]

    cache = ResultsCache(database, debounce_seconds=0.01, compute=compute)
    cache.start()
    try:
        cache.mark_dirty(1)
        assert cache.wait_idle(30)
        assert cache.latest(1) is None
        cache.mark_dirty(2)
        assert cache.wait_idle(30)
        assert done.wait(5)
        assert computed == [2] and cache.latest(2) is not None
        cache.mark_dirty(1)
        cache.mark_dirty(3)  # a broken dialogue in the same batch does not hide the others
        assert cache.wait_idle(30)
        assert computed == [2, 3]
    finally:
        cache.stop()


def test_a_burst_of_marks_costs_one_computation(database: Database) -> None:
    calls: list[int] = []

    def compute(_database: Database, dialogue_id: int) -> DialogueResults:
        calls.append(dialogue_id)
        return object()  # type: ignore[return-value]

    cache = ResultsCache(database, debounce_seconds=0.3, compute=compute)
    cache.start()
    try:
        for _ in range(50):
            cache.mark_dirty(7)
        assert cache.wait_idle(30)
        assert calls == [7]
    finally:
        cache.stop()
