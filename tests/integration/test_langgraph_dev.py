"""`langgraph dev` (LangGraph's own server) loads the graph that langgraph.json names."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.images import encode_png
from evals.recipes import bottle_on_white
from tests.paths import ROOT
from tests.servers import free_port

pytestmark = pytest.mark.integration


@pytest.fixture
def langgraph_dev(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    cli = Path(sys.executable).with_name("langgraph")
    env = {**os.environ, "ADSTUDIO_DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen(
        [str(cli), "dev", "--no-browser", "--no-reload", "--host", "127.0.0.1",
         "--port", str(port)],
        # graph paths resolve against the working directory; its state (.langgraph_api/)
        # is git-ignored
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert process.poll() is None, "langgraph dev exited early"
            try:
                if httpx.get(f"{url}/ok", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_langgraph_dev_runs_the_agent(langgraph_dev: str) -> None:
    response = httpx.post(
        f"{langgraph_dev}/runs/wait",
        json={"assistant_id": "adstudio",
              "input": {"messages": [{"role": "user", "content": "what can you do?"}]}},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    reply = response.json()["messages"][-1]
    assert reply["type"] == "ai" and "product photo" in reply["content"]


def test_langgraph_dev_makes_an_ad_from_an_inline_photo(langgraph_dev: str) -> None:
    # no --allow-blocking: a blocking call on the event loop fails the tool (BlockingError)
    photo = base64.b64encode(encode_png(bottle_on_white()[0])).decode()
    content = [
        {"type": "text", "text": "Insulated steel water bottle, 750 ml, for hikers. One ad."},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{photo}"}},
    ]
    response = httpx.post(
        f"{langgraph_dev}/runs/wait",
        json={"assistant_id": "adstudio",
              "input": {"messages": [{"role": "user", "content": content}]}},
        timeout=240,
    )
    assert response.status_code == 200, response.text
    messages = response.json()["messages"]
    tools = {m["name"]: m for m in messages if m["type"] == "tool"}
    assert "generate_ad_images" in tools, [m.get("content") for m in messages]
    made = tools["generate_ad_images"]
    assert made["status"] == "success" and "BlockingError" not in made["content"]
    assert made["artifact"]["images"], made["content"]
