"""The one place that builds the chat model: the local planner, Bedrock or your own server."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from core.settings import Settings
from engines.bedrock.chat import make_bedrock_chat


def make_chat_model(settings: Settings) -> BaseChatModel:
    """Return the chat model the settings ask for (``settings.resolved_chat_engine``).

    ``planner`` is the offline rule-based planner, ``bedrock`` ChatBedrockConverse, and
    ``openai`` ChatOpenAI on the OpenAI-compatible server the user runs (Ollama, llama.cpp,
    vLLM, LM Studio).
    """
    chat = settings.resolved_chat_engine
    if chat == "bedrock":
        return make_bedrock_chat(settings)
    if chat == "openai":
        from engines.openai_compat.chat import make_openai_chat

        return make_openai_chat(settings)
    from agent.planner.local import LocalPlanner

    return LocalPlanner(variations=settings.limits.default_variations)
