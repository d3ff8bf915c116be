"""Image looks: the colour names and tone a person would give a picture, from its pixels."""

from __future__ import annotations

from typing import get_args

import numpy as np
import pytest
from PIL import Image

from core.schemas import ColorName
from engines.local import look
from engines.local.look import image_look, name_colors, to_lab, tone_of


def _rgb(color: str) -> np.ndarray:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], np.float32)


def gradient(top: str, bottom: str, size: tuple[int, int] = (400, 300)) -> Image.Image:
    """A vertical gradient from ``top`` to ``bottom``."""
    w, h = size
    t = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    rows = _rgb(top) + (_rgb(bottom) - _rgb(top)) * t
    return Image.fromarray(np.broadcast_to(rows, (h, w, 3)).round().astype(np.uint8))


def vignette(image: Image.Image, strength: float) -> Image.Image:
    """Darken the corners, as a studio light falls off."""
    w, h = image.size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 2
    out = np.asarray(image, np.float32) * (1 - strength * r2)[..., None]
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def test_a_blue_gradient_is_blue() -> None:
    found = image_look(gradient("#1E4FA8", "#8EC3F0"))
    assert found.colors == ["blue"] and found.tone == "mid"


def test_a_near_white_studio_sweep_is_white_and_light() -> None:
    sweep = vignette(gradient("#F7F7F7", "#DEDEDE"), 0.12)
    found = image_look(sweep)
    assert found.colors[0] == "white" and set(found.colors) <= {"white", "grey"}
    assert found.tone == "light" and found.lightness > 85


def test_a_dark_navy_scene_is_navy_and_dark() -> None:
    scene = np.asarray(gradient("#0A1233", "#1F2E66", (480, 320))).copy()
    yy, xx = np.mgrid[0:320, 0:480]
    for cx, cy, r in ((80, 90, 30), (300, 60, 22), (410, 200, 26)):  # a few soft bokeh
        disc = (xx - cx) ** 2 + (yy - cy) ** 2 < r * r
        scene[disc] = (scene[disc] * 0.6 + np.array([70, 80, 140]) * 0.4).astype(np.uint8)
    found = image_look(Image.fromarray(scene))
    assert found.colors[0] == "navy" and found.tone == "dark"


def test_a_yellow_and_orange_split_is_both() -> None:
    split = np.zeros((300, 400, 3), np.uint8)
    split[:, :200] = _rgb("#F9D71C")
    split[:, 200:] = _rgb("#F28C28")
    assert sorted(image_look(Image.fromarray(split)).colors) == ["orange", "yellow"]


def test_names_under_the_minimum_share_are_dropped_and_the_rest_ranked() -> None:
    canvas = np.full((200, 200, 3), 250, np.uint8)
    canvas[:40, :40] = (200, 30, 30)  # 4% red: a speck, not named
    assert image_look(Image.fromarray(canvas)).colors == ["white"]
    canvas[:100, :60] = (200, 30, 30)  # 15% red: named
    assert set(image_look(Image.fromarray(canvas)).colors) == {"white", "red"}


def test_shades_of_one_name_are_merged_and_at_most_three_names_are_given() -> None:
    halves = np.zeros((200, 200, 3), np.uint8)
    halves[:100] = _rgb("#1565C0")
    halves[100:] = _rgb("#64B5F6")
    assert image_look(Image.fromarray(halves)).colors == ["blue"]
    quads = np.zeros((200, 200, 3), np.uint8)
    for (y, x), color in zip(
        ((0, 0), (0, 100), (100, 0), (100, 100)), ("#D32F2F", "#2E7D32", "#1565C0", "#FDD835"),
        strict=True,
    ):
        quads[y : y + 100, x : x + 100] = _rgb(color)
    named = image_look(Image.fromarray(quads)).colors
    assert len(named) == 3 and set(named) <= {"red", "green", "blue", "yellow"}


def test_a_saturated_colour_is_named_before_a_larger_dull_one() -> None:
    canvas = np.zeros((200, 200, 3), np.uint8)
    canvas[:] = _rgb("#C8B594")  # a beige floor, 60% of the picture
    canvas[:, 120:] = _rgb("#D32F2F")  # a red product, 40%
    assert image_look(Image.fromarray(canvas)).colors == ["red", "beige"]


@pytest.mark.parametrize(
    ("color", "name"),
    [
        ("#FF0000", "red"), ("#B22222", "red"), ("#FFA500", "orange"), ("#FF8C00", "orange"),
        ("#FFFF00", "yellow"), ("#FFF44F", "yellow"), ("#008000", "green"),
        ("#228B22", "green"), ("#90EE90", "green"), ("#808000", "green"), ("#008080", "teal"),
        ("#20B2AA", "teal"), ("#0000FF", "blue"), ("#4169E1", "blue"), ("#ADD8E6", "blue"),
        ("#87CEFA", "blue"), ("#000080", "navy"), ("#191970", "navy"), ("#800080", "purple"),
        ("#9370DB", "purple"), ("#E6E6FA", "purple"), ("#FFC0CB", "pink"), ("#FF69B4", "pink"),
        ("#8B4513", "brown"), ("#654321", "brown"), ("#C8AD7F", "beige"), ("#FFFDD0", "cream"),
        ("#CFB53B", "gold"), ("#000000", "black"), ("#FFFFFF", "white"), ("#808080", "grey"),
        ("#A9A9A9", "grey"), ("#D3D3D3", "grey"), ("#36454F", "grey"),
    ],
)
def test_common_colours_get_their_common_names(color: str, name: ColorName) -> None:
    assert name_colors(to_lab(_rgb(color)[None, :])) == [name]


def test_every_name_of_the_vocabulary_has_references_named_by_it() -> None:
    assert set(look._REFERENCES) == set(get_args(ColorName))
    for name, references in look._REFERENCES.items():
        named = name_colors(to_lab(np.array([_rgb(c) for c in references])))
        assert named == [name] * len(references), name


def test_the_tone_follows_the_mean_lightness() -> None:
    assert image_look(Image.new("RGB", (50, 50), (245, 245, 245))).tone == "light"
    assert image_look(Image.new("RGB", (50, 50), (119, 119, 119))).tone == "mid"
    assert image_look(Image.new("RGB", (50, 50), (30, 30, 40))).tone == "dark"
    assert [tone_of(v) for v in (90.0, 60.0, 59.9, 36.0, 35.9, 5.0)] == [
        "light", "light", "mid", "mid", "dark", "dark"
    ]


def test_transparency_and_any_size_are_handled() -> None:
    rgba = Image.new("RGBA", (1600, 30), (20, 120, 60, 128))
    found = image_look(rgba)
    assert found.colors == ["green"] and 0 <= found.lightness <= 100


def test_the_backdrop_is_the_wall_round_the_top_not_the_headline_or_the_product() -> None:
    ad = np.zeros((200, 200, 3), np.uint8)
    ad[:140] = (200, 160, 96)  # an amber wall
    ad[140:] = (235, 225, 210)  # a light floor
    ad[6:30, 40:160] = (20, 20, 20)  # the headline across the top band
    ad[60:190, 80:120] = (40, 60, 160)  # a blue product
    found = image_look(Image.fromarray(ad)).backdrop
    assert found is not None
    rgb = [int(found[i : i + 2], 16) for i in (1, 3, 5)]
    assert max(abs(a - b) for a, b in zip(rgb, (200, 160, 96), strict=True)) <= 6
