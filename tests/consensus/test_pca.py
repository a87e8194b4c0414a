from __future__ import annotations

import numpy as np
import pytest
from random_votes import opinion_blobs, permuted

from tracktwo.consensus import pca as pca_module
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.pca import fit_pca
from tracktwo.consensus.votes import Statement, build_conversation


def dense_reference(matrix: VoteMatrix) -> tuple[np.ndarray, np.ndarray]:
    dense = matrix.to_dense()
    dense[:, matrix.moderated_out] = np.where(np.isnan(dense[:, matrix.moderated_out]), 0, 0)
    mean = np.nanmean(dense, axis=0)
    filled = np.where(np.isnan(dense), mean, dense) - mean
    _, _, vt = np.linalg.svd(filled, full_matrices=False)
    return mean, vt[:2]


def test_components_match_dense_svd_of_the_imputed_matrix() -> None:
    conversation, _ = opinion_blobs(seed=1)
    matrix = VoteMatrix.from_conversation(conversation)
    result = fit_pca(matrix)
    mean, vt = dense_reference(matrix)
    np.testing.assert_allclose(result.center, mean, atol=1e-12)
    for i in range(2):
        assert abs(result.components[i] @ vt[i]) == pytest.approx(1.0, abs=1e-9)


def test_sign_rule_makes_largest_loading_positive() -> None:
    conversation, _ = opinion_blobs(seed=2)
    result = fit_pca(VoteMatrix.from_conversation(conversation))
    for row in result.components:
        assert row[np.argmax(np.abs(row))] > 0


def test_lanczos_path_equals_dense_path(monkeypatch: pytest.MonkeyPatch) -> None:
    conversation, _ = opinion_blobs(n_participants=120, n_statements=40, seed=3)
    matrix = VoteMatrix.from_conversation(conversation)
    dense = fit_pca(matrix)
    monkeypatch.setattr(pca_module, "DENSE_GRAM_LIMIT", 0)
    sparse = fit_pca(matrix)
    np.testing.assert_allclose(sparse.components, dense.components, atol=1e-8)
    np.testing.assert_allclose(sparse.participant_projection, dense.participant_projection, atol=1e-7)


def test_projection_is_independent_of_participant_order() -> None:
    conversation, _ = opinion_blobs(seed=4)
    shuffled, order = permuted(conversation, seed=9)
    a = fit_pca(VoteMatrix.from_conversation(conversation))
    b = fit_pca(VoteMatrix.from_conversation(shuffled))
    np.testing.assert_allclose(b.participant_projection, a.participant_projection[order], atol=1e-9)


def test_sparsity_scaling_counts_zeroed_columns_as_votes() -> None:
    statements = [Statement("a"), Statement("b"), Statement("out", moderated=-1)]
    # participant 0 votes only on "a"; the zeroed column counts as a second vote.
    conversation = build_conversation(
        ["0", "1", "2"], statements, [0, 1, 1, 2, 2, 1], [0, 0, 1, 0, 1, 2], [1, -1, 1, 1, -1, 1]
    )
    matrix = VoteMatrix.from_conversation(conversation)
    result = fit_pca(matrix)
    assert result.center[2] == 0 and np.all(result.components[:, 2] == 0)
    raw = (1 - result.center[0]) * result.components[:, 0]
    np.testing.assert_allclose(result.participant_projection[0], raw * np.sqrt(3 / 2), atol=1e-12)


def test_statement_extremity_is_the_length_of_its_projection() -> None:
    conversation, _ = opinion_blobs(seed=5)
    result = fit_pca(VoteMatrix.from_conversation(conversation))
    np.testing.assert_allclose(result.extremity, np.linalg.norm(result.statement_projection, axis=1))
    assert not result.extremity.flags.writeable


def test_participants_without_votes_have_no_projection() -> None:
    conversation = build_conversation(
        ["a", "b", "c", "silent"], [Statement("x"), Statement("y")], [0, 1, 2, 0], [0, 0, 1, 1], [1, -1, 1, 0]
    )
    result = fit_pca(VoteMatrix.from_conversation(conversation))
    assert np.isnan(result.participant_projection[3]).all()
    assert np.isfinite(result.participant_projection[:3]).all()
