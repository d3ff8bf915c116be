"""Sentences for Bedrock chat replies that stop early, and for throttled calls."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from langchain_core.messages import AIMessage

from engines.bedrock.stop_reasons import explain_stop, failure_reply, stop_reason


def reply(content: Any, stop: str, calls: int = 0) -> AIMessage:
    tool_calls = [{"name": "update_brief", "args": {"tone": "warm"}, "id": f"c{i}",
                   "type": "tool_call"} for i in range(calls)]
    return AIMessage(content=content, tool_calls=tool_calls, id="run-1",
                     response_metadata={"stopReason": stop},
                     usage_metadata={"input_tokens": 5, "output_tokens": 7, "total_tokens": 12})


def test_a_finished_reply_is_left_alone() -> None:
    for stop in ("end_turn", "tool_use", "stop_sequence"):
        message = reply("Done.", stop, calls=1 if stop == "tool_use" else 0)
        assert explain_stop(message) is message


def test_a_reply_without_a_stop_reason_is_left_alone() -> None:
    message = AIMessage("From another chat model.")
    assert stop_reason(message) == "" and explain_stop(message) is message


def test_max_tokens_keeps_the_cut_off_text_and_adds_a_notice() -> None:
    out = explain_stop(reply("Three headlines: 1. Cold for 24 h 2. Light as", "max_tokens"))
    assert out.text.startswith("Three headlines: 1. Cold for 24 h 2. Light as\n\n")
    assert "cut off" in out.text and "length limit" in out.text
    # The call is still counted: id and usage stay.
    assert out.id == "run-1" and out.usage_metadata and out.usage_metadata["output_tokens"] == 7


def test_max_tokens_mid_tool_call_drops_the_calls_and_says_nothing_ran() -> None:
    content = [{"type": "text", "text": "Noting the brief"},
               {"type": "tool_use", "id": "c0", "name": "update_brief", "input": {}}]
    out = explain_stop(reply(content, "max_tokens", calls=1))
    assert isinstance(out, AIMessage) and out.tool_calls == []
    assert out.text.startswith("Noting the brief") and "nothing was run" in out.text
    assert out.content == out.text  # no toolUse block is left for the next request


@pytest.mark.parametrize(("stop", "words"), [
    ("content_filtered", "content filter stopped this reply"),
    ("malformed_tool_use", "could not be read, so nothing was run"),
    ("malformed_model_output", "could not be read"),
    ("model_context_window_exceeded", "too long"),
])
def test_empty_replies_get_a_sentence(stop: str, words: str) -> None:
    out = explain_stop(reply([], stop, calls=1 if stop == "malformed_tool_use" else 0))
    assert words in out.text and isinstance(out, AIMessage) and out.tool_calls == []


def client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "slow down"}}, "Converse")


def test_throttling_has_a_sentence_and_other_errors_do_not() -> None:
    assert failure_reply(client_error("ThrottlingException")) == (
        "Bedrock is throttling requests; try again in a minute."
    )
    assert failure_reply(client_error("ValidationException")) is None
    assert failure_reply(RuntimeError("boom")) is None
