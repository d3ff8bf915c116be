"""A tool step as a marketer reads it: what was asked for, in words, with ads by number.

The chat shows each tool call as a collapsible step. Its arguments are the model's
(``product_image: img_3f…``, ``storyboard_id: ast_…``, ``n: 4``); a marketer sees
"Product photo: your photo", "Ads: 4", images as their #numbers and never an asset id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent.numbering import ASSET_ID, in_words, name_asset
from core.markup import escape_markdown
from core.storage.assets import AssetStore

LABELS = {
    "product_name": "Product", "audience": "Audience", "objective": "Objective",
    "tone": "Tone", "placements": "Placements", "placement": "Placement",
    "brand_colors": "Brand colours", "colors": "Colours", "language": "Language",
    "product_image": "Product photo", "n": "Ads", "theme": "Scene", "headline": "Headline",
    "headlines": "Headlines", "subline": "Subline", "cta": "Button", "font": "Font",
    "logo": "Logo", "use_brand_kit": "Brand kit", "photo_as_is": "Photo as it is",
    "cards": "Cards", "asset_ids": "Images", "asset_id": "Image", "box": "Marked area",
    "latest": "Latest versions only", "warmth": "Warmth", "brightness": "Brightness",
    "contrast": "Contrast", "backdrop_color": "Backdrop colour",
    "product_scale": "Product size", "product_shift": "Product position",
    "remove_region": "Area to remove", "upscale": "Sharper, larger", "title": "Title",
    "bullets": "Bullet points", "seconds": "Seconds", "fps": "Frames per second",
    "motion": "Motion", "particles": "Particles", "sheen": "Sheen", "size": "Size",
    "shots": "Shots", "shot": "Shot", "action": "Change", "kind": "Kind", "text": "Text",
    "camera": "Camera", "transition": "Transition",
}
"""Each argument's name for people; an argument not listed here is not shown."""
HIDDEN = frozenset({"context", "description", "seed", "storyboard_id"})
"""Arguments that say nothing to a marketer (the model's notes, a seed, internal ids)."""
_MAX_CHARS = 120
_THINGS = {"cards": "card", "shots": "shot", "bullets": "point"}
_OWN = {"product_image": "your photo", "logo": "your logo"}


def _value(key: str, value: Any, numbers: dict[str, int], store: AssetStore | None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and ASSET_ID.fullmatch(value):
        return name_asset(value, numbers, store, default=_OWN.get(key, "an earlier image"))
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        thing = _THINGS.get(key, "item")
        return f"{len(value)} {thing}{'s' if len(value) != 1 else ''}"
    if isinstance(value, list):
        return ", ".join(_value(key, v, numbers, store) for v in value)
    if isinstance(value, dict):
        return "set"
    if isinstance(value, float):
        return f"{value:g}"
    text = in_words(" ".join(str(value).split()), numbers, store)
    return text if len(text) <= _MAX_CHARS else text[: _MAX_CHARS - 1].rstrip() + "…"


def step_details(args: Mapping[str, Any], numbers: Mapping[str, int],
                 store: AssetStore | None = None) -> str:
    """A tool call's arguments as Markdown lines a marketer can read ("- **Ads:** 4").

    Args:
        args: The call's arguments, as the model wrote them.
        numbers: The thread's ad numbers by asset id (ids become "#3").
        store: Where to look up what other assets are ("the storyboard").

    Returns:
        One line per shown argument, values escaped (they are the model's or the
        user's text, never markup); "" when nothing is worth showing.
    """
    lines = []
    for key, value in args.items():
        if key in HIDDEN or key not in LABELS or value is None or value == [] or value == "":
            continue
        shown = escape_markdown(_value(key, value, dict(numbers), store))
        lines.append(f"- **{LABELS[key]}:** {shown}")
    return "\n".join(lines)
