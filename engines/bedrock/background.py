"""A remove-background model's matte turned into a product cutout, cropped tight.

Only the matte (the alpha) is taken from the model: the product's pixels stay the photo's
own, as everywhere else in adstudio, and the crop box is in the photo's coordinates even
when the model answered at another size.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from engines.local.cutout import Cutout, Method, from_rgba


def has_alpha(image: Image.Image) -> bool:
    """Whether ``image`` carries any real transparency (a pixel below alpha 250)."""
    if not image.has_transparency_data:
        return False
    return bool(np.asarray(image.convert("RGBA").getchannel("A")).min() < 250)


def cutout_from_matte(photo: Image.Image, matte: Image.Image, method: Method) -> Cutout:
    """Cut the product out of ``photo`` along the alpha channel of a model's ``matte``.

    Args:
        photo: The (upright) photo that was sent to the model.
        matte: The model's answer: the photo's subject on a transparent background.
        method: Which model made the matte, e.g. ``"stability"``.

    Returns:
        The tight RGBA crop of the photo's pixels with the model's alpha, its box in the
        photo, full confidence and the sides the product runs off.

    Raises:
        NoProductError: The matte is empty or holds only specks.
    """
    alpha = matte.convert("RGBA").getchannel("A")
    if alpha.size != photo.size:
        alpha = alpha.resize(photo.size, Image.Resampling.LANCZOS)
    rgba = np.dstack([np.asarray(photo.convert("RGB")), np.asarray(alpha)])
    return from_rgba(rgba, method)
