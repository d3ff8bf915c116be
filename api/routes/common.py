"""Helpers the routers share: ownership checks, signed URLs, event presentation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Request

from api.deps import ApiContext, Principal
from api.errors import not_found
from api.runs import RunInfo
from api.schemas import RunOut
from api.threads import ThreadRecord

MAX_ID = 100
ThreadId = Annotated[str, Path(max_length=MAX_ID, description="A thread id.")]
RunId = Annotated[str, Path(max_length=MAX_ID, description="A run id.")]
AssetId = Annotated[str, Path(max_length=MAX_ID, description="An asset id.")]


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
    """The signed URL of an asset's bytes."""
    path = f"/v1/assets/{asset_id}/content"
    return absolute(request, ctx.signer.url(path, asset_resource(asset_id)))


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
    """An event as clients see it: an asset event gets the signed URL of its bytes."""
    if data.get("type") == "asset":
        return {**data, "url": asset_url(request, ctx, str(data["asset_id"]))}
    return data
