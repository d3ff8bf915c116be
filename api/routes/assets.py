"""Assets: upload photos and logos, mark the product on a photo, read lineage, get the bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from api.deps import (
    ApiContext,
    Caller,
    Ctx,
    Principal,
    rate_limited,
    resolve_principal,
    unauthorized,
)
from api.errors import ERROR_RESPONSES, ApiError, not_found
from api.routes.common import AssetId, Exp, Sig, asset_resource, asset_url, signed
from api.schemas import AssetOut, AssetPage, BoxIn, ProvenanceOut
from core.errors import AssetNotFoundError
from core.provenance.reader import NoManifestError, Provenance, read_provenance
from core.storage.assets import Asset
from core.storage.blobs import EXTENSIONS
from core.storage.seed_box import mark_product
from core.storage.uploads import PreparedImage, prepare_image, put_image
from tools.provenance import provenance_status

router = APIRouter(prefix="/v1/assets", tags=["assets"], responses=ERROR_RESPONSES)
UploadKind = Literal["product_photo", "logo"]
_CONTENT_TYPES: dict[str, dict[str, Any]] = {
    mime: {} for mime in [*EXTENSIONS, "application/octet-stream"]
}


def _out(request: Request, ctx: ApiContext, asset: Asset) -> AssetOut:
    audit = ctx.runtime.services.audit
    checks = audit.for_asset(asset.id, asset.tenant) if audit else []
    return AssetOut(**asset.model_dump(), url=asset_url(request, ctx, asset.id), checks=checks)


def prepare_upload(ctx: ApiContext, data: bytes) -> PreparedImage:
    """Check an uploaded image (type, size, pixels, bombs) and choose the bytes to store."""
    limits = ctx.settings.limits
    return prepare_image(data, max_bytes=limits.max_upload_bytes,
                         max_pixels=int(limits.max_megapixels * 1_000_000))


def limit_uploads(ctx: ApiContext, caller: Principal, count: bool) -> None:
    """429 when the caller's tenant is over its uploads per minute; ``count`` this one."""
    key = f"tenant:{caller.tenant}"
    limiter = ctx.upload_limiter
    wait = limiter.hit(key) if count else limiter.wait(key)
    if wait is not None:
        raise rate_limited(wait, f"Too many uploads: the limit is {limiter.limit} per minute "
                           "per tenant.")


@router.post("", status_code=201, response_model=AssetOut)
async def upload(
    request: Request, ctx: Ctx, caller: Caller,
    file: Annotated[UploadFile, File(description="A PNG, JPEG or WebP image.")],
    kind: Annotated[UploadKind, Form()] = "product_photo",
) -> AssetOut:
    """Upload a product photo or a logo (checked: type, size, pixel count, bombs).

    It is stored in its own format (PNG, JPEG or WebP): as uploaded when it is upright and
    carries no metadata, else turned upright, stripped and re-encoded once; a picture over
    4096 px on its long side is scaled down to 4096 px. Uploads are limited per tenant
    and minute (429 with ``Retry-After``); a refused file does not count.
    """
    limit_uploads(ctx, caller, count=False)  # over the limit: refused before any work
    limit = ctx.settings.limits.max_upload_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise ApiError(413, "too_large", f"The file is over {limit / 1e6:.0f} MB.",
                       hint="Export a smaller JPEG or PNG.")
    filename = (file.filename or "")[:200]
    prepared = await run_in_threadpool(prepare_upload, ctx, data)
    limit_uploads(ctx, caller, count=True)
    asset = await run_in_threadpool(put_image, ctx.runtime.services.assets, prepared,
                                    filename=filename, tenant=caller.tenant, kind=kind)
    return _out(request, ctx, asset)


@router.get("", response_model=AssetPage)
def list_assets(
    request: Request, ctx: Ctx, caller: Caller,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> AssetPage:
    """The caller's assets, newest first."""
    assets = ctx.runtime.services.assets.list(caller.tenant, limit, offset)
    return AssetPage(items=[_out(request, ctx, a) for a in assets], limit=limit, offset=offset)


@router.get("/{asset_id}", response_model=AssetOut)
def get_asset(asset_id: AssetId, request: Request, ctx: Ctx, caller: Caller) -> AssetOut:
    """An asset's metadata: lineage (parents, capability, parameters), caption, checks."""
    return _out(request, ctx, _owned(ctx, asset_id, caller.tenant))


@router.delete("/{asset_id}", status_code=204, response_class=Response)
def delete_asset(asset_id: AssetId, ctx: Ctx, caller: Caller) -> Response:
    """Delete an asset and its bytes; signed URLs of it stop working.

    Assets made from it keep naming it as a parent, so their lineage stays honest.
    """
    if not ctx.runtime.services.assets.delete(asset_id, caller.tenant):
        raise not_found("asset")
    return Response(status_code=204)


@router.put("/{asset_id}/box", response_model=AssetOut,
            summary="Mark the product on a photo with a box")
def mark_box(
    asset_id: AssetId, body: BoxIn, request: Request, ctx: Ctx, caller: Caller
) -> AssetOut:
    """Mark the product on a product photo with a box (or clear it with ``{"box": null}``).

    The box is kept with the photo (``parameters.seed_box``): every later cutout of it
    (ads, carousels, videos, background removal without a box of its own) keeps only what
    lies inside, and a cutout made before the box changed is not reused. Answers the
    updated photo; 422 ``invalid_box`` when the box does not fit the photo or the asset is
    not a product photo, 404 for an unknown (or another tenant's) asset.
    """
    _owned(ctx, asset_id, caller.tenant)
    photo = mark_product(ctx.runtime.services.assets, asset_id, body.box, caller.tenant)
    return _out(request, ctx, photo)


@router.get("/{asset_id}/provenance", response_model=ProvenanceOut,
            summary="The asset's C2PA provenance")
def asset_provenance(asset_id: AssetId, ctx: Ctx, caller: Caller) -> ProvenanceOut:
    """The asset's C2PA manifest, validated now against its stored bytes.

    Who signed, what was done (actions with the tool, engine and models), the IPTC
    digital source type, the ingredients (with asset ids and SHA-256; ``signed`` and
    ``manifest`` say what the file carries of each one's own manifest, ``stored`` what the
    store records of it now) and the checks it passed; ``status`` says whether it is
    intact. Uploads and assets whose signing failed are ``unsigned`` (an upload that came
    with Content Credentials says so in ``recorded``: its manifest is carried by the
    assets made from it). 404 for an unknown (or another tenant's) asset, and 404
    ``content_missing`` when the record is there but storage lost its bytes.
    """
    asset = _owned(ctx, asset_id, caller.tenant)
    recorded = asset.parameters.get("provenance")
    path = _stored(ctx, asset)
    try:
        manifest = read_provenance(path, asset.mime)
    except NoManifestError:
        return ProvenanceOut(asset_id=asset.id, status="unsigned",
                             recorded=recorded if isinstance(recorded, dict) else {})
    return ProvenanceOut(asset_id=asset.id, status=manifest.state,
                         recorded=recorded if isinstance(recorded, dict) else {},
                         manifest=_with_stored(ctx, manifest, caller.tenant))


def _with_stored(ctx: ApiContext, manifest: Provenance, tenant: str) -> Provenance:
    """``manifest`` with what the store records of each stored ingredient's own manifest.

    An ingredient that was only described in the file (its manifest not embedded: an asset
    signed before adstudio embedded signed components) reads ``signed: false`` there; its
    ``stored`` status says what is true of it now ("signed (local identity, untrusted)").
    """
    store = ctx.runtime.services.assets
    ingredients = []
    for ingredient in manifest.ingredients:
        stored = None
        if ingredient.asset_id:
            try:
                stored = provenance_status(store.get(ingredient.asset_id, tenant).parameters)
            except AssetNotFoundError:
                stored = None  # deleted since, or never stored here
        ingredients.append(ingredient.model_copy(update={"stored": stored}))
    return manifest.model_copy(update={"ingredients": ingredients})


def _stored(ctx: ApiContext, asset: Asset) -> Path:
    """The file of ``asset``'s bytes; 404 ``content_missing`` when storage lost it."""
    path = ctx.runtime.services.assets.path(asset.id)
    if not path.is_file():
        raise ApiError(404, "content_missing",
                       f"The bytes of asset {asset.id} are missing from storage.",
                       hint="Its record is kept; make the asset again, or restore the data "
                       "dir's assets folder from a backup.")
    return path


def _owned(ctx: ApiContext, asset_id: str, tenant: str | None) -> Asset:
    try:
        return ctx.runtime.services.assets.get(asset_id, tenant)
    except AssetNotFoundError as exc:
        raise not_found("asset") from exc


@router.get(
    "/{asset_id}/content", response_class=FileResponse,
    responses={200: {"description": "The bytes.", "content": _CONTENT_TYPES},
               206: {"description": "The asked byte range.", "content": _CONTENT_TYPES}},
)
def asset_content(
    asset_id: AssetId, request: Request, ctx: Ctx,
    exp: Exp = None,
    sig: Sig = None,
) -> Any:
    """The asset's bytes (HTTP Range supported, e.g. for video seeking).

    Authenticate with the API key, or with the signed ``exp``/``sig`` of the asset's
    ``url`` (what an ``<img>`` or ``<video>`` uses).
    """
    if exp is not None or sig is not None:
        if not signed(ctx, asset_resource(asset_id), exp, sig):
            raise ApiError(403, "bad_signature", "The link is invalid or has expired.",
                           hint="Ask the API for the asset again to get a fresh url.")
        asset = _owned(ctx, asset_id, None)
    else:
        caller = resolve_principal(request, ctx)
        if caller is None:
            raise unauthorized()
        asset = _owned(ctx, asset_id, caller.tenant)
    path = _stored(ctx, asset)
    return FileResponse(path, media_type=asset.mime, content_disposition_type="inline",
                        filename=f"{asset.id}{EXTENSIONS.get(asset.mime, '.bin')}",
                        headers={"Cache-Control": "private, max-age=3600"})
