"""The secret of the UI's ``gr.BrowserState``: the same after a restart, so threads come back.

The browser keeps its thread id in localStorage, encrypted with this secret. Gradio makes
a random one per start by default, so after a restart the stored id could not be
decrypted and the reloaded page was empty. The secret lives in the data dir
(``ui_secret.key``, made once, mode 0600); with ``ADSTUDIO_SECRET_KEY`` set it is derived
from that instead, so replicas behind one address agree. Gradio encrypts in the browser, so
this key is sent to every page that loads the UI: it keeps reloads working and protects
nothing (derived by HMAC, it reveals nothing of ``ADSTUDIO_SECRET_KEY``).
"""

from __future__ import annotations

import hashlib
import hmac

from core.settings import Settings
from core.storage.secret_file import read_or_create_secret

SECRET_FILE = "ui_secret.key"
_PURPOSE = b"adstudio ui browser state"


def browser_state_secret(settings: Settings) -> str:
    """The BrowserState secret of this deployment (hex)."""
    if settings.api.secret_key is not None:
        key = settings.api.secret_key.get_secret_value().encode("utf-8")
        return hmac.new(key, _PURPOSE, hashlib.sha256).hexdigest()
    return read_or_create_secret(settings.data_dir / SECRET_FILE).decode("ascii")
