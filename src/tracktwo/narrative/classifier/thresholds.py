"""The decision threshold of one frame: the score cut that gives the best F1 on validation scores."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

# A frame whose threshold is NEVER is not predicted at all (too few examples to learn it).
NEVER = math.inf


def best_f1_threshold(scores: npt.NDArray[np.float64], truth: npt.NDArray[np.bool_]) -> float:
    """The cut (predict when score >= cut) that maximises F1; NEVER when nothing is positive.

    The cut sits halfway between the lowest score predicted positive and the next score
    below it, so that it does not rest on a single validation sentence's exact score.
    """
    positives = int(truth.sum())
    if positives == 0:
        return NEVER
    order = np.argsort(-scores, kind="stable")
    ranked_scores, ranked_truth = scores[order], truth[order]
    true_positives = np.cumsum(ranked_truth)
    predicted = np.arange(1, len(scores) + 1)
    f1 = 2 * true_positives / (predicted + positives)
    # Only cut between distinct scores: tied sentences must fall on the same side.
    distinct = np.append(ranked_scores[1:] < ranked_scores[:-1], True)
    f1 = np.where(distinct, f1, -1.0)
    k = int(np.argmax(f1))
    below = ranked_scores[k + 1] if k + 1 < len(ranked_scores) else 0.0
    return float((ranked_scores[k] + below) / 2)
