"""Measure the quotation finder: speaker and sector accuracy on quotes-dev.jsonl, and speed.

Accuracy is scored on the analysis of the corpus files themselves, not of the labelled spans
pasted alone: each labelled item is matched to the found quotation that overlaps it most
(offsets into the whole file as read, front matter included), and its speaker is compared
case- and whitespace-insensitively.

    python -m tracktwo.narrative.quotes.evaluate              # accuracy on ../shared/eval
    python -m tracktwo.narrative.quotes.evaluate --speed      # plus files/s on the corpus
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from tracktwo.narrative.actors.registry import ActorRegistry, load_registry, title_rules
from tracktwo.narrative.documents import Document
from tracktwo.narrative.errors import NarrativeError
from tracktwo.narrative.quotes.finder import find_quotes
from tracktwo.narrative.quotes.model import Quote

_SHARED = Path(__file__).resolve().parents[5] / "shared"
DEFAULT_EVAL = _SHARED / "eval" / "quotes-dev.jsonl"
DEFAULT_CORPUS = _SHARED / "data" / "wh-briefings"
_FRONT_MATTER_END = re.compile(r"\n---[ \t]*\n")
try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def read_document(root: Path, relative: str) -> Document:
    """A corpus file as the eval offsets expect it: the whole text, body after the front matter."""
    text = (root / relative).read_text(encoding="utf-8")
    return document_from_text(relative, text)


def document_from_text(source: str, text: str) -> Document:
    body_start = 0
    metadata: dict[str, str] = {}
    if text.startswith("---\n"):
        end = _FRONT_MATTER_END.search(text, 3)
        if end is not None:
            body_start = end.end()
            try:
                header = yaml.load(text[4 : end.start() + 1], Loader=_Loader)
            except yaml.YAMLError:
                header = None
            if isinstance(header, dict):
                metadata = {str(k): str(v) for k, v in header.items() if v is not None}
    return Document(
        source=source,
        text=text,
        body_start=body_start,
        title=metadata.get("title"),
        date=metadata.get("date"),
        url=metadata.get("source_url"),
        metadata=MappingProxyType(metadata),
    )


def normalise_name(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_INITIAL = re.compile(r"\w\.?")


def bare_name(name: str) -> str:
    """A name as `normalise_name` gives it, without the title words before it, its middle
    initials and any parenthesis: "Director Carter" and "Carter", "César E. Chávez" and
    "César Chávez", "Rep. Gerry Connolly (VA-11)" and "Gerry Connolly" are one name. Labellers
    write a surname with or without its title ("President Biden" / "Biden") where the
    document prints no first name; neither is wrong."""
    words = normalise_name(_PARENTHESIS.sub("", name)).split()
    role_words = title_rules().role_words
    first = next((i for i, word in enumerate(words) if word.strip(".,") not in role_words), 0)
    words = words[first:]  # all title words ("The President", "First Lady"): kept whole
    return " ".join(
        word for i, word in enumerate(words) if not (0 < i < len(words) - 1 and _INITIAL.fullmatch(word))
    )


def same_speaker(found: str, found_person: str | None, gold: str, gold_person: str | None) -> bool:
    """Whether a speaker found is the labelled one: printed the same way, the same name but for
    titles and initials (`bare_name`), or naming the same person (`actors.people`, or the
    person column's name and the label agreeing): a label written "Trump" and a turn "THE
    PRESIDENT:" of 2025 are one speaker, "Trump" and "Melania Trump" are not."""
    if not found:
        return False
    if normalise_name(found) == normalise_name(gold) or bare_name(found) == bare_name(gold):
        return True
    if not found_person:
        return False
    # "MR. HASSETT", whom the document introduces as Kevin Hassett, labelled "Kevin Hassett"
    return found_person == gold_person or bare_name(found_person) == bare_name(gold)


@dataclass(frozen=True)
class ItemResult:
    """One labelled quotation and what the finder said about it."""

    id: str
    path: str
    kind: str
    gold_speaker: str
    gold_sector: str
    gold_country: str
    found: bool
    speaker: str
    sector: str
    country: str
    cue: str

    @property
    def speaker_correct(self) -> bool:
        return self.found and normalise_name(self.speaker) == normalise_name(self.gold_speaker)

    @property
    def sector_correct(self) -> bool:
        return self.found and self.sector == self.gold_sector

    @property
    def country_correct(self) -> bool:
        return self.found and self.country == self.gold_country


@dataclass(frozen=True)
class QuoteEvaluation:
    items: tuple[ItemResult, ...]

    def _share(self, correct: Iterable[bool]) -> float:
        values = list(correct)
        return sum(values) / len(values) if values else 0.0

    @property
    def found(self) -> float:
        return self._share(item.found for item in self.items)

    @property
    def speaker_accuracy(self) -> float:
        return self._share(item.speaker_correct for item in self.items)

    @property
    def sector_accuracy(self) -> float:
        return self._share(item.sector_correct for item in self.items)

    @property
    def country_accuracy(self) -> float:
        return self._share(item.country_correct for item in self.items)


def _best_match(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    best: Quote | None = None
    best_overlap = 0
    for quote in quotes:
        overlap = min(end, quote.end) - max(start, quote.start)
        if overlap > best_overlap:
            best, best_overlap = quote, overlap
    return best


def evaluate(eval_path: Path, corpus_root: Path, registry: ActorRegistry) -> QuoteEvaluation:
    """Run the finder on each labelled item's whole file and score the overlapping quotation."""
    items = [json.loads(line) for line in eval_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found_by_path: dict[str, tuple[Quote, ...]] = {}
    results = []
    for item in items:
        path = item["path"]
        if path not in found_by_path:
            found_by_path[path] = find_quotes(read_document(corpus_root, path), registry)
        match = _best_match(found_by_path[path], item["start"], item["end"])
        results.append(
            ItemResult(
                id=item["id"],
                path=path,
                kind=item["kind"],
                gold_speaker=item["speaker"],
                gold_sector=item["sector"],
                gold_country=item["country"],
                found=match is not None,
                speaker=match.speaker if match else "",
                sector=match.sector if match else "",
                country=match.country if match else "",
                cue=match.cue if match else "",
            )
        )
    return QuoteEvaluation(tuple(results))


# --- speed ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeedResult:
    """Wall time to read and analyse the corpus with `workers` processes, and the time spent
    inside find_quotes alone (summed over the processes)."""

    files: int
    characters: int
    quotes: int
    read_seconds: float  # reading every file once, in this process, for reference
    wall_seconds: float  # read + front matter + find_quotes with `workers` processes
    find_seconds: float  # inside find_quotes, summed over the processes
    workers: int

    @property
    def files_per_second(self) -> float:
        return self.files / self.wall_seconds if self.wall_seconds else 0.0


def _corpus_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.md") if path.parent != root)


_WORKER_REGISTRY: ActorRegistry | None = None


def _analyse_chunk(args: tuple[str, list[str]]) -> tuple[int, int, float]:
    """Worker: read and analyse a chunk of files; returns (quotations, characters, find seconds)."""
    global _WORKER_REGISTRY  # one registry per worker process, built once
    if _WORKER_REGISTRY is None:
        _WORKER_REGISTRY = load_registry()
    root, names = args
    quotes = characters = 0
    find_seconds = 0.0
    for name in names:
        text = (Path(root) / name).read_text(encoding="utf-8")
        characters += len(text)
        document = document_from_text(name, text)
        started = time.perf_counter()
        quotes += len(find_quotes(document, _WORKER_REGISTRY))
        find_seconds += time.perf_counter() - started
    return quotes, characters, find_seconds


def measure_speed(corpus_root: Path, workers: int = 2) -> SpeedResult:
    """Read every corpus file (timed alone), then read and analyse them with `workers` processes."""
    files = _corpus_files(corpus_root)
    names = [str(path.relative_to(corpus_root)) for path in files]
    started = time.perf_counter()
    for path in files:
        path.read_text(encoding="utf-8")
    read_seconds = time.perf_counter() - started
    chunks = [(str(corpus_root), names[i :: workers * 8]) for i in range(workers * 8)]
    started = time.perf_counter()
    if workers == 1:
        totals = [_analyse_chunk(chunk) for chunk in chunks]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            totals = list(pool.map(_analyse_chunk, chunks))
    wall_seconds = time.perf_counter() - started
    return SpeedResult(
        files=len(files),
        characters=sum(t[1] for t in totals),
        quotes=sum(t[0] for t in totals),
        read_seconds=read_seconds,
        wall_seconds=wall_seconds,
        find_seconds=sum(t[2] for t in totals),
        workers=workers,
    )


def _report(evaluation: QuoteEvaluation) -> str:
    lines = []
    for item in evaluation.items:
        mark = ("S" if item.speaker_correct else "-") + ("C" if item.sector_correct else "-")
        lines.append(
            f"{mark} {item.kind:10} gold={item.gold_speaker!r} ({item.gold_sector}, {item.gold_country}) "
            f"found={item.speaker!r} ({item.sector}, {item.country}) via {item.cue or 'nothing'}"
        )
    n = len(evaluation.items)
    lines.append(
        f"{n} items: found {evaluation.found:.1%}, speaker {evaluation.speaker_accuracy:.1%}, "
        f"sector {evaluation.sector_accuracy:.1%}, country {evaluation.country_accuracy:.1%}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="labelled quotations (JSON Lines)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="wh-briefings folder")
    parser.add_argument("--actors", type=Path, default=None, help="an extra actor registry file")
    parser.add_argument("--speed", action="store_true", help="also time the finder on the whole corpus")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    try:
        registry = load_registry(args.actors)
        print(_report(evaluate(args.eval, args.corpus, registry)))
        if args.speed:
            speed = measure_speed(args.corpus, args.workers)
            print(
                f"speed: {speed.files} files, {speed.characters / 1e6:.1f} M chars, "
                f"{speed.quotes} quotations; reading alone {speed.read_seconds:.2f} s; "
                f"read + front matter + find_quotes {speed.wall_seconds:.2f} s wall on {speed.workers} "
                f"processes ({speed.files_per_second:,.0f} files/s), of which find_quotes "
                f"{speed.find_seconds:.2f} s CPU"
            )
    except (OSError, NarrativeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
