"""Amazon Nova Canvas output sizes and prices: which sizes it takes, the nearest one, the cost.

Prices are the secondhand ones in ``BEDROCK.md`` ("Images: Nova Canvas").
"""

from __future__ import annotations

import math

from engines.bedrock.canvas_fit import CanvasFit, SizeRules, fit_canvas

MIN_SIDE = 320
MAX_SIDE = 4096
SIDE_STEP = 16
MAX_PIXELS = 4_194_304  # w * h must be strictly below this
MIN_ASPECT = 1 / 4
MAX_ASPECT = 4.0

NOVA_SIZES = SizeRules(
    min_side=MIN_SIDE,
    max_side=MAX_SIDE,
    min_pixels=1,
    max_pixels=MAX_PIXELS - 1,
    min_aspect=MIN_ASPECT,
    max_aspect=MAX_ASPECT,
    step=SIDE_STEP,
)
"""The same rules as :func:`nova_size_problem`, for :func:`fit_nova_canvas`."""

# Secondhand prices (BEDROCK.md), USD per image: (max side, {quality: price}). "Up to
# 1024x1024" is read as both sides <= 1024 (so 1280x720 is in the higher tier): the
# reference does not say whether the tier goes by side or by pixel count, and this
# reading never under-quotes.
PRICES: tuple[tuple[int, dict[str, float]], ...] = (
    (1024, {"standard": 0.04, "premium": 0.06}),
    (2048, {"standard": 0.06, "premium": 0.08}),
)


def nova_size_problem(width: int, height: int) -> str:
    """Why Nova Canvas refuses a size ("" when it is allowed).

    Args:
        width: Width in pixels.
        height: Height in pixels.

    Returns:
        A short explanation, or an empty string.
    """
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        return f"width and height must be {MIN_SIDE}-{MAX_SIDE} px"
    if width % SIDE_STEP or height % SIDE_STEP:
        return f"width and height must be divisible by {SIDE_STEP}"
    if not MIN_ASPECT <= width / height <= MAX_ASPECT:
        return "the aspect ratio must be between 1:4 and 4:1"
    if width * height >= MAX_PIXELS:
        return f"width x height must be below {MAX_PIXELS:,} pixels"
    return ""


def snap_size(width: int, height: int) -> tuple[int, int]:
    """The allowed Nova Canvas size nearest to a wish, keeping its aspect ratio.

    The aspect ratio is clamped to 1:4..4:1, the size scaled into the bounds (320–4096 px
    a side, fewer than 4,194,304 pixels), then each side rounded to a multiple of 16,
    choosing the rounding that best keeps the aspect ratio.

    Args:
        width: Wanted width in pixels (> 0).
        height: Wanted height in pixels (> 0).

    Returns:
        ``(width, height)`` that passes :func:`nova_size_problem`.

    Raises:
        ValueError: When a side is not positive.
    """
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    ratio = min(max(width / height, MIN_ASPECT), MAX_ASPECT)
    area = float(width * height)
    w, h = math.sqrt(area * ratio), math.sqrt(area / ratio)
    scale = min(1.0, math.sqrt((MAX_PIXELS - 1) / (w * h)), MAX_SIDE / max(w, h))
    scale = max(scale, MIN_SIDE / min(w, h))
    w, h = w * scale, h * scale
    candidates = [
        (cw, ch) for cw in _steps_near(w) for ch in _steps_near(h) if not nova_size_problem(cw, ch)
    ]
    return min(
        candidates, key=lambda c: (abs(math.log(c[0] / c[1] / ratio)), abs(c[0] * c[1] - w * h))
    )


def fit_nova_canvas(width: int, height: int) -> CanvasFit:
    """The canvas to send Nova Canvas for a placement, and the box to crop back.

    Unlike :func:`snap_size` (a new image of about that shape), this never changes the
    placement's aspect ratio: the placement is scaled uniformly when a side or the pixel
    count is out of range, and padded to 1:4..4:1 and multiples of 16.

    Args:
        width: Placement width in pixels.
        height: Placement height in pixels.

    Returns:
        The fit (see :func:`~engines.bedrock.canvas_fit.fit_canvas`).
    """
    return fit_canvas(width, height, NOVA_SIZES)


def _steps_near(value: float) -> list[int]:
    """Multiples of 16 around a value (two steps either side of its floor)."""
    base = int(value // SIDE_STEP) * SIDE_STEP
    return [base + k * SIDE_STEP for k in range(-2, 4)]


def estimate_cost(
    task: str, width: int, height: int, quality: str = "standard", n: int = 1
) -> float:
    """Estimated USD cost of a call, from the secondhand prices in ``BEDROCK.md``.

    Sizes over 2048 px a side (allowed, e.g. 4080x1024) are priced at the top tier: the
    reference gives no price for them (UNCONFIRMED).

    Args:
        task: The task type (every task is priced per output image).
        width: Output width (for editing tasks: the input image's width).
        height: Output height (for editing tasks: the input image's height).
        quality: ``standard`` or ``premium`` (BACKGROUND_REMOVAL is priced as standard).
        n: Number of images.

    Returns:
        The estimated cost in US dollars.
    """
    if task == "BACKGROUND_REMOVAL":
        quality, n = "standard", 1
    side = max(width, height)
    for limit, prices in PRICES:
        if side <= limit:
            return round(prices.get(quality, prices["standard"]) * n, 4)
    return round(PRICES[-1][1].get(quality, PRICES[-1][1]["standard"]) * n, 4)
