"""Fixtures shared by the narrative tests."""

from __future__ import annotations

import pytest

from tracktwo.narrative.actors import ActorRegistry, load_registry


@pytest.fixture(scope="session")
def registry() -> ActorRegistry:
    """The packaged actor registry (built once: the attribution tests all read it)."""
    return load_registry()
