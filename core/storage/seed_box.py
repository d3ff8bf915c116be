"""The box an advertiser marks around the product on a photo: checked, kept with the photo.

The box is a property of the uploaded photo (its asset's ``parameters["seed_box"]``), not
of one request: every later cutout of the photo (ads, carousels, videos, background
removal) cuts out only what lies inside it, unless a call passes a box of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import InvalidBoxError
from core.storage.assets import Asset, AssetStore

Box = tuple[int, int, int, int]
"""(left, top, right, bottom) in the upright photo's pixels; right and bottom exclusive."""

KEY = "seed_box"
"""The photo parameter holding the box (also what a cutout's lineage records)."""
MIN_SIDE = 8
"""The smallest width and height of a box, in pixels (what the cutout can work with)."""
MARKABLE_KINDS = frozenset({"product_photo"})
"""Assets a box can be marked on: uploaded product photos."""
_HINT = (
    "Give the box as [left, top, right, bottom] in the photo's pixels, around the whole "
    "product (right > left, bottom > top, inside the photo)."
)


def check_box(box: Sequence[int], width: int, height: int) -> Box:
    """The box as a tuple, once it is known to lie inside a ``width`` × ``height`` photo.

    Raises:
        InvalidBoxError: Not four whole numbers, no area, smaller than :data:`MIN_SIDE`
            on a side, or reaching outside the photo.
    """
    if len(box) != 4 or not all(isinstance(v, int) and not isinstance(v, bool) for v in box):
        raise InvalidBoxError(f"The box {list(box)} is not four whole numbers.", hint=_HINT)
    left, top, right, bottom = box
    if right - left < MIN_SIDE or bottom - top < MIN_SIDE:
        raise InvalidBoxError(
            f"The box {list(box)} is too small: it needs at least {MIN_SIDE} pixels each way "
            "(and right > left, bottom > top).",
            hint=_HINT,
        )
    if left < 0 or top < 0 or right > width or bottom > height:
        raise InvalidBoxError(
            f"The box {list(box)} reaches outside the {width}x{height} photo.", hint=_HINT
        )
    return left, top, right, bottom


def seed_box(photo: Asset) -> Box | None:
    """The box marked on ``photo``, if any (a malformed record counts as none)."""
    value = photo.parameters.get(KEY)
    if not isinstance(value, list) or len(value) != 4:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return None
    return value[0], value[1], value[2], value[3]


def mark_product(
    assets: AssetStore, photo_id: str, box: Sequence[int] | None, tenant: str
) -> Asset:
    """Keep ``box`` with the tenant's photo (``None`` clears it); return the updated photo.

    Raises:
        AssetNotFoundError: The tenant has no such asset.
        InvalidBoxError: The asset is not a product photo, or the box does not fit it.
    """
    photo = assets.get(photo_id, tenant)
    if photo.kind not in MARKABLE_KINDS:
        raise InvalidBoxError(
            f"Asset {photo_id} is a {photo.kind}; a box can only be marked on a product photo.",
            hint="Use the id of the uploaded product photo.",
        )
    if box is None:
        return assets.set_parameter(photo.id, KEY, None, tenant)
    if photo.width is None or photo.height is None:
        raise InvalidBoxError(f"The size of photo {photo_id} is not known.", hint=_HINT)
    checked = check_box(box, photo.width, photo.height)
    return assets.set_parameter(photo.id, KEY, list(checked), tenant)
