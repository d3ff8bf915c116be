"""What a refused or failed call to an OpenAI-compatible server tells the user."""

from __future__ import annotations

from typing import Any

import httpx2
import openai

from core.errors import CapabilityError, ConfigurationError
from engines.openai_compat.errors import chat_error

URL = "http://127.0.0.1:11434/v1"
MODEL = "qwen2.5:7b-instruct"


def refused(status: int, body: Any) -> openai.APIStatusError:
    """The error the openai client raises for an answer with ``status``."""
    request = httpx2.Request("POST", f"{URL}/chat/completions")
    response = httpx2.Response(status, request=request)
    return openai.APIStatusError(f"Error code: {status}", response=response, body=body)


def test_a_refused_key_points_to_the_key_setting() -> None:
    error = chat_error(refused(401, {"message": "invalid api key"}), URL, MODEL, 120)
    assert isinstance(error, ConfigurationError)
    assert error.message == f"The chat server at {URL} refused the request (HTTP 401: " \
        "invalid api key)."
    assert "ADSTUDIO_OPENAI_API_KEY" in error.hint


def test_a_model_without_tools_is_named_as_the_likely_cause() -> None:
    said = f"registry.ollama.ai/library/{MODEL} does not support tools"
    error = chat_error(refused(400, {"message": said}), URL, MODEL, 120)
    assert type(error) is CapabilityError
    assert said in error.message and "tool calling" in error.hint


def test_a_body_without_a_message_still_gives_the_status() -> None:
    error = chat_error(refused(502, None), URL, MODEL, 120)
    assert error.message == f"The chat server at {URL} failed (HTTP 502)."
    text = chat_error(refused(503, "upstream busy"), URL, MODEL, 120).message
    assert text == f"The chat server at {URL} failed (HTTP 503: upstream busy)."
