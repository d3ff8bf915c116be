"""Signed, expiring URLs: an ``<img>`` or an ``EventSource`` fetches them without the API key.

A URL carries ``exp`` (unix seconds) and ``sig``: HMAC-SHA256 over the resource it opens and
``exp``, with the deployment's secret (``ADSTUDIO_SECRET_KEY``, or one generated once and
kept with mode 0600 in the data dir).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

from core.settings import Settings
from core.storage.secret_file import read_or_create_secret

SECRET_FILE = "secret.key"


def load_secret(settings: Settings) -> bytes:
    """The signing secret: the setting, else the data dir's file (created once, 0600)."""
    if settings.api.secret_key is not None:
        return settings.api.secret_key.get_secret_value().encode("utf-8")
    return read_or_create_secret(settings.data_dir / SECRET_FILE)


class Signer:
    """Signs and checks resources with an expiry.

    Args:
        secret: The HMAC key.
        ttl_seconds: How long a signature stays valid.
        clock: Returns the time in seconds (tests pass a fake one).
    """

    def __init__(
        self, secret: bytes, ttl_seconds: int = 3600, clock: Callable[[], float] = time.time
    ) -> None:
        if len(secret) < 16:
            raise ValueError("the signing secret must be at least 16 bytes")
        self._secret = secret
        self.ttl = ttl_seconds
        self._clock = clock

    def _mac(self, resource: str, expires: int) -> str:
        message = f"{resource}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def sign(self, resource: str) -> dict[str, str]:
        """The query parameters (``exp``, ``sig``) that open ``resource`` until the TTL ends."""
        expires = int(self._clock()) + self.ttl
        return {"exp": str(expires), "sig": self._mac(resource, expires)}

    def verify(self, resource: str, exp: str | None, sig: str | None) -> bool:
        """Whether ``sig`` signs ``resource`` until ``exp`` and ``exp`` is still ahead."""
        if not exp or not sig or not (exp.isascii() and exp.isdigit()) or len(exp) > 12:
            return False
        if int(exp) < self._clock():
            return False
        return hmac.compare_digest(self._mac(resource, int(exp)), sig)

    def url(self, path: str, resource: str) -> str:
        """``path`` with the signature of ``resource`` as its query string."""
        params = self.sign(resource)
        return f"{path}?exp={params['exp']}&sig={params['sig']}"
