"""The asset store: content-addressed files plus a SQLite table of metadata and lineage."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from core.errors import AssetNotFoundError
from core.storage.sqlite import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS assets (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    created TEXT NOT NULL,
    parents TEXT NOT NULL,
    capability TEXT,
    parameters TEXT NOT NULL,
    caption TEXT NOT NULL,
    tenant TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS assets_tenant_created ON assets (tenant, created);
"""

_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "video/mp4": ".mp4",
    "application/json": ".json",
    "application/zip": ".zip",
}
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
    """Stores asset bytes by content hash under ``root`` and their metadata in SQLite.

    Safe to share between threads and processes: every call opens its own
    short-lived SQLite connection.

    Args:
        root: Directory holding ``index.sqlite`` and the ``blobs/`` tree.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._db_path = self.root / "index.sqlite"
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self._db_path)

    def _blob_path(self, sha256: str, mime: str) -> Path:
        return self.root / "blobs" / sha256[:2] / f"{sha256}{_EXTENSIONS.get(mime, '.bin')}"

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
    ) -> Asset:
        """Store ``data`` and return its new metadata record.

        Identical bytes share one file; each call still creates its own asset id, so
        lineage (parents, capability, parameters) is kept per asset.
        """
        sha = hashlib.sha256(data).hexdigest()
        path = self._blob_path(sha, mime)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
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
        with self._connect() as db:
            db.execute(
                "INSERT INTO assets VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    asset.id, asset.sha256, asset.kind, asset.mime, asset.size, asset.width,
                    asset.height, asset.created.isoformat(), json.dumps(asset.parents),
                    asset.capability, json.dumps(asset.parameters), asset.caption, asset.tenant,
                ),
            )
        return asset

    def get(self, asset_id: str, tenant: str | None = None) -> Asset:
        """Return the metadata of ``asset_id``.

        Raises:
            AssetNotFoundError: No such asset (for this tenant, when one is given).
        """
        with self._connect() as db:
            row = db.execute("SELECT * FROM assets WHERE id = ?", (asset_id.strip(),)).fetchone()
        if row is None or (tenant is not None and row["tenant"] != tenant):
            raise AssetNotFoundError(
                f"There is no asset with the id '{asset_id}'.",
                hint="Use an id shown in this conversation, or upload the image again.",
            )
        return _row_to_asset(row)

    def find(self, sha256: str, tenant: str = "default") -> Asset | None:
        """The newest of the tenant's assets with these bytes (by SHA-256), if any."""
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM assets WHERE sha256 = ? AND tenant = ? ORDER BY created DESC "
                "LIMIT 1",
                (sha256, tenant),
            ).fetchone()
        return _row_to_asset(row) if row else None

    def path(self, asset_id: str, tenant: str | None = None) -> Path:
        """Return the file holding the bytes of ``asset_id``."""
        asset = self.get(asset_id, tenant)
        return self._blob_path(asset.sha256, asset.mime)

    def read(self, asset_id: str, tenant: str | None = None) -> bytes:
        """Return the bytes of ``asset_id``."""
        return self.path(asset_id, tenant).read_bytes()

    def derived(self, parent_id: str, kind: str, tenant: str) -> list[Asset]:
        """The tenant's assets of ``kind`` made from ``parent_id``, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM assets WHERE tenant = ? AND kind = ? AND EXISTS "
                "(SELECT 1 FROM json_each(assets.parents) WHERE value = ?) "
                "ORDER BY created DESC",
                (tenant, kind, parent_id),
            ).fetchall()
        return [_row_to_asset(row) for row in rows]

    def set_parameter(self, asset_id: str, key: str, value: Any, tenant: str) -> Asset:
        """Set (or, with ``None``, remove) one key of the tenant's asset's parameters.

        The bytes and the rest of the lineage stay as they are; only metadata that describes
        the asset without changing it belongs here (the box marked around a photo's product).
        The change is one SQL statement, so concurrent writers of other keys are not lost.

        Raises:
            AssetNotFoundError: The tenant has no such asset.
        """
        path = "$." + json.dumps(key)  # a quoted JSON path member
        with self._connect() as db:
            if value is None:
                changed = db.execute(
                    "UPDATE assets SET parameters = json_remove(parameters, ?) "
                    "WHERE id = ? AND tenant = ?",
                    (path, asset_id, tenant),
                ).rowcount
            else:
                changed = db.execute(
                    "UPDATE assets SET parameters = json_set(parameters, ?, json(?)) "
                    "WHERE id = ? AND tenant = ?",
                    (path, json.dumps(value), asset_id, tenant),
                ).rowcount
        if not changed:
            self.get(asset_id, tenant)  # raises the plain not-found error
        return self.get(asset_id, tenant)

    def delete(self, asset_id: str, tenant: str) -> bool:
        """Forget the tenant's asset; its file goes too when no other asset shares the bytes.

        Assets made from it keep their ``parents`` (lineage names what was deleted).

        Returns:
            True when it was deleted, False when the tenant has no such asset.
        """
        with self._connect() as db:
            row = db.execute("SELECT sha256, mime FROM assets WHERE id = ? AND tenant = ?",
                             (asset_id, tenant)).fetchone()
            if row is None:
                return False
            db.execute("DELETE FROM assets WHERE id = ?", (asset_id,))
            shared = db.execute("SELECT 1 FROM assets WHERE sha256 = ? LIMIT 1",
                                (row["sha256"],)).fetchone()
        if shared is None:
            self._blob_path(row["sha256"], row["mime"]).unlink(missing_ok=True)
        return True

    def list(self, tenant: str = "default", limit: int = 100, offset: int = 0) -> list[Asset]:
        """Return the tenant's assets, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM assets WHERE tenant = ? ORDER BY created DESC LIMIT ? OFFSET ?",
                (tenant, limit, offset),
            ).fetchall()
        return [_row_to_asset(row) for row in rows]


def _row_to_asset(row: sqlite3.Row) -> Asset:
    data = dict(row)
    data["parents"] = json.loads(data["parents"])
    data["parameters"] = json.loads(data["parameters"])
    return Asset.model_validate(data)
