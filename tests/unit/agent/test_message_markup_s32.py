"""Markup in a chat message is never dropped without a word: a warning shows (issue 20).

"<img src=x onerror=alert(1)> Mug … Headline: <script>…</script> CTA: <b>Buy</b>": the
markup is taken out of the product name and copy, and a guardrail event tells the user so.
"""

from __future__ import annotations

from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.events import GuardrailEvent, TextEvent
from agent.runtime import SERIALIZER, AgentRuntime
from core.settings import Settings
from tests.fakes import ScriptedChatModel
from tools.services import Services

MESSAGE = ("<img src=x onerror=alert(1)> Mug, ceramic 350 ml. "
           "Headline: <script>alert(1)</script> CTA: <b>Buy</b>")


def _events(settings: Settings, services: Services, text: str) -> list:
    runtime = AgentRuntime(settings, services=services,
                           chat_model=ScriptedChatModel(replies=[AIMessage("Noted.")]),
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    return list(runtime.stream("t", text))


def test_markup_in_a_message_is_a_warning_shown_and_the_turn_goes_on(
    settings: Settings, services: Services
) -> None:
    events = _events(settings, services, MESSAGE)
    (warning,) = [e for e in events if isinstance(e, GuardrailEvent)
                  and e.rule_id == "input.markup"]
    assert warning.stage == "input" and warning.severity == "warn"
    assert "plain text" in warning.reason and "headline or button" in warning.reason
    assert [e.text for e in events if isinstance(e, TextEvent)] == ["Noted."]


def test_a_message_without_markup_gets_no_markup_warning(
    settings: Settings, services: Services
) -> None:
    events = _events(settings, services, "Mug, ceramic 350 ml, I <3 coffee, 2 < 3")
    assert not [e for e in events if isinstance(e, GuardrailEvent)
                and e.rule_id == "input.markup"]
