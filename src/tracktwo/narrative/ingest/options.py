"""The settings every ingest reader honours, as one frozen value."""

from __future__ import annotations

from dataclasses import dataclass

# A single document larger than this is almost certainly not one article (a dump, a log,
# a mis-saved binary); refusing it keeps one bad file from exhausting memory.
DEFAULT_MAX_BYTES = 50_000_000
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class IngestOptions:
    """`text_column`: the column of CSV / JSON Lines holding the text (None: auto-detect
    `text`, `body` or `content`). `timeout`: seconds per network operation when fetching.
    `max_bytes`: cap on one document (a file, a WARC record, a fetched page, a table cell).
    """

    text_column: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive, got {self.timeout}")
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
