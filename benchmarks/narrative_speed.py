"""Speed of `tracktwo analyze` on the briefing corpus, against the CSET keyword query.

Each repeat times, in fresh processes and in rotating order (the machine is shared, so
noise hits every variant alike):

- `cset`: one pass of CSET's competition query (`tracktwo.narrative.cset.CSET_PATTERN`,
  Python's `re`) over the full text of every document, after reading the corpus (the
  reading is timed on its own and left out of the pass);
- `analyze`: the whole command, `tracktwo analyze CORPUS --out DIR --workers N`, start-up,
  reading, analysis and every output written, as a user runs it (wall time);
- `before` (with `--before-src PATH`): the same command with the `tracktwo` package taken
  from another source tree (say a copy of `src/` from before a change), so that a change
  is judged against its baseline in the same run;
- `dask` (with `--dask`): the same command as `analyze` with `--executor dask` (a local
  cluster of as many workers on 127.0.0.1), for the Dask executor's overhead.

Reports medians and the ratio of analyze to the CSET pass; with `--before-src`, also
whether the outputs of the two trees are identical (tables, summary.json); with `--dask`,
the Dask run's extra seconds and whether its outputs are those of the process pool.

    .venv/bin/python benchmarks/narrative_speed.py [--repeats 3] [--workers 2] \\
        [--before-src OLD_SRC_COPY] [--dask]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import REPO, _lscpu_model, _total_ram_gib, print_table, write_results

CORPUS = REPO.parent / "shared" / "data" / "wh-briefings"
OUTPUTS = ("documents.parquet", "sentences.parquet", "quotes.parquet", "errors.parquet", "summary.json")


def cset_pass(corpus: Path) -> dict[str, Any]:
    """Read the corpus, then time one pass of the CSET query over every document's text."""
    from tracktwo.narrative.cset import CSET_PATTERN
    from tracktwo.narrative.documents import Document
    from tracktwo.narrative.ingest import IngestOptions, iter_inputs

    start = time.perf_counter()
    documents = [o for o in iter_inputs([str(corpus)], IngestOptions()) if isinstance(o, Document)]
    read = time.perf_counter() - start
    start = time.perf_counter()
    matches = sum(1 for document in documents for _ in CSET_PATTERN.finditer(document.text))
    seconds = time.perf_counter() - start
    return {
        "read_s": read,
        "pass_s": seconds,
        "documents": len(documents),
        "characters": sum(len(d.text) for d in documents),
        "matches": matches,
    }


def run_analyze(
    corpus: Path, out: Path, workers: int, src: Path | None, extra: tuple[str, ...] = ()
) -> tuple[float, float]:
    """Wall time and CPU time (user + system, workers included) of one `tracktwo analyze` in a
    fresh interpreter, the package taken from `src` if given.

    CPU time varies far less than wall time on a shared machine: it says whether the work
    shrank even when other jobs slow the run down.
    """
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    command = [sys.executable, "-m", "tracktwo.cli", "analyze", str(corpus), "--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--workers", str(workers), *extra], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"analyze failed ({done.returncode}):\n{done.stderr[-4000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def run_cset(corpus: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--cset-pass", str(corpus)], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def same_outputs(first: Path, second: Path) -> dict[str, bool]:
    """Whether each output file of two runs is byte for byte the same."""
    return {name: filecmp.cmp(first / name, second / name, shallow=False) for name in OUTPUTS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--before-src", type=Path, help="a source tree (holding tracktwo/) to compare with")
    parser.add_argument("--after-src", type=Path, help="time this source tree instead of the installed one")
    parser.add_argument("--dask", action="store_true", help="also time --executor dask (a local cluster)")
    parser.add_argument("--label", default="", help="suffix of the results file")
    parser.add_argument("--cset-pass", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cset_pass is not None:  # the child process of run_cset
        print(json.dumps(cset_pass(args.cset_pass)))
        return 0
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}; pass --corpus", file=sys.stderr)
        return 2

    after = args.after_src.resolve() if args.after_src is not None else None
    variants: list[tuple[str, Path | None]] = [("analyze", after)]
    if args.before_src is not None:
        variants.insert(0, ("before", args.before_src.resolve()))
    if args.dask:
        variants.append(("dask", after))
    extra_args = {"dask": ("--executor", "dask")}
    times: dict[str, list[float]] = {name: [] for name in ("cset", *(v for v, _ in variants))}
    cpu_times: dict[str, list[float]] = {name: [] for name, _ in variants}
    cset_runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="narrative-speed-") as tmp:
        outs = {name: Path(tmp) / name for name, _ in variants}
        for repeat in range(args.repeats):
            jobs: list[str] = ["cset", *(name for name, _ in variants)]
            shift = repeat % len(jobs)
            for job in jobs[shift:] + jobs[:shift]:
                if job == "cset":
                    cset_runs.append(run_cset(args.corpus))
                    times["cset"].append(cset_runs[-1]["pass_s"])
                else:
                    src, extra = dict(variants)[job], extra_args.get(job, ())
                    wall, cpu = run_analyze(args.corpus, outs[job], args.workers, src, extra)
                    times[job].append(wall)
                    cpu_times[job].append(cpu)
                print(f"repeat {repeat + 1}: {job} {times[job][-1]:.2f} s", file=sys.stderr)
        identical = same_outputs(outs["before"], outs["analyze"]) if "before" in outs else None
        dask_identical = same_outputs(outs["analyze"], outs["dask"]) if "dask" in outs else None

    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu_times.items()}
    rows = [
        [
            name,
            f"{medians[name]:.2f}",
            " ".join(f"{t:.2f}" for t in times[name]),
            f"{cpu_medians[name]:.2f}" if name in cpu_medians else "",
        ]
        for name in times
    ]
    print_table(["run", "median wall s", "all wall s", "median CPU s"], rows)
    ratios = {f"{name}/cset": medians[name] / medians["cset"] for name, _ in variants}
    if "before" in medians:
        ratios["analyze/before"] = medians["analyze"] / medians["before"]
        ratios["analyze/before (CPU)"] = cpu_medians["analyze"] / cpu_medians["before"]
    if "dask" in medians:
        ratios["dask/analyze"] = medians["dask"] / medians["analyze"]
    for name, value in ratios.items():
        print(f"{name}: {value:.2f}")
    if identical is not None:
        print("outputs identical (before vs analyze):", identical)
    if dask_identical is not None:
        print(f"dask overhead: {medians['dask'] - medians['analyze']:.2f} s (median against median)")
        print("outputs identical (analyze vs dask):", dask_identical)
    machine = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": _lscpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _total_ram_gib(),
        "python": platform.python_version(),
        "load_average_at_end": os.getloadavg(),
    }
    path = write_results(
        "narrative-speed" + (f"-{args.label}" if args.label else ""),
        {
            "machine": machine,
            "corpus": str(args.corpus),
            "workers": args.workers,
            "repeats": args.repeats,
            "times_s": times,
            "medians_s": medians,
            "cpu_times_s": cpu_times,
            "cpu_medians_s": cpu_medians,
            "ratios": ratios,
            "cset": cset_runs,
            "outputs_identical": identical,
            "dask_outputs_identical": dask_identical,
        },
    )
    print(f"results: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
