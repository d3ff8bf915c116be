"""Fitting ad canvases to the sizes Bedrock's image models accept, and cropping back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.placements import Placement, load_placements
from engines.art_direction import ScenePrompt
from engines.bedrock.canvas_fit import CanvasFit, SizeRules, crop_back, fit_canvas, pad_image
from engines.bedrock.images import CanvasPainter, StabilityPainter
from engines.bedrock.nova_canvas.client import NovaCanvas
from engines.bedrock.stability.sizes import fit_service_canvas
from engines.bedrock.titan import TITAN_SIZES, TitanImage

PLACEMENTS = list(load_placements().values())
BANNERS = [(728, 90), (970, 250), (160, 600), (320, 50)]


def stability_accepts(width: int, height: int) -> bool:
    """Stability's image services (BEDROCK.md): sides >= 64, 4,096-9,437,184 px, 1:2.5-2.5:1."""
    return (min(width, height) >= 64 and 4_096 <= width * height <= 9_437_184
            and 1 / 2.5 <= width / height <= 2.5)


def nova_accepts(width: int, height: int) -> bool:
    """Nova Canvas (BEDROCK.md): 320-4096 a side, multiples of 16, 1:4-4:1, < 4,194,304 px."""
    return (320 <= width <= 4096 and 320 <= height <= 4096 and width % 16 == 0
            and height % 16 == 0 and 1 / 4 <= width / height <= 4 and width * height < 4_194_304)


def keeps_shape(fit: CanvasFit, placement: Placement) -> None:
    """The box lies inside the request and has the placement's aspect (to a pixel)."""
    left, top, right, bottom = fit.box
    assert 0 <= left < right <= fit.request[0] and 0 <= top < bottom <= fit.request[1]
    scale = (right - left) / placement.width
    assert abs((bottom - top) - placement.height * scale) <= 1.0


def test_the_extreme_banners_are_refused_as_they_are() -> None:
    # The reason for all this: these placements break Stability's rules as they are.
    assert not any(stability_accepts(*size) for size in BANNERS)


@pytest.mark.parametrize("placement", PLACEMENTS, ids=lambda p: p.id)
def test_every_placement_gets_a_stability_request_and_crops_back(placement: Placement) -> None:
    fit = fit_service_canvas(*placement.size)
    assert stability_accepts(*fit.request)
    keeps_shape(fit, placement)
    answer = Image.new("RGB", fit.request, "gray")
    assert crop_back(answer, fit).size == placement.size
    if stability_accepts(*placement.size):  # sent as it is: no padding, no resampling
        assert fit.request == placement.size and fit.box == (0, 0, *placement.size)


@pytest.mark.parametrize("placement", PLACEMENTS, ids=lambda p: p.id)
def test_every_placement_gets_a_nova_canvas_request_and_crops_back(placement: Placement) -> None:
    fit = NovaCanvas.fit_canvas(*placement.size)
    assert nova_accepts(*fit.request)
    keeps_shape(fit, placement)
    assert crop_back(Image.new("RGB", fit.request), fit).size == placement.size


@pytest.mark.parametrize("placement", PLACEMENTS, ids=lambda p: p.id)
def test_every_placement_gets_a_listed_titan_size_and_crops_back(placement: Placement) -> None:
    fit = TitanImage.fit_canvas(*placement.size)
    assert fit.request in TITAN_SIZES
    keeps_shape(fit, placement)
    assert crop_back(Image.new("RGB", fit.request), fit).size == placement.size


def test_a_leaderboard_is_padded_not_scaled_for_stability() -> None:
    fit = fit_service_canvas(728, 90)
    # 728 / 2.5 = 291.2: the height is padded to 292, the banner centred in it.
    assert fit.request == (728, 292)
    assert fit.box == (0, 101, 728, 191)


def test_a_skyscraper_is_padded_sideways_for_stability() -> None:
    assert fit_service_canvas(160, 600) == CanvasFit((160, 600), (240, 600), (40, 0, 200, 600))


def test_a_tiny_canvas_is_scaled_up_uniformly() -> None:
    rules = SizeRules(min_side=64, max_side=1000, min_pixels=4_096, max_pixels=10**6,
                      min_aspect=0.5, max_aspect=2.0)
    fit = fit_canvas(40, 20, rules)
    assert fit.request == (128, 64) and fit.box == (0, 0, 128, 64)


def test_a_huge_canvas_is_scaled_down_under_the_pixel_limit() -> None:
    fit = fit_service_canvas(4096, 4096)
    assert stability_accepts(*fit.request) and fit.request[0] == fit.request[1]
    assert fit.request[0] * fit.request[1] <= 9_437_184


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        fit_service_canvas(0, 90)


def pattern(size: tuple[int, int]) -> Image.Image:
    """A scene whose geometry shows any stretch: a circle, a square and stripes."""
    image = Image.new("RGB", size, (30, 90, 160))
    draw = ImageDraw.Draw(image)
    w, h = size
    for x in range(0, w, 24):
        draw.rectangle((x, 0, x + 7, h), fill=(240, 220, 40))
    r = h // 3
    draw.ellipse((w // 4 - r, h // 2 - r, w // 4 + r, h // 2 + r), fill=(200, 30, 30))
    draw.rectangle((3 * w // 4 - r, h // 2 - r, 3 * w // 4 + r, h // 2 + r), fill=(20, 160, 60))
    return image


@pytest.mark.parametrize("size", BANNERS)
def test_padding_then_cropping_gives_the_canvas_back_unchanged(size: tuple[int, int]) -> None:
    scene = pattern(size)
    fit = fit_service_canvas(*size)
    assert np.array_equal(np.asarray(crop_back(pad_image(scene, fit), fit)), np.asarray(scene))


@dataclass
class FakeStability:
    """Stability's inpaint, answering with the canvas it was sent (a model that keeps it)."""

    sent: list[dict[str, Any]] = field(default_factory=list)

    def inpaint(self, image: Image.Image, prompt: str, **kwargs: Any) -> Any:
        self.sent.append({"image": image, **kwargs})
        return type("Result", (), {"image": image.copy()})()


def keep_mask(size: tuple[int, int], box: tuple[int, int, int, int]) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rectangle(box, fill=255)
    return mask


@pytest.mark.parametrize("size", BANNERS)
def test_stability_painter_sends_an_accepted_size_and_returns_the_banner(
    size: tuple[int, int],
) -> None:
    client = FakeStability()
    scene = pattern(size)
    product = (size[0] // 3, size[1] // 4, size[0] // 2, 3 * size[1] // 4)
    painted = StabilityPainter(client).paint(  # type: ignore[arg-type]
        scene, keep_mask(size, product), ScenePrompt("a beach", "blurry"), seed=3
    )
    sent = client.sent[0]
    assert stability_accepts(*sent["image"].size) and sent["mask"].size == sent["image"].size
    assert painted.size == size
    # The service's answer (here the canvas itself) comes back without any distortion.
    assert np.array_equal(np.asarray(painted.convert("RGB")), np.asarray(scene))
    # The mask repaints the padding and the scene, and keeps the whole product.
    fit = fit_service_canvas(*size)
    mask = np.asarray(sent["mask"])
    left, top = fit.box[:2]
    assert mask[top + product[1]:top + product[3] + 1,
                left + product[0]:left + product[2] + 1].max() == 0
    assert mask[:top].min(initial=255) == 255 and mask[fit.box[3]:].min(initial=255) == 255


@dataclass
class FakeCanvas:
    """Nova Canvas's outpaint, answering with the canvas it was sent."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    fit_canvas = staticmethod(NovaCanvas.fit_canvas)

    def outpaint(self, image: Image.Image, prompt: str, **kwargs: Any) -> Any:
        self.sent.append({"image": image, **kwargs})
        return type("Result", (), {"image": image.copy()})()


@pytest.mark.parametrize("size", BANNERS)
def test_canvas_painter_fits_instead_of_stretching(size: tuple[int, int]) -> None:
    client = FakeCanvas()
    scene = pattern(size)
    product = (size[0] // 3, size[1] // 4, size[0] // 2, 3 * size[1] // 4)
    painter = CanvasPainter(client, "nova-canvas", 1024)  # type: ignore[arg-type]
    painted = painter.paint(scene, keep_mask(size, product), ScenePrompt("x", "y"), seed=1)
    sent = client.sent[0]
    assert nova_accepts(*sent["image"].size) and sent["mask_image"].size == sent["image"].size
    assert painted.size == size
    # The model sees the scene scaled uniformly inside padding, never stretched: the
    # banner's box of what was sent is the scene, and so is what comes back.
    sent_scene = crop_back(sent["image"], NovaCanvas.fit_canvas(*size))
    for image in (sent_scene, painted):
        diff = np.abs(np.asarray(image, dtype=float) - np.asarray(scene, dtype=float)).mean()
        assert diff < 4.0  # a stretched scene differs by 8 or more
