"""The brief card: an edit reaches the next generation, the ad policy checks it, the kit shows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from agent.planner.local import plan
from agent.runtime import AgentRuntime
from agent.toolkit import make_tools
from core.storage.brandkit import BrandKit
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from ui.app import ChatController
from ui.brief_card import (
    FIELDS,
    NO_CHANGE,
    BriefEditor,
    edit_line,
    edit_of,
    fields_of,
    kit_html,
    logo_uri,
    swatches_html,
)

BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h, for hikers"
AUDIENCE = FIELDS.index(("audience", "Audience"))


@pytest.fixture
def made(runtime: AgentRuntime, tmp_path: Path) -> tuple[ChatController, str]:
    """A thread with ads made from a brief and a photo (the local engine)."""
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    controller = ChatController(runtime)
    *_, (_history, _box, thread, _brief, gallery) = controller.respond(
        {"text": BRIEF, "files": [str(photo)]}, [], None
    )
    assert gallery
    return controller, thread


def _next_generate(runtime: AgentRuntime, thread: str) -> dict[str, Any]:
    """The arguments of the generate call the next "make more ads" plans."""
    state = runtime.state(thread)
    assert state is not None
    tools = [tool.name for tool in make_tools()]
    calls = plan([*state.messages, HumanMessage("Make 2 more ads")], tools).tool_calls
    generate = [c for c in calls if c["name"] == "generate_ad_images"]
    assert generate, calls
    return dict(generate[0]["args"])


def _shown(runtime: AgentRuntime, thread: str) -> dict[str, object]:
    """The brief the card shows: the thread's, as the page last received it."""
    state = runtime.state(thread)
    return state.brief.model_dump() if state else {}


def _edited(runtime: AgentRuntime, thread: str, **changes: str) -> list[str]:
    state = runtime.state(thread)
    values = list(fields_of(state.brief.model_dump() if state else {}))
    for key, value in changes.items():
        values[[k for k, _ in FIELDS].index(key)] = value
    return values


def test_an_edited_audience_reaches_the_next_generation(
    made: tuple[ChatController, str],
) -> None:
    controller, thread = made
    runtime = controller.runtime
    assert "students" not in _next_generate(runtime, thread)["context"].lower()
    editor = BriefEditor(runtime)
    history, brief, status = editor.update(
        *_edited(runtime, thread, audience="university students"), _shown(runtime, thread), [],
        thread)
    assert brief["audience"] == "university students"
    assert runtime.state(thread).brief.audience == "university students"  # type: ignore[union-attr]
    assert history[-1]["content"] == "Brief updated: audience → university students"
    assert "next ads" in status
    assert "university students" in _next_generate(runtime, thread)["context"]
    # the next turn runs as usual on the edited thread, and the brief keeps the edit
    *_, (_h, _b, _t, after, _g) = controller.respond("Make 2 more ads", history, thread)
    assert after["audience"] == "university students"


def test_a_policy_violating_edit_is_refused_and_nothing_changes(
    made: tuple[ChatController, str],
) -> None:
    controller, thread = made
    runtime = controller.runtime
    before = runtime.state(thread)
    assert before is not None
    editor = BriefEditor(runtime)
    values = _edited(runtime, thread, objective="Show it cures cancer, guaranteed")
    history, brief, status = editor.update(*values, _shown(runtime, thread), [], thread)
    assert history == []  # nothing said in the chat
    shown = status.replace("\\", "")  # Markdown-escaped: the excerpt is the advertiser's text
    assert shown.startswith("⚠️ Not updated: ") and "“cures cancer”" in shown
    assert "without naming a disease" in shown  # and what to do instead
    after = runtime.state(thread)
    assert after is not None
    assert after.brief == before.brief and len(after.messages) == len(before.messages)
    assert "cancer" not in _next_generate(runtime, thread)["context"].lower()


def test_an_edit_needs_a_change_and_never_empties_a_field(
    made: tuple[ChatController, str],
) -> None:
    controller, thread = made
    runtime = controller.runtime
    before = len(runtime.state(thread).messages)  # type: ignore[union-attr]
    editor = BriefEditor(runtime)
    _h, _b, status = editor.update(*_edited(runtime, thread), _shown(runtime, thread), [], thread)
    assert NO_CHANGE in status
    product = runtime.state(thread).brief.product_name  # type: ignore[union-attr]
    assert product
    _h, _b, status = editor.update(*_edited(runtime, thread, product_name=" "),
                                   _shown(runtime, thread), [], thread)
    assert "can't be left empty" in status
    assert len(runtime.state(thread).messages) == before  # type: ignore[union-attr]


def test_a_card_left_open_in_another_tab_does_not_undo_a_newer_edit(
    made: tuple[ChatController, str],
) -> None:
    controller, thread = made
    runtime = controller.runtime
    editor = BriefEditor(runtime)
    stale = _shown(runtime, thread)  # a second tab's card, shown before the first tab's edit
    stale_values = list(fields_of(stale))
    editor.update(*_edited(runtime, thread, audience="university students"),
                  _shown(runtime, thread), [], thread)
    stale_values[[k for k, _ in FIELDS].index("tone")] = "calm"  # the second tab: tone only
    _h, brief, _status = editor.update(*stale_values, stale, [], thread)
    assert brief["tone"] == "calm"
    assert brief["audience"] == "university students"  # the first tab's edit stands


def test_an_edit_during_a_run_is_refused(made: tuple[ChatController, str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    controller, thread = made
    runtime = controller.runtime
    monkeypatch.setattr(runtime, "running", lambda thread_id: thread_id == thread)
    _h, _b, status = BriefEditor(runtime).update(
        *_edited(runtime, thread, audience="students"), _shown(runtime, thread), [], thread)
    assert "still working" in status
    assert runtime.state(thread).brief.audience != "students"  # type: ignore[union-attr]


def test_the_fields_and_the_update_of_a_brief() -> None:
    brief = {"product_name": "Mug", "audience": "tea lovers", "tone": "",
             "placements": ["story", "square"]}
    # no placements on the card: an ad's size comes from its request, not from the brief
    assert fields_of(brief) == ("Mug", "tea lovers", "", "")
    assert "placements" not in dict(FIELDS)
    values = list(fields_of(brief))
    values[AUDIENCE] = "  coffee   drinkers "
    assert edit_of(brief, values) == {"audience": "coffee drinkers"}
    assert edit_line({"audience": "students", "tone": "calm"}) == (
        "Brief updated: audience → students; tone → calm")
    assert "\\*" in edit_line({"product_name": "*bold*"})  # the advertiser's text stays text


def _swatch_colors(markup: str) -> list[str]:
    return re.findall(r'class="brief-swatch-color"[^>]*background-color: (#[0-9A-F]{6});',
                      markup)


def test_the_swatches_are_the_kit_colours() -> None:
    kit = BrandKit(colors=["#1a2b3c", "#FF8800"], font="hanken-grotesk")
    markup = kit_html(kit)
    assert _swatch_colors(markup) == ["#1A2B3C", "#FF8800"]
    assert "Hanken Grotesk" in markup and "<img" not in markup
    # only colour codes reach a style attribute
    assert _swatch_colors(swatches_html(["red;background:url(x)", "#00ff00"])) == ["#00FF00"]
    assert "None saved yet" in kit_html(None)


def test_the_card_shows_the_saved_logo_and_the_brief_features(
    runtime: AgentRuntime, tmp_path: Path,
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "logo.jpg")
    logo = runtime.upload(photo.read_bytes(), "logo.jpg")
    runtime.services.brand_kits.save(runtime.settings.tenant,
                                     BrandKit(colors=["#123456"], logo=logo.id))
    markup = BriefEditor(runtime).kit({"features": ["750 ml", "<b>cold</b>"]})
    assert _swatch_colors(markup) == ["#123456"]
    assert re.search(r'<img class="brief-logo" src="data:image/png;base64,[^"]+"', markup)
    assert "&lt;b&gt;cold&lt;/b&gt;" in markup and "750 ml" in markup
    assert logo_uri(b"not an image") is None
