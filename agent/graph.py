"""The agent graph: guard_input → assistant → guard_output → confirm_cost ⇄ tools.

Every model message passes guard_output before its tool calls run or its text is shown.
``confirm_cost`` estimates the calls and, when they would cost more than
``Settings.costs.confirm_above_usd``, pauses the run with ``interrupt()`` until the user answers
(``Command(resume=True | False)``). It does no paid work itself, so re-running it on resume
is harmless; the tools run once, after it. Every tool call and every priced chat-model
call is recorded in the cost ledger (:mod:`tools.cost`).

``build_graph`` returns the uncompiled builder (tests compile it with an in-memory
checkpointer and a scripted chat model); ``make_graph`` compiles the default that
``langgraph.json`` names for ``langgraph dev`` and LangGraph Studio.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import date
from typing import Any

from botocore.exceptions import ClientError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage
from langchain_core.messages.tool import ToolCall
from langchain_core.tools import BaseTool
from langgraph.config import get_config
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.prebuilt import ToolNode
from langgraph.prebuilt.tool_node import ToolCallRequest
from langgraph.runtime import Runtime
from langgraph.types import Command, Send, interrupt

import prompts
from agent.context import Context, context_of, services_of
from agent.guards import guard_input, guard_output, route_after_input, route_after_output
from agent.inline_images import inline_images, refuse_images, unusable
from agent.interrupted import answer_interrupted
from agent.job_costs import link_job
from agent.numbering import number_ads
from agent.state import InputState, State
from agent.toolkit import handle_tool_error, make_tools
from core.storage.brandkit import BrandKit
from engines.bedrock.stop_reasons import explain_stop, failure_reply
from tools.cost import (
    CostEstimate,
    CostRecord,
    chat_cost,
    estimate,
    ledger_for,
    spent,
    spent_before_failing,
    turn_of,
)
from tools.services import Services

log = logging.getLogger(__name__)


def system_prompt(
    state: State,
    context: Context,
    engine: str,
    brand_kit: BrandKit | None = None,
    ad_numbers: dict[str, int] | None = None,
) -> str:
    """Fill the system prompt with today's date, the engine, the brief and the brand kit."""
    kit = brand_kit.model_dump() if brand_kit else None
    numbers = ", ".join(f"#{n} = {asset_id}" for asset_id, n in (ad_numbers or {}).items())
    return prompts.render(
        "system",
        today=date.today().isoformat(),
        engine=engine,
        variations=context.variations,
        brief=json.dumps(state.brief.model_dump(), ensure_ascii=False),
        brand_kit=json.dumps(kit, ensure_ascii=False) if kit else "none saved yet",
        numbers=numbers or "no images yet",
    )


def make_assistant(chat_model: BaseChatModel, tools: list[BaseTool]) -> Any:
    """Return the assistant node: the chat model with the tools bound."""
    model = chat_model.bind_tools(tools)

    def assistant(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        context = context_of(runtime.context)
        services = services_of(context)
        kit = services.brand_kits.get(context.tenant)
        numbers = number_ads(state.assets, services.assets)
        system = SystemMessage(
            system_prompt(state, context, services.settings.engine, kit, numbers)
        )
        try:
            response = model.invoke([system, *answer_interrupted(state.messages)])
        except ClientError as exc:
            busy = failure_reply(exc)
            if busy is None:
                raise
            log.debug("the chat model call failed", exc_info=True)
            return {"messages": [AIMessage(busy)]}
        _record_chat(services, response, state.messages)
        response = explain_stop(response)
        last_round = state.remaining_steps <= STEPS_PER_ROUND
        if last_round and isinstance(response, AIMessage) and response.tool_calls:
            response = AIMessage(
                id=response.id,
                content="I've reached the step limit for one message. Tell me how to go on.",
            )
        return {"messages": [response]}

    return assistant


STEPS_PER_ROUND = 4
"""Graph steps from one assistant call to the next: guard_output, confirm_cost, tools."""
DECLINED = (
    "Not run: the advertiser declined to spend about ${usd:.2f} on {what}. Offer a cheaper "
    "option (fewer images or seconds, or the local engine) or ask what they prefer."
)


def _services(runtime: Runtime[Context]) -> Services:
    return services_of(context_of(runtime.context))


def _thread() -> str:
    """The thread id of the running graph ("" outside a checkpointed run)."""
    return str(get_config().get("configurable", {}).get("thread_id", ""))


def _record_chat(services: Services, response: BaseMessage, history: Any) -> None:
    """Record a chat-model call whose token usage has a price."""
    usd = chat_cost(response, services.settings)
    if usd <= 0:
        return
    ledger_for(services.settings).record(
        CostRecord(
            thread=_thread(), turn=turn_of(list(history)), key=f"chat:{response.id}",
            kind="chat", name=services.settings.chat.model_id,
            model=services.settings.chat.model_id, usd=usd,
        )
    )


def estimates_of(calls: list[ToolCall], services: Services) -> dict[str, CostEstimate]:
    """The estimate of each tool call, by call id."""
    return {
        call["id"] or "": estimate(call["name"], call["args"], services.settings, services.assets)
        for call in calls
    }


def confirmation_request(
    calls: list[ToolCall], estimates: dict[str, CostEstimate], threshold: float
) -> dict[str, Any]:
    """The interrupt's payload: what the user is asked to approve."""
    priced = [c for c in calls if estimates[c["id"] or ""].usd > 0]
    total = round(sum(estimates[c["id"] or ""].usd for c in priced), 2)
    details = [
        f"{c['name']}: {estimates[c['id'] or ''].description} (about "
        f"${estimates[c['id'] or ''].usd:.2f})"
        for c in priced
    ]
    return {
        "kind": "confirm_cost",
        "question": f"This will cost about ${total:.2f} ({'; '.join(details)}). Go ahead?",
        "estimate_usd": total,
        "threshold_usd": threshold,
        "details": details,
        "call_ids": [c["id"] or "" for c in priced],
        "tools": [c["name"] for c in priced],
    }


def approved(answer: Any) -> bool:
    """Read a resume value: True/False, or a mapping with ``approved``."""
    if isinstance(answer, dict):
        return bool(answer.get("approved", False))
    return answer is True


def confirm_cost(state: State, runtime: Runtime[Context]) -> Command[Any]:
    """Ask before calls whose estimate exceeds the threshold; decline what the user refuses.

    Runs again from the start when the run resumes, so it only estimates and asks: the
    paid work happens in ``tools``, once.
    """
    message = state.messages[-1]
    calls = list(message.tool_calls) if isinstance(message, AIMessage) else []
    services = _services(runtime)
    threshold = services.settings.costs.confirm_above_usd
    estimates = estimates_of(calls, services)
    if sum(e.usd for e in estimates.values()) <= threshold:
        return Command(goto="tools")
    request = confirmation_request(calls, estimates, threshold)
    if approved(interrupt(request)):
        return Command(goto="tools")
    refused = set(request["call_ids"])
    declined = [_declined(call, estimates[call["id"] or ""]) for call in calls
                if call["id"] in refused]
    for call in calls:
        if call["id"] in refused:
            _record_call(services, call, estimates[call["id"] or ""], "declined", state.messages)
    rest = [call for call in calls if call["id"] not in refused]
    goto: Any = [Send("tools", rest)] if rest else "assistant"
    return Command(update={"messages": declined}, goto=goto)


def _declined(call: ToolCall, cost: CostEstimate) -> ToolMessage:
    return ToolMessage(
        DECLINED.format(usd=cost.usd, what=cost.description or call["name"]),
        name=call["name"], tool_call_id=call["id"] or "", status="error",
    )


def _record_call(
    services: Services, call: ToolCall, cost: CostEstimate, status: str, history: Any
) -> None:
    ledger_for(services.settings).record(
        CostRecord.model_validate({
            "thread": _thread(), "turn": turn_of(list(history)), "key": call["id"] or "",
            "name": call["name"], "model": cost.model,
            "usd": 0.0 if status == "declined" else cost.usd, "status": status,
        })
    )


def meter_tool_call(request: ToolCallRequest, execute: Any) -> Any:
    """ToolNode wrapper: run the call, then record what it spent in the ledger.

    Its result carries how long it took (``response_metadata["seconds"]``).

    The estimate is made before the call (what it would make); once it ran, only the
    model calls that answered and were used are priced (:func:`tools.cost.spent`). A
    remote video job it started is tied to its record, which is set to $0 when the job
    ends without being billed (:mod:`agent.job_costs`).
    """
    cost = _estimate(request)
    started = time.perf_counter()
    result = execute(request)
    _settle(request, cost, result, time.perf_counter() - started)
    return result


async def ameter_tool_call(request: ToolCallRequest, execute: Any) -> Any:
    """:func:`meter_tool_call` for async runs (``langgraph dev``, LangGraph Studio).

    The ledger and stores are SQLite files: their reads and writes go to a worker thread,
    never onto the event loop; the tool itself runs as ToolNode runs it (a sync tool in
    an executor).
    """
    cost = await asyncio.to_thread(_estimate, request)
    started = time.perf_counter()
    result = await execute(request)
    await asyncio.to_thread(_settle, request, cost, result, time.perf_counter() - started)
    return result


def _estimate(request: ToolCallRequest) -> CostEstimate:
    services = services_of(context_of(request.runtime.context))
    call = request.tool_call
    return estimate(call["name"], call["args"], services.settings, services.assets)


def _settle(request: ToolCallRequest, cost: CostEstimate, result: Any, seconds: float) -> None:
    """Time the call's replies and record what it spent (see :func:`meter_tool_call`)."""
    services = services_of(context_of(request.runtime.context))
    call = request.tool_call
    messages = [result] if isinstance(result, ToolMessage) else []
    if isinstance(result, Command) and isinstance(result.update, dict):
        messages = list(result.update.get("messages", []))
    replies = [m for m in messages if isinstance(m, ToolMessage)]
    for reply in replies:  # kept with the thread: a reloaded chat still shows each step's time
        reply.response_metadata["seconds"] = round(seconds, 3)
    failed = any(m.status == "error" for m in replies)
    artifact = next((m.artifact for m in replies if isinstance(m.artifact, dict)), None)
    if failed:  # nothing, unless a model call answered before it failed (it is billed)
        cost = spent_before_failing(call["name"], cost, artifact, services.settings)
    else:
        cost = spent(call["name"], cost, artifact, services.settings, services.assets)
    history = getattr(request.state, "messages", None)
    if history is None and isinstance(request.state, dict):
        history = request.state.get("messages", [])
    _record_call(services, call, cost, "error" if failed else "ok", history or [])
    if not failed:  # a started remote video job: $0 if it ends without being billed
        link_job(services.jobs, artifact, call["id"] or "", services.settings)


def _after_input(state: State) -> str:
    """After the input check: its refusal ends the turn, then unusable attachments do."""
    step = route_after_input(state)
    return "refuse_images" if step == "assistant" and unusable(state) else step


def build_graph(
    chat_model: BaseChatModel, tools: list[BaseTool] | None = None
) -> StateGraph[State, Context, InputState, State]:
    """Build the agent graph (uncompiled).

    Args:
        chat_model: The model behind the assistant node (``agent.models.make_chat_model``).
        tools: The tools it may call; defaults to every online capability.

    Returns:
        The graph builder; compile it with a checkpointer.
    """
    tools = make_tools() if tools is None else tools
    builder = StateGraph(State, context_schema=Context, input_schema=InputState)
    builder.add_node("inline_images", inline_images)
    builder.add_node("guard_input", guard_input)
    builder.add_node("assistant", make_assistant(chat_model, tools))
    builder.add_node(
        "tools",
        ToolNode(tools, handle_tool_errors=handle_tool_error, wrap_tool_call=meter_tool_call,
                 awrap_tool_call=ameter_tool_call),
    )
    builder.add_node("guard_output", guard_output)
    builder.add_node("confirm_cost", confirm_cost, destinations=("tools", "assistant"))
    builder.add_node("refuse_images", refuse_images)
    builder.add_edge(START, "inline_images")
    builder.add_edge("inline_images", "guard_input")
    builder.add_edge("refuse_images", END)
    builder.add_conditional_edges("guard_input", _after_input,
                                  ["assistant", "refuse_images", END])
    builder.add_edge("assistant", "guard_output")
    builder.add_conditional_edges(
        "guard_output", route_after_output, {"tools": "confirm_cost", END: END}
    )
    builder.add_edge("tools", "assistant")
    return builder


def make_graph() -> CompiledStateGraph[State, Context, InputState, State]:
    """Compile the default graph from the process settings (no checkpointer).

    ``langgraph.json`` names this factory, so ``langgraph dev`` and LangGraph Studio load the
    agent with their own persistence.
    """
    from agent.models import make_chat_model
    from core.settings import get_settings

    return build_graph(make_chat_model(get_settings())).compile(name="adstudio")
