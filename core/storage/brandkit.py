"""Brand kits: an advertiser's colours, logo, font and tone, stored per tenant.

Embedded, they are ``brand_kits.sqlite`` in the data dir; with ``ADSTUDIO_DATABASE_URL`` set,
a table in that PostgreSQL database. The schema is migrated with Alembic
(``core/storage/schemas/brand_kits``) when the store is opened.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import Connection, text

from core.schemas import check_colors
from core.settings import Settings
from core.storage.database import make_engine, reading, sqlite_url, store_url, writing
from core.storage.migrations import Schema, upgrade
from core.storage.schemas import SCHEMAS

SCHEMA = Schema("brand_kits", SCHEMAS / "brand_kits")
"""The brand kits table and its migrations."""
KITS_FILE = "brand_kits.sqlite"
"""The store's SQLite file in the data dir (when no database URL is set)."""
_SAVE_TRIES = 10
"""Compare-and-set attempts of :meth:`BrandKitStore.save` before it gives up."""


class BrandKit(BaseModel):
    """What every ad of an advertiser should share unless a request says otherwise."""

    colors: list[str] = Field(default_factory=list, max_length=5, description="#RRGGBB.")
    logo: str | None = Field(None, description="Asset id of the logo image.")
    font: str | None = Field(None, description="Font family, e.g. lato, manrope.")
    tone: str = Field("", max_length=200, description="Tone of voice, e.g. 'warm, playful'.")
    ai_label: bool | None = Field(
        None, description="True: every ad carries a visible 'AI-generated' label, even where "
        "no placement asks for one (unset: only where a placement or the deployment does).")

    _colors = field_validator("colors")(check_colors)

    def merged(self, update: BrandKit) -> BrandKit:
        """This kit with the fields ``update`` sets replaced."""
        return self.model_copy(update=update.model_dump(exclude_unset=True))


class BrandKitStore:
    """Brand kits on SQLite or PostgreSQL, one per tenant (advertiser).

    Args:
        where: An SQLite file, or a database URL (``sqlite:///…``, ``postgresql://…``).
            The table is created or upgraded on opening.
    """

    def __init__(self, where: Path | str) -> None:
        self.url = sqlite_url(where) if isinstance(where, Path) else where
        self.engine = make_engine(self.url)
        upgrade(self.engine, SCHEMA)

    def close(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()

    def get(self, tenant: str) -> BrandKit | None:
        """The tenant's kit, or None when it has none."""
        with reading(self.engine) as db:
            stored = _stored(db, tenant)
        return BrandKit.model_validate(json.loads(stored)) if stored is not None else None

    def save(self, tenant: str, kit: BrandKit) -> BrandKit:
        """Merge ``kit`` into the tenant's kit (fields it sets win) and store the result.

        The merge is a compare-and-set (retried when another writer saved the tenant's kit
        meanwhile), so two saves of different fields at once both land.

        Raises:
            RuntimeError: When the kit kept changing under us (10 tries).
        """
        for _ in range(_SAVE_TRIES):
            with writing(self.engine) as db:
                merged = _save_once(db, tenant, kit)
            if merged is not None:
                return merged
        raise RuntimeError(f"the brand kit of {tenant!r} kept changing; not saved")


def _stored(db: Connection, tenant: str) -> str | None:
    """The tenant's kit as stored (JSON text), or None."""
    row = db.execute(
        text("SELECT kit FROM brand_kits WHERE tenant = :tenant"), {"tenant": tenant}
    ).fetchone()
    return None if row is None else str(row[0])


def _save_once(db: Connection, tenant: str, kit: BrandKit) -> BrandKit | None:
    """Merge and store the kit unless another writer changed it since it was read (None)."""
    stored = _stored(db, tenant)
    old = BrandKit.model_validate(json.loads(stored)) if stored is not None else BrandKit()
    merged = old.merged(kit)
    values = {"tenant": tenant, "kit": merged.model_dump_json(), "old": stored,
              "updated": datetime.now(UTC).isoformat()}
    if stored is None:
        query = ("INSERT INTO brand_kits (tenant, kit, updated) VALUES (:tenant, :kit, :updated) "
                 "ON CONFLICT (tenant) DO NOTHING")
    else:
        query = ("UPDATE brand_kits SET kit = :kit, updated = :updated "
                 "WHERE tenant = :tenant AND kit = :old")
    return merged if db.execute(text(query), values).rowcount == 1 else None


def brand_kits_url(settings: Settings) -> str:
    """Where the brand kits live: the deployment's PostgreSQL, or ``brand_kits.sqlite``."""
    return store_url(settings.storage.url(), settings.data_dir / KITS_FILE)
