"""Recomputing a dialogue's results: `compute_results(session, dialogue_id)` on a store.

A dialogue of `--participants` x `--statements` (default 1,000 x 200) with votes from the
seeded synthetic model of `synthetic.py` (`--density` of all pairs voted, default 60%;
country and sector strata leaning by camp) is written into a SQLite file (and, with
`--backend postgresql` or `both`, into a PostgreSQL started with fsync on). Then, in
rounds, it times the whole `compute_results` and its two parts: reading from the store
(`read_conversation` + `participation`) and the engine (`compute_model` with the
dialogue's `engine_settings`), each the median of `--repeats` runs. One profiled engine
run splits the engine by stage. Results: benchmarks/results/dialogue-recompute.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text, update

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dialogue_common  # noqa: F401  (importing it puts tests/ on sys.path, for support.*)
from common import machine_info, print_table, print_tree, profile_tree, timed, write_results
from synthetic import synthetic_votes
from tracktwo.consensus.engine import compute_model
from tracktwo.dialogue.results import (
    compute_results,
    engine_settings,
    participation,
    read_conversation,
)
from tracktwo.dialogue.services.dialogues import DialogueSpec, create_dialogue, dialogue_by_id
from tracktwo.dialogue.services.invites import InviteRequest, create_invites
from tracktwo.dialogue.services.organisers import create_organiser
from tracktwo.dialogue.services.statements import StatementDraft, add_statements
from tracktwo.dialogue.store.database import Database, open_database
from tracktwo.dialogue.store.schema import Participant, VoteRow, utc_now

COUNTRIES = ("US", "CN", "UK", "EU", "SG", "IN")  # the synthetic model's order
SECTORS = ("academia", "civil_society", "industry", "government")


def seed(database: Database, n_participants: int, n_statements: int, density: float) -> tuple[int, int]:
    votes = synthetic_votes(
        n_participants, n_statements, int(density * n_participants * n_statements), seed=0
    )
    now = utc_now()
    with database.session() as session:
        organiser = create_organiser(session, "recompute@example.org", "benchmark password 123", "Bench")
        dialogue = create_dialogue(
            session,
            organiser.id,
            DialogueSpec(title_en="Recompute", title_zh="重新计算", countries=COUNTRIES, sectors=SECTORS),
        )
        statements = add_statements(
            session,
            dialogue.slug,
            organiser.id,
            [StatementDraft(text_en=f"Synthetic statement number {j}.") for j in range(n_statements)],
        )
        made = []
        for start in range(0, n_participants, 1000):
            made += create_invites(
                session,
                dialogue.slug,
                organiser.id,
                [
                    # Undeclared strata (-1) in the model become the first value: the store requires one.
                    InviteRequest(COUNTRIES[max(int(c), 0)], SECTORS[max(int(s), 0)])
                    for c, s in zip(
                        votes.country[start : start + 1000], votes.sector[start : start + 1000], strict=True
                    )
                ],
            )
        ids = [m.participant_id for m in made]
        session.execute(
            update(Participant)
            .where(Participant.dialogue_id == dialogue.id)
            .values(redeemed_at=now, accepted_terms_at=now)
        )
        session.execute(
            insert(VoteRow),
            [
                {
                    "dialogue_id": dialogue.id,
                    "participant_id": ids[p],
                    "statement_id": statements[s].id,
                    "value": int(v),
                    "created_at": now - timedelta(seconds=len(votes.value) - i),
                }
                for i, (p, s, v) in enumerate(
                    zip(
                        votes.participant.tolist(),
                        votes.statement.tolist(),
                        votes.value.tolist(),
                        strict=True,
                    )
                )
            ],
        )
    return dialogue.id, votes.n_votes


def measure(database: Database, dialogue_id: int, repeats: int) -> dict[str, Any]:
    def whole() -> Any:
        with database.session() as session:
            return compute_results(session, dialogue_id)

    def read() -> Any:
        with database.session() as session:
            dialogue = dialogue_by_id(session, dialogue_id)
            conversation, _ = read_conversation(session, dialogue)
            participation(session, dialogue)
            return dialogue, conversation

    _, (dialogue, conversation) = timed(read)  # warm-up: imports, caches, the page cache
    whole()
    times: dict[str, list[float]] = {"compute_results": [], "read": [], "engine": []}
    settings = engine_settings(dialogue)
    for _ in range(repeats):  # interleaved, so a burst of noise hits all three alike
        times["compute_results"].append(timed(whole)[0])
        times["read"].append(timed(read)[0])
        times["engine"].append(timed(lambda: compute_model(conversation, settings))[0])
    found = whole()
    tree = profile_tree(
        lambda: compute_model(conversation, settings), "compute_model", depth=2, min_share=0.03
    )
    return {
        "participants_voted": found.n_participants,
        "votes": found.n_votes,
        "groups": None if found.model is None else int(found.model.clustering.n_groups),
        "median_s": {name: statistics.median(values) for name, values in times.items()},
        "times_s": times,
        "engine_profile": tree,
    }


def measure_read_once(database: Database, dialogue_id: int) -> float:
    with database.session() as session:
        dialogue = dialogue_by_id(session, dialogue_id)
        return timed(lambda: read_conversation(session, dialogue))[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--density", type=float, default=0.6)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--label", default="")
    args = parser.parse_args()

    results: dict[str, Any] = {"machine": machine_info(), "args": vars(args), "backends": {}}
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for backend in backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(prefix="tracktwo-recompute-") as folder:
                database = open_database(f"sqlite:///{Path(folder) / 'recompute.db'}")
                dialogue_id, n_votes = seed(database, args.participants, args.statements, args.density)
                results["backends"][backend] = measure(database, dialogue_id, args.repeats)
                database.dispose()
        else:
            from support.postgres_server import PostgresServer

            with PostgresServer("tracktwo_recompute", durable=True) as server:
                database = open_database(server.url)
                dialogue_id, n_votes = seed(database, args.participants, args.statements, args.density)
                # Freshly loaded tables have no planner statistics until autovacuum's ANALYZE
                # (within a minute of a bulk load); without them the read picks a poor plan.
                before = measure_read_once(database, dialogue_id)
                with database.engine.connect() as connection:
                    connection.execute(text("ANALYZE"))
                    connection.commit()
                results["backends"][backend] = measure(database, dialogue_id, args.repeats)
                results["backends"][backend]["read_before_analyze_s"] = before
                database.dispose()
        found = results["backends"][backend]
        print(f"{backend}: {n_votes} votes seeded; {found['median_s']}", flush=True)
        if "read_before_analyze_s" in found:
            print(f"  read before ANALYZE: {found['read_before_analyze_s']:.3f} s")
        print(f"  times: { {k: [round(t, 3) for t in v] for k, v in found['times_s'].items()} }")

    rows = []
    for backend, found in results["backends"].items():
        m = found["median_s"]
        rows.append(
            [
                backend,
                f"{found['participants_voted']:,}",
                f"{found['votes']:,}",
                f"{m['compute_results']:.3f}",
                f"{m['read']:.3f}",
                f"{m['engine']:.3f}",
            ]
        )
    print_table(["backend", "participants", "votes", "compute_results s", "read s", "engine s"], rows)
    for backend, found in results["backends"].items():
        print(f"{backend} engine profile:")
        print_tree(found["engine_profile"]["tree"])
    path = write_results("dialogue-recompute" + (f"-{args.label}" if args.label else ""), results)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
