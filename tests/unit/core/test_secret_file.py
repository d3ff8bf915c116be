"""The secret file: made once, owner-only, never left empty."""

from __future__ import annotations

import stat
from pathlib import Path

from core.storage.secret_file import read_or_create_secret


def test_a_secret_is_made_once_for_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "secret.key"
    first = read_or_create_secret(path)
    assert len(first) == 64 and int(first, 16) >= 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_or_create_secret(path) == first
    assert sorted(p.name for p in path.parent.iterdir()) == ["secret.key"]  # no temporary left


def test_an_empty_file_left_by_a_crash_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    path.write_bytes(b"")
    secret = read_or_create_secret(path)
    assert len(secret) == 64 and path.read_bytes().strip() == secret
