"""make_chat_model: the planner, Bedrock or the user's OpenAI-compatible server."""

from __future__ import annotations

from langchain_core.messages import HumanMessage
from pydantic import SecretStr

from agent.models import make_chat_model
from agent.planner.local import LocalPlanner
from core.settings import Settings
from engines.openai_compat.chat import OpenAICompatibleChat


def test_the_planner_is_the_default() -> None:
    assert isinstance(make_chat_model(Settings()), LocalPlanner)
    assert isinstance(make_chat_model(Settings(engine="bedrock", chat_engine="planner")),
                      LocalPlanner)


def test_the_openai_chat_is_built_from_its_settings() -> None:
    settings = Settings(engine="bedrock", chat_engine="openai",
                        openai_base_url="http://gpu-box:8000/v1", openai_model="llama3.1:8b",
                        openai_api_key="sk-local-secret", openai_timeout=45,
                        openai_temperature=0.2, openai_max_retries=3)
    model = make_chat_model(settings)
    assert isinstance(model, OpenAICompatibleChat)
    assert model.openai_api_base == "http://gpu-box:8000/v1"
    assert model.model_name == "llama3.1:8b"
    assert (model.request_timeout, model.temperature, model.max_retries) == (45, 0.2, 3)
    assert isinstance(model.openai_api_key, SecretStr)
    assert model.openai_api_key.get_secret_value() == "sk-local-secret"
    assert "sk-local-secret" not in repr(model)
    # Chat Completions, which every OpenAI-compatible server serves; never the Responses API.
    assert model.use_responses_api is False


def test_the_planners_first_reply_is_the_same_whatever_makes_the_images() -> None:
    hello = [HumanMessage("hi")]
    local = make_chat_model(Settings()).invoke(hello).text
    remote = make_chat_model(Settings(engine="bedrock", chat_engine="planner")).invoke(hello).text
    assert local == remote and "engine" not in local  # the UI's About panel says which
