"""Ad fonts: the open-licence (SIL OFL) typeface families shipped by pip packages.

Fonts are never read from the system: each family names the package and the files of its
headline, button and body faces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from PIL import ImageFont

FontRole = Literal["headline", "bold", "regular"]
MIN_TEXT_SIZE = 11
"""The smallest text an ad draws, in pixels (its font size): a banner's headline, subline
and button, and the AI disclosure label's letters, never go below it."""


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
