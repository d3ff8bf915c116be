"""A secret kept in a file: made once with ``secrets``, readable by its owner only (0600)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def read_or_create_secret(path: Path) -> bytes:
    """The secret in ``path``; on first use, 32 random bytes (hex) written with mode 0600.

    Creating with ``O_EXCL`` makes two processes starting at once agree on one secret.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_hex(32).encode("ascii"))
    return path.read_bytes().strip()
