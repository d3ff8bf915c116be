"""The image sizes Stability AI's image services on Bedrock accept (``BEDROCK.md``)."""

from __future__ import annotations

from engines.bedrock.canvas_fit import CanvasFit, SizeRules, fit_canvas

SERVICE_MIN_SIDE = 64
SERVICE_MIN_PIXELS = 4_096
SERVICE_MAX_PIXELS = 9_437_184
SERVICE_SIZES = SizeRules(
    min_side=SERVICE_MIN_SIDE,
    max_side=SERVICE_MAX_PIXELS // SERVICE_MIN_SIDE,  # no own limit: implied by the pixels
    min_pixels=SERVICE_MIN_PIXELS,
    max_pixels=SERVICE_MAX_PIXELS,
    min_aspect=1 / 2.5,
    max_aspect=2.5,
)
"""Sides >= 64 px, 4,096 to 9,437,184 pixels, aspect ratios from 1:2.5 to 2.5:1."""


def service_size_problem(width: int, height: int) -> str:
    """Why the image services refuse an input of this size ("" when they accept it)."""
    return SERVICE_SIZES.problem(width, height)


def fit_service_canvas(width: int, height: int) -> CanvasFit:
    """The canvas to send the image services for a placement, and its crop box.

    Args:
        width: Placement width in pixels.
        height: Placement height in pixels.

    Returns:
        The fit (see :func:`~engines.bedrock.canvas_fit.fit_canvas`).
    """
    return fit_canvas(width, height, SERVICE_SIZES)
