"""The consensus model as a JSON-ready dictionary (the `--json` output)."""

from __future__ import annotations

import math
from typing import Any

from tracktwo.consensus.model import ConsensusModel


def _number(value: float) -> float | None:
    """JSON has no NaN: missing numbers become null."""
    return None if math.isnan(value) else float(value)


def participants_json(model: ConsensusModel) -> list[dict[str, Any]]:
    projection = model.pca.participant_projection
    labels = model.clustering.labels
    return [
        {
            "id": pid,
            "x": _number(projection[i, 0]),
            "y": _number(projection[i, 1]),
            "group": int(labels[i]) if labels[i] >= 0 else None,
            "in_conversation": bool(model.clustered[i]),
            "n_votes": int(model.vote_counts[i]),
        }
        for i, pid in enumerate(model.conversation.participant_ids)
    ]


def groups_json(model: ConsensusModel) -> list[dict[str, Any]]:
    ids = model.conversation.statement_ids
    groups = []
    for g in range(model.n_groups):
        members = int((model.clustering.labels == g).sum())
        centre = model.clustering.centers[g].tolist() if model.clustering.centers.shape[0] > g else None
        groups.append(
            {
                "id": g,
                "n_members": members,
                "center": centre,
                "representative": [
                    {
                        "statement": ids[r.statement],
                        "repful_for": r.repful_for,
                        "n_success": r.n_success,
                        "n_trials": r.n_trials,
                        "p_success": r.p_success,
                        "p_test": r.p_test,
                        "repness": r.repness,
                        "repness_test": r.repness_test,
                        "best_agree": r.best_agree,
                    }
                    for r in (model.representative[g] if g < len(model.representative) else ())
                ],
            }
        )
    return groups


def statements_json(model: ConsensusModel) -> list[dict[str, Any]]:
    pca = model.pca
    result = []
    for j, statement in enumerate(model.conversation.statements):
        result.append(
            {
                "id": statement.id,
                "text": statement.text,
                "moderated": statement.moderated,
                "is_meta": statement.is_meta,
                "x": float(pca.statement_projection[j, 0]),
                "y": float(pca.statement_projection[j, 1]),
                "extremity": float(pca.extremity[j]),
                "group_aware_consensus": _number(model.group_aware_consensus[j]),
                "group_aware_consensus_disagree": _number(model.group_aware_consensus_disagree[j]),
                "priority": float(model.priority[j]),
                "group_votes": [
                    {
                        "group": g,
                        "agree": int(model.group_stats.na[g, j]),
                        "disagree": int(model.group_stats.nd[g, j]),
                        "seen": int(model.group_stats.ns[g, j]),
                    }
                    for g in range(model.n_groups)
                ],
            }
        )
    return result


def consensus_json(model: ConsensusModel) -> dict[str, list[dict[str, Any]]]:
    ids = model.conversation.statement_ids
    return {
        direction: [
            {
                "statement": ids[c.statement],
                "n_success": c.n_success,
                "n_trials": c.n_trials,
                "p_success": c.p_success,
                "p_test": c.p_test,
            }
            for c in entries
        ]
        for direction, entries in (("agree", model.consensus.agree), ("disagree", model.consensus.disagree))
    }


def model_to_json(model: ConsensusModel) -> dict[str, Any]:
    """Everything in the model, keyed by participant and statement ids."""
    pca = model.pca
    return {
        "format": "tracktwo-consensus-model/1",
        "settings": {
            "seed": model.settings.seed,
            "min_stratum_size": model.settings.min_stratum_size,
            "confidence": model.settings.confidence,
        },
        "n_participants": model.conversation.n_participants,
        "n_statements": model.conversation.n_statements,
        "n_votes": model.conversation.n_votes,
        "pca": {
            "center": pca.center.tolist(),
            "components": pca.components.tolist(),
            "explained_variance": pca.explained_variance.tolist(),
        },
        "silhouettes": [{"k": k, "silhouette": s} for k, s in model.clustering.silhouettes],
        "participants": participants_json(model),
        "groups": groups_json(model),
        "statements": statements_json(model),
        "consensus": consensus_json(model),
    }
