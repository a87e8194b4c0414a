"""The dialogue package's errors: each message says what was wrong and what to do."""

from __future__ import annotations


class DialogueError(Exception):
    """Base of every error the dialogue package raises on purpose."""


class StoreError(DialogueError):
    """The database cannot be opened or migrated."""


class NotFound(DialogueError):
    """A dialogue, statement, participant or invite does not exist (or is not yours)."""


class Forbidden(DialogueError):
    """The caller may not do this (wrong password, used invite, closed dialogue...)."""


class InvalidInput(DialogueError):
    """A value is out of range, too long, or malformed."""


class Conflict(DialogueError):
    """The action clashes with the current state (duplicate email, already withdrawn...)."""
