"""The image size rules Bedrock's image models enforce, answered as Bedrock answers them.

Stability's image services (BEDROCK.md, issue 21): sides of at least 64 px, 4,096 to
9,437,184 pixels, aspect ratio from 1:2.5 to 2.5:1. Nova Canvas: sides 320 to 4,096 px,
aspect 1:4 to 4:1, fewer than 4,194,304 pixels, and requested sizes divisible by 16.
"""

from __future__ import annotations

from tests.fake_bedrock.errors import invalid

STABILITY_MIN_SIDE = 64
STABILITY_MIN_PIXELS = 4_096
STABILITY_MAX_PIXELS = 9_437_184
STABILITY_MAX_ASPECT = 2.5

CANVAS_MIN_SIDE = 320
CANVAS_MAX_SIDE = 4_096
CANVAS_MAX_ASPECT = 4.0
CANVAS_MAX_PIXELS = 4_194_304

STABILITY_ASPECTS = {
    "16:9": (1344, 768), "1:1": (1024, 1024), "21:9": (1536, 640), "2:3": (832, 1216),
    "3:2": (1216, 832), "4:5": (896, 1088), "5:4": (1088, 896), "9:16": (768, 1344),
    "9:21": (640, 1536),
}
"""Output size of Stability's text-to-image models for each ``aspect_ratio``."""


def check_stability(width: int, height: int, what: str = "image") -> None:
    """Refuse an input image Stability's services would refuse.

    Raises:
        BedrockError: A ``ValidationException`` naming the broken rule.
    """
    pixels = width * height
    if min(width, height) < STABILITY_MIN_SIDE:
        raise invalid(
            f"{what}: image dimensions must be at least {STABILITY_MIN_SIDE} pixels per side, "
            f"got {width}x{height}."
        )
    if not STABILITY_MIN_PIXELS <= pixels <= STABILITY_MAX_PIXELS:
        raise invalid(
            f"{what}: image must have between {STABILITY_MIN_PIXELS} and "
            f"{STABILITY_MAX_PIXELS} pixels, got {pixels} ({width}x{height})."
        )
    if max(width / height, height / width) > STABILITY_MAX_ASPECT:
        raise invalid(
            f"{what}: image aspect ratio must be between 1:2.5 and 2.5:1, got "
            f"{width}x{height}."
        )


def check_canvas_size(width: int, height: int, requested: bool) -> None:
    """Refuse a Nova Canvas / Titan size (``requested``: an output size, divisible by 16).

    Raises:
        BedrockError: A ``ValidationException`` naming the broken rule.
    """
    if not (CANVAS_MIN_SIDE <= width <= CANVAS_MAX_SIDE
            and CANVAS_MIN_SIDE <= height <= CANVAS_MAX_SIDE):
        raise invalid(
            f"Image width and height must be between {CANVAS_MIN_SIDE} and {CANVAS_MAX_SIDE} "
            f"pixels, got {width}x{height}."
        )
    if requested and (width % 16 or height % 16):
        raise invalid(f"Image width and height must be divisible by 16, got {width}x{height}.")
    if max(width / height, height / width) > CANVAS_MAX_ASPECT:
        raise invalid(f"Image aspect ratio must be between 1:4 and 4:1, got {width}x{height}.")
    if width * height >= CANVAS_MAX_PIXELS:
        raise invalid(
            f"Image must have fewer than {CANVAS_MAX_PIXELS} pixels, got {width}x{height}."
        )
