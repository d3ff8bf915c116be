"""The AI label on storyboard videos: one still pill in a bottom corner of each frame (issue 26)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from core.schemas import Storyboard
from engines.local.ad.badge import LABEL_MIN_HEIGHT
from engines.local.ad.boxes import Box
from engines.local.video.label import place_pill
from engines.local.video.look import make_look
from engines.local.video.render import build_clip, frames
from tests.unit.engines.local.video.test_video_render import bottle, six_seconds

LABEL = "AI-generated"


def _moments(stream: Iterator[np.ndarray], total: int) -> list[np.ndarray]:
    """The first frame, the middle one and the last (the end card) of a video."""
    wanted = {0: 0, total // 2: 1, total - 1: 2}
    out: list[np.ndarray] = [np.empty(0)] * 3
    for index, frame in enumerate(stream):
        if index in wanted:
            out[wanted[index]] = frame.copy()
    return out


def _luma(pixels: np.ndarray) -> np.ndarray:
    return np.asarray(pixels, dtype=np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)


def _changed(labelled: np.ndarray, plain: np.ndarray) -> Box | None:
    """The box of the pixels the label changed (None: none)."""
    ys, xs = np.nonzero(np.abs(_luma(labelled) - _luma(plain)) > 12)
    if ys.size == 0:
        return None
    return (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


Rendered = tuple[Storyboard, list[np.ndarray], list[np.ndarray], list[str]]


@pytest.fixture(scope="module", params=["1080x1920", "1280x720"])
def rendered(request: pytest.FixtureRequest) -> Rendered:
    """A storyboard's start, middle and end-card frames with the label, and without."""
    board = six_seconds(request.param)
    total = round(board.seconds * board.fps)
    notes: list[str] = []
    labelled = _moments(frames(board, bottle(), label=LABEL, notes=notes), total)
    plain = _moments(frames(board, bottle()), total)
    return board, labelled, plain, notes


def test_every_part_of_a_labelled_video_shows_the_same_pill_in_a_bottom_corner(
    rendered: Rendered,
) -> None:
    board, labelled, plain, notes = rendered
    assert notes == []
    left, _, right, bottom = make_look(board).safe
    boxes = [_changed(a, b) for a, b in zip(labelled, plain, strict=True)]
    assert all(box is not None for box in boxes)  # start, middle and end card
    x0, y0, x1, y1 = boxes[0]  # type: ignore[misc]
    assert all(box == boxes[0] for box in boxes)  # one place: it never moves
    assert y1 - y0 >= LABEL_MIN_HEIGHT and abs(y1 - bottom) <= 1  # the safe zone's bottom
    assert abs(x0 - left) <= 1 or abs(x1 - right) <= 1  # ... in a corner of it
    for a, b in zip(labelled, plain, strict=True):
        pill, under = _luma(a[y0:y1, x0:x1]), _luma(b[y0:y1, x0:x1])
        fill = np.median(pill)
        assert fill < np.median(under) - 60  # dark on the light scene
        assert fill > 40  # translucent: not the opaque fill (17) alone
        assert (pill > 200).sum() >= 20  # light letters on it


def test_the_pills_letters_stand_at_the_same_pixels_on_every_frame(rendered: Rendered) -> None:
    _, labelled, plain, _ = rendered
    x0, y0, x1, y1 = _changed(labelled[0], plain[0])  # type: ignore[misc]
    letters = [_luma(a[y0:y1, x0:x1]) > 245 for a in labelled]
    assert letters[0].sum() >= 20
    for mask in letters[1:]:  # the same letters at the same pixels: it never shimmers
        overlap = (mask & letters[0]).sum() / (mask | letters[0]).sum()
        assert overlap >= 0.9


def _drawn_under(pill: Box, alpha: np.ndarray, box: tuple[float, ...]) -> bool:
    """Whether a layer of coverage ``alpha`` stretched over ``box`` draws inside ``pill``.

    Only what shows counts (coverage of half or more): a soft contact shadow may pass.
    """
    h, w = alpha.shape
    ys, xs = np.nonzero(alpha >= 128)
    fx = box[0] + (xs + 0.5) * (box[2] - box[0]) / w
    fy = box[1] + (ys + 0.5) * (box[3] - box[1]) / h
    inside = (fx >= pill[0]) & (fx < pill[2]) & (fy >= pill[1]) & (fy < pill[3])
    return bool(inside.any())


def test_the_pill_keeps_clear_of_every_shots_text_logo_and_product(rendered: Rendered) -> None:
    board, labelled, plain, _ = rendered
    pill = _changed(labelled[0], plain[0])
    assert pill is not None
    for index in range(len(board.shots)):
        clip = build_clip(board, index, bottle())
        for layer in clip.overlays:  # captions, button, logo, the end card's product
            for dy in (0, layer.rise):
                x0, y0, x1, y1 = layer.box
                assert not _drawn_under(pill, layer.alpha, (x0, y0 + dy, x1, y1 + dy))
        for k in range(21):  # the product wherever the camera takes it
            box = clip.product_box(k / 20 * (clip.shot.seconds + clip.lead))
            if box is not None:
                assert clip.mask is not None
                assert not _drawn_under(pill, clip.mask, box)


def test_an_unlabelled_video_has_no_pill() -> None:
    board = six_seconds()
    total = round(board.seconds * board.fps)
    plain = _moments(frames(board, bottle()), total)
    same = _moments(frames(board, bottle(), label=None), total)
    assert all(np.array_equal(a, b) for a, b in zip(plain, same, strict=True))


def test_with_no_free_corner_the_label_is_left_out_and_said() -> None:
    board = six_seconds()
    look = make_look(board)
    everywhere = [(0, 0, look.width, look.height)]
    assert place_pill(LABEL, (look.width, look.height), look.safe, everywhere, look.font) is None
