"""What a Stability AI call on Bedrock returned: the result, and reading a response body.

A Stability response is ``{"seeds": [n], "finish_reasons": [null], "images": ["<b64>"]}``.
A filtered request does not raise on the wire: ``finish_reasons[0]`` says why, and
:func:`parse_response` turns it into :class:`ContentFilteredError` or :class:`ModelCallError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from engines.bedrock.invoke import ContentFilteredError, ModelCallError, decode_image


@dataclass(frozen=True)
class StabilityResult:
    """What a Stability call returned.

    Attributes:
        images: The decoded images (at least one).
        seeds: The seeds the model used, one per image.
        model_id: The model id that was called.
        operation: The operation name, e.g. ``"inpaint"``.
        notes: Plain-language remarks about the call, for logs and the agent.
    """

    images: list[Image.Image]
    seeds: list[int]
    model_id: str
    operation: str
    notes: list[str] = field(default_factory=list)

    @property
    def image(self) -> Image.Image:
        """The first image."""
        return self.images[0]

    @property
    def seed(self) -> int | None:
        """The first seed, if the response had one."""
        return self.seeds[0] if self.seeds else None


# --- response handling --------------------------------------------------------------------

_FILTERED: dict[str, tuple[str, str]] = {
    "prompt": (
        "Stability's content filter blocked the prompt.",
        "Rephrase the prompt without the flagged content and try again.",
    ),
    "output image": (
        "Stability's content filter blocked the generated image.",
        "Try a different prompt or seed.",
    ),
    "input image": (
        "Stability's content filter blocked the input image.",
        "Use a different image.",
    ),
}


def _check_finish_reason(reason: str | None, model_id: str) -> None:
    """Raise for a filtered or failed response; ``None`` means success."""
    if reason is None:
        return
    if reason.startswith("Filter reason"):
        what = reason.partition(":")[2].strip()
        message, hint = _FILTERED.get(
            what, (f"Stability's content filter blocked the request ({what}).", "")
        )
        raise ContentFilteredError(message, hint=hint)
    if reason == "Inference error":
        raise ModelCallError(
            f"The Stability model {model_id} failed to make the image.",
            hint="Try again in a moment; if it keeps failing, simplify the request.",
        )


def parse_response(response: dict[str, Any], model_id: str, operation: str) -> StabilityResult:
    """Turn a Stability response body into a result, checking ``finish_reasons`` first.

    Args:
        response: The parsed JSON body.
        model_id: The model id called (for messages).
        operation: The operation name.

    Returns:
        The decoded images with their seeds.

    Raises:
        ContentFilteredError: When a content filter blocked the prompt, input or output.
        ModelCallError: On an inference error, or when no image came back.
    """
    reasons = response.get("finish_reasons") or [None]
    _check_finish_reason(reasons[0], model_id)
    encoded = response.get("images") or []
    if not encoded:
        raise ModelCallError(
            f"The Stability model {model_id} returned no image.", hint="Try again in a moment."
        )
    notes = [f"{operation} with {model_id}"]
    if reasons[0] is not None:
        notes.append(f"finish reason: {reasons[0]}")
    seeds = [int(s) for s in response.get("seeds") or []]
    images = [decode_image(b64) for b64 in encoded]
    return StabilityResult(images, seeds, model_id, operation, notes)
