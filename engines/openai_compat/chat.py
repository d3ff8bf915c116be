"""The chat model on an OpenAI-compatible server (``ChatOpenAI`` with the server's URL)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai import ChatOpenAI

from core.settings import Settings
from engines.openai_compat.errors import chat_error


class OpenAICompatibleChat(ChatOpenAI):
    """``ChatOpenAI`` whose failed calls raise a plain-language ``CapabilityError``.

    Connection errors, timeouts and 4xx/5xx answers of the ``openai`` client become the
    project's error type (see :func:`engines.openai_compat.errors.chat_error`), which the
    runtime shows as an ``error`` event; the thread stays usable.
    """

    @contextmanager
    def _plain_errors(self) -> Iterator[None]:
        """Turn what the ``openai`` client raises into a ``CapabilityError``."""
        try:
            yield
        except openai.APIError as exc:
            timeout = self.request_timeout if isinstance(self.request_timeout, float) else 0.0
            raise chat_error(
                exc, self.openai_api_base or "", self.model_name, timeout
            ) from exc

    def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
        with self._plain_errors():
            return super()._generate(*args, **kwargs)

    async def _agenerate(self, *args: Any, **kwargs: Any) -> ChatResult:
        with self._plain_errors():
            return await super()._agenerate(*args, **kwargs)

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        with self._plain_errors():
            yield from super()._stream(*args, **kwargs)

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        with self._plain_errors():
            async for chunk in super()._astream(*args, **kwargs):
                yield chunk


def make_openai_chat(settings: Settings) -> BaseChatModel:
    """Build the chat model on the server ``settings.openai`` names.

    It speaks Chat Completions (``/v1/chat/completions``, with tools), which Ollama, llama.cpp's
    server, vLLM and LM Studio all serve; the OpenAI Responses API is never used.

    Args:
        settings: Base URL, model, API key, timeout, temperature and retries.

    Returns:
        The chat model; the graph binds the tools to it.
    """
    options = settings.openai
    return OpenAICompatibleChat(
        base_url=options.base_url,
        model=options.model,
        api_key=options.api_key,
        timeout=options.timeout,
        temperature=options.temperature,
        max_retries=options.max_retries,
        use_responses_api=False,
    )
