"""API keys (stored hashed, per tenant) and the authentication mode of a deployment.

A key reads ``ads_<id>_<secret>``: ``id`` is a short public prefix that names the key in
listings and logs; only the SHA-256 of the whole key is stored, so a leaked database
does not leak keys. Keys are shown once, when created.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from core.settings import Settings
from core.storage.sqlite import connect, create

log = logging.getLogger(__name__)

AuthMode = Literal["keys", "none"]
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
PROXY_HEADERS = frozenset({b"forwarded", b"x-forwarded-for", b"x-real-ip", b"x-forwarded-host",
                           b"x-forwarded-proto", b"via"})
KEY_PREFIX = "ads"
NO_AUTH_WARNING = "API without authentication: loopback only"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    tenant TEXT NOT NULL,
    created TEXT NOT NULL,
    revoked TEXT
);
"""


class KeyRecord(BaseModel):
    """One API key, without its secret."""

    id: str
    tenant: str
    created: datetime
    revoked: datetime | None = None


def hash_key(key: str) -> str:
    """SHA-256 (hex) of a key: what the store keeps."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> tuple[str, str]:
    """A fresh key and its public id: ``(id, "ads_<id>_<secret>")``."""
    key_id = secrets.token_hex(4)
    return key_id, f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"


class KeyStore:
    """API keys in SQLite (one short connection per call).

    Args:
        path: The SQLite file (created when missing).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        create(self.path, _SCHEMA)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self.path)

    def create(self, tenant: str) -> tuple[KeyRecord, str]:
        """Create a key for ``tenant``; return its record and the key (shown only now)."""
        if not tenant.strip():
            raise ValueError("a key needs a tenant")
        key_id, key = new_key()
        record = KeyRecord(id=key_id, tenant=tenant.strip(), created=datetime.now(UTC))
        with self._connect() as db:
            db.execute(
                "INSERT INTO api_keys (id, hash, tenant, created) VALUES (?, ?, ?, ?)",
                (record.id, hash_key(key), record.tenant, record.created.isoformat()),
            )
        return record, key

    def lookup(self, token: str) -> KeyRecord | None:
        """The live key ``token`` is, or None (unknown or revoked)."""
        if not token.startswith(f"{KEY_PREFIX}_") or len(token) > 200:
            return None
        with self._connect() as db:
            row = db.execute(
                "SELECT id, tenant, created, revoked FROM api_keys WHERE hash = ?",
                (hash_key(token),),
            ).fetchone()
        if row is None or row["revoked"] is not None:
            return None
        return KeyRecord.model_validate(dict(row))

    def tenant_for(self, token: str) -> str | None:
        """The tenant of a live key, or None."""
        record = self.lookup(token)
        return record.tenant if record else None

    def list(self, tenant: str | None = None) -> list[KeyRecord]:
        """Every key (or one tenant's), oldest first."""
        query = "SELECT id, tenant, created, revoked FROM api_keys"
        params: tuple[str, ...] = ()
        if tenant is not None:
            query, params = query + " WHERE tenant = ?", (tenant,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY created", params).fetchall()
        return [KeyRecord.model_validate(dict(row)) for row in rows]

    def revoke(self, key_id: str) -> bool:
        """Revoke a key by its id; False when there is no live key with that id."""
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE api_keys SET revoked = ? WHERE id = ? AND revoked IS NULL",
                (datetime.now(UTC).isoformat(), key_id),
            )
        return cursor.rowcount == 1

    def ping(self) -> None:
        """Raise when the store cannot be read (for readiness)."""
        with self._connect() as db:
            db.execute("SELECT 1 FROM api_keys LIMIT 1").fetchall()


def key_store(settings: Settings) -> KeyStore:
    """The deployment's key store (``api_keys.sqlite`` in the data dir)."""
    return KeyStore(settings.data_dir / "api_keys.sqlite")


def behind_proxy(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Whether a request came through a reverse proxy (it names the original client).

    A proxy on 127.0.0.1 makes every request look local; these headers are how the
    request shows it came from elsewhere.
    """
    return any(name.lower() in PROXY_HEADERS for name, _ in headers)


def keys_needed(settings: Settings, mode: AuthMode, headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Whether a request must bring an API key.

    Always in ``keys`` mode; in ``auto`` mode open on loopback too, when the request came
    through a reverse proxy (``Forwarded``, ``X-Forwarded-*``, ``X-Real-IP`` or ``Via``), since a
    proxy on 127.0.0.1 forwards other machines' requests.
    """
    return mode == "keys" or (settings.api.auth == "auto" and behind_proxy(headers))


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    return host.strip("[]").lower() in LOOPBACK_HOSTS


def auth_mode(settings: Settings, host: str) -> AuthMode:
    """The authentication the API uses when bound to ``host``.

    Raises:
        ValueError: ``none`` was asked for on a host other machines can reach.
    """
    mode = settings.api.auth
    if mode == "none" and not is_loopback(host):
        raise ValueError(
            f"ADSTUDIO_API_AUTH=none is refused on {host}: without authentication the API "
            "may only listen on loopback (127.0.0.1, localhost or ::1). Create keys with "
            "`adstudio keys create --tenant NAME` and use ADSTUDIO_API_AUTH=keys (or auto)."
        )
    if mode == "auto":  # open on loopback, but see keys_needed: not through a proxy
        mode = "none" if is_loopback(host) else "keys"
    if mode == "none":
        log.warning("%s (every request acts as tenant %r)", NO_AUTH_WARNING, settings.tenant)
    return mode
