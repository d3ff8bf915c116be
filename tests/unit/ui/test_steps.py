"""The chat speaks to marketers: steps in words, ads by #number, no ids, engines or settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from agent.runtime import AgentRuntime
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from ui.app import ChatController, engine_notice
from ui.steps import step_details

DEVELOPER_WORDS = re.compile(r"\b(?:img|ast|vid)_[0-9a-f]{6,}|ADSTUDIO_|local engine|bedrock",
                             re.IGNORECASE)


def test_a_steps_arguments_name_ads_by_number_and_hide_ids() -> None:
    details = step_details(
        {"asset_id": "img_0123456789", "warmth": 0.3, "context": "the whole brief",
         "storyboard_id": "ast_0123456789", "logo": "img_aaaaaaaaaa", "use_brand_kit": False,
         "headline": "Meet img_0123456789 today", "placements": ["story", "feed"]},
        {"img_0123456789": 2},
    )
    assert details.replace("\\", "").splitlines() == [  # as shown: Markdown's escapes gone
        "- **Image:** #2", "- **Warmth:** 0.3", "- **Logo:** your logo",
        "- **Brand kit:** no", "- **Headline:** Meet #2 today",
        "- **Placements:** story, feed",
    ]


def test_a_step_with_nothing_to_show_says_nothing() -> None:
    assert step_details({"context": "x", "seed": 3, "storyboard_id": "ast_0123456789"}, {}) == ""


def _visible(history: list[dict[str, Any]]) -> str:
    texts = []
    for message in history:
        if isinstance(message["content"], str):
            texts.append(message["content"])
        elif isinstance(message["content"], dict):
            texts.append(str(message["content"].get("alt_text", "")))
        texts.append(str((message.get("metadata") or {}).get("title", "")))
    return "\n".join(texts)


def test_no_id_engine_or_setting_reaches_the_chat_live_or_reloaded(
    runtime: AgentRuntime, tmp_path: Path
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    logo = save_jpeg(bottle_on_white()[0], tmp_path / "logo.jpg")
    controller = ChatController(runtime)
    turns = [
        {"text": "Insulated steel water bottle, 750 ml, for hikers", "files": [str(photo)]},
        {"text": "make #2 warmer", "files": []},
        {"text": "this is our logo, brand colour #FF6600", "files": [str(logo)]},
        {"text": "make a 15 second video", "files": []},
    ]
    thread, lives = "t-words", []
    for turn in turns:
        *_, (live, _box, thread, *_rest) = controller.respond(turn, [], thread)
        lives.append(live)
    reloaded, *_ = controller.restore(thread)
    for history in [*lives, reloaded]:
        shown = _visible(history)
        assert not DEVELOPER_WORDS.search(shown), DEVELOPER_WORDS.search(shown)
    steps = [m for m in reloaded if (m.get("metadata") or {}).get("status") == "done"]
    names = " ".join(m["metadata"]["title"] for m in steps)
    assert "Generating ad images" in names and "Editing the image" in names
    assert "Saving the brand kit" in names and "storyboard" in names
    assert all(isinstance(m["metadata"].get("duration"), float) for m in steps)  # kept


def test_the_about_panel_says_what_runs_and_how_to_change_it() -> None:
    local = engine_notice(Settings())
    assert "offline" in local and "ADSTUDIO_ENGINE=bedrock" in local
    remote = engine_notice(Settings(engine="bedrock", chat_engine="planner"))
    assert "Bedrock (" in remote and "rule-based planner" in remote
    assert "ADSTUDIO_ENGINE=bedrock" not in remote  # not offered what already runs
