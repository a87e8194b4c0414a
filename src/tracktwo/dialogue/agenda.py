"""Which statement a participant sees next: weighted by the engine's routing priorities,
with randomness, as Pol.is routes comments.

The draw is seeded by the participant and how many votes they have cast, so reloading
the page shows the same statement instead of reshuffling it; statements without a
priority yet (new since the last recompute) get the highest weight so they gather
votes quickly.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence

from tracktwo.dialogue.views import StatementView


def next_statement(
    candidates: Sequence[StatementView],
    voted: Mapping[int, int],
    priorities: Mapping[int, float] | None,
    participant_id: int,
) -> StatementView | None:
    """The next statement to show, or None when every candidate has a vote."""
    open_items = [item for item in candidates if item.id not in voted]
    if not open_items:
        return None
    known = [priorities[item.id] for item in open_items if priorities and item.id in priorities]
    fallback = max(known, default=1.0)
    weights = []
    for item in open_items:
        weight = priorities.get(item.id, fallback) if priorities else 1.0
        weights.append(weight if weight > 0 else 1e-9)
    seed = hashlib.sha256(f"{participant_id}:{len(voted)}".encode()).digest()
    rng = random.Random(int.from_bytes(seed[:8], "big"))
    return rng.choices(open_items, weights=weights, k=1)[0]
