"""Arrow tables made smaller for the trip from a worker process to the main one.

A chunk's sentence table repeats its document's source path and date on every sentence,
and a speaker's name, organisation, sector and country on every sentence of a quotation
or a turn: about half of the bytes a worker sends. `pack(table, columns)` sends those
columns run-end encoded (each run of equal values once, with where it ends);
`unpack` rebuilds the very same table, so the files written from it do not change. Why:
every byte sent is pickled, pushed through a pipe, read and unpickled into fresh pages
while the workers are busy, and that copying (page faults included) had grown to about
a tenth of the run's CPU time.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc


@dataclass(frozen=True)
class PackedTable:
    """A table with some columns run-end encoded: `columns[i]` is column i of `schema`,
    a plain array or a `pa.RunEndEncodedArray`."""

    schema: pa.Schema
    columns: tuple[pa.Array, ...]


def pack(table: pa.Table, columns: Collection[str]) -> PackedTable:
    """`table` with the named columns run-end encoded (the others as they are)."""
    packed: list[pa.Array] = []
    for field, column in zip(table.schema, table.columns, strict=True):
        array = column.combine_chunks()  # one chunk per column (a chunk's table has one already)
        if field.name in columns:
            array = pc.run_end_encode(array, run_end_type=pa.int32())
        packed.append(array)
    return PackedTable(table.schema, tuple(packed))


def unpack(packed: PackedTable) -> pa.Table:
    """The table `pack` was given, equal to it value for value and type for type."""
    arrays = [
        pc.run_end_decode(array) if isinstance(array, pa.RunEndEncodedArray) else array
        for array in packed.columns
    ]
    return pa.Table.from_arrays(arrays, schema=packed.schema)
