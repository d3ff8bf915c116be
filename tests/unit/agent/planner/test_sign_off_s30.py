"""A message that only thanks or says goodbye ends the turn kindly, in seven languages.

Before, "thanks, that's all for today" was stored as the audience "today", "great, bye!"
became a brief for a product named "Bye", and with ads on screen the reply was "I'm not
sure which change you mean". A sign-off with a request in it still carries the request out.
"""

from __future__ import annotations

import pytest

from agent.planner.local import plan
from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import TOOLS, calls

SIGN_OFFS = [
    "thanks, that's all for today",
    "ok thanks, that's it for now",
    "great, bye!",
    "perfect, see you tomorrow",
    "cheers mate that's all",
    "all good, we're done here. thx",
    "danke, das wars für heute",
    "super, tschüss!",
    "merci, c'est tout pour aujourd'hui",
    "parfait, à demain !",
    "gracias, eso es todo por hoy",
    "grazie, per oggi è tutto",
    "ok ciao, a domani",
    "obrigado, por hoje é só",
    "bedankt, dat was het voor vandaag",
    "top, tot morgen!",
]


@pytest.mark.parametrize("context", ["ads4", "photo_brief", "new_photo"])
@pytest.mark.parametrize("text", SIGN_OFFS)
def test_a_sign_off_makes_no_call_and_is_answered_kindly(context: str, text: str) -> None:
    convo = build_context(context)
    reply = plan([*convo.messages, convo.user(text)], TOOLS)
    assert calls(reply) == []
    assert "not sure" not in reply.text and "?" not in reply.text, reply.text


@pytest.mark.parametrize(("context", "text", "tool"), [
    ("ads4", "thanks! now make 2 more", "generate_ad_images"),
    ("ads4", "that's all good, but make #2 warmer", "edit_image"),
    ("ads4", "danke, und noch 2 mehr bitte", "generate_ad_images"),
    ("photo_brief", "that's all I need: 4 ads please", "generate_ad_images"),
])
def test_thanks_with_a_request_still_acts(context: str, text: str, tool: str) -> None:
    convo = build_context(context)
    reply = plan([*convo.messages, convo.user(text)], TOOLS)
    assert tool in {name for name, _ in calls(reply)}, (text, calls(reply), reply.text)
