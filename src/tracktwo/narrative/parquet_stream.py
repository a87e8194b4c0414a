"""The four Parquet files of a run, written while the run goes on.

Why: written at the end, the files were a second of the run's wall time in which nothing
else happened (a million sentences to encode after the last chunk). Written chunk by chunk
in a background thread, most of that work overlaps the analysis.

The files must not depend on how the rows were chunked (the chunk size, the executor, or
one call with the whole run): rows are buffered and cut into row groups of exactly
`ROW_GROUP_ROWS` rows (the last one shorter), so the same rows always give the same bytes.
Each file is written under a temporary name and renamed when complete, so that a run that
stops half-way leaves no file that looks whole.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import pyarrow as pa
import pyarrow.parquet as pq

from tracktwo.narrative.tables import SCHEMAS, TABLE_NAMES, FindingTables

ROW_GROUP_ROWS: Final = 65_536
_PARTIAL: Final = ".partial"


class _TableFile:
    """One Parquet file, fed tables of its schema in order."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self._partial = path.with_name(path.name + _PARTIAL)
        self._schema = schema
        self._writer: pq.ParquetWriter | None = None
        self._pending: list[pa.Table] = []
        self._pending_rows = 0

    def add(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self._pending.append(table)
        self._pending_rows += table.num_rows
        while self._pending_rows >= ROW_GROUP_ROWS:
            self._write_rows(ROW_GROUP_ROWS)

    def close(self) -> None:
        if self._pending_rows:
            self._write_rows(self._pending_rows)
        self._open().close()
        os.replace(self._partial, self.path)

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._partial.unlink(missing_ok=True)

    def _open(self) -> pq.ParquetWriter:
        if self._writer is None:
            self._writer = pq.ParquetWriter(self._partial, self._schema)
        return self._writer

    def _write_rows(self, rows: int) -> None:
        """Write the first `rows` pending rows as one row group."""
        joined = pa.concat_tables(self._pending)
        # one contiguous chunk per column for the row group written, so that its bytes do not
        # depend on how the rows came in; the rest stays as it came (copied once, when written)
        self._open().write_table(joined.slice(0, rows).combine_chunks(), row_group_size=rows)
        rest = joined.slice(rows)
        self._pending = [rest] if rest.num_rows else []
        self._pending_rows = rest.num_rows


class ParquetStream:
    """`documents.parquet`, `sentences.parquet`, `quotes.parquet` and `errors.parquet` in
    `out`, fed the tables of a run chunk by chunk, in order (`add`), finished by `close`.

    Not thread-safe: feed it from one thread (the CLI gives it a thread of its own).
    """

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.paths = {name: out / f"{name}.parquet" for name in TABLE_NAMES}
        self._files = {name: _TableFile(self.paths[name], SCHEMAS[name]) for name in TABLE_NAMES}

    def add(self, tables: FindingTables) -> None:
        for name, table in tables.by_name().items():
            self._files[name].add(table)

    def close(self) -> dict[str, Path]:
        """Write what is left and give each file its name; the paths by table name."""
        for table_file in self._files.values():
            table_file.close()
        return dict(self.paths)

    def abort(self) -> None:
        """Drop the files being written (a run that failed)."""
        for table_file in self._files.values():
            table_file.abort()


def write_tables(tables: FindingTables, out: Path) -> dict[str, Path]:
    """Write the four tables of a whole run in `out` (created if needed); their paths by name."""
    stream = ParquetStream(out)
    try:
        stream.add(tables)
        return stream.close()
    except BaseException:
        stream.abort()
        raise


def read_tables(out: Path) -> FindingTables:
    """The four tables written in `out`."""
    return FindingTables(**{name: pq.read_table(out / f"{name}.parquet") for name in TABLE_NAMES})
