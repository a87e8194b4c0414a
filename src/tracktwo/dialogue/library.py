"""The statement library: red lines and safety standards already on the public record.

A dialogue's organisers rarely start from a blank page: what scientists from both
countries (IDAIS), companies (Seoul, AIIA), standards bodies (NIST, TC260) and labs have
already put on record makes good votable statements, and voting on them shows which
commitments still hold across countries and sectors. The entries are vocabulary, so
they live in the packaged data file `data/statement_library.yaml`; this module reads,
validates and searches it. Texts are paraphrases in English and Simplified Chinese,
never quotations, so each entry names its source for the reader to check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from tracktwo.taxonomy.vocabulary import vocabulary

Kind = Literal["red_line", "standard", "commitment"]
KINDS: tuple[Kind, ...] = ("red_line", "standard", "commitment")
# A statement is read on a phone in one glance and voted on; longer text is an essay.
MAX_TEXT_LENGTH = 280
REQUIRED_FIELDS = ("id", "kind", "policy_area", "text_en", "text_zh", "source", "date", "organisation")
OPTIONAL_FIELDS = ("source_url",)
# Slugs stay stable in URLs and in dialogues that cite an entry.
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The notes give some dates to the month only; a made-up day would be false precision.
_DATE_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


class LibraryError(Exception):
    """An unknown library entry, or a malformed statement library file."""


@dataclass(frozen=True)
class LibraryEntry:
    """One statement from the public record. `date` is ISO, YYYY-MM-DD or YYYY-MM."""

    id: str
    kind: Kind
    policy_area: str
    text_en: str
    text_zh: str
    source: str
    date: str
    organisation: str
    source_url: str | None = None

    def text(self, language: str) -> str:
        """The text in `language` ("en" or "zh"); English for any other language."""
        return self.text_zh if language.startswith("zh") else self.text_en


def _describe(index: int, raw: Mapping[str, Any]) -> str:
    """Name an entry in a message by its id when it has one, else by its position."""
    entry_id = raw.get("id")
    return f"entry {entry_id!r}" if isinstance(entry_id, str) and entry_id else f"entry #{index + 1}"


def _entry(index: int, raw: Any, policy_areas: Sequence[str]) -> LibraryEntry:
    if not isinstance(raw, Mapping):
        raise LibraryError(f"entry #{index + 1} of the statement library is not a mapping of fields")
    name = _describe(index, raw)
    unknown = sorted(set(map(str, raw)) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise LibraryError(f"{name} has unknown fields {', '.join(unknown)}; check their spelling")
    values: dict[str, str] = {}
    for field in REQUIRED_FIELDS:
        value = raw.get(field)
        if not isinstance(value, str) or not value.strip():
            raise LibraryError(f"{name} lacks a non-empty {field}; every entry needs one")
        values[field] = value.strip()
    url = raw.get("source_url")
    if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
        raise LibraryError(f"{name} has source_url {url!r}; give an https:// address or leave it out")
    if not _ID_PATTERN.match(values["id"]):
        raise LibraryError(f"{name}: the id must be a lowercase slug such as 'idais-beijing-deception'")
    if values["kind"] not in KINDS:
        raise LibraryError(f"{name} has kind {values['kind']!r}; use one of {', '.join(KINDS)}")
    if values["policy_area"] not in policy_areas:
        raise LibraryError(
            f"{name} has policy area {values['policy_area']!r}; use one of {', '.join(policy_areas)}"
        )
    for field in ("text_en", "text_zh"):
        if len(values[field]) > MAX_TEXT_LENGTH:
            raise LibraryError(
                f"{name}: {field} has {len(values[field])} characters, more than {MAX_TEXT_LENGTH}; "
                "shorten it to one votable sentence"
            )
    if not _DATE_PATTERN.match(values["date"]):
        raise LibraryError(f"{name} has date {values['date']!r}; write it as YYYY-MM-DD or YYYY-MM")
    return LibraryEntry(
        id=values["id"],
        kind=values["kind"],
        policy_area=values["policy_area"],
        text_en=values["text_en"],
        text_zh=values["text_zh"],
        source=values["source"],
        date=values["date"],
        organisation=values["organisation"],
        source_url=url,
    )


def validate_entries(raw_entries: Any) -> tuple[LibraryEntry, ...]:
    """Check raw entries (as read from YAML) and freeze them, in order.

    Raises LibraryError naming the first bad entry: a missing or empty field, an unknown
    kind or policy area, a text longer than MAX_TEXT_LENGTH, a malformed date or id, or
    an id used twice.
    """
    if not isinstance(raw_entries, Sequence) or isinstance(raw_entries, str):
        raise LibraryError("the statement library must hold a list of entries")
    policy_areas = vocabulary().codes("policy_areas")
    entries: list[LibraryEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entries):
        entry = _entry(index, raw, policy_areas)
        if entry.id in seen:
            raise LibraryError(f"entry {entry.id!r} appears twice; ids must be unique")
        seen.add(entry.id)
        entries.append(entry)
    return tuple(entries)


def parse_library(text: str) -> tuple[LibraryEntry, ...]:
    """Parse and validate the text of a statement library file."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise LibraryError(f"the statement library is not valid YAML: {error}") from error
    if not isinstance(data, Mapping) or "entries" not in data:
        raise LibraryError("the statement library must be a mapping with an 'entries' list")
    return validate_entries(data["entries"])


@lru_cache(maxsize=1)
def statement_library() -> tuple[LibraryEntry, ...]:
    """Every entry of the packaged statement library, in file order (read once)."""
    source = resources.files("tracktwo.dialogue").joinpath("data/statement_library.yaml")
    return parse_library(source.read_text(encoding="utf-8"))


def library_entry(entry_id: str) -> LibraryEntry:
    """The entry with id `entry_id`; LibraryError if there is none."""
    for entry in statement_library():
        if entry.id == entry_id:
            return entry
    raise LibraryError(
        f"no statement library entry has id {entry_id!r}; search_library() lists the entries and their ids"
    )


def search_library(
    query: str = "", policy_area: str | None = None, kind: str | None = None
) -> tuple[LibraryEntry, ...]:
    """Entries whose English or Chinese text, or source, contains `query` (any case),
    optionally limited to one policy area and one kind; file order. An empty query
    matches every entry."""
    if policy_area is not None and policy_area not in vocabulary().codes("policy_areas"):
        raise LibraryError(
            f"unknown policy area {policy_area!r}; use one of {', '.join(vocabulary().codes('policy_areas'))}"
        )
    if kind is not None and kind not in KINDS:
        raise LibraryError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    needle = query.strip().casefold()
    return tuple(
        entry
        for entry in statement_library()
        if (policy_area is None or entry.policy_area == policy_area)
        and (kind is None or entry.kind == kind)
        and (
            not needle
            or needle in entry.text_en.casefold()
            or needle in entry.text_zh.casefold()
            or needle in entry.source.casefold()
        )
    )
