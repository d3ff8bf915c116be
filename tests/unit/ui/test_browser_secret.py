"""The UI's BrowserState secret: kept in the data dir, so a stored thread survives a restart."""

from __future__ import annotations

import stat
from pathlib import Path

import gradio as gr
from langgraph.checkpoint.memory import InMemorySaver

from agent.runtime import SERIALIZER, AgentRuntime
from core.settings import Settings
from tools.services import build_services
from ui.app import build_app


def thread_state(settings: Settings) -> gr.BrowserState:
    """The BrowserState of a freshly built app (a server start) over ``settings``."""
    runtime = AgentRuntime(settings, services=build_services(settings),
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    app = build_app(runtime)
    states = [b for b in app.blocks.values()  # the Review tab keeps its reviewer apart
              if isinstance(b, gr.BrowserState) and b.storage_key == "adstudio-thread"]
    assert len(states) == 1
    return states[0]


def test_the_secret_is_the_same_after_a_restart(settings: Settings, tmp_path: Path) -> None:
    first, again = thread_state(settings), thread_state(settings)
    assert first.secret == again.secret and len(first.secret) >= 32
    files = [p for p in settings.data_dir.iterdir()
             if p.is_file() and first.secret.encode() in p.read_bytes()]
    assert len(files) == 1  # kept in the data dir, readable by the owner only
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    other = thread_state(Settings(data_dir=tmp_path / "other"))
    assert other.secret != first.secret  # another deployment, another secret


def test_a_configured_secret_key_gives_every_replica_the_same_secret(tmp_path: Path) -> None:
    shared = "a shared deployment secret, 32+ chars"
    one = thread_state(Settings(data_dir=tmp_path / "one", secret_key=shared))
    two = thread_state(Settings(data_dir=tmp_path / "two", secret_key=shared))
    assert one.secret == two.secret and shared not in one.secret


def reviewer_state(settings: Settings) -> gr.BrowserState:
    """The Review tab's BrowserState (its reviewer identity) of a freshly built app."""
    runtime = AgentRuntime(settings, services=build_services(settings),
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    states = [b for b in build_app(runtime).blocks.values()
              if isinstance(b, gr.BrowserState) and b.storage_key == "adstudio-reviewer"]
    assert len(states) == 1
    return states[0]


def test_replicas_with_one_secret_key_read_the_reviewer_the_other_stored(tmp_path: Path) -> None:
    # two hosts behind one address, each with its own data dir: a reviewer who signed in on
    # one is still known when the next request lands on the other
    shared = "a shared deployment secret, 32+ chars"
    one = reviewer_state(Settings(data_dir=tmp_path / "one", secret_key=shared))
    two = reviewer_state(Settings(data_dir=tmp_path / "two", secret_key=shared))
    assert one.secret == two.secret and shared not in one.secret
    chat = thread_state(Settings(data_dir=tmp_path / "one", secret_key=shared))
    assert chat.secret != one.secret  # the reviewer's secret is its own
    alone = reviewer_state(Settings(data_dir=tmp_path / "three"))
    assert alone.secret == reviewer_state(Settings(data_dir=tmp_path / "three")).secret
