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


def stratum_agreement_json(model: ConsensusModel, statement: int) -> list[dict[str, Any]]:
    """Agreement of one statement in every reported stratum (strata below k are absent)."""
    if model.strata is None:
        return []
    rows = []
    for table in model.strata.tables:
        for row, label in enumerate(table.labels):
            entry: dict[str, Any] = {
                "stratum": label,
                "n_participants": int(table.n_participants[row]),
                "seen": int(table.seen[row, statement]),
                "agrees": int(table.agrees[row, statement]),
                "disagrees": int(table.disagrees[row, statement]),
                "passes": int(table.passes[row, statement]),
                "agreement": _number(table.rate[row, statement]),
                "interval": [float(table.lower[row, statement]), float(table.upper[row, statement])],
            }
            if table.bootstrap_lower is not None and table.bootstrap_upper is not None:
                entry["bootstrap_interval"] = [
                    _number(table.bootstrap_lower[row, statement]),
                    _number(table.bootstrap_upper[row, statement]),
                ]
            rows.append(entry)
    return rows


def statements_json(model: ConsensusModel) -> list[dict[str, Any]]:
    pca = model.pca
    bridging = model.bridging
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
                "bridging": None if bridging is None else _number(bridging.statement_intercept[j]),
                "bridging_factor": None if bridging is None else _number(bridging.statement_factor[j]),
                "strata": stratum_agreement_json(model, j),
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


def _support_json(entry: Any) -> dict[str, Any]:
    return {
        "stratum": entry.label,
        "n_participants": entry.n_participants,
        "seen": entry.seen,
        "rate": _number(entry.rate),
        "interval": [entry.lower, entry.upper],
    }


def common_ground_json(model: ConsensusModel) -> dict[str, Any] | None:
    found = model.common_ground
    if found is None:
        return None
    ids = model.conversation.statement_ids

    def listing(entries: Any) -> list[dict[str, Any]]:
        return [
            {
                "statement": ids[e.statement],
                "min_lower": e.min_lower,
                "weakest_stratum": e.weakest_stratum,
                "support": [_support_json(s) for s in e.support],
            }
            for e in entries
        ]

    return {
        "strata": list(found.strata),
        "threshold": found.threshold,
        "confidence": found.confidence,
        "agreed": listing(found.agreement),
        "rejected": listing(found.rejection),
        "insufficient_evidence": [
            {"statement": ids[e.statement], "strata": list(e.strata)} for e in found.insufficient_evidence
        ],
    }


def cruxes_json(model: ConsensusModel) -> dict[str, Any] | None:
    found = model.cruxes
    if found is None:
        return None
    ids = model.conversation.statement_ids
    return {
        "q_threshold": found.q_threshold,
        "cruxes": [
            {
                "statement": ids[c.statement],
                "attributes": list(c.attributes),
                "method": c.method,
                "p_value": c.p_value,
                "q_value": c.q_value,
                "effect": c.effect,
                "most_agreeing": c.most_agreeing,
                "most_rate": c.most_rate,
                "least_agreeing": c.least_agreeing,
                "least_rate": c.least_rate,
                "rates": dict(zip(c.strata, c.rates, strict=True)),
            }
            for c in found.cruxes
        ],
    }


def bridging_json(model: ConsensusModel) -> dict[str, Any] | None:
    found = model.bridging
    if found is None:
        return None
    return {
        "mu": found.mu,
        "lambda_factor": found.lambda_factor,
        "lambda_intercept": found.lambda_intercept,
        "iterations": found.iterations,
        "converged": found.converged,
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
        "common_ground": common_ground_json(model),
        "cruxes": cruxes_json(model),
        "bridging": bridging_json(model),
    }
