"""Human review of eval runs: runs, items with signed URLs, ratings, preferences, agreement, CSV.

Runs are the folders ``adstudio eval run`` writes under ``<data_dir>/evals``; a run
belongs to the tenant its ``run.json`` names (the deployment's tenant when it names
none). Another tenant's runs and items answer 404, like every other resource.
"""

from __future__ import annotations

import io
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from api.deps import ApiContext, Caller, Ctx, resolve_principal, unauthorized
from api.errors import ERROR_RESPONSES, ApiError, not_found
from api.routes.common import Exp, Sig, absolute, signed
from evals.reviews.agreement import Agreement
from evals.reviews.models import (
    CRITERIA,
    Choice,
    Criterion,
    EvalRun,
    ImportReport,
    Preference,
    PreferenceCriterion,
    Rating,
    ReviewError,
    ReviewItem,
    ReviewNotFoundError,
)
from evals.reviews.runs import RUN_ID_PATTERN
from evals.reviews.store import ReviewStore, open_run, review_store, visible_runs

router = APIRouter(prefix="/v1/reviews", tags=["reviews"], responses=ERROR_RESPONSES)
RunId = Annotated[str, Path(max_length=100, pattern=RUN_ID_PATTERN, description="A run id.")]
ItemId = Annotated[str, Path(max_length=100, description="A review item id.")]
Reviewer = Field(min_length=1, max_length=64, pattern=r"\S", description="Who reviews.")
_MEDIA: dict[str, Any] = {
    mime: {} for mime in ("image/png", "image/jpeg", "image/webp", "image/gif", "video/mp4",
                          "application/octet-stream")
}


class CriterionOut(BaseModel):
    """A criterion items are rated on (1–5)."""

    key: str
    label: str


class ReviewRunOut(BaseModel):
    """An eval run the caller may review."""

    run_id: str
    suite: str
    engine: str
    created: str
    repeat: int
    scenarios: list[str]
    imported: bool = Field(description="False until POST .../import made its items.")
    items: int = Field(description="Review items (assets) once imported.")
    reviewers: list[str] = Field(description="Who rated or compared its items so far.")


class ReviewItemOut(BaseModel):
    """An asset to review, linked to its run, scenario and trial, with a signed URL."""

    id: str
    run_id: str
    scenario: str
    trial: int
    asset_id: str
    path: str = Field(description="The asset's file, relative to the run folder.")
    kind: str
    format: str | None
    width: int | None
    height: int | None
    url: str = Field(description="Signed, expiring URL of the bytes (usable in <img>).")
    ratings: list[Rating] = Field(description="The asked reviewer's ratings of this item.")


class ReviewItemsOut(BaseModel):
    """A run's items in review order, with one reviewer's progress."""

    run_id: str
    items: list[ReviewItemOut]
    rated: int = Field(description="Items the asked reviewer rated on some criterion.")
    total: int


class RatingIn(BaseModel):
    """A score of 1–5 on one criterion; it replaces the reviewer's earlier one."""

    reviewer: str = Reviewer
    criterion: Criterion
    score: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


class PreferenceIn(BaseModel):
    """Which of two items of one run is better (A, B or a tie), overall or on a criterion."""

    item_a: str = Field(max_length=100)
    item_b: str = Field(max_length=100)
    reviewer: str = Reviewer
    choice: Choice
    criterion: PreferenceCriterion = "overall"


def reviews(request: Request, ctx: ApiContext) -> ReviewStore:
    """The app's review store (opened once)."""
    store: ReviewStore | None = getattr(request.app.state, "reviews", None)
    if store is None:
        store = request.app.state.reviews = review_store(ctx.settings.data_dir,
                                                         ctx.settings.storage.url())
    return store


@contextmanager
def _review_errors(what: str = "run") -> Iterator[None]:
    """Unknown ids become 404, unusable review input 422."""
    try:
        yield
    except ReviewNotFoundError as exc:
        raise not_found(what) from exc
    except ReviewError as exc:
        raise ApiError(422, "invalid_review", exc.message, exc.hint) from exc


def _run_out(store: ReviewStore, run: EvalRun) -> ReviewRunOut:
    items = len(store.items(run.tenant, run.run_id))
    imported = bool(items) or any(r.run_id == run.run_id for r in store.runs(run.tenant))
    return ReviewRunOut(**run.model_dump(exclude={"path", "tenant"}), imported=imported,
                        items=items, reviewers=store.reviewers(run.tenant, run.run_id))


def _imported(store: ReviewStore, tenant: str, run_id: str) -> EvalRun:
    with _review_errors("imported run"):
        return store.run(tenant, run_id)


def item_resource(item_id: str) -> str:
    """What a review item URL's signature covers."""
    return f"review-item:{item_id}"


def _item_out(request: Request, ctx: ApiContext, item: ReviewItem,
              ratings: list[Rating]) -> ReviewItemOut:
    path = f"/v1/reviews/items/{item.id}/content"
    url = absolute(request, ctx.signer.url(path, item_resource(item.id)))
    return ReviewItemOut(**item.model_dump(exclude={"tenant", "position"}), url=url,
                         ratings=[r for r in ratings if r.item_id == item.id])


@router.get("/criteria", response_model=list[CriterionOut], summary="List the criteria")
def criteria(caller: Caller) -> list[CriterionOut]:
    """The named criteria items are rated on, 1 (poor) to 5 (excellent)."""
    return [CriterionOut(key=key, label=label) for key, label in CRITERIA.items()]


@router.get("/runs", response_model=list[ReviewRunOut], summary="List eval runs to review")
def list_runs(request: Request, ctx: Ctx, caller: Caller) -> list[ReviewRunOut]:
    """The caller's eval runs, newest first.

    Those under the data dir's ``evals/`` folder and those imported from elsewhere, with
    how many items and reviewers each has.
    """
    store = reviews(request, ctx)
    runs = visible_runs(store, ctx.settings.data_dir, ctx.settings.tenant, caller.tenant)
    return [_run_out(store, run) for run in runs]


@router.post("/runs/{run_id}/import", response_model=ImportReport,
             summary="Import a run's assets for review")
def import_run(run_id: RunId, request: Request, ctx: Ctx, caller: Caller) -> ImportReport:
    """Make one review item per asset of the run.

    Idempotent: importing again adds only what is new and keeps every rating. Assets
    that cannot be used (missing file, a path outside the run folder, a broken
    ``trial.json``) are listed in ``skipped``.
    """
    store = reviews(request, ctx)
    with _review_errors():
        run = open_run(store, ctx.settings.data_dir, ctx.settings.tenant, caller.tenant,
                       run_id)
        return store.import_run(run)


@router.get("/runs/{run_id}/items", response_model=ReviewItemsOut,
            summary="List a run's review items")
def list_items(
    run_id: RunId, request: Request, ctx: Ctx, caller: Caller,
    reviewer: Annotated[str | None, Query(max_length=64, description=(
        "Include this reviewer's ratings and progress."))] = None,
) -> ReviewItemsOut:
    """The run's items in review order.

    Each has a signed URL of its file (an image or a video), its run, scenario and
    trial, and the given reviewer's ratings.
    """
    store = reviews(request, ctx)
    _imported(store, caller.tenant, run_id)
    items = store.items(caller.tenant, run_id)
    name = (reviewer or "").strip()
    ratings = store.ratings(caller.tenant, run_id, name) if name else []
    return ReviewItemsOut(
        run_id=run_id, items=[_item_out(request, ctx, item, ratings) for item in items],
        rated=len({r.item_id for r in ratings}), total=len(items),
    )


@router.post("/items/{item_id}/ratings", status_code=201, response_model=Rating,
             summary="Rate an item on a criterion")
def rate(item_id: ItemId, body: RatingIn, request: Request, ctx: Ctx,
         caller: Caller) -> Rating:
    """Score the item 1–5 on one criterion as ``reviewer``.

    A later rating by the same reviewer on the same criterion replaces this one.
    """
    with _review_errors("review item"):
        return reviews(request, ctx).rate(caller.tenant, item_id, body.reviewer,
                                          body.criterion, body.score, body.comment)


@router.post("/preferences", status_code=201, response_model=Preference,
             summary="Prefer one of two items")
def prefer(body: PreferenceIn, request: Request, ctx: Ctx, caller: Caller) -> Preference:
    """Record which of two items of the same run is better: ``A``, ``B`` or ``tie``.

    Overall or on one criterion. The pair is stored smaller id first (the choice flipped
    to match), so asking about B vs A later replaces the answer about A vs B.
    """
    with _review_errors("review item"):
        return reviews(request, ctx).prefer(caller.tenant, body.item_a, body.item_b,
                                            body.reviewer, body.choice, body.criterion)


@router.get("/runs/{run_id}/agreement", response_model=Agreement,
            summary="Agreement between reviewers")
def agreement(run_id: RunId, request: Request, ctx: Ctx, caller: Caller) -> Agreement:
    """How far the run's reviewers agree, per criterion and on the preferences.

    Per criterion: Krippendorff's alpha (ordinal, every reviewer, missing ratings
    allowed) and Cohen's quadratic-weighted kappa per reviewer pair; on the preferences:
    nominal alpha and unweighted kappa. A statistic is null when undefined (no item rated
    twice, or no variation at all).
    """
    store = reviews(request, ctx)
    _imported(store, caller.tenant, run_id)
    return store.agreement(caller.tenant, run_id)


@router.get(
    "/runs/{run_id}/export.csv", response_class=Response, summary="Export ratings as CSV",
    responses={200: {"description": "One row per rating and per preference.",
                     "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def export_csv(run_id: RunId, request: Request, ctx: Ctx, caller: Caller) -> Response:
    """Every current rating and preference of the run as CSV.

    Columns: ``type, run_id, reviewer, criterion, scenario, trial, asset_id, asset_path,
    kind, score, choice, b_scenario, b_trial, b_asset_id, b_asset_path, comment, at``; a
    preference row names the other item in the ``b_*`` columns.
    """
    store = reviews(request, ctx)
    _imported(store, caller.tenant, run_id)
    out = io.StringIO()
    store.export_csv(caller.tenant, run_id, out)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="reviews-{run_id}.csv"'})


@router.get(
    "/items/{item_id}/content", response_class=FileResponse, summary="An item's file",
    responses={200: {"description": "The bytes.", "content": _MEDIA},
               206: {"description": "The asked byte range.", "content": _MEDIA}},
)
def item_content(
    item_id: ItemId, request: Request, ctx: Ctx,
    exp: Exp = None,
    sig: Sig = None,
) -> Any:
    """The item's file (HTTP Range supported, for video seeking).

    Authenticate with the API key, or with the signed ``exp``/``sig`` of the item's
    ``url`` (what an ``<img>`` or ``<video>`` uses).
    """
    store = reviews(request, ctx)
    if exp is not None or sig is not None:
        if not signed(ctx, item_resource(item_id), exp, sig):
            raise ApiError(403, "bad_signature", "The link is invalid or has expired.",
                           hint="List the run's items again to get fresh urls.")
        tenant = None
    else:
        caller = resolve_principal(request, ctx)
        if caller is None:
            raise unauthorized()
        tenant = caller.tenant
    with _review_errors("review item"):
        item = store.item(tenant, item_id)
        path = store.file(item)
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media, content_disposition_type="inline",
                        filename=path.name, headers={"Cache-Control": "private, max-age=3600"})
