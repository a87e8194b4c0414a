"""Adjusted Rand index, to compare the engine's groups with another clustering."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def adjusted_rand_index(first: npt.ArrayLike, second: npt.ArrayLike) -> float:
    """Hubert and Arabie's adjusted Rand index of two labelings of the same items."""
    a = np.asarray(first)
    b = np.asarray(second)
    if a.shape != b.shape:
        raise ValueError("both labelings must label the same items")
    n = a.size
    if n < 2:
        return 1.0
    _, a_codes = np.unique(a, return_inverse=True)
    _, b_codes = np.unique(b, return_inverse=True)
    table = np.zeros((a_codes.max() + 1, b_codes.max() + 1))
    np.add.at(table, (a_codes, b_codes), 1)

    def pairs(x: npt.NDArray[np.float64]) -> float:
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
