"""Agreement between the two labellers of the fresh sets (eval/fresh/README.md).

Frames: per frame, over items neither labeller marked ambiguous, the F1 of one labeller's
positives against the other's (symmetric) and Cohen's kappa. Quotations: over items both
found attributed, how often speaker (names normalised as the evaluator does) and sector
agree; and how often they agree on whether a candidate is attributed at all.

    .venv/bin/python eval/fresh/agreement.py eval/fresh eval/fresh/second
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tracktwo.narrative.quotes.evaluate import normalise_name

FRAMES = ("race", "cooperation", "deregulation", "safety", "mirror", "adversary_intent")


def read(path: Path) -> dict[str, dict[str, object]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {str(row["id"]): row for row in rows}


def kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def frames(first: dict[str, dict[str, object]], second: dict[str, dict[str, object]]) -> None:
    shared = [i for i in first if i in second]
    flagged = sum(bool(first[i].get("ambiguous")) != bool(second[i].get("ambiguous")) for i in shared)
    differ = sum(set(first[i]["frames"]) != set(second[i]["frames"]) for i in shared)  # type: ignore[call-overload]
    print(
        f"frames: {len(shared)} items labelled by both; ambiguity flag differs on {flagged};"
        f" frame sets (best guesses included) differ on {differ}"
    )
    ids = [i for i in shared if not first[i].get("ambiguous") and not second[i].get("ambiguous")]
    print(f"{len(ids)} items ambiguous for neither:")
    print(f"{'frame':<17} {'first':>5} {'second':>6} {'both':>5} {'F1':>6} {'kappa':>6}")
    for frame in FRAMES:
        a = [frame in list(first[i]["frames"]) for i in ids]  # type: ignore[call-overload]
        b = [frame in list(second[i]["frames"]) for i in ids]  # type: ignore[call-overload]
        both = sum(x and y for x, y in zip(a, b, strict=True))
        f1 = 2 * both / (sum(a) + sum(b)) if sum(a) + sum(b) else float("nan")
        print(f"{frame:<17} {sum(a):>5} {sum(b):>6} {both:>5} {f1:>6.3f} {kappa(a, b):>6.3f}")
    none_a = [not first[i]["frames"] for i in ids]
    none_b = [not second[i]["frames"] for i in ids]
    print(f"'no frame' kappa {kappa(none_a, none_b):.3f}")


def quotes(first: dict[str, dict[str, object]], second: dict[str, dict[str, object]]) -> None:
    ids = [i for i in first if i in second]
    attributed = sum(
        bool(first[i].get("attributed", True)) == bool(second[i].get("attributed", True)) for i in ids
    )
    both = [i for i in ids if first[i].get("attributed", True) and second[i].get("attributed", True)]
    speaker = sum(
        normalise_name(str(first[i]["speaker"])) == normalise_name(str(second[i]["speaker"])) for i in both
    )
    sector = sum(first[i]["sector"] == second[i]["sector"] for i in both)
    print(
        f"quotations: {len(ids)} candidates, attributed-or-not agreed on {attributed}; of the {len(both)}"
        f" both attributed: same speaker {speaker} ({speaker / max(len(both), 1):.1%}),"
        f" same sector {sector} ({sector / max(len(both), 1):.1%})"
    )


def main(first_dir: Path, second_dir: Path) -> None:
    for part in ("A", "B"):
        name = f"narrative-fresh-{part}.jsonl"
        if (second_dir / name).exists() and (second_dir / f"quotes-fresh-{part}.jsonl").exists():
            print(f"== part {part}")
            frames(read(first_dir / name), read(second_dir / name))
            quotes(
                read(first_dir / f"quotes-fresh-{part}.jsonl"),
                read(second_dir / f"quotes-fresh-{part}.jsonl"),
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
