"""What a handler of the fake endpoint is given (a request) and answers (a reply)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from tests.fake_bedrock.errors import BedrockError


@dataclass(frozen=True)
class Request:
    """One HTTP request, with the service and region of its SigV4 credential scope.

    Attributes:
        method: GET, POST, PUT, HEAD...
        path: The URL path, percent-decoded.
        query: The query parameters (last value of each).
        headers: The headers, names in lower case.
        body: The raw body.
        service: The signing name (``bedrock`` for runtime and control plane, ``s3``).
        region: The region the request was signed for.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    service: str
    region: str

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body or b"{}")


@dataclass(frozen=True)
class Reply:
    """One HTTP answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(payload: Any, status: int = 200) -> Reply:
    """A JSON answer (dates already ISO strings)."""
    return Reply(status, json.dumps(payload).encode(), {"content-type": "application/json"})


def bedrock_error(error: BedrockError) -> Reply:
    """A Bedrock (rest-json) error: ``x-amzn-ErrorType`` header and ``{"message"}`` body."""
    return Reply(
        error.status,
        json.dumps({"message": error.message}).encode(),
        {"content-type": "application/json", "x-amzn-ErrorType": f"{error.code}:"},
    )


def s3_error(status: int, code: str, message: str, resource: str = "") -> Reply:
    """An S3 (rest-xml) error document."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<Error><Code>{code}</Code><Message>{escape(message)}</Message>"
        f"<Resource>{escape(resource)}</Resource><RequestId>fake</RequestId></Error>"
    )
    return Reply(status, xml.encode(), {"content-type": "application/xml"})
