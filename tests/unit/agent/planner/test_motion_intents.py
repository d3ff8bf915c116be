"""The planner's reading of motion requests: live images, storyboards, revisions, renders."""

from __future__ import annotations

import pytest

from agent.planner.motion_intents import read_motion


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("make #2 a live image", 2),
        ("animate the first one", 1),
        ("can you add some motion to it", -1),  # "it": the latest image
        ("turn image 3 into a cinemagraph", 3),
    ],
)
def test_animate_requests_name_their_image(text: str, target: int | None) -> None:
    motion = read_motion(text, has_images=True, has_storyboard=False)
    assert motion is not None and motion.kind == "animate"
    assert motion.target == target


def test_animate_needs_an_image_first() -> None:
    assert read_motion("make it a live image", has_images=False, has_storyboard=False) is None


@pytest.mark.parametrize(
    ("text", "seconds", "size", "placement"),
    [
        ("make a 15 second video ad", 15, None, None),
        ("a 30s vertical video for reels", 30, "1080x1920", None),
        ("video for Sponsored Brands, 1080p, 20 seconds", 20, "1920x1080",
         "sponsored-brands-video"),
        ("storyboard a video", None, None, None),
    ],
)
def test_video_requests_read_length_size_and_placement(
    text: str, seconds: int | None, size: str | None, placement: str | None
) -> None:
    motion = read_motion(text, has_images=False, has_storyboard=False)
    assert motion is not None and motion.kind == "storyboard"
    assert (motion.seconds, motion.size, motion.placement) == (seconds, size, placement)


def test_a_shot_change_is_a_revision_of_that_shot() -> None:
    motion = read_motion(
        "make the second shot about the 24 h cold", has_images=True, has_storyboard=True
    )
    assert motion is not None and motion.kind == "revise" and motion.shot == 2
    assert motion.changes["text"] == "24 h cold"
    assert "24 h cold" in motion.changes["description"]


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("remove shot 3", {"action": "remove"}),
        ("make shot 1 longer", {"seconds": "+1.5"}),
        ('shot 4 should say "Free returns"', {"text": "Free returns"}),
    ],
)
def test_revisions(text: str, changes: dict[str, object]) -> None:
    motion = read_motion(text, has_images=False, has_storyboard=True)
    assert motion is not None and motion.kind == "revise"
    assert changes.items() <= motion.changes.items()


@pytest.mark.parametrize("text", ["looks good, render it", "go ahead", "render the video"])
def test_render_once_a_storyboard_exists(text: str) -> None:
    motion = read_motion(text, has_images=False, has_storyboard=True)
    assert motion is not None and motion.kind == "render"


def test_render_without_a_storyboard_plans_one_first() -> None:
    assert read_motion("looks good, render it", has_images=False, has_storyboard=False) is None
    motion = read_motion("render the video", has_images=False, has_storyboard=False)
    assert motion is not None and motion.kind == "storyboard"


def test_other_messages_are_not_motion() -> None:
    for text in ("make it warmer", "generate 4 more on marble", "thanks!"):
        assert read_motion(text, has_images=True, has_storyboard=True) is None
