"""What every route needs: the API's parts (``ApiContext``) and the caller's identity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from agent.runtime import AgentRuntime
from api.auth import AuthMode, KeyStore, keys_needed
from api.db import Database
from api.errors import ApiError
from api.limits import Limiter
from api.metrics import Metrics
from api.runs import RunManager
from api.signing import Signer
from api.threads import ThreadIndex
from core.settings import Settings


@dataclass(frozen=True)
class ApiContext:
    """The parts of one API app.

    Attributes:
        runtime: The agent runtime.
        settings: Deployment settings.
        auth: ``keys`` or ``none`` (decided at start-up from the host).
        keys: The API key store.
        db: The API database (threads, runs, events).
        threads: Thread ownership.
        runs: Runs and their event log.
        signer: Signs asset and stream URLs.
        limiter: Runs per minute per key.
        upload_limiter: Uploads per minute per tenant.
        metrics: Prometheus metrics.
    """

    runtime: AgentRuntime
    settings: Settings
    auth: AuthMode
    keys: KeyStore
    db: Database
    threads: ThreadIndex
    runs: RunManager
    signer: Signer
    limiter: Limiter
    upload_limiter: Limiter
    metrics: Metrics


@dataclass(frozen=True)
class Principal:
    """Who calls: the tenant, and the key that proves it (None without auth)."""

    tenant: str
    key_id: str | None = None

    @property
    def rate_key(self) -> str:
        """What the rate limit counts by."""
        return f"key:{self.key_id}" if self.key_id else f"tenant:{self.tenant}"


async def get_context(request: Request) -> ApiContext:
    """The app's :class:`ApiContext` (async: read on the event loop, no worker thread)."""
    context: ApiContext = request.app.state.api
    return context


Ctx = Annotated[ApiContext, Depends(get_context)]


def bearer(request: Request) -> str | None:
    """The bearer token of the request, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def resolve_principal(request: Request, ctx: ApiContext) -> Principal | None:
    """The caller, or None when the request proves no identity.

    Without authentication (loopback), a request with no key acts as the deployment's
    tenant, unless it came through a reverse proxy under ``auto`` (``keys_needed``); a
    key that is sent still counts: its tenant, or 401 when it is not valid, so the same
    client code behaves the same on loopback and in production.
    """
    token = bearer(request)
    if token is None and not keys_needed(ctx.settings, ctx.auth, request.headers.raw):
        return Principal(tenant=ctx.settings.tenant)
    record = ctx.keys.lookup(token) if token else None
    return Principal(tenant=record.tenant, key_id=record.id) if record else None


def unauthorized() -> ApiError:
    """The 401 of a missing, unknown or revoked key."""
    return ApiError(
        401, "unauthorized", "A valid API key is required.",
        hint="Send 'Authorization: Bearer <key>'; create one with "
        "`adstudio keys create --tenant NAME`.",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def get_principal(request: Request, ctx: Ctx) -> Principal:
    """The authenticated caller (401 otherwise).

    Async, so a request does not wait for a worker thread just to learn its caller (under
    load every hop to a thread waits behind the others): a request without a key is
    resolved on the event loop; a key is looked up (SQLite) in a worker thread.
    """
    if bearer(request) is None:
        principal = resolve_principal(request, ctx)
    else:
        principal = await run_in_threadpool(resolve_principal, request, ctx)
    if principal is None:
        raise unauthorized()
    return principal


Caller = Annotated[Principal, Depends(get_principal)]


def limit_runs(ctx: ApiContext, caller: Principal, count: bool = True) -> None:
    """Count one run (or capability call) of the caller; 429 over the limit.

    Call it after the request was validated and its thread and assets found to be the
    caller's: a refused request does not use up the caller's budget. With ``count``
    False it only refuses a caller already over the limit (before costly work whose
    checks come later; count it once they passed).
    """
    limiter = ctx.limiter
    wait = limiter.hit(caller.rate_key) if count else limiter.wait(caller.rate_key)
    if wait is not None:
        raise rate_limited(wait, f"Too many runs: the limit is {ctx.limiter.limit} per minute.")


def rate_limited(wait: int, message: str) -> ApiError:
    """The 429 of a caller over a rate limit, with ``Retry-After`` in seconds."""
    return ApiError(429, "rate_limited", message, hint=f"Wait {wait} s and try again.",
                    headers={"Retry-After": str(wait)})
