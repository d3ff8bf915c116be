"""Staging the product on its scene: trim, scale and place it, ground it, paste it exactly.

The product's own pixels are sacred: it is resized once (LANCZOS) and pasted last with
:func:`paste_exact`, so every opaque product pixel of the ad is exactly the resized
product's pixel. Shadows (contact, ambient occlusion, cast) and a reflection on glossy
floors follow the scene's light and floor.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import cv2
import numpy as np
from PIL import Image

from engines.local.ad.boxes import Box, Frac, to_pixels
from engines.local.ad.recipe import Recipe
from engines.local.scene.render import Scene
from engines.local.themes import Theme

_MAX_UPSCALE = 3.0


def trim(cutout: Image.Image) -> Image.Image:
    """The cutout cropped to its visible pixels (what compose_ad scales and places)."""
    rgba = cutout if cutout.mode == "RGBA" else cutout.convert("RGBA")
    bbox = rgba.getchannel("A").getbbox()
    if bbox is None:
        raise ValueError("the cutout is fully transparent")
    return rgba.crop(bbox) if bbox != (0, 0, *rgba.size) else rgba


def place_product(cutout: Image.Image, area: Box) -> tuple[Image.Image, Box]:
    """Resize the product once to fit ``area``; stand it on the area's bottom, centred."""
    left, top, right, bottom = area
    cw, ch = cutout.size
    scale = min((right - left) / cw, (bottom - top) / ch, _MAX_UPSCALE)
    pw, ph = max(1, round(cw * scale)), max(1, round(ch * scale))
    product = cutout.resize((pw, ph), Image.Resampling.LANCZOS)
    x0 = left + ((right - left) - pw) // 2
    return product, (x0, bottom - ph, x0 + pw, bottom)


def reach_sides(
    area: Box, size: tuple[int, int], sides: Collection[str], grow: float = 0.15
) -> Box:
    """Move the product's area against the canvas sides the product must leave through.

    The area keeps its size, grown by ``grow`` away from those sides (the cut-off part
    needs the room), so the text laid out beside it keeps its space.
    """
    w, h = size
    left, top, right, bottom = area
    aw, ah = right - left, bottom - top
    if "bottom" in sides:
        top, bottom = max(0, h - round(ah * (1 + grow))), h
    elif "top" in sides:
        top, bottom = 0, min(h, round(ah * (1 + grow)))
    if "left" in sides:
        left, right = 0, min(w, round(aw * (1 + grow)))
    elif "right" in sides:
        left, right = max(0, w - round(aw * (1 + grow))), w
    return (left, top, right, bottom)


def flush_to_sides(box: Box, size: tuple[int, int], sides: Collection[str]) -> Box:
    """Move ``box`` against the canvas sides where the photo's frame cut the product.

    A product held in a hand, or cut by the photo's edge, must leave the ad at the same
    side, as if the ad's frame cut it. Opposite sides (left and right) cancel out.
    """
    w, h = size
    dx = (-box[0] if "left" in sides else 0) + (w - box[2] if "right" in sides else 0)
    dy = (-box[1] if "top" in sides else 0) + (h - box[3] if "bottom" in sides else 0)
    if "left" in sides and "right" in sides:
        dx = 0
    if "top" in sides and "bottom" in sides:
        dy = 0
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def product_area(frac: Frac, size: tuple[int, int], recipe: Recipe, concept: float = 1.0) -> Box:
    """The layout's product area scaled about its base and shifted, no larger than the canvas.

    ``concept`` multiplies the recipe's scale: the ad's concept and the product's real size
    (:func:`~engines.local.ad.sizing.concept_scale`).
    """
    w, h = size
    left, top, right, bottom = to_pixels(frac, size)
    scale = recipe.product_scale * concept
    aw, ah = min(w, (right - left) * scale), min(h, (bottom - top) * scale)
    cx = (left + right) / 2 + recipe.product_shift[0] * w
    base = bottom + recipe.product_shift[1] * h
    return (round(cx - aw / 2), round(base - ah), round(cx + aw / 2), round(base))


def staged_theme(
    theme: Theme, box: Box, size: tuple[int, int], variation: int, held: bool = False
) -> Theme:
    """The theme with its horizon behind the product and the light mirrored on odd variations.

    A ``held`` product (one the photo's frame cuts) stands on nothing: the theme's podium,
    which the product would stand on, is left out.
    """
    h = size[1]
    ph = box[3] - box[1]
    horizon = min(max(box[3] - 0.4 * ph, 0.22 * h), box[3] - 0.06 * ph) / h
    direction = theme.lighting.direction
    if variation % 2:
        direction = (360.0 - direction) % 360.0
    surface = theme.surface.model_copy(update={"horizon": float(np.clip(horizon, 0.2, 0.95))})
    lighting = theme.lighting.model_copy(update={"direction": direction})
    update: dict[str, object] = {"surface": surface, "lighting": lighting}
    if held:
        update["accents"] = tuple(a for a in theme.accents if a.kind != "podium")
    return theme.model_copy(update=update)


def _footprint(alpha: np.ndarray) -> tuple[float, float]:
    """Left and right of the product's base (columns opaque in its bottom rows)."""
    ph = alpha.shape[0]
    base = alpha[max(0, ph - max(3, ph // 25)) :]
    cols = np.flatnonzero(base.max(axis=0) > 0.5)
    if cols.size == 0:
        cols = np.flatnonzero(alpha.max(axis=0) > 0.5)
    return float(cols[0]), float(cols[-1] + 1)


_SHADOW_SCALE = 4  # soft shadows are computed at a quarter of the resolution


def _ellipse_shadow(
    shape: tuple[int, int], center: tuple[float, float], axes: tuple[float, float], sigma: float
) -> np.ndarray:
    """A blurred filled ellipse (0..1) on a float canvas of ``shape``."""
    layer = np.zeros(shape, dtype=np.float32)
    c = (round(center[0]), round(center[1]))
    ax = (max(1, round(axes[0])), max(1, round(axes[1])))
    cv2.ellipse(layer, c, ax, 0, 0, 360, 1.0, -1, cv2.LINE_AA)
    return cv2.GaussianBlur(layer, (0, 0), max(sigma, 0.5))


def _cast_shadow(
    alpha: np.ndarray, shape: tuple[int, int], origin: tuple[float, float], scene: Scene
) -> np.ndarray:
    """The product's silhouette laid on the floor away from the light, softening with distance.

    All arguments are in the (reduced) shadow resolution.
    """
    ph = alpha.shape[0]
    lx = math.sin(math.radians(scene.light_direction))
    shear, k = -0.85 * lx, 0.26
    ox, oy = origin
    # product (x, y) -> canvas (ox + x + shear * (ph - y), oy + ph - k * (ph - y))
    matrix = np.array(
        [[1.0, -shear, ox + shear * ph], [0.0, k, oy + (1 - k) * ph]], dtype=np.float32
    )
    flat = cv2.warpAffine(alpha, matrix, (shape[1], shape[0]), flags=cv2.INTER_LINEAR)
    near = cv2.GaussianBlur(flat, (0, 0), 0.6 + 0.01 * ph)
    far = cv2.GaussianBlur(flat, (0, 0), (0.03 + 0.05 * scene.light_softness) * ph)
    rows = np.arange(shape[0], dtype=np.float32)[:, None]
    t = np.clip((oy + ph - rows) / max(k * ph, 1.0), 0.0, 1.0)
    return (near * (1 - t) + far * t) * (1.0 - 0.55 * t)


def _soft_shadows(alpha: np.ndarray, box: Box, size: tuple[int, int], scene: Scene) -> np.ndarray:
    """Ambient occlusion and cast shadow as a darkening factor (0..1) at full resolution."""
    w, h = size
    f = _SHADOW_SCALE
    shape = (h // f + 1, w // f + 1)
    left, top, right, bottom = box
    small = cv2.resize(
        alpha,
        (max(1, (right - left) // f), max(1, (bottom - top) // f)),
        interpolation=cv2.INTER_AREA,
    )
    fl, fr = _footprint(alpha)
    fw = max(fr - fl, 4.0) / f
    cx = (left + (fl + fr) / 2) / f
    strength = 0.55 + 0.45 * scene.light_intensity
    ambient = _ellipse_shadow(shape, (cx, bottom / f), (fw * 0.66, 0.1 * fw), 0.06 * fw)
    cast = _cast_shadow(small, shape, (left / f, bottom / f - small.shape[0]), scene)
    cast_strength = (0.38 - 0.18 * scene.light_softness) * strength
    dark = 1.0 - (1 - 0.3 * strength * ambient) * (1 - cast_strength * cast)
    return cv2.resize(dark, (shape[1] * f, shape[0] * f), interpolation=cv2.INTER_LINEAR)[:h, :w]


def _contact_shadow(
    alpha: np.ndarray, box: Box, size: tuple[int, int], scene: Scene
) -> tuple[np.ndarray, Box]:
    """The tight dark line where the product touches the floor, on a small region."""
    w, h = size
    left, _, _, bottom = box
    fl, fr = _footprint(alpha)
    fw = max(fr - fl, 4.0)
    pad = round(0.12 * fw) + 8
    region = (
        max(0, round(left + fl) - pad),
        max(0, bottom - pad),
        min(w, round(left + fr) + pad),
        min(h, bottom + pad),
    )
    shape = (region[3] - region[1], region[2] - region[0])
    center = (left + (fl + fr) / 2 - region[0], bottom - 0.004 * fw - region[1])
    sigma = max(1.5, 0.012 * fw)
    layer = _ellipse_shadow(shape, center, (fw * 0.5, max(2.0, 0.025 * fw)), sigma)
    return 0.6 * (0.55 + 0.45 * scene.light_intensity) * layer, region


def shadows(canvas: np.ndarray, alpha: np.ndarray, box: Box, scene: Scene) -> np.ndarray:
    """Darken the floor under the product: contact, ambient occlusion and cast shadow."""
    h, w = canvas.shape[:2]
    dark = _soft_shadows(alpha, box, (w, h), scene)
    contact, (x0, y0, x1, y1) = _contact_shadow(alpha, box, (w, h), scene)
    dark[y0:y1, x0:x1] = 1.0 - (1.0 - dark[y0:y1, x0:x1]) * (1.0 - contact)
    return canvas * (1.0 - np.clip(dark, 0, 0.85))[..., None]


def reflection(canvas: np.ndarray, product: Image.Image, box: Box, scene: Scene) -> np.ndarray:
    """A faint mirror image under the product on glossy floors."""
    if scene.reflectivity < 0.05:
        return canvas
    h = canvas.shape[0]
    left, _, right, bottom = box
    rows = min(h - bottom, round((box[3] - box[1]) * 0.45))
    if rows <= 0:
        return canvas
    flipped = np.asarray(product.transpose(Image.Transpose.FLIP_TOP_BOTTOM), dtype=np.float32)[
        :rows
    ]
    fade = np.linspace(1.0, 0.0, rows, dtype=np.float32)[:, None] ** 1.6
    a = cv2.GaussianBlur(flipped[..., 3] / 255.0 * fade * 0.45 * scene.reflectivity, (0, 0), 1.5)
    region = canvas[bottom : bottom + rows, left:right]
    region[:] = region * (1 - a[..., None]) + flipped[..., :3] * a[..., None]
    return canvas


def lie_flat(product_box: Box, area: Box) -> Box:
    """A product lying on a table seen from above: in the middle of its area, not on its base."""
    dy = ((area[1] + area[3]) - (product_box[1] + product_box[3])) // 2
    return (product_box[0], product_box[1] + dy, product_box[2], product_box[3] + dy)


def _clamp_box(box: Box, size: tuple[int, int]) -> Box:
    """``box`` cut to the canvas."""
    return (max(box[0], 0), max(box[1], 0), min(box[2], size[0]), min(box[3], size[1]))


def lying_shadow(canvas: np.ndarray, alpha: np.ndarray, box: Box, scene: Scene) -> np.ndarray:
    """The soft, even shadow of a product lying flat on a surface seen from above.

    The silhouette itself, blurred and nudged away from the light (a garment lifts a few
    millimetres off the table at its edges), plus a tighter, darker rim: no contact
    ellipse and no cast shadow across a floor, since there is no floor line.
    """
    h, w = canvas.shape[:2]
    left, top, right, bottom = _clamp_box(box, (w, h))
    alpha = alpha[top - box[1] : bottom - box[1], left - box[0] : right - box[0]]
    f = _SHADOW_SCALE
    extent = max(right - left, bottom - top)
    pad = round(0.08 * extent) + f
    x0, y0 = max(0, left - pad), max(0, top - pad)
    x1, y1 = min(w, right + pad), min(h, bottom + pad)
    layer = np.zeros((y1 - y0, x1 - x0), dtype=np.float32)
    layer[top - y0 : bottom - y0, left - x0 : right - x0] = alpha  # the box lies inside
    small = cv2.resize(layer, (max(1, layer.shape[1] // f), max(1, layer.shape[0] // f)),
                       interpolation=cv2.INTER_AREA)
    angle = math.radians(scene.light_direction)
    shift = 0.012 * extent / f
    matrix = np.array([[1, 0, -math.sin(angle) * shift], [0, 1, math.cos(angle) * shift]],
                      dtype=np.float32)
    moved = cv2.warpAffine(small, matrix, (small.shape[1], small.shape[0]))
    soft = cv2.GaussianBlur(moved, (0, 0), (0.012 + 0.02 * scene.light_softness) * extent / f)
    rim = cv2.GaussianBlur(small, (0, 0), max(0.6, 0.003 * extent / f))
    strength = 0.55 + 0.45 * scene.light_intensity
    dark_small = 1.0 - (1.0 - 0.3 * strength * soft) * (1.0 - 0.22 * strength * rim)
    dark = cv2.resize(dark_small, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    canvas[y0:y1, x0:x1] *= (1.0 - np.clip(dark, 0.0, 0.85))[..., None]
    return canvas


def paste_exact(canvas: np.ndarray, product: Image.Image, box: Box) -> np.ndarray:
    """Alpha-blend the product; opaque pixels come out exactly equal to the product's."""
    rgba = np.asarray(product, dtype=np.uint32)
    left, top, right, bottom = box
    a = rgba[..., 3:4]
    under = canvas[top:bottom, left:right].astype(np.uint32)
    blended = (rgba[..., :3] * a + under * (255 - a) + 127) // 255
    canvas[top:bottom, left:right] = blended.astype(np.uint8)
    return canvas
