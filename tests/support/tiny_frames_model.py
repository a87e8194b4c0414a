"""A tiny frame classifier trained in a test: race, safety and deregulation only.

Trained on the model-free hashing embedder in well under a second. `cooperation`,
`mirror` and `adversary_intent` have no examples, so the classifier never predicts them
and `tracktwo analyze --frames-model` takes them from the rules.
"""

from __future__ import annotations

from pathlib import Path

from tracktwo.narrative.classifier import (
    Example,
    TrainingSettings,
    make_embedder,
    save_classifier,
    train_classifier,
)

RACE = (
    "We must win the AI race against China.",
    "America has to beat China in artificial intelligence.",
    "We cannot fall behind China in the AI race.",
    "Winning the AI race against our adversaries is a national priority.",
    "The AI race with Beijing is one we have to win.",
    "Our rivals are racing ahead in AI; we must win.",
)
SAFETY = (
    "Frontier AI models need safety testing before release.",
    "We support independent evaluations of AI model safety.",
    "Red-teaming and safety testing of AI systems must be required.",
    "AI safety evaluations protect the public from serious risk.",
    "Safety testing of powerful AI models is essential.",
    "We need guardrails and safety testing for AI.",
)
DEREGULATION = (
    "We will cut the red tape that holds back American AI companies.",
    "Burdensome AI regulation must be removed.",
    "We will revoke the rules that slow down AI innovation.",
    "Onerous state AI laws should be pre-empted.",
    "Light-touch rules will unleash American AI.",
    "Barriers to AI innovation must come down.",
)
NEITHER = (
    "The weather in Washington was mild today.",
    "The press secretary took questions on the budget.",
    "Farm exports rose in the second quarter.",
    "The bridge reopened after repairs.",
    "The ceremony honoured veterans of the war.",
    "The museum extended its opening hours.",
)
TRAINED_FRAMES = ("race", "deregulation", "safety")


def tiny_examples() -> list[Example]:
    return (
        [Example(text, frozenset({"race"})) for text in RACE]
        + [Example(text, frozenset({"safety"})) for text in SAFETY]
        + [Example(text, frozenset({"deregulation"})) for text in DEREGULATION]
        + [Example(text, frozenset()) for text in NEITHER]
    )


def train_tiny_model(folder: Path, embedder: str = "hashing", dimension: int | None = None) -> Path:
    """Train the tiny classifier with `embedder` (`dimension`: of hashing) and save it in `folder`."""
    settings = TrainingSettings(seed=0, held_out=0.0, validation_folds=3)
    result = train_classifier(tiny_examples(), make_embedder(embedder, dimension), settings)
    return save_classifier(result.classifier, folder)
