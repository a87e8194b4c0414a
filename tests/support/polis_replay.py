"""Pol.is's update history replayed on the polis-math fixtures, shared by the parity tests."""

from __future__ import annotations

import functools

from support.shared_data import shared_data_path
from tracktwo.consensus.history import Batching, ReplayResult, ReplaySettings, replay_history
from tracktwo.consensus.rand_index import adjusted_rand_index
from tracktwo.dialogue.formats.polis_math import PolisMathFixture, read_polis_math

# The batching rule of the measurements: the worker polls for new votes about once a second.
ONE_SECOND = Batching("window", 1.0)


@functools.cache
def replayed(name: str, settings: ReplaySettings | None = None) -> tuple[PolisMathFixture, ReplayResult]:
    """The fixture and its replay at one update per second; cached, results are frozen."""
    fixture = read_polis_math(shared_data_path("polis-math", name))
    return fixture, replay_history(fixture.conversation, fixture.vote_times, settings, ONE_SECOND)


def ari_against_polis(fixture: PolisMathFixture, result: ReplayResult) -> float:
    """Adjusted Rand index over the participants both Pol.is and the replay clustered."""
    theirs = fixture.reference.group_labels(fixture.conversation.participant_ids)
    both = (theirs >= 0) & (result.labels >= 0)
    return adjusted_rand_index(theirs[both], result.labels[both])
