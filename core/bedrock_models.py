"""The catalogue of Bedrock models adstudio can call: family, regions, lifecycle, successor.

One row per model id, as data: update the table when AWS announces a date or a region, and
settings (default regions), the engines (refusing a retired model), ``adstudio doctor`` and
the tests all follow. Sources: ``BEDROCK.md`` (checked 2026-12-04) and the AWS model
lifecycle page; rows marked UNCONFIRMED could not be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Final, Literal

Family = Literal["chat", "image", "image-service", "video"]
"""chat: Converse; image: text/image-to-image models; image-service: Stability's image
services; video: async video models writing to S3."""

PROFILE_PREFIX: Final = re.compile(r"^(?:us|eu|apac|jp|au|ca|us-gov|global)\.")
"""The geography prefix of a cross-region inference profile id (``us.``, ``eu.``...)."""


@dataclass(frozen=True)
class BedrockModel:
    """One model id and what adstudio must know before calling it.

    Attributes:
        id: The id adstudio sends (an inference profile id when ``profile`` is set).
        family: What kind of model it is.
        regions: Regions that serve it; the first is adstudio's default.
        profile: Whether it is called through an inference profile (``us.`` prefix) because
            the bare foundation model cannot be called on demand.
        legacy: When it became (or becomes) legacy, if announced.
        end_of_life: When calls start failing, if announced.
        successor: The model to use instead once it is retired.
        switch: How to switch to the successor (the setting to set).
    """

    id: str
    family: Family
    regions: tuple[str, ...]
    profile: bool = False
    legacy: date | None = None
    end_of_life: date | None = None
    successor: str | None = None
    switch: str = ""

    @property
    def base_id(self) -> str:
        """The foundation model behind the id (``us.x.y`` -> ``x.y``)."""
        return base_model_id(self.id)

    def retired(self, today: date | None = None) -> bool:
        """Whether its end of life has come (on or before ``today``, default: today, UTC)."""
        return self.end_of_life is not None and self.end_of_life <= (today or utc_today())

    def is_legacy(self, today: date | None = None) -> bool:
        """Whether it is legacy (announced for retirement) but not yet retired."""
        day = today or utc_today()
        return self.legacy is not None and self.legacy <= day and not self.retired(day)


# Stability AI's image services (InvokeModel), by operation: the id is a prefix
# (``us.stability.``, ADSTUDIO_STABILITY_SERVICES_PREFIX) and one of these suffixes.
STABILITY_SERVICES: Final = {
    "inpaint": "stable-image-inpaint-v1:0",
    "outpaint": "stable-outpaint-v1:0",
    "search_replace": "stable-image-search-replace-v1:0",
    "erase_object": "stable-image-erase-object-v1:0",
    "remove_background": "stable-image-remove-background-v1:0",
    "creative_upscale": "stable-creative-upscale-v1:0",
    "conservative_upscale": "stable-conservative-upscale-v1:0",
    "fast_upscale": "stable-fast-upscale-v1:0",
    "control_sketch": "stable-image-control-sketch-v1:0",
    "control_structure": "stable-image-control-structure-v1:0",
    "style_guide": "stable-image-style-guide-v1:0",
    "style_transfer": "stable-style-transfer-v1:0",
}
STABILITY_SERVICES_PREFIX: Final = "us.stability."

CHAT_MODEL: Final = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
SD35_LARGE: Final = "stability.sd3-5-large-v1:0"
INPAINT: Final = STABILITY_SERVICES_PREFIX + STABILITY_SERVICES["inpaint"]
NOVA_CANVAS: Final = "amazon.nova-canvas-v1:0"
TITAN_IMAGE_V2: Final = "amazon.titan-image-generator-v2:0"
NOVA_REEL: Final = "amazon.nova-reel-v1:1"
LUMA_RAY2: Final = "luma.ray-v2:0"

_US = ("us-east-1", "us-east-2", "us-west-2")  # the regions a ``us.`` profile is called from
_STABILITY_REGIONS = ("us-west-2",)  # the services' regions are UNCONFIRMED beyond us-west-2
_TO_STABILITY = "ADSTUDIO_IMAGE_ENGINE=stability"
_TO_LUMA = "ADSTUDIO_VIDEO_ENGINE=luma-ray2, which runs in us-west-2"

MODELS: Final[tuple[BedrockModel, ...]] = (
    # chat (Converse): inference profile ids only
    BedrockModel(CHAT_MODEL, "chat", _US, profile=True),
    BedrockModel("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "chat", _US, profile=True),
    BedrockModel("us.amazon.nova-2-lite-v1:0", "chat", _US, profile=True),
    BedrockModel("us.amazon.nova-pro-v1:0", "chat", _US, profile=True),
    BedrockModel("us.amazon.nova-lite-v1:0", "chat", _US, profile=True),
    # images: text/image-to-image models
    BedrockModel(SD35_LARGE, "image", _STABILITY_REGIONS),
    BedrockModel("stability.stable-image-ultra-v1:1", "image", _STABILITY_REGIONS),
    BedrockModel("stability.stable-image-core-v1:1", "image", _STABILITY_REGIONS),
    BedrockModel(NOVA_CANVAS, "image", ("us-east-1", "eu-west-1", "ap-northeast-1"),
                 legacy=date(2026, 3, 30), end_of_life=date(2026, 9, 30),
                 successor=INPAINT, switch=_TO_STABILITY),
    BedrockModel(TITAN_IMAGE_V2, "image", ("us-east-1", "us-west-2"),  # legacy date UNCONFIRMED
                 end_of_life=date(2026, 6, 30), successor=INPAINT, switch=_TO_STABILITY),
    # images: Stability's image services (the ad pipeline calls inpaint)
    *(BedrockModel(STABILITY_SERVICES_PREFIX + suffix, "image-service", _STABILITY_REGIONS,
                   profile=True) for suffix in STABILITY_SERVICES.values()),
    # video (StartAsyncInvoke, output in S3)
    BedrockModel(LUMA_RAY2, "video", ("us-west-2",)),
    BedrockModel(NOVA_REEL, "video", ("us-east-1",), legacy=date(2026, 3, 30),
                 end_of_life=date(2026, 9, 30), successor=LUMA_RAY2, switch=_TO_LUMA),
    BedrockModel("amazon.nova-reel-v1:0", "video",  # eu/ap regions UNCONFIRMED
                 ("us-east-1", "eu-west-1", "ap-northeast-1"), legacy=date(2026, 3, 30),
                 end_of_life=date(2026, 9, 30), successor=LUMA_RAY2, switch=_TO_LUMA),
)
"""Every model adstudio can call. A model not listed is assumed live (``doctor`` asks AWS)."""


def utc_today() -> date:
    """Today's date in UTC."""
    return datetime.now(UTC).date()


_ARN = re.compile(r"^arn:aws[\w-]*:bedrock:[\w-]*:\d*:(?:foundation-model|inference-profile)/")


def base_model_id(model_id: str) -> str:
    """The foundation model behind an inference profile id or ARN (``us.x.y`` -> ``x.y``)."""
    return PROFILE_PREFIX.sub("", _ARN.sub("", model_id))


def find(model_id: str) -> BedrockModel | None:
    """The catalogue row of ``model_id``, or None when it is not listed.

    An id matches its own row, or the row of the same foundation model with or without an
    inference-profile prefix (``amazon.nova-lite-v1:0`` finds ``us.amazon.nova-lite-v1:0``).
    """
    exact = next((m for m in MODELS if m.id == model_id), None)
    if exact is not None:
        return exact
    base = base_model_id(model_id)
    return next((m for m in MODELS if m.base_id == base), None)


def default_region(model_id: str) -> str | None:
    """The region adstudio calls ``model_id`` in by default (None: not in the catalogue)."""
    model = find(model_id)
    return model.regions[0] if model else None


def retirement_notice(model: BedrockModel) -> str:
    """One sentence: when ``model`` was retired and what replaces it."""
    when = model.end_of_life.isoformat() if model.end_of_life else "an announced date"
    instead = f"; its successor is {model.successor}" if model.successor else ""
    return f"{model.id} reached its end of life on {when}{instead}."


def switch_advice(model: BedrockModel | None) -> str:
    """'switch to X: set Y' for a retired or legacy model (generic when none is known)."""
    if model is None or model.successor is None:
        return "switch to an ACTIVE model of the same kind"
    how = f": set {model.switch}" if model.switch else ""
    return f"switch to {model.successor}{how}"
