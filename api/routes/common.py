"""Helpers the routers share: ownership checks, signed URLs, event presentation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query, Request

from agent.events import TextEvent, ToolEndEvent
from api.deps import ApiContext, Principal
from api.errors import not_found
from api.numbers import optional_count
from api.runs import RunInfo
from api.schemas import RunOut
from api.threads import ThreadRecord
from core.errors import AssetNotFoundError
from core.storage.blobs import S3Blobs

MAX_ID = 100
ThreadId = Annotated[str, Path(max_length=MAX_ID, description="A thread id.")]
RunId = Annotated[str, Path(max_length=MAX_ID, description="A run id.")]
AssetId = Annotated[str, Path(max_length=MAX_ID, description="An asset id.")]
Exp = Annotated[str | None, Query(description="Expiry of a signed URL (unix seconds).")]
Sig = Annotated[str | None, Query(max_length=128, description="Signature of a signed URL.")]
MAX_EXP = 10**12 - 1
"""The latest expiry a signed URL may name (Signer refuses longer ones)."""


def signed(ctx: ApiContext, resource: str, exp: str | None, sig: str | None) -> bool:
    """Whether ``exp``/``sig`` open ``resource`` now.

    Raises:
        ApiError: 400 when ``exp`` is not a whole number (403 is for a wrong signature).
    """
    optional_count(exp, "exp", MAX_EXP)
    return ctx.signer.verify(resource, exp, sig)


def owned_thread(ctx: ApiContext, caller: Principal, thread_id: str) -> ThreadRecord:
    """The caller's thread (404 for an unknown thread or another tenant's)."""
    record = ctx.threads.get(thread_id, caller.tenant)
    if record is None:
        raise not_found("thread")
    return record


def absolute(request: Request, path: str) -> str:
    """``path`` on this server's base URL."""
    return str(request.base_url).rstrip("/") + path


def asset_url(request: Request, ctx: ApiContext, asset_id: str) -> str:
    """The signed URL of an asset's bytes (the API's own, or the bucket's presigned one)."""
    return bucket_url(ctx, asset_id) or absolute(request, app_asset_path(ctx, asset_id))


def app_asset_path(ctx: ApiContext, asset_id: str) -> str:
    """The API's own HMAC-signed path of an asset's bytes."""
    return ctx.signer.url(f"/v1/assets/{asset_id}/content", asset_resource(asset_id))


def bucket_url(ctx: ApiContext, asset_id: str) -> str | None:
    """An S3 presigned URL of the asset's bytes when the deployment asks for them, else None.

    With ``ADSTUDIO_ASSET_URLS=s3`` the bytes go from the bucket to the client, never
    through an API replica; the URL lasts as long as the API's own signed URLs.
    """
    blobs = ctx.runtime.services.assets.blobs
    if ctx.settings.storage.asset_urls != "s3" or not isinstance(blobs, S3Blobs):
        return None
    try:
        asset = ctx.runtime.services.assets.get(asset_id)
    except AssetNotFoundError:
        return None
    return blobs.presigned(asset.sha256, asset.mime, ctx.settings.api.signed_url_seconds)


def asset_resource(asset_id: str) -> str:
    """What an asset URL's signature covers."""
    return f"asset:{asset_id}"


def run_resource(thread_id: str, run_id: str) -> str:
    """What a run's stream URL signature covers."""
    return f"run:{thread_id}:{run_id}"


def thread_resource(thread_id: str) -> str:
    """What a thread's stream URL signature covers."""
    return f"thread:{thread_id}"


def thread_events_url(request: Request, ctx: ApiContext, thread_id: str) -> str:
    """The signed URL of the thread's event stream (every run)."""
    path = f"/v1/threads/{thread_id}/events"
    return absolute(request, ctx.signer.url(path, thread_resource(thread_id)))


def events_path(thread_id: str, run_id: str) -> str:
    """The path of a run's event stream."""
    return f"/v1/threads/{thread_id}/runs/{run_id}/events"


def run_out(request: Request, ctx: ApiContext, run: RunInfo) -> RunOut:
    """A run with its signed stream URL."""
    path = events_path(run.thread_id, run.id)
    url = absolute(request, ctx.signer.url(path, run_resource(run.thread_id, run.id)))
    return RunOut(**run.model_dump(), events_url=url)


def present(request: Request, ctx: ApiContext, data: dict[str, Any]) -> dict[str, Any]:
    """An event as clients see it: an asset event gets the signed URL of its bytes.

    A text event and a tool line have their ``html`` and ``markdown`` forms, also when
    they were stored before those existed.
    """
    if data.get("type") == "asset":
        return {**data, "url": asset_url(request, ctx, str(data["asset_id"]))}
    if data.get("type") == "text" and "html" not in data:
        return TextEvent.model_validate(data).model_dump(mode="json")
    if data.get("type") == "tool_end" and "html" not in data:
        return ToolEndEvent.model_validate(data).model_dump(mode="json")
    return data
