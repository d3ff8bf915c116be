"""The MCP server over streamable HTTP, with the REST API's bearer keys and tenancy.

As in the REST API (``api.deps``): when auth is required, ``Authorization: Bearer <key>``
selects the tenant (``tenant_for_token``, the key store) and a missing, unknown or revoked
key gets 401; without auth (loopback mode) a request without a key is the default tenant
and a key that is sent is still checked. The tenant
travels in the ASGI scope to every message of the request, and the SDK binds each MCP
session to the key that opened it (another key gets 404 for that session).

Standalone (tests, ``uvicorn``): serve the app :func:`mcp_http_app` returns; its lifespan
runs the session manager. Mounted in FastAPI, a sub-app's lifespan does not run, so chain
:func:`mcp_lifespan` into the FastAPI lifespan::

    mcp_app = mcp_http_app(services, keys.tenant_for, auth_required, settings.tenant)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with mcp_lifespan(mcp_app):
            yield

    app = FastAPI(lifespan=lifespan)
    app.mount("/mcp", mcp_app)
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import anyio.to_thread
from mcp.server import Server
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import (
    DEFAULT_MAX_REQUEST_BODY_SIZE,
    TransportSecuritySettings,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from api.adcp import CreativeAgent
from api.auth import behind_proxy
from api.mcp_server import build_mcp_server
from tools.services import Services

TENANT_SCOPE_KEY = "adstudio.tenant"
TenantForToken = Callable[[str], str | None]

_tenant: contextvars.ContextVar[str | None] = contextvars.ContextVar("mcp_tenant", default=None)
_base_url: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "mcp_base_url", default=None)


def current_base_url() -> str | None:
    """The server's base URL as the MCP request being handled reached it (None outside one).

    Scheme and ``Host`` of the request and the root path of the app MCP is mounted in,
    so links in results point where the client connected (the port ``serve`` bound, or
    the proxy in front of it), not at the configured port.
    """
    return _base_url.get()


def current_tenant() -> str:
    """The tenant of the MCP request being handled (set by :class:`TenantFromRequest`).

    Raises:
        RuntimeError: Called outside a request that went through :class:`BearerTenant`.
    """
    tenant = _tenant.get()
    if tenant is None:
        raise RuntimeError("no tenant for this MCP request")
    return tenant


def bearer_token(scope: Scope) -> str | None:
    """The bearer token of a request's ``Authorization`` header, if any."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() or None if scheme.lower() == "bearer" else None
    return None


class BearerTenant:
    """ASGI middleware: bearer key -> tenant in the scope, or 401 (when auth is required).

    Args:
        app: The streamable HTTP endpoint.
        tenant_for_token: The tenant of an API key (None: unknown key).
        auth_required: Check keys; otherwise a request without a key is
            ``default_tenant`` (a key that is sent is still checked).
        default_tenant: The tenant of key-less requests when auth is not required.
        keys_behind_proxy: Require a key, even when auth is not required, from requests
            that came through a reverse proxy (``auto`` auth on loopback).
    """

    def __init__(
        self, app: ASGIApp, tenant_for_token: TenantForToken, auth_required: bool,
        default_tenant: str, keys_behind_proxy: bool = False,
    ) -> None:
        self.app = app
        self.tenant_for_token = tenant_for_token
        self.auth_required = auth_required
        self.default_tenant = default_tenant
        self.keys_behind_proxy = keys_behind_proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate an HTTP request, then pass it on with its tenant."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = bearer_token(scope)
        open_here = not self.auth_required and not (
            self.keys_behind_proxy and behind_proxy(scope.get("headers", [])))
        if open_here and token is None:
            scope[TENANT_SCOPE_KEY] = self.default_tenant
            await self.app(scope, receive, send)
            return
        tenant = await anyio.to_thread.run_sync(self.tenant_for_token, token) if token else None
        if token is None or tenant is None:
            await unauthorized(send, "a valid API key" if token else "an API key")
            return
        scope[TENANT_SCOPE_KEY] = tenant
        access = AccessToken(token=token, client_id=tenant, scopes=[], subject=tenant)
        scope["user"] = AuthenticatedUser(access)
        await self.app(scope, receive, send)


async def unauthorized(send: Send, wanted: str) -> None:
    """Answer 401 with a JSON-RPC error body and a Bearer challenge."""
    body = json.dumps({
        "jsonrpc": "2.0", "id": None,
        "error": {"code": -32001, "message": f"Unauthorized: send {wanted} as "
                  "'Authorization: Bearer <key>'."},
    }).encode()
    await send({
        "type": "http.response.start", "status": 401,
        "headers": [(b"content-type", b"application/json"),
                    (b"www-authenticate", b'Bearer realm="adstudio"'),
                    (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


class TenantFromRequest:
    """Server middleware: run each MCP message as the tenant its HTTP request carries.

    It also sets the request's base URL (:func:`current_base_url`) for the links results
    carry.
    """

    def __init__(self, default_tenant: str | None) -> None:
        self.default_tenant = default_tenant

    async def __call__(
        self, ctx: ServerRequestContext[Any, Any], call_next: CallNext
    ) -> HandlerResult:
        """Set the request's tenant for the handler, then hand the message on."""
        request = ctx.request
        scope = getattr(request, "scope", None) or {}
        token = _tenant.set(scope.get(TENANT_SCOPE_KEY, self.default_tenant))
        base = _base_url.set(
            str(Request(scope).base_url).rstrip("/") if scope.get("type") == "http" else None
        )
        try:
            return await call_next(ctx)
        finally:
            _base_url.reset(base)
            _tenant.reset(token)


def loopback_security() -> TransportSecuritySettings:
    """DNS-rebinding protection for key-less loopback serving (local Host/Origin only)."""
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=["127.0.0.1", "127.0.0.1:*", "localhost", "localhost:*", "[::1]:*"],
        allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
    )


def mcp_http_app(
    services: Services,
    tenant_for_token: TenantForToken,
    auth_required: bool,
    default_tenant: str = "default",
    *,
    agent: CreativeAgent | None = None,
    security: TransportSecuritySettings | None = None,
    keys_behind_proxy: bool = False,
    max_body_bytes: int = DEFAULT_MAX_REQUEST_BODY_SIZE,
) -> Starlette:
    """The streamable HTTP MCP endpoint as an ASGI app (its route is ``/``).

    Args:
        services: The deployment's services.
        tenant_for_token: The tenant of an API key, None for an unknown key.
        auth_required: Require a valid key (401 otherwise); False: loopback mode, where
            a request without a key is ``default_tenant`` and a key that is sent is still
            checked (its tenant, or 401), as in the REST API.
        default_tenant: The tenant of key-less requests when auth is not required.
        agent: The AdCP creative agent (agent URL, asset URLs).
        security: Host/Origin checks; loopback-only when auth is not required, none
            otherwise (keys protect the endpoint).
        keys_behind_proxy: Require a key from requests that came through a reverse proxy
            even when auth is not required (``auto`` auth on loopback).
        max_body_bytes: Largest request body (a JSON-RPC message); the SDK's default is
            4 MiB, which caps a base64 ``upload_image`` near 3 MB.

    Returns:
        A Starlette app serving MCP at its root; its lifespan runs the MCP sessions (when
        mounted, chain :func:`mcp_lifespan` into the parent's lifespan).
    """
    server = build_mcp_server(services, current_tenant, agent=agent)
    server.middleware.append(TenantFromRequest(None if auth_required else default_tenant))
    sessions = Sessions(server, security or (None if auth_required else loopback_security()),
                        max_body_bytes)
    endpoint = BearerTenant(sessions, tenant_for_token, auth_required, default_tenant,
                            keys_behind_proxy)
    app = Starlette(routes=[Route("/", endpoint=endpoint)], lifespan=lambda _: sessions.run())
    app.state.mcp_sessions = sessions
    return app


class Sessions:
    """The streamable HTTP endpoint; a fresh session manager for each run of the app.

    The SDK's session manager runs only once, but an app's lifespan may run several
    times (a test client per test), so each :meth:`run` starts a new one.
    """

    def __init__(
        self, server: Server[Any], security: TransportSecuritySettings | None,
        max_body_bytes: int = DEFAULT_MAX_REQUEST_BODY_SIZE,
    ) -> None:
        self.server = server
        self.security = security
        self.max_body_bytes = max_body_bytes
        self.manager: StreamableHTTPSessionManager | None = None

    @asynccontextmanager
    async def run(self) -> AsyncIterator[None]:
        """Serve MCP sessions until the context exits (then close them all)."""
        manager = StreamableHTTPSessionManager(
            app=self.server, security_settings=self.security,
            max_request_body_size=self.max_body_bytes,
        )
        async with manager.run():
            self.manager = manager
            try:
                yield
            finally:
                self.manager = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand a request to the running session manager."""
        if self.manager is None:
            raise RuntimeError("the MCP app is not running: chain mcp_lifespan(app)")
        await self.manager.handle_request(scope, receive, send)


def mcp_lifespan(app: Starlette) -> AbstractAsyncContextManager[None]:
    """Run the MCP sessions of ``app``; chain it into a parent app's lifespan."""
    sessions: Sessions = app.state.mcp_sessions
    return sessions.run()
