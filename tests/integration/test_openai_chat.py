"""The agent on an OpenAI-compatible chat server (a fake one on loopback), and its doctor."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool
from langgraph.checkpoint.memory import InMemorySaver
from typer.testing import CliRunner

from agent.context import Context
from agent.events import DoneEvent, ErrorEvent
from agent.graph import build_graph
from agent.models import make_chat_model
from agent.runtime import SERIALIZER, AgentRuntime
from agent.toolkit import make_tools
from cli.app import app
from core.errors import ConfigurationError
from core.settings import Settings, get_settings
from engines.openai_compat.doctor import check_server
from tests.servers import free_port
from tools.services import Services, build_services

pytestmark = pytest.mark.integration

MODEL = "qwen2.5:7b-instruct"
API_KEY = "local-key-123"
FEATURES_CALL = {"title": "Steel bottle", "description": "750 ml, insulated"}
ANSWER = "I read the product: a 750 ml insulated steel bottle."


@dataclass
class FakeServer:
    """What the fake server lists, how it answers, and every request it received."""

    models: list[str] = field(default_factory=lambda: [MODEL, "llama3.1:8b"])
    status: int = 200
    error: str = ""
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)  # names in lower case
    url: str = ""


def completion(message: dict[str, Any], finish: str) -> dict[str, Any]:
    """A Chat Completions response carrying ``message``."""
    return {
        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": MODEL,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 900, "completion_tokens": 20, "total_tokens": 920},
    }


def reply_to(body: dict[str, Any]) -> dict[str, Any]:
    """A tool call to extract_features first; a text answer once a tool result came back."""
    if body["messages"][-1]["role"] == "tool":
        return completion({"role": "assistant", "content": ANSWER}, "stop")
    call = {"id": "call_1", "type": "function",
            "function": {"name": "extract_features", "arguments": json.dumps(FEATURES_CALL)}}
    return completion({"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls")


def handler_for(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    """The request handler of ``server``: /v1/models and /v1/chat/completions."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet."""

        def send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and went away

        def refuse(self) -> bool:
            if server.status == 200:
                return False
            error = {"message": server.error, "type": "api_error", "param": None, "code": None}
            self.send(server.status, {"error": error})
            return True

        def do_GET(self) -> None:
            server.headers.append({k.lower(): v for k, v in self.headers.items()})
            if self.path != "/v1/models":
                self.send(404, {"error": {"message": "not found"}})
            elif not self.refuse():
                data = [{"id": m, "object": "model", "created": 0, "owned_by": "library"}
                        for m in server.models]
                self.send(200, {"object": "list", "data": data})

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            server.headers.append({k.lower(): v for k, v in self.headers.items()})
            server.requests.append(body)
            time.sleep(server.delay)
            if self.path != "/v1/chat/completions":
                self.send(404, {"error": {"message": "not found"}})
            elif not self.refuse():
                self.send(200, reply_to(body))

    return Handler


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    """A fake OpenAI-compatible server on a free loopback port, in a thread."""
    server = FakeServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), handler_for(server))
    httpd.daemon_threads = True
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def local_llm(url: str, tmp_path: Path, **changes: Any) -> Settings:
    """Settings with the chat on the OpenAI-compatible server at ``url`` (no retries)."""
    values = {"data_dir": tmp_path / "data", "chat_engine": "openai", "openai_base_url": url,
              "openai_model": MODEL, "openai_api_key": API_KEY, "openai_max_retries": 0}
    return Settings(**(values | changes))


def run_turn(settings: Settings, services: Services, text: str) -> dict[str, Any]:
    """One user message through the real graph, on the settings' chat model."""
    graph = build_graph(make_chat_model(settings)).compile(checkpointer=InMemorySaver())
    return graph.invoke({"messages": [HumanMessage(text)]},
                        {"configurable": {"thread_id": "t1"}, "recursion_limit": 25},
                        context=Context(services=services))


def test_a_turn_calls_the_tool_the_server_asked_for_and_sends_the_tools(
    fake: FakeServer, tmp_path: Path
) -> None:
    settings = local_llm(fake.url, tmp_path)
    services = build_services(settings)
    state = run_turn(settings, services, "Steel bottle, 750 ml, insulated")

    # The tool really ran, with the arguments the server's tool call gave.
    result = next(m for m in state["messages"] if isinstance(m, ToolMessage))
    assert result.name == "extract_features" and result.status == "success"
    assert result.tool_call_id == "call_1"
    assert state["brief"].product_name == "Steel bottle"
    assert state["messages"][-1].text == ANSWER

    # Two Chat Completions requests: the tools bound on both, the tool result in the second.
    assert len(fake.requests) == 2
    first, second = fake.requests
    assert first["model"] == MODEL and first["temperature"] == 0
    # Every tool the graph binds, each with its full JSON schema.
    assert first["tools"] == [convert_to_openai_tool(t) for t in make_tools()]
    schema = next(t["function"] for t in first["tools"]
                  if t["function"]["name"] == "extract_features")
    assert {"title", "description"} <= set(schema["parameters"]["properties"])
    assert first["messages"][0]["role"] == "system"
    assert first["messages"][-1] == {"role": "user", "content": "Steel bottle, 750 ml, insulated"}
    assert second["tools"] == first["tools"]
    tool_message = second["messages"][-1]
    assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == "call_1"
    assert all(h.get("authorization") == f"Bearer {API_KEY}" for h in fake.headers)


def errors_of(settings: Settings) -> list[str]:
    """The error events of one turn on the runtime (which must end with ``done``)."""
    runtime = AgentRuntime(settings, services=build_services(settings),
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    events = list(runtime.stream(runtime.new_thread(), "Steel bottle, 750 ml, insulated"))
    assert isinstance(events[-1], DoneEvent)
    return [e.message for e in events if isinstance(e, ErrorEvent)]


def test_a_server_error_becomes_a_clear_message(fake: FakeServer, tmp_path: Path) -> None:
    fake.status, fake.error = 500, "llama runner process has terminated"
    [message] = errors_of(local_llm(fake.url, tmp_path))
    assert message.startswith(f"The chat server at {fake.url} failed (HTTP 500: "
                              "llama runner process has terminated).")
    assert "conversation is saved" in message and "Traceback" not in message


def test_an_unknown_model_names_the_fix(fake: FakeServer, tmp_path: Path) -> None:
    fake.status, fake.error = 404, f'model "{MODEL}" not found, try pulling it first'
    [message] = errors_of(local_llm(fake.url, tmp_path))
    assert f'model "{MODEL}" not found' in message
    assert f"ollama pull {MODEL}" in message and API_KEY not in message


def test_a_server_that_is_down_becomes_a_clear_message(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    [message] = errors_of(local_llm(url, tmp_path))
    assert message.startswith(f"The chat server at {url} could not be reached.")
    assert "ollama serve" in message and "adstudio doctor" in message


@pytest.mark.parametrize("call", ["invoke", "stream", "ainvoke", "astream"])
def test_every_way_of_calling_the_model_raises_the_plain_error(
    call: str, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    model = make_chat_model(local_llm(url, tmp_path))

    async def consume_async() -> None:
        if call == "ainvoke":
            await model.ainvoke("hi")
        else:
            async for _ in model.astream("hi"):
                pass

    with pytest.raises(ConfigurationError, match=f"The chat server at {url} could not be"):
        if call == "invoke":
            model.invoke("hi")
        elif call == "stream":
            list(model.stream("hi"))
        else:
            asyncio.run(consume_async())


def test_a_slow_server_times_out_with_a_clear_message(fake: FakeServer, tmp_path: Path) -> None:
    fake.delay = 2.0
    [message] = errors_of(local_llm(fake.url, tmp_path, openai_timeout=0.5))
    assert message.startswith(f"The chat server at {fake.url} did not answer within 0.5 seconds.")
    assert "ADSTUDIO_OPENAI_TIMEOUT" in message


def test_doctor_passes_when_the_server_lists_the_model(fake: FakeServer, tmp_path: Path) -> None:
    checks = check_server(local_llm(fake.url, tmp_path))
    assert [(c.name, c.status) for c in checks] == [
        ("chat server", "ok"), (f"chat model {MODEL}", "ok")]
    assert fake.headers[-1].get("authorization") == f"Bearer {API_KEY}"


def test_doctor_accepts_a_name_ollama_lists_as_latest(fake: FakeServer, tmp_path: Path) -> None:
    fake.models = ["qwen2.5:latest"]
    checks = check_server(local_llm(fake.url, tmp_path, openai_model="qwen2.5"))
    assert [c.status for c in checks] == ["ok", "ok"]


def test_doctor_names_the_models_the_server_has(fake: FakeServer, tmp_path: Path) -> None:
    fake.models = ["mistral:7b", "llama3.1:8b"]
    server, model = check_server(local_llm(fake.url, tmp_path))
    assert server.status == "ok"
    assert model.status == "fail" and model.name == f"chat model {MODEL}"
    assert model.detail == "not listed; the server has: llama3.1:8b, mistral:7b"
    assert f"ollama pull {MODEL}" in model.fix


def test_doctor_says_how_to_start_a_server_that_is_down(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    [check] = check_server(local_llm(url, tmp_path))
    assert check.status == "fail" and check.detail == f"{url} could not be reached"
    assert "ollama serve" in check.fix and f"ollama pull {MODEL}" in check.fix


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """The environment `adstudio` reads, cleared of cached settings before and after."""
    monkeypatch.setenv("ADSTUDIO_CHAT_ENGINE", "openai")
    monkeypatch.setenv("ADSTUDIO_OPENAI_MODEL", MODEL)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_the_doctor_command_exits_0_when_ok_and_1_when_the_model_is_missing(
    fake: FakeServer, cli_env: pytest.MonkeyPatch
) -> None:
    cli_env.setenv("ADSTUDIO_OPENAI_BASE_URL", fake.url)
    ok = CliRunner().invoke(app, ["doctor"])
    assert ok.exit_code == 0, ok.output
    assert f"chat server: {fake.url} answers (2 models)" in ok.output
    assert "AWS" not in ok.output  # the local engine with a local chat needs no Bedrock
    fake.models = ["llama3.1:8b"]
    missing = CliRunner().invoke(app, ["doctor"])
    assert missing.exit_code == 1
    assert "not listed; the server has: llama3.1:8b" in missing.output


def test_the_doctor_command_exits_1_when_the_server_is_down(
    cli_env: pytest.MonkeyPatch,
) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    cli_env.setenv("ADSTUDIO_OPENAI_BASE_URL", url)
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert f"{url} could not be reached" in result.output and "ollama serve" in result.output
