"""Draw fresh, unlabelled candidate sentences and quotations from wh-briefings.

Why: the frame lexicons and quotation rules were written against shared/eval's dev files,
so their scores there overstate accuracy on unseen text. This script draws new items, from
documents no dev file points into, with the dev set's sampling design (shared/eval/README.md):
AI documents, strata by cue family and by whether the paragraph is about AI, round-robin over
years and folders, at most two sentences per document. It never runs the frame detector;
the candidates are labelled by reading them (see README.md here).

Sentence spans come from the pipeline's segmenter (`tracktwo.narrative.sentences`), so the
items match the pipeline's sentences; the segmenter does not look at frames.

    .venv/bin/python eval/fresh/sample_candidates.py ../shared/data/wh-briefings ../shared/eval eval/fresh
    .venv/bin/python eval/fresh/sample_candidates.py ../shared/data/wh-briefings ../shared/eval eval/fresh C
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from tracktwo.narrative.documents import Document
from tracktwo.narrative.ingest import IngestOptions, read_path
from tracktwo.narrative.paragraphs import split_paragraphs
from tracktwo.narrative.sentences import split_sentences

SEED = 20261126
AI_DOC = re.compile(r"artificial intelligence|\bAI\b|\bA\.I\.", re.IGNORECASE)
AI_DOC_CASED = re.compile(r"\bAI\b|\bA\.I\.|[Aa]rtificial [Ii]ntelligence")
AI_PARAGRAPH = re.compile(
    r"\bAI\b|A\.I\.|artificial intelligence|semiconductor|\bchips?\b|compute\b|computing|data cent(?:er|re)s?"
    r"|frontier model|machine learning|large language model",
    re.IGNORECASE,
)
# Cue families from shared/eval/README.md's sampling note (not from the detector's lexicons).
CUES = {
    "race": (
        r"\brace\b|racing|compet|\blead|dominan|dominat|\bwin\b|winning|\bbeat\b|outpac|behind|cede|supremac"
    ),
    "rival": r"China|Chinese|Beijing|\bPRC\b|\bCCP\b|adversar|rival|countries of concern",
    "deregulation": (
        r"regulat|burden|barrier|red tape|onerous|unleash|revok|rescind|moratorium|permitting|patchwork"
    ),
    "safety": (
        r"\bsafe|risk|\btest|evaluat|guardrail|\bbio|chemical|copyright|accountab|secur|harm|red.team|deepfake"
    ),
    "cooperation": (
        r"cooperat|dialogue|standard|collaborat|partner|international|together|multilateral|common"
    ),
}
CUE_RE = {family: re.compile(pattern, re.IGNORECASE) for family, pattern in CUES.items()}
# How many sentences each stratum contributes, over both parts.
QUOTAS = {
    "race/ai": 90,
    "rival/ai": 50,
    "deregulation/ai": 70,
    "safety/ai": 90,
    "cooperation/ai": 70,
    "cue/not-ai": 50,
    "none/ai": 60,
    "random": 40,
}
QUOTE = re.compile(r"“([^“”]{60,700})”")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def shingles(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + 5]) for i in range(max(1, len(w) - 4))}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def part_of(path: str) -> str:
    """Part A or B, fixed by the document's path, so a part never shares a document with the other."""
    return "A" if hashlib.sha256(path.encode()).digest()[0] % 2 == 0 else "B"


def item_id(prefix: str, path: str, start: int, end: int) -> str:
    return prefix + hashlib.sha256(f"{path}:{start}:{end}".encode()).hexdigest()[:10]


def usable(text: str) -> bool:
    if not 40 <= len(text) <= 600 or len(words(text)) < 6:
        return False
    if "http" in text or "<" in text or "|" in text or text.isupper():
        return False
    return not text.rstrip().endswith(":")


def read_document(root: Path, path: Path) -> Document | None:
    relative = path.relative_to(root).as_posix()
    for outcome in read_path(path, relative, IngestOptions()):
        return outcome if isinstance(outcome, Document) else None
    return None


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(corpus: Path, shared_eval: Path, out: Path, later_part: str = "") -> None:
    """Parts A and B; or, with `later_part` ("C"), one more part from documents that
    neither the dev files nor the parts drawn before point into (new seed, 60 % quotas)."""
    dev_rows = [
        row for name in ("narrative-dev.jsonl", "quotes-dev.jsonl") for row in _rows(shared_eval / name)
    ]
    if later_part:
        dev_rows += [
            row
            for earlier in sorted(out.glob("*candidates-*.jsonl"))
            # Other corpora (candidates-zh) and quotation-only parts (D) have other fields or files.
            if earlier.name.endswith(("-A.jsonl", "-B.jsonl", "-C.jsonl"))
            and not earlier.name.endswith(f"-{later_part}.jsonl")
            for row in _rows(earlier)
        ]
    dev_paths = {row["path"] for row in dev_rows}
    dev_shingles = [shingles(row["text"]) for row in dev_rows]
    strata: dict[str, list[dict[str, object]]] = defaultdict(list)
    quotes: list[dict[str, object]] = []
    for path in sorted(corpus.rglob("*.md")):
        relative = path.relative_to(corpus).as_posix()
        if relative in dev_paths or relative in {"README.md"}:
            continue
        document = read_document(corpus, path)
        if document is None or not AI_DOC_CASED.search(document.text[document.body_start :]):
            continue
        paragraphs = {
            p.index: document.text[p.start : p.end]
            for p in split_paragraphs(document.text, document.body_start)
        }
        group = (relative.split("/")[0], relative.split("/")[1][:4] if "/" in relative else "")
        for sentence in split_sentences(document):
            if not usable(sentence.text):
                continue
            paragraph = paragraphs.get(sentence.paragraph, sentence.text)
            ai_paragraph = bool(AI_PARAGRAPH.search(paragraph))
            families = [f for f, cue in CUE_RE.items() if cue.search(sentence.text)]
            row = {
                "path": relative,
                "start": sentence.start,
                "end": sentence.end,
                "text": sentence.text,
                "group": group,
            }
            if families and ai_paragraph:
                for family in families:
                    strata[f"{family}/ai"].append(row)
            elif families:
                strata["cue/not-ai"].append(row)
            elif ai_paragraph:
                strata["none/ai"].append(row)
            strata["random"].append(row)
        for match in QUOTE.finditer(document.text, document.body_start):
            quotes.append(
                {
                    "path": relative,
                    "start": match.start(1),
                    "end": match.end(1),
                    "text": match.group(1),
                    "group": group,
                }
            )
    rng = random.Random(SEED + (ord(later_part) if later_part else 0))
    quotas = {k: (round(v * 0.6) if later_part else v) for k, v in QUOTAS.items()}
    chosen: list[dict[str, object]] = []
    per_document: dict[str, int] = defaultdict(int)
    taken_shingles: list[set[tuple[str, ...]]] = []
    taken_spans: set[tuple[object, object]] = set()

    def fresh(row: dict[str, object]) -> bool:
        s = shingles(str(row["text"]))
        if (row["path"], row["start"]) in taken_spans or per_document[str(row["path"])] >= 2:
            return False
        return not any(jaccard(s, other) > 0.6 for other in dev_shingles + taken_shingles)

    for stratum, quota in quotas.items():
        by_group: dict[object, list[dict[str, object]]] = defaultdict(list)
        for row in strata[stratum]:
            by_group[row["group"]].append(row)
        groups = sorted(by_group, key=str)
        for rows in by_group.values():
            rng.shuffle(rows)
        rng.shuffle(groups)
        taken = 0
        while taken < quota and any(by_group[g] for g in groups):
            for g in groups:
                if taken >= quota:
                    break
                while by_group[g]:
                    row = by_group[g].pop()
                    if fresh(row):
                        chosen.append({**row, "stratum": stratum})
                        per_document[str(row["path"])] += 1
                        taken_shingles.append(shingles(str(row["text"])))
                        taken_spans.add((row["path"], row["start"]))
                        taken += 1
                        break
    rng.shuffle(chosen)
    rng.shuffle(quotes)
    quote_rows: list[dict[str, object]] = []
    per_quote_document: dict[str, int] = defaultdict(int)
    for row in quotes:
        if len(quote_rows) >= (54 if later_part else 90):
            break
        if per_quote_document[str(row["path"])] >= 1:
            continue
        if any(jaccard(shingles(str(row["text"])), other) > 0.6 for other in dev_shingles):
            continue
        per_quote_document[str(row["path"])] += 1
        quote_rows.append(row)
    out.mkdir(parents=True, exist_ok=True)
    for part in (later_part,) if later_part else ("A", "B"):
        with (out / f"candidates-{part}.jsonl").open("w", encoding="utf-8") as handle:
            for row in chosen:
                if later_part or part_of(str(row["path"])) == part:
                    record = {
                        "id": item_id(
                            "fresh-", str(row["path"]), int(str(row["start"])), int(str(row["end"]))
                        ),
                        "path": row["path"],
                        "start": row["start"],
                        "end": row["end"],
                        "text": row["text"],
                    }
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        with (out / f"quote-candidates-{part}.jsonl").open("w", encoding="utf-8") as handle:
            for row in quote_rows:
                if later_part or part_of(str(row["path"])) == part:
                    record = {
                        "id": item_id(
                            "fresh-quote-", str(row["path"]), int(str(row["start"])), int(str(row["end"]))
                        ),
                        "path": row["path"],
                        "start": row["start"],
                        "end": row["end"],
                        "text": row["text"],
                    }
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for row in chosen:
        counts[f"{row['stratum']} {later_part or part_of(str(row['path']))}"] += 1
    print(json.dumps(dict(sorted(counts.items())), indent=1))
    print(len(chosen), "sentences;", len(quote_rows), "quotations")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), *sys.argv[4:5])
