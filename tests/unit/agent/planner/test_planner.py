"""The local planner: phrasings of each intent produce the right tool calls and arguments."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from agent.attachments import attachment_note
from agent.planner.local import LocalPlanner, notes_of, plan
from agent.toolkit import make_tools

TOOLS = ("update_brief", "extract_features", "generate_ad_images", "edit_image", "save_brand_kit")
PHOTO = "img_00000000aa"
IMAGES = [f"img_0000000{i}b1" for i in range(1, 5)]
FEATURES = {
    "product_name": "Insulated steel water bottle",
    "category": "drinkware",
    "features": ["750 ml", "Keeps drinks cold 24 h"],
    "benefits": ["Keeps drinks ice-cold for hours"],
    "audience_hints": ["young adults"],
    "suggested_themes": ["hiking trail"],
    "tone": "energetic",
    "headline_ideas": ["Go further."],
}


def _user(text: str, photo: str | None = None) -> HumanMessage:
    note = f"\n{attachment_note(photo, 'bottle.jpg')}" if photo else ""
    return HumanMessage(text + note, additional_kwargs={"attachments": [photo] if photo else []})


def _tool_result(name: str, artifact: dict[str, Any], call_id: str) -> list[BaseMessage]:
    return [
        AIMessage("", tool_calls=[{"name": name, "args": {}, "id": call_id, "type": "tool_call"}]),
        ToolMessage("ok", name=name, tool_call_id=call_id, artifact=artifact),
    ]


def history_with_images() -> list[BaseMessage]:
    """A thread where the brief was read and four images were made."""
    images = [
        {"asset_id": a, "caption": "", "theme": "summer", "format": "1:1", "width": 1, "height": 1}
        for a in IMAGES
    ]
    return [
        _user("Insulated steel water bottle, 750 ml, for hikers", PHOTO),
        *_tool_result("extract_features", FEATURES, "c1"),
        *_tool_result("generate_ad_images", {"images": images, "cutout_id": "img_x"}, "c2"),
        AIMessage("Here are 4 ad variations."),
    ]


def calls(message: AIMessage) -> dict[str, dict[str, Any]]:
    return {call["name"]: call["args"] for call in message.tool_calls}


@pytest.mark.parametrize(
    "text",
    [
        "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign "
        "for young adults, energetic tone",
        "This is our new bamboo toothbrush, biodegradable handle, for eco-conscious families",
        "Ceramic coffee mug 350 ml, dishwasher safe. Cozy autumn campaign for coffee lovers",
        "Wireless noise-cancelling headphones with 30 h battery, premium tone, for commuters",
    ],
)
def test_new_brief_records_brief_and_extracts_features(text: str) -> None:
    reply = plan([_user(text, PHOTO)], TOOLS)
    found = calls(reply)
    assert set(found) == {"update_brief", "extract_features"}
    assert found["extract_features"]["description"] == text
    assert found["extract_features"]["title"] and len(found["extract_features"]["title"]) < 60
    assert found["update_brief"]["description"] == text


def test_brief_fields_are_parsed() -> None:
    text = (
        "Insulated steel water bottle, 750 ml. Summer hiking campaign for young adults, "
        "energetic tone, brand color #FF6600, for stories"
    )
    brief = calls(plan([_user(text, PHOTO)], TOOLS))["update_brief"]
    assert brief["audience"] == "young adults"
    assert brief["tone"] == "energetic"
    assert brief["brand_colors"] == ["#FF6600"]
    assert brief["placements"] == ["story"]
    assert brief["product_name"] == "Insulated steel water bottle"


def test_the_first_reply_speaks_of_ads_not_engines() -> None:
    reply = plan([_user("hello")], TOOLS).text
    assert "photo" in reply  # what to send, then what comes back
    for word in ("engine", "ADSTUDIO_", "Bedrock", "rule-based"):
        assert word not in reply  # the app's About panel says which engine runs


def test_features_then_generate_four_images_with_headline() -> None:
    messages = [
        _user("Insulated steel water bottle, 750 ml, for hikers", PHOTO),
        *_tool_result("extract_features", FEATURES, "c1"),
    ]
    args = calls(plan(messages, TOOLS))["generate_ad_images"]
    assert args["product_image"] == PHOTO
    assert args["n"] == 4
    assert args["theme"] == "auto"
    assert args["headline"] == "Go further."
    assert "hikers" in args["context"]


def test_features_without_photo_asks_for_one() -> None:
    messages = [_user("Insulated steel water bottle, 750 ml, for hikers"),
                *_tool_result("extract_features", FEATURES, "c1")]
    reply = plan(messages, TOOLS)
    assert not reply.tool_calls
    assert "photo" in reply.text and "750 ml" in reply.text


def test_photo_without_text_asks_what_the_product_is() -> None:
    reply = plan([_user("", PHOTO)], TOOLS)
    assert not reply.tool_calls
    assert "What is the product" in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("make the second one warmer and add the headline 'Stay cold. Go far.'",
         {"asset_id": IMAGES[1], "warmth": 0.35, "headline": "Stay cold. Go far."}),
        ("Make image 3 cooler", {"asset_id": IMAGES[2], "warmth": -0.35}),
        ("change the headline of #4 to “Hydrate harder”",
         {"asset_id": IMAGES[3], "headline": "Hydrate harder"}),
        ("put the first one on marble", {"asset_id": IMAGES[0], "theme": "marble"}),
        ("make #4 much warmer", {"asset_id": IMAGES[3], "warmth": 0.6}),
        ("can you make the 2nd one 9:16 for stories?",
         {"asset_id": IMAGES[1], "placement": "story"}),
        ("remove the headline from the third one", {"asset_id": IMAGES[2], "headline": ""}),
        (f"edit {IMAGES[0]}: beach background", {"asset_id": IMAGES[0], "theme": "beach"}),
    ],
)
def test_edit_requests(text: str, expected: dict[str, Any]) -> None:
    reply = plan([*history_with_images(), _user(text)], TOOLS)
    assert calls(reply) == {"edit_image": expected}


@pytest.mark.parametrize(
    ("text", "n", "theme", "fmt"),
    [
        ("generate 2 more in a beach theme", 2, "beach", ["square"]),
        ("Make three more ads for stories", 3, "auto", ["story"]),
        ("create 6 variations on marble, landscape please", 6, "marble", ["landscape"]),
        ("show me another set of images", 4, "auto", ["square"]),
        ("2 more for stories and a 728x90 banner", 2, "auto", ["story", "leaderboard"]),
        ("make 1 more for Amazon sponsored brands", 1, "auto", ["amazon-sb-custom-image"]),
    ],
)
def test_generate_requests(text: str, n: int, theme: str, fmt: list[str]) -> None:
    args = calls(plan([*history_with_images(), _user(text)], TOOLS))["generate_ad_images"]
    assert (args["n"], args["theme"], args["placements"]) == (n, theme, fmt)
    assert args["product_image"] == PHOTO


def test_generate_without_photo_asks_for_one() -> None:
    reply = plan([_user("Generate 4 images please")], TOOLS)
    assert not reply.tool_calls and "photo" in reply.text


def test_edit_of_missing_image_asks_which() -> None:
    reply = plan([*history_with_images(), _user("make the 7th one warmer")], TOOLS)
    assert not reply.tool_calls
    assert "#7" in reply.text and "#4" in reply.text  # names what is missing and what exists


@pytest.mark.parametrize("text", ["what can you do?", "help", "How does this work?"])
def test_help_explains_capabilities(text: str) -> None:
    reply = plan([_user(text)], TOOLS)
    assert not reply.tool_calls
    assert "product photo" in reply.text and "variations" in reply.text


def test_nonsense_gets_a_helpful_answer() -> None:
    reply = plan([*history_with_images(), _user("blorp")], TOOLS)
    assert not reply.tool_calls
    assert "warmer" in reply.text


def test_tool_error_is_explained() -> None:
    messages = [
        *history_with_images(),
        _user("make the second one warmer"),
        AIMessage("", tool_calls=[{"name": "edit_image", "args": {}, "id": "e1",
                                   "type": "tool_call"}]),
        ToolMessage("Error: There is no asset with the id 'x'.", name="edit_image",
                    tool_call_id="e1", status="error"),
    ]
    reply = plan(messages, TOOLS)
    assert not reply.tool_calls and "no asset with the id" in reply.text


def test_generation_result_is_summarised() -> None:
    messages = history_with_images()[:-1]
    reply = plan(messages, TOOLS)
    assert "4 ad variations" in reply.text and "750 ml" in reply.text


def test_bind_tools_limits_calls_to_bound_tools() -> None:
    brief = [_user("Insulated steel water bottle, 750 ml, for hikers", PHOTO)]
    unbound = LocalPlanner().bind_tools([])
    assert isinstance(unbound, LocalPlanner)
    reply = unbound.invoke(brief)
    assert not reply.tool_calls and "not available" in reply.text
    bound = LocalPlanner().bind_tools(make_tools())
    assert {c["name"] for c in bound.invoke(brief).tool_calls} == {
        "update_brief", "extract_features"
    }


@pytest.mark.parametrize(
    ("text", "n", "fmt"),
    [
        ("Steel bottle, 750 ml. Summer campaign with 9:16 ads for stories", 4, "story"),
        ("Steel bottle, 750 ml. I'd like 4:5 images please", 4, "portrait"),
        ("Steel bottle, 750 ml, 16:9 version for YouTube", 4, "widescreen"),
    ],
)
def test_a_ratio_is_a_format_not_a_count(text: str, n: int, fmt: str) -> None:
    messages = [_user(text, PHOTO), *_tool_result("extract_features", FEATURES, "c1")]
    args = calls(plan(messages, TOOLS))["generate_ad_images"]
    assert (args["n"], args["placements"]) == (n, [fmt])


def test_counts_are_clamped_to_what_the_tool_accepts() -> None:
    args = calls(plan([*history_with_images(), _user("show me 10 more")], TOOLS))
    assert args["generate_ad_images"]["n"] == 8


def test_the_configured_number_of_variations_is_the_default() -> None:
    messages = [_user("Steel bottle, 750 ml, for hikers", PHOTO),
                *_tool_result("extract_features", FEATURES, "c1")]
    assert calls(plan(messages, TOOLS, variations=2))["generate_ad_images"]["n"] == 2


def test_a_long_follow_up_is_not_a_new_product() -> None:
    text = "the first one is great but the text is too small, can you fix it"
    reply = plan([*history_with_images(), _user(text)], TOOLS)
    assert "update_brief" not in calls(reply) and "extract_features" not in calls(reply)


def test_brief_facts_after_the_product_update_the_brief() -> None:
    reply = plan([*history_with_images(), _user("it's for runners, energetic tone")], TOOLS)
    assert calls(reply) == {"update_brief": {"audience": "runners", "tone": "energetic"}}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Hi, I sell handmade soy candles in amber jars", "Handmade soy candles in amber jars"),
        ("Can you make 4 ads for my new sneakers? Lightweight, recycled knit", "Sneakers"),
        ("This is our new bamboo toothbrush, biodegradable handle", "Bamboo toothbrush"),
    ],
)
def test_product_names_skip_greetings_and_requests(text: str, title: str) -> None:
    assert calls(plan([_user(text, PHOTO)], TOOLS))["extract_features"]["title"] == title


@pytest.mark.parametrize(
    ("text", "warmth"),
    [
        ("not warmer but cooler please, the second one", -0.35),
        ("make #2 less warm", -0.35),
        ("make #2 slightly warmer", 0.2),
        ("make the second one a lot cooler", -0.6),
    ],
)
def test_colour_changes_read_negation_and_strength(text: str, warmth: float) -> None:
    args = calls(plan([*history_with_images(), _user(text)], TOOLS))["edit_image"]
    assert args == {"asset_id": IMAGES[1], "warmth": warmth}


@pytest.mark.parametrize("text", ["make them all warmer", "use the headline 'Go.' on all of them"])
def test_plural_targets_edit_every_image_of_the_last_set(text: str) -> None:
    reply = plan([*history_with_images(), _user(text)], TOOLS)
    assert [c["args"]["asset_id"] for c in reply.tool_calls] == IMAGES
    assert {c["name"] for c in reply.tool_calls} == {"edit_image"}


def test_brand_colour_alone_is_an_edit() -> None:
    args = calls(plan([*history_with_images(), _user("use brand colour #ff6600 on #3")], TOOLS))
    assert args == {"edit_image": {"asset_id": IMAGES[2], "brand_colors": ["#FF6600"]}}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("put the product on a beach, the first one", "beach"),
        ("show the bottle #2 on marble instead", "marble"),
        ("put the second one in a kitchen", "kitchen-counter"),
        ("#2 with a snowy background", "snowy-mountain"),
        ("#2 with a wintry, christmassy feel", "winter-holidays"),
        ("somthing cosy and autumnal for #1", "autumn"),
    ],
)
def test_theme_phrasings(text: str, theme: str | None) -> None:
    args = calls(plan([*history_with_images(), _user(text)], TOOLS)).get("edit_image", {})
    assert args.get("theme") == theme


def test_a_theme_asked_for_wins_over_a_season_the_brief_mentions() -> None:
    from agent.planner.intents import find_theme

    brief = "Red cotton polo shirt, slim fit. Summer campaign\nUse the beach theme."
    assert find_theme(brief) == ("beach", True)
    assert find_theme("Red cotton polo shirt. Summer campaign") == ("summer", False)


def test_a_negated_theme_is_not_chosen() -> None:
    reply = plan([*history_with_images(), _user("make 2 more, I don't want a beach")], TOOLS)
    assert calls(reply)["generate_ad_images"]["theme"] == "auto"


@pytest.mark.parametrize("text", ["perfect, thanks!", "great", "thank you so much"])
def test_thanks(text: str) -> None:
    reply = plan([*history_with_images(), _user(text)], TOOLS)
    assert not reply.tool_calls and "welcome" in reply.text


def test_use_the_photo_as_is_after_no_product_was_found() -> None:
    messages = [
        _user("Red cotton fabric, 2 m roll, for quilters", PHOTO),
        *_tool_result("extract_features", FEATURES, "c1"),
        AIMessage("", tool_calls=[{"name": "generate_ad_images", "args": {}, "id": "g1",
                                   "type": "tool_call"}]),
        ToolMessage("Error: I could not separate a product from this photo. Say 'use the "
                    "photo as is'", name="generate_ad_images", tool_call_id="g1", status="error"),
        AIMessage("I couldn't finish that: ..."),
        _user("ok, use the photo as is"),
    ]
    args = calls(plan(messages, TOOLS))["generate_ad_images"]
    assert args["photo_as_is"] is True and args["product_image"] == PHOTO


@pytest.mark.parametrize(
    ("text", "photo", "kit"),
    [
        ("our brand colours are #FF6600 and #1A1A2E", None,
         {"colors": ["#FF6600", "#1A1A2E"]}),
        ("this is our logo", "img_00000000cc", {"logo": "img_00000000cc"}),
        ("use Manrope on all our ads, bold tone", None, {"font": "manrope", "tone": "bold"}),
    ],
)
def test_brand_kit_requests(text: str, photo: str | None, kit: dict[str, Any]) -> None:
    reply = plan([*history_with_images(), _user(text, photo)], TOOLS)
    assert calls(reply) == {"save_brand_kit": kit}


def test_a_logo_is_not_taken_for_the_product_photo() -> None:
    messages = [*history_with_images(), _user("this is our logo", "img_00000000cc"),
                *_tool_result("save_brand_kit", {}, "k1"), AIMessage("Saved."),
                _user("make 2 more")]
    assert calls(plan(messages, TOOLS))["generate_ad_images"]["product_image"] == PHOTO


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("remove the leaf in the top left of #2", {"remove_region": [0.0, 0.0, 0.4, 0.4]}),
        ("make the product in #2 bigger", {"product_scale": 1.2}),
        ("#2: make it much smaller", {"product_scale": 0.6}),
        ("move the product in the second one to the left", {"product_shift": [-0.15, 0.0]}),
        ("upscale #2 for print", {"upscale": 2}),
        ("make the background of #2 navy", {"backdrop_color": "#1F2A44"}),
        ("#2 with a #FFEEDD background", {"backdrop_color": "#FFEEDD"}),
        ("use Manrope on #2", {"font": "manrope"}),
        ("remove the logo from #2", {"logo": ""}),
        ("make #2 a 728x90 banner", {"placement": "leaderboard"}),
    ],
)
def test_new_edit_requests(text: str, expected: dict[str, Any]) -> None:
    args = calls(plan([*history_with_images(), _user(text)], TOOLS))["edit_image"]
    assert args == {"asset_id": IMAGES[1], **expected}


def test_a_removal_without_a_place_asks_where() -> None:
    reply = plan([*history_with_images(), _user("remove the scratch from #2")], TOOLS)
    assert not reply.tool_calls and "top left" in reply.text


def test_adding_the_logo_uses_the_saved_one() -> None:
    kit = {"colors": [], "logo": "img_00000000cc", "font": None, "tone": ""}
    messages = [*history_with_images(), *_tool_result("save_brand_kit", kit, "k1"),
                AIMessage("Saved."), _user("add our logo to #3")]
    assert calls(plan(messages, TOOLS))["edit_image"] == {"asset_id": IMAGES[2],
                                                         "logo": "img_00000000cc"}
    without = plan([*history_with_images(), _user("add our logo to #3")], TOOLS)
    assert not without.tool_calls and "this is our logo" in without.text


def test_text_size_is_not_a_product_resize() -> None:
    reply = plan([*history_with_images(), _user("make the headline of #2 bigger")], TOOLS)
    assert not reply.tool_calls
    product = plan([*history_with_images(), _user("make the product in #4 bigger")], TOOLS)
    assert calls(product)["edit_image"]["product_scale"] == 1.2


@pytest.mark.parametrize(
    ("text", "targets", "change"),
    [
        ("make images 2 and 3 cooler", [2, 3], {"warmth": -0.35}),
        ("make the first two warmer", [1, 2], {"warmth": 0.35}),
        ("make #2, #4 warmer", [2, 4], {"warmth": 0.35}),
        ("make the bottle in #1 50% bigger", [1], {"product_scale": 1.5}),
        ("I want #4 larger for print", [4], {"upscale": 2}),
    ],
)
def test_several_targets_percentages_and_print(
    text: str, targets: list[int], change: dict[str, Any]
) -> None:
    reply = plan([*history_with_images(), _user(text)], TOOLS)
    assert [c["name"] for c in reply.tool_calls] == ["edit_image"] * len(targets)
    assert [c["args"] for c in reply.tool_calls] == [
        {"asset_id": IMAGES[t - 1], **change} for t in targets
    ]


def test_numbers_run_across_the_thread_and_beyond_nine() -> None:
    images = [
        {"asset_id": f"img_00000{i:03d}ff", "caption": "", "theme": "studio",
         "placement": "square", "width": 1, "height": 1}
        for i in range(10, 16)
    ]
    messages = [*history_with_images(),
                *_tool_result("generate_ad_images", {"images": images, "cutout_id": "x"}, "g2"),
                AIMessage("Here are 6 more."), _user("make #10 warmer")]
    assert calls(plan(messages, TOOLS))["edit_image"]["asset_id"] == "img_00000015ff"


def test_a_partial_failure_reports_what_worked_and_what_did_not() -> None:
    edit = {"asset_id": "img_00000099aa", "caption": "", "theme": "studio",
            "placement": "square", "width": 1, "height": 1}
    messages = [
        *history_with_images(), _user("make them all warmer"),
        AIMessage("", tool_calls=[
            {"name": "edit_image", "args": {}, "id": "e1", "type": "tool_call"},
            {"name": "edit_image", "args": {}, "id": "e2", "type": "tool_call"}]),
        ToolMessage("ok", name="edit_image", tool_call_id="e1",
                    artifact={"image": edit, "parent_id": IMAGES[0], "changes": ["warmer"],
                              "notes": ["logo left out: the placement allows none"]}),
        ToolMessage("Error: disk full", name="edit_image", tool_call_id="e2", status="error"),
    ]
    text = plan(messages, TOOLS).text
    assert "#5: a new version of #1 (warmer)" in text
    assert "logo left out" in text and "disk full" in text


def test_engine_notes_read_as_one_sentence() -> None:
    notes = ["Encoded at a constant 4.2 Mbps for Amazon DSP online video.",
             "Add a soundtrack before you upload it.", "Add a soundtrack before you upload it."]
    assert notes_of({"notes": notes}) == (
        " Note: Encoded at a constant 4.2 Mbps for Amazon DSP online video; "
        "Add a soundtrack before you upload it."
    )
    assert notes_of({"notes": []}) == "" and notes_of({"notes": [" . "]}) == ""
