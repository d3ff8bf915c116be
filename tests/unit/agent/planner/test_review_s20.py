"""Findings of the review of session 20's planner changes, each reproduced first.

Conversations are the language suite's (``ads4``: #1 hiking trail, #2 summer, #3 water
splash, #4 industrial loft; ``ads4_edit`` adds #5, a warmer version of #2; ``ads4_logo``
has a saved kit of #1F5F3A and #F5EBDD and a logo). The comment says what happened before.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from agent.planner import language
from agent.planner.language import detect
from agent.planner.naming import product_phrase
from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads4").images
EDITED = build_context("ads4_edit").images


def _only(context: str, text: str, tool: str) -> list[dict[str, Any]]:
    made = calls(turn(context, text))
    assert made and {name for name, _ in made} == {tool}, made
    return [args for _, args in made]


# 1. "just the one" after an edit of a named image narrows the edit, it counts no new ads

@pytest.mark.parametrize(("text", "number", "change"), [
    ("make #3 warmer, just the one", 3, "warmth"),  # 1 new ad
    ("put #2 on marble, only the one please", 2, "theme"),  # 1 new ad
])
def test_just_the_one_after_an_edit_edits_that_image(text: str, number: int, change: str) -> None:
    (args,) = _only("ads4", text, "edit_image")
    assert args["asset_id"] == ADS[number - 1]
    assert change in args


def test_only_two_after_an_edit_of_two_images_makes_no_new_ads() -> None:
    made = calls(turn("ads4", "make 2 and 3 warmer, only two"))  # 2 new ads
    assert "generate_ad_images" not in {name for name, _ in made}


@pytest.mark.parametrize(("text", "count"), [
    ("make more, just the one", 1),
    ("a christmas one for the feed, just one", 1),
    ("need a black friday version, just one, cta 'Get 30% off'", 1),
])
def test_just_one_with_an_ask_for_new_ads_is_the_count(text: str, count: int) -> None:
    assert [a["n"] for a in _only("ads4", text, "generate_ad_images")] == [count]


# 2. New ads without the brand kit are no brand-kit request

@pytest.mark.parametrize("text", [
    "make 2 more, no brand colours",  # "Tell me your brand colours…"
    "make 2 more without the brand kit",  # "Tell me your brand colours…"
])
def test_new_ads_without_the_brand_colours_are_made_without_the_kit(text: str) -> None:
    (args,) = _only("ads4_logo", text, "generate_ad_images")
    assert args["n"] == 2
    assert args["use_brand_kit"] is False


# 3. "delete them, i prefer the original": the edited versions, never the original

@pytest.mark.parametrize("text", [
    "delete them, i prefer the original",  # deleted #1-#4, the original #2 among them
    "delete it, i prefer the original",
])
def test_deleting_them_for_the_original_deletes_only_the_edits(text: str) -> None:
    (args,) = _only("ads4_edit", text, "delete_images")
    assert args["asset_ids"] == [EDITED[4]]


def test_deleting_them_for_an_original_without_edits_asks() -> None:
    reply = turn("ads4", "delete them, i prefer the original")
    assert not reply.tool_calls
    assert "Which images" in str(reply.content)


# 4. A bare "remove all" deletes nothing; "them all", "all of them", "all the ads" do

def test_a_bare_remove_all_deletes_no_image() -> None:
    made = calls(turn("ads4_logo", "remove all, I want a plain product shot"))  # deleted #1-#4
    assert "delete_images" not in {name for name, _ in made}


@pytest.mark.parametrize("text", [
    "remove them all", "remove all of them", "remove all the ads", "delete all",
    "borra todas",
])
def test_removing_them_all_deletes_every_image(text: str) -> None:
    (args,) = _only("ads4", text, "delete_images")
    assert args["asset_ids"] == ADS


def test_removing_all_but_one_deletes_the_others() -> None:
    (args,) = _only("ads4", "remove all but #2", "delete_images")
    assert args["asset_ids"] == [ADS[0], ADS[2], ADS[3]]


# 5. Spanish words the Spanish dictionary lacks ("da", "das") are no Portuguese

@pytest.mark.parametrize("text", [
    "me da 4 anuncios de la playa",  # read as Portuguese, the beach lost
    "me das 4 anuncios de la playa?",
])
def test_spanish_with_da_is_spanish(text: str) -> None:
    assert detect(text) == "es"
    (args,) = _only("ads4", text, "generate_ad_images")
    assert args["n"] == 4 and args["theme"] == "beach"


@pytest.mark.parametrize("text", ["coloca la 2 en la playa", "retira el fondo de la 3"])
def test_spanish_verbs_shared_with_portuguese_are_spanish(text: str) -> None:
    assert detect(text) == "es"


# 6. English with a capital E, "as 2" or one "ç" or "ã" is no Portuguese

@pytest.mark.parametrize("text", [
    "same as 2 but warmer, vitamin E theme",
    "a façade shot for a 3 pack",
    "São Paulo skyline, make 3",
    "Açaí bowl vibe for #2",
    "Casa da Musica theme",
    "Vitamin E and a 3 pack",
])
def test_english_with_portuguese_letters_is_english(text: str) -> None:
    assert detect(text) == "en"


def test_same_as_an_image_with_a_vitamin_e_theme_edits_nothing_unasked() -> None:
    reply = turn("ads4", "same as 2 but warmer, vitamin E theme")  # edited #2
    assert not reply.tool_calls


@pytest.mark.parametrize("text", ["faz a 2 mais escura", "compara a 2 e a 3 lado a lado"])
def test_portuguese_french_and_spanish_share_words_with_is_portuguese(text: str) -> None:
    assert detect(text) == "pt"  # "faz a 2 mais escura" was French


def test_a_darker_image_in_portuguese_is_made_darker() -> None:
    (args,) = _only("ads4", "faz a 2 mais escura", "edit_image")
    assert args["asset_id"] == ADS[1] and args["brightness"] < 0


# 8. A language without phrases of its own matches nowhere

def test_no_own_phrases_match_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_phrases", lambda lang: (re.compile("(?!)"), {}))
    language._own_phrases.cache_clear()
    try:
        assert language._own_phrases("pt", "es").search("any text , at all") is None
    finally:
        monkeypatch.undo()
        language._own_phrases.cache_clear()


# 7. "one more thing: our brand colours are …" replaces the kit's colours

@pytest.mark.parametrize("text", [
    "one more thing: our brand colours are #111111 and #222222",  # added to the kit's two
    "extra thing: our brand colours are #111111 and #222222",
    "our brand colours are #111111 and #222222, also make another ad",
])
def test_brand_colours_said_after_one_more_thing_replace_the_kits(text: str) -> None:
    made = calls(turn("ads4_logo", text))
    kit = [args for name, args in made if name == "save_brand_kit"]
    assert kit and kit[0]["colors"] == ["#111111", "#222222"], made


@pytest.mark.parametrize("text", [
    "add #C0392B to our brand colours",
    "#C0392B as another brand colour please",
    "one more brand colour: #C0392B",
    "save #C0392B as a third brand colour",
])
def test_a_colour_added_joins_the_kits(text: str) -> None:
    (args,) = _only("ads4_logo", text, "save_brand_kit")
    assert args["colors"] == ["#1F5F3A", "#F5EBDD", "#C0392B"]


# 2b. Leaving the brand out names no product (once "no brand colours" was no brand request)

@pytest.mark.parametrize("text", [
    "make 4 ads, no brand colours",  # the product was named "No brand colours"
    "make 4 ads, no branding",
    "make 4 ads, no logo or colours please",
])
def test_leaving_the_brand_out_names_no_product(text: str) -> None:
    assert product_phrase(text) == ""
    made = calls(turn("new_photo", text))
    assert all(args.get("product_name") is None for _, args in made), made


def test_a_product_named_beside_no_logo_keeps_its_name() -> None:
    assert product_phrase("its a cork yoga mat, no logo please") == "cork yoga mat"
