"""API keys (stored hashed, per tenant) and the authentication mode of a deployment.

A key reads ``ads_<id>_<secret>``: ``id`` is a short public prefix that names the key in
listings and logs; only the SHA-256 of the whole key is stored, so a leaked database
does not leak keys. Keys are shown once, when created.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import text

from api.migrations import MIGRATIONS
from core.settings import Settings
from core.storage.database import make_engine, reading, sqlite_url, store_url, writing
from core.storage.migrations import Schema, upgrade

log = logging.getLogger(__name__)

AuthMode = Literal["keys", "none"]
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
PROXY_HEADERS = frozenset({b"forwarded", b"x-forwarded-for", b"x-real-ip", b"x-forwarded-host",
                           b"x-forwarded-proto", b"via"})
KEY_PREFIX = "ads"
NO_AUTH_WARNING = "API without authentication: loopback only"

SCHEMA = Schema("api_keys", MIGRATIONS / "api_keys")
"""The keys table and its migrations."""


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
    """API keys on SQLite or PostgreSQL (a pooled connection per call).

    Args:
        where: An SQLite file, or a database URL (``sqlite:///…``, ``postgresql://…``).
            The table is created or upgraded on opening.
    """

    def __init__(self, where: Path | str) -> None:
        self.url = sqlite_url(where) if isinstance(where, Path) else where
        self.engine = make_engine(self.url)
        upgrade(self.engine, SCHEMA)

    def create(self, tenant: str) -> tuple[KeyRecord, str]:
        """Create a key for ``tenant``; return its record and the key (shown only now)."""
        if not tenant.strip():
            raise ValueError("a key needs a tenant")
        key_id, key = new_key()
        record = KeyRecord(id=key_id, tenant=tenant.strip(), created=datetime.now(UTC))
        with writing(self.engine) as db:
            db.execute(
                text("INSERT INTO api_keys (id, hash, tenant, created) "
                     "VALUES (:id, :hash, :tenant, :created)"),
                {"id": record.id, "hash": hash_key(key), "tenant": record.tenant,
                 "created": record.created.isoformat()},
            )
        return record, key

    def lookup(self, token: str) -> KeyRecord | None:
        """The live key ``token`` is, or None (unknown or revoked)."""
        if not token.startswith(f"{KEY_PREFIX}_") or len(token) > 200:
            return None
        with reading(self.engine) as db:
            row = db.execute(
                text("SELECT id, tenant, created, revoked FROM api_keys WHERE hash = :hash"),
                {"hash": hash_key(token)},
            ).mappings().fetchone()
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
        params: dict[str, str] = {}
        if tenant is not None:
            query, params = query + " WHERE tenant = :tenant", {"tenant": tenant}
        with reading(self.engine) as db:
            rows = db.execute(text(query + " ORDER BY created"), params).mappings().fetchall()
        return [KeyRecord.model_validate(dict(row)) for row in rows]

    def revoke(self, key_id: str) -> bool:
        """Revoke a key by its id; False when there is no live key with that id."""
        with writing(self.engine) as db:
            result = db.execute(
                text("UPDATE api_keys SET revoked = :revoked WHERE id = :id AND revoked IS NULL"),
                {"revoked": datetime.now(UTC).isoformat(), "id": key_id},
            )
        return result.rowcount == 1

    def ping(self) -> None:
        """Raise when the store cannot be read (for readiness)."""
        with reading(self.engine) as db:
            db.execute(text("SELECT 1 FROM api_keys LIMIT 1")).fetchall()


def key_store(settings: Settings) -> KeyStore:
    """The deployment's key store: its PostgreSQL database, or ``api_keys.sqlite``."""
    return KeyStore(key_store_url(settings))


def key_store_url(settings: Settings) -> str:
    """Where the keys live: the deployment's PostgreSQL, or ``api_keys.sqlite`` in the data dir."""
    return store_url(settings.storage.url(), settings.data_dir / "api_keys.sqlite")


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
