"""The declared capabilities. Importing this package registers them all."""

from tools.capabilities import (
    ad_images,
    brand,
    carousel,
    compare,
    cutout,
    delete,
    download,
    edit,
    features,
    hands,
    revert,
    video,
)

__all__ = [
    "ad_images",
    "brand",
    "carousel",
    "compare",
    "cutout",
    "delete",
    "download",
    "edit",
    "features",
    "hands",
    "revert",
    "video",
]
