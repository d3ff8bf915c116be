"""Alembic revisions of the UI's stores, a folder per store (see core.storage.migrations)."""

from pathlib import Path

MIGRATIONS = Path(__file__).parent
"""The folder holding each store's revision folder."""
