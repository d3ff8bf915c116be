"""The HTTP API app: REST + SSE under /v1, the Gradio UI at /ui, docs at /docs.

``create_app(runtime, settings)`` builds it; ``adstudio serve`` runs it under uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
import math
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from fastapi_offline import FastAPIOffline
from starlette.applications import Starlette

from agent.runtime import AgentRuntime
from api.adcp import CreativeAgent
from api.auth import AuthMode, auth_mode, key_store
from api.db import Database, api_database
from api.deps import ApiContext
from api.errors import error_response, install_error_handlers
from api.head import HeadAsGet
from api.hosts import LoopbackHosts
from api.limits import BodyLimit, BodyTooLarge, Limiter, RateLimiter
from api.mcp_http import current_base_url, mcp_http_app, mcp_lifespan
from api.metrics import Metrics, MetricsMiddleware
from api.nosniff import NoSniff
from api.proxy import ProxiedUiGuard
from api.routes import assets, capabilities, ops, reviews, runs, threads
from api.routes.common import app_asset_path, bucket_url
from api.run_queue import RunLimits
from api.run_worker import RunWorker
from api.runs import EventLog, RunExecutor, RunManager, sweep_left_runs
from api.shared_limits import SharedRateLimiter
from api.signing import Signer, load_secret
from api.threads import ThreadIndex
from core.settings import Settings

log = logging.getLogger(__name__)
UI_PATH = "/ui"
MCP_PATH = "/mcp"
MCP_ENVELOPE_BYTES = 1024 * 1024
"""Room around an upload's base64: the JSON-RPC envelope, escaped slashes (``\\/``)."""
API_VERSION = "1"
SWITCH_INTERVAL = 0.0005
"""Seconds a thread holds the GIL while others wait (Python's default is 0.005). The runs'
worker threads are busy in Python; a shorter turn lets requests and streams in between
(with 50 runs at once the first event's p95 fell from about 0.55 s to 0.34 s)."""


def build_context(
    runtime: AgentRuntime, settings: Settings, host: str | None = None,
    executor: RunExecutor | None = None,
) -> ApiContext:
    """The API's parts for ``runtime`` (stores in the settings' data dir).

    ``executor`` does the runs' agent work (default: ``runtime``, in the runs' threads).

    Raises:
        ValueError: ``ADSTUDIO_API_AUTH=none`` on a host other machines can reach.
    """
    mode: AuthMode = auth_mode(settings, host or settings.api.host)
    db = api_database(settings)
    metrics = Metrics()
    limits = RunLimits(per_process=settings.api.max_concurrent_runs,
                       per_tenant=settings.api.max_tenant_runs,
                       queued=settings.api.max_queued_runs,
                       tenant_queued=settings.api.max_tenant_queued_runs)
    return ApiContext(
        runtime=runtime, settings=settings, auth=mode, keys=key_store(settings), db=db,
        threads=ThreadIndex(db),
        runs=RunManager(runtime, EventLog(db), metrics.observe_event, metrics.observe_run,
                        limits, executor),
        signer=Signer(load_secret(settings), settings.api.signed_url_seconds),
        limiter=_limiter(settings, db, "runs", settings.api.runs_per_minute),
        upload_limiter=_limiter(settings, db, "uploads", settings.api.uploads_per_minute),
        metrics=metrics,
    )


def _limiter(settings: Settings, db: Database, name: str, limit: int) -> Limiter:
    """A rate limit counted in this process, or, on a shared database, by every replica."""
    if settings.storage.url():
        return SharedRateLimiter(db, name, limit)
    return RateLimiter(limit)


def create_app(
    runtime: AgentRuntime, settings: Settings | None = None, *, host: str | None = None,
    port: int | None = None, mount_ui: bool = True, run_worker: bool = False,
) -> FastAPI:
    """Build the API (and, with ``mount_ui``, the Gradio UI at /ui).

    Args:
        runtime: The agent runtime.
        settings: Deployment settings (the runtime's by default).
        host: The address the server binds (decides the ``auto`` auth mode).
        port: The port the server binds (links made outside a request point there).
        mount_ui: Mount the Gradio chat UI at /ui (and redirect / to it).
        run_worker: Do the API runs' agent work in a worker process built from
            ``settings`` (:mod:`api.run_worker`), not in this process's threads: their CPU
            work then never holds up the event loop (``adstudio serve`` does this).
    """
    settings = settings or runtime.settings
    worker = RunWorker(settings) if run_worker else None
    context = build_context(runtime, settings, host, worker)

    mcp_app = _mcp_app(context, bound_url(host or settings.api.host, port or settings.api.port))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        previous = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        if worker is not None:
            worker.start()  # ready (runtime built) by the time the first run comes
        sweeping = asyncio.create_task(  # (never the runs this process works on)
            sweep_left_runs(context.runs.log, keep=context.runs.live_runs))
        try:
            async with mcp_lifespan(mcp_app):  # a mounted app's own lifespan does not run
                yield
            context.runs.join(timeout=5)
        finally:
            sweeping.cancel()
            if worker is not None:
                worker.close()
            sys.setswitchinterval(previous)  # the process's own setting comes back

    app = FastAPIOffline(  # /docs and /redoc from packaged files: no CDN, works offline
        title="adstudio API", version=API_VERSION, lifespan=lifespan,
        description="Threads, streamed runs (SSE), assets and capabilities of adstudio. "
        "Authenticate with 'Authorization: Bearer <key>' (adstudio keys create).",
    )
    app.state.api = context
    install_error_handlers(app)
    app.add_exception_handler(BodyTooLarge, _body_too_large)
    for router in (threads.router, runs.router, assets.router, capabilities.router,
                   reviews.router, ops.router):
        app.include_router(router)
    app.mount(MCP_PATH, mcp_app)  # MCP does its own bearer auth, with the same keys
    if mount_ui:
        _mount_ui(app, context)
    _add_middleware(app, settings, context)
    return app


def bound_url(host: str, port: int) -> str:
    """The base URL of the address the server binds."""
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def mcp_body_limit(settings: Settings) -> int:
    """The largest MCP request: an ``upload_image`` of the largest upload, in base64 JSON."""
    return math.ceil(settings.limits.max_upload_bytes / 3) * 4 + MCP_ENVELOPE_BYTES


def _mcp_app(context: ApiContext, fallback: str) -> Starlette:
    """The MCP server (streamable HTTP) with the same keys, tenants and signed asset URLs.

    Links in results follow the base URL of the request (the port ``serve`` bound, or the
    proxy in front of it); ``fallback`` is used outside a request.
    """
    settings = context.settings

    def base() -> str:
        return current_base_url() or fallback

    def asset_url(asset_id: str) -> str:
        return bucket_url(context, asset_id) or base() + app_asset_path(context, asset_id)

    return mcp_http_app(
        context.runtime.services, context.keys.tenant_for,
        auth_required=context.auth == "keys", default_tenant=settings.tenant,
        agent=CreativeAgent(agent_url=lambda: base() + MCP_PATH, asset_url=asset_url),
        keys_behind_proxy=settings.api.auth == "auto", max_body_bytes=mcp_body_limit(settings),
    )


async def _body_too_large(request: Request, exc: Exception) -> JSONResponse:
    return error_response(413, "too_large", "The request body is over the limit.",
                          hint="Send a smaller file or message.")


def _add_middleware(app: FastAPI, settings: Settings, context: ApiContext) -> None:
    """Add the middleware (outermost last).

    CORS allowlist, HEAD as GET, body size limit, the key-less UI refused behind a proxy,
    a key-less server answering only requests addressed to this machine, request metrics,
    and ``nosniff`` on every response.
    """
    if settings.api.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.api.cors_origins, allow_credentials=False,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
            expose_headers=["X-Run-Id", "Location", "Retry-After"],
        )
    app.add_middleware(HeadAsGet, schema=app.openapi)
    app.add_middleware(
        BodyLimit, max_bytes=settings.api.max_body_bytes, skip=(UI_PATH, MCP_PATH)
    )
    if context.auth == "none" and settings.api.auth == "auto":
        app.add_middleware(ProxiedUiGuard, path=UI_PATH)
    if context.auth == "none":
        app.add_middleware(LoopbackHosts, settings=settings)
    app.add_middleware(MetricsMiddleware, metrics=context.metrics)
    app.add_middleware(NoSniff)


def _mount_ui(app: FastAPI, context: ApiContext) -> None:
    """Mount the Gradio chat UI at /ui; / redirects there.

    The UI acts as the settings' tenant: with API keys on, its login asks for that
    tenant's name and one of its keys.
    """
    import gradio as gr

    from ui.app import FAVICON, build_app, launch_options

    runtime, tenant = context.runtime, context.settings.tenant
    options = launch_options(runtime)  # its favicon_path only counts for a UI served at /
    blocks = build_app(runtime).queue(default_concurrency_limit=4)

    def login(user: str, key: str) -> bool:
        return user == tenant and context.keys.tenant_for(key) == tenant

    gr.mount_gradio_app(
        app, blocks, path=UI_PATH, allowed_paths=options["allowed_paths"],
        max_file_size=options["max_file_size"], show_error=options["show_error"],
        auth=login if context.auth == "keys" else None,
        auth_message=f"Sign in as {tenant!r} with one of its API keys.",
    )

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(f"{UI_PATH}/")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        """The UI's page asks for its icon at the site's root, outside the mounted UI."""
        return FileResponse(FAVICON, media_type="image/svg+xml")
