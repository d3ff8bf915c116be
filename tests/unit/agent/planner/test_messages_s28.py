"""Classes of everyday phrasing the language suite's ``fresh13`` found the planner getting wrong.

Each test is a rule, checked on sentences written for it (not the suite's) and in other
languages. Conversations are the suite's (``ads4``: #1 hiking trail, #2 summer, #3 water
splash, #4 industrial loft; ``ads8`` adds #5 studio, #6 marble, #7 beach, #8 city night;
``ads4_edit`` adds #5, a warmer version of #2; ``storyboard`` has a 4-shot storyboard;
``new_photo`` carries a photo; ``photo_brief`` has a photo and a brief). The comment says
what happened before.
"""

from __future__ import annotations

import pytest

from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import asks, only

ADS = build_context("ads8").images
EDITED = build_context("ads4_edit").images


# 1. Number words past ten count cards: a carousel of fifteen is past what it takes

@pytest.mark.parametrize("text", [
    "a carousel with fourteen cards, one per destination",  # made a 3-card carousel
    "ein Karussell mit sechzehn Karten bitte",
    "un carrusel de trece tarjetas, una por producto",
    "un carrousel de quatorze cartes",
    "un carosello di quindici schede",
    "um carrossel de dezoito cartões",
    "een carrousel van twaalf kaarten",
])
def test_a_carousel_of_more_than_ten_cards_is_asked_back(text: str) -> None:
    assert "2 to 10 cards" in asks("ads4", text)


# 2. "advertisements", "adverts" are ads, counted

@pytest.mark.parametrize(("text", "n"), [
    ("We would like two advertisements for Instagram, please.", 2),  # made 4
    ("could you do five adverts for the feed", 5),
])
def test_advertisements_are_counted_ads(text: str, n: int) -> None:
    (args,) = only("photo_brief", text, "generate_ad_images")
    assert args["n"] == n


# 3. A moving picture or photo of an ad: a live image of that ad

@pytest.mark.parametrize(("text", "asset", "particles"), [
    # made 4 new ads
    ("turn the splash one into a little moving picture with sparkles", 2, "sparkles"),
    ("the loft ad with snow falling, as a moving photo", 3, "snow"),
])
def test_a_live_version_animates_the_ad(text: str, asset: int, particles: str | None) -> None:
    (args,) = only("ads4", text, "animate_image")
    assert args["asset_id"] == ADS[asset]
    if particles:
        assert args["particles"] == particles


# 4. A small line under the headline is the subline, not a new headline

@pytest.mark.parametrize(("text", "copy"), [
    ("On #2, keep the headline but add a short line below it: 'Free refills in store'",  # headline
     "Free refills in store"),
    ("#2: add a line under the headline saying 'Ships in 24 h'", "Ships in 24 h"),
    ("Auf die 2 bitte eine kleine Zeile darunter: 'Versand in 24 h'", "Versand in 24 h"),
    ("Sur la 2, une petite ligne en dessous : 'Livraison offerte'", "Livraison offerte"),
    ("Na de 2 een kleine regel eronder: 'Gratis verzending'", "Gratis verzending"),
])
def test_a_line_under_the_headline_is_the_subline(text: str, copy: str) -> None:
    (args,) = only("ads4", text, "edit_image")
    assert args["asset_id"] == ADS[1]
    assert args.get("subline") == copy
    assert "headline" not in args


# 5. Dutch: ranges "1 t/m 3", the background taken away with the verb last, "allerlaatste"

@pytest.mark.parametrize(("text", "assets"), [
    ("Download 2 t/m 4 graag", [1, 2, 3]),  # downloaded #2 only
    ("download 1 tot en met 3", [0, 1, 2]),
])
def test_a_dutch_range_is_every_image_in_it(text: str, assets: list[int]) -> None:
    (args,) = only("ads4", text, "download_images")
    assert args["asset_ids"] == [ADS[i] for i in assets]


@pytest.mark.parametrize("text", [
    "wil je eerst de achtergrond weghalen? het is onze nieuwe lamp",  # made 4 ads
    "kunnen jullie de achtergrond verwijderen, dit is onze fietstas",
])
def test_dutch_background_removal_with_the_verb_last(text: str) -> None:
    only("new_photo", text, "remove_background")


@pytest.mark.parametrize("text", [
    "de allerlaatste in Pinterest-formaat",
    "la toute dernière au format story",  # made all four
    "l'ultimissima in formato storia",
])
def test_the_very_last_is_the_last_image(text: str) -> None:
    (args,) = only("ads4_edit", text, "edit_image")
    assert args["asset_id"] == EDITED[4]


# 6. "after shot 2 an extra shot": one shot inserted, not shot 2 changed

@pytest.mark.parametrize(("text", "shot", "kind"), [
    ("after shot 2 another close-up shot of 3 seconds", 2, "feature"),  # changed shot 2
    ("Na shot 1 een extra lifestyle-shot van 3 seconden", 1, "lifestyle"),
])
def test_an_extra_shot_after_one_is_inserted(text: str, shot: int, kind: str) -> None:
    (args,) = only("storyboard", text, "revise_storyboard")
    assert args["shot"] == shot and args["action"] == "insert_after" and args["kind"] == kind


# 7. Music or a voiceover: no tool adds sound, said so, nothing made

@pytest.mark.parametrize("text", [
    "can we put some upbeat music on the video, something summery",  # wrote a storyboard
    "add a voiceover reading the headline",
    "Könnt ihr bitte noch Musik unter das Video legen?",
    "pon música de fondo en el vídeo, algo alegre",
    "ajoutez une musique douce à la vidéo",
    "metti una musica allegra nel video",
    "coloca uma música romântica no vídeo",
    "zet er een vrolijk muziekje onder",
])
def test_sound_is_explained_not_guessed(text: str) -> None:
    assert "silent" in asks("storyboard", text)


def test_a_music_festival_is_no_sound() -> None:
    (args,) = only("photo_brief", "3 ads for our music festival", "generate_ad_images")
    assert args["n"] == 3


# 8. Copy claiming scarcity the message itself says is untrue is refused

@pytest.mark.parametrize("text", [
    "headline 'Only 2 tickets left!' on #1 (there's loads left honestly)",  # edited it
    "put 'Only 5 bikes left' on all of them, we have about 300 in the warehouse haha",
])
def test_admitted_false_scarcity_is_refused(text: str) -> None:
    assert "untrue" in asks("ads4", text)


def test_scarcity_not_contradicted_is_put_on() -> None:
    (args,) = only("ads4", "headline 'Only 5 left' on #3", "edit_image")
    assert args["headline"] == "Only 5 left"


# 9. A colour code after a colour name is the exact colour meant

@pytest.mark.parametrize(("text", "code"), [
    ("Could you make the background of #2 a dark forest green, #1E4D2B?", "#1E4D2B"),  # #1B3F2A
    ("Hintergrund der 2 bitte in Dunkelblau, also #102040", "#102040"),
])
def test_a_typed_colour_code_wins_over_its_name(text: str, code: str) -> None:
    (args,) = only("ads4", text, "edit_image")
    assert args["asset_id"] == ADS[1] and args["backdrop_color"] == code


# 10. Only "a better version", nothing said of how: asked back, nothing made

@pytest.mark.parametrize("text", [
    "could you make a better version of it",  # made 4 new ads
    "Mach eine bessere Version davon",
    "haz una versión mejor, porfa",
    "faites-en une meilleure version",
    "fammi una versione migliore",
    "faz uma versão melhor",
    "maak er een betere versie van",
])
def test_a_better_version_unsaid_is_asked(text: str) -> None:
    assert "Better in what way" in asks("ads4", text)


def test_a_better_version_with_its_change_is_made() -> None:
    (args,) = only("ads4", "a better version of #3 with a darker background please",
                    "edit_image")
    assert args["asset_id"] == ADS[2] and args["backdrop_color"]


# 11. "before we make anything, …": the step asked first, no ads made

@pytest.mark.parametrize("text", [
    "before you make anything, cut the bottle out of my photo please",  # made 4 ads too
    "before we generate any ads could you remove the background from the product shot",
])
def test_a_step_before_making_anything_makes_nothing_else(text: str) -> None:
    only("photo_brief", text, "remove_background")


# 12. "make 2 on the beach and 3 on marble": counts of new ads, one per scene

@pytest.mark.parametrize(("text", "counts"), [
    ("make 1 in the snow and 3 on marble", [1, 3]),  # edited #1 and #3
    ("create 3 at the beach and 2 in a forest", [3, 2]),
])
def test_counts_before_scenes_are_new_ads(text: str, counts: list[int]) -> None:
    made = only("ads8", text, "generate_ad_images")
    assert [args["n"] for args in made] == counts
    assert len({args["theme"] for args in made}) == 2


# 13. "the headline say X and the button say Y", typed lower-case: both are copy

def test_headline_and_button_copy_typed_lowercase() -> None:
    (args,) = only("ads4", "on the loft one can the headline say built for the city and the "
                    "button say find a store", "edit_image")  # the headline was dropped
    assert args["asset_id"] == ADS[3]
    assert args["headline"].lower() == "built for the city"
    assert args["cta"].lower() == "find a store"
