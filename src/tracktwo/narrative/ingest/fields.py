"""Which header keys or table columns hold a document's title, date, URL and text.

Names are matched as written first, then case-insensitively, so `Title` and `TITLE`
columns are honoured too. Which keys match is worked out once per set of keys (a table
header, a JSON Lines schema, a corpus's front matter) and cached, since a corpus repeats
the same few sets over thousands of documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from tracktwo.narrative.ingest.dates import iso_date

# In order of preference; the first of each is what the wh-briefings headers use
# (`title`, `date`, `source_url`), as do Jekyll and Hugo.
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date", "published_time", "published", "published_at", "pubdate", "created")
URL_KEYS = ("source_url", "url", "link", "canonical_url", "source")
TEXT_KEYS = ("text", "body", "content")


@dataclass(frozen=True)
class Described:
    """A document's title, date (YYYY-MM-DD) and URL as its header or columns give them."""

    title: str | None
    date: str | None
    url: str | None


@dataclass(frozen=True)
class _Columns:
    """The keys present for each field, in order of preference."""

    title: tuple[str, ...]
    date: tuple[str, ...]
    url: tuple[str, ...]


def find_key(keys: Iterable[str], wanted: tuple[str, ...]) -> str | None:
    """The first key of `keys` that is one of `wanted` (exact, then case-insensitive)."""
    present = _present(tuple(keys), wanted)
    return present[0] if present else None


def describe(fields: Mapping[str, str]) -> Described:
    """Title, date and URL from `fields`: for each, the first preferred key with a value
    (for the date, the first that reads as a date)."""
    if not fields:
        return _NOTHING
    columns = _columns(tuple(fields))
    date = None
    for key in columns.date:
        date = iso_date(fields[key])
        if date is not None:
            break
    return Described(_first_value(fields, columns.title), date, _first_value(fields, columns.url))


def _first_value(fields: Mapping[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if fields[key]:
            return fields[key]
    return None


_NOTHING = Described(None, None, None)


@lru_cache(maxsize=256)
def _columns(keys: tuple[str, ...]) -> _Columns:
    return _Columns(_present(keys, TITLE_KEYS), _present(keys, DATE_KEYS), _present(keys, URL_KEYS))


@lru_cache(maxsize=256)
def _present(keys: tuple[str, ...], wanted: tuple[str, ...]) -> tuple[str, ...]:
    exact = [name for name in wanted if name in keys]
    folded: dict[str, str] = {}
    for key in keys:
        folded.setdefault(key.strip().lower(), key)
    others = [folded[name] for name in wanted if name in folded and folded[name] not in exact]
    return tuple(exact + others)
