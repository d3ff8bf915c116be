"""Classes of everyday phrasing the language suite's ``fresh12`` found the planner getting wrong.

Each test is a rule, checked on sentences written for it (not the suite's) and on paraphrases
in other words and languages. Conversations are the suite's (``ads4``: #1 hiking trail,
#2 summer, #3 water splash, #4 industrial loft; ``ads8`` adds #5 studio, #6 marble, #7 beach,
#8 city night; ``ads4_edit`` adds #5, a warmer version of #2; ``new_photo`` carries a photo).
The comment says what happened before.
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.planner.naming import product_phrase
from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import only

ADS = build_context("ads8").images
EDITED = build_context("ads4_edit").images


# 1. A greeting opening a brief is no product name; "attached is", "anbei" lead to it

@pytest.mark.parametrize(("text", "word"), [
    # the name was "Good afternoon"
    ("Good afternoon. Attached is our Lumo desk lamp, dimmable, USB-C.", "lamp"),
    ("Good evening folks! Please find attached our oat milk latte, 330 ml can.", "latte"),
    ("Guten Morgen, anbei unser neuer Rucksack aus Canvas. Bitte Werbung für Instagram.",
     "rucksack"),
    ("Bom dia! Essa é a nossa garrafa térmica de inox. Quero anúncios pro verão", "garrafa"),
    ("Buenos días, les mando nuestra crema de manos de karité. Anuncios para Instagram.",
     "crema"),
    ("Goedemorgen! Dit is onze nieuwe koffiemok van keramiek.", "koffiemok"),
    ("Buongiorno, in allegato la nostra borsa di pelle. Vorrei degli annunci.", "borsa"),
    ("Bonsoir, ci-joint notre bougie parfumée à la figue.", "bougie"),
])
def test_a_greeting_is_no_product_name(text: str, word: str) -> None:
    assert word in product_phrase(text).lower()


# 2. A scene noun made an adjective ("splashy", "cloudy", "smoky") names its scene

@pytest.mark.parametrize(("text", "theme"), [
    ("2 more splashy ones please", "water-splash"),  # theme "auto"
    ("3 more cloudy ones please", "pastel-clouds"),
    ("a couple more smoky ones for the whisky crowd", "smoke-mist"),
    ("give me 3 leafy ones", "botanical-shadows"),
])
def test_a_scene_adjective_names_the_scene(text: str, theme: str) -> None:
    assert [args["theme"] for args in only("ads4", text, "generate_ad_images")] == [theme]


# 3. Where a print hangs ("a poster in the window") is no scene; print asks upscale everywhere

@pytest.mark.parametrize(("text", "number"), [
    ("I need #2 large for a poster in the shop window", 2),  # put in a sunlit window too
    ("blow up number 4 as a print for the office wall", 4),
    ("#1 as a big poster for our cafe entrance", 1),
    ("Il me faut la 2 en haute résolution pour une affiche.", 2),  # asked
    ("mi serve la 4 in alta risoluzione per un manifesto", 4),
    ("preciso da 1 em alta resolução para um cartaz", 1),
    ("la 3 en alta resolución, es para un cartel", 3),
])
def test_a_print_is_upscaled_without_a_scene(text: str, number: int) -> None:
    (args,) = only("ads4", text, "edit_image")
    assert args["asset_id"] == ADS[number - 1] and args.get("upscale") == 2
    assert "theme" not in args


def test_a_window_scene_is_still_a_scene() -> None:
    (args,) = only("ads4", "put #3 in a sunlit window", "edit_image")
    assert args["theme"] == "sunlit-window"


# 4. Things said to move in an image ("bubbles moving", "drifting snow") ask a live image

@pytest.mark.parametrize(("text", "number"), [
    ("could #2 get some snow drifting down?", 2),  # put on a sparkles or snow scene
    ("#4 with steam swirling up from it", 4),
    ("can #1 have leaves and petals moving", 1),
    ("give #3 some twinkling stars", 3),
])
def test_things_in_motion_ask_a_live_image(text: str, number: int) -> None:
    (args,) = only("ads4", text, "animate_image")
    assert args["asset_id"] == ADS[number - 1]


def test_a_still_scene_of_snow_is_no_live_image() -> None:
    (args,) = only("ads4", "#2 with snow", "edit_image")
    assert "theme" in args


@pytest.mark.parametrize("text", ["la 3 como foto viva", "la 3 en photo vivante",
                                  "la 3 come foto viva", "quero a 3 como foto viva"])
def test_a_live_photo_in_other_languages(text: str) -> None:
    assert only("ads4", text, "animate_image") == [{"asset_id": ADS[2]}]


# 5. Image numbers listed with spaces only, after an action ("get rid of 5 6 7 8")

@pytest.mark.parametrize(("text", "tool", "numbers"), [
    ("get rid of 6 7 8", "delete_images", [6, 7, 8]),  # only #6
    ("ditch 2 5", "delete_images", [2, 5]),
    ("download 1 3 4", "download_images", [1, 3, 4]),
    ("trash 4", "delete_images", [4]),  # asked which
    ("bin 1 please", "delete_images", [1]),
])
def test_numbers_listed_with_spaces(text: str, tool: str, numbers: list[int]) -> None:
    (args,) = only("ads8", text, tool)
    assert args["asset_ids"] == [ADS[n - 1] for n in numbers]


# 6. "the one it came from": the image an edit was made from

@pytest.mark.parametrize(("text", "tool"), [
    ("zip the new one plus the one it was made from", "download_images"),  # only #5
    ("compare the new one with the one it was made from", "compare_images"),
])
def test_the_one_it_came_from(text: str, tool: str) -> None:
    (args,) = only("ads4_edit", text, tool)
    assert sorted(args["asset_ids"]) == sorted([EDITED[4], EDITED[1]])


# 7. Images shown together, named by their scene, are compared

@pytest.mark.parametrize(("text", "numbers"), [
    ("could I see the beach, night and studio ones together", [7, 8, 5]),  # three edits
    ("show me the studio one next to the beach one", [5, 7]),  # asked
    ("Confronti la 5 e la 8, per favore.", [5, 8]),
    ("Compare a 6 e a 7, por favor", [6, 7]),
])
def test_images_seen_together_are_compared(text: str, numbers: list[int]) -> None:
    (args,) = only("ads8", text, "compare_images")
    assert sorted(args["asset_ids"]) == sorted(ADS[n - 1] for n in numbers)


# 8. The message's own question mark after the last quoted card is no part of the card

@pytest.mark.parametrize(("text", "cards"), [
    ("Can we do a carousel: 'Hand-poured' / 'Soy wax' / 'Order yours'?",  # "Order yours' ?"
     ["Hand-poured", "Soy wax", "Order yours"]),
    ("a carousel with 'Light' , 'Tough', 'Yours today' !", ["Light", "Tough", "Yours today"]),
    ("a carousel please: 'Thirsty?' / 'Cold all day' / 'Get one'",
     ["Thirsty?", "Cold all day", "Get one"]),
    ("maak een carrousel met 'Zacht', 'Sterk', 'Bestel nu'", ["Zacht", "Sterk", "Bestel nu"]),
])
def test_carousel_cards_end_at_their_quotes(text: str, cards: list[str]) -> None:
    (args,) = only("ads4", text, "make_carousel")
    assert args["cards"] == cards


# 9. "about 10 %" after the change, in every language, is the size asked

@pytest.mark.parametrize(("text", "scale"), [
    ("Die Flasche auf Nr. 2 etwas kleiner, etwa 20 %.", 0.8),  # 1.2 (a bit bigger)
    ("Die Flasche auf Nr. 2 bitte größer, ungefähr 15 %", 1.15),
    ("la bouteille de la 2 plus grande, environ 10 %", 1.1),
    ("la botella de la 2 más grande, alrededor de 10 %", 1.1),
    ("la bottiglia della 2 più grande, circa 10 %", 1.1),
    ("a garrafa da 2 maior, cerca de 10 %", 1.1),
    ("the bottle on #2 a touch bigger, roughly 10%", 1.1),
])
def test_an_approximate_percentage_is_the_size(text: str, scale: float) -> None:
    (args,) = only("ads4", text, "edit_image")
    assert args["asset_id"] == ADS[1] and args["product_scale"] == pytest.approx(scale)


# 10. Formal imperatives and everyday words in the other languages (asked before)

@pytest.mark.parametrize(("context", "text", "tool", "args"), [
    ("ads4", "Téléchargez la 2 et la 3, s'il vous plaît.", "download_images",
     {"asset_ids": [ADS[1], ADS[2]]}),
    ("ads4", "Scarichi la 1, grazie.", "download_images", {"asset_ids": [ADS[0]]}),
    ("ads4", "Descarregue a 4, por favor.", "download_images", {"asset_ids": [ADS[3]]}),
    ("ads4", "Descargue la 2, por favor.", "download_images", {"asset_ids": [ADS[1]]}),
    ("ads4", "La 1 sur un drapé de soie, s'il vous plaît.", "edit_image",
     {"asset_id": ADS[0], "theme": "silk-drape"}),
    ("ads4", "Zet #2 in een woonkamer, graag.", "edit_image",
     {"asset_id": ADS[1], "theme": "living-room"}),
])
def test_formal_imperatives_and_words(context: str, text: str, tool: str,
                                      args: dict[str, Any]) -> None:
    assert only(context, text, tool) == [args]


def test_less_contrast_in_french() -> None:
    (args,) = only("ads4", "la 3 un peu moins de contraste, s'il vous plaît", "edit_image")
    assert args["asset_id"] == ADS[2] and args["contrast"] < 0


def test_italian_formal_move_and_logo() -> None:
    (args,) = only("ads4", "Nella 4 sposti la bottiglia un po' più a sinistra.", "edit_image")
    assert args["asset_id"] == ADS[3] and args["product_shift"][0] < 0
    made = only("ads4_logo", "Metta il logo su tutte, grazie.", "edit_image")
    assert [a["asset_id"] for a in made] == ADS[:4] and all("logo" in a for a in made)


def test_dutch_house_colours_and_german_the_one_on() -> None:
    (args,) = only("ads4_logo", "Gebruik onze huiskleuren op #3.", "edit_image")
    assert args["asset_id"] == ADS[2] and args["brand_colors"]
    (args,) = only("ads8", "Die am Strand bitte auf Marmor stellen.", "edit_image")
    assert args == {"asset_id": ADS[6], "theme": "marble"}


# 11. Everyday English: files sent, "put 1 on …", "warm them all up", "go on then", "got this"

@pytest.mark.parametrize(("text", "numbers"), [
    ("can you just send me #3 as a file", [3]),  # asked what to change
    ("send us 1 and 2 as pngs", [1, 2]),
])
def test_sent_as_a_file_is_a_download(text: str, numbers: list[int]) -> None:
    (args,) = only("ads4", text, "download_images")
    assert args["asset_ids"] == [ADS[n - 1] for n in numbers]


def test_put_a_bare_number_on_a_scene() -> None:
    assert only("ads4", "put 3 on a marble background", "edit_image") == [
        {"asset_id": ADS[2], "theme": "marble"}]  # asked which image


def test_warm_them_all_up() -> None:
    made = only("ads4", "They look chilly. Warm them all up a bit.", "edit_image")  # a brief tone
    assert [a["asset_id"] for a in made] == ADS[:4] and all(a["warmth"] > 0 for a in made)


def test_go_on_then_confirms() -> None:
    assert only("photo_brief", "ok go on then", "generate_ad_images")


def test_got_this_names_the_product() -> None:
    assert "lamp" in product_phrase("hey got this brass reading lamp, need some ads").lower()


# 12. "two more on a beach and one by a pool": after "more", each count is new ads of its scene

@pytest.mark.parametrize(("text", "asked"), [
    ("three more on marble and one in a forest please", [(3, "marble"), (1, "forest")]),
    ("2 more in the snow plus 1 by the pool", [(2, "snowy-mountain"), (1, "poolside")]),
])
def test_more_then_another_count(text: str, asked: list[tuple[int, str]]) -> None:
    made = only("ads4", text, "generate_ad_images")  # one call, the first count, last scene
    assert [(a["n"], a["theme"]) for a in made] == asked


# 13. "shot 2 should be a picnic blanket": what a storyboard shot shows instead

@pytest.mark.parametrize(("text", "shot", "shows"), [
    ("Shot 2 should be a picnic blanket, not that.", 2, "picnic blanket"),  # asked what
    ("shot 4 should show a rainy street instead", 4, "rainy street"),
])
def test_a_shot_should_show_something_else(text: str, shot: int, shows: str) -> None:
    (args,) = only("storyboard", text, "revise_storyboard")
    assert args["shot"] == shot and shows in args["description"].lower()


def test_a_shot_should_be_longer_is_no_description() -> None:
    (args,) = only("storyboard", "shot 1 should be longer", "revise_storyboard")
    assert "description" not in args and args["seconds"]
