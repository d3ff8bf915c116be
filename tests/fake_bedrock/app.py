"""Routing of the fake endpoint: who a request is for (SigV4 scope, path) and its handler.

Every client boto3 makes with ``AWS_ENDPOINT_URL`` set reaches this one address, so the
service and region come from the credential scope of the ``Authorization`` header
(``Credential=KEY/DATE/REGION/SERVICE/aws4_request``); bedrock-runtime and the control
plane share the signing name ``bedrock`` and are told apart by path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from starlette.requests import Request as HttpRequest
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from tests.fake_bedrock import control, runtime
from tests.fake_bedrock.errors import BedrockError
from tests.fake_bedrock.replies import Reply, Request, bedrock_error, json_reply
from tests.fake_bedrock.state import Call, FakeBedrock

Handler = Callable[[FakeBedrock, Request, str], Reply]
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/(?P<region>[a-z0-9-]+)/(?P<service>[a-z0-9-]+)/")
ROUTES: tuple[tuple[str, re.Pattern[str], str, Handler], ...] = tuple(
    (method, re.compile(pattern), operation, handler)
    for method, pattern, operation, handler in (
        ("POST", r"^/model/(?P<t>.+)/converse$", "Converse", runtime.converse),
        ("POST", r"^/model/(?P<t>.+)/invoke$", "InvokeModel", runtime.invoke_model),
        ("POST", r"^/async-invoke$", "StartAsyncInvoke", runtime.start_async_invoke),
        ("GET", r"^/async-invoke/(?P<t>.+)$", "GetAsyncInvoke", runtime.get_async_invoke),
        ("GET", r"^/async-invoke$", "ListAsyncInvokes", runtime.list_async_invokes),
        ("POST", r"^/guardrail/(?P<t>[^/]+/version/[^/]+)/apply$", "ApplyGuardrail",
         runtime.apply_guardrail),
        ("GET", r"^/foundation-models/(?P<t>.+)$", "GetFoundationModel",
         control.get_foundation_model),
        ("GET", r"^/foundation-models$", "ListFoundationModels", control.list_foundation_models),
        ("GET", r"^/inference-profiles/(?P<t>.+)$", "GetInferenceProfile",
         control.get_inference_profile),
        ("GET", r"^/inference-profiles$", "ListInferenceProfiles",
         control.list_inference_profiles),
        ("GET", r"^/guardrails/(?P<t>[^/]+)$", "GetGuardrail", control.get_guardrail),
    )
)


def dispatch(fake: FakeBedrock, request: Request) -> Reply:
    """Answer one request and record it in ``fake.calls``."""
    if request.service == "s3":
        operation, target = _s3_operation(request), request.path.lstrip("/")
        reply = fake.s3.handle(request)
        error = "" if reply.status < 300 else str(reply.status)
    else:
        operation, target, reply, error = _bedrock(fake, request)
    body = _json_body(request)
    fake.calls.append(Call(operation, request.region, target, body, reply.status, error))
    return reply


def _bedrock(fake: FakeBedrock, request: Request) -> tuple[str, str, Reply, str]:
    """(operation, target, reply, error code) of a bedrock or bedrock-runtime request."""
    for method, pattern, operation, handler in ROUTES:
        match = pattern.match(request.path)
        if method != request.method or match is None:
            continue
        target = match.groupdict().get("t", "")
        if operation == "ApplyGuardrail":
            target = target.replace("/version/", "@")
        try:
            if operation == "StartAsyncInvoke":
                target = str(_json_body(request).get("modelId", ""))
            return operation, target, handler(fake, request, target), ""
        except BedrockError as exc:
            return operation, target, bedrock_error(exc), exc.code
        except ValueError as exc:  # a body that is not JSON
            error = BedrockError("SerializationException", f"Could not read the body: {exc}")
            return operation, target, bedrock_error(error), error.code
    error = BedrockError("UnknownOperationException", f"fake Bedrock: no route for "
                         f"{request.method} {request.path}", 404)
    return "Unknown", request.path, bedrock_error(error), error.code


def _json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object body, or ``{}`` (no body, not JSON, not an object)."""
    try:
        body = json.loads(request.body) if request.body[:1] == b"{" else {}
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _s3_operation(request: Request) -> str:
    """The S3 operation a path-style request is."""
    has_key = "/" in request.path.lstrip("/")
    if not has_key:
        return {"HEAD": "HeadBucket"}.get(request.method, "ListObjectsV2")
    return {"GET": "GetObject", "HEAD": "HeadObject", "PUT": "PutObject"}.get(
        request.method, request.method
    )


def scope_of(authorization: str) -> tuple[str, str] | None:
    """(service, region) of a SigV4 ``Authorization`` header, or None."""
    match = _SCOPE.search(authorization)
    return (match["service"], match["region"]) if match else None


class FakeBedrockApp:
    """The ASGI app of the fake endpoint.

    Args:
        fake: Its state (scripts in, calls out).
    """

    def __init__(self, fake: FakeBedrock) -> None:
        self.fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one HTTP request."""
        if scope["type"] != "http":
            return
        http = HttpRequest(scope, receive)
        body = await http.body()
        headers = {key.lower(): value for key, value in http.headers.items()}
        found = scope_of(headers.get("authorization", ""))
        if found is None:
            reply = json_reply({"message": "Missing Authentication Token"}, 403)
        else:
            query = dict(http.query_params)
            request = Request(http.method, scope["path"], query, headers, body, *found)
            reply = dispatch(self.fake, request)
        await Response(reply.body, reply.status, reply.headers)(scope, receive, send)


def describe(fake: FakeBedrock) -> str:
    """The calls made so far, one a line (for assertion messages)."""
    return "\n".join(f"{c.operation} {c.region} {c.target} -> {c.status} {c.error}".rstrip()
                     for c in fake.calls)
