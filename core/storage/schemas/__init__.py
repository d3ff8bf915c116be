"""Alembic revisions of the core stores, a folder per store (see core.storage.migrations)."""

from pathlib import Path

SCHEMAS = Path(__file__).parent
"""The folder holding each store's revision folder."""
