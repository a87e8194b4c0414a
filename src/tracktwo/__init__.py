"""tracktwo: evidence and dialogue against the AI arms race story."""

__version__ = "0.1.0"
