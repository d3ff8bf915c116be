"""API keys: stored hashed, looked up, revoked; the auth mode a host gets."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from api.auth import NO_AUTH_WARNING, KeyStore, auth_mode, hash_key, is_loopback, key_store
from core.settings import Settings


def test_keys_are_stored_hashed_and_map_to_their_tenant(settings: Settings) -> None:
    store = key_store(settings)
    record, key = store.create("acme")
    assert key.startswith(f"ads_{record.id}_") and len(key) > 40
    assert store.tenant_for(key) == "acme"
    assert store.tenant_for(key + "x") is None and store.tenant_for("") is None
    assert store.tenant_for("Bearer " + key) is None
    with store.engine.connect() as db:  # what a leaked database shows
        rows = db.execute(text("SELECT * FROM api_keys")).fetchall()
    assert key not in repr(rows) and hash_key(key) in repr(rows)


def test_revoked_keys_stop_working(tmp_path: object) -> None:
    from pathlib import Path

    store = KeyStore(Path(str(tmp_path)) / "keys.sqlite")
    first, key = store.create("acme")
    _second, other = store.create("globex")
    assert store.revoke(first.id) and not store.revoke(first.id)
    assert store.tenant_for(key) is None and store.tenant_for(other) == "globex"
    assert [(r.tenant, r.revoked is not None) for r in store.list()] == [
        ("acme", True), ("globex", False)]
    assert [r.tenant for r in store.list("globex")] == ["globex"]
    with pytest.raises(ValueError):
        store.create("  ")


def test_two_keys_never_collide(settings: Settings) -> None:
    store = key_store(settings)
    keys = {store.create("t")[1] for _ in range(20)}
    assert len(keys) == 20


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]"])
def test_auto_is_open_on_loopback_with_a_warning(
    settings: Settings, host: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert is_loopback(host)
    with caplog.at_level(logging.WARNING):
        assert auth_mode(settings, host) == "none"
    assert NO_AUTH_WARNING in caplog.text


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "::", "api.example.com"])
def test_auto_needs_keys_elsewhere_and_none_is_refused(settings: Settings, host: str) -> None:
    assert auth_mode(settings, host) == "keys"
    with pytest.raises(ValueError, match="loopback"):
        auth_mode(settings.with_changes(api_auth="none"), host)
    assert auth_mode(settings.with_changes(api_auth="keys"), "127.0.0.1") == "keys"
