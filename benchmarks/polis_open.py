"""tracktwo vs red-dwarf on the real Pol.is exports of ../shared/data/polis-open.

For each conversation: parse it once (outside the timing), then time the computation
alone, median of repeated runs after one warm-up call each:

- tracktwo: `compute_model(conversation)` on a Conversation built once;
- red-dwarf: `reddwarf.implementations.base.run_pipeline(votes, ...)` on a list of vote
  dicts built once from the same resolved votes (re-votes: latest by timestamp), with
  the moderated-out and meta statement ids and a fixed random_state.

The runs of the engines alternate, so machine noise hits both alike. A third timing,
"without bridging", runs compute_model with the bridging score (a statistic red-dwarf
does not compute) turned off: the same work as red-dwarf's pipeline.

Also the adjusted Rand index (ARI) between the groups found and Pol.is's own `group-id`
(participants-votes.csv), over participants that both clustered, for tracktwo and, for
context, for red-dwarf.

    .venv/bin/python benchmarks/polis_open.py [--repeats 5] [--data ../shared/data/polis-open]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import statistics
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from common import REPO, machine_info, print_table, profile_tree, timed, write_results
from tracktwo.consensus.engine import compute_model
from tracktwo.consensus.model import EngineSettings
from tracktwo.consensus.votes import Conversation, Statement, build_conversation, latest_votes

DEFAULT_DATA = REPO.parent / "shared" / "data" / "polis-open"
RANDOM_STATE = 0


@dataclass(frozen=True)
class Export:
    name: str
    conversation: Conversation
    polis_groups: Mapping[str, int | None]
    loader: str


# --- loading ------------------------------------------------------------------------------


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _own_loader(folder: Path) -> tuple[Conversation, dict[str, int | None]]:
    """A small fallback reader of a Pol.is export, used if the library's reader is missing."""
    comments = _read_rows(folder / "comments.csv")
    statements = [
        Statement(id=row["comment-id"], moderated=int(row["moderated"]), is_meta=row.get("is-meta") == "true")
        for row in sorted(comments, key=lambda r: int(r["comment-id"]))
    ]
    s_index = {st.id: k for k, st in enumerate(statements)}
    wide = _read_rows(folder / "participants-votes.csv")
    groups = {row["participant"]: int(row["group-id"]) if row["group-id"] else None for row in wide}
    if (folder / "votes.csv").exists():
        votes = _read_rows(folder / "votes.csv")
        triples = [(r["voter-id"], r["comment-id"], int(r["vote"]), int(r["timestamp"])) for r in votes]
    else:
        triples = [
            (row["participant"], sid, int(row[sid]), 0) for row in wide for sid in s_index if row.get(sid)
        ]
    ids = sorted({t[0] for t in triples} | set(groups), key=int)
    p_index = {pid: k for k, pid in enumerate(ids)}
    p, s, v = latest_votes(
        [p_index[t[0]] for t in triples],
        [s_index[t[1]] for t in triples],
        [t[2] for t in triples],
        [t[3] for t in triples],
    )
    return build_conversation(ids, statements, p, s, v), {pid: groups.get(pid) for pid in ids}


def load_export(folder: Path) -> Export:
    """Read with tracktwo's own Pol.is reader when it is there, else with the fallback above."""
    try:
        from tracktwo.dialogue.formats.polis_export import read_polis_export
    except ImportError:
        conversation, groups = _own_loader(folder)
        return Export(folder.name, conversation, groups, "benchmarks/polis_open.py")
    export = read_polis_export(folder)
    return Export(folder.name, export.conversation, export.polis_groups, "read_polis_export")


# --- the two engines ----------------------------------------------------------------------


def reddwarf_votes(conversation: Conversation) -> list[dict[str, int]]:
    """The same (already resolved) votes as red-dwarf's list of dicts; ids are integers."""
    pids = np.array([int(x) for x in conversation.participant_ids])[conversation.participant]
    sids = np.array([int(x) for x in conversation.statement_ids])[conversation.statement]
    return [
        {"participant_id": p, "statement_id": s, "vote": v, "modified": k}
        for k, (p, s, v) in enumerate(
            zip(pids.tolist(), sids.tolist(), conversation.value.tolist(), strict=True)
        )
    ]


def reddwarf_options(conversation: Conversation) -> dict[str, Any]:
    return {
        "mod_out_statement_ids": [int(st.id) for st in conversation.statements if st.moderated == -1],
        "meta_statement_ids": [int(st.id) for st in conversation.statements if st.is_meta],
        "random_state": RANDOM_STATE,
    }


def run_reddwarf(votes: list[dict[str, int]], options: dict[str, Any]) -> Any:
    from reddwarf.implementations.base import run_pipeline  # type: ignore[import-untyped]

    return run_pipeline(votes=votes, **options)


# --- agreement with Pol.is ------------------------------------------------------------------


def agreement_with_polis(labels: Mapping[str, int], polis: Mapping[str, int | None]) -> dict[str, Any]:
    """ARI and group counts over participants clustered by both (labels: id -> group, >= 0)."""
    from sklearn.metrics import adjusted_rand_score  # type: ignore[import-untyped]

    both = [pid for pid, g in labels.items() if g >= 0 and polis.get(pid) is not None]
    ours = [labels[pid] for pid in both]
    theirs = [polis[pid] for pid in both]
    return {
        "ari": float(adjusted_rand_score(theirs, ours)) if both else float("nan"),
        "n_compared": len(both),
        "groups": len({g for g in labels.values() if g >= 0}),
        "polis_groups": len({g for g in polis.values() if g is not None}),
    }


def tracktwo_labels(conversation: Conversation) -> dict[str, int]:
    labels = compute_model(conversation).clustering.labels
    return dict(zip(conversation.participant_ids, labels.tolist(), strict=True))


def reddwarf_labels(result: Any) -> dict[str, int]:
    cluster = result.participants_df["cluster_id"]
    return {str(pid): int(g) for pid, g in cluster.items() if g is not None and not _is_na(g)}


def _is_na(value: Any) -> bool:
    import pandas as pd  # type: ignore[import-untyped]

    return bool(pd.isna(value))


# --- the benchmark -------------------------------------------------------------------------


def interleaved_medians(
    calls: Mapping[str, Callable[[], object]], repeats: int
) -> dict[str, tuple[float, list[float]]]:
    """Median wall time of each call, the calls alternating so machine noise hits all alike.

    Each call runs once first, untimed, so lazy imports and caches are not measured.
    """
    for call in calls.values():
        call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            times[name].append(timed(call)[0])
    return {name: (statistics.median(values), values) for name, values in times.items()}


def stage_shares(conversation: Conversation) -> dict[str, float]:
    """Share of compute_model's time per direct callee (from one cProfile run)."""
    profile = profile_tree(lambda: compute_model(conversation), "compute_model", depth=1, min_share=0.02)
    return {child["name"]: round(child["share"], 3) for child in profile["tree"].get("children", [])}


def polis_equivalent_settings() -> EngineSettings | None:
    """Settings that leave out what red-dwarf does not compute (bridging), if the engine has the knob.

    Strata statistics do not run here anyway: Pol.is exports carry no strata.
    """
    if "bridging" not in {f.name for f in dataclasses.fields(EngineSettings)}:
        return None
    return dataclasses.replace(EngineSettings(), bridging=False)


def benchmark(export: Export, repeats: int) -> dict[str, Any]:
    conversation = export.conversation
    votes = reddwarf_votes(conversation)
    options = reddwarf_options(conversation)
    calls: dict[str, Callable[[], object]] = {
        "tracktwo": lambda: compute_model(conversation),
        "reddwarf": lambda: run_reddwarf(votes, options),
    }
    same_work = polis_equivalent_settings()
    if same_work is not None:
        calls["tracktwo_same_work"] = lambda: compute_model(conversation, same_work)
    medians = interleaved_medians(calls, repeats)
    (ours, our_times), (theirs, their_times) = medians["tracktwo"], medians["reddwarf"]
    same = medians.get("tracktwo_same_work")
    return {
        "conversation": export.name,
        "loader": export.loader,
        "participants": conversation.n_participants,
        "participants_voting": int(np.unique(conversation.participant).size),
        "statements": conversation.n_statements,
        "moderated_out": len(options["mod_out_statement_ids"]),
        "votes": conversation.n_votes,
        "tracktwo_s": ours,
        "tracktwo_times_s": our_times,
        "reddwarf_s": theirs,
        "reddwarf_times_s": their_times,
        "speedup": theirs / ours,
        "tracktwo_same_work_s": same[0] if same else None,
        "tracktwo_same_work_times_s": same[1] if same else None,
        "speedup_same_work": theirs / same[0] if same else None,
        "tracktwo_stage_shares": stage_shares(conversation),
        "tracktwo_vs_polis": agreement_with_polis(tracktwo_labels(conversation), export.polis_groups),
        "reddwarf_vs_polis": agreement_with_polis(
            reddwarf_labels(run_reddwarf(votes, options)), export.polis_groups
        ),
    }


def print_speed(rows: list[dict[str, Any]]) -> None:
    print_table(
        [
            "conversation",
            "participants",
            "statements",
            "votes",
            "tracktwo (ms)",
            "red-dwarf (ms)",
            "speed-up",
            "tracktwo w/o bridging (ms)",
            "speed-up w/o bridging",
        ],
        [
            [
                r["conversation"],
                f"{r['participants']:,}",
                f"{r['statements']:,}",
                f"{r['votes']:,}",
                f"{r['tracktwo_s'] * 1000:.1f}",
                f"{r['reddwarf_s'] * 1000:.1f}",
                f"{r['speedup']:.1f}x",
                f"{r['tracktwo_same_work_s'] * 1000:.1f}" if r["tracktwo_same_work_s"] else "-",
                f"{r['speedup_same_work']:.1f}x" if r["speedup_same_work"] else "-",
            ]
            for r in rows
        ],
    )


def print_agreement(rows: list[dict[str, Any]]) -> None:
    print_table(
        ["conversation", "compared", "groups (tracktwo / Pol.is)", "ARI tracktwo", "ARI red-dwarf"],
        [
            [
                r["conversation"],
                f"{r['tracktwo_vs_polis']['n_compared']:,}",
                f"{r['tracktwo_vs_polis']['groups']} / {r['tracktwo_vs_polis']['polis_groups']}",
                f"{r['tracktwo_vs_polis']['ari']:.3f}",
                f"{r['reddwarf_vs_polis']['ari']:.3f} ({r['reddwarf_vs_polis']['groups']} groups)",
            ]
            for r in rows
        ],
    )


def print_stage_shares(rows: list[dict[str, Any]]) -> None:
    print("tracktwo: share of compute_model time by stage (cProfile)")
    for r in rows:
        shares = ", ".join(
            f"{name.split(':')[0]} {share:.0%}" for name, share in r["tracktwo_stage_shares"].items()
        )
        print(f"  {r['conversation']}: {shares}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--label", default="", help="suffix of the results file name")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no polis-open data at {args.data}; nothing to benchmark", file=sys.stderr)
        return 1
    rows = []
    for folder in sorted(p for p in args.data.iterdir() if (p / "comments.csv").exists()):
        print(f"{folder.name} ...", file=sys.stderr, flush=True)
        rows.append(benchmark(load_export(folder), args.repeats))
    print_speed(rows)
    print()
    print_agreement(rows)
    print()
    print_stage_shares(rows)
    slowest = min(r["speedup"] for r in rows)
    print(f"\nsmallest speed-up {slowest:.1f}x (target: >= 10x on every conversation)")
    name = "polis-open" + (f"-{args.label}" if args.label else "")
    path = write_results(name, {"machine": machine_info(), "repeats": args.repeats, "rows": rows})
    print(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
