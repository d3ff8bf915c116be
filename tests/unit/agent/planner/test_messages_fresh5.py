"""Classes of everyday phrasing the language suite's ``fresh5`` found the planner missing.

Each test is a rule, checked on the kind of message that was answered wrongly and on
paraphrases in other words and languages. Conversations are the suite's (``ads4``: #1
hiking trail, #2 summer, #3 water splash, #4 industrial loft; ``ads8`` adds #5 studio,
#6 marble, #7 beach, #8 city night; ``ads4_edit`` adds #5, a warmer version of #2;
``ads4_logo`` has a saved kit of #1F5F3A and #F5EBDD and a logo). The comment says what
happened before.
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.planner.language import detect
from evals.language.contexts import ATTACHED, LOGO, PHOTO, STORYBOARD, build_context
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads8").images
EDITED = build_context("ads4_edit").images


def _only(context: str, text: str, tool: str) -> list[dict[str, Any]]:
    made = calls(turn(context, text))
    assert made and {name for name, _ in made} == {tool}, made
    return [args for _, args in made]


# 1. How many ads: the count said last, or on its own

@pytest.mark.parametrize(("context", "text", "count"), [
    ("photo_brief", "go ahead - 2 on a wooden table, rustic feel", 2),  # 4
    ("photo_brief", "sure — 3 on marble please", 3),
    ("photo_brief", "let's do 4... actually no, make it 8 total", 8),  # 4 and 8, two batches
    ("photo_brief", "make 3, actually no, make it 6 total", 6),
    ("ads4", "need a black friday version, just one, cta 'Get 30% off'", 1),  # 4
    ("ads4", "a christmas one for the feed, just one", 1),
])
def test_the_count_said_last_or_on_its_own_is_the_count(
        context: str, text: str, count: int) -> None:
    assert [a["n"] for a in _only(context, text, "generate_ad_images")] == [count]


# 2. Without the brand kit

@pytest.mark.parametrize("text", [
    "2 new ones without any of the brand stuff this time pls",  # the kit was applied
    "make 3 more, no branding",
    "two more but off-brand this time",
])
def test_new_ads_without_the_brand_kit_say_so(text: str) -> None:
    (args,) = _only("ads4_logo", text, "generate_ad_images")
    assert args["use_brand_kit"] is False


def test_a_carousel_without_the_brand_kit_says_so() -> None:
    (args,) = _only("ads4_logo", "carousel but no brand colours or logo on it, 3 cards",
                    "make_carousel")
    assert args["use_brand_kit"] is False and len(args["cards"]) == 3


def test_new_ads_keep_the_kit_unless_told() -> None:
    (args,) = _only("ads4_logo", "2 new ones on the beach", "generate_ad_images")
    assert "use_brand_kit" not in args


# 3. Carousels

@pytest.mark.parametrize(("text", "theme"), [
    ("carousel w/ 3 cards on the beach, button says Shop now", "beach"),  # 'Beach' a card
    ("a carousel, 3 cards on marble", "marble"),
])
def test_cards_on_a_scene_are_staged_there_not_written(text: str, theme: str) -> None:
    (args,) = _only("ads4", text, "make_carousel")
    assert args["theme"] == theme and len(args["cards"]) == 3
    assert all(theme not in str(card).lower() for card in args["cards"])


def test_cards_on_topics_listed_with_articles_are_the_cards() -> None:
    (args,) = _only("ads4", "a carousel of 3 cards on the cold, the weight and the price",
                    "make_carousel")
    assert args["cards"] == ["Cold", "Weight", "Price"]


def test_quoted_cards_are_kept_whole() -> None:
    (args,) = _only("photo_brief", "swipeable ad, cards: 'Hot day?' 'Still ice cold.' "
                    "'Every sip, all day.' end with 'Get yours'", "make_carousel")
    cards = [str(c).rstrip(".") for c in args["cards"]]  # cut at the comma inside a quote
    assert cards == ["Hot day?", "Still ice cold", "Every sip, all day", "Get yours"]


@pytest.mark.parametrize("text", [
    "make a carousel on marble, 3 cards, end card says 'Limited run'",  # features only
    "a carousel on marble, 3 slides, end with 'Limited run'",
])
def test_the_end_cards_line_closes_the_carousel(text: str) -> None:
    (args,) = _only("ads8", text, "make_carousel")
    assert len(args["cards"]) == 3 and args["cards"][-1] == "Limited run"
    assert args["theme"] == "marble"


@pytest.mark.parametrize("text", [
    "fais un carrousel de 3 cartes en format story, thème montagne enneigée",  # 'Format' a card
    "a carousel of 3 cards in story format, snowy mountain theme",
])
def test_a_story_format_is_the_placement_not_a_story_told(text: str) -> None:
    (args,) = _only("ads4", text, "make_carousel")
    assert args["placement"] == "story" and args["theme"] == "snowy-mountain"
    assert args["cards"][:2] == ["Stay cold. Go far.", "Cold for 24 hours"]


# 4. Portuguese

@pytest.mark.parametrize(("text", "lang"), [
    ("baixar todas, por favor", "pt"),
    ("apaga a 4 e baixa as outras", "pt"),
    ("deixa o fundo da 2 azul claro", "pt"),
    ("compara a 2 e a 3 lado a lado", "pt"),
    ("la azul más fría", "es"),  # Spanish stays Spanish
    ("vendo velas de soja artesanales, me ayudas con anuncios para insta?", "es"),
    ("remove the background from this pls", "en"),
    ("ok, procedi col rendering", "it"),
])
def test_portuguese_is_told_from_spanish_and_english(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_portuguese_asks_are_read() -> None:
    assert calls(turn("ads4", "apaga a 4 e baixa as outras")) == [
        ("delete_images", {"asset_ids": [ADS[3]]}),
        ("download_images", {"asset_ids": [ADS[0], ADS[1], ADS[2]]})]
    assert calls(turn("ads4", "compara a 2 e a 3 lado a lado")) == [
        ("compare_images", {"asset_ids": [ADS[1], ADS[2]]})]
    assert calls(turn("ads4", "preciso da 1 em 300x600")) == [
        ("edit_image", {"asset_id": ADS[0], "placement": "half-page"})]  # all four
    (edit,) = _only("ads4", "deixa o fundo da 2 azul claro", "edit_image")
    assert edit["asset_id"] == ADS[1] and edit["backdrop_color"].startswith("#")
    (made,) = _only("photo_brief", "pode fazer 3 anúncios na praia, formato quadrado",
                    "generate_ad_images")
    assert made["n"] == 3 and made["theme"] == "beach"  # theme auto
    assert calls(turn("ads4", "a fonte da marca é Lato")) == [
        ("save_brand_kit", {"font": "lato"})]


# 5. The brand kit's colours

@pytest.mark.parametrize("text", [
    "update our colours: swap the cream for pure white #FFFFFF",  # the green was dropped
    "our brand colours: replace the cream with #FFFFFF",
])
def test_a_swapped_brand_colour_takes_the_place_of_the_one_named(text: str) -> None:
    assert calls(turn("ads4_logo", text)) == [
        ("save_brand_kit", {"colors": ["#1F5F3A", "#FFFFFF"]})]


@pytest.mark.parametrize("text", [
    "add #C0392B to our brand colours",
    "save #C0392B as a third brand colour",  # edit of image #3
])
def test_an_added_brand_colour_joins_the_saved_ones(text: str) -> None:
    assert calls(turn("ads4_logo", text)) == [
        ("save_brand_kit", {"colors": ["#1F5F3A", "#F5EBDD", "#C0392B"]})]


def test_a_third_brand_colour_then_the_logo_on_an_image() -> None:
    made = calls(turn("ads4_logo", "save #C0392B as a third brand colour and put the logo on #4"))
    assert made == [("save_brand_kit", {"colors": ["#1F5F3A", "#F5EBDD", "#C0392B"]}),
                    ("edit_image", {"asset_id": ADS[3], "logo": LOGO})]


# 6. Which images

@pytest.mark.parametrize("text", [
    "download the best one",  # every image
    "download the good ones",
    "make the best one warmer",
])
def test_a_judgement_of_taste_is_asked(text: str) -> None:
    assert calls(turn("ads4", text)) == []


@pytest.mark.parametrize("text", ["download everything incl. the old version",  # only #2
                                  "download everything including the original"])
def test_everything_including_a_version_packs_everything(text: str) -> None:
    assert calls(turn("ads4_edit", text)) == [("download_images", {})]


@pytest.mark.parametrize(("text", "numbers"), [
    ("which is better, 2 or 4? show them next to each other", [2, 4]),  # all four
    ("which is better, 1 or 3? show them together", [1, 3]),  # asked
    ("which one works better for stories, 1 or 3? compare them", [1, 3]),
])
def test_the_images_a_question_weighs_are_compared(text: str, numbers: list[int]) -> None:
    assert calls(turn("ads4", text)) == [
        ("compare_images", {"asset_ids": [ADS[n - 1] for n in numbers]})]


def test_lining_up_is_comparing() -> None:
    assert calls(turn("ads8", "line up the two dark ones for me")) == [
        ("compare_images", {"asset_ids": [ADS[3], ADS[7]]})]


@pytest.mark.parametrize(("text", "numbers"), [
    ("télécharge les quatre premières", [1, 2, 3, 4]),  # asked which
    ("descarga las tres primeras", [1, 2, 3]),
    ("borra las dos últimas", [7, 8]),
])
def test_a_count_before_first_or_last_is_those_images(text: str, numbers: list[int]) -> None:
    made = calls(turn("ads8", text))
    assert len(made) == 1 and made[0][1] == {"asset_ids": [ADS[n - 1] for n in numbers]}


@pytest.mark.parametrize("text", [
    "delete the warmer version, keep the original",  # asked where to retouch
    "delete the warmer version, i prefer the original",  # the original was deleted
    "get rid of the warmer one",
])
def test_an_edited_version_is_named_by_its_edit(text: str) -> None:
    assert calls(turn("ads4_edit", text)) == [("delete_images", {"asset_ids": [EDITED[4]]})]


@pytest.mark.parametrize("text", ["delete them all, i want to start over from scratch",
                                  "delete all of them"])  # asked where to retouch
def test_deleting_them_all_deletes_every_image(text: str) -> None:
    assert calls(turn("ads4", text)) == [("delete_images", {"asset_ids": ADS[:4]})]


# 7. New ads per scene, sizes

@pytest.mark.parametrize(("text", "themes"), [
    ("make 2 on the beach and 2 in a forest", ["beach", "forest"]),  # #2 in a forest
    ("2 on marble, 2 at night in the city", ["marble", "city-night-bokeh"]),
])
def test_the_same_count_before_two_scenes_is_new_ads_per_scene(
        text: str, themes: list[str]) -> None:
    made = _only("ads4", text, "generate_ad_images")
    assert [(a["n"], a["theme"]) for a in made] == [(2, t) for t in themes]


@pytest.mark.parametrize("text", [
    "kannst du noch 2 im herbst-look machen? bitte quadratisch",  # asked which image
    "can you make 2 more in an autumn look? square please",
])
def test_a_size_said_after_an_ask_for_new_ads_is_theirs(text: str) -> None:
    (args,) = _only("ads4", text, "generate_ad_images")
    assert (args["n"], args["theme"], args["placements"]) == (2, "autumn", ["square"])


@pytest.mark.parametrize("text", ["can you make #1 square for the feed",  # the same again
                                  "make #2 1080x1080"])
def test_a_resize_to_the_shape_an_image_has_changes_nothing(text: str) -> None:
    reply = turn("ads4", text)
    assert reply.tool_calls == [] and "already" in str(reply.content)


def test_a_platform_may_still_resize_a_square_image() -> None:
    assert calls(turn("ads4", "need #3 for facebook feed"))[0][0] == "edit_image"


# 8. Cutouts and the hand

@pytest.mark.parametrize("text", [
    "our logo has a white box around it, can you remove that bg",  # the product photo
    "remove the background from our logo",
])
def test_the_logos_background_is_the_logos(text: str) -> None:
    assert calls(turn("ads4_logo", text)) == [("remove_background", {"product_image": LOGO})]


def test_a_cutout_box_given_by_its_corners() -> None:
    made = calls(turn("photo_brief", "the cutout grabbed part of the table, the bottle sits "
                      "between 200,80 and 620,1000 px"))  # asked
    assert made == [("remove_background", {"product_image": PHOTO, "box": [200, 80, 620, 1000]})]


def test_the_product_on_its_own_is_a_cutout() -> None:
    assert calls(turn("ads4", "give me the bottle on its own with no background")) == [
        ("remove_background", {"product_image": PHOTO})]


@pytest.mark.parametrize("text", ["se ve mi mano en la foto, bórrala",  # a brief and 4 ads
                                  "quita la mano de la foto"])
def test_a_spanish_hand_is_removed(text: str) -> None:
    assert calls(turn("new_photo", text)) == [("remove_hand", {"product_image": ATTACHED})]


# 9. Motion

def test_a_shot_added_after_another_has_its_own_kind() -> None:
    assert calls(turn("storyboard", "add a how-it-works shot after the lifestyle one")) == [
        ("revise_storyboard", {"storyboard_id": STORYBOARD, "shot": 3,
                               "action": "insert_after", "kind": "how_it_works"})]  # lifestyle


@pytest.mark.parametrize("text", ["mach aus Bild 2 ein Live-Bild, ohne Partikel",  # particles
                                  "make #2 a live image, no particles",
                                  "anima la 2 sin partículas"])
def test_no_particles_in_a_live_image(text: str) -> None:
    (args,) = _only("ads4", text, "animate_image")
    assert args["asset_id"] == ADS[1] and args["particles"] == "none"


# 10. Copy and several asks

def test_french_button_copy_after_a_colon_is_the_buttons() -> None:
    assert calls(turn("ads4", "change le texte du bouton sur la 3 : Je l'achète")) == [
        ("edit_image", {"asset_id": ADS[2], "cta": "Je l'achète"})]  # asked what to say


def test_a_german_comparative_after_an_image_number_changes_it() -> None:
    made = calls(turn("ads4", "lösch die 1 und mach die 3 heller"))  # #3 was lost
    assert [(n, a.get("asset_ids") or a.get("asset_id")) for n, a in made] == [
        ("delete_images", [ADS[0]]), ("edit_image", ADS[2])]
    assert made[1][1]["brightness"] > 0


# 11. The old and the new, platforms, corrected answers, wider

@pytest.mark.parametrize("text", ["vergleich mal die alte und die neue Version",  # asked which
                                  "compare the old one and the new version",
                                  "compare the new version with the old one"])
def test_the_old_and_the_new_version_are_the_latest_edit_and_its_original(text: str) -> None:
    assert calls(turn("ads4_edit", text)) == [
        ("compare_images", {"asset_ids": [EDITED[1], EDITED[4]]})]


@pytest.mark.parametrize(("text", "placement"), [
    ("amazon sponsored brands image from #1 please", "amazon-sb-custom-image"),  # asked
    ("pinterest pin from #1", "pin"),
])
def test_a_platform_before_image_is_no_description(text: str, placement: str) -> None:
    assert calls(turn("ads4", text)) == [
        ("edit_image", {"asset_id": ADS[0], "placement": placement})]


@pytest.mark.parametrize(("text", "number"), [
    ("the beachy looking one.. no wait, the water one", 3),  # asked
    ("#2, i mean #4", 4),
])
def test_an_answer_corrected_as_typed_takes_the_correction(text: str, number: int) -> None:
    (args,) = _only("asked_which", text, "edit_image")
    assert args["asset_id"] == ADS[number - 1] and args["warmth"] > 0


@pytest.mark.parametrize("text", ["make #4 wider, it's going on a website header",  # asked
                                  "a wider version of #4"])
def test_an_image_made_wider_is_landscape(text: str) -> None:
    assert calls(turn("ads4", text)) == [
        ("edit_image", {"asset_id": ADS[3], "placement": "landscape"})]


def test_a_wider_product_is_no_new_shape() -> None:
    assert all(a.get("placement") != "landscape"
               for _, a in calls(turn("ads4", "make the bottle wider on #2")))
