"""Named product-photo recipes: drawn, deterministic photos (and bad uploads) for scenarios.

The drawing helpers are deterministic in their seed and return ``(photo, mask)`` where
``mask`` is a boolean array (True = product) of the photo's size. Shapes are drawn 4x
supersampled so edges are anti-aliased like a real photo, and JPEG helpers round-trip
through the encoder so the artefacts are real. Tests draw their photos with them too.

:func:`recipe_bytes` turns a recipe name into the bytes a scenario uploads: a product
photo scaled to a small size, or a deliberately bad upload (corrupt, tiny, blank, strip).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw

SS = 4  # supersampling factor
Box = tuple[float, float, float, float]


def jpeg_roundtrip(img: Image.Image, quality: int = 80) -> Image.Image:
    """Return ``img`` after a JPEG encode/decode (real blocking and ringing artefacts)."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def coverage(
    size: tuple[int, int], draw: Callable[[ImageDraw.ImageDraw, float], None]
) -> np.ndarray:
    """Anti-aliased coverage (float 0..1, h x w) of shapes drawn by ``draw(d, scale)``."""
    w, h = size
    big = Image.new("L", (w * SS, h * SS), 0)
    draw(ImageDraw.Draw(big), SS)
    out = np.zeros((h, w), np.float32)
    drawn = big.getbbox()
    if drawn is None:
        return out
    # only the drawn part is averaged down, on whole SS x SS blocks (the same values as
    # resizing the whole canvas: every output pixel averages its own block)
    left, top = drawn[0] // SS, drawn[1] // SS
    right, bottom = -(-drawn[2] // SS), -(-drawn[3] // SS)
    part = big.crop((left * SS, top * SS, right * SS, bottom * SS))
    small = part.resize((right - left, bottom - top), Image.Resampling.BOX)
    out[top:bottom, left:right] = np.asarray(small, dtype=np.float32) / 255.0
    return out


def _rrect(box: Box, radius: float) -> Callable[[ImageDraw.ImageDraw, float], None]:
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        d.rounded_rectangle([v * s for v in box], radius=radius * s, fill=255)

    return draw


def _ellipse(box: Box) -> Callable[[ImageDraw.ImageDraw, float], None]:
    def draw(d: ImageDraw.ImageDraw, s: float) -> None:
        d.ellipse([v * s for v in box], fill=255)

    return draw


def _backdrop(size: tuple[int, int], color: tuple[int, int, int], seed: int) -> np.ndarray:
    w, h = size
    rng = np.random.default_rng(seed)
    ramp = np.linspace(-2.5, 2.5, h, dtype=np.float32)[:, None, None]
    noise = rng.normal(0.0, 1.0, (h, w, 1)).astype(np.float32)
    return np.asarray(color, dtype=np.float32) + ramp + noise


def _soft_shadow(size: tuple[int, int], box: Box, sigma: float, strength: float) -> np.ndarray:
    """A blurred ellipse, 0..strength, the darkening factor of a floor shadow."""
    shadow = coverage(size, _ellipse(box))
    return cv2.GaussianBlur(shadow, (0, 0), sigma) * strength


def _cylinder(
    size: tuple[int, int],
    x0: float,
    x1: float,
    color: tuple[int, int, int],
    highlight: float = 0.35,
) -> np.ndarray:
    """Columns shaded like a lit cylinder spanning x0..x1 (RGB float image)."""
    w, h = size
    x = np.arange(w, dtype=np.float32)
    t = np.clip((x - (x0 + x1) / 2) / ((x1 - x0) / 2), -1, 1)
    shade = 0.45 + 0.55 * np.sqrt(1 - t**2) + highlight * np.exp(-(((t + 0.45) / 0.09) ** 2))
    rgb = np.asarray(color, dtype=np.float32)[None, :] * shade[:, None]
    return np.broadcast_to(rgb[None], (h, w, 3)).astype(np.float32)


def _over(base: np.ndarray, layer: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return base * (1 - alpha[..., None]) + layer * alpha[..., None]


def _to_image(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "RGB")


def bottle_on_white(seed: int = 0, quality: int = 80) -> tuple[Image.Image, np.ndarray]:
    """A shaded steel bottle with a dark cap and a white label, soft floor shadow, off-white."""
    size = (800, 1000)
    img = _backdrop(size, (246, 245, 242), seed)
    img *= 1 - _soft_shadow(size, (270, 855, 700, 915), 16, 0.32)[..., None]
    body = coverage(size, _rrect((300, 330, 500, 885), 26))
    shoulder = coverage(size, _ellipse((300, 255, 500, 420)))
    neck = coverage(size, _rrect((352, 200, 448, 300), 6))
    cap = coverage(size, _rrect((340, 128, 460, 214), 14))
    steel = np.maximum(np.maximum(body, shoulder), neck)
    img = _over(img, _cylinder(size, 300, 500, (150, 160, 172)), steel)
    label = coverage(size, _rrect((300, 520, 500, 680), 0)) * body
    img = _over(img, _cylinder(size, 300, 500, (236, 234, 228), 0.1), label)
    img = _over(img, _cylinder(size, 340, 460, (30, 92, 104)), cap)
    mask = np.maximum(steel, cap) >= 0.5
    return jpeg_roundtrip(_to_image(img), quality), mask


def white_mug_on_white(seed: int = 0, quality: int = 85) -> tuple[Image.Image, np.ndarray]:
    """A white mug with a thin grey outline and a handle whose hole shows the backdrop."""
    size = (900, 800)
    img = _backdrop(size, (243, 243, 241), seed)
    img *= 1 - _soft_shadow(size, (250, 610, 720, 680), 14, 0.22)[..., None]

    def handle(d: ImageDraw.ImageDraw, s: float) -> None:
        d.ellipse([v * s for v in (505, 300, 700, 560)], fill=255)
        d.ellipse([v * s for v in (545, 345, 655, 515)], fill=0)
        d.rectangle([v * s for v in (0, 0, 560, 800)], fill=0)

    def outline(d: ImageDraw.ImageDraw, s: float) -> None:
        d.rounded_rectangle([v * s for v in (280, 220, 580, 640)], radius=30 * s, fill=255)
        d.ellipse([v * s for v in (505, 300, 700, 560)], fill=255)
        d.ellipse([v * s for v in (545 - 0, 345, 655, 515)], fill=0)

    ring = coverage(size, handle)
    body = coverage(size, _rrect((280, 220, 580, 640), 30))
    silhouette = np.maximum(ring, body)
    grey = np.full((*silhouette.shape, 3), 178.0, dtype=np.float32)
    img = _over(img, grey, silhouette)  # the outline shows where the fill below is inset
    inner = cv2.erode(silhouette, np.ones((5, 5), np.uint8))
    img = _over(img, _cylinder(size, 280, 580, (238, 238, 236), 0.12) + 6, inner)
    rim = coverage(size, _ellipse((292, 206, 568, 250)))
    img = _over(img, np.full_like(img, 205.0), rim * 0.8)
    mask = silhouette >= 0.5
    _ = outline
    return jpeg_roundtrip(_to_image(img), quality), mask


def glass_on_white(seed: int = 0, quality: int = 88) -> tuple[Image.Image, np.ndarray]:
    """A clear drinking glass on white: thin grey walls, a faint tint and highlights inside.

    Almost all of the glass shows the backdrop through it, so only its walls, rim and base
    tell it apart: the matte must still treat the whole glass as product.
    """
    size = (700, 900)
    img = _backdrop(size, (246, 246, 244), seed)
    img *= 1 - _soft_shadow(size, (220, 770, 480, 815), 12, 0.18)[..., None]
    body = coverage(size, _rrect((230, 250, 470, 790), 18))
    inside = coverage(size, _rrect((242, 262, 458, 760), 12))
    walls = np.clip(body - inside, 0, 1)
    tint = np.full((*body.shape, 3), (228.0, 236.0, 238.0), dtype=np.float32)
    img = _over(img, tint, inside * 0.35)
    img = _over(img, np.full_like(img, 150.0), walls * 0.85)
    for x0 in (262, 420):  # vertical highlights
        streak = coverage(size, _rrect((x0, 300, x0 + 10, 700), 5))
        img = _over(img, np.full_like(img, 255.0), streak * 0.7)
    base = coverage(size, _rrect((236, 740, 464, 790), 10))
    img = _over(img, np.full_like(img, 196.0), base * 0.8)
    rim = coverage(size, _ellipse((228, 238, 472, 266)))
    img = _over(img, np.full_like(img, 160.0), np.clip(rim - inside, 0, 1) * 0.8)
    mask = np.maximum(body, rim) >= 0.5
    return jpeg_roundtrip(_to_image(img), quality), mask


def product_with_alpha(seed: int = 0) -> tuple[Image.Image, np.ndarray]:
    """An RGBA PNG cutout of a cosmetics jar (alpha anti-aliased), PNG round trip."""
    size = (600, 700)
    jar = coverage(size, _rrect((120, 260, 480, 640), 40))
    lid = coverage(size, _rrect((140, 160, 460, 270), 18))
    rgb = _over(
        _cylinder(size, 120, 480, (214, 160, 170)), _cylinder(size, 140, 460, (60, 50, 55)), lid
    )
    alpha = np.maximum(jar, lid)
    rgba = np.dstack([np.clip(rgb + 0.5, 0, 255), alpha * 255 + 0.5]).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, "PNG")
    buf.seek(0)
    _ = seed
    return Image.open(buf), alpha >= 0.5


def product_on_busy_background(seed: int = 0, quality: int = 85) -> tuple[Image.Image, np.ndarray]:
    """A blue bottle in front of a colourful, textured background."""
    size = (800, 800)
    w, h = size
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = ((xx + yy) / (w + h))[..., None]
    img = np.array([60, 170, 160], np.float32) * (1 - t) + np.array([240, 170, 90], np.float32) * t
    texture = cv2.resize(
        rng.random((20, 20)).astype(np.float32), size, interpolation=cv2.INTER_CUBIC
    )
    img += (texture[..., None] - 0.5) * 60
    canvas = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(canvas)
    for _ in range(40):
        x, y, r = int(rng.integers(0, w)), int(rng.integers(0, h)), int(rng.integers(10, 60))
        color = tuple(int(c) for c in rng.integers(80, 255, 3))
        d.ellipse((x - r, y - r, x + r, y + r), outline=color, width=int(rng.integers(3, 9)))
    img = np.asarray(canvas, dtype=np.float32)
    body = coverage(size, _rrect((310, 250, 490, 700), 30))
    cap = coverage(size, _rrect((350, 170, 450, 260), 10))
    img = _over(img, _cylinder(size, 310, 490, (30, 60, 160)), body)
    img = _over(img, _cylinder(size, 350, 450, (235, 235, 240)), cap)
    return jpeg_roundtrip(_to_image(img), quality), np.maximum(body, cap) >= 0.5


def hand_holding_product(seed: int = 0, quality: int = 85) -> tuple[Image.Image, np.ndarray]:
    """A pink tube held by a hand whose arm leaves the frame at the bottom.

    The mask counts product, hand and arm (everything in front of the backdrop), which is
    what a background matte can know without understanding hands.
    """
    size = (800, 1000)
    img = _backdrop(size, (234, 237, 240), seed)
    tube = coverage(size, _rrect((330, 150, 470, 720), 24))
    cap = coverage(size, _rrect((355, 90, 445, 160), 8))
    palm = coverage(size, _ellipse((300, 560, 520, 760)))
    arm = coverage(size, _rrect((340, 700, 480, 1040), 50))
    fingers = np.zeros_like(tube)
    for i in range(4):
        y = 520 + i * 42
        fingers = np.maximum(fingers, coverage(size, _rrect((270, y, 450, y + 36), 18)))
    skin = np.maximum(np.maximum(palm, arm), fingers)
    img = _over(img, _cylinder(size, 330, 470, (226, 120, 150)), tube)
    img = _over(img, _cylinder(size, 355, 445, (245, 245, 245)), cap)
    img = _over(img, _cylinder(size, 270, 520, (224, 172, 140), 0.15), skin)
    mask = np.maximum(np.maximum(tube, cap), skin) >= 0.5
    return jpeg_roundtrip(_to_image(img), quality), mask


Drawing = Callable[[int], tuple[Image.Image, np.ndarray]]

PRODUCTS: dict[str, Drawing] = {
    "bottle": lambda seed: bottle_on_white(seed),
    "mug": lambda seed: white_mug_on_white(seed),
    "glass": lambda seed: glass_on_white(seed),
    "jar": lambda seed: product_with_alpha(seed),
    "busy": lambda seed: product_on_busy_background(seed),
    "hand": lambda seed: hand_holding_product(seed),
}
"""Drawn product photos by recipe name."""

BAD_UPLOADS = ("corrupt", "empty", "tiny", "blank", "strip", "texture", "logo")
"""Recipes that are not an ordinary product photo (each tests one kind of bad input)."""

RECIPES = (*PRODUCTS, *BAD_UPLOADS)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _scaled(image: Image.Image, max_side: int) -> Image.Image:
    """``image`` reduced so its long side is at most ``max_side`` (never enlarged)."""
    scale = max_side / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _texture(seed: int) -> Image.Image:
    """Smooth colourful noise edge to edge: no product to separate from a background."""
    rng = np.random.default_rng(seed)
    small = rng.random((12, 12, 3)).astype(np.float32) * 255
    return Image.fromarray(cv2.resize(small, (600, 600), interpolation=cv2.INTER_CUBIC)
                           .clip(0, 255).astype(np.uint8), "RGB")


def _logo(seed: int) -> Image.Image:
    """A small two-colour round logo on transparency."""
    size = (400, 400)
    disc = coverage(size, _ellipse((40, 40, 360, 360)))
    inner = coverage(size, _ellipse((140, 140, 260, 260)))
    rgb = np.zeros((*disc.shape, 3), np.float32) + np.array([255, 102, 0], np.float32)
    rgb = _over(rgb, np.full_like(rgb, 26.0 + seed % 5), inner)
    alpha = (disc * 255 + 0.5).astype(np.uint8)
    return Image.fromarray(np.dstack([rgb.clip(0, 255).astype(np.uint8), alpha]), "RGBA")


def _bad_upload(name: str, seed: int) -> bytes:
    """The bytes of one deliberately bad (or special) upload."""
    if name == "corrupt":
        return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # a PNG header, then garbage
    if name == "empty":
        return b""
    if name == "tiny":
        return _png(bottle_on_white(seed)[0].resize((48, 60)))
    if name == "blank":
        return _png(Image.new("RGB", (600, 600), (200, 200, 200)))
    if name == "strip":
        return _png(bottle_on_white(seed)[0].resize((1500, 300)))
    if name == "texture":
        return _png(_texture(seed))
    return _png(_logo(seed))


@lru_cache(maxsize=32)
def recipe_bytes(name: str, seed: int = 0, max_side: int = 480) -> bytes:
    """The upload a scenario's recipe names, as file bytes (cached: drawing takes time).

    Args:
        name: One of :data:`RECIPES`.
        seed: Seed of the drawing (noise, JPEG artefacts).
        max_side: Long side of product photos (kept small so scenarios run fast).

    Raises:
        KeyError: No recipe has this name.
    """
    if name in PRODUCTS:
        image = _scaled(PRODUCTS[name](seed)[0], max_side)
        return _png(image.convert("RGBA") if image.mode == "RGBA" else image.convert("RGB"))
    if name in BAD_UPLOADS:
        return _bad_upload(name, seed)
    raise KeyError(f"unknown photo recipe {name!r}; known: {', '.join(RECIPES)}")
