"""The graph as ``langgraph dev`` and LangGraph Studio run it: async, with a context form.

Their server fails any blocking call made on the event loop (blockbuster). The tool
wrapper's ledger writes, store reads and the tools themselves must run off the loop.
"""

from __future__ import annotations

import asyncio

from blockbuster import blockbuster_ctx
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.graph import build_graph
from tests.fakes import ScriptedChatModel
from tools.cost import ledger_for
from tools.services import Services


def test_a_tool_call_runs_with_nothing_blocking_the_event_loop(services: Services) -> None:
    # before: "BlockingError: Blocking call to os.mkdir" from the cost ledger, reached from
    # the sync tool wrapper that ToolNode ran on the loop
    model = ScriptedChatModel(replies=[
        AIMessage("", tool_calls=[{"name": "save_brand_kit", "args": {"colors": ["#FF6600"]},
                                   "id": "k1", "type": "tool_call"}]),
        AIMessage("Saved."),
    ])
    graph = build_graph(model).compile(checkpointer=InMemorySaver())

    async def run() -> dict:
        with blockbuster_ctx(["agent", "tools", "core", "engines", "policy"]):  # adstudio's own
            return await graph.ainvoke(
                {"messages": [HumanMessage("our brand colour is #FF6600")]},
                {"configurable": {"thread_id": "async-1"}}, context=Context(services=services),
            )

    state = asyncio.run(run())
    [result] = [m for m in state["messages"] if isinstance(m, ToolMessage)]
    assert result.status == "success" and "#FF6600" in str(result.content)
    assert isinstance(result.response_metadata["seconds"], float)
    record = ledger_for(services.settings).get("async-1", "k1")
    assert record is not None and record.name == "save_brand_kit" and record.status == "ok"


def test_studio_gets_the_run_options_as_a_schema(services: Services) -> None:
    # was "TypeAdapter[Context] is not fully defined": Studio showed no options form
    schema = build_graph(ScriptedChatModel(replies=[])).compile().get_context_jsonschema()
    assert schema is not None
    assert set(schema["properties"]) == {"tenant", "variations", "seed"}  # no process objects
