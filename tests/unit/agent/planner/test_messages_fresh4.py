"""Classes of everyday phrasing the language suite's ``fresh4`` found the planner missing.

Each test is a rule, checked on the kind of message that was answered wrongly and on
paraphrases in other words and languages. Conversations are the suite's (``ads4``: #1
hiking trail, #2 summer, #3 water splash, #4 industrial loft; ``ads8`` adds #5 studio,
#6 marble, #7 beach, #8 city night). The comment says what happened before.
"""

from __future__ import annotations

import pytest

from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads8").images
PHOTO = build_context("ads4").symbols()["@photo"]


def _carousel(context: str, text: str) -> dict[str, object]:
    made = calls(turn(context, text))
    assert [name for name, _ in made] == ["make_carousel"], made
    return made[0][1]


# 1. Carousels

@pytest.mark.parametrize(("text", "count"), [
    ("hazme un carrusel de cuatro tarjetas para insta", 4),  # 3 cards
    ("ein karussell mit fünf karten für insta bitte", 5),  # 3 cards
    ("un carrousel de 6 cartes pour LinkedIn", 6),  # 4 cards: the ideas ran out
    ("can u do a carousel, 5 cards, for insta", 5),  # 4 cards
    ("a carousel with seven slides", 7),
    ("carrusel de diez tarjetas", 10),
    ("un carrousel en huit cartes", 8),
])
def test_a_carousel_makes_as_many_cards_as_asked_in_any_language(text: str, count: int) -> None:
    args = _carousel("photo_brief", text)
    cards = args["cards"]
    assert isinstance(cards, list) and len(cards) == count
    assert len(set(cards)) == count and all(cards)


def test_cards_filled_past_the_ideas_close_with_a_call_to_action() -> None:
    cards = _carousel("photo_brief", "un carrousel de 6 cartes")["cards"]
    assert isinstance(cards, list)
    assert cards[:4] == ["Stay cold. Go far.", "Cold for 24 hours",
                         "Cold water all day on the trail", "Light enough for every hike"]
    assert cards[-1] == "Get yours today"


@pytest.mark.parametrize(("text", "cta", "theme"), [
    ("carousel pls, 3 cards, keep the hiking trail scene, button says 'Join the trail'",
     "Join the trail", "hiking-trail"),  # and the button was put on #1
    ("karussell im marmor-look, 3 slides, button 'Jetzt kaufen'", "Jetzt kaufen", "marble"),
    ("carrusel de 3 tarjetas en la playa, botón 'Cómpralo ya'", "Cómpralo ya", "beach"),
])
def test_a_button_named_in_a_carousel_ask_is_the_carousels_own(
        text: str, cta: str, theme: str) -> None:
    args = _carousel("ads4", text)
    assert args["cta"] == cta and args["theme"] == theme
    assert isinstance(args["cards"], list) and len(args["cards"]) == 3


@pytest.mark.parametrize("text", [
    "carousel on the beach, 4 slides, last one should say 'Get yours today'",  # asked which
    "carousel on the beach, 4 cards, the last card says 'Get yours today'",
])
def test_the_last_cards_line_closes_the_carousel(text: str) -> None:
    args = _carousel("ads4", text)
    cards = args["cards"]
    assert isinstance(cards, list) and len(cards) == 4 and cards[-1] == "Get yours today"
    assert args["theme"] == "beach"


@pytest.mark.parametrize(("text", "cards"), [
    ("multi-card ad for insta stories: a day hike in 3 cards — morning start, summit, sunset",
     ["Morning start", "Summit", "Sunset"]),  # the first card was lost
    ("a carousel in 3 slides - sunrise, lunch break, campfire",
     ["Sunrise", "Lunch break", "Campfire"]),
])
def test_cards_listed_after_a_dash_are_all_kept(text: str, cards: list[str]) -> None:
    assert _carousel("ads4", text)["cards"] == cards


@pytest.mark.parametrize("text", [
    "carousel for amazon sponsored brands pls, 4 cards",  # made where no text is allowed
    "fais un carrousel mais sans aucun texte sur les cartes",  # made with the ideas as text
    "a carousel with no text on the cards please",
])
def test_a_carousel_without_text_is_asked(text: str) -> None:
    assert calls(turn("photo_brief", text)) == []


@pytest.mark.parametrize("text", [
    "un carrusel para mis zapatillas nuevas",  # the product was named "Carrusel"
    "a carousel for my new sneakers",
    "ein Karussell für meine neuen Sneaker",
])
def test_a_carousel_before_any_photo_asks_for_it(text: str) -> None:
    reply = turn("new_text", text)
    assert reply.tool_calls == [] and "photo" in str(reply.content)


def test_a_carousel_named_with_a_new_photo_does_not_name_the_product() -> None:
    made = calls(turn("new_photo", "un carrusel para mis zapatillas nuevas"))
    assert made and made[0][1]["product_name"] == "Zapatillas nuevas"


def test_a_carousel_then_another_ask_keeps_both() -> None:
    made = calls(turn("ads4", "carousel, 3 cards, then make #2 warmer"))
    assert [n for n, _ in made] == ["make_carousel", "edit_image"]
    assert made[1][1]["asset_id"] == ADS[1]


# 2. Themes and placements

def _generated(context: str, text: str) -> list[dict[str, object]]:
    made = calls(turn(context, text))
    assert made and {name for name, _ in made} == {"generate_ad_images"}, made
    return [args for _, args in made]


@pytest.mark.parametrize("text", [
    "need two fresh ones for youtube, 16:9, that sunset-y golden light",  # theme auto
    "2 more in that golden light",
    "dos anuncios con luz dorada",
    "drei Anzeigen mit goldenem Licht",
    "deux visuels, lumière dorée",
])
def test_golden_light_is_the_golden_hour_theme(text: str) -> None:
    assert [a["theme"] for a in _generated("ads4", text)] == ["golden-hour"]


@pytest.mark.parametrize("text", [
    "dale!! dos anuncios navideños 🎄 con el titular 'Regala frío'",  # theme auto
    "zwei weihnachtlichen Anzeigen bitte",
    "dos anuncios navideños para ig",
])
def test_an_occasions_adjective_in_any_language_is_its_theme(text: str) -> None:
    assert [a["theme"] for a in _generated("photo_brief", text)] == ["winter-holidays"]


@pytest.mark.parametrize("text", [
    "go for it — 3 square + the same 3 as pins",  # square only
    "4 square ones, and the same 4 as pins",
    "3 cuadrados y los mismos 3 como pins",
])
def test_the_same_designs_as_pins_are_one_set_in_both_sizes(text: str) -> None:
    (args,) = _generated("photo_brief", text)
    assert args["placements"] == ["square", "pin"]


def test_pins_alone_are_the_pinterest_size() -> None:
    assert [a["placements"] for a in _generated("photo_brief", "make 4 pins")] == [["pin"]]


# 3. Several images named by scene words, numbers after a verb, several asks in German

@pytest.mark.parametrize(("text", "numbers"), [
    ("export the marble, beach and night ones", [6, 7, 8]),  # only the marble one
    ("download the studio, marble and beach ones", [5, 6, 7]),
    ("nur das mit dem strand und das nachtbild runterladen", [7, 8]),  # only the night one
    ("descarga la de mármol, la de playa y la nocturna", [6, 7, 8]),
    ("télécharge celles du marbre, de la plage et de nuit", [6, 7, 8]),
])
def test_every_image_a_download_names_by_its_scene_is_packed(
        text: str, numbers: list[int]) -> None:
    assert calls(turn("ads8", text)) == [
        ("download_images", {"asset_ids": [ADS[n - 1] for n in numbers]})]


def test_a_delete_of_scenes_listed_takes_every_one() -> None:
    assert calls(turn("ads8", "delete the marble, beach and night ones")) == [
        ("delete_images", {"asset_ids": [ADS[5], ADS[6], ADS[7]]})]


@pytest.mark.parametrize("text", ["delte the loft one, it's way too dark for summer",
                                  "delete the loft one because it's not summer enough"])
def test_a_scene_named_in_the_reason_is_not_deleted_too(text: str) -> None:
    assert calls(turn("ads4", text)) == [("delete_images", {"asset_ids": [ADS[3]]})]


def test_a_bare_image_after_another_ask_is_not_joined_to_a_compare() -> None:
    made = calls(turn("ads8", "compare la 5 et la 6, et anime la 7"))
    assert made == [("compare_images", {"asset_ids": [ADS[4], ADS[5]]}),
                    ("animate_image", {"asset_id": ADS[6]})]


@pytest.mark.parametrize(("text", "sizes"), [
    ("pásame el 1 a 9:16 y el 3 a 4:5", {1: "story", 3: "portrait"}),  # 1 and 3 new ads
    ("mets la 2 en 9:16 et la 4 en 4:5", {2: "story", 4: "portrait"}),
    ("make the 1 a story and the 2 a pin", {1: "story", 2: "pin"}),
])
def test_a_number_after_the_is_an_image_to_resize_not_a_count(
        text: str, sizes: dict[int, str]) -> None:
    made = calls(turn("ads4", text))
    assert made == [("edit_image", {"asset_id": ADS[n - 1], "placement": p})
                    for n, p in sizes.items()]


def test_counts_per_platform_are_still_new_ads() -> None:
    made = calls(turn("ads4", "3 for tiktok and 2 for youtube"))
    assert [(n, a["n"], a["placements"]) for n, a in made] == [
        ("generate_ad_images", 3, ["story"]), ("generate_ad_images", 2, ["widescreen"])]


def test_german_numbered_asks_with_a_gone_image_are_three_asks() -> None:
    # #2 and #3 were both made warmer and 9:16
    made = calls(turn("ads4", "Nr. 2 weg, Nr. 3 wärmer und von der 4 bitte ne 9:16 version"))
    assert made == [("delete_images", {"asset_ids": [ADS[1]]}),
                    ("edit_image", {"asset_id": ADS[2], "warmth": 0.35}),
                    ("edit_image", {"asset_id": ADS[3], "placement": "story"})]


@pytest.mark.parametrize("text", ["Nr. 1 weg und Nr. 2 kühler", "#1 gone, #2 cooler"])
def test_an_image_said_gone_is_deleted(text: str) -> None:
    made = calls(turn("ads4", text))
    assert made == [("delete_images", {"asset_ids": [ADS[0]]}),
                    ("edit_image", {"asset_id": ADS[1], "warmth": -0.35})]


def test_an_image_that_can_go_somewhere_is_not_deleted() -> None:
    assert calls(turn("ads4", "#3 can go on the beach")) == [
        ("edit_image", {"asset_id": ADS[2], "theme": "beach"})]


def test_an_image_numbered_nr_or_num_is_that_image() -> None:
    made = calls(turn("ads4", "la núm. 2 más cálida"))
    assert made == [("edit_image", {"asset_id": ADS[1], "warmth": 0.35})]


# 4. Arguments of live images and videos

@pytest.mark.parametrize(("text", "number", "options"), [
    ("can the summer one move? like a subtle loop, 5 sec", 2, {"seconds": 5.0}),  # no length
    ("animate #3. 4 seconds please", 3, {"seconds": 4.0}),
    ("live image of #2 but no shiny sweep on the bottle pls", 2, {"sheen": False}),  # sheen on
    ("anima la 2, sin destello en la botella", 2, {"sheen": False}),
    ("anime la 3 mais sans reflet sur la bouteille", 3, {"sheen": False}),
])
def test_a_live_images_length_and_sheen_are_its_arguments(
        text: str, number: int, options: dict[str, object]) -> None:
    assert calls(turn("ads4", text)) == [
        ("animate_image", {"asset_id": ADS[number - 1], **options})]


@pytest.mark.parametrize(("text", "seconds"), [
    ("ein zehn-sekunden-video fürs tiktok", 10),  # no length
    ("un video de quince segundos para tiktok", 15),
    ("une vidéo de vingt secondes", 20),
    ("a fifteen second video for reels", 15),
])
def test_a_videos_length_in_words_is_its_seconds(text: str, seconds: int) -> None:
    made = calls(turn("ads4", text))
    assert [n for n, _ in made] == ["write_storyboard"] and made[0][1]["seconds"] == seconds


# 5. The brand kit, stated

@pytest.mark.parametrize("text", [
    "heres our logo, use it on everything from now on",  # a product named "Logo"
    "here is my logo, put it on all the ads going forward",
    "aquí está nuestro logo, úsalo en todo",
    "hier ist unser Logo, bitte immer verwenden",
])
def test_an_uploaded_logo_said_to_be_ours_is_saved(text: str) -> None:
    attached = build_context("new_photo").symbols()["@attached"]
    assert calls(turn("new_photo", text)) == [("save_brand_kit", {"logo": attached})]


@pytest.mark.parametrize(("text", "font"), [
    ("notre police c'est Hanken Grotesk, garde-la", "hanken-grotesk"),  # every ad edited
    ("our font is Manrope, keep it", "manrope"),
    ("unsere Schrift ist Lato, bitte merken", "lato"),
    ("nuestra fuente es Fjalla One, guárdala", "fjalla-one"),
])
def test_our_font_stated_is_saved_to_the_brand_kit(text: str, font: str) -> None:
    assert calls(turn("ads4", text)) == [("save_brand_kit", {"font": font})]


def test_our_font_said_to_be_used_on_the_ads_is_saved_and_applied() -> None:
    made = calls(turn("ads4", "our font is Manrope, use it on all of them"))
    assert made[0] == ("save_brand_kit", {"font": "manrope"})
    assert made[1:] == [("edit_image", {"asset_id": a, "font": "manrope"}) for a in ADS[:4]]


def test_a_font_put_everywhere_without_saying_ours_edits_the_ads() -> None:
    made = calls(turn("ads4", "put the font lato everywhere"))
    assert made == [("edit_image", {"asset_id": a, "font": "lato"}) for a in ADS[:4]]


# 6. Questions

@pytest.mark.parametrize("text", [
    "whats the diff between a live image and a video ad",  # a storyboard was written
    "what's the diff between story and reel sizes",
    "cuál es la diferencia entre una imagen animada y un video",
    "was ist der Unterschied zwischen einem Live-Bild und einem Video",
    "quelle est la différence entre une image animée et une vidéo",
])
def test_a_question_about_the_difference_is_answered_not_acted_on(text: str) -> None:
    reply = turn("ads4", text)
    assert reply.tool_calls == [] and str(reply.content)


# 7. A shop is not a product

@pytest.mark.parametrize("text", [
    "necesito anuncios para mi tienda de velas, para ig",  # product "Velas"
    "fais-moi des pubs pour ma boutique de chandelles",
    "Werbung für meinen Laden mit Kerzen",
    "ads for my candle shop",
    "brauche Werbung für meinen Laden, für insta",
])
def test_a_shop_is_not_named_as_the_product(text: str) -> None:
    reply = turn("new_text", text)
    assert reply.tool_calls == [] and "product" in str(reply.content)


def test_a_product_of_ours_is_still_named() -> None:
    made = calls(turn("new_text", "ads for our new protein bar"))
    assert made[0] == ("update_brief", {"product_name": "Protein bar",
                                        "description": "ads for our new protein bar"})


# Storyboards

@pytest.mark.parametrize("text", [
    "after the opening shot could you pop in a close-up of the lid, two seconds-ish",
    "pop in a close-up shot of the lid after shot 1, 2 seconds",
])
def test_a_shot_popped_in_is_inserted(text: str) -> None:
    made = calls(turn("storyboard", text))
    assert len(made) == 1 and made[0][0] == "revise_storyboard"
    assert made[0][1]["action"] == "insert_after" and made[0][1]["shot"] == 1
    assert made[0][1]["seconds"] == 2


@pytest.mark.timeout(60)  # a hang guard against backtracking, not a speed goal (make bench)
def test_a_long_repetitive_message_is_read_without_hanging() -> None:
    text = ("the marble, " * 25 + "and the beach ones, 3 cards — a, b, c " * 3)[:300]
    for message in (text, "carousel " + "button 'x', " * 25, "nr. " * 75):
        assert turn("ads8", message).content or turn("ads8", message).tool_calls


# Other fresh4 classes: contradictions, file formats, undo and compare shorthand, copy,
# German and Spanish word order

@pytest.mark.parametrize("text", [
    "make #3 warmer but also cooler? like both at once",  # made cooler
    "haz la 3 más cálida y más fría a la vez",
    "make #2 brighter and darker",
])
def test_opposite_changes_to_one_image_at_once_are_asked(text: str) -> None:
    assert calls(turn("ads4", text)) == []


@pytest.mark.parametrize(("text", "made"), [
    ("make #2 cooler, not warmer", [("edit_image", {"asset_id": ADS[1], "warmth": -0.35})]),
    ("make #1 warmer and #2 cooler", [("edit_image", {"asset_id": ADS[0], "warmth": 0.35}),
                                     ("edit_image", {"asset_id": ADS[1], "warmth": -0.35})]),
])
def test_opposite_words_for_different_things_are_no_contradiction(
        text: str, made: list[tuple[str, dict[str, object]]]) -> None:
    assert calls(turn("ads4", text)) == made


@pytest.mark.parametrize("text", ["make #3 warmer and then undo it",  # made warmer
                                  "make #1 brighter, then revert it"])
def test_a_change_undone_in_the_same_message_is_asked(text: str) -> None:
    assert calls(turn("ads4", text)) == []


@pytest.mark.parametrize(("text", "numbers"), [
    ("can i grab #2 and #4 as pngs", [2, 4]),  # asked what to change
    ("je veux juste la 1 et la 4 en png", [1, 4]),
    ("quiero la 2 y la 3 en jpg", [2, 3]),
    ("#3 as a png please", [3]),
])
def test_images_asked_for_as_files_are_downloaded(text: str, numbers: list[int]) -> None:
    assert calls(turn("ads4", text)) == [
        ("download_images", {"asset_ids": [ADS[n - 1] for n in numbers]})]


def test_the_product_alone_as_a_png_is_no_download() -> None:
    made = calls(turn("ads4", "can I get just the bottle on its own, no backround, as a png"))
    assert not any(name == "download_images" for name, _ in made)


@pytest.mark.parametrize("text", ["ctrl+z lol", "cmd z", "strg+z"])
def test_the_undo_shortcut_undoes_the_latest_edit(text: str) -> None:
    edited = build_context("ads4_edit").images[-1]
    assert calls(turn("ads4_edit", text)) == [("revert_image", {"asset_id": edited})]


@pytest.mark.parametrize("text", ["before vs after on the warm edit pls",  # asked which
                                  "muéstrame el antes y después"])
def test_before_versus_after_compares_the_edit_with_its_original(text: str) -> None:
    images = build_context("ads4_edit").images
    assert calls(turn("ads4_edit", text)) == [
        ("compare_images", {"asset_ids": [images[1], images[4]]})]


@pytest.mark.parametrize(("text", "number", "field", "copy"), [
    ("headline on the 4th should be: Built for the long haul", 4, "headline",
     "Built for the long haul"),  # asked for the words
    ("headline on the 2nd should say Cold all day long", 2, "headline", "Cold all day long"),
    ("headline bei 2 ändern auf 'Kalt bis zum Gipfel'", 2, "headline", "Kalt bis zum Gipfel"),
    ("button bei 1 ändern auf 'Jetzt kaufen'", 1, "cta", "Jetzt kaufen"),
    ("titular de la 3 cambiar a 'Frío siempre'", 3, "headline", "Frío siempre"),
])
def test_copy_given_after_the_image_and_a_change_word_is_set(
        text: str, number: int, field: str, copy: str) -> None:
    assert calls(turn("ads4", text)) == [("edit_image", {"asset_id": ADS[number - 1],
                                                         field: copy})]


@pytest.mark.parametrize("text", [
    "kannst du den hintergrund vom produktfoto entfernen?",  # not understood
    "den Hintergrund vom Foto bitte entfernen",
])
def test_a_background_removal_said_verb_last_is_a_cutout(text: str) -> None:
    assert calls(turn("photo_brief", text)) == [("remove_background", {"product_image": PHOTO})]


@pytest.mark.parametrize("text", [
    "se ve una mano sujetando la botella, ¿la puedes quitar?",  # not understood
    "hay una mano en la foto, ¿puedes quitarla?",
])
def test_a_hand_then_can_you_remove_it_removes_the_hand(text: str) -> None:
    assert calls(turn("photo_brief", text)) == [("remove_hand", {"product_image": PHOTO})]


@pytest.mark.parametrize(("text", "tone"), [
    ("tone of voice: playful, a bit cheeky, never corporate. save that", "playful"),  # brief
    ("tono de voz: divertido, guárdalo", "playful"),
])
def test_a_tone_of_voice_said_to_be_saved_goes_to_the_brand_kit(text: str, tone: str) -> None:
    assert calls(turn("ads4", text)) == [("save_brand_kit", {"tone": tone})]


@pytest.mark.parametrize(("text", "number"), [
    ("mets nos couleurs sur la 1", 1),  # asked what to change
    ("put our colours on #1", 1),
    ("pon nuestros colores en la 2", 2),
])
def test_our_colours_put_on_an_ad_are_the_saved_brand_colours(text: str, number: int) -> None:
    ads = build_context("ads4_logo").images
    assert calls(turn("ads4_logo", text)) == [
        ("edit_image", {"asset_id": ads[number - 1], "brand_colors": ["#1F5F3A", "#F5EBDD"]})]


@pytest.mark.parametrize(("text", "args"), [
    ("ok c'est bon pour moi, tu peux tout m'exporter ?", {}),  # asked what to change
    ("tu peux m'exporter la 2 ?", {"asset_ids": [ADS[1]]}),
])
def test_exporter_is_a_download(text: str, args: dict[str, object]) -> None:
    assert calls(turn("ads4", text)) == [("download_images", args)]


@pytest.mark.parametrize("text", ["need #1 and #4 in 9:16 too",  # asked about #1
                                  "put #1 and #4 in 9:16 too",  # only #4 resized
                                  "i want #1 and #4 as stories"])
def test_a_list_after_a_plain_verb_takes_the_change_after_it(text: str) -> None:
    assert calls(turn("ads4", text)) == [
        ("edit_image", {"asset_id": ADS[0], "placement": "story"}),
        ("edit_image", {"asset_id": ADS[3], "placement": "story"})]


@pytest.mark.parametrize(("text", "tool"), [
    ("download both versions of the summer one", "download_images"),  # asked which
    ("compare both versions of the summer one", "compare_images"),
])
def test_both_versions_of_an_image_are_the_original_and_its_edit(text: str, tool: str) -> None:
    images = build_context("ads4_edit").images
    assert calls(turn("ads4_edit", text)) == [(tool, {"asset_ids": [images[1], images[4]]})]


def test_one_image_of_two_that_fit_is_still_asked() -> None:
    assert calls(turn("ads4_edit", "download the summer one")) == []


@pytest.mark.parametrize(("text", "args"), [
    ("save all except the first one", {"asset_ids": ADS[1:]}),  # asked what to change
    ("save them all", {}),
])
def test_saving_all_the_ads_downloads_them(text: str, args: dict[str, object]) -> None:
    assert calls(turn("ads8", text)) == [("download_images", args)]


def test_saving_to_the_brand_kit_is_no_download() -> None:
    made = calls(turn("ads8", "save all to the brand kit"))
    assert not any(name == "download_images" for name, _ in made)


@pytest.mark.parametrize(("text", "n", "theme"), [
    ("lets do 1 neon one for tiktok, cta 'Grab it'", 1, "neon-glow"),  # asked which image
    ("ok make 2 beach ones for insta", 2, "beach"),
])
def test_new_ones_counted_by_kind_after_lets_do_are_new_ads(text: str, n: int, theme: str) -> None:
    (args,) = _generated("ads4", text)
    assert args["n"] == n and args["theme"] == theme


def test_one_counted_with_a_change_is_still_an_image_to_change() -> None:
    assert not any(name == "generate_ad_images"
                   for name, _ in calls(turn("ads4", "make one blue one warmer")))


@pytest.mark.parametrize("text", [
    "celle qui est jaune, fond bleu marine",  # asked which one
    "la que es amarilla, fondo azul marino",
    "the one that is yellow, navy background",
])
def test_the_one_that_is_a_colour_is_the_image_of_that_colour(text: str) -> None:
    assert calls(turn("ads4", text)) == [
        ("edit_image", {"asset_id": ADS[1], "backdrop_color": "#1F2A44"})]


@pytest.mark.parametrize("text", [
    "ajoute un plan « comment ça marche » après le deuxième",  # asked what to change on #2
    "añade una escena «cómo funciona» después de la segunda",
    "add a how it works shot after the second",
])
def test_a_shot_of_a_kind_added_after_another_is_inserted(text: str) -> None:
    board = build_context("storyboard").symbols()["@storyboard"]
    assert calls(turn("storyboard", text)) == [("revise_storyboard", {
        "storyboard_id": board, "shot": 2, "action": "insert_after", "kind": "how_it_works"})]


@pytest.mark.parametrize(("text", "number"), [
    ("darken the bg on 3 a touch", 3),  # asked what to change
    ("brighten the background of #2 a bit", 2),
    ("lighten the backdrop on the loft one", 4),
])
def test_a_look_verb_on_the_background_changes_the_background(text: str, number: int) -> None:
    made = calls(turn("ads4", text))
    assert len(made) == 1 and made[0][0] == "edit_image"
    assert made[0][1]["asset_id"] == ADS[number - 1] and "backdrop_color" in made[0][1]


@pytest.mark.parametrize(("text", "box"), [
    ("the cutout grabbed part of the table, only keep what's inside 120,80,860,1400",
     [120, 80, 860, 1400]),  # asked what to do
    ("remove the background, product is in the box 10, 20, 500, 900", [10, 20, 500, 900]),
])
def test_a_box_given_for_the_cutout_is_its_box(text: str, box: list[int]) -> None:
    assert calls(turn("photo_brief", text)) == [
        ("remove_background", {"product_image": PHOTO, "box": box})]


def test_a_box_without_area_is_asked() -> None:
    assert calls(turn("photo_brief", "cutout inside 500,80,100,1400")) == []


# What a review of these rules found them doing to other messages

@pytest.mark.parametrize("text", [
    "change the background to navy in 1,2,3,4",
    "make the background darker in 1, 2, 3, 4 please",
])
def test_numbers_after_in_are_images_not_a_cutout_box(text: str) -> None:
    assert "remove_background" not in [name for name, _ in calls(turn("ads4", text))]


@pytest.mark.parametrize(("text", "name"), [
    ("10 ads for our brand new protein bar", "Brand new protein bar"),
    ("ads for our business card holder", "Business card holder"),
])
def test_a_product_named_with_a_shop_word_is_still_the_product(text: str, name: str) -> None:
    made = dict(calls(turn("new_photo", text)))
    assert made["update_brief"]["product_name"] == name


@pytest.mark.parametrize("text", ["save all the brand settings", "save everything for later"])
def test_saving_settings_is_no_download(text: str) -> None:
    assert "download_images" not in [name for name, _ in calls(turn("ads4", text))]


def test_no_headline_with_short_lines_is_still_a_carousel() -> None:
    args = _carousel("photo_brief", "make a carousel, 3 cards, no headline just short punchy lines")
    assert len(args["cards"]) == 3  # type: ignore[arg-type]


def test_a_closing_card_asked_for_is_the_only_closing_card() -> None:
    args = _carousel("photo_brief", "make a carousel, 8 cards, last one should say 'Shop now'")
    cards = args["cards"]
    assert isinstance(cards, list) and len(cards) == 8 and cards[-1] == "Shop now"
    assert "Get yours today" not in cards


def test_a_rank_written_with_a_number_sign_is_no_image() -> None:
    # "n°1 des ventes" is the best-seller rank, a headline idea for #2, not image #1
    made = calls(turn("ads4", "n°1 des ventes en titre sur le 2"))
    assert all(args.get("asset_id") != ADS[0] for _, args in made), made


@pytest.mark.parametrize("text", [
    "the campaign starts on the 1st of december, make 3 christmas ads for instagram and 2 for "
    "tiktok",
    "la campaña empieza el 1 de diciembre, haz 3 anuncios navideños para instagram y 2 para "
    "tiktok",
    "la campagne commence le 1er décembre, fais 3 pubs de noël pour instagram et 2 pour tiktok",
])
def test_a_date_names_no_image(text: str) -> None:
    # the day of a date made "2 for tiktok" a resize of image #2
    made = calls(turn("ads4", text))
    assert [(name, args.get("n")) for name, args in made] == [
        ("generate_ad_images", 3), ("generate_ad_images", 2)], made


@pytest.mark.parametrize("text", [
    "make #2 brighter with darker shadows",
    "brighter whites and darker blacks on #1",
])
def test_opposite_words_on_different_parts_are_no_contradiction(text: str) -> None:
    assert [name for name, _ in calls(turn("ads4", text))] == ["edit_image"]
