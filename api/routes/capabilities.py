"""Capabilities: list them with their schemas, and call any one by name.

No route is written per capability: ``POST /v1/capabilities/{name}`` validates the body
with the capability's own request model and answers with its result model, so a newly
declared capability appears here by itself.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import ApiContext, Caller, Ctx, Principal, limit_runs
from api.errors import ERROR_RESPONSES, ApiError, not_found
from api.schemas import CapabilityOut
from api.spend import MAX_USD_DESCRIPTION, SpendNotApproved, check_spend
from core.errors import (
    AssetNotFoundError,
    CapabilityError,
    InvalidImageError,
    NoProductError,
    describe_errors,
)
from tools.sdk import Capability, registry

router = APIRouter(prefix="/v1/capabilities", tags=["capabilities"], responses=ERROR_RESPONSES)
ONLINE = "online"


def online() -> dict[str, Capability[Any, Any]]:
    """The capabilities that may run on request."""
    return {name: cap for name, cap in registry().items() if ONLINE in cap.modes}


def describe(cap: Capability[Any, Any]) -> CapabilityOut:
    """A capability with its request and response JSON schemas."""
    return CapabilityOut(
        name=cap.name, description=cap.description, cost_usd=cap.cost_usd,
        modes=sorted(cap.modes), request_schema=cap.request.model_json_schema(),
        response_schema=cap.result.model_json_schema(),
    )


def refused_on_input(exc: CapabilityError) -> bool:
    """Whether a failed call was refused on its input, making nothing (its hit is given back).

    404 an asset not the caller's, 422 an unreadable image or a bad box. A policy refusal
    or "no product found" (422 too) keeps its hit: a model ran to decide it.
    """
    if isinstance(exc, NoProductError):
        return False
    return isinstance(exc, AssetNotFoundError | InvalidImageError)


@router.get("", response_model=list[CapabilityOut])
def list_capabilities(caller: Caller) -> list[CapabilityOut]:
    """Every capability: name, description, cost estimate, request and response schemas."""
    return [describe(cap) for cap in online().values()]


@router.post("/{name}", response_model=dict[str, Any])
async def invoke(
    name: Annotated[str, Path(max_length=100)], ctx: Ctx, caller: Caller,
    body: Annotated[dict[str, Any], Body(description="The capability's request (see its "
                                         "request_schema).")],
    max_usd: Annotated[float | None, Query(ge=0, description=MAX_USD_DESCRIPTION)] = None,
) -> dict[str, Any]:
    """Call a capability: the body is its request, the answer its result.

    Work estimated above the confirmation threshold answers 402 ``confirmation_required``
    with the estimate, before anything is made; repeat with ``?max_usd=`` to approve it.
    """
    cap = online().get(name)
    if cap is None:
        raise not_found("capability")
    try:
        request = cap.request.model_validate(body)
    except ValidationError as exc:
        raise ApiError(422, "invalid_request",
                       f"Invalid arguments for {name}: {describe_errors(exc.errors())}.",
                       hint="See the capability's request_schema (GET /v1/capabilities).") from exc
    approve(ctx, caller, name, body, max_usd)
    limit_runs(ctx, caller)  # counted before the work: concurrent calls cannot all pass
    context = ctx.runtime.services.capability_context(caller.tenant)
    try:
        result = await run_in_threadpool(cap.invoke, request, context)
    except CapabilityError as exc:
        if refused_on_input(exc):  # a request found invalid made nothing: it is not counted
            ctx.limiter.give_back(caller.rate_key)
        raise
    data: dict[str, Any] = result.model_dump(mode="json")
    return data


def approve(
    ctx: ApiContext, caller: Principal, name: str, body: dict[str, Any], max_usd: float | None
) -> None:
    """Refuse a call estimated above the threshold that ``max_usd`` does not cover (402)."""
    try:
        check_spend(name, body, ctx.runtime.settings, ctx.runtime.services.assets, max_usd)
    except SpendNotApproved as exc:
        raise ApiError(402, "confirmation_required", exc.message, hint=exc.hint,
                       headers={"X-Estimated-Cost-USD": f"{exc.cost.usd:.4f}"}) from exc
