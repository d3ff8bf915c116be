"""The asset store: content-addressed files on disk plus an index of metadata and lineage.

The bytes always stay under the store's folder; the index (metadata, lineage, tenants) is
``index.sqlite`` beside them, or, with ``ADSTUDIO_DATABASE_URL`` set, a table in that
PostgreSQL database. Its schema is migrated with Alembic (``core/storage/schemas/assets``)
when the store is opened.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Connection, RowMapping, text

from core.errors import AssetNotFoundError
from core.settings import Settings
from core.storage.blobs import Blobs, LocalBlobs, blobs_for
from core.storage.database import make_engine, reading, sqlite_url, store_url, writing
from core.storage.migrations import Schema, upgrade
from core.storage.schemas import SCHEMAS

SCHEMA = Schema("assets", SCHEMAS / "assets")
"""The asset index's table and its migrations."""
INDEX_FILE = "index.sqlite"
"""The index's SQLite file in the store's folder (when no database URL is set)."""
_COLUMNS = ("id, sha256, kind, mime, size, width, height, created, parents, capability, "
            "parameters, caption, tenant")

_ID_PREFIXES = {"image": "img", "video": "vid"}


class Asset(BaseModel):
    """Metadata of one stored asset (never its bytes)."""

    id: str
    sha256: str
    kind: str = Field(description="product_photo, product_cutout, ad_image, ...")
    mime: str
    size: int
    width: int | None = None
    height: int | None = None
    created: datetime
    parents: list[str] = Field(default_factory=list, description="Assets this one was made from.")
    capability: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    caption: str = ""
    tenant: str = "default"


class AssetStore:
    """Stores asset bytes by content hash under ``root`` and their metadata in an index.

    Safe to share between threads and processes: each call takes a pooled connection.

    Args:
        root: Directory holding the ``blobs/`` tree (and ``index.sqlite`` by default).
        where: The index: an SQLite file, or a database URL (``sqlite:///…``,
            ``postgresql://…``); default ``index.sqlite`` in ``root``. Its table is
            created or upgraded on opening.
    """

    def __init__(
        self, root: Path | str, where: Path | str | None = None, blobs: Blobs | None = None
    ) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.blobs: Blobs = blobs or LocalBlobs(self.root)
        index = self.root / INDEX_FILE if where is None else where
        self.url = sqlite_url(index) if isinstance(index, Path) else index
        self.engine = make_engine(self.url)
        upgrade(self.engine, SCHEMA)

    def close(self) -> None:
        """Close the index's pooled connections."""
        self.engine.dispose()

    def _blob_path(self, sha256: str, mime: str) -> Path:
        return self.blobs.path(sha256, mime)

    def put(
        self,
        data: bytes,
        *,
        kind: str,
        mime: str,
        width: int | None = None,
        height: int | None = None,
        parents: Sequence[str] = (),
        capability: str | None = None,
        parameters: dict[str, Any] | None = None,
        caption: str = "",
        tenant: str = "default",
        original: bytes | None = None,
    ) -> Asset:
        """Store ``data`` and return its new metadata record.

        Identical bytes share one file; each call still creates its own asset id, so
        lineage (parents, capability, parameters) is kept per asset.

        ``original`` is a file ``data`` was made from that is not stored (a remote video
        model's clip, before the AI label was drawn on it). It is not kept here; a store
        that signs (``tools.provenance.MarkedAssetStore``) names it in the manifest as the
        file this one edits.
        """
        sha = hashlib.sha256(data).hexdigest()
        asset = Asset(
            id=f"{_ID_PREFIXES.get(mime.split('/')[0], 'ast')}_{uuid.uuid4().hex[:10]}",
            sha256=sha,
            kind=kind,
            mime=mime,
            size=len(data),
            width=width,
            height=height,
            created=datetime.now(UTC),
            parents=list(parents),
            capability=capability,
            parameters=parameters or {},
            caption=caption,
            tenant=tenant,
        )
        self.blobs.put(data, sha, mime)  # first, unlocked: an upload to a bucket takes a while
        with writing(self.engine) as db:  # then indexed under the bytes' lock
            _lock_bytes(db, sha)
            # again: the last asset with these bytes may have been deleted, and its bytes
            # with it, since the upload (cheap when they are there: a look, no upload)
            self.blobs.put(data, sha, mime)
            db.execute(
                text(f"INSERT INTO assets ({_COLUMNS}) VALUES (:id, :sha256, :kind, :mime, "
                     ":size, :width, :height, :created, :parents, :capability, :parameters, "
                     ":caption, :tenant)"),
                {**asset.model_dump(), "created": asset.created.isoformat(),
                 "parents": json.dumps(asset.parents),
                 "parameters": json.dumps(asset.parameters)},
            )
        return asset

    def get(self, asset_id: str, tenant: str | None = None) -> Asset:
        """Return the metadata of ``asset_id``.

        Raises:
            AssetNotFoundError: No such asset (for this tenant, when one is given).
        """
        with reading(self.engine) as db:
            row = db.execute(
                text(f"SELECT {_COLUMNS} FROM assets WHERE id = :id"), {"id": asset_id.strip()}
            ).mappings().fetchone()
        if row is None or (tenant is not None and row["tenant"] != tenant):
            raise _not_found(asset_id)
        return _row_to_asset(row)

    def find(self, sha256: str, tenant: str = "default") -> Asset | None:
        """The newest of the tenant's assets with these bytes (by SHA-256), if any."""
        with reading(self.engine) as db:
            row = db.execute(
                text(f"SELECT {_COLUMNS} FROM assets WHERE sha256 = :sha256 AND tenant = :tenant "
                     "ORDER BY created DESC LIMIT 1"),
                {"sha256": sha256, "tenant": tenant},
            ).mappings().fetchone()
        return _row_to_asset(row) if row else None

    def path(self, asset_id: str, tenant: str | None = None) -> Path:
        """Return the file holding the bytes of ``asset_id``."""
        asset = self.get(asset_id, tenant)
        return self._blob_path(asset.sha256, asset.mime)

    def read(self, asset_id: str, tenant: str | None = None) -> bytes:
        """Return the bytes of ``asset_id``."""
        return self.path(asset_id, tenant).read_bytes()

    def derived(self, parent_id: str, kind: str, tenant: str) -> list[Asset]:
        """The tenant's assets of ``kind`` made from ``parent_id``, newest first.

        The database narrows the rows down by the parent's JSON text (``LIKE``, on SQLite
        and PostgreSQL alike); each candidate's parents are then checked exactly.
        """
        with reading(self.engine) as db:
            rows = db.execute(
                text(f"SELECT {_COLUMNS} FROM assets WHERE tenant = :tenant AND kind = :kind "
                     "AND parents LIKE :parent ESCAPE '!' ORDER BY created DESC"),
                {"tenant": tenant, "kind": kind, "parent": f"%{_like(json.dumps(parent_id))}%"},
            ).mappings().fetchall()
        assets = (_row_to_asset(row) for row in rows)
        return [asset for asset in assets if parent_id in asset.parents]

    def set_parameter(self, asset_id: str, key: str, value: Any, tenant: str) -> Asset:
        """Set (or, with ``None``, remove) one key of the tenant's asset's parameters.

        The bytes and the rest of the lineage stay as they are; only metadata that describes
        the asset without changing it belongs here (the box marked around a photo's product).
        The change is a compare-and-set of the parameters (retried when another writer
        changed them meanwhile), so concurrent writers of other keys are not lost.

        Raises:
            AssetNotFoundError: The tenant has no such asset.
        """
        for _ in range(_SET_TRIES):
            with writing(self.engine) as db:
                done = _set_once(db, asset_id, key, value, tenant)
            if done:  # read once committed
                return self.get(asset_id, tenant)
        raise RuntimeError(f"asset {asset_id} kept changing; parameter {key!r} not set")

    def delete(self, asset_id: str, tenant: str) -> bool:
        """Forget the tenant's asset; its file goes too when no other asset shares the bytes.

        Assets made from it keep their ``parents`` (lineage names what was deleted).

        Returns:
            True when it was deleted, False when the tenant has no such asset.
        """
        with writing(self.engine) as db:
            row = db.execute(
                text("SELECT sha256, mime FROM assets WHERE id = :id AND tenant = :tenant"),
                {"id": asset_id, "tenant": tenant},
            ).mappings().fetchone()
            if row is None:
                return False
            _lock_bytes(db, row["sha256"])  # no replica stores these bytes anew meanwhile
            db.execute(text("DELETE FROM assets WHERE id = :id"), {"id": asset_id})
            shared = db.execute(text("SELECT 1 FROM assets WHERE sha256 = :sha256 LIMIT 1"),
                                {"sha256": row["sha256"]}).fetchone()
            if shared is None:
                self.blobs.delete(row["sha256"], row["mime"])
        return True

    def list(self, tenant: str = "default", limit: int = 100, offset: int = 0) -> list[Asset]:
        """Return the tenant's assets, newest first."""
        with reading(self.engine) as db:
            rows = db.execute(
                text(f"SELECT {_COLUMNS} FROM assets WHERE tenant = :tenant "
                     "ORDER BY created DESC LIMIT :limit OFFSET :offset"),
                {"tenant": tenant, "limit": limit, "offset": offset},
            ).mappings().fetchall()
        return [_row_to_asset(row) for row in rows]


_SET_TRIES = 10
"""Compare-and-set attempts of :meth:`AssetStore.set_parameter` before it gives up."""


def _set_once(db: Connection, asset_id: str, key: str, value: Any, tenant: str) -> bool:
    """Set one parameter if nobody changed the parameters since they were read here.

    The row is locked while it is read and written (``FOR UPDATE`` on PostgreSQL; the
    writer's ``BEGIN IMMEDIATE`` on SQLite), so concurrent writers wait their turn rather
    than retry; the compare-and-set stays as the guard.

    Raises:
        AssetNotFoundError: The tenant has no such asset.
    """
    lock = "" if db.dialect.name == "sqlite" else " FOR UPDATE"  # SQLite: BEGIN IMMEDIATE
    row = db.execute(
        text(f"SELECT parameters FROM assets WHERE id = :id AND tenant = :tenant{lock}"),
        {"id": asset_id, "tenant": tenant},
    ).fetchone()
    if row is None:
        raise _not_found(asset_id)
    parameters = json.loads(row[0])
    if value is None:
        parameters.pop(key, None)
    else:
        parameters[key] = value
    changed = db.execute(
        text("UPDATE assets SET parameters = :new "
             "WHERE id = :id AND tenant = :tenant AND parameters = :old"),
        {"new": json.dumps(parameters), "id": asset_id, "tenant": tenant, "old": row[0]},
    ).rowcount
    return bool(changed)


def _lock_bytes(db: Connection, sha256: str) -> None:
    """Hold the lock of some bytes to the end of the transaction.

    Storing bytes with their new asset, and deleting the last asset of bytes with the bytes,
    take it, so a replica never deletes bytes another one just indexed (an advisory lock
    on PostgreSQL; SQLite's write lock already serialises every writer).
    """
    if db.dialect.name != "sqlite":
        lock = zlib.crc32(f"bytes:{sha256}".encode())
        db.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})


def _like(literal: str) -> str:
    """``literal`` escaped for a ``LIKE … ESCAPE '!'`` pattern (its ``%`` and ``_`` are plain)."""
    return literal.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _not_found(asset_id: str) -> AssetNotFoundError:
    """The error for an unknown asset id (or another tenant's)."""
    return AssetNotFoundError(
        f"There is no asset with the id '{asset_id}'.",
        hint="Use an id shown in this conversation, or upload the image again.",
    )


def _row_to_asset(row: RowMapping) -> Asset:
    data = dict(row)
    data["parents"] = json.loads(data["parents"])
    data["parameters"] = json.loads(data["parameters"])
    return Asset.model_validate(data)


def asset_index_url(settings: Settings) -> str:
    """Where the asset index lives: the deployment's PostgreSQL, or ``index.sqlite``."""
    return store_url(settings.storage.url(), settings.assets_dir / INDEX_FILE)


def asset_blobs(settings: Settings) -> Blobs:
    """Where the deployment keeps asset bytes: its S3 bucket (cached), or the data dir."""
    return blobs_for(settings.assets_dir, settings.storage.assets_uri)
