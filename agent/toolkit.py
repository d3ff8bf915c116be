"""The agent's tools, derived from the capability registry (plus ``update_brief``).

Each capability becomes a LangChain tool whose schema is the capability's request model
and whose description is its docstring. Infrastructure (asset store, engines, tenant) comes
from the run's :class:`~agent.context.Context`, never from the model.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.prebuilt import ToolRuntime
from langgraph.prebuilt.tool_node import ToolInvocationError
from langgraph.types import Command
from pydantic import BaseModel, Field

from agent.context import Context, context_of, services_of
from agent.gallery import job_videos, state_gallery
from agent.state import AdBrief
from core.errors import CapabilityError, PolicyViolationError, describe_errors
from core.schemas import CapabilityResult, GenerateAdImagesRequest, ProductFeatures
from engines.bedrock.guardrail import GuardrailBlockedError
from engines.bedrock.invoke import ContentFilteredError
from tools.sdk import Capability, CapabilityContext, registry

log = logging.getLogger(__name__)

AgentToolRuntime = ToolRuntime[Context, Any]


class BriefUpdate(BaseModel):
    """Facts of the ad brief the advertiser has stated; omit what is unknown."""

    product_name: str | None = Field(None, description="Product name.")
    description: str | None = Field(None, description="Product description, as given.")
    audience: str | None = Field(None, description="Who the ads are for.")
    objective: str | None = Field(None, description="Campaign goal (awareness, sales, ...).")
    tone: str | None = Field(None, description="Tone of voice.")
    placements: list[str] | None = Field(None, description="Formats: 1:1, 4:5, 9:16, 16:9.")
    brand_colors: list[str] | None = Field(None, description="Brand colors as #RRGGBB.")
    language: str | None = Field(None, description="Language of the ad copy (BCP 47).")


def capability_context(runtime: AgentToolRuntime, name: str) -> CapabilityContext:
    """What a capability may use, for one tool call of this run."""
    context = context_of(runtime.context)

    def progress(done: int, total: int, message: str) -> None:
        runtime.stream_writer(
            {"type": "progress", "name": name, "done": done, "total": total, "message": message}
        )

    thread = str((runtime.config or {}).get("configurable", {}).get("thread_id", ""))
    services = services_of(context)
    return services.capability_context(
        context.tenant,
        seed=context.seed,
        progress=progress,
        cancelled=context.stop.is_set if context.stop is not None else None,
        thread=thread or None,
        gallery=state_gallery(
            runtime.state, services.assets, job_videos(services.jobs, thread, context.tenant)
        ) if runtime.state else None,
    )


def _brief_update(request: BaseModel, result: CapabilityResult) -> dict[str, Any]:
    """What a capability's result teaches the brief."""
    if isinstance(result, ProductFeatures):
        return {"product_name": result.product_name, "features": result.features}
    if isinstance(request, GenerateAdImagesRequest):
        return {"images": [request.product_image]}
    return {}


def _tool_message(runtime: AgentToolRuntime, name: str, content: str, **kw: Any) -> ToolMessage:
    return ToolMessage(content=content, name=name, tool_call_id=runtime.tool_call_id or "", **kw)


def runtime_policy_version(runtime: AgentToolRuntime) -> str:
    """The version of the text policy of the run's tenant."""
    context = context_of(runtime.context)
    return services_of(context).policy(context.tenant).version


def policy_finding(name: str, exc: PolicyViolationError) -> dict[str, Any]:
    """A guardrail finding for a block inside a tool (ad copy, a model's content filter)."""
    rule = (
        "model.content_filter" if isinstance(exc, ContentFilteredError)
        else "guardrail.image" if isinstance(exc, GuardrailBlockedError)
        else "policy.copy"
    )
    return {
        "rule_id": rule,
        "severity": "block",
        "stage": "output",
        "span": (0, 0),
        "excerpt": name,
        "reason": exc.message,
        "fix": exc.hint,
        "policy_version": "",
    }


def capability_tool(cap: Capability[Any, Any]) -> BaseTool:
    """Wrap a capability as a LangChain tool that updates the graph state."""

    def run(runtime: AgentToolRuntime, **arguments: Any) -> Command[Any]:
        request = cap.request.model_validate(arguments)
        try:
            result = cap.invoke(request, capability_context(runtime, cap.name))
        except CapabilityError as exc:
            log.info("%s failed: %s", cap.name, exc)
            billed = {"calls": list(exc.calls)} if exc.calls else None  # priced all the same
            message = _tool_message(
                runtime, cap.name, f"Error: {exc.message} {exc.hint}".strip(), status="error",
                artifact=billed,
            )
            update: dict[str, Any] = {"messages": [message]}
            if isinstance(exc, PolicyViolationError):
                update["findings"] = [policy_finding(cap.name, exc)]
            return Command(update=update)
        content = f"{result.summary()}\n{result.model_dump_json()}"
        message = _tool_message(
            runtime, cap.name, content, artifact=result.model_dump(mode="json")
        )
        update = {"messages": [message], "assets": result.new_asset_ids()}
        copy = result.policy_findings()
        if copy:  # a claim in new copy, with its rewrite: a guardrail event and the panel
            version = runtime_policy_version(runtime)
            update["findings"] = [
                {**f.model_dump(), "stage": "output", "policy_version": version} for f in copy
            ]
        brief = _brief_update(request, result)
        if brief:
            update["brief"] = brief
        return Command(update=update)

    return StructuredTool.from_function(
        func=run, name=cap.name, description=cap.description, args_schema=cap.request
    )


_BRIEF_WORDS = {"product_name": "product", "brand_colors": "brand colours"}
_NOTED_CHARS = 60


def brief_noted(update: dict[str, Any]) -> str:
    """What a brief update recorded, as people read it: "product: Blue hoodie; tone: calm".

    A long field (the whole brief as a description) is cut, with its length said.
    """
    parts = []
    for key, value in update.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        shown = " ".join(shown.split())
        if len(shown) > _NOTED_CHARS:
            shown = f"{shown[:_NOTED_CHARS - 1].rstrip()}… ({len(shown)} characters)"
        parts.append(f"{_BRIEF_WORDS.get(key, key.replace('_', ' '))}: {shown}")
    return "; ".join(parts) or "nothing new"


def update_brief_tool() -> BaseTool:
    """The tool that records what the advertiser said about the brief."""

    def update_brief(runtime: AgentToolRuntime, **arguments: Any) -> Command[Any]:
        update = BriefUpdate.model_validate(arguments).model_dump(exclude_none=True)
        AdBrief.model_validate(update)
        message = _tool_message(runtime, "update_brief", f"Brief updated: {brief_noted(update)}")
        return Command(update={"messages": [message], "brief": update})

    return StructuredTool.from_function(
        func=update_brief,
        name="update_brief",
        description="Record facts of the ad brief the advertiser stated (product, audience, "
        "objective, tone, placements, brand colors, language). Call it whenever they say one.",
        args_schema=BriefUpdate,
    )


def make_tools(
    capabilities: Callable[[], Any] = registry,
) -> list[BaseTool]:
    """Return the agent's tools: ``update_brief`` and one per online capability."""
    declared = capabilities().values()
    return [update_brief_tool()] + [
        capability_tool(cap) for cap in declared if "online" in cap.modes
    ]


def describe_invalid_arguments(error: ToolInvocationError) -> str:
    """One short line per wrong argument: what the model must fix."""
    details = error.filtered_errors or error.source.errors()
    problems = describe_errors(details, whole="arguments")
    return f"Error: invalid arguments for {error.tool_name}: {problems}. Fix them and call again."


def handle_tool_error(error: Exception) -> str:
    """Turn a tool failure into a message the model and the user can act on.

    Wrong arguments are the model's to fix and are reported field by field; anything
    else is unexpected, logged with its traceback, and reported without internals.
    """
    if isinstance(error, ToolInvocationError):
        log.info("invalid tool arguments: %s", error.message)
        return describe_invalid_arguments(error)
    log.error("tool failed", exc_info=error)
    return (
        f"Error: the tool failed unexpectedly ({type(error).__name__}). Nothing was changed; "
        "try again, or try different arguments."
    )
