"""The secret of the UI's ``gr.BrowserState``: the same after a restart, so threads come back.

The browser keeps its thread id in localStorage, encrypted with this secret. Gradio makes
a random one per start by default, so after a restart the stored id could not be
decrypted and the reloaded page was empty. The secret lives in the data dir
(``ui_secret.key``, made once, mode 0600); with ``ADSTUDIO_SECRET_KEY`` set it is derived
from that instead, so replicas behind one address agree. The Review tab's reviewer identity
gets its own secret the same way. Gradio encrypts in the browser, so
this key is sent to every page that loads the UI: it keeps reloads working and protects
nothing (derived by HMAC, it reveals nothing of ``ADSTUDIO_SECRET_KEY``).
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from pydantic import SecretStr

from core.settings import Settings
from core.storage.secret_file import read_or_create_secret

SECRET_FILE = "ui_secret.key"
_PURPOSE = b"adstudio ui browser state"


def browser_state_secret(settings: Settings) -> str:
    """The secret of the UI's thread BrowserState in this deployment (hex)."""
    return state_secret(settings.api.secret_key, settings.data_dir, SECRET_FILE, _PURPOSE)


def state_secret(secret_key: SecretStr | None, data_dir: Path, file: str, purpose: bytes) -> str:
    """The secret of one of the UI's BrowserStates (hex).

    Args:
        secret_key: ``ADSTUDIO_SECRET_KEY`` (None: not set).
        data_dir: The data dir, where the secret is kept when no key is set.
        file: Its file name there.
        purpose: What it is for (each purpose gets its own secret from the key).
    """
    if secret_key is not None:
        key = secret_key.get_secret_value().encode("utf-8")
        return hmac.new(key, purpose, hashlib.sha256).hexdigest()
    return read_or_create_secret(data_dir / file).decode("ascii")
