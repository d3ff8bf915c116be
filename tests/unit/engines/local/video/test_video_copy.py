"""Words on the local engine's video cards read as a person would set them (issue 22).

No line ends on an article or a short preposition when another setting avoids it, a
shortened caption is a phrase that names something, and a product's name is kept whole
when it fits, else cut where a descriptor ends, never inside a phrase.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.schemas import ExtractFeaturesRequest, WriteStoryboardRequest
from engines.local.features import analyse
from engines.local.typography.fonts import DEFAULT_FONT, font
from engines.local.typography.phrases import name_cut
from engines.local.video.cards import fit_lines
from engines.local.video.storyboard import _short, write_storyboard

LEANING_ENDS = ("a", "an", "the", "for", "of", "to", "der", "die", "das", "le", "la", "les",
                "el", "un", "une")
CAPTIONS = [
    "Room for a 15 inch laptop",
    "Room for a 15 inch laptop and your things",
    "Made of the softest organic cotton",
    "Keeps coffee hot for the whole morning",
    "Platz für einen 15 Zoll Laptop und die Bücher",
    "Assez de place pour un ordinateur de 15 pouces",
]


def _leaning_end(lines: list[str]) -> bool:
    """Whether a line other than the last ends on an article or a short preposition."""
    return any(line.split()[-1].lower() in LEANING_ENDS for line in lines[:-1])


@pytest.mark.parametrize("text", CAPTIONS)
@pytest.mark.parametrize("width", range(260, 700, 20))
def test_a_card_line_never_ends_on_an_article_or_preposition(text: str, width: int) -> None:
    """From 260 px on, every caption here fits three lines without such a break."""
    look = SimpleNamespace(font=DEFAULT_FONT)
    lines, _ = fit_lines(text, look, "headline", 44, width, 3)  # type: ignore[arg-type]
    assert not _leaning_end(lines), lines


def test_room_for_a_laptop_keeps_the_article_with_the_laptop() -> None:
    face = font(DEFAULT_FONT, "headline", 44)
    width = round(face.getlength("Room for a 15")) + 4  # the greedy wrap breaks after "a"
    look = SimpleNamespace(font=DEFAULT_FONT)
    lines, _ = fit_lines("Room for a 15 inch laptop", look, "headline", 44, width, 3)  # type: ignore[arg-type]
    assert "Room for a" not in lines, lines
    assert any("15 inch" in line for line in lines), lines


@pytest.mark.parametrize("width", [400, 480, 560])
def test_a_card_line_break_leaves_no_word_alone(width: int) -> None:
    """Keeping articles with their noun does not buy a line of one word ("Room / for a...")."""
    look = SimpleNamespace(font=DEFAULT_FONT)
    for text in ("Room for a 15 inch laptop", "Room for your laptop and more"):
        lines, _ = fit_lines(text, look, "headline", 45, width, 3)  # type: ignore[arg-type]
        assert len(lines) == 1 or all(len(line.split()) > 1 for line in lines), lines


FEATURE_BRIEFS = [
    "Straight leg jeans. Straight, relaxed fit through the thigh and knee, five pockets.",
    "Slim chinos. Straight-leg relaxed fit for all-day comfort, stretch twill.",
]
DESCRIBING = ("straight", "straight-leg", "relaxed", "slim", "soft", "breathable")


@pytest.mark.parametrize("brief", FEATURE_BRIEFS)
@pytest.mark.parametrize("seconds", [12, 20])
def test_no_caption_is_a_lone_describing_word(brief: str, seconds: int) -> None:
    request = WriteStoryboardRequest(product_image="i", seconds=seconds, size="1280x720",
                                     context=brief)
    board, _ = write_storyboard(request, None, "i", [], None)
    for shot in board.shots:
        for part in shot.text.split(";"):
            words = part.strip(" ,").split()
            if words:
                assert words[-1].lower().strip(",") not in DESCRIBING, (shot.kind, shot.text)
                assert words[-1].lower() not in LEANING_ENDS + ("through", "with"), shot.text


@pytest.mark.parametrize(("text", "limit"), [
    ("Straight, relaxed fit through the thigh", 16),
    ("Straight-leg fit through the thigh and knee", 24),
    ("Straight-leg relaxed fit for all-day comfort", 24),
])
def test_a_shortened_caption_ends_on_what_it_names(text: str, limit: int) -> None:
    cut = _short(text, limit).lower()
    assert cut.endswith("fit"), cut


def test_a_name_that_fits_is_kept_whole_in_the_hero_and_headline() -> None:
    features = analyse(ExtractFeaturesRequest(title="Organic cotton crew neck t-shirt"))
    request = WriteStoryboardRequest(product_image="i", seconds=12, size="1280x720")
    board, _ = write_storyboard(request, features, "i", [], None)
    assert board.shots[0].text == "Organic cotton crew neck t-shirt"
    assert "Meet the organic cotton crew neck t-shirt" in features.headline_ideas


@pytest.mark.parametrize(("title", "head"), [
    ("Organic Cotton Crew Neck T-Shirt Relaxed Unisex Heavyweight Summer", "t-shirt"),
    ("Insulated stainless steel vacuum water bottle with bamboo lid and strap", "bottle"),
])
def test_a_cut_name_keeps_its_head_noun(title: str, head: str) -> None:
    features = analyse(ExtractFeaturesRequest(title=title))
    request = WriteStoryboardRequest(product_image="i", seconds=12, size="1280x720")
    board, _ = write_storyboard(request, features, "i", [], None)
    assert board.shots[0].text.lower().endswith(head), board.shots[0].text
    meet = [h for h in features.headline_ideas if h.startswith("Meet the")]
    assert meet and all(h.lower().endswith(head) for h in meet), features.headline_ideas
    assert name_cut(title, 20).lower().endswith(head)
