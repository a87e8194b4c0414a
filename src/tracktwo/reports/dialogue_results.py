"""A dialogue's results as a privacy-filtered document, for the results pages, the API
and exports.

Nothing here carries a participant id. Strata and opinion groups with fewer than k
members are suppressed: their counts become null and their members' map points carry no
group. Common ground, cruxes and per-stratum agreement come from the engine, which never
reports a stratum below k.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tracktwo.consensus.model import ConsensusModel
from tracktwo.dialogue.results import DialogueResults
from tracktwo.dialogue.views import StatementView
from tracktwo.reports.consensus_json import common_ground_json, cruxes_json


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 6)


def statement_json(item: StatementView) -> dict[str, Any]:
    return {
        "id": item.id,
        "text_en": item.text_en,
        "text_zh": item.text_zh,
        "translation_en": item.translation_en,
        "translation_zh": item.translation_zh,
        "policy_area": item.policy_area,
        "origin": item.origin,
        "state": item.state,
        "is_meta": item.is_meta,
    }


def reported_groups(model: ConsensusModel, k: int) -> list[int]:
    """Opinion groups with at least k members (smaller ones are never shown)."""
    labels = model.clustering.labels
    return [g for g in range(model.n_groups) if int((labels == g).sum()) >= k]


def _statement_id(model: ConsensusModel, index: int) -> int:
    return int(model.conversation.statement_ids[index])


def map_json(model: ConsensusModel, k: int) -> dict[str, Any]:
    shown = set(reported_groups(model, k))
    projection = model.pca.participant_projection
    labels = model.clustering.labels
    points = []
    for i in np.flatnonzero(model.clustered):
        x, y = _number(projection[i, 0]), _number(projection[i, 1])
        if x is None or y is None:
            continue
        group = int(labels[i])
        points.append({"x": x, "y": y, "group": group if group in shown else None})
    # Sorted so the order of points says nothing about who joined when.
    points.sort(key=lambda p: (p["x"], p["y"]))
    statements = [
        {
            "statement": _statement_id(model, j),
            "x": _number(model.pca.statement_projection[j, 0]),
            "y": _number(model.pca.statement_projection[j, 1]),
        }
        for j in range(model.conversation.n_statements)
    ]
    return {"points": points, "statements": statements}


def groups_json(model: ConsensusModel, k: int) -> list[dict[str, Any]]:
    labels = model.clustering.labels
    groups = []
    for g in reported_groups(model, k):
        representative = []
        for r in model.representative[g] if g < len(model.representative) else ():
            representative.append(
                {
                    "statement": _statement_id(model, r.statement),
                    "direction": r.repful_for,
                    "share": _number(r.n_success / r.n_trials) if r.n_trials else None,
                    "n_trials": r.n_trials,
                    "repness": _number(r.repness),
                }
            )
        groups.append({"id": g, "size": int((labels == g).sum()), "representative": representative})
    return groups


def vote_totals(model: ConsensusModel) -> dict[int, dict[str, int]]:
    matrix = model.conversation
    agrees = np.zeros(matrix.n_statements, dtype=np.int64)
    disagrees = np.zeros_like(agrees)
    passes = np.zeros_like(agrees)
    np.add.at(agrees, matrix.statement[matrix.value == 1], 1)
    np.add.at(disagrees, matrix.statement[matrix.value == -1], 1)
    np.add.at(passes, matrix.statement[matrix.value == 0], 1)
    return {
        _statement_id(model, j): {
            "agree": int(agrees[j]),
            "disagree": int(disagrees[j]),
            "pass": int(passes[j]),
        }
        for j in range(matrix.n_statements)
    }


def bridging_json(model: ConsensusModel) -> list[dict[str, Any]]:
    if model.bridging is None:
        return []
    scores = []
    for j in range(model.conversation.n_statements):
        value = _number(model.bridging.statement_intercept[j])
        if value is not None:
            scores.append({"statement": _statement_id(model, j), "score": value})
    scores.sort(key=lambda item: -item["score"])
    return scores


def _with_int_ids(document: dict[str, Any] | None, keys: tuple[str, ...]) -> dict[str, Any] | None:
    if document is None:
        return None
    for key in keys:
        for entry in document.get(key, []):
            entry["statement"] = int(entry["statement"])
    return document


def results_json(results: DialogueResults) -> dict[str, Any]:
    dialogue = results.dialogue
    k = dialogue.privacy_k
    model = results.model
    document: dict[str, Any] = {
        "dialogue": {
            "slug": dialogue.slug,
            "title_en": dialogue.title_en,
            "title_zh": dialogue.title_zh,
            "privacy_k": k,
            "simulated": dialogue.simulated,
            "closed": dialogue.closed_at is not None,
        },
        "computed_at": results.computed_at.isoformat(),
        "n_participants": results.n_participants
        if results.n_participants >= k or results.n_participants == 0
        else None,
        "n_votes": results.n_votes,
        "message": results.message,
        "participation": [
            {"attribute": c.attribute, "value": c.value, "invited": c.invited, "voted": c.voted}
            for c in results.participation
        ],
        "statements": [statement_json(item) for item in results.statements],
        "map": None,
        "groups": [],
        "common_ground": None,
        "cruxes": None,
        "bridging": [],
        "votes": {},
    }
    if model is not None:
        document["map"] = map_json(model, k)
        document["groups"] = groups_json(model, k)
        document["common_ground"] = _with_int_ids(
            common_ground_json(model), ("agreed", "rejected", "insufficient_evidence")
        )
        document["cruxes"] = _with_int_ids(cruxes_json(model), ("cruxes",))
        document["bridging"] = bridging_json(model)
        document["votes"] = {str(key): value for key, value in vote_totals(model).items()}
    return document


def participant_position(results: DialogueResults, participant_id: int) -> dict[str, Any] | None:
    """Where one participant stands on the map (shown to that participant only)."""
    model = results.model
    if model is None:
        return None
    key = str(participant_id)
    try:
        index = model.conversation.participant_ids.index(key)
    except ValueError:
        return None
    if not model.clustered[index]:
        return None
    group = int(model.clustering.labels[index])
    return {
        "x": _number(model.pca.participant_projection[index, 0]),
        "y": _number(model.pca.participant_projection[index, 1]),
        "group": group if group in reported_groups(model, results.dialogue.privacy_k) else None,
    }
