"""Rules, the learned classifier and their union on a sealed labelled file (docs/benchmarks.md §6).

The classifier is trained on the given training files (all of them, nothing held out) and
scored on the test file's non-ambiguous sentences, the same pipeline sentences the rules
are scored on (`evaluate_corpus.frame_items`). Needs the `embeddings` extra for `use`.

    .venv/bin/python benchmarks/narrative_unseen.py --train ../shared/eval/narrative-dev.jsonl \\
        --train eval/fresh/narrative-fresh-A.jsonl --test eval/fresh/narrative-fresh-B.jsonl \\
        --corpus ../shared/data/wh-briefings --embedder use
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tracktwo.narrative.classifier import (
    TrainingSettings,
    embedder_for,
    make_embedder,
    read_examples,
    train_classifier,
)
from tracktwo.narrative.evaluate_corpus import frame_items
from tracktwo.narrative.frames.evaluate import score

FRAMES = ("race", "cooperation", "deregulation", "safety")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--train", type=Path, action="append", required=True, help="labelled training file")
    parser.add_argument("--test", type=Path, required=True, help="labelled file to score on")
    parser.add_argument("--corpus", type=Path, required=True, help="corpus folder the test file points into")
    parser.add_argument("--embedder", choices=("use", "hashing"), default="use")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    examples = tuple(example for path in args.train for example in read_examples(path))
    settings = TrainingSettings(seed=args.seed, held_out=0.0, l2=args.l2)
    classifier = train_classifier(examples, make_embedder(args.embedder), settings).classifier
    items = frame_items(args.test, args.corpus)
    predictions = classifier.predict([item.text for item in items], embedder_for(classifier.embedder))
    gold = [item.expected for item in items]
    rules = [item.predicted for item in items]
    model = [frozenset(prediction.frames) for prediction in predictions]
    union = [a | b for a, b in zip(rules, model, strict=True)]
    print(f"trained on {len(examples)} sentences; scored on {len(items)} of {args.test.name}")
    for name, predicted in (("rules", rules), ("classifier", model), ("union", union)):
        scores = score(gold, predicted, list(FRAMES))
        cells = "  ".join(
            f"{f} {scores[f].f1:.3f} (P {scores[f].precision:.2f} R {scores[f].recall:.2f})" for f in FRAMES
        )
        print(f"{name:<11} {cells}")


if __name__ == "__main__":
    main()
