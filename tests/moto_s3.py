"""S3 on loopback for the tests: moto's server, and botocore let through to it (and only it).

The suite's AWS guard (tests/conftest.py) refuses every botocore request; a test that uses
:func:`loopback_s3` may reach 127.0.0.1, and anything else is still refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.httpsession import URLLib3Session
from moto.server import ThreadedMotoServer

from tests.conftest import AWSConnectionAttempted
from tests.servers import free_port

REAL_SEND = URLLib3Session.send  # taken at import, before the autouse guard patches it


@contextmanager
def moto_server() -> Iterator[str]:
    """Moto's S3 server on a free loopback port; yield its endpoint URL."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def loopback_s3(endpoint: str, monkeypatch: pytest.MonkeyPatch, bucket: str) -> Any:
    """Let botocore reach ``endpoint`` only, point boto3's S3 at it; an S3 client with ``bucket``.

    The bucket is made if missing and emptied if not, so each test starts from nothing.
    """

    def loopback_only(self: URLLib3Session, request: Any) -> Any:
        if urlsplit(request.url).hostname == "127.0.0.1":
            return REAL_SEND(self, request)
        raise AWSConnectionAttempted(f"test tried to reach AWS: {request.url}")

    monkeypatch.setattr("botocore.httpsession.URLLib3Session.send", loopback_only)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", endpoint)
    client = boto3.client("s3", region_name="us-east-1")
    if bucket not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
        client.create_bucket(Bucket=bucket)
    for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        client.delete_object(Bucket=bucket, Key=item["Key"])
    return client
