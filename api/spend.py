"""Spend approval for direct capability calls (REST and MCP), as the chat asks before costly work.

A call estimated above ``costs.confirm_above_usd`` runs only when the caller approves at least
the estimate (``max_usd``); otherwise it is refused, with the estimate, before any work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.settings import Settings
from core.storage.assets import AssetStore
from tools.cost import CostEstimate, estimate
from tools.sdk import Capability, registry

MAX_USD_FIELD = "max_usd"
MAX_USD_DESCRIPTION = (
    "The most you approve spending on this call, in USD. Needed only when the estimate is "
    "above the deployment's confirmation threshold; ask the user first."
)


class SpendNotApproved(Exception):
    """The call's estimate is above the threshold and the caller did not approve it.

    Args:
        cost: The call's estimate.
        threshold: The deployment's ``costs.confirm_above_usd``.
    """

    def __init__(self, cost: CostEstimate, threshold: float) -> None:
        self.cost, self.threshold = cost, threshold
        what = f" ({cost.description})" if cost.description else ""
        self.message = (f"{cost.tool} is estimated at ${cost.usd:.2f}{what}, above the "
                        f"${threshold:.2f} that needs approval.")
        self.hint = (f"Ask the user, then call again with {MAX_USD_FIELD}="
                     f"{cost.usd:.2f} or more.")
        super().__init__(self.message)


def check_spend(
    name: str,
    arguments: Mapping[str, Any],
    settings: Settings,
    assets: AssetStore | None,
    approved_usd: float | None,
    capabilities: Callable[[], Mapping[str, Capability[Any, Any]]] = registry,
) -> CostEstimate:
    """Estimate a call and refuse it when it costs more than approved.

    Args:
        name: The capability.
        arguments: Its request, as sent.
        settings: Prices, engine and the confirmation threshold.
        assets: Where stored inputs (storyboards) are read for the estimate.
        approved_usd: What the caller approved (None: nothing).
        capabilities: Where ``name`` is looked up (the registry; MCP adds the AdCP tasks).

    Returns:
        The estimate, when the call may run.

    Raises:
        SpendNotApproved: The estimate is above the threshold and above what was approved.
    """
    cost = estimate(name, arguments, settings, assets, capabilities)
    needs_approval = cost.usd > settings.costs.confirm_above_usd
    if needs_approval and (approved_usd is None or approved_usd + 1e-9 < cost.usd):
        raise SpendNotApproved(cost, settings.costs.confirm_above_usd)
    return cost


def with_max_usd(schema: dict[str, Any]) -> dict[str, Any]:
    """A tool input schema with the optional ``max_usd`` approval added."""
    properties = {**schema.get("properties", {}),
                  MAX_USD_FIELD: {"type": "number", "minimum": 0,
                                  "description": MAX_USD_DESCRIPTION}}
    return {**schema, "properties": properties}
