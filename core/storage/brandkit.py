"""Brand kits: an advertiser's colours, logo, font and tone, stored per tenant."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

from core.schemas import check_colors
from core.storage.sqlite import connect, create

_SCHEMA = """
CREATE TABLE IF NOT EXISTS brand_kits (
    tenant TEXT PRIMARY KEY,
    kit TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""


class BrandKit(BaseModel):
    """What every ad of an advertiser should share unless a request says otherwise."""

    colors: list[str] = Field(default_factory=list, max_length=5, description="#RRGGBB.")
    logo: str | None = Field(None, description="Asset id of the logo image.")
    font: str | None = Field(None, description="Font family, e.g. lato, manrope.")
    tone: str = Field("", max_length=200, description="Tone of voice, e.g. 'warm, playful'.")

    _colors = field_validator("colors")(check_colors)

    def merged(self, update: BrandKit) -> BrandKit:
        """This kit with the fields ``update`` sets replaced."""
        return self.model_copy(update=update.model_dump(exclude_unset=True))


class BrandKitStore:
    """Brand kits in a SQLite file, one per tenant (advertiser).

    Args:
        path: The SQLite file.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        create(self.path, _SCHEMA)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self.path)

    def get(self, tenant: str) -> BrandKit | None:
        """The tenant's kit, or None when it has none."""
        with self._connect() as db:
            row = db.execute("SELECT kit FROM brand_kits WHERE tenant = ?", (tenant,)).fetchone()
        return BrandKit.model_validate(json.loads(row[0])) if row else None

    def save(self, tenant: str, kit: BrandKit) -> BrandKit:
        """Merge ``kit`` into the tenant's kit (fields it sets win) and store the result."""
        merged = (self.get(tenant) or BrandKit()).merged(kit)
        with self._connect() as db:
            db.execute(
                "INSERT INTO brand_kits VALUES (?, ?, ?) ON CONFLICT(tenant) DO UPDATE SET "
                "kit = excluded.kit, updated = excluded.updated",
                (tenant, merged.model_dump_json(), datetime.now(UTC).isoformat()),
            )
        return merged
