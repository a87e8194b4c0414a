"""The kinds of `DocumentFailure` that ingest records, one name per way a document can fail.

They are strings (the `kind` column of errors.parquet); the constants keep readers and
tests spelling them the same way.
"""

from __future__ import annotations

from typing import Final

NOT_FOUND: Final = "not_found"  # an input path that does not exist
UNREADABLE: Final = "unreadable"  # the file exists but cannot be opened or read
UNSUPPORTED: Final = "unsupported"  # an input given by name whose format ingest does not read
BINARY: Final = "binary"  # NUL bytes: not a text file
ENCODING: Final = "encoding"  # not valid UTF-8 (or UTF-16 with a byte-order mark)
EMPTY: Final = "empty"  # no text once any front matter is set aside
TOO_LARGE: Final = "too_large"  # above the size cap (`max_bytes`)
FRONT_MATTER: Final = "front_matter"  # a YAML header that is not closed or not valid YAML
CSV: Final = "csv"  # a malformed CSV row
JSON: Final = "json"  # a JSON Lines line that is not a JSON object
TABLE: Final = "table"  # a table (CSV, JSON Lines) without a usable text column
NO_ARTICLE: Final = "no_article"  # HTML in which no article text was found
WARC: Final = "warc"  # a WARC file that is not valid or is truncated
FETCH: Final = "fetch"  # a URL that could not be fetched (unreachable, HTTP error, timeout)
FEED: Final = "feed"  # an RSS / Atom feed or feed item that could not be parsed
