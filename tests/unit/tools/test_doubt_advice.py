"""What a doubtful cutout's note advises: a box, unless a filled loop or thin parts are why."""

from __future__ import annotations

from PIL import Image

from engines.local.cutout import Cutout
from engines.local.cutout.confidence import FINE_DOUBT, PAPER_INSIDE_DOUBT
from tools.capabilities.ad_images import doubt_note
from tools.capabilities.cutout import notes


def test_the_advice_for_a_filled_loop_is_a_transparent_png_not_a_box() -> None:
    said = doubt_note(0.3, [PAPER_INSIDE_DOUBT])
    assert said is not None and "transparent background" in said
    assert "mark the product with a box" not in said  # a box would keep the loop filled
    other = doubt_note(0.3, ["the model found different outlines at two scales"])
    assert other is not None and "mark the product with a box" in other
    assert doubt_note(0.9, [PAPER_INSIDE_DOUBT]) is None  # trusted: nothing to say


def test_the_advice_for_thin_parts_is_a_transparent_png_in_chat_and_on_the_cutout() -> None:
    said = doubt_note(0.2, [FINE_DOUBT])
    assert said is not None and "transparent background" in said and "thin parts" in said
    assert "mark the product with a box" not in said  # the network would see wires no better
    cut = Cutout(image=Image.new("RGBA", (8, 8)), box=(0, 0, 8, 8), method="learned",
                 confidence=0.2, doubts=(FINE_DOUBT,))
    (note,) = notes(cut)
    assert "transparent background" in note and "Mark the product" not in note
