"""The agent graph: guard_input → assistant → guard_output ⇄ tools.

Every model message passes guard_output before its tool calls run or its text is shown.

``build_graph`` returns the uncompiled builder (tests compile it with an in-memory
checkpointer and a scripted chat model); ``make_graph`` compiles the default that
``langgraph.json`` names for ``langgraph dev`` and LangGraph Studio.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, SystemMessage
from langchain_core.tools import BaseTool
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.prebuilt import ToolNode
from langgraph.runtime import Runtime

import prompts
from agent.context import Context
from agent.guards import guard_input, guard_output, route_after_input, route_after_output
from agent.numbering import number_ads
from agent.services import default_services
from agent.state import InputState, State
from agent.toolkit import handle_tool_error, make_tools
from tools.brandkit import BrandKit


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
        context = runtime.context if isinstance(runtime.context, Context) else Context()
        services = context.services or default_services()
        kit = services.brand_kits.get(context.tenant)
        numbers = number_ads(state.assets, services.assets)
        system = SystemMessage(
            system_prompt(state, context, services.settings.engine, kit, numbers)
        )
        response = model.invoke([system, *state.messages])
        if state.remaining_steps < 4 and isinstance(response, AIMessage) and response.tool_calls:
            response = AIMessage(
                id=response.id,
                content="I've reached the step limit for one message. Tell me how to go on.",
            )
        return {"messages": [response]}

    return assistant


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
    builder.add_node("guard_input", guard_input)
    builder.add_node("assistant", make_assistant(chat_model, tools))
    builder.add_node("tools", ToolNode(tools, handle_tool_errors=handle_tool_error))
    builder.add_node("guard_output", guard_output)
    builder.add_edge(START, "guard_input")
    builder.add_conditional_edges("guard_input", route_after_input, ["assistant", END])
    builder.add_edge("assistant", "guard_output")
    builder.add_conditional_edges("guard_output", route_after_output, ["tools", END])
    builder.add_edge("tools", "assistant")
    return builder


def make_graph() -> CompiledStateGraph[State, Context, InputState, State]:
    """Compile the default graph from the process settings (no checkpointer).

    ``langgraph.json`` names this factory, so ``langgraph dev`` and LangGraph Studio load the
    agent with their own persistence.
    """
    from agent.models import make_chat_model
    from agent.settings import get_settings

    return build_graph(make_chat_model(get_settings())).compile(name="adstudio")
