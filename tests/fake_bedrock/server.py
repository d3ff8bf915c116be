"""The fake Bedrock endpoint under uvicorn on loopback, and the test environment that uses it.

:func:`use_fake_bedrock` points boto3 at it (``AWS_ENDPOINT_URL``, fake credentials) and lets
botocore reach this one address; every other request is still refused by the suite's AWS
guard (``tests/conftest.py``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from botocore.httpsession import URLLib3Session

from tests.conftest import AWSConnectionAttempted
from tests.fake_bedrock.app import FakeBedrockApp
from tests.fake_bedrock.state import FakeBedrock
from tests.servers import free_port

REAL_SEND = URLLib3Session.send  # taken at import, before the autouse guard patches it
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_BEDROCK", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
                      "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_STS",
                      "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_BEARER_TOKEN_BEDROCK")


class FakeBedrockServer:
    """The fake endpoint under uvicorn in a daemon thread.

    Args:
        fake: Its state (a new one by default).
    """

    def __init__(self, fake: FakeBedrock | None = None) -> None:
        self.fake = fake or FakeBedrock()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = FakeBedrockApp(self.fake)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> FakeBedrockServer:
        """Start serving; return once it accepts requests."""
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the fake Bedrock endpoint did not start")
            time.sleep(0.02)
        return self

    def reset(self) -> FakeBedrock:
        """Forget every call, script, job and bucket; return the new state."""
        self.fake = self.app.fake = FakeBedrock()
        return self.fake

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self.server.should_exit = True
        self.thread.join(timeout=30)


@contextmanager
def serve_fake_bedrock() -> Iterator[FakeBedrockServer]:
    """A running fake endpoint; stopped afterwards."""
    server = FakeBedrockServer().start()
    try:
        yield server
    finally:
        server.stop()


def use_fake_bedrock(
    monkeypatch: pytest.MonkeyPatch, server: FakeBedrockServer, tmp_path: Path
) -> None:
    """Point boto3 at ``server`` with fake credentials; botocore may reach it and only it."""
    address = urlsplit(server.url).netloc

    def fake_endpoint_only(self: URLLib3Session, request: Any) -> Any:
        if urlsplit(request.url).netloc == address:
            return REAL_SEND(self, request)
        raise AWSConnectionAttempted(f"test tried to reach AWS: {request.url}")

    monkeypatch.setattr("botocore.httpsession.URLLib3Session.send", fake_endpoint_only)
    for name in ENDPOINT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
