"""Does a replay of Pol.is's update history reproduce Pol.is's groups?

For each fixture of ../shared/data/polis-math and each batching rule, replay the votes in
time order (`consensus.history.replay_history`) and compare the final groups with the
groups Pol.is stored in math-pca2.json: adjusted Rand index over participants both
clustered, group count (own / Pol.is), number of updates and run time. The same rule
serves all three fixtures; the table shows how sensitive the result is to it.

    .venv/bin/python benchmarks/polis_history_parity.py [--restarts after_last_vote] [--quick]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from common import REPO, print_table, timed, write_results
from tracktwo.consensus.history import RESTART_RULES, Batching, ReplaySettings, replay_history
from tracktwo.consensus.rand_index import adjusted_rand_index
from tracktwo.dialogue.formats.polis_math import PolisMathFixture, read_polis_math

DEFAULT_DATA = REPO.parent / "shared" / "data" / "polis-math"
FIXTURES = ("25ptpt-3gp-no-strict-with-meta", "above-100-ptpts", "below-100-ptpts")
RULES = (
    Batching("window", 1),  # the worker polls for votes about once a second
    Batching("window", 0.5),
    Batching("window", 2),
    Batching("window", 5),
    Batching("window", 10),
    Batching("gap", 1),
    Batching("gap", 2),
    Batching("gap", 3),
    Batching("gap", 5),
    Batching("gap", 10),
    Batching("gap", 60),
    Batching("votes", 1),
    Batching("votes", 10),
    Batching("votes", 50),
)
QUICK_RULES = (Batching("window", 1), Batching("gap", 5), Batching("votes", 10))


@dataclass(frozen=True)
class Fixture:
    name: str
    polis: PolisMathFixture
    vote_times: np.ndarray[Any, np.dtype[np.float64]]


def load(data: Path, name: str) -> Fixture:
    polis = read_polis_math(data / name)
    return Fixture(name, polis, polis.vote_times)


def measure(fixture: Fixture, batching: Batching, settings: ReplaySettings) -> dict[str, Any]:
    seconds, result = timed(
        lambda: replay_history(fixture.polis.conversation, fixture.vote_times, settings, batching)
    )
    theirs = fixture.polis.reference.group_labels(fixture.polis.conversation.participant_ids)
    both = (theirs >= 0) & (result.labels >= 0)
    return {
        "fixture": fixture.name,
        "batching": str(batching),
        "restarts": settings.worker_restarts,
        "ari": adjusted_rand_index(theirs[both], result.labels[both]),
        "k": result.n_groups,
        "polis_k": len(fixture.polis.reference.groups),
        "updates": result.n_updates,
        "in_conv": int(result.in_conversation.sum()),
        "polis_in_conv": len(fixture.polis.reference.in_conv),
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--restarts", choices=RESTART_RULES, action="append")
    parser.add_argument("--quick", action="store_true", help="three batching rules only")
    args = parser.parse_args()
    fixtures = [load(args.data, name) for name in FIXTURES]
    rows = []
    for restarts in args.restarts or ["after_last_vote", "never"]:
        settings = ReplaySettings(worker_restarts=restarts)
        for batching in QUICK_RULES if args.quick else RULES:
            for fixture in fixtures:
                rows.append(measure(fixture, batching, settings))
                print(json.dumps(rows[-1]), flush=True)
    print_table(
        ["fixture", "batching", "restarts", "ARI", "k own / Pol.is", "updates", "in-conv own / Pol.is", "s"],
        [
            [
                r["fixture"],
                r["batching"],
                r["restarts"],
                f"{r['ari']:.3f}",
                f"{r['k']} / {r['polis_k']}",
                str(r["updates"]),
                f"{r['in_conv']} / {r['polis_in_conv']}",
                f"{r['seconds']:.1f}",
            ]
            for r in rows
        ],
    )
    print(write_results("polis-history-parity", {"rows": rows}))


if __name__ == "__main__":
    main()
