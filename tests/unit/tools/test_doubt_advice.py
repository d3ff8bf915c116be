"""What a doubtful cutout's note advises: a box, unless a filled loop is the doubt."""

from __future__ import annotations

from engines.local.cutout.confidence import PAPER_INSIDE_DOUBT
from tools.capabilities.ad_images import doubt_note


def test_the_advice_for_a_filled_loop_is_a_transparent_png_not_a_box() -> None:
    said = doubt_note(0.3, [PAPER_INSIDE_DOUBT])
    assert said is not None and "transparent background" in said
    assert "mark the product with a box" not in said  # a box would keep the loop filled
    other = doubt_note(0.3, ["the model found different outlines at two scales"])
    assert other is not None and "mark the product with a box" in other
    assert doubt_note(0.9, [PAPER_INSIDE_DOUBT]) is None  # trusted: nothing to say
