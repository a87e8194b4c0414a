"""tracktwo: evidence and dialogue against the AI arms race story."""

import copyreg
from types import MappingProxyType
from typing import Any

__version__ = "0.1.0"


def read_only_mapping(contents: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Rebuild a read-only mapping after unpickling."""
    return MappingProxyType(contents)


# Frozen results hold read-only mappings; let them cross process boundaries (the local
# and Dask executors pickle documents and conversations) as copies of their contents.
copyreg.pickle(MappingProxyType, lambda proxy: (read_only_mapping, (dict(proxy),)))
