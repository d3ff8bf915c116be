"""Messages with several asks, lists and follow-ups, as marketers type them.

Expected calls come from what each message asks for, in the suite's known conversations
(``ads4``: #1 hiking trail, #2 summer, #3 water splash (blue), #4 industrial loft).
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.planner.local import LocalPlanner
from agent.planner.naming import product_phrase
from evals.language.cases import Case, Expect
from evals.language.contexts import LOGO, build_context
from evals.language.harness import run_case
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads4").images
ADS8 = build_context("ads8").images


def whole_turn(context: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    """Every call of the turn, tool results included (follow-up steps run too)."""
    case = Case(id="t", lang="en", intent="multi", context=context, text=text,
                expect=Expect(none=True))
    made, _, _ = run_case(LocalPlanner(), case)
    return [(c["name"], c["args"]) for c in made]


def test_each_line_is_its_own_ask() -> None:
    made = calls(turn("ads4", "headline bei #3 weg\ncta bei #2 auf 'Jetzt kaufen'\n#1 fürs "
                              "youtube format"))
    assert ("edit_image", {"asset_id": ADS[2], "headline": ""}) in made
    assert ("edit_image", {"asset_id": ADS[1], "cta": "Jetzt kaufen"}) in made
    assert ("edit_image", {"asset_id": ADS[0], "placement": "widescreen"}) in made
    assert len(made) == 3


def test_a_comma_before_another_image_starts_another_ask() -> None:
    made = calls(turn("ads4", "hey so a few things: #1 needs to be 4:5, #2 remove the headline"))
    assert made == [("edit_image", {"asset_id": ADS[0], "placement": "portrait"}),
                    ("edit_image", {"asset_id": ADS[1], "headline": ""})]


def test_a_finished_ask_is_not_joined_to_the_next_images_change() -> None:
    made = calls(turn("ads4_logo", "logo on 2 and 3, bigger product on 3"))
    assert made == [
        ("edit_image", {"asset_id": ADS[1], "logo": LOGO}),
        ("edit_image", {"asset_id": ADS[2], "logo": LOGO, "product_scale": 1.2}),
    ]


def test_a_list_of_images_shares_its_change() -> None:
    made = calls(turn("ads4", "make #2, #4 warmer"))
    assert sorted(a["asset_id"] for _, a in made) == [ADS[1], ADS[3]]


def test_emoji_and_then_words_split_in_spanish_and_french() -> None:
    made = whole_turn("ads4", "efface la 4, pis rends la 1 plus chaude, pis fais-en 2 autres "
                              "sur la plage")
    names = [name for name, _ in made]
    assert ("delete_images", {"asset_ids": [ADS[3]]}) in made
    assert ("edit_image", {"asset_id": ADS[0], "warmth": 0.35}) in made
    assert names.count("generate_ad_images") == 1
    generated = next(a for n, a in made if n == "generate_ad_images")
    assert generated["n"] == 2 and generated["theme"] == "beach"


def test_counts_per_placement_make_one_generation_each() -> None:
    made = calls(turn("photo_brief", "make 6 for pinterest and 2 for youtube"))
    assert [(a["n"], a["placements"]) for _, a in made] == [(6, ["pin"]), (2, ["widescreen"])]


def test_numbers_with_sizes_resize_those_images() -> None:
    made = calls(turn("ads4", "make 3 tiktok size, 1 youtube size and 4 a linkedin post"))
    assert made == [("edit_image", {"asset_id": ADS[2], "placement": "story"}),
                    ("edit_image", {"asset_id": ADS[0], "placement": "widescreen"}),
                    ("edit_image", {"asset_id": ADS[3], "placement": "landscape"})]


@pytest.mark.parametrize(
    ("text", "count"),
    [("nos couleurs de marque c'est bordeaux et beige maintenant", 2),
     ("new brand colours: navy + white", 2),
     ("nuevos colores de marca: rojo y blanco", 2)],
)
def test_brand_colour_lists_keep_every_colour(text: str, count: int) -> None:
    made = calls(turn("ads4_logo", text))
    kit = next(a for name, a in made if name == "save_brand_kit")
    assert len(kit["colors"]) == count


def test_save_colours_then_ads_in_them() -> None:
    made = calls(turn("photo_brief", "save brand colors navy + white, then 4 creatives 4x5 in "
                                     "them"))
    saved = next(a for name, a in made if name == "save_brand_kit")
    ads = next(a for name, a in made if name == "generate_ad_images")
    assert ads["n"] == 4 and ads["placements"] == ["portrait"]
    assert ads["brand_colors"] == saved["colors"]


def test_the_saved_kit_is_used_on_request() -> None:
    kit = build_context("ads4_logo")
    made = calls(turn("ads4_logo", "use our brand colours on the first two"))
    assert [a["asset_id"] for _, a in made] == kit.images[:2]
    assert all(a["brand_colors"] for _, a in made)


@pytest.mark.parametrize(
    ("text", "name"),
    [("oh sorry! it's a ceramic plant pot, handmade, for mothers day gifts", "ceramic plant pot"),
     ("new sku: collapsible silicone lunch box 1.2L, target office workers", "collapsible "
      "silicone lunch box 1.2L"),
     ("need 10 creatives for our protein bar launch asap", "protein bar"),
     ("quiero 6 anuncios para mi marca de salsas para Instagram", "salsas"),
     ("c'est une gourde isotherme 750 ml pour nos clients", "gourde isotherme 750 ml"),
     ("Hi, I sell handmade soy candles in amber jars", "handmade soy candles in amber jars"),
     ("voilà la photo, fais des pubs", ""),
     ("aquí tienes la foto", "")],
)
def test_the_product_is_what_the_brief_says_it_is(text: str, name: str) -> None:
    assert product_phrase(text) == name


def test_a_subline_and_a_replaced_button() -> None:
    assert calls(turn("ads4", "subline on 3: 'Cold for 24 hours. Seriously.'")) == [
        ("edit_image", {"asset_id": ADS[2], "subline": "Cold for 24 hours. Seriously."})]
    made = calls(turn("ads4", "change 'Shop now' to 'Grab yours' on all four"))
    assert sorted(a["asset_id"] for _, a in made) == sorted(ADS)
    assert all(a == {"asset_id": a["asset_id"], "cta": "Grab yours"} for _, a in made)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("lösch die letzten beiden", [7, 8]),
     ("die letzten drei bitte löschen", [6, 7, 8]),
     ("supprime les deux dernières", [7, 8])],
)
def test_deleting_images_in_other_languages(text: str, numbers: list[int]) -> None:
    made = calls(turn("ads8", text))
    assert made == [("delete_images", {"asset_ids": [ADS8[n - 1] for n in numbers]})]


def test_removing_the_logo_is_no_delete() -> None:
    assert all(name != "delete_images" for name, _ in calls(turn("ads4_logo",
                                                                 "delete the logo on #2")))


def test_later_asks_work_on_what_the_first_made() -> None:
    made = whole_turn("ads4", "resize the blue one for insta stories and then download it")
    assert made[0] == ("edit_image", {"asset_id": ADS[2], "placement": "story"})
    assert made[1][0] == "download_images" and len(made[1][1]["asset_ids"]) == 1
    assert made[1][1]["asset_ids"][0] not in ADS  # the new story version, not the original


def test_ads_and_a_cutout_in_one_brief() -> None:
    made = whole_turn("new_photo", "new product: cold brew coffee concentrate 1L for busy "
                                   "commuters. 6 ads for instagram feed + cut out the background")
    names = [name for name, _ in made]
    assert names[:3] == ["update_brief", "extract_features", "generate_ad_images"]
    assert "remove_background" in names
    assert next(a for n, a in made if n == "generate_ad_images")["n"] == 6


def test_quoted_storyboard_copy_is_never_read_as_a_change() -> None:
    made = whole_turn("storyboard", "end card text -> 'Shop the drop', shot 3 camera push in "
                                    "instead of pan, then render")
    revisions = [a for name, a in made if name == "revise_storyboard"]
    assert all(r.get("action") != "remove" for r in revisions)
    assert {"text": "Shop the drop"}.items() <= revisions[0].items()
    assert revisions[1]["shot"] == 3 and revisions[1]["camera"] == "push_in"
    assert made[-1][0] == "generate_video"


@pytest.mark.parametrize(
    ("text", "n", "theme"),
    [("could I have half a dozen for pinterest please", 6, None),
     ("ooh could you do one in a halloween style? just the one for now", 1, "halloween"),
     ("can i get some moodier ones? maybe 3?", 3, "studio-dark")],
)
def test_counts_without_a_noun_make_new_images(text: str, n: int, theme: str | None) -> None:
    made = calls(turn("ads4", text))
    assert [name for name, _ in made] == ["generate_ad_images"]
    assert made[0][1]["n"] == n
    if theme:
        assert made[0][1]["theme"] == theme


def test_a_product_noun_is_no_theme() -> None:
    made = calls(turn("ads4", "im dunklen bild die flasche größer"))
    assert made == [("edit_image", {"asset_id": ADS[3], "product_scale": 1.2})]


def test_a_complaint_beside_an_undo_is_only_its_reason() -> None:
    made = calls(turn("ads4_edit", "oh no, that's gone far too orange, could you undo it please"))
    assert [name for name, _ in made] == ["revert_image"]


@pytest.mark.parametrize(
    "text",
    ['4 ads, the copy should say "Meet your new favourite mug"',
     "make 4 ads. headline 'It's a bottle. It's a vibe.'"],
)
def test_quoted_copy_never_names_the_product(text: str) -> None:
    assert product_phrase(text) == ""


def test_brand_colours_without_a_saved_kit_are_asked_for() -> None:
    reply = turn("ads4", "4 more with our brand colours")
    assert not reply.tool_calls and "brand colours" in reply.text


@pytest.mark.parametrize(
    ("text", "deleted"),
    [("keep #1, trash #4", [4]), ("#2 is perfect. delete #4", [4]),
     ("delete all but the blue one", [1, 2, 4])],
)
def test_deletes_take_only_what_is_meant(text: str, deleted: list[int]) -> None:
    assert calls(turn("ads4", text)) == [
        ("delete_images", {"asset_ids": [ADS[n - 1] for n in deleted]})]


@pytest.mark.parametrize(
    ("text", "change"),
    [("change shot 3 text to 'Don't remove it'", {"shot": 3, "text": "Don't remove it"}),
     ("remove the text on shot 2", {"shot": 2, "text": ""}),
     ("cut shot 2 to 2 seconds", {"shot": 2, "seconds": 2.0})],
)
def test_shot_changes_that_remove_no_shot(text: str, change: dict[str, Any]) -> None:
    made = calls(turn("storyboard", text))
    assert len(made) == 1 and made[0][0] == "revise_storyboard"
    assert change.items() <= made[0][1].items() and "action" not in made[0][1]


@pytest.mark.parametrize("text", ["make #1 super bright", "#1 with a really cold feel",
                                  "2 more with a warm tone"])
def test_grading_words_pick_no_scene(text: str) -> None:
    assert all(a.get("theme") in (None, "auto") for _, a in calls(turn("ads4", text)))


def test_a_long_run_of_words_is_read_quickly() -> None:
    from agent.planner.actions import find_action

    assert find_action("first , " + "and" * 400 + "!") is None  # no exponential backtracking


@pytest.mark.parametrize(
    ("text", "deleted"),
    [("Supprime l'image 3 s'il te plaît", 3), ("borra la imagen 4", 4), ("lösche Bild 3", 3)],
)
def test_delete_image_n_in_other_languages(text: str, deleted: int) -> None:
    assert calls(turn("ads4", text)) == [("delete_images", {"asset_ids": [ADS[deleted - 1]]})]


def test_a_one_word_undo_in_german() -> None:
    assert [name for name, _ in calls(turn("ads4_edit", "rückgängig"))] == ["revert_image"]


def test_a_leading_description_names_the_image_of_the_next_ask() -> None:
    made = calls(turn("ads8", "the one on marble, make the product bigger"))
    assert made == [("edit_image", {"asset_id": ADS8[5], "product_scale": 1.2})]


def test_ok_render_it_renders() -> None:
    assert [name for name, _ in calls(turn("storyboard", "ok render it"))] == ["generate_video"]


def test_heres_our_new_product_names_the_product() -> None:
    assert product_phrase("hi! heres our new hoodie, heavy cotton fleece, 450gsm") == "hoodie"


def test_numbers_with_a_change_each_are_separate_asks() -> None:
    made = calls(turn("ads4", "1 warmer 2 cooler 3 darker 4 brighter lol sorry thats a lot"))
    assert made == [("edit_image", {"asset_id": ADS[0], "warmth": 0.35}),
                    ("edit_image", {"asset_id": ADS[1], "warmth": -0.35}),
                    ("edit_image", {"asset_id": ADS[2], "brightness": -0.3}),
                    ("edit_image", {"asset_id": ADS[3], "brightness": 0.3})]


def test_a_list_of_descriptions_after_one_with() -> None:
    made = calls(turn("ads8", "tu peux me telecharger celles avec la plage et le marbre ?"))
    assert made == [("download_images", {"asset_ids": [ADS8[6], ADS8[5]]})]


def test_a_smudge_and_get_rid_of_it_is_a_retouch_not_a_delete() -> None:
    made = calls(turn("ads8", "theres a weird smudge top right on the marble one, can you get "
                              "rid of it"))
    assert [name for name, _ in made] == ["edit_image"]
    assert made[0][1]["asset_id"] == ADS8[5] and made[0][1]["remove_region"][1] == 0.0


@pytest.mark.parametrize(
    ("text", "placement"),
    [("Des neue bitte no im Insta-Story-Format, danke vielmals", "story"),
     ("pásame la que acabas de hacer a tamaño 4:5 pa instagram", "portrait")],
)
def test_a_platform_default_gives_way_to_the_size_named(text: str, placement: str) -> None:
    edited = build_context("ads4_edit").images[4]
    assert calls(turn("ads4_edit", text)) == [
        ("edit_image", {"asset_id": edited, "placement": placement})]


@pytest.mark.parametrize(
    "text",
    ["would the yellow one work better as a story? just wondering, dont change anything yet",
     "c'est quoi la différence entre un format story pis un format portrait?"],
)
def test_questions_about_the_ads_change_nothing(text: str) -> None:
    assert not turn("ads4", text).tool_calls


def test_two_banner_sizes_named_by_size_are_both_kept() -> None:
    from agent.planner.intents import find_placements

    assert sorted(find_placements("1 more as a 300x250 and a 728x90 banner")) == [
        "leaderboard", "medium-rectangle"]


@pytest.mark.parametrize(("text", "numbers"), [
    ("make the 2nd and 3rd warmer", [2, 3]),  # asked what to change on #2, #3 left alone
    ("make the first two and the last one warmer", [1, 2, 4]),  # only #4 was made warmer
    ("make the last two and the first one warmer", [1, 3, 4]),
    ("the 1st and 4th warmer pls", [1, 4]),
])
def test_ordinals_and_edges_joined_by_and_share_the_change(text: str, numbers: list[int]) -> None:
    made = calls(turn("ads4", text))
    assert sorted(a["asset_id"] for _, a in made) == [ADS[n - 1] for n in numbers]
    assert all(name == "edit_image" and a["warmth"] > 0 for name, a in made)


@pytest.mark.parametrize(("text", "numbers"), [
    ("delete the 2nd", [2]),  # read as "remove something from an image": it asked where
    ("remove the 2nd one", [2]),
    ("delete the 1st and 3rd", [1, 3]),
])
def test_an_image_named_by_a_digit_ordinal_is_deleted(text: str, numbers: list[int]) -> None:
    assert calls(turn("ads4", text)) == [
        ("delete_images", {"asset_ids": [ADS[n - 1] for n in numbers]})]


def test_a_deletion_by_ordinal_then_an_edit_are_both_done() -> None:
    assert calls(turn("ads4", "delete the 2nd and make the 3rd warmer")) == [
        ("delete_images", {"asset_ids": [ADS[1]]}),
        ("edit_image", {"asset_id": ADS[2], "warmth": pytest.approx(0.35)}),
    ]


@pytest.mark.parametrize("text", [
    "remove the 2nd and 3rd words of the headline",  # deleted image #2
    "remove the 1st and 3rd lines of text",
])
def test_ordinals_naming_parts_of_the_copy_delete_no_image(text: str) -> None:
    assert not any(name == "delete_images" for name, _ in calls(turn("ads4", text)))


@pytest.mark.parametrize(("text", "numbers"), [
    ("make the first two warmer, not the last one", [1, 2]),  # #4 was warmed too
    ("make the first two warmer than the last one", [1, 2]),
    ("make the first two and last one warmer", [1, 2, 4]),  # #4 was left out silently
])
def test_the_single_edge_image_joins_only_when_it_is_asked_for(
        text: str, numbers: list[int]) -> None:
    made = calls(turn("ads4", text))
    assert sorted(a["asset_id"] for _, a in made) == [ADS[n - 1] for n in numbers]
