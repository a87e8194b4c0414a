"""The shared vocabulary: frames, policy areas, sectors and countries, in English and Chinese.

The terms live in the packaged data file `data/vocabulary.yaml` (vocabulary is data,
not code); this module only reads that file, never a user's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

import yaml

Kind = Literal["frames", "policy_areas", "sectors", "countries"]
KINDS: tuple[Kind, ...] = ("frames", "policy_areas", "sectors", "countries")


class TaxonomyError(Exception):
    """An unknown term or a malformed vocabulary file."""


@dataclass(frozen=True)
class Term:
    code: str
    en: str
    zh: str
    description: str = ""

    def label(self, language: str) -> str:
        """The label in `language` ("en" or "zh"); English for any other language."""
        return self.zh if language.startswith("zh") else self.en


@dataclass(frozen=True)
class Vocabulary:
    version: int
    terms: MappingProxyType[str, tuple[Term, ...]]

    def codes(self, kind: Kind) -> tuple[str, ...]:
        return tuple(term.code for term in self.terms[kind])

    def term(self, kind: Kind, code: str) -> Term:
        for term in self.terms[kind]:
            if term.code == code:
                return term
        raise TaxonomyError(
            f"unknown {kind[:-1].replace('_', ' ')} {code!r}; known: {', '.join(self.codes(kind))}"
        )


def _parse(data: Any) -> Vocabulary:
    if not isinstance(data, dict) or "version" not in data:
        raise TaxonomyError("vocabulary file must be a mapping with a version")
    terms: dict[str, tuple[Term, ...]] = {}
    for kind in KINDS:
        entries = data.get(kind)
        if not isinstance(entries, dict) or not entries:
            raise TaxonomyError(f"vocabulary file lacks the {kind} section")
        terms[kind] = tuple(
            Term(code=str(code), en=str(v["en"]), zh=str(v["zh"]), description=str(v.get("description", "")))
            for code, v in entries.items()
        )
    return Vocabulary(version=int(data["version"]), terms=MappingProxyType(terms))


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary (read once)."""
    text = resources.files("tracktwo.taxonomy").joinpath("data/vocabulary.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))
