"""The image policy: checks on generated ads, on any image, and on uploaded photos.

Three entry points, all returning :class:`~core.findings.Finding` lists (rule family
``image`` or ``upload``; ``span`` is always ``(0, 0)``, ``region`` marks where):

- :func:`check_ad`: an ad adstudio composed, with its known :class:`AdLayout` (product
  box, text boxes, placement). Product fidelity, text contrast, text area, safe zones,
  text allowed, resolution and aspect.
- :func:`check_image`: any image, no layout known. Resolution and aspect against the
  placement (or the placement whose size the image has), or a general minimum.
- :func:`check_upload`: a product photo as uploaded: too small, extreme aspect, blank.

The checks are numpy on the pixels that matter (the product's opaque pixels, the text
boxes of the backplate), so a 1080x1080 ad is checked in a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from core.findings import Finding, Severity
from core.placements import Placement, load_placements, resolve_placement
from policy.contrast import contrast, luminance

POLICY_VERSION = "image-1"
"""Recorded with every image decision; bump it when a threshold or rule changes."""

Box = tuple[int, int, int, int]
RGB = tuple[int, int, int]

# Product fidelity: a pixel is "changed" when a channel moved by more than CHANGED_LEVEL
# levels (invisible differences such as rounding stay below). adstudio pastes the product
# last and exactly, so its ads score 0 on both measures; the margins absorb resampling.
CHANGED_LEVEL = 12
# (share of changed pixels, mean absolute difference, sharpness ratio, thumbnail difference)
FIDELITY_WARN = (0.001, 1.0, 0.9, 10.0)
FIDELITY_BLOCK = (0.03, 4.0, 0.75, 20.0)
SHARPNESS_MIN_DETAIL = 0.5  # mean gradient (levels) a product needs for sharpness to count
THUMBNAIL = 48  # long side of the thumbnails of the placed product and the cutout (at most
# a third of the placed size, so small placements compare like with like)
# Text legibility (WCAG 2): 3:1 for large text (headline, button), 4.5:1 for body text.
MIN_CONTRAST = {"headline": 3.0, "cta": 3.0, "subline": 4.5}
CONTRAST_TRIM = 2.0  # percent of the darkest/lightest background pixels ignored
# Text area: share of the canvas covered by text boxes. Banners and skyscrapers are text
# strips by design (their whole height is one line), so they get a looser limit.
MAX_TEXT_AREA = 0.25
MAX_TEXT_AREA_DISPLAY = 0.60
DISPLAY_LAYOUTS = ("banner", "skyscraper")
MAX_PRODUCT_OUTSIDE_SAFE = 0.25  # share of the product's pixels under the platform's UI
ASPECT_TOLERANCE = 0.02
GENERAL_MIN_LONG_SIDE = 600  # no placement known: smaller is too small for any feed
UPLOAD_MIN_SHORT_SIDE = 300
UPLOAD_MAX_ASPECT = 4.0
UPLOAD_MIN_STD = 2.0  # luminance standard deviation (levels) below which a photo is blank


@dataclass(frozen=True)
class TextBox:
    """A piece of text adstudio drew on an ad.

    Attributes:
        role: ``headline``, ``subline`` or ``cta``.
        box: Where it is, in layout pixels (left, top, right, bottom).
        ink: Its colour.
        fill: The button's fill for ``cta``; None when the text sits on the picture.
    """

    role: str
    box: Box
    ink: RGB
    fill: RGB | None = None


@dataclass(frozen=True)
class AdLayout:
    """Where adstudio put the parts of an ad it composed.

    Boxes are in layout pixels: the placement's canvas. An ad enlarged afterwards (upscaled
    for print) is checked with ``scale`` set, and its regions come back in its own pixels.

    Attributes:
        placement: Where the ad runs (size, safe zone, text rules).
        product_box: Where the product was placed.
        product: The product as it must look (RGBA): the compositor's placed product, or
            the trimmed cutout, resized to the product box when checked (LANCZOS, as the
            compositor and the upscaler do).
        texts: The text drawn on the ad.
        logo_box: Where the logo went, if any.
        backplate: The ad just before the glyphs were drawn (for contrast), if known.
        scale: Pixels of the checked image per layout pixel.
        cutout: The advertiser's cutout, to check the placed product against (None: not
            checked).
    """

    placement: Placement
    product_box: Box
    product: Image.Image
    texts: tuple[TextBox, ...] = ()
    logo_box: Box | None = None
    backplate: Image.Image | None = None
    scale: int = 1
    cutout: Image.Image | None = None


def _finding(
    rule_id: str, severity: Severity, excerpt: str, reason: str, fix: str,
    region: Box | None = None,
) -> Finding:
    return Finding(
        rule_id=rule_id, severity=severity, span=(0, 0), excerpt=excerpt, reason=reason,
        fix=fix, region=region,
    )


def _scaled(box: Box, factor: int) -> Box:
    return (box[0] * factor, box[1] * factor, box[2] * factor, box[3] * factor)


# --------------------------------------------------------------------------- fidelity


@dataclass(frozen=True)
class Fidelity:
    """How far an ad's product is from the product as it must look.

    Attributes:
        changed: Share of the product's opaque pixels that changed visibly.
        mean_difference: Mean absolute difference over those pixels (levels, 0..255).
        sharpness: The ad's product detail (gradient energy) over the reference's: below 1
            the product was softened; 1 when the reference has no detail to lose.
        cutout_difference: Mean difference (levels) between the placed product and the
            advertiser's cutout, both reduced to thumbnails; 0 when no cutout is known.
        region: Box (image pixels) around the changed pixels, None when none changed.
    """

    changed: float
    mean_difference: float
    sharpness: float
    cutout_difference: float
    region: Box | None

    def severity(self) -> Severity | None:
        """``block`` for a clearly altered product, ``warn`` for a slight change, else None."""
        for severity, (share, mad, sharp, coarse) in (
            ("block", FIDELITY_BLOCK), ("warn", FIDELITY_WARN)
        ):
            if (
                self.changed >= share or self.mean_difference >= mad
                or self.sharpness <= sharp or self.cutout_difference >= coarse
            ):
                return severity  # type: ignore[return-value]
        return None


def _reference(layout: AdLayout, size: tuple[int, int]) -> np.ndarray:
    """The product as it must appear at ``size`` (RGBA), resized as the compositor does."""
    product = layout.product if layout.product.mode == "RGBA" else layout.product.convert("RGBA")
    if product.size != size:
        product = product.resize(size, Image.Resampling.LANCZOS)
    return np.asarray(product)


def _sharpness(ad: np.ndarray, ref: np.ndarray, mask: np.ndarray) -> float:
    """Gradient energy of ``ad`` over ``ref`` on ``mask`` (squared grey-level steps).

    Squared, not absolute, steps: blurring keeps an edge's total rise but spreads it over
    more pixels, which lowers the sum of squares.
    """

    def energy(rgb: np.ndarray) -> float:
        grey = rgb.astype(np.float32).mean(axis=2)
        dx, dy = np.diff(grey, axis=1)[:-1, :], np.diff(grey, axis=0)[:, :-1]
        return float(((dx * dx + dy * dy) * mask[:-1, :-1]).sum())

    reference = energy(ref)
    if reference < SHARPNESS_MIN_DETAIL**2 * max(1, int(mask.sum())):
        return 1.0
    return energy(ad) / reference


def _changed_region(changed: np.ndarray, left: int, top: int) -> Box | None:
    if not changed.any():
        return None
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    return (left + int(cols[0]), top + int(rows[0]), left + int(cols[-1]) + 1,
            top + int(rows[-1]) + 1)


def cutout_difference(placed: Image.Image, cutout: Image.Image) -> float:
    """Mean difference (levels) of the placed product and the cutout as small thumbnails.

    Catches a product the compositor recoloured or swapped; resampling differences stay
    around a level or two at this size.
    """
    source = cutout if cutout.mode == "RGBA" else cutout.convert("RGBA")
    bbox = source.getchannel("A").getbbox() or (0, 0, *source.size)
    scale = min(THUMBNAIL, max(8, max(placed.size) // 3)) / max(placed.size)
    size = (max(1, round(placed.width * scale)), max(1, round(placed.height * scale)))
    box = Image.Resampling.BOX
    a = np.asarray(placed.convert("RGBA").resize(size, box), dtype=np.int16)
    b = np.asarray(source.resize(size, box, box=bbox, reducing_gap=2.0), dtype=np.int16)
    solid = (a[..., 3] == 255) & (b[..., 3] == 255)
    if not solid.any():
        return 0.0
    return float(np.abs(a[..., :3] - b[..., :3]).max(axis=2)[solid].mean())


def fidelity_scores(image: Image.Image, layout: AdLayout) -> Fidelity:
    """Compare the ad's product pixels with the product as placed (and with the cutout).

    Only fully opaque product pixels are compared, eroded by one pixel, so the
    anti-aliased rim that blends with the scene is left out.
    """
    left, top, right, bottom = _scaled(layout.product_box, layout.scale)
    ref = _reference(layout, (right - left, bottom - top))
    opaque = cv2.erode((ref[..., 3] == 255).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    coarse = cutout_difference(layout.product, layout.cutout) if layout.cutout else 0.0
    total = int(opaque.sum())
    if total == 0:
        return Fidelity(0.0, 0.0, 1.0, coarse, None)
    crop = image.crop((left, top, right, bottom))
    ad = np.asarray(crop if crop.mode == "RGB" else crop.convert("RGB"))
    diff = np.abs(ad.astype(np.int16) - ref[..., :3].astype(np.int16)).max(axis=2)
    diff[~opaque] = 0
    changed = diff > CHANGED_LEVEL
    mean_difference = float(diff.sum()) / total
    return Fidelity(
        changed=float(changed.sum()) / total,
        mean_difference=mean_difference,
        sharpness=_sharpness(ad, ref[..., :3], opaque) if mean_difference else 1.0,
        cutout_difference=coarse,
        region=_changed_region(changed, left, top),
    )


def check_fidelity(image: Image.Image, layout: AdLayout) -> list[Finding]:
    """``image.fidelity``: the product must look exactly like the advertiser's photo."""
    scores = fidelity_scores(image, layout)
    severity = scores.severity()
    if severity is None:
        return []
    return [
        _finding(
            "image.fidelity", severity, "product",
            f"The product in the ad differs from the advertiser's photo ({scores.changed:.1%} "
            f"of its pixels changed, mean difference {scores.mean_difference:.1f} levels, "
            f"detail kept {min(scores.sharpness, 1.0):.0%}): an ad must show the product as "
            "it is.",
            "Render the ad again from the original product photo; do not retouch, recolour "
            "or blur the product itself.",
            scores.region or _scaled(layout.product_box, layout.scale),
        )
    ]


# --------------------------------------------------------------------------- text


def text_contrast(text: TextBox, backplate: Image.Image | None) -> float | None:
    """WCAG contrast of a text against what is behind it (None when that is unknown).

    A button's label is measured against its fill; text on the picture against the
    backplate's pixels under its box, the darkest or lightest (2% trimmed), whichever is
    worse.
    """
    ink = float(luminance(np.array(text.ink)))
    if text.fill is not None:
        return float(contrast(ink, float(luminance(np.array(text.fill)))))
    if backplate is None:
        return None
    crop = np.asarray(backplate.crop(text.box).convert("RGB")).reshape(-1, 3)[::2]
    if crop.size == 0:
        return None
    low, high = np.percentile(luminance(crop), [CONTRAST_TRIM, 100 - CONTRAST_TRIM])
    return float(min(contrast(ink, float(low)), contrast(ink, float(high))))


def check_contrast(layout: AdLayout) -> list[Finding]:
    """``image.contrast``: each text must stand out from what is behind it."""
    findings = []
    for text in layout.texts:
        ratio = text_contrast(text, layout.backplate)
        needed = MIN_CONTRAST.get(text.role, 4.5)
        if ratio is None or ratio >= needed:
            continue
        findings.append(
            _finding(
                "image.contrast", "warn", text.role,
                f"The {text.role} has a contrast of {ratio:.1f}:1 against what is behind it; "
                f"below {needed:g}:1 many people cannot read it, on a phone in daylight "
                "especially.",
                "Change the text colour or the theme, or move the text onto a calmer part "
                "of the picture.",
                _scaled(text.box, layout.scale),
            )
        )
    return findings


def text_area(layout: AdLayout) -> float:
    """The share of the canvas covered by text boxes (overlaps counted once)."""
    w, h = layout.placement.size
    covered = np.zeros((h, w), dtype=bool)
    for text in layout.texts:
        x0, y0, x1, y1 = text.box
        covered[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = True
    return float(covered.mean())


def check_text_area(layout: AdLayout) -> list[Finding]:
    """``image.text_area``: text must not dominate the picture."""
    limit = (
        MAX_TEXT_AREA_DISPLAY if layout.placement.layout in DISPLAY_LAYOUTS else MAX_TEXT_AREA
    )
    share = text_area(layout)
    if share <= limit:
        return []
    return [
        _finding(
            "image.text_area", "warn", "text",
            f"Text covers {share:.0%} of the ad (more than {limit:.0%}): text-heavy images "
            "reach fewer people and the product gets lost.",
            "Shorten the headline, drop the subline, or let the product take more room.",
            _scaled(_union([t.box for t in layout.texts]), layout.scale),
        )
    ]


def check_text_allowed(layout: AdLayout) -> list[Finding]:
    """``image.text_not_allowed``: placements such as Amazon's custom image take no text."""
    placement = layout.placement
    if placement.allows_text or not layout.texts:
        return []
    return [
        _finding(
            "image.text_not_allowed", "block", "text",
            f"{placement.label} allows no text on the image; the platform rejects it.",
            "Make the ad again without headline, subline and button for this placement.",
            _scaled(_union([t.box for t in layout.texts]), layout.scale),
        )
    ]


# --------------------------------------------------------------------------- geometry


def _inside(inner: Box, outer: Box) -> bool:
    return (
        outer[0] <= inner[0] and outer[1] <= inner[1]
        and inner[2] <= outer[2] and inner[3] <= outer[3]
    )


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )


def product_outside_safe(layout: AdLayout) -> float:
    """The share of the product's visible pixels outside the placement's safe zone."""
    left, top, right, bottom = layout.product_box
    step = 4  # a quarter of the resolution is plenty for a share
    cols, rows = max(1, (right - left) // step), max(1, (bottom - top) // step)
    alpha = np.asarray(layout.product.getchannel("A").resize((cols, rows)))
    visible = alpha > 127
    total = int(visible.sum())
    if total == 0:
        return 0.0
    sl, st, sr, sb = layout.placement.safe_box()
    ys = top + (np.arange(rows)[:, None] + 0.5) * (bottom - top) / rows
    xs = left + (np.arange(cols)[None, :] + 0.5) * (right - left) / cols
    inside = (xs >= sl) & (xs < sr) & (ys >= st) & (ys < sb)
    return float((visible & ~inside).sum()) / total


def check_safe_zone(layout: AdLayout) -> list[Finding]:
    """``image.safe_zone``: text and logo inside the safe zone, the product mostly so."""
    safe = layout.placement.safe_box()
    label = layout.placement.label
    parts = [(t.role, t.box) for t in layout.texts]
    parts += [("logo", layout.logo_box)] if layout.logo_box else []
    findings = [
        _finding(
            "image.safe_zone", "warn", role,
            f"The {role} reaches outside the safe zone of {label}: the platform's buttons "
            "and captions may cover it, or the edge may be cropped.",
            "Move it inward, or pick a layout variation that keeps it inside.",
            _scaled(box, layout.scale),
        )
        for role, box in parts
        if not _inside(box, safe)
    ]
    outside = product_outside_safe(layout)
    if outside > MAX_PRODUCT_OUTSIDE_SAFE:
        findings.append(
            _finding(
                "image.safe_zone", "warn", "product",
                f"{outside:.0%} of the product lies outside the safe zone of {label}, where "
                "the platform's interface may cover it.",
                "Make the product smaller or move it towards the centre.",
                _scaled(layout.product_box, layout.scale),
            )
        )
    return findings


# --------------------------------------------------------------------------- size


def check_resolution(image: Image.Image, placement: Placement | None) -> list[Finding]:
    """``image.resolution``: at least the placement's size (any placement: 600 px long side).

    Under half the placement's size the platform will refuse it or show a blur: block.
    """
    w, h = image.size
    if placement is None:
        if max(w, h) >= GENERAL_MIN_LONG_SIDE:
            return []
        return [
            _finding(
                "image.resolution", "warn", "image",
                f"The image is only {w}x{h} pixels: too small for most placements, it will "
                "look soft when shown.",
                f"Export it at least {GENERAL_MIN_LONG_SIDE} pixels on the long side, or "
                "name the placement to check against.",
                (0, 0, w, h),
            )
        ]
    pw, ph = placement.size
    ratio = min(w / pw, h / ph)
    if ratio >= 1.0:
        return []
    severity: Severity = "block" if ratio < 0.5 else "warn"
    return [
        _finding(
            "image.resolution", severity, "image",
            f"The image is {w}x{h} pixels; {placement.label} needs {pw}x{ph}. "
            + ("The platform will refuse it or show it blurred." if severity == "block"
               else "The platform will enlarge it, and it will look soft."),
            f"Make the ad for the placement (its exact size is {pw}x{ph}), or upscale it.",
            (0, 0, w, h),
        )
    ]


def check_aspect(image: Image.Image, placement: Placement) -> list[Finding]:
    """``image.aspect``: the image's shape must match the placement's."""
    w, h = image.size
    pw, ph = placement.size
    off = abs((w / h) / (pw / ph) - 1.0)
    if off <= ASPECT_TOLERANCE:
        return []
    return [
        _finding(
            "image.aspect", "warn", "image",
            f"The image is {w}x{h} ({w / h:.2f}:1) but {placement.label} is {pw / ph:.2f}:1: "
            "the platform will crop or letterbox it, and may cut off text or the product.",
            f"Expand or re-lay the ad for {placement.id} (edit it with placement "
            f"'{placement.id}').",
            (0, 0, w, h),
        )
    ]


def placement_of(image: Image.Image, placement: str | None) -> Placement | None:
    """The named placement, or the first whose exact size the image has (None: unknown).

    Raises:
        CapabilityError: ``placement`` names no placement.
    """
    if placement is not None:
        return resolve_placement(placement)
    w, h = image.size
    return next((p for p in load_placements().values() if p.size == (w, h)), None)


# --------------------------------------------------------------------------- entry points


def check_ad(image: Image.Image, layout: AdLayout) -> list[Finding]:
    """Check an ad adstudio composed, with its known layout.

    Args:
        image: The finished ad (after any retouch or upscale).
        layout: Where its parts are (see ``engines.local.ad.composition.ad_layout``).

    Returns:
        Findings in rule order: fidelity, text allowed, contrast, text area, safe zone,
        resolution, aspect.
    """
    return [
        *check_fidelity(image, layout),
        *check_text_allowed(layout),
        *check_contrast(layout),
        *check_text_area(layout),
        *check_safe_zone(layout),
        *check_resolution(image, layout.placement),
        *check_aspect(image, layout.placement),
    ]


def check_image(image: Image.Image, *, placement: str | None = None) -> list[Finding]:
    """Check any image for a placement: resolution and aspect ratio.

    With no placement named, an image with the exact size of a known placement is checked
    against it; any other image against a general minimum size. Text on an image of
    unknown layout is not judged (that needs the layout adstudio knows for its own ads).

    Args:
        image: The image.
        placement: Placement id, alias or ``WxH`` (``"story"``, ``"9:16"``, ``"300x250"``).

    Raises:
        CapabilityError: ``placement`` names no placement.
    """
    target = placement_of(image, placement)
    if target is None:
        return check_resolution(image, None)
    return [*check_resolution(image, target), *check_aspect(image, target)]


def check_upload(image: Image.Image) -> list[Finding]:
    """Check an uploaded product photo (already decoded by ``core.images.decode_image``).

    Returns:
        ``upload.small`` (short side under 300 px), ``upload.aspect`` (longer than 4:1)
        and ``upload.blank`` (no detail at all) warnings; none for an ordinary photo.
    """
    w, h = image.size
    whole = (0, 0, w, h)
    findings = []
    if min(w, h) < UPLOAD_MIN_SHORT_SIDE:
        findings.append(_finding(
            "upload.small", "warn", "image",
            f"The photo is only {w}x{h} pixels: the product will be enlarged in the ads and "
            "will look soft.",
            f"Upload a photo at least {UPLOAD_MIN_SHORT_SIDE} pixels on its short side "
            "(1000+ is ideal).",
            whole,
        ))
    if max(w, h) / min(w, h) > UPLOAD_MAX_ASPECT:
        findings.append(_finding(
            "upload.aspect", "warn", "image",
            f"The photo is {w}x{h}, an extreme shape ({max(w, h) / min(w, h):.1f}:1): a "
            "banner or a strip rarely shows a product well.",
            "Upload a photo of the product itself, cropped close around it.",
            whole,
        ))
    if _blank(image):
        findings.append(_finding(
            "upload.blank", "warn", "image",
            "The photo looks blank: one flat colour with no product in it.",
            "Check the file and upload a photo that shows the product.",
            whole,
        ))
    return findings


def _blank(image: Image.Image) -> bool:
    """Whether the image has (nearly) no detail, judged on a small copy."""
    small = image.convert("L")
    small.thumbnail((128, 128))
    return float(np.asarray(small, dtype=np.float32).std()) < UPLOAD_MIN_STD

