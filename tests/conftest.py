"""Shared test fixtures: where ../shared/data lives, and the marker that skips without it."""

from __future__ import annotations

from pathlib import Path

import pytest

# Real servers for the tests (PostgreSQL, Chromium), installed and started by the suite itself.
pytest_plugins = ["support.fixtures"]

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_data_path(*parts: str) -> Path:
    """Path under ../shared/data, skipping the calling test when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent; the shared data folder is needed for this test")
    return path
