"""Rule-based frames and policy areas of the AI race narrative, English and Chinese.

`detect(text, context=paragraph, language="en")` gives a sentence's frames (race,
cooperation, deregulation, safety, mirror, adversary_intent), its policy areas and the
evidence for each; `Detector` compiles the lexicons of `data/*.yaml` once and offers
`detect_many` for corpus-scale batches. Definitions follow shared/eval/CODEBOOK.md.
"""

from __future__ import annotations

from tracktwo.narrative.frames.detector import (
    OUT_OF_SCOPE,
    Detector,
    Evidence,
    FrameDetection,
    UnsupportedLanguageError,
    default_detector,
    detect,
)
from tracktwo.narrative.frames.lexicon import Lexicon, load_lexicon

__all__ = [
    "OUT_OF_SCOPE",
    "Detector",
    "Evidence",
    "FrameDetection",
    "Lexicon",
    "UnsupportedLanguageError",
    "default_detector",
    "detect",
    "load_lexicon",
]
