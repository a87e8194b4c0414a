"""The engine end to end: defined results at the edges, determinism, order independence."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_votes import opinion_blobs, permuted

from tracktwo.consensus.engine import compute_model, id_ranks
from tracktwo.consensus.errors import EmptyConversationError, InputError
from tracktwo.consensus.model import EngineSettings
from tracktwo.consensus.votes import Statement, build_conversation


def test_three_camps_are_found() -> None:
    conversation, camp = opinion_blobs(n_participants=90, n_statements=30, n_camps=3, seed=11)
    model = compute_model(conversation)
    assert model.n_groups == 3
    pairs = {(int(a), int(b)) for a, b in zip(model.clustering.labels, camp, strict=True)}
    assert len(pairs) == 3


def test_same_input_same_model() -> None:
    conversation, _ = opinion_blobs(seed=12)
    a, b = compute_model(conversation), compute_model(conversation)
    np.testing.assert_array_equal(a.clustering.labels, b.clustering.labels)
    np.testing.assert_array_equal(a.priority, b.priority)
    np.testing.assert_array_equal(a.pca.participant_projection, b.pca.participant_projection)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_model_is_independent_of_participant_order(data_seed: int, order_seed: int) -> None:
    conversation, _ = opinion_blobs(n_participants=45, n_statements=12, seed=data_seed)
    shuffled, order = permuted(conversation, seed=order_seed)
    a, b = compute_model(conversation), compute_model(shuffled)
    np.testing.assert_allclose(b.pca.participant_projection, a.pca.participant_projection[order], atol=1e-9)
    np.testing.assert_array_equal(b.clustering.labels, a.clustering.labels[order])
    np.testing.assert_allclose(b.priority, a.priority, rtol=1e-12)
    np.testing.assert_allclose(b.group_aware_consensus, a.group_aware_consensus, rtol=1e-12)
    assert [r.statement for g in b.representative for r in g] == [
        r.statement for g in a.representative for r in g
    ]


def test_no_votes_is_an_empty_conversation() -> None:
    conversation = build_conversation(["a"], [Statement("s")], [], [], [])
    with pytest.raises(EmptyConversationError, match="no votes"):
        compute_model(conversation)


def test_one_statement_conversation_is_defined() -> None:
    conversation = build_conversation(
        [str(i) for i in range(20)], [Statement("only")], list(range(20)), [0] * 20, [1, -1] * 10
    )
    model = compute_model(conversation)
    assert np.all(np.isfinite(model.pca.participant_projection))
    assert model.pca.components[1].tolist() == [0.0]
    assert model.n_groups == 2  # those who agreed and those who disagreed


def test_only_passes_gives_no_groups() -> None:
    conversation = build_conversation(
        [str(i) for i in range(20)],
        [Statement("a"), Statement("b")],
        list(range(20)) * 2,
        [0] * 20 + [1] * 20,
        [0] * 40,
    )
    model = compute_model(conversation)
    assert model.n_groups == 0
    assert (model.clustering.labels == -1).all()
    assert np.isnan(model.group_aware_consensus).all()
    assert model.representative == ()


def test_given_groups_skip_clustering_and_unknown_ids_are_named() -> None:
    conversation, camp = opinion_blobs(n_participants=30, seed=13)
    groups = {pid: f"camp-{c}" for pid, c in zip(conversation.participant_ids, camp, strict=True)}
    model = compute_model(conversation, groups=groups)
    assert model.n_groups == 3
    np.testing.assert_array_equal(model.clustering.labels, camp)
    with pytest.raises(InputError, match="nobody"):
        compute_model(conversation, groups={"nobody": "1"})


def test_settings_seed_is_used() -> None:
    conversation, _ = opinion_blobs(seed=14)
    model = compute_model(conversation, EngineSettings(seed=3))
    assert model.settings.seed == 3


def test_id_ranks_order_numbers_as_numbers() -> None:
    assert id_ranks(("10", "9", "b", "a")).tolist() == [1, 0, 3, 2]


def test_strata_feed_common_ground_cruxes_and_bridging() -> None:
    from tracktwo.dialogue.sample import simulated_dialogue

    model = compute_model(simulated_dialogue())
    assert model.strata is not None and model.common_ground is not None and model.cruxes is not None
    assert {t.name for t in model.strata.tables} >= {"country", "sector", "country x sector"}
    ids = model.conversation.statement_ids
    agreed = {ids[e.statement] for e in model.common_ground.agreement}
    divided = {ids[c.statement] for c in model.cruxes.cruxes}
    assert agreed and divided and not agreed & divided
    assert model.bridging is not None
    # statements agreed everywhere bridge better than those splitting the countries
    scores = dict(zip(ids, model.bridging.statement_intercept, strict=True))
    assert min(scores[s] for s in agreed) > max(scores[s] for s in divided)


def test_without_strata_there_is_no_stratum_output() -> None:
    conversation, _ = opinion_blobs(seed=15)
    model = compute_model(conversation, EngineSettings(bridging=False))
    assert model.strata is None and model.common_ground is None and model.cruxes is None
    assert model.bridging is None


def test_small_strata_never_appear_in_the_json() -> None:
    from tracktwo.reports.consensus_json import model_to_json

    conversation, _ = opinion_blobs(n_participants=40, seed=16)
    country = ["US"] * 18 + ["China"] * 18 + ["Elsewhere"] * 4
    with_strata = build_conversation(
        conversation.participant_ids,
        list(conversation.statements),
        conversation.participant,
        conversation.statement,
        conversation.value,
        {"country": country},
    )
    text = str(model_to_json(compute_model(with_strata)))
    assert "country=US" in text and "country=China" in text
    assert "Elsewhere" not in text


def test_id_ranks_agree_between_the_fast_and_the_general_path() -> None:
    numeric = ("10", "007", "7", "2")
    assert id_ranks(numeric).tolist() == [3, 1, 2, 0]
    assert id_ranks((*numeric, "x")).tolist() == [3, 1, 2, 0, 4]
