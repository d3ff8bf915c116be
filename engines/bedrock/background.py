"""A remove-background model's matte turned into a product cutout, cropped tight.

Only the matte (the alpha) is taken from the model: the product's pixels stay the photo's
own, as everywhere else in adstudio, and the crop box is in the photo's coordinates even
when the model answered at another size.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from PIL import Image

from engines.local.cutout import Cutout, Method, from_rgba


@dataclass(frozen=True)
class ServiceCutout(Cutout):
    """A cutout whose matte a model drew: what its alpha tells, not a measured confidence.

    Attributes:
        kept_share: The share of the photo the matte keeps (alpha >= 128), 0..1.
        soft_share: The share of the kept area whose alpha is partial (edges, glass), 0..1.
        model: The id of the model that drew the matte ("" when not known).
    """

    kept_share: float = 0.0
    soft_share: float = 0.0
    model: str = ""


@dataclass(frozen=True)
class FallbackCutout(Cutout):
    """A local cutout made because a model's matte could not be had, and why.

    Attributes:
        fallback: The reason in plain words (the failed call's message, or the bad matte).
        billed: The id of the model whose call answered but whose matte was not used
            (Bedrock bills it all the same); "" when the call failed or none was made.
    """

    fallback: str = ""
    billed: str = ""


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


def service_cutout(
    photo: Image.Image, matte: Image.Image, method: Method, model: str = ""
) -> ServiceCutout:
    """:func:`cutout_from_matte`, with the shares of the photo its alpha keeps.

    ``model`` is the id of the model that drew ``matte``.

    Raises:
        NoProductError: The matte is empty or holds only specks.
    """
    cut = cutout_from_matte(photo, matte, method)
    alpha = np.asarray(cut.image.getchannel("A"))
    kept = int(np.count_nonzero(alpha >= 128))
    soft = int(np.count_nonzero((alpha > 4) & (alpha < 251)))
    return ServiceCutout(
        **{f.name: getattr(cut, f.name) for f in fields(Cutout)},
        kept_share=kept / (photo.width * photo.height),
        soft_share=soft / max(1, int(np.count_nonzero(alpha > 4))),
        model=model,
    )
