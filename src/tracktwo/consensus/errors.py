"""Errors of the consensus engine: one hierarchy, messages that say what to do."""

from __future__ import annotations


class ConsensusError(Exception):
    """Base class of every error the consensus engine raises."""


class InputError(ConsensusError):
    """Input data is malformed; names the file and line when known."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
        self.reason = message


class EmptyConversationError(ConsensusError):
    """There is nothing to compute on (no votes, or no active statements)."""
