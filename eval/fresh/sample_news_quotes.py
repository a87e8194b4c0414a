"""A quotation-only part from news articles (part N): speakers in another genre than the
White House's own pages.

Every part before this one comes from `wh-briefings`, whose quotations are mostly the
government quoting itself, reporters' questions and transcripts. The issue's users read
news, where "..., said X, CEO of Y" is the common form. `shared/data/article-extraction`
holds 181 news articles (MIT licence) with their article text as ground truth; none of the
frame lexicons or quotation rules was written against them.

Two steps, both deterministic, run from the repository root:

    .venv/bin/python eval/fresh/sample_news_quotes.py texts ../shared/data/article-extraction OUT
    .venv/bin/python eval/fresh/sample_news_quotes.py sample OUT eval/fresh

`texts` writes each article's ground-truth text to `OUT/<key>.txt` (the files the
evaluation reads: `evaluate_corpus ... --corpus OUT`); `sample` draws, seeded, at most one
span inside quotation marks (curly or straight, 40 to 700 characters, six words or more)
per article, spread over the articles, 120 in all, into `quote-candidates-N.jsonl`. Like the
other samplers it never runs the detector: the candidates are labelled by reading them.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from sample_candidates import SEED, item_id

PART = "N"
QUOTATIONS = 120
# Inside curly quotes, or straight ones; 40 to 700 characters, no quote mark inside.
_QUOTED = re.compile(r"“([^“”\n]{40,700})”|\"([^\"\n]{40,700})\"")


def write_texts(article_extraction: Path, out: Path) -> int:
    """Each article's ground-truth body as `out/<key>.txt`; the number written."""
    truth = json.loads((article_extraction / "ground-truth.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    for key, record in sorted(truth.items()):
        (out / f"{key}.txt").write_text(str(record.get("articleBody") or ""), encoding="utf-8")
    return len(truth)


def sample(texts: Path, out: Path) -> list[dict[str, object]]:
    """The candidates: one quoted span per article at most, seeded, `QUOTATIONS` at most."""
    rng = random.Random(SEED + ord(PART))
    rows: list[dict[str, object]] = []
    for path in sorted(texts.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = [m.span(1 if m.group(1) is not None else 2) for m in _QUOTED.finditer(text)]
        spans = [(s, e) for s, e in spans if len(text[s:e].split()) >= 6]
        if spans:
            start, end = rng.choice(spans)
            rows.append({"path": path.name, "start": start, "end": end, "text": text[start:end]})
    rng.shuffle(rows)
    chosen = sorted(rows[:QUOTATIONS], key=lambda row: str(row["path"]))
    return [
        {"id": item_id("news-quote-", str(r["path"]), int(str(r["start"])), int(str(r["end"])))} | r
        for r in chosen
    ]


def main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[0] == "texts":
        print(write_texts(Path(argv[1]), Path(argv[2])), "article texts written to", argv[2])
    elif len(argv) == 3 and argv[0] == "sample":
        rows = sample(Path(argv[1]), Path(argv[2]))
        with (Path(argv[2]) / f"quote-candidates-{PART}.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(len(rows), "quotation candidates")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
