"""Votes under load: `tracktwo serve` on loopback, many participants voting at once.

For each backend (SQLite file; PostgreSQL started with fsync on) the script seeds a
dialogue through the services, starts `python -m tracktwo.cli serve --db ...` as a
subprocess, exchanges every invite for a session through the API, then runs, in turn
(with a minimal asyncio HTTP/1.1 client on `--connections` keep-alive connections: httpx
needs about 2 ms of CPU per request, as much as the server):

1. open loop at `--rate` requests/s, `--votes` requests each (arrivals at fixed
   intervals, latency counted from the moment a request was due, so a server that falls
   behind is charged for the queue):
   a. baseline: GET of a static file (`/static/tracktwo.css`), the generator's and
      the HTTP stack's own cost;
   b. votes: POST /api/v1/participant/votes, each with a unique `client_key`;
2. closed loop with `--concurrency` requests in flight, `--votes` requests each: the
   most the server answers per second:
   a. baseline static file; b. GET /api/v1/participant (the bearer-token lookup and one
   read); c. votes.

Then it reads the store directly and checks that every vote acknowledged with 201 is
there with its value and that the store holds no vote that was not acknowledged.

The client runs on the same 2 cores as the server, so its CPU time is
recorded next to the server's (and the whole machine's: it is shared). Results:
benchmarks/results/dialogue-load.json.

Diagnostics: `--phases` runs a subset; `--debounce S` and `--workers N` start the same
app through a small launcher (dialogue_common.LAUNCHER) with that recompute debounce or
that many uvicorn worker processes, to see what the background recompute costs the votes
and whether more processes help.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine_info, print_table, write_results
from dialogue_common import (
    Server,
    machine_busy_seconds,
    open_sessions,
    process_cpu_seconds,
    seed_dialogue,
    served,
    sqlite_url,
    stored_votes,
)

VALUES = ("agree", "disagree", "pass")


@dataclass
class Vote:
    token: str
    statement: int
    value: str
    key: str


@dataclass
class Phase:
    name: str
    mode: str  # "open" (fixed rate) or "closed" (fixed concurrency)
    latencies: list[float] = field(default_factory=list)  # seconds, answered requests
    statuses: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    machine_busy: float = 0.0
    acked: list[tuple[str, int, int]] = field(default_factory=list)  # (client_key, vote_id, value)

    def summary(self) -> dict[str, Any]:
        ok = sum(n for status, n in self.statuses.items() if status in ("200", "201"))
        quantiles = statistics.quantiles(self.latencies, n=100) if len(self.latencies) > 1 else [0.0] * 99
        return {
            "phase": self.name,
            "mode": self.mode,
            "requests": sum(self.statuses.values()),
            "statuses": dict(sorted(self.statuses.items())),
            "answered_per_s": round(ok / self.wall, 1) if self.wall else 0.0,
            "p50_ms": round(quantiles[49] * 1000, 1),
            "p95_ms": round(quantiles[94] * 1000, 1),
            "p99_ms": round(quantiles[98] * 1000, 1),
            "max_ms": round(max(self.latencies, default=0.0) * 1000, 1),
            "wall_s": round(self.wall, 2),
            "client_cpu_pct_of_core": round(100 * self.client_cpu / self.wall, 1) if self.wall else 0.0,
            "server_cpu_pct_of_core": round(100 * self.server_cpu / self.wall, 1) if self.wall else 0.0,
            "machine_busy_pct_of_2_cores": round(100 * self.machine_busy / self.wall / 2, 1)
            if self.wall
            else 0.0,
            "server_cpu_ms_per_request": round(1000 * self.server_cpu / max(ok, 1), 2),
        }


class Connection:
    """One keep-alive HTTP/1.1 connection, written by hand: httpx costs the client about
    2 ms of CPU per request, as much as the server's work, on the same 2 cores."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        match = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
        body = await self.reader.readexactly(int(match.group(1))) if match else b""
        return status, body

    def close(self) -> None:
        self.writer.close()


def http_request(method: str, path: str, headers: dict[str, str] | None = None, body: Any = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    payload = b""
    if body is not None:
        payload = json.dumps(body).encode()
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


@dataclass(frozen=True)
class Job:
    raw: bytes
    client_key: str | None = None  # votes only


class Pool:
    def __init__(self, connections: list[Connection]) -> None:
        self.free: asyncio.Queue[Connection] = asyncio.Queue()
        for connection in connections:
            self.free.put_nowait(connection)


async def _one(pool: Pool, job: Job, since: float, phase: Phase) -> None:
    connection = await pool.free.get()
    try:
        status, body = await connection.request(job.raw)
    except (OSError, asyncio.IncompleteReadError) as error:
        key = type(error).__name__
        phase.statuses[key] = phase.statuses.get(key, 0) + 1
        return  # the connection is dropped
    pool.free.put_nowait(connection)
    phase.latencies.append(time.perf_counter() - since)
    key = str(status)
    phase.statuses[key] = phase.statuses.get(key, 0) + 1
    if status == 201 and job.client_key is not None:
        answer = json.loads(body)
        phase.acked.append((job.client_key, answer["vote_id"], answer["vote"]))


async def open_loop(pool: Pool, jobs: list[Job], rate: float, phase: Phase) -> None:
    start = time.perf_counter()
    tasks = []
    for index, job in enumerate(jobs):
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_one(pool, job, due, phase)))
    await asyncio.gather(*tasks)


async def closed_loop(pool: Pool, jobs: list[Job], concurrency: int, phase: Phase) -> None:
    queue = iter(jobs)

    async def worker() -> None:
        for job in queue:
            await _one(pool, job, time.perf_counter(), phase)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def measure(
    server: Server, phase: Phase, jobs: list[Job], rate: float, concurrency: int, connections: int
) -> Phase:
    host, port = server.base_url.removeprefix("http://").split(":")
    opened = [await Connection.open(host, int(port)) for _ in range(connections)]
    pool = Pool(opened)
    try:
        cpu0, server0, (busy0, _) = (
            time.process_time(),
            process_cpu_seconds(server.process.pid),
            machine_busy_seconds(),
        )
        wall0 = time.perf_counter()
        if phase.mode == "open":
            await open_loop(pool, jobs, rate, phase)
        else:
            await closed_loop(pool, jobs, concurrency, phase)
        phase.wall = time.perf_counter() - wall0
        phase.client_cpu = time.process_time() - cpu0
        phase.server_cpu = process_cpu_seconds(server.process.pid) - server0
        phase.machine_busy = machine_busy_seconds()[0] - busy0
    finally:
        for connection in opened:
            connection.close()
    return phase


def vote_plan(tokens: list[str], statement_ids: tuple[int, ...], seed: int) -> list[Vote]:
    """Every (participant, statement) pair once, in rounds: each round gives every
    participant one vote, in a shuffled order, so no participant votes faster than
    total rate / participants (the per-participant rate limit is 20/s)."""
    rng = random.Random(seed)
    orders = [rng.sample(statement_ids, len(statement_ids)) for _ in tokens]
    plan = []
    for round_number in range(len(statement_ids)):
        who = list(range(len(tokens)))
        rng.shuffle(who)
        for p in who:
            statement = orders[p][round_number]
            plan.append(Vote(tokens[p], statement, rng.choice(VALUES), f"p{p}-s{statement}"))
    return plan


def vote_jobs(votes: list[Vote]) -> list[Job]:
    return [
        Job(
            http_request(
                "POST",
                "/api/v1/participant/votes",
                {"Authorization": f"Bearer {v.token}"},
                {"statement": v.statement, "vote": v.value, "client_key": v.key},
            ),
            v.key,
        )
        for v in votes
    ]


def static_jobs(n: int) -> list[Job]:
    return [Job(http_request("GET", "/static/tracktwo.css"))] * n


def me_jobs(tokens: list[str], n: int) -> list[Job]:
    return [
        Job(
            http_request("GET", "/api/v1/participant", {"Authorization": f"Bearer {tokens[i % len(tokens)]}"})
        )
        for i in range(n)
    ]


def check_store(url: str, dialogue_id: int, acked: list[tuple[str, int, int]]) -> dict[str, Any]:
    """Every acknowledged vote in the store with its value, and nothing else."""
    rows = stored_votes(url, dialogue_id)
    stored = {key: (vote_id, value) for key, vote_id, value in rows}
    missing = [key for key, vote_id, value in acked if stored.get(key) != (vote_id, value)]
    return {
        "acknowledged_new": len(acked),
        "rows_in_store": len(rows),
        "acknowledged_but_missing_or_wrong": len(missing),
        "rows_not_acknowledged": len(rows) - (len(acked) - len(missing)),
    }


async def run_backend(url: str, args: argparse.Namespace) -> dict[str, Any]:
    seeded = seed_dialogue(url, args.participants, args.statements)
    with served(url, debounce=args.debounce, workers=args.workers) as server:
        tokens = open_sessions(server.base_url, seeded.invite_tokens)
        plan = vote_plan(tokens, seeded.statement_ids, seed=0)
        n = args.votes
        needed = len(tokens) + 2 * n
        if needed > len(plan):
            raise SystemExit(f"{needed} votes needed but only {len(plan)} pairs: raise --statements")
        phases: list[Phase] = []
        # Warm-up: one vote per participant (imports, caches, the first recompute).
        warm = await measure(
            server, Phase("votes warm-up", "closed"), vote_jobs(plan[: len(tokens)]), 0, 16, 16
        )
        open_votes = plan[len(tokens) : len(tokens) + n]
        closed_votes = plan[len(tokens) + n : len(tokens) + 2 * n]
        every = {
            "static-open": (Phase("static file", "open"), static_jobs(n)),
            "votes-open": (Phase("votes", "open"), vote_jobs(open_votes)),
            "static-closed": (Phase("static file", "closed"), static_jobs(n)),
            "me-closed": (Phase("GET /participant (auth + read)", "closed"), me_jobs(tokens, n)),
            "votes-closed": (Phase("votes", "closed"), vote_jobs(closed_votes)),
        }
        for name in args.phases.split(","):
            phase, jobs = every[name]
            print(f"  {phase.name} ({phase.mode} loop) ...", flush=True)
            phases.append(await measure(server, phase, jobs, args.rate, args.concurrency, args.connections))
            print(f"    {phases[-1].summary()}", flush=True)
            time.sleep(1.0)  # let the debounced recompute run between phases
        acked = warm.acked + [a for p in phases for a in p.acked]
    store = check_store(url, seeded.dialogue_id, acked)
    return {"phases": [warm.summary()] + [p.summary() for p in phases], "store": store}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--statements", type=int, default=110)
    parser.add_argument("--votes", type=int, default=10_000, help="requests per phase")
    parser.add_argument("--rate", type=float, default=500.0, help="open-loop arrivals per second")
    parser.add_argument("--concurrency", type=int, default=32, help="closed-loop requests in flight")
    parser.add_argument("--connections", type=int, default=64, help="client connection pool size")
    parser.add_argument("--label", default="", help="suffix of the results file")
    parser.add_argument(
        "--debounce",
        type=float,
        default=None,
        help="diagnostic: start the app with this recompute debounce (s) instead of through the CLI",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="diagnostic: uvicorn worker processes (through the launcher)"
    )
    parser.add_argument(
        "--phases",
        default="static-open,votes-open,static-closed,me-closed,votes-closed",
        help="comma-separated subset of the phases, run in the order given",
    )
    args = parser.parse_args()

    results: dict[str, Any] = {"machine": machine_info(), "args": vars(args), "backends": {}}
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for backend in backends:
        print(f"{backend}:", flush=True)
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(prefix="tracktwo-load-") as folder:
                results["backends"][backend] = asyncio.run(
                    run_backend(sqlite_url(Path(folder) / "load.db"), args)
                )
        else:
            from support.postgres_server import PostgresServer

            with PostgresServer("tracktwo_load", durable=True) as server:
                results["backends"][backend] = asyncio.run(run_backend(server.url, args))
        print(f"  store check: {results['backends'][backend]['store']}", flush=True)

    header = [
        "backend",
        "phase",
        "loop",
        "answered/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "client CPU %",
        "server CPU %",
        "server ms/req",
    ]
    rows = []
    for backend, found in results["backends"].items():
        for s in found["phases"]:
            errors = sum(n for status, n in s["statuses"].items() if status not in ("200", "201"))
            rows.append(
                [
                    backend,
                    s["phase"],
                    s["mode"],
                    f"{s['answered_per_s']:.0f}",
                    f"{s['p50_ms']:.1f}",
                    f"{s['p95_ms']:.1f}",
                    f"{s['p99_ms']:.1f}",
                    str(errors),
                    f"{s['client_cpu_pct_of_core']:.0f}",
                    f"{s['server_cpu_pct_of_core']:.0f}",
                    f"{s['server_cpu_ms_per_request']:.2f}",
                ]
            )
    print_table(header, rows)
    path = write_results("dialogue-load" + (f"-{args.label}" if args.label else ""), results)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
