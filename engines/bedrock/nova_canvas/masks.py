"""Masks for Amazon Nova Canvas edits: pure black and white, the size of the image.

INPAINTING redraws the BLACK region of its mask; OUTPAINTING redraws the WHITE region, so
keeping a product and redrawing its background takes a mask with the product black and the
background white (:func:`product_mask_for_outpainting`).
"""

from __future__ import annotations

from PIL import Image, ImageFilter

from core.errors import InvalidImageError
from engines.bedrock.invoke import encode_image

MASK_THRESHOLD = 128


def binarize(mask: Image.Image, threshold: int = MASK_THRESHOLD) -> Image.Image:
    """A pure black-and-white ``L`` copy of a mask (values >= threshold become white).

    Args:
        mask: Any single- or multi-channel image (transparency is ignored).
        threshold: The grey level from which a pixel counts as white.

    Returns:
        An ``L`` image holding only 0 and 255.
    """
    return mask.convert("L").point(lambda v: 255 if v >= threshold else 0)


def prepare_mask(mask: Image.Image, image: Image.Image) -> Image.Image:
    """Check a mask against its image and make it pure black and white.

    Args:
        mask: The mask.
        image: The image it applies to.

    Returns:
        The binarized mask.

    Raises:
        InvalidImageError: When the sizes differ.
    """
    if mask.size != image.size:
        raise InvalidImageError(
            f"The mask is {mask.size[0]}x{mask.size[1]} but the image is "
            f"{image.size[0]}x{image.size[1]}.",
            hint="Make the mask exactly the size of the image.",
        )
    return binarize(mask)


def product_mask_for_outpainting(
    alpha: Image.Image, threshold: int = MASK_THRESHOLD, grow: int = 2
) -> Image.Image:
    """An OUTPAINTING mask that keeps a product: product BLACK, background WHITE.

    OUTPAINTING redraws the white region. The product (alpha >= threshold) is grown by
    ``grow`` pixels so its anti-aliased edge is kept too.

    Args:
        alpha: The cut-out's alpha channel (an ``L`` image), or an RGBA cut-out.
        threshold: The alpha level from which a pixel belongs to the product.
        grow: How many pixels to dilate the product by (0 for none).

    Returns:
        A pure black-and-white ``L`` mask the size of ``alpha``.
    """
    if alpha.mode in ("RGBA", "LA", "PA"):
        alpha = alpha.getchannel("A")
    product = binarize(alpha, threshold)
    if grow > 0:
        product = product.filter(ImageFilter.MaxFilter(2 * grow + 1))
    return product.point(lambda v: 0 if v else 255)


def encode_mask(mask: Image.Image | None, image: Image.Image) -> str | None:
    """Base64 PNG of an optional mask, checked against its image and binarized."""
    return None if mask is None else encode_image(prepare_mask(mask, image))
