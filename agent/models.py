"""The one place that builds the chat model: the local planner or Bedrock."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from core.settings import Settings
from engines.bedrock.chat import make_bedrock_chat


def make_chat_model(settings: Settings) -> BaseChatModel:
    """Return the chat model the settings ask for (``local`` → the offline planner)."""
    if settings.engine == "bedrock":
        return make_bedrock_chat(settings)
    from agent.planner.local import LocalPlanner

    return LocalPlanner(variations=settings.limits.default_variations)
