"""Alembic revisions of the tools' stores, a folder per store (see core.storage.migrations)."""

from pathlib import Path

MIGRATIONS = Path(__file__).parent
"""The folder holding each store's revision folder."""
