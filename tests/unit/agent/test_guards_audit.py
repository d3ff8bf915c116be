"""A turn through the graph writes audit entries for its input, its output and its uploads."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.graph import build_graph
from core.images import encode_png
from evals.recipes import bottle_on_white
from policy.audit import AuditLog
from tests.fakes import ScriptedChatModel
from tools.services import Services


def _run(services: Services, message: HumanMessage, replies: list[Any], thread: str = "t1",
         tenant: str = "acme") -> dict[str, Any]:
    graph = build_graph(ScriptedChatModel(replies=replies)).compile(checkpointer=InMemorySaver())
    return graph.invoke(
        {"messages": [message]}, {"configurable": {"thread_id": thread}},
        context=Context(services=services, tenant=tenant),
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_turn_audits_the_user_message_and_the_reply(services: Services) -> None:
    assert services.audit is not None
    _run(services, HumanMessage("Ads for my steel bottle, please."),
         [AIMessage("Happy to help: upload a photo.")])
    entries = services.audit.for_thread("t1", "acme")
    assert [(e.stage, e.subject, e.engine, e.decision) for e in entries] == [
        ("input", "text", "local", "pass"), ("output", "text", "local", "pass")
    ]
    assert entries[0].digest == _sha("Ads for my steel bottle, please.")
    assert entries[1].digest == _sha("Happy to help: upload a photo.")
    assert services.audit.for_thread("t1", "default") == []  # another tenant's view


def test_a_blocked_message_is_audited_as_a_block(services: Services) -> None:
    assert services.audit is not None
    state = _run(services, HumanMessage("Make an ad for my new handgun"), [])
    assert state["messages"][-1].text.startswith("I can't help with that")
    (entry,) = services.audit.for_thread("t1", "acme")
    assert (entry.stage, entry.decision) == ("input", "block")
    assert entry.findings and entry.findings[0].severity == "block"


def test_a_small_attached_photo_is_flagged_and_audited(services: Services) -> None:
    assert services.audit is not None
    photo = bottle_on_white()[0].resize((240, 300))
    asset = services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                                width=240, height=300, tenant="acme")
    message = HumanMessage(f"Here it is [Attached product photo: {asset.id}]",
                           additional_kwargs={"attachments": [asset.id]})
    state = _run(services, message, [AIMessage("Thanks!")])
    upload = [f for f in state["findings"] if f["rule_id"] == "upload.small"]
    assert len(upload) == 1 and upload[0]["stage"] == "input"
    assert upload[0]["severity"] == "warn" and "soft" in upload[0]["reason"]
    (entry,) = services.audit.for_asset(asset.id, "acme")
    assert (entry.subject, entry.decision, entry.thread) == ("upload", "warn", "t1")
    assert entry.digest == asset.sha256
    assert state["messages"][-1].text == "Thanks!"  # a warning does not stop the turn


def test_a_broken_audit_log_never_breaks_a_turn(
    services: Services, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(AuditLog):
        @contextmanager
        def _connect(self) -> Iterator[sqlite3.Connection]:
            raise sqlite3.OperationalError("disk I/O error")
            yield  # pragma: no cover

    broken = Broken.__new__(Broken)
    broken.path = tmp_path / "audit.sqlite"
    with caplog.at_level(logging.WARNING, logger="policy.audit"):
        state = _run(dataclasses.replace(services, audit=broken), HumanMessage("Hello"),
                     [AIMessage("Hi! What are we advertising?")])
    assert state["messages"][-1].text == "Hi! What are we advertising?"
    assert caplog.text.count("audit entry not written") == 2


def test_the_tenants_policy_override_applies_in_the_chat(
    services: Services, tmp_path: Any
) -> None:
    """A brewery allowed to advertise beer is warned, not refused; other tenants are refused."""
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "tenant-brewery.yaml").write_text(
        "version: 1\nallow_restricted: [alcohol]\n", encoding="utf-8"
    )
    settings = services.settings.with_changes(policy_dir=tmp_path / "policies")
    scoped = dataclasses.replace(services, settings=settings)
    brief = "Ads for our craft beer, summer campaign"
    allowed = _run(scoped, HumanMessage(brief), [AIMessage("Cheers!")], tenant="brewery")
    assert allowed["messages"][-1].content == "Cheers!"
    assert [f["severity"] for f in allowed["findings"]] == ["warn"]
    assert "+tenant-brewery" in allowed["findings"][0]["policy_version"]
    refused = _run(scoped, HumanMessage(brief), [], thread="t2", tenant="acme")
    assert "can't help" in refused["messages"][-1].content
    assert refused["findings"][0]["rule_id"] == "restricted.alcohol"
