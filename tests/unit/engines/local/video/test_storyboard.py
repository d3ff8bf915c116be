"""Storyboards: the deterministic writer, revisions and video placement rules."""

from __future__ import annotations

import re

import pytest

from core.errors import CapabilityError
from core.schemas import ReviseStoryboardRequest, Storyboard, WriteStoryboardRequest
from engines.local.video.storyboard import (
    check_video_rules,
    load_video_placements,
    resolve_video_placement,
    revise_storyboard,
    write_storyboard,
)

BRIEF = (
    "Insulated steel water bottle. Keeps drinks cold for 24 hours. Leak-proof lid. "
    "750 ml capacity. BPA-free stainless steel. Fits cup holders."
)
NEGATION = re.compile(r"\b(no|not|without|never|none)\b|n't", re.IGNORECASE)


def board(seconds: int = 15, size: str = "1280x720") -> Storyboard:
    request = WriteStoryboardRequest(
        product_image="img_1", seconds=seconds, size=size, context=BRIEF
    )
    written, _ = write_storyboard(request, None, "img_1", ["#2A6F97"], "logo_1")
    return written


def revise(storyboard: Storyboard, **fields: object) -> tuple[Storyboard, list[str]]:
    return revise_storyboard(storyboard, ReviseStoryboardRequest(storyboard_id="sb", **fields))


@pytest.mark.parametrize("seconds", [6, 12, 15, 30, 45, 60])
def test_shots_add_up_exactly_hero_first_end_card_last(seconds: int) -> None:
    written = board(seconds)
    assert written.seconds == seconds
    kinds = [shot.kind for shot in written.shots]
    assert kinds[0] == "hero" and kinds[-1] == "end_card"
    assert "feature" in kinds
    assert ("how_it_works" in kinds) == (seconds >= 20)
    assert written.shots[0].transition == "cut"
    assert all(1.5 <= shot.seconds <= 12 for shot in written.shots)


def test_shots_have_short_texts_and_positive_descriptions() -> None:
    written = board(30)
    features = [s for s in written.shots if s.kind == "feature"]
    assert features[0].text == "Keeps drinks cold for 24 hours"
    assert all(len(s.text) <= 40 for s in features)
    for shot in written.shots:
        assert shot.description and not NEGATION.search(shot.description), shot.description
    end = written.shots[-1]
    assert end.text == written.headline and written.cta == "Shop now"
    assert written.logo == "logo_1" and written.brand_colors == ["#2A6F97"]


def test_writer_notes_and_given_texts() -> None:
    request = WriteStoryboardRequest(
        product_image="p", seconds=12, headline="Cold all day", cta="Buy now", theme="marble"
    )
    written, notes = write_storyboard(request, None, "p", [], None)
    assert written.seconds == 12 and written.theme == "marble"
    assert written.headline == "Cold all day" and written.cta == "Buy now"
    assert any("No logo" in n for n in notes)
    assert any("features" in n for n in notes)


def test_revise_change_keeps_length_and_says_so() -> None:
    revised, notes = revise(board(15), shot=2, text="Cold for 24 h", seconds=4)
    assert revised.shots[1].text == "Cold for 24 h" and revised.shots[1].seconds == 4
    assert revised.seconds == 15 + 4 - board(15).shots[1].seconds
    assert any("Changed shot 2" in n for n in notes)
    assert any(f"Total length now {revised.seconds:g} s" in n for n in notes)


def test_revise_a_shots_scene_names_the_theme_and_redescribes_it() -> None:
    original = board(15)
    revised, notes = revise(original, shot=2, theme="sunny beach")
    shot = revised.shots[1]
    assert shot.theme == "beach" and "beach" in shot.description.lower()
    assert shot.description != original.shots[1].description
    assert any("Scene of the shot: " in n and "(beach)" in n for n in notes)
    back, notes = revise(revised, shot=2, theme="auto")
    assert back.shots[1].theme is None and any("video's scene" in n for n in notes)


def test_revise_remove_and_insert() -> None:
    original = board(15)
    removed, notes = revise(original, shot=2, action="remove")
    assert len(removed.shots) == len(original.shots) - 1
    assert removed.seconds == original.seconds - original.shots[1].seconds
    assert any("Removed shot 2" in n for n in notes)
    inserted, notes = revise(original, shot=1, action="insert_after", kind="lifestyle", seconds=3)
    assert inserted.shots[1].kind == "lifestyle" and inserted.shots[1].camera == "pan_right"
    assert inserted.shots[1].description
    assert inserted.seconds == original.seconds + 3
    assert any("Total length now 18 s" in n for n in notes)


def test_revise_keeps_total_within_sixty_seconds_and_first_shot_cut() -> None:
    long = board(60)
    grown, notes = revise(long, shot=2, seconds=12)
    assert grown.seconds <= 60 and grown.shots[1].seconds == 12
    assert any("shortened" in n for n in notes)
    first, _ = revise(long, shot=1, transition="crossfade")
    assert first.shots[0].transition == "cut"


def test_revise_unknown_shot_is_a_clear_error() -> None:
    with pytest.raises(CapabilityError, match="no shot 9"):
        revise(board(6), shot=9)


def test_sponsored_brands_rules() -> None:
    too_long = revise(board(45), shot=2, action="insert_after", seconds=5)[0]
    assert too_long.seconds == 50
    problems = check_video_rules(too_long, "sponsored-brands-video")
    assert len(problems) == 1 and "45 s" in problems[0] and "Sponsored Brands" in problems[0]
    assert check_video_rules(board(30), "sponsored-brands-video") == []
    vertical = check_video_rules(board(15, "1080x1920"), "sponsored-brands")
    assert vertical and "16:9" in vertical[0]


def test_animated_display_and_story_rules() -> None:
    problems = check_video_rules(board(20), "animated-display")
    assert problems and "15 s" in problems[0]
    assert check_video_rules(board(12), "animated-display") == []
    assert check_video_rules(board(15, "1080x1920"), "9:16") == []
    assert "9:16" in check_video_rules(board(15), "story-video")[0]
    assert resolve_video_placement("animated-display").max_loops == 3


def test_unknown_placement_lists_the_known_ones() -> None:
    with pytest.raises(CapabilityError) as error:
        check_video_rules(board(6), "billboard-video")
    for known in load_video_placements():
        assert known in error.value.hint


def test_longer_than_sixty_seconds_is_named() -> None:
    long = board(60).model_copy()
    long = long.model_copy(update={"shots": [*long.shots, long.shots[0]]})
    problems = check_video_rules(long, None)
    assert problems and "at most 60 s" in problems[0]


def test_a_shortened_callout_ends_before_the_phrase_it_cut() -> None:
    # seen on a polo's video: "Red cotton polo shirt with a white" (from "... white sleeve")
    request = WriteStoryboardRequest(
        product_image="img_1", seconds=15, size="1280x720",
        context="Red cotton polo shirt with a white sleeve and contrast collar. Breathable pique.",
    )
    written, _ = write_storyboard(request, None, "img_1", [], None)
    texts = [s.text for s in written.shots if s.text]
    assert texts and not any(t.split()[-1].lower() in {"with", "a", "white", "and"}
                             for t in texts), texts
