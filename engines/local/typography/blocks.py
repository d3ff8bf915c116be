"""Ad typography: a headline, subline and call-to-action button fitted into a text area.

Text is auto-sized and balanced-wrapped; when it cannot fit at the smallest legible size
the block degrades in steps (drop the subline, shorten the headline at a word boundary,
drop the button). :func:`fit` plans the block (sizes, lines and where each goes) into a
:class:`TextBlock`; :mod:`~engines.local.typography.lettering` then picks its ink, draws any scrim
and draws the glyphs and button. Fonts are in :mod:`~engines.local.typography.fonts`, colours in
:mod:`~engines.local.typography.ink`, wrapping in :mod:`~engines.local.typography.wrapping`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from PIL import ImageFont

from engines.local.typography.fonts import DEFAULT_FONT, font
from engines.local.typography.ink import RGB
from engines.local.typography.wrapping import clean_end, set_lines, unbroken_words

Box = tuple[int, int, int, int]
Role = Literal["headline", "subline", "cta"]


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
        font: Font family id (see :data:`~engines.local.typography.fonts.FONT_FAMILIES`);
            unknown ids use the default.
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
class TextPlan:
    """The sizes and wrapped lines of a block that fits, and its total height.

    Attributes:
        size: Headline size in pixels.
        head: Headline lines.
        sub: Subline lines.
        sub_size: Subline size in pixels.
        cta_size: Button label size in pixels.
        cta_width: Button width in pixels.
        height: Height of the whole block in pixels.
    """

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
        ink: Text colour chosen by :func:`~engines.local.typography.lettering.prepare`.
        scrim: Whether :func:`~engines.local.typography.lettering.prepare` drew a scrim
            behind the text.
        scrim_opacity: The scrim's opacity chosen by
            :func:`~engines.local.typography.lettering.prepare` (for
            :func:`~engines.local.typography.lettering.paint_scrim`).
        plan: The sizes and lines that fit (None when nothing fits).
        lines: Each line as drawn: role, text, face, position and ink box.
        button: Where the call-to-action button goes, if any.
        panel: The scrim's panel (canvas pixels) when one is drawn: the text box grown by
            :func:`panel_pad` on every side, inside ``area``.
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
    plan: TextPlan | None = None
    lines: list[tuple[Role, str, ImageFont.FreeTypeFont, tuple[int, int], Box]] = field(
        default_factory=list
    )
    button: Box | None = None
    panel: Box | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing will be drawn."""
        return self.plan is None

    def boxes(self) -> list[tuple[Role, Box]]:
        """Where the headline lines, subline lines and the button will be."""
        out: list[tuple[Role, Box]] = []
        for role in ("headline", "subline"):
            line_boxes = [b for r, _, _, _, b in self.lines if r == role]
            if line_boxes:
                out.append((role, _union(line_boxes)))
        if self.button is not None:
            out.append(("cta", self.button))
        return out

    def text_box(self) -> Box | None:
        """Union of the ink boxes of the lines (not the button)."""
        boxes = [b for r, b in self.boxes() if r != "cta"]
        return _union(boxes) if boxes else None


def panel_pad(size: int) -> int:
    """The room a scrim's panel leaves around its text, for a headline of ``size`` pixels."""
    return max(6, round(size * 0.35))


def inset_for_panel(block: TextBlock) -> TextBlock:
    """The block planned again so a panel around its text fits inside its area.

    The text is fitted into the area shrunk by :func:`panel_pad` on every side (the
    planned size's pad, which the refitted, possibly smaller, text needs no more than),
    so the panel never sits flush against the text where the area's edge would clip it.
    Returns ``block`` itself when nothing is planned or the area is too small to shrink.
    """
    if block.plan is None:
        return block
    pad = panel_pad(block.plan.size)
    x0, y0, x1, y1 = block.area
    inner = (x0 + pad, y0 + pad, x1 - pad, y1 - pad)
    if inner[2] - inner[0] <= 4 or inner[3] - inner[1] <= 4:
        return block
    refit = fit(inner, block.headline, block.subline, block.cta, block.style)
    if refit.plan is None:
        return block
    refit.area = block.area
    refit.fixes = block.fixes + refit.fixes
    return refit


def _prefix(words: list[str], n: int) -> str:
    return clean_end(words[:n])


_Candidate = tuple[str | None, str | None, str | None, list[str]]


def _candidates(headline: str | None, subline: str | None, cta: str | None) -> list[_Candidate]:
    """Ever more degraded versions of the block, least destructive first."""
    words = unbroken_words(headline) if headline else []  # never "Fits a 15" for "15 inch"
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
    size: int,
    head: str | None,
    sub: str | None,
    cta: str | None,
    w: int,
    style: TextStyle,
    lone_words: bool = True,
) -> TextPlan | None:
    """The block at headline size ``size``, or None when a line or the button is too wide.

    Without ``lone_words``, a headline or subline that can only be set with a line of one
    word does not fit either (see :func:`~engines.local.typography.wrapping.set_lines`).
    """
    body_min = max(10, round(style.min_size * 0.75))
    sub_size, cta_size = max(body_min, round(size * 0.42)), max(body_min, round(size * 0.36))
    head_face = font(style.font, "headline", size)
    head_lines = (
        set_lines(head, head_face, w, style.max_lines, lone_words=lone_words) if head else []
    )
    if head_lines is None:
        return None
    sub_face = font(style.font, "regular", sub_size)
    sub_lines = set_lines(sub, sub_face, w, 2, lone_words=lone_words) if sub else []
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
    return TextPlan(size, head_lines, sub_lines, sub_size, cta_size, cta_width, height)


def _fit_plan(
    head: str | None, sub: str | None, cta: str | None, w: int, h: int, style: TextStyle
) -> TextPlan | None:
    """The largest headline size (binary search) at which the block fits ``w`` x ``h``.

    A size at which the text sets without a line of one word is preferred, however much
    smaller; only when none fits is a lone word accepted.
    """
    for lone_words in (False, True):
        plan = _largest(head, sub, cta, w, h, style, lone_words)
        if plan is not None:
            return plan
    return None


def _largest(
    head: str | None,
    sub: str | None,
    cta: str | None,
    w: int,
    h: int,
    style: TextStyle,
    lone_words: bool,
) -> TextPlan | None:
    """The plan at the largest headline size that fits, or None."""
    top = min(style.max_size, round(h * 0.5)) if head else style.max_size
    lo, hi = style.min_size, max(style.min_size, top)

    def fits(size: int) -> TextPlan | None:
        plan = _plan_at(size, head, sub, cta, w, style, lone_words)
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
    plan: TextPlan | None = None
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
    block.plan = plan
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
            block.lines.append((role, line, face, xy, _clip(ink, area)))  # type: ignore[arg-type]
        y += (len(lines) - 1) * step + _line_height(face)
    if button:
        y += round(plan.size * 0.55) if (plan.head or plan.sub) else 0
        bx = _x(style.align, x0, w, plan.cta_width)
        block.button = _clip((bx, y, bx + plan.cta_width, y + _pill_height(plan.cta_size)), area)
    return block


def _union(boxes: list[Box]) -> Box:
    return (
        int(min(b[0] for b in boxes)),
        int(min(b[1] for b in boxes)),
        int(max(b[2] for b in boxes)),
        int(max(b[3] for b in boxes)),
    )


def _clip(box: Box, area: Box) -> Box:
    return (max(box[0], area[0]), max(box[1], area[1]), min(box[2], area[2]), min(box[3], area[3]))
