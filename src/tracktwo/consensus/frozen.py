"""Read-only arrays, so that the engine's frozen results stay frozen."""

from __future__ import annotations

from typing import TypeVar

import numpy as np

ArrayT = TypeVar("ArrayT", bound=np.ndarray)


def read_only(array: ArrayT) -> ArrayT:
    """Mark the array read-only in place and return it."""
    array.setflags(write=False)
    return array
