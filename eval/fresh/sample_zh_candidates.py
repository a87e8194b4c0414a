"""Draw fresh, unlabelled Chinese candidate sentences from zh-gov-reports (eval/fresh/README.md).

Why: the Chinese lexicons were checked against narrative-zh-dev.jsonl only; the issue's
target there is few false alarms (at most 5% of the sentences with no frame get one).
This draws sentences that file does not hold, with its design: sentences naming AI,
chips, compute or other 智能 technologies, sentences with a possible frame cue in any sense
(领先, 竞争, 监管, 治理, 安全, 合作, 风险 ...), and random sentences; at most 5 per
report, from every report of the corpus (1954 to 2025). Spans come from the pipeline's
segmenter, which knows nothing of frames.

    .venv/bin/python eval/fresh/sample_zh_candidates.py \
        ../shared/data/zh-gov-reports ../shared/eval eval/fresh
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
from tracktwo.narrative.sentences import split_sentences

SEED = 20261126
TECH = re.compile(
    r"人工智能|大模型|算力|芯片|集成电路|半导体|超级计算|数据中心|智能化|智能制造|具身智能|智能\+|数字经济|机器人"
)
CUE = re.compile(r"领先|竞争|落后|赶超|制高点|监管|治理|安全|合作|对话|风险|规则|标准|霸权|遏制|打压|先机")
QUOTAS = {"tech": 70, "cue": 70, "random": 40}
PER_REPORT = 5


def main(corpus: Path, shared_eval: Path, out: Path) -> None:
    dev = [
        json.loads(line) for line in (shared_eval / "narrative-zh-dev.jsonl").read_text("utf-8").splitlines()
    ]
    taken_spans = {(row["file"], int(row["record"])): [] for row in dev}
    for row in dev:
        taken_spans[(row["file"], int(row["record"]))].append((int(row["start"]), int(row["end"])))
    dev_texts = {row["text"] for row in dev}
    strata: dict[str, list[dict[str, object]]] = defaultdict(list)
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        for outcome in read_path(corpus / name, name, IngestOptions()):
            if not isinstance(outcome, Document):
                continue
            record = int(outcome.source.rsplit("=", 1)[1]) - 1
            spans = taken_spans.get((name, record), [])
            for sentence in split_sentences(outcome):
                text = sentence.text
                if not 12 <= len(text) <= 300 or text in dev_texts:
                    continue
                if any(s < sentence.end and sentence.start < e for s, e in spans):
                    continue
                row = {
                    "file": name,
                    "record": record,
                    "title": outcome.title or "",
                    "start": sentence.start,
                    "end": sentence.end,
                    "text": text,
                }
                if TECH.search(text):
                    strata["tech"].append(row)
                elif CUE.search(text):
                    strata["cue"].append(row)
                strata["random"].append(row)
    rng = random.Random(SEED)
    chosen: list[dict[str, object]] = []
    per_report: dict[tuple[object, object], int] = defaultdict(int)
    seen: set[tuple[object, object, object]] = set()
    for stratum, quota in QUOTAS.items():
        rows = strata[stratum]
        rng.shuffle(rows)
        taken = 0
        for row in rows:
            key = (row["file"], row["record"])
            if taken >= quota:
                break
            if per_report[key] >= PER_REPORT or (row["file"], row["record"], row["start"]) in seen:
                continue
            per_report[key] += 1
            seen.add((row["file"], row["record"], row["start"]))
            chosen.append(row)
            taken += 1
    rng.shuffle(chosen)
    with (out / "candidates-zh.jsonl").open("w", encoding="utf-8") as handle:
        for row in chosen:
            digest = hashlib.sha256(
                f"{row['file']}:{row['record']}:{row['start']}:{row['end']}".encode()
            ).hexdigest()
            handle.write(json.dumps({"id": "fresh-zh-" + digest[:10], **row}, ensure_ascii=False) + "\n")
    print(len(chosen), "sentences", {k: len(v) for k, v in strata.items()})


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
