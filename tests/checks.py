"""Checks of stored assets that several test modules share."""

from __future__ import annotations

import numpy as np
from PIL import Image

from core.storage.assets import AssetStore


def product_pixels_intact(store: AssetStore, ad_id: str) -> tuple[int, int]:
    """Compare the ad's product region with the cutout, resized as the composer resizes it.

    Returns:
        (number of fully opaque product pixels, how many of them differ).
    """
    ad = store.get(ad_id)
    left, top, right, bottom = ad.parameters["product_box"]
    cutout = Image.open(store.path(ad.parameters["cutout"])).convert("RGBA")
    placed = np.asarray(cutout.resize((right - left, bottom - top), Image.Resampling.LANCZOS))
    pixels = np.asarray(Image.open(store.path(ad_id)).convert("RGB"))[top:bottom, left:right]
    opaque = placed[..., 3] == 255
    differ = np.any(pixels[opaque] != placed[..., :3][opaque], axis=-1)
    return int(opaque.sum()), int(differ.sum())
