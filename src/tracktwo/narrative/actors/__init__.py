"""The actor registry (people and organisations of the AI policy debate) and title resolution.

`load_registry(extra)` reads the packaged `data/actors.yaml` and an optional user file;
`resolve_by_title(text)` reads sector, country and organisation from titles and bodies named
in a text ("CEO of X", "Senator", "professor at", "Ministry of", 外交部).
"""

from tracktwo.narrative.actors.registry import (
    Actor,
    ActorKind,
    ActorMatch,
    ActorRegistry,
    TitleResolution,
    build_registry,
    country_of,
    load_registry,
    packaged_registry,
    resolve_by_title,
)

__all__ = [
    "Actor",
    "ActorKind",
    "ActorMatch",
    "ActorRegistry",
    "TitleResolution",
    "build_registry",
    "country_of",
    "load_registry",
    "packaged_registry",
    "resolve_by_title",
]
