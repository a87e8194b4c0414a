"""The engine run in a child process gives the same results as in the server's own
thread, and the demo seeding fills a store the engine can read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tracktwo.dialogue.demo_seed import seed_demo
from tracktwo.dialogue.errors import StoreError
from tracktwo.dialogue.recompute import ResultsCache
from tracktwo.dialogue.recompute_process import ProcessCompute
from tracktwo.dialogue.results import compute_results
from tracktwo.dialogue.services.dialogues import get_dialogue
from tracktwo.dialogue.store.database import open_database


def test_child_process_results_equal_in_thread_results(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/demo.db")
    login = seed_demo(database)
    with database.session() as session:
        dialogue = get_dialogue(session, login.slug)
        local = compute_results(session, dialogue.id)
    compute = ProcessCompute()
    try:
        remote = compute(database, dialogue.id)
    finally:
        compute.close()
    assert local.model is not None and remote.model is not None
    assert remote.n_votes == local.n_votes > 1000
    assert remote.dialogue == local.dialogue and remote.statements == local.statements
    np.testing.assert_array_equal(remote.model.priority, local.model.priority)
    assert remote.model.common_ground == local.model.common_ground
    assert remote.model.common_ground is not None and len(remote.model.common_ground.agreement) >= 3


def test_the_demo_is_labelled_simulated_and_has_spare_invites(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/demo.db")
    login = seed_demo(database, spare_invites=3)
    with database.session() as session:
        dialogue = get_dialogue(session, login.slug)
    assert dialogue.simulated
    assert len(login.invite_tokens) == 3 and all(token.startswith("inv_") for token in login.invite_tokens)
    assert len(login.password) >= 12


def test_a_cache_with_a_child_process_recomputes_after_votes(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/demo.db")
    login = seed_demo(database)
    with database.session() as session:
        dialogue_id = get_dialogue(session, login.slug).id
    compute = ProcessCompute()
    cache = ResultsCache(database, debounce_seconds=0.05, compute=compute)
    cache.start()
    try:
        cache.mark_dirty(dialogue_id)
        assert cache.wait_idle(60)
        found = cache.latest(dialogue_id)
        assert found is not None and found.model is not None
    finally:
        cache.stop()
        compute.close()


def test_an_in_memory_store_cannot_be_shared_with_a_child_process() -> None:
    database = open_database("sqlite:///:memory:")
    compute = ProcessCompute()
    try:
        with pytest.raises(StoreError, match="in-memory"):
            compute(database, 1)
    finally:
        compute.close()
