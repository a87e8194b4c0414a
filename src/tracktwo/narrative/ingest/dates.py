"""Dates in headers, columns and feeds, normalised to ISO 8601 (YYYY-MM-DD)."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

_ISO_PREFIX = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?![\d])")


def iso_date(value: str | None) -> str | None:
    """The calendar date a value names, or None when it names none.

    ISO 8601 dates and timestamps keep their own calendar day (no time-zone shift: the
    day the author wrote is the day the document is dated); RFC 822 dates, as RSS uses
    them, are read too.
    """
    if not value:
        return None
    match = _ISO_PREFIX.match(value)
    if match is not None:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
