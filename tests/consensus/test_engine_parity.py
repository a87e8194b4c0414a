"""The whole engine against Pol.is's own output (../shared/data/polis-math).

PCA, projections and extremity are exact; the statistics are exact given Pol.is's groups
(compute_model with `groups=`); with the engine's own clustering the group count and the
adjusted Rand index are compared, as far as a one-shot computation can match Pol.is's
history-dependent clustering (docs/consensus.md).
"""

from __future__ import annotations

import numpy as np
import pytest

from support.polis_replay import replayed
from support.shared_data import shared_data_path
from tracktwo.consensus.clustering import polis_group_stage
from tracktwo.consensus.engine import compute_model
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.pca import fit_pca
from tracktwo.consensus.rand_index import adjusted_rand_index
from tracktwo.dialogue.formats.polis_math import PolisMathFixture, read_polis_math

FIXTURES = ["25ptpt-3gp-no-strict-with-meta", "above-100-ptpts", "below-100-ptpts"]

pytestmark = pytest.mark.shared_data


@pytest.fixture(params=FIXTURES)
def fixture(request: pytest.FixtureRequest) -> PolisMathFixture:
    return read_polis_math(shared_data_path("polis-math", request.param))


def columns_of(fixture: PolisMathFixture) -> list[int]:
    index = {sid: j for j, sid in enumerate(fixture.conversation.statement_ids)}
    return [index[t] for t in fixture.reference.tids]


def test_pca_matches_polis(fixture: PolisMathFixture) -> None:
    result = fit_pca(VoteMatrix.from_conversation(fixture.conversation))
    cols = columns_of(fixture)
    theirs = fixture.reference.pca
    # Pol.is stores agree as -1: its centre is the negative of ours.
    np.testing.assert_allclose(-result.center[cols], theirs.center, atol=1e-12)
    for i in range(2):
        ours = result.components[i][cols]
        cosine = abs(ours @ theirs.comps[i]) / (np.linalg.norm(ours) * np.linalg.norm(theirs.comps[i]))
        assert cosine >= 0.99
        assert cosine == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(result.extremity[cols], theirs.comment_extremity, atol=1e-12)
    np.testing.assert_allclose(
        np.abs(result.statement_projection[cols]), np.abs(theirs.comment_projection.T), atol=1e-12
    )


def test_participant_projections_reproduce_polis_base_cluster_centres(fixture: PolisMathFixture) -> None:
    result = fit_pca(VoteMatrix.from_conversation(fixture.conversation))
    index = {pid: i for i, pid in enumerate(fixture.conversation.participant_ids)}
    base = fixture.reference.base_clusters
    for members, x, y in zip(base.members, base.x, base.y, strict=True):
        centre = result.participant_projection[[index[m] for m in members]].mean(axis=0)
        # components' signs are arbitrary in Pol.is
        np.testing.assert_allclose(np.abs(centre), np.abs([x, y]), atol=1e-12)


def test_statistics_with_polis_groups_match_polis(fixture: PolisMathFixture) -> None:
    reference = fixture.reference
    model = compute_model(fixture.conversation, groups=dict(reference.group_of))
    ids = fixture.conversation.statement_ids
    for group, entries in enumerate(model.representative):
        theirs = reference.repness[group]
        assert [ids[e.statement] for e in entries] == [t.tid for t in theirs]
        assert [e.repful_for for e in entries] == [t.repful_for for t in theirs]
        for ours, their in zip(entries, theirs, strict=True):
            assert ours.p_test == pytest.approx(their.p_test, rel=1e-12)
            assert ours.repness_test == pytest.approx(their.repness_test, rel=1e-6)
    assert [ids[c.statement] for c in model.consensus.agree] == [c.tid for c in reference.consensus_agree]
    assert [ids[c.statement] for c in model.consensus.disagree] == [
        c.tid for c in reference.consensus_disagree
    ]
    for tid, value in reference.group_aware_consensus.items():
        assert model.group_aware_consensus[ids.index(tid)] == pytest.approx(value, rel=1e-12)


def test_own_clustering_against_polis_groups(fixture: PolisMathFixture) -> None:
    """Records how far a one-shot clustering gets from Pol.is's history-dependent one."""
    model = compute_model(fixture.conversation)
    theirs = fixture.reference.group_labels(fixture.conversation.participant_ids)
    both = (theirs >= 0) & (model.clustering.labels >= 0)
    ari = adjusted_rand_index(theirs[both], model.clustering.labels[both])
    assert model.n_groups >= 2
    assert -1.0 <= ari <= 1.0
    if model.n_groups != len(fixture.reference.groups) or ari < 0.9:
        pytest.xfail(
            f"{model.n_groups} groups vs Pol.is's {len(fixture.reference.groups)}, ARI {ari:.2f}: Pol.is "
            "warm-starts its k-means from earlier updates, which a one-shot computation cannot see"
        )


def test_polis_group_stage_reproduces_polis_groups_from_its_base_clusters(fixture: PolisMathFixture) -> None:
    """Given Pol.is's base clusters in Pol.is's order, the first-k start with 20 Lloyd
    iterations and the silhouette choice of k give exactly Pol.is's groups: what separates
    the engine's one-shot groups from Pol.is's is the order (history) of the base clusters."""
    base = fixture.reference.base_clusters
    centers = np.stack([base.x, base.y], axis=1)
    labels = polis_group_stage(centers, np.array(base.count, dtype=np.float64))
    group_of_base = {b: group.id for group in fixture.reference.groups for b in group.base_cluster_ids}
    theirs = np.array([group_of_base[b] for b in base.ids])
    members = np.repeat(np.arange(len(base.ids)), base.count)
    assert int(labels.max()) + 1 == len(fixture.reference.groups)
    assert adjusted_rand_index(theirs[members], labels[members]) == pytest.approx(1.0)


def test_replayed_history_against_polis_groups(fixture: PolisMathFixture) -> None:
    """Groups from a replay of Pol.is's update history (consensus/history.py; one update per
    second of votes, a reload after the last vote; docs/consensus.md): Pol.is's groups and k
    exactly on the two small fixtures; not on `above-100-ptpts`, recorded with its figures."""
    _, result = replayed(fixture.path.name)  # one update per second, a reload after the last vote
    theirs = fixture.reference.group_labels(fixture.conversation.participant_ids)
    both = (theirs >= 0) & (result.labels >= 0)
    ari = adjusted_rand_index(theirs[both], result.labels[both])
    model = compute_model(fixture.conversation, groups=result.groups)
    assert model.n_groups == result.n_groups >= 2
    if fixture.path.name == "above-100-ptpts" and (
        result.n_groups != len(fixture.reference.groups) or ari < 0.9
    ):
        pytest.xfail(
            f"{result.n_groups} groups vs Pol.is's {len(fixture.reference.groups)}, ARI {ari:.2f}: "
            "31 of Pol.is's in-conversation participants follow from no recorded vote, and its 100 "
            "base clusters are chaotic in the unrecorded details of the history (batches, restarts, "
            "moderation times)"
        )
    assert result.n_groups == len(fixture.reference.groups)
    assert ari >= 0.9
