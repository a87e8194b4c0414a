"""Helpers shared by the benchmark scripts: timing, memory, machine facts, results files."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
RESULTS = BENCHMARKS / "results"


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time in seconds of one call, and its result."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def median_time(function: Callable[[], Any], repeats: int) -> tuple[float, list[float]]:
    """Median wall time over `repeats` calls, and every time."""
    times = [timed(function)[0] for _ in range(repeats)]
    return statistics.median(times), times


def _status_kib(field: str) -> int | None:
    """A memory field of /proc/self/status (kB), or None off Linux."""
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def current_rss_mib() -> float:
    kib = _status_kib("VmRSS")
    if kib is None:
        import psutil  # type: ignore[import-untyped]

        return float(psutil.Process().memory_info().rss) / 2**20
    return kib / 1024


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS counter of this process (Linux >= 4.0); False if impossible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mib() -> float:
    """Peak RSS of this process since start (or since reset_peak_rss)."""
    kib = _status_kib("VmHWM")
    if kib is None:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024


def _lscpu_model() -> str:
    try:
        output = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or "unknown"
    match = re.search(r"^Model name:\s+(.+)$", output, re.MULTILINE)
    return match.group(1).strip() if match else "unknown"


def _total_ram_gib() -> float:
    pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    return round(pages * page_size / 2**30, 1)


def _blas() -> list[dict[str, Any]]:
    try:
        from threadpoolctl import threadpool_info  # type: ignore[import-untyped]
    except ImportError:
        return []
    keys = ("internal_api", "version", "architecture", "num_threads", "prefix")
    return [{k: info.get(k) for k in keys} for info in threadpool_info() if info.get("user_api") == "blas"]


def _git_state() -> str:
    """HEAD's short hash, marked "+changes" when the engine's sources differ from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=REPO, check=False)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--", "src")
    return f"{head}+changes" if changed else head


def machine_info() -> dict[str, Any]:
    """The facts docs/benchmarks.md records next to every figure."""
    import numpy
    import scipy

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _lscpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _total_ram_gib(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "blas": _blas(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "git": _git_state(),
    }


def write_results(name: str, data: dict[str, Any]) -> Path:
    """Write benchmarks/results/<name>.json (the folder is git-ignored)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return path


def run_json_subprocess(args: list[str], *, timeout: float | None = None) -> dict[str, Any]:
    """Run `python <args>` in a fresh interpreter; its last stdout line is a JSON object."""
    completed = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=REPO, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({completed.returncode}):\n{completed.stderr[-4000:]}")
    lines = completed.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError(f"{' '.join(args)} printed nothing:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """A plain Markdown table, so it can be pasted into docs/benchmarks.md as is."""
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(x).rjust(w) for x, w in zip(row, widths, strict=True)) + " |")


# --- where the time goes -------------------------------------------------------------------

FunctionKey = tuple[str, int, str]


def _label(key: FunctionKey) -> str:
    filename, line, name = key
    if filename == "~":  # a built-in, e.g. <method 'argsort' of 'numpy.ndarray' objects>
        return name
    path = Path(filename)
    module = (
        path.stem if "tracktwo" not in path.parts else ".".join(path.parts[path.parts.index("tracktwo") :])
    )
    return f"{module.removesuffix('.py')}.{name}:{line}"


def _children(stats: dict[Any, Any], parent: FunctionKey) -> list[tuple[FunctionKey, float, int]]:
    """(callee, cumulative seconds spent in it when called from parent, calls), largest first."""
    found = [
        (key, float(callers[parent][3]), int(callers[parent][1]))
        for key, (_, _, _, _, callers) in stats.items()
        if parent in callers
    ]
    return sorted(found, key=lambda item: -item[1])


def profile_tree(
    function: Callable[[], Any], root: str, *, depth: int = 3, min_share: float = 0.03
) -> dict[str, Any]:
    """Run `function` under cProfile; return the call tree below the function named `root`.

    Each node holds its cumulative seconds and share of the root; nodes under `min_share`
    are folded away. Also returns the ten functions with the most own time. cProfile adds
    overhead to Python-level calls, so shares are more telling than absolute seconds.
    """
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    function()
    profiler.disable()
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    roots = [key for key in stats if key[2] == root]
    if not roots:
        return {"error": f"{root} not found in the profile"}
    root_key = max(roots, key=lambda key: stats[key][3])
    total = float(stats[root_key][3])

    def node(key: FunctionKey, seconds: float, calls: int, level: int) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "name": _label(key),
            "seconds": seconds,
            "share": seconds / total,
            "calls": calls,
        }
        if level < depth:
            kids = [node(k, s, c, level + 1) for k, s, c in _children(stats, key) if s >= min_share * total]
            if kids:
                entry["children"] = kids
        return entry

    own = sorted(stats.items(), key=lambda item: -item[1][2])[:10]
    return {
        "tree": node(root_key, total, int(stats[root_key][1]), 0),
        "own_time": [
            {"name": _label(key), "seconds": float(value[2]), "calls": int(value[1])} for key, value in own
        ],
    }


def print_tree(entry: dict[str, Any], indent: int = 0) -> None:
    print(
        f"{'  ' * indent}{entry['seconds']:8.3f} s {entry['share']:6.1%}  {entry['name']} (x{entry['calls']})"
    )
    for child in entry.get("children", []):
        print_tree(child, indent + 1)
