"""The person behind a speaker as printed, for counting narrators as people.

A corpus prints one person many ways: "THE PRESIDENT:" (a different person in 2023 and
2025), "MR. SULLIVAN:", "Jake Sullivan", "President Biden", "Joe Biden". Counted by the
name as printed, the top narrators of a corpus split one person into several and merge two
presidents into one. `PersonResolver.person` names the person where the registry or the
title holders (`data/title_holders.yaml`, by country and date) say who it is, and None
where nothing does (the speaker then stands for itself).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files
from typing import Any, Final

import yaml

from tracktwo.narrative.actors.registry import ActorRegistry
from tracktwo.narrative.errors import LexiconError

# "THE PRESIDENT", "THE VICE PRESIDENT", "THE FIRST LADY": a title label as printed; "The
# President" and "the First Lady" as a labeller or a text writes them.
_TITLE_LABEL: Final = re.compile(r"^(?:THE|The|the)\s+(?P<title>[A-Za-z][A-Za-z .'-]+)$")
# "MR. SULLIVAN", "MS. JEAN-PIERRE", "Director Kratsios", "Secretary Raimondo": an honorific
# or title and a surname.
HONORIFIC_LABEL: Final = re.compile(
    r"^(?:(?:MR|MS|MRS|DR|MISS)\.?|(?:[A-Z][a-z]+\.?\s+){1,3}?)\s*(?P<surname>[A-Z][A-Za-z'’.-]+)$"
)


@dataclass(frozen=True)
class TitleTerm:
    name: str
    start: dt.date
    end: dt.date | None  # the successor's first day; None while in office

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class TitleHolders:
    """Terms of office by (country, title), titles in title case ("Vice President")."""

    terms: dict[tuple[str, str], tuple[TitleTerm, ...]]

    @cached_property
    def names(self) -> frozenset[str]:
        """Everyone listed: each is a person, whatever the registry knows of them."""
        return frozenset(term.name for terms in self.terms.values() for term in terms)

    def holder(self, country: str, title: str, day: dt.date) -> str | None:
        for term in self.terms.get((country, title.title()), ()):
            if term.covers(day):
                return term.name
        return None


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise LexiconError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_title_holders(data: Any, source: str) -> TitleHolders:
    """Terms from the YAML layout of `data/title_holders.yaml`; LexiconError naming `source`."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise LexiconError(f"{source}: expected a mapping with version: 1")
    terms: dict[tuple[str, str], tuple[TitleTerm, ...]] = {}
    for country, titles in data.items():
        if country == "version":
            continue
        if not isinstance(titles, dict):
            raise LexiconError(f"{source}: {country}: expected titles, each with a list of terms")
        for title, entries in titles.items():
            where = f"{source}: {country} {title}"
            if not isinstance(entries, list) or not all(isinstance(e, dict) and "name" in e for e in entries):
                raise LexiconError(f"{where}: expected a list of {{name, from, to}}")
            parsed = tuple(
                TitleTerm(
                    str(entry["name"]),
                    _date(entry.get("from"), where),
                    _date(entry["to"], where) if entry.get("to") is not None else None,
                )
                for entry in entries
            )
            terms[(str(country), str(title).title())] = parsed
    return TitleHolders(terms)


def packaged_title_holders() -> TitleHolders:
    path = files("tracktwo.narrative.actors") / "data" / "title_holders.yaml"
    return parse_title_holders(yaml.safe_load(path.read_text(encoding="utf-8")), "title_holders.yaml")


class PersonResolver:
    """`person(speaker, country, date)`: who a speaker as printed is, or None (memoised)."""

    def __init__(self, registry: ActorRegistry, holders: TitleHolders | None = None) -> None:
        self._registry = registry
        self._holders = holders if holders is not None else packaged_title_holders()
        # Most speakers are who they are on any date: memoised without it, so that a corpus
        # of thousands of dates does not resolve "Jake Sullivan" once per date.
        self._undated: dict[tuple[str, str], str | None] = {}
        self._dated: dict[tuple[str, str, str], str | None] = {}

    def person(self, speaker: str, country: str, date: str | None) -> str | None:
        key = (speaker, country)
        if key in self._undated:
            return self._undated[key]
        dated_key = (speaker, country, date or "")
        if dated_key not in self._dated:
            label = " ".join(speaker.split())
            if self._is_titled(label, country):
                self._dated[dated_key] = self._resolve(label, country, date)
            else:
                self._undated[key] = self._resolve(label, country, None)
                return self._undated[key]
        return self._dated[dated_key]

    def _titles(self, label: str, country: str) -> list[str]:
        """The listed titles `label` opens with ("Speaker McCarthy": "Speaker")."""
        words = label.split()
        return [
            " ".join(words[:n])
            for n in (2, 1)
            if len(words) > n and (country, " ".join(words[:n]).title()) in self._holders.terms
        ]

    def _is_titled(self, label: str, country: str) -> bool:
        """Whether who `label` is depends on the date: a title label or a listed title and a name."""
        return self._title_label(label, country) is not None or bool(self._titles(label, country))

    def _title_label(self, label: str, country: str) -> str | None:
        """The listed title of a label "THE PRESIDENT" / "The President", else None ("The
        White House" is no title)."""
        match = _TITLE_LABEL.match(label)
        if match is None:
            return None
        title = match.group("title")
        if label.isupper() or (country, title.title()) in self._holders.terms:
            return title
        return None

    def _titled_holder(self, label: str, country: str, date: str | None) -> str | None:
        """ "Speaker McCarthy", "First Lady Jill Biden": a listed title and the surname of its
        holder on `date`."""
        surname = label.split()[-1].casefold()
        for title in self._titles(label, country):
            holder = self.title_holder(country, title, date)
            if holder is not None and holder.split()[-1].casefold() == surname:
                return holder
        return None

    def title_holder(self, country: str, title: str, date: str | None) -> str | None:
        """Who held `title` ("First Lady") in `country` on `date`, or None (undated, unlisted)."""
        day = _day(date)
        return self._holders.holder(country, title, day) if day is not None else None

    def _resolve(self, label: str, country: str, date: str | None) -> str | None:
        title = self._title_label(label, country)
        if title is not None:
            return self.title_holder(country, title, date)
        actor = self._registry.lookup(label)
        if actor is not None:
            return actor.name if actor.kind == "person" else None
        if label in self._holders.names:
            return label
        holder = self._titled_holder(label, country, date)
        if holder is not None:
            return holder
        honorific = HONORIFIC_LABEL.match(label)
        if honorific is not None:
            people = [a for a in self._registry.by_surname(honorific.group("surname")) if a.kind == "person"]
            if len(people) == 1 and people[0].country in (country, "unknown"):
                return people[0].name
        return None


@lru_cache(maxsize=8)
def person_resolver(registry: ActorRegistry) -> PersonResolver:
    """One resolver (and its memo) per registry, shared by every document a worker analyses."""
    return PersonResolver(registry)


def _day(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date[:10]) if date else None
    except ValueError:
        return None
