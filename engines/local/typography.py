"""Ad typography: a headline, subline and call-to-action button fitted into a text area.

Fonts come from open-licence (SIL OFL) pip packages, never from the system. Text is
auto-sized and balanced-wrapped; when it cannot fit at the smallest legible size the block
degrades in steps (drop the subline, shorten the headline at a word boundary, drop the
button). Text is coloured for WCAG contrast against the actual pixels behind it, with a
soft scrim only when the background is too busy or too mid-toned for 4.5:1.

Drawing happens in two steps so callers can keep the backplate (the pixels right behind
the glyphs): :func:`fit` plans, :func:`prepare` picks the ink and draws any scrim, and
:func:`render` draws glyphs and buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from policy.contrast import contrast, luminance

MIN_CONTRAST = 4.5
CONTRAST_PERCENTILE = 1.0  # worst case over the pixels behind the text, ignoring 1% outliers
WHITE = (255, 255, 255)
NEAR_BLACK = (20, 20, 22)

Box = tuple[int, int, int, int]
RGB = tuple[int, int, int]
FontRole = Literal["headline", "bold", "regular"]
Role = Literal["headline", "subline", "cta"]


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class FontFamily:
    """A typeface family from a pip package.

    Attributes:
        id: Registry key stored in recipes.
        label: Human-readable name.
        package: Import name of the pip package that ships the files.
        headline: File of the headline face.
        bold: File of the button (call-to-action) face.
        regular: File of the subline face.
        body_package: Package of ``bold`` and ``regular`` when it differs (display fonts).
    """

    id: str
    label: str
    package: str
    headline: str
    bold: str
    regular: str
    body_package: str | None = None


FONT_FAMILIES: dict[str, FontFamily] = {
    f.id: f
    for f in (
        FontFamily(
            "lato", "Lato", "font_lato", "Lato-Black.ttf", "Lato-Bold.ttf", "Lato-Regular.ttf"
        ),
        FontFamily(
            "manrope",
            "Manrope",
            "font_manrope",
            "Manrope-ExtraBold.ttf",
            "Manrope-Bold.ttf",
            "Manrope-Medium.ttf",
        ),
        FontFamily(
            "hanken-grotesk",
            "Hanken Grotesk",
            "font_hanken_grotesk",
            "HankenGrotesk-Bold.otf",
            "HankenGrotesk-SemiBold.otf",
            "HankenGrotesk-Regular.otf",
        ),
        FontFamily(
            "source-sans",
            "Source Sans Pro",
            "font_source_sans_pro",
            "SourceSansPro-Black.ttf",
            "SourceSansPro-Bold.ttf",
            "SourceSansPro-Regular.ttf",
        ),
        FontFamily(
            "fjalla-one",
            "Fjalla One (display) with Lato",
            "font_fjallaone",
            "FjallaOne-Regular.ttf",
            "Lato-Bold.ttf",
            "Lato-Regular.ttf",
            body_package="font_lato",
        ),
    )
}
DEFAULT_FONT = "lato"


def font_family(name: str | None) -> FontFamily:
    """The family for an id or label (any case, spaces or hyphens); unknown → the default."""
    key = re.sub(r"[\s_-]+", "", (name or "").lower())
    for family in FONT_FAMILIES.values():
        if key in (family.id.replace("-", ""), re.sub(r"[\s_-]+", "", family.label.lower())):
            return family
    aliases = {"fjalla": "fjalla-one", "hanken": "hanken-grotesk", "sourcesanspro": "source-sans"}
    return FONT_FAMILIES[aliases.get(key, DEFAULT_FONT)]


def font_path(family: str, role: FontRole) -> Path:
    """The font file of a family's face, inside its pip package."""
    fam = font_family(family)
    package = fam.package if role == "headline" else fam.body_package or fam.package
    name = {"headline": fam.headline, "bold": fam.bold, "regular": fam.regular}[role]
    return Path(str(files(package) / "files" / name))


@cache
def font(family: str, role: FontRole, size: int) -> ImageFont.FreeTypeFont:
    """A family's ``headline``, ``bold`` (button) or ``regular`` face at ``size`` px, cached."""
    return ImageFont.truetype(str(font_path(family, role)), size)


# --------------------------------------------------------------------------- colour


def _extremes(region: np.ndarray) -> tuple[float, float]:
    """Darkest and lightest luminance of a region, ignoring 1% outliers at each end."""
    lum = luminance(np.asarray(region).reshape(-1, 3))
    if lum.size == 0:
        return 0.0, 1.0
    lo, hi = np.percentile(lum, [CONTRAST_PERCENTILE, 100 - CONTRAST_PERCENTILE])
    return float(lo), float(hi)


def _worst(extremes: tuple[float, float], ink: RGB) -> float:
    lc = float(luminance(np.array(ink)))
    return float(min(contrast(lc, extremes[0]), contrast(lc, extremes[1])))


def worst_contrast(region: np.ndarray, ink: RGB) -> float:
    """WCAG contrast of ``ink`` against the darkest/lightest pixels of ``region`` (1% trimmed)."""
    if np.asarray(region).size == 0:
        return 21.0
    return _worst(_extremes(region), ink)


def _pick_color(region: np.ndarray, dark: RGB) -> tuple[RGB, float]:
    """The text colour with the best worst-case contrast over the region, and that contrast."""
    extremes = _extremes(region)
    best: tuple[RGB, float] = (dark, -1.0)
    for color in (dark, WHITE, NEAR_BLACK):
        worst = _worst(extremes, color)
        if worst > best[1] + 1e-6:
            best = (color, worst)
    return best


def _cta_colors(accent: RGB) -> tuple[RGB, RGB]:
    """Button fill and label colour with at least 4.5:1 contrast between them."""
    fill = np.array(accent, dtype=np.float32)
    for _ in range(20):
        lum = float(luminance(fill))
        for label in (WHITE, NEAR_BLACK):
            if float(contrast(lum, float(luminance(np.array(label))))) >= MIN_CONTRAST:
                return (int(fill[0]), int(fill[1]), int(fill[2])), label
        fill *= 0.88
    return (int(fill[0]), int(fill[1]), int(fill[2])), WHITE


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class TextStyle:
    """How a text block is sized, placed and coloured.

    Attributes:
        align: Horizontal alignment of lines inside the area.
        valign: Where the block sits vertically inside the area.
        dark: Preferred dark text colour (the theme's); white is the light choice.
        accent: Fill of the call-to-action button.
        max_size: Upper bound for the headline size in pixels.
        min_size: Smallest legible headline size; below it the block degrades.
        font: Font family id (see :data:`FONT_FAMILIES`); unknown ids use the default.
        max_lines: Most headline lines.
    """

    align: Literal["left", "center", "right"] = "center"
    valign: Literal["top", "center", "bottom"] = "top"
    dark: RGB = (28, 28, 30)
    accent: RGB = (28, 28, 30)
    max_size: int = 96
    min_size: int = 18
    font: str = DEFAULT_FONT
    max_lines: int = 3


@dataclass(frozen=True)
class _Plan:
    size: int
    head: list[str]
    sub: list[str]
    sub_size: int
    cta_size: int
    cta_width: int
    height: int


@dataclass(frozen=True)
class TextItem:
    """A drawn piece of text.

    Attributes:
        role: ``headline``, ``subline`` or ``cta``.
        text: The text as drawn (lines joined by spaces; may be a shortened headline).
        box: Ink box of the lines, or the button's box.
        ink: Text colour.
        background: The button's fill for ``cta``; None when the text sits on the image.
        contrast: Worst-case WCAG contrast of the ink against what is behind it.
    """

    role: Role
    text: str
    box: Box
    ink: RGB
    background: RGB | None
    contrast: float


@dataclass
class TextBlock:
    """A planned text block: what fits in the area, where each line goes, and what changed.

    Attributes:
        area: The box the block must stay inside.
        style: Sizing, alignment and colours.
        headline: Headline as it will be drawn (None when dropped or absent).
        subline: Subline as it will be drawn.
        cta: Button label as it will be drawn.
        fixes: What was changed to make it fit (dropped or shortened parts).
        ink: Text colour chosen by :func:`prepare`.
        scrim: Whether :func:`prepare` drew a scrim behind the text.
        scrim_opacity: The scrim's opacity chosen by :func:`prepare` (for
            :func:`paint_scrim`).
    """

    area: Box
    style: TextStyle
    headline: str | None
    subline: str | None
    cta: str | None
    fixes: list[str] = field(default_factory=list)
    ink: RGB = (0, 0, 0)
    scrim: bool = False
    scrim_opacity: float = 0.0
    _plan: _Plan | None = None
    _lines: list[tuple[Role, str, ImageFont.FreeTypeFont, tuple[int, int], Box]] = field(
        default_factory=list
    )
    _button: Box | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing will be drawn."""
        return self._plan is None

    def boxes(self) -> list[tuple[Role, Box]]:
        """Where the headline lines, subline lines and the button will be."""
        out: list[tuple[Role, Box]] = []
        for role in ("headline", "subline"):
            line_boxes = [b for r, _, _, _, b in self._lines if r == role]
            if line_boxes:
                out.append((role, _union(line_boxes)))
        if self._button is not None:
            out.append(("cta", self._button))
        return out

    def text_box(self) -> Box | None:
        """Union of the ink boxes of the lines (not the button)."""
        boxes = [b for r, b in self.boxes() if r != "cta"]
        return _union(boxes) if boxes else None


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str] | None:
    """Greedy word wrap; None when the text needs more than ``max_lines`` or a word is too wide."""
    lines: list[str] = []
    for word in text.split():
        if face.getlength(word) > width:
            return None
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
            if len(lines) > max_lines:
                return None
    return lines


def _balanced(text: str, face: ImageFont.FreeTypeFont, width: float, lines: int) -> list[str]:
    """The narrowest wrap with the same number of lines (avoids a lone last word)."""
    lo, hi = width * 0.45, width
    best = wrap(text, face, width, lines) or [text]
    for _ in range(8):
        mid = (lo + hi) / 2
        attempt = wrap(text, face, mid, lines)
        if attempt is not None and len(attempt) == len(best):
            best, hi = attempt, mid
        else:
            lo = mid
    return best


_STOP_WORDS = frozenset(
    "a an and & at by for from in into of on or our the to with your you -".split()
)
_CLAUSE_END = re.compile(r"[,;:.!?–—]$")


def _clean_end(words: list[str]) -> str:
    """Join words, dropping dangling connectors and trailing clause punctuation."""
    out = list(words)
    while len(out) > 1 and out[-1].lower().strip(",;:–—") in _STOP_WORDS:
        out.pop()
    return " ".join(out).rstrip(",;:–—- ")


def shorten(text: str, max_chars: int) -> str:
    """Shorten a headline to at most ``max_chars`` characters at a word boundary.

    A cut at the end of a sentence is preferred when it keeps a third of the allowance, at
    the end of a clause (comma, colon, dash...) when it keeps at least half. Dangling
    connectors ("for", "and"...) are dropped. Words are never cut; when even the first word
    is too long the result is empty.

    Args:
        text: The headline.
        max_chars: The limit.

    Returns:
        ``text`` itself when it fits, else its shortened form (possibly empty).
    """
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    words = text.split()
    best_clause, best_word = "", ""
    for n in range(1, len(words)):
        candidate = " ".join(words[:n])
        if len(candidate) > max_chars:
            break
        cleaned = _clean_end(words[:n])
        sentence = words[n - 1][-1:] in ".!?"  # a whole sentence reads better than a cut one
        share = 3 if sentence else 2
        if _CLAUSE_END.search(words[n - 1]) and len(cleaned) >= max_chars / share:
            best_clause = cleaned
        best_word = cleaned
    return best_clause or best_word


def _prefix(words: list[str], n: int) -> str:
    return _clean_end(words[:n])


_Candidate = tuple[str | None, str | None, str | None, list[str]]


def _candidates(headline: str | None, subline: str | None, cta: str | None) -> list[_Candidate]:
    """Ever more degraded versions of the block, least destructive first."""
    words = headline.split() if headline else []
    out: list[_Candidate] = [(headline, subline, cta, [])]
    dropped_sub = ["subline dropped: no room"] if subline else []
    if subline:
        out.append((headline, None, cta, dropped_sub))
    half = max(1, (len(words) + 1) // 2)
    for n in range(len(words) - 1, half - 1, -1):
        short = _prefix(words, n)
        out.append((short, None, cta, [*dropped_sub, f"headline shortened to {short!r}"]))
    if cta:
        dropped_cta = [*dropped_sub, "button dropped: no room"]
        out.append((headline, None, None, dropped_cta))
        start = len(words) - 1
    else:
        dropped_cta, start = dropped_sub, half - 1
    for n in range(start, 0, -1):
        short = _prefix(words, n)
        out.append((short, None, None, [*dropped_cta, f"headline shortened to {short!r}"]))
    seen, unique = set(), []
    for cand in out:
        key = cand[:3]
        if key not in seen and any(cand[:3]):
            seen.add(key)
            unique.append(cand)
    return unique


def _line_height(face: ImageFont.FreeTypeFont) -> int:
    ascent, descent = face.getmetrics()
    return int(ascent + descent)


def _pill_height(size: int) -> int:
    return round(size * 2.3)


def _plan_at(
    size: int, head: str | None, sub: str | None, cta: str | None, w: int, style: TextStyle
) -> _Plan | None:
    """The block at headline size ``size``, or None when a line or the button is too wide."""
    body_min = max(10, round(style.min_size * 0.75))
    sub_size, cta_size = max(body_min, round(size * 0.42)), max(body_min, round(size * 0.36))
    head_face = font(style.font, "headline", size)
    head_lines = wrap(head, head_face, w, style.max_lines) if head else []
    if head_lines is None:
        return None
    sub_face = font(style.font, "regular", sub_size)
    sub_lines = wrap(sub, sub_face, w, 2) if sub else []
    if sub_lines is None:
        return None
    cta_width = (
        round(font(style.font, "bold", cta_size).getlength(cta) + cta_size * 2.2) if cta else 0
    )
    if cta_width > w:
        return None
    height = 0
    if head_lines:
        height += (len(head_lines) - 1) * round(size * 1.14) + _line_height(head_face)
    if sub_lines:
        height += round(size * 0.4) if head_lines else 0
        height += (len(sub_lines) - 1) * round(sub_size * 1.4) + _line_height(sub_face)
    if cta:
        height += round(size * 0.55) if head_lines or sub_lines else 0
        height += _pill_height(cta_size)
    return _Plan(size, head_lines, sub_lines, sub_size, cta_size, cta_width, height)


def _fit_plan(
    head: str | None, sub: str | None, cta: str | None, w: int, h: int, style: TextStyle
) -> _Plan | None:
    """The largest headline size (binary search) at which the block fits ``w`` x ``h``."""
    top = min(style.max_size, round(h * 0.5)) if head else style.max_size
    lo, hi = style.min_size, max(style.min_size, top)

    def fits(size: int) -> _Plan | None:
        plan = _plan_at(size, head, sub, cta, w, style)
        return plan if plan is not None and plan.height <= h else None

    best = fits(lo)
    if best is None:
        return None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        plan = fits(mid)
        if plan is not None:
            best, lo = plan, mid
        else:
            hi = mid - 1
    if best.head:
        face = font(style.font, "headline", best.size)
        balanced = _balanced(" ".join(best.head), face, w, len(best.head))
        best = _Plan(
            best.size,
            balanced,
            best.sub,
            best.sub_size,
            best.cta_size,
            best.cta_width,
            best.height,
        )
    return best


def _x(align: str, left: int, width: int, line_width: float) -> int:
    if align == "left":
        return left
    if align == "right":
        return left + round(width - line_width)
    return left + round((width - line_width) / 2)


def fit(
    area: Box, headline: str | None, subline: str | None, cta: str | None, style: TextStyle
) -> TextBlock:
    """Plan the block: sizes, wrapping and positions; degrade it until it fits ``area``.

    Args:
        area: (left, top, right, bottom) the text must stay inside.
        headline: Main line (largest, at most ``style.max_lines`` lines).
        subline: Supporting line (at most two lines).
        cta: Button label.
        style: Sizes, alignment, colours and font.

    Returns:
        The plan; ``fixes`` lists what was dropped or shortened, ``empty`` is True when
        nothing fits at all.
    """
    x0, y0, x1, y1 = area
    w, h = x1 - x0, y1 - y0
    plan: _Plan | None = None
    chosen: _Candidate = (None, None, None, ["text dropped: no room"])
    if w > 4 and h > 4:
        for candidate in _candidates(headline, subline, cta):
            plan = _fit_plan(*candidate[:3], w, h, style)
            if plan is not None:
                chosen = candidate
                break
    head, sub, button, fixes = chosen
    block = TextBlock(area, style, head, sub, button, list(fixes))
    if plan is None:
        block.headline = block.subline = block.cta = None
        return block
    block._plan = plan
    y = (
        y0
        if style.valign == "top"
        else y1 - plan.height
        if style.valign == "bottom"
        else y0 + (h - plan.height) // 2
    )
    y = max(y0, y)
    head_face = font(style.font, "headline", plan.size)
    sub_face = font(style.font, "regular", plan.sub_size)
    for role, lines, face, step in (
        ("headline", plan.head, head_face, round(plan.size * 1.14)),
        ("subline", plan.sub, sub_face, round(plan.sub_size * 1.4)),
    ):
        if not lines:
            continue
        if role == "subline" and plan.head:
            y += round(plan.size * 0.4)
        for i, line in enumerate(lines):
            xy = (_x(style.align, x0, w, face.getlength(line)), y + i * step)
            left, top, right, bottom = face.getbbox(line)
            ink = (
                xy[0] + int(left),
                xy[1] + int(top),
                xy[0] + int(right) + 1,
                xy[1] + int(bottom) + 1,
            )
            block._lines.append((role, line, face, xy, _clip(ink, area)))  # type: ignore[arg-type]
        y += (len(lines) - 1) * step + _line_height(face)
    if button:
        y += round(plan.size * 0.55) if (plan.head or plan.sub) else 0
        bx = _x(style.align, x0, w, plan.cta_width)
        block._button = _clip((bx, y, bx + plan.cta_width, y + _pill_height(plan.cta_size)), area)
    return block


# --------------------------------------------------------------------------- drawing


def _scrim(
    image: Image.Image, block: TextBlock, box: Box, ink: RGB, opacity: float | None = None
) -> None:
    """Draw a soft panel behind ``box`` (inside the area) just opaque enough for 4.5:1.

    The opacity is measured on ``image`` unless given; it is recorded in the block.
    """
    x0, y0, x1, y1 = block.area
    crop = np.asarray(image.crop(block.area), dtype=np.float32)
    text_lum = float(luminance(np.array(ink)))
    fill = np.array(WHITE if text_lum < 0.3 else (14, 14, 18), dtype=np.float32)
    if opacity is None:
        opacity = _scrim_opacity(crop, block, fill, ink)
    block.scrim_opacity = opacity
    size = block._plan.size if block._plan else 20
    pad, radius = round(size * 0.35), max(2, round(size * 0.3))
    panel = (box[0] - pad - x0, box[1] - pad - y0, box[2] + pad - x0, box[3] + pad - y0)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).rounded_rectangle(panel, radius=radius, fill=255)
    soft = cv2.GaussianBlur(
        np.asarray(mask, dtype=np.float32) / 255.0, (0, 0), max(1.0, radius / 6)
    )
    inside = np.zeros_like(soft)
    bx0, by0 = max(0, box[0] - x0), max(0, box[1] - y0)
    inside[by0 : box[3] - y0, bx0 : box[2] - x0] = 1.0  # full opacity over the text itself
    weight = (np.maximum(soft, inside) * opacity)[..., None]
    out = crop * (1 - weight) + fill * weight
    image.paste(Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB"), block.area[:2])


def _scrim_opacity(crop: np.ndarray, block: TextBlock, fill: np.ndarray, ink: RGB) -> float:
    """The least scrim opacity (0.3..0.97, in 0.05 steps) giving the text 4.5:1 (+0.4)."""
    x0, y0 = block.area[:2]
    regions = (
        [  # every 3rd pixel is plenty to choose the opacity; render measures them all
            crop[b[1] - y0 : b[3] - y0, b[0] - x0 : b[2] - x0].reshape(-1, 3)[::3]
            for r, b in block.boxes()
            if r != "cta"
        ]
        or [crop.reshape(-1, 3)[::3]]
    )
    opacity = 0.3
    while opacity < 0.97:
        if all(
            worst_contrast(reg * (1 - opacity) + fill * opacity, ink) >= MIN_CONTRAST + 0.4
            for reg in regions
        ):
            break
        opacity += 0.05
    return min(opacity, 0.97)


def paint_scrim(image: Image.Image, block: TextBlock) -> None:
    """Draw the block's scrim again, as :func:`prepare` chose it, onto another canvas.

    Used to separate the text layer of an ad: replaying the same drawing on known
    backgrounds gives its exact colour and alpha.

    Args:
        image: RGB canvas, modified in place (only inside ``block.area``).
        block: A block already prepared on the real canvas.
    """
    box = block.text_box()
    if block.scrim and box is not None:
        _scrim(image, block, box, block.ink, block.scrim_opacity)


def prepare(image: Image.Image, block: TextBlock) -> None:
    """Choose the ink for the block and draw a scrim inside its area when contrast needs one.

    Args:
        image: RGB canvas, modified in place (only inside ``block.area``).
        block: A plan from :func:`fit`; its ``ink`` and ``scrim`` are set.
    """
    box = block.text_box()
    if box is None:
        return
    regions = [np.asarray(image.crop(b)) for r, b in block.boxes() if r != "cta"]
    all_pixels = np.concatenate([r.reshape(-1, 3) for r in regions])
    ink, _ = _pick_color(all_pixels, block.style.dark)
    worst = min(worst_contrast(r, ink) for r in regions)
    busy = float(np.std(luminance(all_pixels[::3]))) > 0.09
    if worst < MIN_CONTRAST or busy:
        _scrim(image, block, box, ink)
        block.scrim = True
        regions = [np.asarray(image.crop(b)) for r, b in block.boxes() if r != "cta"]
        ink, _ = _pick_color(np.concatenate([r.reshape(-1, 3) for r in regions]), block.style.dark)
    block.ink = ink


def render(image: Image.Image, block: TextBlock) -> list[TextItem]:
    """Draw the planned glyphs and button onto ``image`` (after :func:`prepare`).

    Args:
        image: RGB canvas, modified in place (only inside ``block.area``).
        block: The prepared block.

    Returns:
        What was drawn, with each item's box, ink and measured contrast.
    """
    if block.empty:
        return []
    contrasts = {
        r: worst_contrast(np.asarray(image.crop(b)), block.ink)
        for r, b in block.boxes()
        if r != "cta"
    }
    draw = ImageDraw.Draw(image)
    for _, line, face, xy, _ in block._lines:
        draw.text(xy, line, font=face, fill=block.ink)
    items = [
        TextItem(role, getattr(block, role), box, block.ink, None, contrasts[role])
        for role, box in block.boxes()
        if role != "cta"
    ]
    if block._button is not None and block.cta and block._plan is not None:
        fill, label = _cta_colors(block.style.accent)
        _pill(image, block._button, fill)
        face = font(block.style.font, "bold", block._plan.cta_size)
        b = block._button
        draw.text(
            ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2), block.cta, font=face, fill=label, anchor="mm"
        )
        ratio = float(contrast(float(luminance(np.array(fill))), float(luminance(np.array(label)))))
        items.append(TextItem("cta", block.cta, b, label, fill, ratio))
    return items


def _pill(image: Image.Image, box: Box, fill: RGB) -> None:
    """An anti-aliased rounded button (drawn 4x and downsampled)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    big = Image.new("L", (w * 4, h * 4), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, w * 4 - 1, h * 4 - 1), radius=h * 2, fill=255)
    mask = big.resize((w, h), Image.Resampling.LANCZOS)
    image.paste(Image.new("RGB", (w, h), fill), (x0, y0), mask)


def draw_text(
    image: Image.Image,
    area: Box,
    headline: str | None,
    subline: str | None,
    cta: str | None,
    style: TextStyle,
) -> list[Box]:
    """Fit and draw the text block into ``area`` of ``image`` (modified in place).

    Args:
        image: RGB canvas.
        area: (left, top, right, bottom) the text must stay inside.
        headline: Main line (largest, at most ``style.max_lines`` lines).
        subline: Optional supporting line (regular, at most two lines).
        cta: Optional call to action, drawn as a pill button.
        style: Alignment, sizes, colours and font.

    Returns:
        Boxes of the headline, subline and button that were drawn (all inside ``area``).
    """
    if not (headline or subline or cta):
        return []
    block = fit(area, headline, subline, cta, style)
    before = image.copy()
    prepare(image, block)
    boxes = [item.box for item in render(image, block)]
    inside = image.crop(area)
    image.paste(before)  # nothing outside the area may change, whatever the fonts did
    image.paste(inside, area[:2])
    return boxes


def _union(boxes: list[Box]) -> Box:
    return (
        int(min(b[0] for b in boxes)),
        int(min(b[1] for b in boxes)),
        int(max(b[2] for b in boxes)),
        int(max(b[3] for b in boxes)),
    )


def _clip(box: Box, area: Box) -> Box:
    return (max(box[0], area[0]), max(box[1], area[1]), min(box[2], area[2]), min(box[3], area[3]))
