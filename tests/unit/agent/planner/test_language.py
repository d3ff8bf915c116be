"""Reading messages into the planner's English: languages, typos, colours, platforms, requests."""

from __future__ import annotations

import pytest

from agent.planner.language import basic_colour, colour_hex, detect, platform_placement, read
from agent.planner.segments import split_requests


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Peux-tu rendre la deuxième image plus lumineuse ?", "fr"),
        ("Haz la cuarta en formato historia", "es"),
        ("Bitte die Überschrift bei Bild 1 ändern", "de"),
        ("scrivi il titolo in italiano per la seconda", "it"),
        ("thrid one is perfect, make it a 728 banner", "en"),
        ("make the bottle pop more", "en"),
    ],
)
def test_the_language_is_recognised(text: str, lang: str) -> None:
    assert detect(text) == lang


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Peux-tu rendre la deuxième image plus lumineuse ?", ["second", "brighter"]),
        ("Haz la cuarta en formato historia", ["fourth", "story"]),
        ("Bitte die Überschrift bei Bild 1 ändern", ["headline", "image 1", "change"]),
        ("secnd one warmr pls", ["second", "warmer"]),
        ("make the backround navy", ["background", "navy"]),
    ],
)
def test_other_languages_and_typos_read_as_english(text: str, words: list[str]) -> None:
    english = read(text).text
    assert all(word in english for word in words), english


def test_quoted_copy_is_never_translated_or_corrected() -> None:
    reading = read("Bitte die Überschrift bei Bild 1 ändern: 'Kalt bis zum Gipfel'")
    assert "'Kalt bis zum Gipfel'" in reading.text
    assert "headline" in reading.text


def test_a_known_word_is_not_corrected_into_another() -> None:
    assert read("make it lighter").text == "make it lighter"  # not "brighter" by edit distance


@pytest.mark.parametrize(
    ("name", "family"),
    [("navy", "navy"), ("forest green", "green"), ("dark blue", "navy"), ("burgundy", "red"),
     ("turquoise", "teal"), ("off-white", "white"), ("mustard", "gold")],
)
def test_every_css_name_and_the_extras_are_colours(name: str, family: str) -> None:
    value = colour_hex(name)
    assert value is not None and value.startswith("#") and len(value) == 7
    assert basic_colour(value) in {family, {"red": "brown"}.get(family, family)}


def test_platforms_map_to_placements() -> None:
    assert platform_placement("one for tiktok, one for linkedin and a pinterest pin") == [
        "story", "landscape", "pin",
    ]
    assert platform_placement("make it for the insta story") == ["story"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("make #2 warmer and give me 2 more", 2),
        ("first and third: change the button to 'Get yours'", 1),
        ('add the headline "Stay cold. Go far." to #1', 1),
        ("make #3 a story. also make #1 brighter", 2),
        ("the splash one, but make the whole thing feel more premium", 1),
    ],
)
def test_a_message_splits_into_its_requests(text: str, count: int) -> None:
    assert len(split_requests(read(text).text)) == count


# Issue 19: word families of German (with Swiss and Austrian), Spanish, French and Italian:
# throwing out, counts in words, themes, motion, comparison, undo, copy and image nouns.
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Kannst du die alte Version rausschmeißen?", ["can you", "old", "delete"]),
        ("bitte das dritte Motiv rauswerfen", ["third", "image", "delete"]),
        ("bórrala y hazme una docena para la vuelta a clases", ["delete it", "dozen",
                                                                 "back to school"]),
        ("vire-la et fais-moi une douzaine pour la rentrée", ["delete it", "make me", "dozen",
                                                              "back to school"]),
        ("buttala e fammene una dozzina per san valentino", ["delete it", "make me", "dozen",
                                                               "valentines day"]),
        ("chönntet ihr no es dotzend mache?", ["could you", "dozen"]),
        ("bi allne vier s logo drufmache", ["on all four", "the logo on it"]),
        ("zeig mir vorher/nachher", ["show me", "before and after"]),
        ("enséñame el antes y después", ["before and after"]),
        ("montre-moi avant/après", ["show me", "before and after"]),
        ("confronta prima e dopo", ["compare", "before and after"]),
        ("lass die erste langsam reinzoomen, mit Glitzer", ["first", "slow", "zoom in",
                                                            "sparkles"]),
        ("anímala con burbujas y efecto paralaje", ["animate it", "bubbles", "parallax"]),
        ("anime-la avec des paillettes, en boucle", ["animate it", "sparkles", "loop"]),
        ("animala con le bollicine, zoom lento", ["animate it", "bubbles", "slow zoom"]),
        ("zwei neue auf Sichtbeton", ["two", "new", "concrete"]),
        ("dos más sobre hormigón", ["two", "more", "concrete"]),
        ("deux autres sur du béton", ["concrete"]),
        ("altre due sul cemento", ["two more", "concrete"]),
        ("cambia el encabezado de la creatividad", ["change", "headline", "creative"]),
        ("change l'accroche du visuel", ["headline", "image"]),
        ("il sottotitolo della terza immagine", ["subline", "third", "image"]),
        ("torna indietro, era meglio prima", ["go back", "better before"]),
        ("nee, wieder zurück bitte", ["go back"]),
        ("so ein Wisch-Dings zum Durchswipen", ["swipe carousel", "swipe"]),
        ("un carosello con quattro schede sui vantaggi", ["carousel", "four", "cards",
                                                          "benefits"]),
        ("das Wasser-Bild fürs Reels-Format", ["water one"]),
        ("scarica le ultime tre", ["download", "last", "three"]),
    ],
)
def test_word_families_of_each_language_read_as_english(text: str, words: list[str]) -> None:
    english = read(text).text
    assert all(word in english for word in words), english


def _turn(context: str, text: str) -> list[tuple[str, dict[str, object]]]:
    from tests.unit.agent.planner.test_messages_split import whole_turn
    return whole_turn(context, text)


def test_throwing_out_an_image_in_each_language_deletes_it() -> None:
    from evals.language.contexts import build_context
    ads = build_context("ads4").images
    for text, index in [("lösched Sie das zweite Motiv", 1), ("vire la troisième", 2),
                        ("bórrame la cuarta", 3), ("butta via la prima", 0)]:
        assert _turn("ads4", text) == [("delete_images", {"asset_ids": [ads[index]]})], text


@pytest.mark.parametrize(
    ("text", "n", "theme"),
    [
        ("altre due per san valentino", 2, "valentines-day"),
        ("encore trois pour la rentrée", 3, "back-to-school"),
        ("noch drei zum Schulstart", 3, "back-to-school"),
        ("tres más para el día de los enamorados", 3, "valentines-day"),
    ],
)
def test_a_theme_named_in_another_language_is_generated(text: str, n: int, theme: str) -> None:
    made = _turn("ads4", text)
    assert [(name, args.get("n"), args.get("theme")) for name, args in made] == [
        ("generate_ad_images", n, theme)]


def test_motion_words_animate_with_that_motion() -> None:
    from evals.language.contexts import build_context
    ads = build_context("ads4").images
    for text in ["anima la 2 con effetto parallasse", "anime la deuxième avec un effet parallaxe",
                 "anima la segunda con efecto paralaje"]:
        made = _turn("ads4", text)
        assert [(n, a["asset_id"], a.get("motion")) for n, a in made] == [
            ("animate_image", ads[1], "parallax")], text
