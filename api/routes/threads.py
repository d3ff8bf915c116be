"""Threads: create, list, read (brief, messages, assets, runs), delete, policy audit, ZIP."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from starlette.concurrency import run_in_threadpool

from api.deps import ApiContext, Caller, Ctx, Principal, limit_runs
from api.errors import ERROR_RESPONSES, ApiError
from api.routes.common import ThreadId, owned_thread, run_out, thread_events_url
from api.routes.runs import attachments, busy, check_text, start_run
from api.schemas import MessageOut, ThreadCreate, ThreadDetail, ThreadOut, ThreadPage
from policy.audit import AuditEntry
from tools.capabilities.download import MIME, check_size, pack_images, thread_files

router = APIRouter(prefix="/v1/threads", tags=["threads"], responses=ERROR_RESPONSES)
TITLE_CHARS = 80


@router.post("", status_code=201, response_model=ThreadOut)
def create_thread(body: ThreadCreate, request: Request, ctx: Ctx, caller: Caller) -> ThreadOut:
    """Create a thread; with ``text`` its first run starts in the background.

    Follow that run with the returned ``run.events_url`` (SSE). When that run is refused
    (429 over the rate limit, 503 no place in the run queue) no thread is kept.
    """
    text = (body.text or "").strip()
    if text or body.asset_ids:
        check_text(ctx, text)
    photos = attachments(ctx, caller, body.asset_ids)
    if text or photos:  # refused before the thread is saved: no thread the client never sees
        limit_runs(ctx, caller, count=False)
        if ctx.runs.full_for(caller.tenant):
            raise busy()
    title = (body.title or text[:TITLE_CHARS] or "New thread").strip()
    record = ctx.threads.create(ctx.runtime.new_thread(), caller.tenant, title)
    out = ThreadOut(**record.model_dump(exclude={"tenant"}))
    if text or photos:
        try:
            run = start_run(ctx, caller,
                            lambda: ctx.runs.start_message(record.id, caller.tenant, text, photos))
        except ApiError:  # the line filled up (or the limit was hit) since the check
            ctx.threads.delete(record.id, caller.tenant)
            raise
        out.run = run_out(request, ctx, run)
    return out


@router.get("", response_model=ThreadPage)
def list_threads(
    ctx: Ctx, caller: Caller,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ThreadPage:
    """The caller's threads, newest first."""
    records, total = ctx.threads.list(caller.tenant, limit, offset)
    items = [ThreadOut(**r.model_dump(exclude={"tenant"})) for r in records]
    return ThreadPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/{thread_id}", response_model=ThreadDetail)
async def get_thread(
    thread_id: ThreadId, request: Request, ctx: Ctx, caller: Caller
) -> ThreadDetail:
    """A thread: its brief, messages, asset ids, runs and any pending confirmation."""
    return await run_in_threadpool(_detail, request, ctx, caller, thread_id)


def _detail(request: Request, ctx: ApiContext, caller: Principal, thread_id: str) -> ThreadDetail:
    record = owned_thread(ctx, caller, thread_id)
    state = ctx.runtime.state(thread_id)
    pending = ctx.runtime.pending_confirmation(thread_id) if state else None
    return ThreadDetail(
        **record.model_dump(exclude={"tenant"}),
        brief=state.brief.model_dump() if state else {},
        messages=[m for m in (_message(x) for x in (state.messages if state else [])) if m],
        asset_ids=list(state.assets) if state else [],
        runs=ctx.runs.runs_of(thread_id),
        running=ctx.runs.active(thread_id) or ctx.runs.log.going_on(thread_id),
        pending_confirmation=pending.model_dump(mode="json") if pending else None,
        events_url=thread_events_url(request, ctx, thread_id),
    )


def _message(message: BaseMessage) -> MessageOut | None:
    """A checkpointed message as the API shows it (None: nothing to show)."""
    if isinstance(message, HumanMessage):
        ids = message.additional_kwargs.get("attachments", [])
        return MessageOut(role="user", text=message.text, asset_ids=list(ids))
    if isinstance(message, ToolMessage):
        return MessageOut(role="tool", text=str(message.content).split("\n", 1)[0],
                          asset_ids=_artifact_ids(message.artifact), tool=message.name)
    if isinstance(message, AIMessage) and message.text:
        return MessageOut(role="assistant", text=message.text)
    return None


def _artifact_ids(artifact: Any) -> list[str]:
    """Asset ids a tool's artifact names (images, an image, or a video)."""
    if not isinstance(artifact, dict):
        return []
    items = [artifact.get("video"), artifact.get("image"), *artifact.get("images", [])]
    ids = [str(i["asset_id"]) for i in items if isinstance(i, dict) and "asset_id" in i]
    if isinstance(artifact.get("asset_id"), str):  # a comparison, a ZIP, a transparent PNG
        ids.append(artifact["asset_id"])
    return ids


@router.delete("/{thread_id}", status_code=204, response_class=Response)
def delete_thread(
    thread_id: ThreadId, ctx: Ctx, caller: Caller,
    assets: Annotated[bool, Query(description="Also delete the thread's assets: its uploads "
                                  "and everything made in it, even where another thread "
                                  "uses them too.")] = False,
) -> Response:
    """Delete a thread and its conversation (409 while a run is going on)."""
    owned_thread(ctx, caller, thread_id)
    if ctx.runs.active(thread_id):
        raise ApiError(409, "run_in_progress", "The thread has a run going on.",
                       hint="Cancel it (POST .../cancel) and delete again.")
    if assets:
        state = ctx.runtime.state(thread_id)
        for asset_id in state.assets if state else []:
            ctx.runtime.services.assets.delete(asset_id, caller.tenant)
    ctx.threads.delete(thread_id, caller.tenant)
    checkpointer = ctx.runtime.graph.checkpointer
    if checkpointer is not None and hasattr(checkpointer, "delete_thread"):
        checkpointer.delete_thread(thread_id)
    return Response(status_code=204)


@router.get(
    "/{thread_id}/images.zip", response_class=Response,
    responses={200: {"description": "The ZIP.", "content": {MIME: {}}}},
)
async def thread_images_zip(
    thread_id: ThreadId, ctx: Ctx, caller: Caller,
    everything: Annotated[bool, Query(
        alias="all",
        description="Everything the chat's \"download all\" packs: every numbered ad still "
        "in the gallery (earlier versions too), then the live images and videos (MP4s); at "
        "most 100 files and 400 MB. Default: the latest version of each ad, PNGs only.")] = False,
) -> Response:
    """The thread's ads as one ZIP: by default the latest version of each, as PNGs.

    PNGs named ``ad-01-<theme>.png`` by number, with a ``manifest.csv``; ads taken out of
    the gallery are left out. ``all=true``: everything the chat's "download all" packs,
    every numbered ad still in the gallery (earlier versions too) in number order, then its
    live images (``live-01-of-03.mp4``: the first live image, of #3) and videos
    (``video-01.mp4``); 400 ``capability_error`` above 100 files or 400 MB. 404
    ``no_images`` when there is nothing to pack (by default: no ad images yet; a thread
    with only live images or videos has them with ``all=true``).
    """
    data = await run_in_threadpool(_images_zip, ctx, caller, thread_id, everything)
    name = re.sub(r"[^A-Za-z0-9_-]", "", thread_id)[:12] or "thread"
    return Response(data, media_type=MIME, headers={
        "Content-Disposition": f'attachment; filename="adstudio-{name}-ads.zip"',
        "Cache-Control": "private, no-store",
    })


def _images_zip(ctx: ApiContext, caller: Principal, thread_id: str, everything: bool) -> bytes:
    owned_thread(ctx, caller, thread_id)
    gallery = ctx.runtime.gallery(thread_id, caller.tenant)
    store = ctx.runtime.services.assets
    ids = thread_files(store, gallery, latest=not everything)
    if not ids:
        raise _nothing_to_pack(everything or not thread_files(store, gallery))
    if everything:
        check_size(store, ids, hint="Leave out all=true for the latest version of each ad, "
                   "or pack chosen ones with POST /v1/capabilities/download_images "
                   '{"asset_ids": [...]}.')
    return pack_images(store, caller.tenant, ids, gallery.numbers).data


def _nothing_to_pack(everything: bool) -> ApiError:
    """The 404 of a thread with nothing to pack (``everything``: not even a video)."""
    if everything:
        return ApiError(404, "no_images", "The thread has no ad images, live images or "
                        "videos yet.", hint="Ask for ad images in the thread first.")
    return ApiError(404, "no_images", "The thread has no ad images yet, only live images "
                    "or videos.", hint="Add ?all=true to download its live images and videos.")


@router.get("/{thread_id}/audit", response_model=list[AuditEntry])
def thread_audit(thread_id: ThreadId, ctx: Ctx, caller: Caller) -> list[AuditEntry]:
    """The thread's policy decisions (text, images, uploads), oldest first."""
    owned_thread(ctx, caller, thread_id)
    audit = ctx.runtime.services.audit
    return audit.for_thread(thread_id, caller.tenant) if audit else []
