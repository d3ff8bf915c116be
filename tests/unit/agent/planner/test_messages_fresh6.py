"""Classes of everyday phrasing the language suite's ``fresh6`` found the planner getting wrong.

Each test is a rule, checked on the kind of message that was answered wrongly and on
paraphrases in other words and languages. Conversations are the suite's (``ads4``: #1
hiking trail, #2 summer, #3 water splash, #4 industrial loft; ``ads8`` adds #5 studio,
#6 marble, #7 beach, #8 city night; ``storyboard`` has a storyboard whose shots last 3 s).
The comment says what happened before.
"""

from __future__ import annotations

from typing import Any

import pytest

from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads8").images


def _only(context: str, text: str, tool: str) -> list[dict[str, Any]]:
    made = calls(turn(context, text))
    assert made and {name for name, _ in made} == {tool}, made
    return [args for _, args in made]


def _asks(context: str, text: str) -> None:
    reply = turn(context, text)
    assert not reply.tool_calls and reply.content, calls(reply)


# 1. "more bright": a comparative said in two words

@pytest.mark.parametrize(("text", "number"), [
    ("make the number 2 more bright", 2),  # two new ads
    ("the picture with the city in the night, can be more bright?", 8),  # a night-city theme
    ("can the number 5 be more bright please", 5),
])
def test_more_bright_lightens_the_image_meant(text: str, number: int) -> None:
    (args,) = _only("ads8", text, "edit_image")
    assert args["asset_id"] == ADS[number - 1]
    assert args["brightness"] > 0


def test_more_bright_before_new_ones_describes_the_new_ones() -> None:
    made = calls(turn("ads8", "give me two more bright studio style ones"))
    assert [name for name, _ in made] == ["generate_ad_images"]
    assert made[0][1]["n"] == 2


def test_an_edit_and_a_deletion_of_numbered_images() -> None:
    made = calls(turn("ads4", "please make the number 2 more bright, and also delete the "
                              "number 4"))  # two new ads and the deletion
    assert [name for name, _ in made] == ["edit_image", "delete_images"]
    assert made[0][1]["asset_id"] == ADS[1] and made[0][1]["brightness"] > 0
    assert made[1][1]["asset_ids"] == [ADS[3]]


# 2. How much bigger: a percentage said after the change, or a factor

@pytest.mark.parametrize(("text", "scale"), [
    ("bottle bigger on #1, like 30%", 1.3),  # 1.2
    ("make the product on #1 smaller by 20%", 0.8),
    ("the bottle on #1 2 times bigger", 2.0),
])
def test_the_resize_said_is_the_resize_made(text: str, scale: float) -> None:
    (args,) = _only("ads4", text, "edit_image")
    assert args["asset_id"] == ADS[0]
    assert args["product_scale"] == pytest.approx(scale)


@pytest.mark.parametrize("text", [
    "can you put the bottle 3 times bigger in the number 1?",  # 1.2
    "make the product on #2 five times larger",
])
def test_a_resize_beyond_what_the_tool_can_do_is_asked(text: str) -> None:
    _asks("ads4", text)


# 3. Italian ordinals after an elided article

@pytest.mark.parametrize(("text", "numbers"), [
    ("scarica la quarta e l'ottava", [4, 8]),  # only the fourth
    ("scarica l'ottava", [8]),
])
def test_an_elided_ordinal_names_its_image(text: str, numbers: list[int]) -> None:
    (args,) = _only("ads8", text, "download_images")
    assert args["asset_ids"] == [ADS[n - 1] for n in numbers]


# 4. The size an image has is no size asked for

@pytest.mark.parametrize("text", [
    "last two: square → story",  # story and square versions of each
    "last two: square to story",
    "make the last two story instead of square",
    "the last two from square to story please",
])
def test_the_size_changed_from_is_not_made(text: str) -> None:
    made = _only("ads4", text, "edit_image")
    assert [(a["asset_id"], a["placement"]) for a in made] == [
        (ADS[2], "story"), (ADS[3], "story")]


# 5. An orientation word said with a size or for stories names that size

def test_portrait_for_stories_is_the_story_size() -> None:
    (args,) = _only("photo_brief", "Guten Tag, könnten Sie mir bitte drei Anzeigen im "
                                   "Hochformat für Instagram Stories erstellen?",
                    "generate_ad_images")  # story and 4:5
    assert args["n"] == 3 and args["placements"] == ["story"]


@pytest.mark.parametrize("text", [
    "móntame un carrusel de 6 tarjetas en vertical 4:5 🔥",  # story, the ratio read as a card
    "a carousel with 6 cards, vertical 4:5",
])
def test_vertical_with_a_ratio_is_that_ratio(text: str) -> None:
    (args,) = _only("ads4", text, "make_carousel")
    assert len(args["cards"]) == 6 and args["placement"] == "portrait"


def test_a_ratio_after_the_cards_colon_is_no_card() -> None:
    (args,) = _only("ads4", "carousel 3 cards 1:1: cold, light, tough", "make_carousel")
    assert args["cards"] == ["Cold", "Light", "Tough"] and args["placement"] == "square"


# 6. A storyboard shot longer by some seconds

@pytest.mark.parametrize("text", [
    "Le plan 4 devrait durer deux secondes de plus.",  # 2 s
    "shot 4 should last 2 seconds more",
    "shot 4: 2 more seconds please",
])
def test_seconds_more_lengthen_the_shot_by_them(text: str) -> None:
    (args,) = _only("storyboard", text, "revise_storyboard")
    assert args["shot"] == 4 and args["seconds"] == pytest.approx(5.0)


# 7. Everyday words of other languages

def test_spanish_dust_particles() -> None:
    (args,) = _only("ads4", "anima la 3 con partículas de polvo y 6 segundos 🎬",
                    "animate_image")  # no particles
    assert args["asset_id"] == ADS[2] and args["particles"] == "dust"
    assert args["seconds"] == pytest.approx(6.0)


def test_spanish_con_rollo_names_the_look() -> None:
    (args,) = _only("ads4", "bro saca 4 más para stories con rollo neón 💜✨",
                    "generate_ad_images")  # theme auto
    assert args["n"] == 4 and args["theme"] == "neon-glow" and args["placements"] == ["story"]


@pytest.mark.parametrize("text", [
    "Könnten Sie bitte noch eine Variante im Querformat machen?",  # four
    "noch einen im Quadrat bitte",
])
def test_german_noch_eine_is_one_more(text: str) -> None:
    (args,) = _only("ads4", text, "generate_ad_images")
    assert args["n"] == 1


# 8. Asks that cannot be done as said

@pytest.mark.parametrize("text", [
    "Ein Karussell mit einer einzigen Karte, bitte.",  # a 3-card carousel
    "a carousel with a single card",
    "un carrusel con una sola tarjeta",
])
def test_a_one_card_carousel_is_asked(text: str) -> None:
    _asks("ads4", text)


@pytest.mark.parametrize("text", [
    "borra la 2 y después hazla más grande",  # deleted #2, then edited it
    "delete #2 and then make it warmer",
])
def test_an_image_changed_after_deleting_it_is_asked(text: str) -> None:
    _asks("ads4", text)


def test_deleting_one_image_and_changing_another_does_both() -> None:
    made = calls(turn("ads4", "delete #2 and make #3 warmer"))
    assert [name for name, _ in made] == ["delete_images", "edit_image"]
    assert made[0][1]["asset_ids"] == [ADS[1]] and made[1][1]["asset_id"] == ADS[2]


# 9. Colours joined by a plus

@pytest.mark.parametrize("text", [
    "swap brand colours to navy + white, keep the logo",  # navy only
    "brand colours navy+white",
])
def test_colours_joined_by_a_plus_are_both_saved(text: str) -> None:
    (args,) = _only("ads4_logo", text, "save_brand_kit")
    assert len(args["colors"]) == 2 and args["colors"][1] == "#F7F7F7"


# 10. German low-high quotes

@pytest.mark.parametrize(("context", "text", "tool", "slot", "copy"), [
    ("ads4", "Könnten Sie bitte noch eine Variante im Querformat für Facebook-Links machen, "
             "mit dem Text „Jetzt entdecken“ auf dem Knopf?",  # four, the button unchanged
     "generate_ad_images", "cta", "Jetzt entdecken"),
    ("ads4", "one more with „Jetzt entdecken“ on the button", "generate_ad_images", "cta",
     "Jetzt entdecken"),
    ("ads4", "Überschrift „Sommer pur“ auf #2 bitte", "edit_image", "headline", "Sommer pur"),
])
def test_copy_in_german_quotes_is_the_copy(
        context: str, text: str, tool: str, slot: str, copy: str) -> None:
    (args,) = _only(context, text, tool)
    assert args[slot] == copy
