"""Run every benchmark of the issue, one after the other (`make bench` calls this).

1. polis_open.py: tracktwo vs red-dwarf on the real Pol.is exports (+ ARI vs Pol.is);
2. scale.py --size medium: 100k x 2k x 5M votes, median of 3, peak memory;
3. scale.py --size large: 1M x 10k x 50M votes, once (takes minutes; --skip-large skips it).

Each runs as its own process; results land in benchmarks/results/*.json.

    .venv/bin/python benchmarks/run_all.py [--skip-large] [--repeats 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from common import BENCHMARKS, REPO


def run(script: str, *args: str) -> int:
    command = [sys.executable, str(BENCHMARKS / script), *args]
    print(f"\n$ {' '.join(command)}", flush=True)
    start = time.perf_counter()
    code = subprocess.run(command, cwd=REPO, check=False).returncode
    print(f"({script} exited {code} after {time.perf_counter() - start:.0f} s)", flush=True)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-large", action="store_true", help="skip the 1M x 10k x 50M size")
    parser.add_argument("--repeats", type=int, default=5, help="runs per engine per conversation")
    args = parser.parse_args(argv)
    codes = [
        run("polis_open.py", "--repeats", str(args.repeats)),
        run("scale.py", "--size", "medium"),
    ]
    if not args.skip_large:
        codes.append(run("scale.py", "--size", "large"))
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
