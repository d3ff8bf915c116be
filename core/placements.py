"""Ad placements as data: sizes, safe zones and text/logo rules from ``placements.yaml``.

A placement is where an ad runs (a feed post, a story, an IAB banner, an Amazon slot). Users
and the agent name one by id, alias (``"9:16"``, ``"feed"``) or pixel size (``"728x90"``);
:func:`resolve_placement` maps any of these to the :class:`Placement`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.errors import CapabilityError

CATALOG_PATH = Path(__file__).with_name("placements.yaml")

Box = tuple[int, int, int, int]
LayoutHint = Literal["stack", "side", "banner", "skyscraper", "scene"]
Inset = Annotated[float, Field(ge=0.0, le=0.4)]
_SIZE = re.compile(r"^(\d{2,5})x(\d{2,5})$")


class SafeZone(BaseModel):
    """Insets of the area text and logos must stay inside, as fractions of each side.

    Attributes:
        left: Fraction of the width kept free on the left.
        top: Fraction of the height kept free at the top.
        right: Fraction of the width kept free on the right.
        bottom: Fraction of the height kept free at the bottom.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    left: Inset = 0.05
    top: Inset = 0.05
    right: Inset = 0.05
    bottom: Inset = 0.05

    @model_validator(mode="after")
    def _leaves_room(self) -> SafeZone:
        if self.left + self.right > 0.7 or self.top + self.bottom > 0.7:
            raise ValueError("the safe zone leaves less than 30% of a side")
        return self


class Placement(BaseModel):
    """One ad placement.

    Attributes:
        id: Stable identifier stored in recipes (``square``, ``story``, ``leaderboard``...).
        label: Human-readable name with the size.
        group: Family of placements (Social, Video, Display, Amazon).
        aliases: Other names (``"1:1"``, ``"feed"``); matched case- and space-insensitively.
        size: (width, height) in pixels.
        safe_zone: Where text and logos may go.
        allows_text: Whether headline, subline and button may be drawn.
        allows_logo: Whether a brand logo may be drawn.
        max_headline_chars: Platform limit on the headline length, if any.
        layout: Layout family: ``stack``, ``side``, ``banner``, ``skyscraper`` or ``scene``.
        ai_label: Whether ads here must show a visible AI disclosure ("AI-generated")
            under the default ``ADSTUDIO_AI_LABEL=required``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    label: str
    group: str = "Other"
    aliases: tuple[str, ...] = ()
    size: tuple[Annotated[int, Field(ge=16, le=4096)], Annotated[int, Field(ge=16, le=4096)]]
    safe_zone: SafeZone = SafeZone()
    allows_text: bool = True
    allows_logo: bool = True
    max_headline_chars: Annotated[int, Field(ge=5)] | None = None
    layout: LayoutHint = "stack"
    ai_label: bool = False

    @property
    def width(self) -> int:
        """Width in pixels."""
        return self.size[0]

    @property
    def height(self) -> int:
        """Height in pixels."""
        return self.size[1]

    def safe_box(self) -> Box:
        """The safe zone as a pixel box (left, top, right, bottom)."""
        w, h = self.size
        z = self.safe_zone
        return (
            round(z.left * w),
            round(z.top * h),
            w - round(z.right * w),
            h - round(z.bottom * h),
        )

    def names(self) -> tuple[str, ...]:
        """Every name this placement answers to (id, aliases and ``WxH``)."""
        return (self.id, *self.aliases, f"{self.size[0]}x{self.size[1]}")


class _Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid")

    placements: list[Placement]

    @model_validator(mode="after")
    def _unique_names(self) -> _Catalog:
        seen: dict[str, str] = {}
        for placement in self.placements:
            for name in (placement.id, *placement.aliases):
                key = normalize(name)
                if key in seen:
                    raise ValueError(
                        f"placement name {name!r} of {placement.id!r} is already used by "
                        f"{seen[key]!r}"
                    )
                if _SIZE.match(key):
                    raise ValueError(f"alias {name!r} looks like a size; sizes match already")
                seen[key] = placement.id
        if not self.placements:
            raise ValueError("the catalog has no placements")
        return self


def normalize(name: str) -> str:
    """Case-, space- and separator-insensitive form of a placement name."""
    return re.sub(r"[\s_-]+", "", name.strip().lower()).replace("×", "x")


def validate_catalog(data: Any) -> dict[str, Placement]:
    """Validate parsed placement data (the YAML's content) and index it by id.

    Args:
        data: A mapping with a ``placements`` list.

    Returns:
        The placements by id, in file order.

    Raises:
        pydantic.ValidationError: A field is missing or out of range, or names collide.
    """
    catalog = _Catalog.model_validate(data)
    return {p.id: p for p in catalog.placements}


@cache
def load_placements(path: Path = CATALOG_PATH) -> dict[str, Placement]:
    """Load and validate the placement catalog (cached).

    Args:
        path: The YAML file; the bundled catalog by default.

    Returns:
        The placements by id, in file order.
    """
    return validate_catalog(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def _index() -> dict[str, Placement]:
    index: dict[str, Placement] = {}
    for placement in load_placements().values():
        for name in placement.names():
            index.setdefault(normalize(name), placement)
    return index


def resolve_placement(name: str) -> Placement:
    """Find a placement by id, alias or ``WxH`` size (case- and space-insensitive).

    Args:
        name: ``"story"``, ``"9:16"``, ``"Feed"``, ``"728 x 90"``...

    Returns:
        The placement; for a size shared by several placements, the first in the catalog.

    Raises:
        CapabilityError: No placement has that name; the message lists the valid ones.
    """
    placement = _index().get(normalize(name))
    if placement is None:
        raise CapabilityError(
            f"There is no ad placement called {name!r}.",
            hint="Use one of: " + ", ".join(placement_names()) + ".",
        )
    return placement


def placement_names() -> list[str]:
    """Every placement as ``id (alias, ..., WxH)``, for messages and tool descriptions."""
    out = []
    for p in load_placements().values():
        extra = ", ".join((*p.aliases[:2], f"{p.width}x{p.height}"))
        out.append(f"{p.id} ({extra})")
    return out
