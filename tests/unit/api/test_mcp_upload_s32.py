"""``upload_image``'s result describes the stored file as it is (issue 26 follow-up)."""

from __future__ import annotations

from api.mcp_upload import UploadImageResult


def test_the_size_field_names_every_format_an_upload_is_stored_in() -> None:
    description = UploadImageResult.model_fields["size"].description or ""
    assert "(PNG)" not in description  # a JPEG or WebP upload is kept as JPEG or WebP
    assert all(fmt in description for fmt in ("PNG", "JPEG", "WebP"))
