"""``upload_image``: an MCP client brings its own product photo (or logo) as base64.

The photo is checked like a browser upload (``core.images.decode_image``: type, size,
pixel count) and stored in its own format (PNG, JPEG or WebP) as an asset of the caller's
tenant; its asset id is what the other tools take (``generate_ad_images(product_image=...)``).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.schemas import CapabilityResult
from core.settings import Settings
from core.storage.uploads import decode_base64, store_image
from tools.sdk import Capability, CapabilityContext


class UploadImageRequest(BaseModel):
    """A PNG, JPEG or WebP image, base64-encoded."""

    data: str = Field(min_length=1, description="The image file's bytes, base64-encoded.")
    filename: str = Field("", max_length=200, description="Original file name, for captions.")


class UploadImageResult(CapabilityResult):
    """The stored image: pass ``asset_id`` to the other tools."""

    asset_id: str = Field(description="Asset id of the stored image.")
    kind: str
    mime: str
    width: int
    height: int
    size: int = Field(description="Stored file size in bytes (in its own format: PNG, JPEG "
                      "or WebP).")

    def new_asset_ids(self) -> list[str]:
        """The stored image."""
        return [self.asset_id]

    def summary(self) -> str:
        """One line naming the stored image."""
        return f"{self.kind} {self.asset_id} ({self.width}x{self.height})"


def upload_capability(settings: Settings) -> Capability[UploadImageRequest, UploadImageResult]:
    """The ``upload_image`` tool, with the deployment's upload limits."""

    def upload_image(req: UploadImageRequest, ctx: CapabilityContext) -> UploadImageResult:
        asset = store_image(
            ctx.assets, decode_base64(req.data), filename=req.filename, tenant=ctx.tenant,
            kind="product_photo", max_bytes=settings.limits.max_upload_bytes,
            max_pixels=int(settings.limits.max_megapixels * 1_000_000),
        )
        return UploadImageResult(
            asset_id=asset.id, kind=asset.kind, mime=asset.mime, width=asset.width or 0,
            height=asset.height or 0, size=asset.size,
        )

    return Capability(
        name="upload_image",
        description="Upload a product photo (or a logo) as base64 PNG, JPEG or WebP. Returns "
        "its asset id, to pass to generate_ad_images (product_image, logo) and the other tools.",
        request=UploadImageRequest,
        result=UploadImageResult,
        fn=upload_image,
    )
