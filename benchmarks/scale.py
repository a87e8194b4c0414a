"""The whole model (compute_model) on large synthetic conversations: wall time and peak memory.

Sizes (targets from the issue):

- medium: 100,000 participants x 2,000 statements x 5,000,000 votes; under 20 s on
  2 cores and under 3 GB peak memory; median of 3 runs.
- large: 1,000,000 participants x 10,000 statements x 50,000,000 votes; runs to
  completion, figures recorded (1 run).

The votes come from `synthetic.py` (seeded) and are cached as .npy files under
benchmarks/results/cache/. Every measurement runs in a fresh interpreter: it loads the
votes, builds the Conversation, records the RSS (the baseline), resets the kernel's
peak-RSS counter, runs compute_model and reads the peak again. In the same process it
then times two fixed baselines, so figures from a noisy machine can be judged:

- `gram_matvec`: 10 passes of x -> A^T (A x) over the sparse vote matrix (what one
  Lanczos step of the PCA costs, memory-bound);
- `svd_1000`: np.linalg.svd of a fixed, seeded 1000 x 1000 matrix (BLAS/LAPACK-bound).

A last run, under cProfile, gives the time by engine stage (the call tree below
compute_model).

    .venv/bin/python benchmarks/scale.py --size medium [--runs 3] [--no-profile]
    .venv/bin/python benchmarks/scale.py --size large
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from common import (
    BENCHMARKS,
    RESULTS,
    current_rss_mib,
    machine_info,
    median_time,
    peak_rss_mib,
    print_tree,
    profile_tree,
    reset_peak_rss,
    run_json_subprocess,
    timed,
    write_results,
)
from synthetic import SyntheticVotes, synthetic_votes, to_conversation
from tracktwo.consensus.engine import compute_model
from tracktwo.consensus.votes import Conversation

SEED = 0
CACHE = RESULTS / "cache"
SCRIPT = str(Path(__file__).resolve())


@dataclass(frozen=True)
class Size:
    participants: int
    statements: int
    votes: int
    runs: int
    target_seconds: float | None = None
    target_peak_gb: float | None = None


SIZES = {
    "medium": Size(100_000, 2_000, 5_000_000, runs=3, target_seconds=20.0, target_peak_gb=3.0),
    "large": Size(1_000_000, 10_000, 50_000_000, runs=1),
    # Not an issue target: a quick check that the script works.
    "small": Size(10_000, 500, 500_000, runs=3),
}
ARRAYS = ("participant", "statement", "value", "camp", "country", "sector")


# --- the cached input ------------------------------------------------------------------------


def cache_folder(name: str) -> Path:
    """One folder per size, seed and version of the generator (so edits invalidate it)."""
    digest = hashlib.sha256((BENCHMARKS / "synthetic.py").read_bytes()).hexdigest()[:10]
    return CACHE / f"{name}-seed{SEED}-{digest}"


def save_votes(votes: SyntheticVotes, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for array in ARRAYS:
        np.save(folder / f"{array}.npy", getattr(votes, array))
    meta = {"n_participants": votes.n_participants, "n_statements": votes.n_statements}
    (folder / "meta.json").write_text(json.dumps(meta))


def load_votes(folder: Path) -> SyntheticVotes:
    meta = json.loads((folder / "meta.json").read_text())
    arrays = {array: np.load(folder / f"{array}.npy") for array in ARRAYS}
    return SyntheticVotes(**meta, **arrays)


def load_conversation(name: str) -> tuple[Conversation, float]:
    """The cached votes as a Conversation, and the seconds build_conversation took."""
    votes = load_votes(cache_folder(name))
    seconds, conversation = timed(lambda: to_conversation(votes))
    return conversation, seconds


# --- workers (each runs in its own interpreter) -------------------------------------------------


def work_generate(name: str) -> dict[str, Any]:
    size = SIZES[name]
    seconds, votes = timed(lambda: synthetic_votes(size.participants, size.statements, size.votes, seed=SEED))
    save_votes(votes, cache_folder(name))
    return {"generate_s": seconds, "n_votes": votes.n_votes}


def _baselines(conversation: Conversation) -> dict[str, float]:
    """Fixed work timed in the same process as the model: see the module docstring."""
    import scipy.sparse as sp

    shape = (conversation.n_participants, conversation.n_statements)
    matrix = sp.csr_matrix(
        (conversation.value.astype(np.float64), (conversation.participant, conversation.statement)),
        shape=shape,
    )
    transposed = matrix.T.tocsr()
    vector = np.ones(shape[1])

    def gram_matvec() -> None:
        x = vector
        for _ in range(10):
            x = transposed @ (matrix @ x)
            x /= np.linalg.norm(x)

    square = np.random.default_rng(0).standard_normal((1000, 1000))
    return {
        "gram_matvec_s": median_time(gram_matvec, 3)[0],
        "svd_1000_s": median_time(lambda: np.linalg.svd(square), 3)[0],
    }


def _iterative_fits(model: Any) -> dict[str, Any]:
    """Iterations of the engine's iterative fits, where the model reports them (cost drivers)."""
    bridging = getattr(model, "bridging", None)
    if bridging is None or not hasattr(bridging, "iterations"):
        return {}
    return {"bridging_iterations": bridging.iterations, "bridging_converged": bridging.converged}


def work_measure(name: str) -> dict[str, Any]:
    conversation, build_s = load_conversation(name)
    gc.collect()
    peak_before = peak_rss_mib()
    baseline = current_rss_mib()
    exact_peak = reset_peak_rss()
    cpu_start = time.process_time()
    seconds, model = timed(lambda: compute_model(conversation))
    cpu = time.process_time() - cpu_start
    peak = peak_rss_mib()
    result = {
        "compute_model_s": seconds,
        "compute_model_cpu_s": cpu,
        "baseline_rss_mib": baseline,
        "peak_rss_mib": peak,
        "peak_increase_mib": peak - baseline,
        "peak_is_of_compute_only": exact_peak,
        "peak_rss_while_loading_mib": peak_before,
        "build_conversation_s": build_s,
        "n_votes": conversation.n_votes,
        "n_clustered": int(model.clustered.sum()),
        "n_groups": model.n_groups,
        "group_sizes": np.bincount(model.clustering.labels[model.clustering.labels >= 0]).tolist(),
        **_iterative_fits(model),
    }
    del model
    gc.collect()
    result.update(_baselines(conversation))
    return result


def work_profile(name: str) -> dict[str, Any]:
    conversation, _ = load_conversation(name)
    start = time.perf_counter()
    profile = profile_tree(lambda: compute_model(conversation), "compute_model", depth=4, min_share=0.02)
    profile["profiled_wall_s"] = time.perf_counter() - start
    return profile


WORKERS = {"generate": work_generate, "measure": work_measure, "profile": work_profile}


# --- the driver --------------------------------------------------------------------------------


def ensure_cache(name: str) -> dict[str, Any]:
    if (cache_folder(name) / "meta.json").exists():
        return {"generate_s": None, "cached": True}
    print(f"[{name}] generating the synthetic votes ...", file=sys.stderr, flush=True)
    return run_json_subprocess([SCRIPT, "--size", name, "--worker", "generate"])


def summarise(name: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    size = SIZES[name]
    median = statistics.median(r["compute_model_s"] for r in runs)
    peak = max(r["peak_rss_mib"] for r in runs)
    gram = statistics.median(r["gram_matvec_s"] for r in runs)
    svd = statistics.median(r["svd_1000_s"] for r in runs)
    summary: dict[str, Any] = {
        "compute_model_median_s": median,
        "compute_model_times_s": [r["compute_model_s"] for r in runs],
        "compute_model_cpu_median_s": statistics.median(r["compute_model_cpu_s"] for r in runs),
        "peak_rss_mib": peak,
        "peak_increase_mib": max(r["peak_increase_mib"] for r in runs),
        "baseline_rss_mib": statistics.median(r["baseline_rss_mib"] for r in runs),
        "gram_matvec_s": gram,
        "svd_1000_s": svd,
        "model_over_gram_matvec": median / gram,
        "model_over_svd_1000": median / svd,
    }
    if size.target_seconds is not None:
        summary["time_target_met"] = median < size.target_seconds
    if size.target_peak_gb is not None:
        summary["memory_target_met"] = peak * 2**20 < size.target_peak_gb * 1e9
    return summary


def print_summary(name: str, size: Size, runs: list[dict[str, Any]], summary: dict[str, Any]) -> None:
    first = runs[0]
    print(
        f"\n## {name}: {size.participants:,} participants x {size.statements:,} statements x "
        f"{first['n_votes']:,} votes (requested {size.votes:,})"
    )
    print(f"build_conversation (input, not timed): {first['build_conversation_s']:.1f} s")
    print(
        f"compute_model: median {summary['compute_model_median_s']:.2f} s over {len(runs)} run(s) "
        f"{[round(t, 2) for t in summary['compute_model_times_s']]}; "
        f"CPU time (all threads) median {summary['compute_model_cpu_median_s']:.2f} s"
    )
    print(
        f"peak RSS: {summary['peak_rss_mib']:,.0f} MiB "
        f"(input baseline {summary['baseline_rss_mib']:,.0f} MiB, "
        f"increase {summary['peak_increase_mib']:,.0f} MiB)"
    )
    print(
        f"baselines: gram_matvec x10 {summary['gram_matvec_s']:.3f} s -> model = "
        f"{summary['model_over_gram_matvec']:.3g} x; svd(1000x1000) {summary['svd_1000_s']:.3f} s -> "
        f"model = {summary['model_over_svd_1000']:.3g} x"
    )
    print(f"clustered {first['n_clustered']:,}, groups {first['n_groups']} sizes {first['group_sizes']}")
    if "bridging_iterations" in first:
        print(f"bridging: {first['bridging_iterations']} iterations, converged {first['bridging_converged']}")
    for key, label in (("time_target_met", "time < 20 s"), ("memory_target_met", "peak < 3 GB")):
        if key in summary:
            print(f"target {label}: {'MET' if summary[key] else 'NOT MET'}")


def run_size(name: str, runs: int, profile: bool) -> dict[str, Any]:
    size = SIZES[name]
    generation = ensure_cache(name)
    measurements = []
    for k in range(runs):
        print(f"[{name}] measurement {k + 1}/{runs} ...", file=sys.stderr, flush=True)
        measurements.append(run_json_subprocess([SCRIPT, "--size", name, "--worker", "measure"]))
    summary = summarise(name, measurements)
    print_summary(name, size, measurements, summary)
    result: dict[str, Any] = {
        "size": asdict(size),
        "generation": generation,
        "runs": measurements,
        "summary": summary,
    }
    if profile:
        print(f"[{name}] profiled run ...", file=sys.stderr, flush=True)
        result["profile"] = run_json_subprocess([SCRIPT, "--size", name, "--worker", "profile"])
        print(f"\nstages (cProfile, {result['profile']['profiled_wall_s']:.1f} s wall under the profiler):")
        print_tree(result["profile"]["tree"])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="medium")
    parser.add_argument("--runs", type=int, default=None, help="measurements (default: 3 medium, 1 large)")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled run")
    parser.add_argument("--label", default="", help="suffix of the results file name")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args.size), default=str))
        return 0
    runs = args.runs or SIZES[args.size].runs
    result = run_size(args.size, runs, profile=not args.no_profile)
    result["machine"] = machine_info()
    name = f"scale-{args.size}" + (f"-{args.label}" if args.label else "")
    print(f"\nresults written to {write_results(name, result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
