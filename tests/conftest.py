"""Shared test plugins: real servers (PostgreSQL, Chromium) installed and started by the
suite itself. Helpers live in `tests/support/` and are imported as `support.<module>`
(a test module never imports `conftest`, whose name is ambiguous across folders)."""

from __future__ import annotations

pytest_plugins = ["support.fixtures"]
