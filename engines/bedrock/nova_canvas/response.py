"""What an Amazon Nova Canvas (or Titan Image v2) call returned: the result and its parsing.

A response is ``{"images": ["<b64>", ...], "error": "..."}``. When the content filters
block some outputs the call still succeeds with fewer images (the result carries a note);
when they block all of them :class:`ContentFilteredError` is raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PIL import Image

from engines.bedrock.invoke import (
    CONTENT_FILTER_MARKER,
    ContentFilteredError,
    ModelCallError,
    decode_image,
)


@dataclass
class CanvasResult:
    """What a generation or edit call returned.

    Attributes:
        images: The decoded images (fewer than requested when some were filtered).
        requested: How many images were asked for.
        model_id: The model called.
        task: The task type.
        seed: The seed sent (``None`` when none was).
        note: A message for the user when some images were filtered, else ``None``.
    """

    images: list[Image.Image]
    requested: int
    model_id: str
    task: str
    seed: int | None = None
    note: str | None = None

    @property
    def image(self) -> Image.Image:
        """The first image."""
        return self.images[0]


def parse_response(
    response: dict[str, Any], requested: int, model_id: str, task: str, seed: int | None = None
) -> CanvasResult:
    """Turn a Nova Canvas / Titan response into a result.

    Args:
        response: The parsed JSON body (``images`` and maybe ``error``).
        requested: How many images were asked for.
        model_id: The model called.
        task: The task type.
        seed: The seed sent.

    Returns:
        The decoded images, with a note when some were filtered.

    Raises:
        ContentFilteredError: When the filters blocked every image.
        ModelCallError: When no image came back for another reason.
    """
    encoded = response.get("images") or []
    error = str(response.get("error") or "")
    if not encoded:
        if CONTENT_FILTER_MARKER in error.lower() or "blocked" in error.lower():
            raise ContentFilteredError(
                "All of the generated images were blocked by the model's content filters.",
                hint="Rephrase the description (or try another seed) and generate again.",
            )
        raise ModelCallError(
            f"The model {model_id} returned no image{': ' + error if error else ''}.",
            hint="Try again in a moment.",
        )
    images = [decode_image(b64) for b64 in encoded]
    note = None
    if len(images) < requested or error:
        missing = max(requested - len(images), 0)
        note = (
            f"{missing} of {requested} images were blocked by the content filters and left out."
            if missing
            else error
        )
    return CanvasResult(images, requested, model_id, task, seed, note)
