"""The declared capabilities. Importing this package registers them all."""

from tools.capabilities import ad_images, brand, cutout, edit, features, video

__all__ = ["ad_images", "brand", "cutout", "edit", "features", "video"]
