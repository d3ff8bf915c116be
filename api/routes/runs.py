"""Runs of a thread: post a message, answer a confirmation, cancel, follow the events (SSE).

``mode=stream`` (default) answers with the run's Server-Sent Events, ``mode=wait`` with
the finished run as JSON, ``mode=background`` at once with the run and the signed URL of
its stream. Posting is async: its checks and the start run in a worker thread, and a
``mode=wait`` request waits on the event loop, holding no worker thread while its run
waits in line or works. Every event has the thread's next number as its SSE ``id``; reconnect to the
run's events URL with ``Last-Event-ID`` (or ``?after=``) to get exactly what was missed.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from api.deps import ApiContext, Ctx, Principal, limit_runs, resolve_principal, unauthorized
from api.deps import Caller as CallerDep
from api.errors import ERROR_RESPONSES, ApiError, not_found
from api.numbers import optional_count, parse_count
from api.routes.common import (
    Exp,
    RunId,
    Sig,
    ThreadId,
    events_path,
    owned_thread,
    present,
    run_out,
    run_resource,
    signed,
    thread_resource,
)
from api.runs import RunConflict, RunInfo, RunsBusy
from api.schemas import CancelOut, MessageIn, ResumeIn, RunMode, RunOut, RunResult
from core.errors import AssetNotFoundError
from core.storage.assets import Asset

router = APIRouter(prefix="/v1/threads", tags=["runs"], responses=ERROR_RESPONSES)
SSE_PING_SECONDS = 15
SSE_EVENT: dict[str, Any] = {
    "type": "object", "required": ["data"],
    "description": "One Server-Sent Event: ``data`` is the event's JSON, ``id`` its number.",
    "properties": {"data": {"type": "string"}, "event": {"type": "string"},
                   "id": {"type": "string"}, "retry": {"type": "integer", "minimum": 0}},
}
"""The schema of one event of a stream (OpenAPI 3.1 has no ``itemSchema``: tools such as
Schemathesis read ``schema`` of ``text/event-stream`` as the schema of each event)."""
BUSY_RETRY_SECONDS = 30
_RUN_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "mode=stream: the run's events (text/event-stream); mode=wait: the "
        "finished run (JSON).",
        "content": {"text/event-stream": {"schema": SSE_EVENT},
                    "application/json": {"schema": {"$ref": "#/components/schemas/RunResult"}}},
    },
    202: {"description": "mode=background: the started run.", "model": RunOut},
}
ModeQuery = Annotated[RunMode, Query(description="stream (SSE), wait (JSON) or background.")]
LastEventId = Annotated[str | None, Header(
    description="The id of the last event received: the stream goes on after it.")]
After = Annotated[str | None, Query(
    description="Same as Last-Event-ID: a whole number (0-9 digits), events after it.")]


def conflict() -> ApiError:
    """The 409 of a second run on a thread."""
    return ApiError(409, "run_in_progress", "This thread already has a run going on.",
                    hint="Wait for its done event, or cancel it (POST .../cancel).")


def busy() -> ApiError:
    """The 503 of a run refused because the run queue is full."""
    return ApiError(503, "busy", "The server has too many runs waiting; this one was not taken.",
                    hint=f"Send the message again in {BUSY_RETRY_SECONDS} s.",
                    headers={"Retry-After": str(BUSY_RETRY_SECONDS)})


def start_run(ctx: ApiContext, caller: Principal, start: Callable[[], RunInfo]) -> RunInfo:
    """Count the run against the caller's rate limit and start (or queue) it.

    429 when the caller is over the limit, 409 when the thread has a run going on, 503 when
    the line is full. The hit is taken before the start (so concurrent posts cannot all
    pass) and given back when the run is not taken: only runs taken use up the limit.
    """
    limit_runs(ctx, caller)
    try:
        return start()
    except RunConflict as exc:
        ctx.limiter.give_back(caller.rate_key)
        raise conflict() from exc
    except RunsBusy as exc:
        ctx.limiter.give_back(caller.rate_key)
        raise busy() from exc
    except Exception:
        ctx.limiter.give_back(caller.rate_key)
        raise


def check_text(ctx: ApiContext, text: str) -> None:
    """Refuse a message over the length limit (413)."""
    limit = ctx.settings.api.max_message_chars
    if len(text) > limit:
        raise ApiError(413, "message_too_long", f"The message is over {limit} characters.",
                       hint="Shorten the brief.")


def attachments(ctx: ApiContext, caller: Principal, asset_ids: Sequence[str]) -> list[Asset]:
    """The caller's assets by id (404 for an unknown id or another tenant's)."""
    try:
        return [ctx.runtime.services.assets.get(i[:200], caller.tenant) for i in asset_ids]
    except AssetNotFoundError as exc:
        raise not_found("asset") from exc


async def _respond(request: Request, ctx: ApiContext, run: RunInfo, mode: RunMode) -> Any:
    if mode == "background":
        return JSONResponse(run_out(request, ctx, run).model_dump(mode="json"), status_code=202,
                            headers={"Location": events_path(run.thread_id, run.id)})
    if mode == "wait":  # awaited on the event loop: no worker thread is held meanwhile
        result = await _collect(request, ctx, run)
        return JSONResponse(result.model_dump(mode="json"))
    return _stream(request, ctx, run, 0)


@router.post("/{thread_id}/messages", responses=_RUN_RESPONSES, response_model=None)
async def post_message(
    thread_id: ThreadId, body: MessageIn, request: Request, ctx: Ctx, caller: CallerDep,
    mode: ModeQuery = "stream",
) -> Any:
    """Send a message (text and uploaded asset ids) and run the agent on it.

    The run starts at once, or waits in line when the server (or the caller's tenant) has
    as many runs going on as it allows: ``run_started`` says its place, ``run_queued``
    the new place as the line moves. The rate limit counts only messages that were taken
    (not those refused with 409 or 503).
    """
    run = await run_in_threadpool(_take_message, ctx, caller, thread_id, body)
    return await _respond(request, ctx, run, mode)


def _take_message(ctx: ApiContext, caller: Principal, thread_id: str, body: MessageIn) -> RunInfo:
    """Check a posted message (thread, length, assets) and start its run (blocking)."""
    owned_thread(ctx, caller, thread_id)
    check_text(ctx, body.text)
    if not body.text.strip() and not body.asset_ids:
        raise ApiError(422, "empty_message", "The message has no text and no assets.",
                       hint="Send a brief, or attach a product photo.")
    photos = attachments(ctx, caller, body.asset_ids)
    if ctx.runs.active(thread_id):
        raise conflict()
    return start_run(ctx, caller,
                     lambda: ctx.runs.start_message(thread_id, caller.tenant, body.text, photos))


@router.post("/{thread_id}/resume", responses=_RUN_RESPONSES, response_model=None)
async def resume(
    thread_id: ThreadId, body: ResumeIn, request: Request, ctx: Ctx, caller: CallerDep,
    mode: ModeQuery = "stream",
) -> Any:
    """Answer the thread's pending confirmation (approve or decline) and run on."""
    run = await run_in_threadpool(_take_resume, ctx, caller, thread_id, body)
    return await _respond(request, ctx, run, mode)


def _take_resume(ctx: ApiContext, caller: Principal, thread_id: str, body: ResumeIn) -> RunInfo:
    """Check an answer to a confirmation and start its run (blocking)."""
    owned_thread(ctx, caller, thread_id)
    if ctx.runs.active(thread_id):
        raise conflict()
    if ctx.runtime.pending_confirmation(thread_id) is None:
        raise ApiError(409, "nothing_pending", "Nothing in this thread waits for an answer.",
                       hint="Resume only after a confirm event.")
    return start_run(ctx, caller,
                     lambda: ctx.runs.start_resume(thread_id, caller.tenant, body.approved))


@router.post("/{thread_id}/cancel", response_model=CancelOut)
def cancel(thread_id: ThreadId, ctx: Ctx, caller: CallerDep) -> CancelOut:
    """Stop the thread's run: long renders end at their next frame, keeping nothing."""
    owned_thread(ctx, caller, thread_id)
    run = ctx.runs.cancel(thread_id)
    return CancelOut(cancelled=run is not None, run_id=run)


@router.get("/{thread_id}/runs/{run_id}", response_model=RunOut)
def get_run(
    thread_id: ThreadId, run_id: RunId, request: Request, ctx: Ctx, caller: CallerDep
) -> RunOut:
    """A run's status, with the signed URL of its events."""
    owned_thread(ctx, caller, thread_id)
    run = ctx.runs.find(run_id, thread_id)
    if run is None:
        raise not_found("run")
    return run_out(request, ctx, run)


@router.get(
    "/{thread_id}/runs/{run_id}/events", response_model=None,
    responses={200: {"description": "The run's events.",
                     "content": {"text/event-stream": {"schema": SSE_EVENT}}},
               204: {"description": "Nothing after Last-Event-ID and the run is over "
                     "(EventSource stops reconnecting)."}},
)
def run_events(
    thread_id: ThreadId, run_id: RunId, request: Request, ctx: Ctx,
    last_event_id: LastEventId = None,
    after: After = None,
    exp: Exp = None,
    sig: Sig = None,
) -> Response:
    """Follow a run's events (SSE), from after ``Last-Event-ID``.

    Authenticate with the API key, or with the signed ``exp``/``sig`` of ``events_url``
    (what a browser's EventSource, which cannot send headers, uses).
    """
    run = _readable_run(request, ctx, thread_id, run_id, exp, sig)
    start = _start(after, last_event_id)
    if start and not ctx.runs.going_on(run.id) and not ctx.runs.log.events(run.id, start):
        return Response(status_code=204)
    return _stream(request, ctx, run, start)


@router.get(
    "/{thread_id}/events", response_model=None,
    responses={200: {"description": "Every event of the thread's runs, live.",
                     "content": {"text/event-stream": {"schema": SSE_EVENT}}}},
)
def thread_events(
    thread_id: ThreadId, request: Request, ctx: Ctx,
    last_event_id: LastEventId = None,
    after: After = None,
    exp: Exp = None,
    sig: Sig = None,
) -> Response:
    """Follow every run of a thread (SSE), from after ``Last-Event-ID``; the stream stays open.

    One connection for a console's chat view: each run starts with ``run_started`` and
    ends with ``done``, whoever posted the message. Authenticate with the API key or the
    signed ``events_url`` of the thread (GET the thread).
    """
    if exp is not None or sig is not None:
        _verify(ctx, thread_resource(thread_id), exp, sig, "GET the thread")
    else:
        caller = resolve_principal(request, ctx)
        if caller is None:
            raise unauthorized()
        owned_thread(ctx, caller, thread_id)
    start = _start(after, last_event_id)

    async def events() -> AsyncIterator[dict[str, str]]:
        async for event in ctx.runs.follow_thread(thread_id, start):
            yield {"id": str(event.seq), "data": json.dumps(present(request, ctx, event.data))}

    return EventSourceResponse(events(), headers={"Cache-Control": "no-store"},
                               ping=SSE_PING_SECONDS)


def _verify(ctx: ApiContext, resource: str, exp: str | None, sig: str | None, fresh: str) -> None:
    """Refuse a signed link that is invalid or expired (403)."""
    if not signed(ctx, resource, exp, sig):
        raise ApiError(403, "bad_signature", "The link is invalid or has expired.",
                       hint=f"Ask the API for a fresh events_url ({fresh}).")


def _readable_run(
    request: Request, ctx: ApiContext, thread_id: str, run_id: str,
    exp: str | None, sig: str | None,
) -> RunInfo:
    """The run, if the caller's key owns its thread or the URL signature opens it."""
    if exp is not None or sig is not None:
        _verify(ctx, run_resource(thread_id, run_id), exp, sig, "GET the run")
    else:
        caller = resolve_principal(request, ctx)
        if caller is None:
            raise unauthorized()
        owned_thread(ctx, caller, thread_id)
    run = ctx.runs.find(run_id, thread_id)
    if run is None:
        raise not_found("run")
    return run


def _start(after: str | None, last_event_id: str | None) -> int:
    """The event number to follow from: ``after``, else ``Last-Event-ID``, else 0.

    Raises:
        ApiError: 400 when the one given is not a whole number SQLite can hold.
    """
    if after is not None:
        return parse_count(after, "after")
    return optional_count(last_event_id, "Last-Event-ID") or 0


def _stream(request: Request, ctx: ApiContext, run: RunInfo, after: int) -> EventSourceResponse:
    async def events() -> AsyncIterator[dict[str, str]]:
        async for event in ctx.runs.follow(run.id, after):
            yield {"id": str(event.seq), "data": json.dumps(present(request, ctx, event.data))}

    headers = {"X-Run-Id": run.id, "Location": events_path(run.thread_id, run.id),
               "Cache-Control": "no-store"}
    return EventSourceResponse(events(), headers=headers, ping=SSE_PING_SECONDS)


async def _collect(request: Request, ctx: ApiContext, run: RunInfo) -> RunResult:
    events = [present(request, ctx, e.data) async for e in ctx.runs.follow(run.id)]
    finished = await run_in_threadpool(ctx.runs.log.get, run.id, run.thread_id)
    done: dict[str, Any] = next((e for e in reversed(events) if e["type"] == "done"), {})
    return RunResult(
        run=finished or run,
        events=events,
        text="\n\n".join(e["text"] for e in events if e["type"] == "text"),
        html="\n\n".join(e["html"] for e in events if e["type"] == "text"),
        asset_ids=[e["asset_id"] for e in events if e["type"] == "asset"],
        waiting=bool(done.get("waiting")),
    )

