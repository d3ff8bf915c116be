"""A finished ad (:class:`Composition`), its rule checks and its layout for the image policy."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from PIL import Image

from core.placements import Placement
from engines.local.ad.boxes import Box, intersects
from engines.local.ad.staging import trim
from engines.local.themes import Theme
from engines.local.typography.blocks import TextItem
from engines.local.typography.ink import MIN_CONTRAST, worst_contrast
from policy.images import AdLayout, TextBox


@dataclass(frozen=True)
class Check:
    """The outcome of one composition rule.

    Attributes:
        rule: Rule id (``size``, ``text-in-safe-zone``, ``text-off-product``, ``contrast``,
            ``headline-length``, ``text-allowed``, ``logo``, ``product-in-canvas``,
            ``text-fit``).
        ok: Whether the finished ad satisfies the rule.
        message: What was checked or what is wrong.
        fixed: Whether :func:`~engines.local.ad.compose.compose_ad` changed something to satisfy
            the rule.
    """

    rule: str
    ok: bool
    message: str
    fixed: bool = False


@dataclass
class Composition:
    """A finished ad and where its parts are.

    Attributes:
        image: The RGB ad.
        theme: The resolved theme.
        product_box: (left, top, right, bottom) of the placed product.
        product: The RGBA product at its final scale, exactly as pasted.
        text_boxes: Boxes of the headline, subline and button, in that order.
        placement: Where the ad runs (size, safe zone, rules).
        texts: What text was drawn, where, in which colour and at what contrast.
        logo_box: Where the logo went, if one was placed.
        disclosure_box: Where the AI disclosure label went, if one was drawn.
        checks: Rule checks of the finished ad, including what was fixed to pass them.
        backplate: The ad just before glyphs were drawn (scene, shadows, scrims), for
            measuring contrast against the actual pixels behind the text.
        panels: The boxes of the scrim panels drawn behind text blocks, if any.
    """

    image: Image.Image
    theme: Theme
    product_box: Box
    product: Image.Image
    text_boxes: list[Box]
    placement: Placement | None = None
    texts: list[TextItem] = field(default_factory=list)
    logo_box: Box | None = None
    disclosure_box: Box | None = None
    checks: list[Check] = field(default_factory=list)
    backplate: Image.Image | None = None
    panels: list[Box] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return all(c.ok for c in self.checks)


def validate(composition: Composition, placement: Placement) -> list[Check]:
    """Check a finished ad against the composition rules and the placement's rules.

    Args:
        composition: The ad (its ``texts`` and ``backplate`` are used for contrast).
        placement: Where it runs.

    Returns:
        One :class:`Check` per rule: size, product-in-canvas, text-allowed, logo,
        headline-length, text-in-safe-zone, text-off-product and contrast.
    """
    w, h = placement.size
    image = composition.image
    texts = composition.texts
    checks = [
        Check("size", image.size == placement.size, f"{image.width}x{image.height}, needs {w}x{h}")
    ]
    p = composition.product_box
    checks.append(
        Check("product-in-canvas", _inside(p, (0, 0, w, h)), f"product box {p} in {w}x{h}")
    )
    checks.append(
        Check(
            "text-allowed",
            placement.allows_text or not texts,
            "text allowed" if placement.allows_text else f"{placement.id} allows no text",
        )
    )
    logo = composition.logo_box
    logo_ok = logo is None or (
        placement.allows_logo
        and _inside(logo, placement.safe_box())
        and not intersects(logo, p)
        and not any(intersects(logo, t.box) for t in texts)
    )
    checks.append(Check("logo", logo_ok, f"logo at {logo}" if logo else "no logo"))
    headline = next((t.text for t in texts if t.role == "headline"), None)
    limit = placement.max_headline_chars
    checks.append(
        Check(
            "headline-length",
            limit is None or headline is None or len(headline) <= limit,
            f"headline {len(headline or '')} characters"
            + (f", at most {limit}" if limit else ", no limit"),
        )
    )
    safe = placement.safe_box()
    outside = [t.role for t in texts if not _inside(t.box, safe)]
    checks.append(
        Check(
            "text-in-safe-zone",
            not outside,
            f"outside the safe zone {safe}: {', '.join(outside)}" if outside else "inside",
        )
    )
    on_product = [t.role for t in texts if intersects(t.box, p)]
    checks.append(
        Check(
            "text-off-product",
            not on_product,
            f"over the product: {', '.join(on_product)}" if on_product else "clear",
        )
    )
    ratios = {t.role: _contrast(t, composition.backplate) for t in texts}
    low = {role: r for role, r in ratios.items() if r < MIN_CONTRAST}
    checks.append(
        Check(
            "contrast",
            not low,
            ", ".join(f"{role} {r:.1f}:1" for role, r in ratios.items()) or "no text",
        )
    )
    return checks


def _contrast(item: TextItem, backplate: Image.Image | None) -> float:
    if item.background is not None or backplate is None:
        return item.contrast
    return worst_contrast(np.asarray(backplate.crop(item.box)), item.ink)


def with_fixes(checks: list[Check], fixes: dict[str, list[str]]) -> list[Check]:
    """The checks with what was fixed to pass them noted (``fixes``: rule -> notes; consumed)."""
    out = []
    for check in checks:
        notes = fixes.pop(check.rule, [])
        out.append(
            replace(check, fixed=True, message=f"{check.message}; fixed: {'; '.join(notes)}")
            if notes
            else check
        )
    out += [Check(rule, True, "; ".join(notes), fixed=True) for rule, notes in fixes.items()]
    return out


def _inside(inner: Box, outer: Box) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def layout_boxes(composition: Composition, scale: int = 1) -> dict[str, object]:
    """Where an ad's parts are, in the ad's own pixels, as an asset records it.

    Args:
        composition: The composed ad.
        scale: Pixels of the stored ad per layout pixel (2 for an ad upscaled for print).

    Returns:
        ``product`` (left, top, right, bottom), ``texts`` (each its ``role``, the ``text``
        as drawn and its ``box``), ``logo`` and ``disclosure`` (the AI label; each None
        without one) and ``panels`` (the scrim panels behind text, each a box): what
        scripts and reviewers read to compare layouts.
    """

    def scaled(box: Box) -> list[int]:
        return [int(v) * scale for v in box]

    return {
        "product": scaled(composition.product_box),
        "texts": [{"role": t.role, "text": t.text, "box": scaled(t.box)}
                  for t in composition.texts],
        "logo": scaled(composition.logo_box) if composition.logo_box is not None else None,
        "disclosure": (scaled(composition.disclosure_box)
                       if composition.disclosure_box is not None else None),
        "panels": [scaled(p) for p in composition.panels],
    }


def ad_layout(
    composition: Composition, cutout: Image.Image | None = None, scale: int = 1
) -> AdLayout:
    """The layout of a composition, for the image policy; ``cutout`` is the stored product.

    The ad's product pixels are compared exactly with the product the compositor placed,
    and that product (as a thumbnail) with ``cutout``. An ad enlarged by ``scale`` is
    compared with the cutout freshly resized to the enlarged box.

    Raises:
        ValueError: The composition knows no placement, or ``scale`` > 1 without ``cutout``.
    """
    if composition.placement is None:
        raise ValueError("the composition has no placement")
    if scale > 1 and cutout is None:
        raise ValueError("an enlarged ad is checked against its cutout; give it")
    texts = tuple(TextBox(t.role, t.box, t.ink, t.background) for t in composition.texts)
    return AdLayout(
        placement=composition.placement,
        product_box=composition.product_box,
        product=trim(cutout) if cutout is not None and scale > 1 else composition.product,
        texts=texts,
        logo_box=composition.logo_box,
        backplate=composition.backplate,
        scale=scale,
        cutout=cutout,
    )
