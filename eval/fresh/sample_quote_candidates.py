"""Draw a quotation-only part (D) from wh-briefings documents no earlier item points into.

Why a separate part, and why any topic: parts A, B and C used up the corpus's AI documents
(694 of 716; the 22 left give too few sentences for a frame test). Speakers, unlike frames,
do not depend on the topic, so the sealed test of quotation attribution can be drawn from
every document that neither the dev files nor parts A, B, C point into. Like the other
samplers it never runs the detector: the candidates are labelled by reading them.

Two kinds of candidate, both seeded and spread round-robin over (folder, year):

- spans inside curly quotation marks, 60 to 700 characters, at most one per document, none
  within 5-gram Jaccard 0.6 of a dev item (`quote-candidates-D.jsonl`);
- transcript turns: in documents with speaker labels ("MS. LEAVITT:", "Q"), the first
  sentence of six words or more of the third labelled turn, the span from the pipeline's
  segmenter, which knows nothing of speakers (`turn-candidates-D.jsonl`).

    .venv/bin/python eval/fresh/sample_quote_candidates.py \
        ../shared/data/wh-briefings ../shared/eval eval/fresh [PART]

PART is D (the default) or a later letter: a later part also leaves out every document the
quotation-only parts before it point into, and has its own seed.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from sample_candidates import QUOTE, SEED, _rows, item_id, jaccard, read_document, shingles, usable

from tracktwo.narrative.documents import Document
from tracktwo.narrative.sentences import split_sentences

FIRST_PART = "D"
QUOTATIONS = 120
TURNS = 30
# A transcript label opening a line: "Q", "MS. LEAVITT:", "THE PRESIDENT:", "SENIOR
# ADMINISTRATION OFFICIAL:". Written here, independently of the pipeline's turn finder.
LABEL = re.compile(r"^[ \t]*(?:\*\*)?(?:Q\b|[A-Z][A-Z.'’ \-]{1,60}:)", re.MULTILINE)


def _group(relative: str) -> tuple[str, str]:
    parts = relative.split("/")
    return parts[0], parts[1][:4] if len(parts) > 1 else ""


def _round_robin(rows: list[dict[str, object]], count: int, rng: random.Random) -> list[dict[str, object]]:
    """Up to `count` rows, one group at a time, so no folder or year dominates."""
    by_group: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        by_group[_group(str(row["path"]))].append(row)
    for group_rows in by_group.values():
        rng.shuffle(group_rows)
    groups = sorted(by_group)
    rng.shuffle(groups)
    chosen: list[dict[str, object]] = []
    while len(chosen) < count and any(by_group.values()):
        for group in groups:
            if by_group[group] and len(chosen) < count:
                chosen.append(by_group[group].pop())
    return chosen


def _quotations(document: Document, relative: str) -> Iterator[dict[str, object]]:
    for match in QUOTE.finditer(document.text, document.body_start):
        yield {"path": relative, "start": match.start(1), "end": match.end(1), "text": match.group(1)}


def _third_turn_sentence(document: Document, relative: str) -> dict[str, object] | None:
    labels = [m for m in LABEL.finditer(document.text, document.body_start)]
    if len(labels) < 4:
        return None
    turn_start, turn_end = labels[2].end(), labels[3].start()
    for sentence in split_sentences(document):
        if turn_start <= sentence.start < turn_end and sentence.end <= turn_end and usable(sentence.text):
            return {"path": relative, "start": sentence.start, "end": sentence.end, "text": sentence.text}
    return None


def main(corpus: Path, shared_eval: Path, out: Path, part: str = FIRST_PART) -> None:
    used_rows = [
        row for name in ("narrative-dev.jsonl", "quotes-dev.jsonl") for row in _rows(shared_eval / name)
    ]
    used_rows += [
        row
        for earlier in sorted(out.glob("*candidates-*.jsonl"))
        if earlier.name.endswith(("-A.jsonl", "-B.jsonl", "-C.jsonl"))
        or any(earlier.name.endswith(f"-{p}.jsonl") for p in map(chr, range(ord(FIRST_PART), ord(part))))
        for row in _rows(earlier)
    ]
    used_paths = {row["path"] for row in used_rows}
    used_shingles = [shingles(str(row["text"])) for row in used_rows]
    rng = random.Random(SEED + ord(part))
    quotations: list[dict[str, object]] = []
    turns: list[dict[str, object]] = []
    for path in sorted(corpus.rglob("*.md")):
        relative = path.relative_to(corpus).as_posix()
        if relative in used_paths or relative == "README.md":
            continue
        document = read_document(corpus, path)
        if document is None:
            continue
        in_document = list(_quotations(document, relative))
        if in_document:
            quotations.append(rng.choice(in_document))
        turn = _third_turn_sentence(document, relative)
        if turn is not None:
            turns.append(turn)
    quotations = [
        row
        for row in quotations
        if not any(jaccard(shingles(str(row["text"])), other) > 0.6 for other in used_shingles)
    ]
    chosen_quotations = _round_robin(quotations, QUOTATIONS, rng)
    turn_paths = {str(row["path"]) for row in chosen_quotations}
    chosen_turns = _round_robin([row for row in turns if row["path"] not in turn_paths], TURNS, rng)
    for name, prefix, rows in (
        (f"quote-candidates-{part}.jsonl", "fresh-quote-", chosen_quotations),
        (f"turn-candidates-{part}.jsonl", "fresh-turn-", chosen_turns),
    ):
        with (out / name).open("w", encoding="utf-8") as handle:
            for row in rows:
                start, end = int(str(row["start"])), int(str(row["end"]))
                record = {"id": item_id(prefix, str(row["path"]), start, end)} | row
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(len(quotations), "documents with a quotation;", len(turns), "transcripts")
    print(len(chosen_quotations), "quotation candidates;", len(chosen_turns), "turn candidates")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), *sys.argv[4:5])
