"""A secret kept in a file: made once with ``secrets``, readable by its owner only (0600)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def read_or_create_secret(path: Path) -> bytes:
    """The secret in ``path``; on first use, 32 random bytes (hex) written with mode 0600.

    The secret is written to a temporary file first and linked into place, which fails if
    the file exists: two processes starting at once agree on one secret, and a crash never
    leaves an empty file behind. An empty file (left by an older version) is replaced.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        kept = path.read_bytes().strip()
        if kept:
            return kept
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_hex(32).encode("ascii"))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            if not path.read_bytes().strip():
                os.replace(temporary, path)  # an empty file: take its place
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_bytes().strip()
