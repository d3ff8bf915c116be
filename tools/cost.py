"""What work costs: estimates per tool call, the cost ledger, and the price table's use.

A capability says how much billable work a request asks for, in units (``{"image": 4}``,
``{"video_second": 12}``): through the ``usage`` hook of its ``@capability`` declaration,
or, for the built-in ones, :data:`BUILTIN_USAGE` below. Prices come from one table in the
settings (``Settings.costs.prices``, keyed ``"<model id>/<unit>"``), so the capabilities never
hold dollar figures that go stale. The local engine is free.

Every tool call is recorded in the :class:`CostLedger` (``costs.sqlite`` under the data dir,
or the deployment's PostgreSQL database when ``ADSTUDIO_DATABASE_URL`` is set) with
what it spent (:func:`spent`: the estimate, less the model calls that failed or whose answers
were not used, when its assets say so); chat-model calls are recorded from their token usage
when the model reports it (Bedrock does; the local planner does not, and costs nothing).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.errors import AssetNotFoundError, CapabilityError
from core.placements import resolve_placement
from core.schemas import (
    AnimateImageRequest,
    EditImageRequest,
    GenerateAdImagesRequest,
    MakeCarouselRequest,
    RemoveBackgroundRequest,
)
from core.settings import Settings
from core.storage.assets import Asset, AssetStore
from core.storage.database import make_engine, reading, sqlite_url, store_url, writing
from core.storage.migrations import Schema, upgrade
from core.storage.seed_box import KEY as SEED_BOX
from tools.migrations import MIGRATIONS
from tools.sdk import Capability, UsageFn, registry

log = logging.getLogger(__name__)

LOCAL = "local"
UNIT_NAMES = {
    "image": ("image", "images"),
    "video_second": ("second of video", "seconds of video"),
    "live_second": ("second of live image", "seconds of live image"),
    "erase": ("erase-object call", "erase-object calls"),
    "outpaint": ("outpaint call", "outpaint calls"),
    "upscale": ("conservative-upscale call", "conservative-upscale calls"),
    "cutout": ("remove-background call", "remove-background calls"),
}
SCHEMA = Schema("cost", MIGRATIONS / "cost")
"""The cost ledger's table and its migrations."""
RETOUCH_CALLS = ("erase", "outpaint", "upscale", "cutout")
"""Units of Stability's service calls besides the scene, named as the roles of
:meth:`Settings.model_ids <core.settings.Settings.model_ids>`: erase-object, outpaint and
conservative upscale (edits), remove-background (a new photo's cutout). Each is priced per
call at its service's ``<model id>/image`` price; on any other image engine the work is
local and costs nothing.
"""


class CostEstimate(BaseModel):
    """What one tool call is expected to cost.

    Attributes:
        tool: The tool (capability) name.
        usd: Estimated cost in US dollars (0 on the local engine).
        model: The model that does the billable work ("local" when free, "" when none).
        units: Billable units by kind, e.g. ``{"image": 4}``.
        description: What will be made, for the confirmation question.
    """

    tool: str
    usd: float = 0.0
    model: str = ""
    units: dict[str, float] = Field(default_factory=dict)
    description: str = ""


class CostRecord(BaseModel):
    """One recorded call in the ledger.

    Attributes:
        thread: The conversation.
        turn: The turn (id of the user message that started it).
        key: Unique within the thread: the tool call id or the chat message id.
        kind: "tool" for a tool call, "chat" for a chat-model call, "guardrail" for an
            ApplyGuardrail call.
        name: The tool name, or the chat model id.
        model: The model that did the billable work.
        usd: Estimated cost in US dollars.
        status: "ok", "error" or "declined".
        at: When it was recorded (UTC).
    """

    thread: str
    turn: str = ""
    key: str
    kind: Literal["tool", "chat", "guardrail"] = "tool"
    name: str
    model: str = ""
    usd: float = 0.0
    status: Literal["ok", "error", "declined"] = "ok"
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


def _images(request: GenerateAdImagesRequest, assets: AssetStore | None) -> dict[str, float]:
    """Every variation is made for every placement, and a new photo is cut out once."""
    units = {"image": float(request.n * len(request.placements))}
    return {**units, **_new_cutout(assets, request.product_image, request.photo_as_is)}


def _cards(request: MakeCarouselRequest, assets: AssetStore | None) -> dict[str, float]:
    """One image per card, and a new photo is cut out once."""
    return {"image": float(len(request.cards)), **_new_cutout(assets, request.product_image)}


def _new_cutout(assets: AssetStore | None, photo_id: str, as_is: bool = False) -> dict[str, float]:
    """The cutout of a new photo: one remove-background call (free locally).

    Only for a photo without a marked box (that one is cut out locally), not used as it
    is, and with no cutout stored that the capability would use again: one cut out the
    same way (not as is, without a box; the rule of
    :func:`tools.capabilities.ad_images.stored_cutout`).
    """
    photo = _stored(assets, photo_id)
    if (assets is None or photo is None or as_is or photo.parameters.get(SEED_BOX)):
        return {}
    cutouts = assets.derived(photo.id, "product_cutout", photo.tenant)
    if any(c.parameters.get("method") != "as-is" and c.parameters.get(SEED_BOX) is None
           for c in cutouts):
        return {}
    return {"cutout": 1.0}


def _edit_calls(request: EditImageRequest, assets: AssetStore | None) -> dict[str, float]:
    """The calls an edit makes: the re-render, and one per retouch service it uses.

    An ad with a recipe is rendered again (one image) and its retouches are replayed: the
    parent's (its clean-ups dropped when the placement changes) and the new ones. All
    removals go in one erase-object call and an upscale is one conservative-upscale call.
    An image without a recipe is not rendered: an expansion to a new placement is one
    outpaint call (none when the image already has the placement's shape), plus its new
    retouches; colour changes alone make no call. When the image cannot be read here the
    edit counts as one image.
    """
    asset = _stored(assets, request.asset_id)
    if asset is None:
        return {"image": 1.0}
    parameters = asset.parameters
    new = [op for op, asked in (("remove", request.remove_region), ("upscale", request.upscale))
           if asked is not None]
    if "recipe" in parameters:
        carried = [str(op.get("op")) for op in parameters.get("retouch", [])
                   if isinstance(op, dict)]
        old_format = (parameters.get("recipe") or {}).get("format")
        if request.placement is not None and request.placement != old_format:
            carried = [op for op in carried if op != "remove"]
        return {"image": 1.0, **_retouch_calls([*carried, *new])}
    outpaint = request.placement is not None and not _fills(asset, request.placement)
    calls = {**({"outpaint": 1.0} if outpaint else {}), **_retouch_calls(new)}
    return calls or {"image": 0.0}  # colour changes only: local work, no call


def _stored(assets: AssetStore | None, asset_id: str) -> Asset | None:
    """The stored asset, or None when there is no store or no such asset."""
    if assets is None:
        return None
    try:
        return assets.get(asset_id)
    except AssetNotFoundError:
        return None


def _retouch_calls(operations: Sequence[str]) -> dict[str, float]:
    """One erase call for all removals and one upscale call, when the operations ask."""
    calls = {"erase": 1.0} if "remove" in operations else {}
    return {**calls, **({"upscale": 1.0} if "upscale" in operations else {})}


def _fills(asset: Asset, placement: str) -> bool:
    """Whether the image, scaled to fit the placement, already fills it (no outpaint)."""
    if not asset.width or not asset.height:
        return False
    try:
        width, height = resolve_placement(placement).size
    except CapabilityError:
        return False
    scale = min(width / asset.width, height / asset.height)
    return (round(asset.width * scale), round(asset.height * scale)) == (width, height)


def _cutout_call(
    request: RemoveBackgroundRequest, assets: AssetStore | None
) -> dict[str, float]:
    """A transparent PNG is one remove-background call, unless a box makes it a local cutout.

    The box is the request's, or the one marked on the photo (see the capability).
    """
    photo = _stored(assets, request.product_image)
    boxed = request.box is not None or (photo is not None and photo.parameters.get(SEED_BOX))
    return {"cutout": 0.0 if boxed else 1.0}


def _live_image(request: AnimateImageRequest, assets: AssetStore | None) -> dict[str, float]:
    return {"live_second": float(request.seconds)}


def _video(request: Any, assets: AssetStore | None) -> dict[str, float]:
    """The storyboard's seconds, and the cutout of its product photo when it is new.

    None when the storyboard's length cannot be read: the declared cost stands in.
    """
    if assets is None:
        return {}
    storyboard_id = str(getattr(request, "storyboard_id", ""))
    seconds = storyboard_seconds(assets, storyboard_id)
    if not seconds:
        return {}
    photo = _storyboard_photo(assets, storyboard_id)
    return {"video_second": seconds, **_new_cutout(assets, photo)}


def _storyboard_photo(assets: AssetStore, storyboard_id: str) -> str:
    """The product photo a stored storyboard shows ("" when it shows no photo to cut out)."""
    try:
        data = json.loads(assets.read(storyboard_id))
    except (AssetNotFoundError, OSError, ValueError):
        return ""
    if isinstance(data, dict) and isinstance(data.get("storyboard"), dict):
        data = data["storyboard"]
    photo = _stored(assets, str(data.get("product_image", ""))) if isinstance(
        data, dict) else None
    return photo.id if photo is not None and photo.kind == "product_photo" else ""


BUILTIN_USAGE: dict[str, UsageFn] = {
    "generate_ad_images": _images,
    "make_carousel": _cards,
    "edit_image": _edit_calls,
    "remove_background": _cutout_call,
    "animate_image": _live_image,
    "generate_video": _video,
}
"""Units of the capabilities that declare no ``usage`` hook themselves."""


def storyboard_seconds(assets: AssetStore, storyboard_id: str) -> float | None:
    """The length of a stored storyboard in seconds, or None when it cannot be read."""
    try:
        asset = assets.get(storyboard_id)
        data = json.loads(assets.read(storyboard_id))
    except (AssetNotFoundError, OSError, ValueError):
        return None
    if isinstance(data, dict) and isinstance(data.get("storyboard"), dict):
        data = data["storyboard"]
    shots = data.get("shots") if isinstance(data, dict) else None
    if isinstance(shots, list):
        return round(sum(float(s.get("seconds", 0)) for s in shots if isinstance(s, dict)), 2)
    seconds = asset.parameters.get("seconds")
    return float(seconds) if isinstance(seconds, int | float) else None


# A remote video model bills whole clips: a live image is one clip of this many seconds.
REMOTE_CLIP_SECONDS = {"amazon.nova-reel": 6.0, "luma.ray": 5.0}
LUMA_CLIPS = (5.0, 9.0)
"""Luma Ray2 makes one clip per video, 5 s or 9 s (a longer storyboard is condensed)."""
NOVA_SHOT_SECONDS, NOVA_MAX_SECONDS = 6.0, 120.0
"""Nova Reel makes whole 6-s shots, at most 120 s."""


def unit_model(unit: str, settings: Settings) -> str:
    """The model that does the work of ``unit`` under ``settings`` ("local" when free)."""
    if unit == "image":
        return settings.model_ids().get("images", LOCAL)
    if unit in ("video_second", "live_second"):
        return settings.model_ids().get("video", LOCAL)
    if unit in RETOUCH_CALLS:
        return settings.model_ids().get(unit, LOCAL)
    return LOCAL


def billed_amount(unit: str, amount: float, model: str) -> float:
    """Units a model bills: the clips a remote video model actually makes.

    A remote live image is one whole clip (Nova Reel 6 s, Luma 5 s), whatever its loop
    length. A video is one Luma clip of 5 s or 9 s, or Nova Reel's whole 6-s shots.
    """
    if model == LOCAL or unit not in ("live_second", "video_second"):
        return amount
    if unit == "live_second":
        clip = next((s for prefix, s in REMOTE_CLIP_SECONDS.items() if model.startswith(prefix)),
                    None)
        return amount if clip is None else clip
    if model.startswith("luma.ray"):
        return next((clip for clip in LUMA_CLIPS if amount <= clip), LUMA_CLIPS[-1])
    if model.startswith("amazon.nova-reel"):
        return min(math.ceil(amount / NOVA_SHOT_SECONDS - 1e-6) * NOVA_SHOT_SECONDS,
                   NOVA_MAX_SECONDS)
    return amount


def unit_price(settings: Settings, model: str, unit: str) -> float | None:
    """USD per unit from the price table; 0 for local work, None when not in the table.

    A second of live image costs what a second of video costs on the same model.
    """
    if unit == "live_second":
        unit = "video_second"
    if unit in RETOUCH_CALLS:
        if model == LOCAL:
            return 0.0  # part of the edit's local work, whatever "local/image" costs
        unit = "image"  # the services are priced per image made
    price = settings.costs.prices.get(f"{model}/{unit}")
    if price is None and model == LOCAL:
        return 0.0
    return price


def describe(units: Mapping[str, float], model: str) -> str:
    """Say what will be made: '4 images on us.stability.stable-image-inpaint-v1:0'."""
    parts = []
    for unit, amount in units.items():
        if not amount:
            continue
        one, many = UNIT_NAMES.get(unit, (unit, unit))
        parts.append(f"{amount:g} {one if amount == 1 else many}")
    where = "" if model in ("", LOCAL) else f" on {model}"
    return (" and ".join(parts) or "one call") + where


def _usage(
    cap: Capability[Any, Any], request: BaseModel, assets: AssetStore | None
) -> dict[str, float]:
    usage = cap.usage or BUILTIN_USAGE.get(cap.name)
    if usage is None:
        return {}
    return dict(usage(request, assets))


def estimate(
    tool: str,
    args: Mapping[str, Any],
    settings: Settings,
    assets: AssetStore | None = None,
    capabilities: Callable[[], Mapping[str, Capability[Any, Any]]] = registry,
) -> CostEstimate:
    """Estimate one tool call.

    Args:
        tool: The tool name (a capability, or another tool such as ``update_brief``).
        args: The arguments the model gave.
        settings: The price table, the engine and the model ids.
        assets: Where stored inputs (storyboards) are read, for units that depend on them.
        capabilities: The capability registry.

    Returns:
        The estimate; $0 for free tools, local work and arguments that will be refused.
    """
    cap = capabilities().get(tool)
    if cap is None:
        return CostEstimate(tool=tool)
    try:
        request = cap.request.model_validate(dict(args))
    except ValidationError:
        return CostEstimate(tool=tool)  # refused before any work: nothing is spent
    units = _usage(cap, request, assets)
    if not units:
        usd = cap.cost_usd if settings.engine == "bedrock" else 0.0
        return CostEstimate(tool=tool, usd=usd, model="" if usd else LOCAL)
    return _priced(tool, units, cap.cost_usd, settings)


def _priced(
    tool: str, units: Mapping[str, float], declared: float, settings: Settings
) -> CostEstimate:
    usd, models, billed = 0.0, [], {}
    for unit, asked in units.items():
        model = unit_model(unit, settings)
        amount = billed[unit] = billed_amount(unit, asked, model)
        price = unit_price(settings, model, unit)
        if price is None:
            log.warning("no price for %s/%s; using %s's declared cost", model, unit, tool)
            price = declared / max(amount, 1.0)
        usd += price * amount
        models.append(model)
    called = list(dict.fromkeys(m for m in models if m != LOCAL))
    model = called[0] if called else LOCAL
    return CostEstimate(
        tool=tool,
        usd=round(usd, 4),
        model=model,
        units=billed,
        description=describe(billed, ", ".join(called) or LOCAL),
    )


SPENT_FROM_ASSETS = frozenset(
    {"generate_ad_images", "make_carousel", "edit_image", "remove_background"}
)
"""Capabilities whose new assets record the model calls spent on them (their ``calls``
parameter, see :func:`tools.capabilities.common.made_by`)."""
CUTOUT_FROM_ASSET = frozenset({"generate_video"})
"""Capabilities whose other work is priced as estimated, but whose new photo's cutout is
priced by what the cutout they used records (the result's ``cutout_id``): the
remove-background call only when its matte made the cutout, as for ads."""


def spent(
    tool: str,
    estimated: CostEstimate,
    result: Mapping[str, Any] | None,
    settings: Settings,
    assets: AssetStore | None,
    capabilities: Callable[[], Mapping[str, Capability[Any, Any]]] = registry,
) -> CostEstimate:
    """What a call that ran spent: only the model calls that answered and were used.

    The estimate counts every call the request would make. A call that failed while the
    local code stood in (a local cutout for remove-background, a local edit for erase,
    outpaint or upscale) and an image that failed or was blocked are not spent: the
    ``calls`` recorded on the result's new assets are counted instead (and on its cutout,
    when the estimate counted a new one). A video keeps its estimated clip (a remote job
    that Bedrock fails is settled later, see :mod:`agent.job_costs`), and its new photo's
    cutout is priced only when the cutout it used records the remove-background call.

    Args:
        tool: The tool name.
        estimated: Its estimate, made before it ran (:func:`estimate`).
        result: The capability's result as JSON (the tool message's artifact).
        settings: The price table and the model ids.
        assets: Where the new assets are read.
        capabilities: The capability registry (a tool's declared cost, for a missing price).

    Returns:
        The priced calls (local work as estimated: it makes no model call, and is free
        unless the price table says otherwise); the estimate itself for other tools, and
        when an asset cannot be read or records no calls.
    """
    if not result or assets is None:
        return estimated
    if tool in CUTOUT_FROM_ASSET:
        return _spent_on_cutout(tool, estimated, result, settings, assets, capabilities)
    if tool not in SPENT_FROM_ASSETS:
        return estimated
    called: dict[str, float] = {}
    for asset_id in _made(result, cutout=_cut_now(estimated, result)):
        asset = _stored(assets, asset_id)
        calls = asset.parameters.get("calls") if asset is not None else None
        if not isinstance(calls, list):
            return estimated
        for call in calls:
            unit = str(call.get("unit", "")) if isinstance(call, dict) else ""
            called[unit] = called.get(unit, 0.0) + 1.0
    # local work is no model call: it costs what the table says for it, as estimated
    local = {u: n for u, n in estimated.units.items() if unit_model(u, settings) == LOCAL and n}
    units = {**{u: n for u, n in called.items() if unit_model(u, settings) != LOCAL}, **local}
    if not units:
        return CostEstimate(tool=tool, model=LOCAL, description="no paid call")
    cap = capabilities().get(tool)
    return _priced(tool, units, cap.cost_usd if cap else 0.0, settings)


def spent_before_failing(
    tool: str,
    estimated: CostEstimate,
    artifact: Mapping[str, Any] | None,
    settings: Settings,
    capabilities: Callable[[], Mapping[str, Capability[Any, Any]]] = registry,
) -> CostEstimate:
    """What a call that failed spent: the model calls that answered before it failed.

    A failed call makes nothing, but a model call that answered is billed all the same
    (e.g. a remove-background matte that kept nothing): the error names them (its
    ``calls``, :attr:`core.errors.CapabilityError.calls`), and the tool's error message
    carries them as its artifact. Local work is free.

    Args:
        tool: The tool name.
        estimated: Its estimate (its model is kept when nothing was spent).
        artifact: The error message's artifact (``{"calls": [...]}``), if any.
        settings: The price table and the model ids.
        capabilities: The capability registry (a tool's declared cost, for a missing price).

    Returns:
        The priced calls; $0 when none answered.
    """
    calls = artifact.get("calls") if artifact else None
    units: dict[str, float] = {}
    for call in calls if isinstance(calls, list) else []:
        unit = str(call.get("unit", "")) if isinstance(call, dict) else ""
        if unit and unit_model(unit, settings) != LOCAL:
            units[unit] = units.get(unit, 0.0) + 1.0
    if not units:
        return estimated.model_copy(update={"usd": 0.0})
    cap = capabilities().get(tool)
    return _priced(tool, units, cap.cost_usd if cap else 0.0, settings)


def _spent_on_cutout(
    tool: str,
    estimated: CostEstimate,
    result: Mapping[str, Any],
    settings: Settings,
    assets: AssetStore,
    capabilities: Callable[[], Mapping[str, Capability[Any, Any]]],
) -> CostEstimate:
    """The estimate, with a new cutout's call priced only when the cutout used records it.

    Nothing changes when the call made no new cutout and the estimate counted none, or
    when its new cutout records no ``calls`` (made before calls were recorded).
    """
    cut_now = _cut_now(estimated, result)
    if not cut_now and not estimated.units.get("cutout"):
        return estimated
    cutout = _stored(assets, str(result.get("cutout_id") or ""))
    calls = (cutout.parameters.get("calls") if cutout is not None else None) if cut_now else []
    if not isinstance(calls, list):
        return estimated
    made = float(sum(1 for c in calls if isinstance(c, dict) and c.get("unit") == "cutout"))
    units = {u: n for u, n in estimated.units.items() if u != "cutout" and n}
    if made:
        units["cutout"] = made
    if not units:
        return CostEstimate(tool=tool, model=LOCAL, description="no paid call")
    cap = capabilities().get(tool)
    return _priced(tool, units, cap.cost_usd if cap else 0.0, settings)


def _cut_now(estimated: CostEstimate, result: Mapping[str, Any]) -> bool:
    """Whether the call made its cutout: the result's ``new_cutout``, else the estimate's."""
    made = result.get("new_cutout")
    return made if isinstance(made, bool) else bool(estimated.units.get("cutout"))


def _made(result: Mapping[str, Any], cutout: bool) -> list[str]:
    """Ids of the assets a result made: its images, and its cutout when ``cutout``."""
    images = result.get("images")
    found = [str(i.get("asset_id")) for i in images if isinstance(i, dict)] if isinstance(
        images, list) else []
    image = result.get("image")
    if isinstance(image, dict):
        found.append(str(image.get("asset_id")))
    if isinstance(result.get("asset_id"), str):
        found.append(result["asset_id"])
    if cutout and isinstance(result.get("cutout_id"), str):
        found.append(result["cutout_id"])
    return found


def chat_cost(message: BaseMessage, settings: Settings) -> float:
    """USD of one chat-model reply from its token usage (0 when none is reported).

    Only the Bedrock chat model is priced: the local planner and a server the user runs
    (``ADSTUDIO_CHAT_ENGINE=openai``) cost nothing here.
    """
    usage = getattr(message, "usage_metadata", None) if isinstance(message, AIMessage) else None
    if not usage or settings.resolved_chat_engine != "bedrock":
        return 0.0
    model = settings.chat.model_id
    per_in = settings.costs.prices.get(f"{model}/input_1k", 0.0)
    per_out = settings.costs.prices.get(f"{model}/output_1k", 0.0)
    usd = usage.get("input_tokens", 0) * per_in + usage.get("output_tokens", 0) * per_out
    return round(usd / 1000, 6)


def guardrail_cost(units: int, settings: Settings) -> float:
    """USD of ApplyGuardrail text units (priced per 1,000 units)."""
    return round(units * settings.costs.prices.get("guardrail/text_unit_1k", 0.0) / 1000, 6)


def turn_of(messages: Sequence[BaseMessage]) -> str:
    """The current turn's id: the id of the newest user message ("" when none)."""
    latest = next((m for m in reversed(messages) if isinstance(m, HumanMessage)), None)
    return (latest.id or "") if latest else ""


_COLUMNS = "thread, turn, key, kind, name, model, usd, status, at"


class CostLedger:
    """Every call's estimated cost, on SQLite or PostgreSQL (a pooled connection per call).

    Args:
        where: An SQLite file, or a database URL (``sqlite:///…``, ``postgresql://…``).
            The table is created or upgraded on opening.

    Attributes:
        url: The database URL.
        path: The SQLite file (None on PostgreSQL).
    """

    def __init__(self, where: Path | str) -> None:
        self.url = sqlite_url(where) if isinstance(where, Path) else where
        self.path = _sqlite_file(self.url)
        self.engine = make_engine(self.url)
        upgrade(self.engine, SCHEMA)

    def record(self, entry: CostRecord) -> None:
        """Record one call; recording the same key again replaces it (no double counting)."""
        row = entry.model_dump(mode="json")
        with writing(self.engine) as db:
            db.execute(
                text(f"INSERT INTO costs ({_COLUMNS}) VALUES (:thread, :turn, :key, :kind, "
                     ":name, :model, :usd, :status, :at) ON CONFLICT (thread, key) DO UPDATE "
                     "SET turn = excluded.turn, kind = excluded.kind, name = excluded.name, "
                     "model = excluded.model, usd = excluded.usd, status = excluded.status, "
                     "at = excluded.at"),
                row,
            )

    def get(self, thread: str, key: str) -> CostRecord | None:
        """The record of one call, if any."""
        rows = self._select("thread = :thread AND key = :key", {"thread": thread, "key": key})
        return rows[0] if rows else None

    def records(self, thread: str, turn: str | None = None) -> list[CostRecord]:
        """A thread's records (one turn's when ``turn`` is given), oldest first."""
        if turn is None:
            return self._select("thread = :thread", {"thread": thread})
        return self._select("thread = :thread AND turn = :turn", {"thread": thread, "turn": turn})

    def turn_total(self, thread: str, turn: str) -> float:
        """USD of one turn: the calls that ran (failed and declined ones cost nothing)."""
        return round(sum(r.usd for r in self.records(thread, turn) if r.status == "ok"), 6)

    def _select(self, where: str, params: dict[str, str]) -> list[CostRecord]:
        with reading(self.engine) as db:
            rows = db.execute(
                text(f"SELECT {_COLUMNS} FROM costs WHERE {where} ORDER BY at"), params
            ).mappings().fetchall()
        return [CostRecord.model_validate(dict(row)) for row in rows]


def _sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (None for PostgreSQL or an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


@cache
def _ledger(url: str) -> CostLedger:
    return CostLedger(url)


def ledger_url(settings: Settings) -> str:
    """Where a deployment's ledger lives: its PostgreSQL, or ``costs.sqlite`` in the data dir."""
    return store_url(settings.storage.url(), (settings.data_dir / "costs.sqlite").resolve())


def ledger_for(settings: Settings) -> CostLedger:
    """The ledger of a deployment (one per database; opened and migrated on first use)."""
    return _ledger(ledger_url(settings))
