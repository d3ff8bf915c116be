"""Which models the fake Bedrock serves: where, how they are called, and their lifecycle.

The facts are /work/shared/BEDROCK.md's and issue 21's (December 2026): Nova Canvas and Nova
Reel v1:0/v1:1 reached end of life on 2026-09-30, Titan Image v2 on 2026-06-30; Luma Ray2 is
live in us-west-2 only; Nova Canvas is offered in us-east-1, eu-west-1 and ap-northeast-1;
Stability's image services are called in us-west-2 through ``us.`` inference profiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from tests.fake_bedrock.errors import BedrockError, invalid

Kind = Literal["chat", "text-image", "image-service", "canvas", "video"]
PROFILE_GEOGRAPHIES = {
    "us": ("us-east-1", "us-east-2", "us-west-2"),
    "eu": ("eu-west-1", "eu-central-1", "eu-west-3"),
    "apac": ("ap-northeast-1", "ap-southeast-1", "ap-southeast-2"),
}
"""Source regions an inference profile of each geography can be called from."""

NOVA_LEGACY = datetime(2026, 3, 30, tzinfo=UTC)
NOVA_END = datetime(2026, 9, 30, tzinfo=UTC)
TITAN_LEGACY = datetime(2025, 12, 30, tzinfo=UTC)  # approximate: 6 months before its end
TITAN_END = datetime(2026, 6, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Model:
    """One foundation model.

    Attributes:
        model_id: The bare model id.
        provider: Provider name.
        kind: How the fake answers it.
        regions: Regions the model is offered in.
        on_demand: The bare id can be called (else an inference profile is needed).
        profiles: Geographies (``us``...) whose inference profiles hold the model.
        legacy: When it became legacy (None: active).
        end_of_life: When calls stopped working (None: no date yet).
        output: Output modality (TEXT, IMAGE, VIDEO).
    """

    model_id: str
    provider: str
    kind: Kind
    regions: tuple[str, ...]
    on_demand: bool = True
    profiles: tuple[str, ...] = ()
    legacy: datetime | None = None
    end_of_life: datetime | None = None
    output: str = "IMAGE"
    input_modalities: tuple[str, ...] = field(default=("TEXT", "IMAGE"))

    def status(self, now: datetime) -> str:
        """ACTIVE or LEGACY (a model past its end of life still reads LEGACY)."""
        return "LEGACY" if self.legacy is not None and now >= self.legacy else "ACTIVE"

    def retired(self, now: datetime) -> bool:
        """Whether its end of life has passed."""
        return self.end_of_life is not None and now >= self.end_of_life

    def inference_types(self) -> list[str]:
        """``inferenceTypesSupported`` of GetFoundationModel."""
        return ["ON_DEMAND"] if self.on_demand else ["INFERENCE_PROFILE"]


_STABILITY_SERVICES = (
    "stable-image-inpaint-v1:0", "stable-outpaint-v1:0", "stable-image-search-replace-v1:0",
    "stable-image-search-recolor-v1:0", "stable-image-erase-object-v1:0",
    "stable-image-remove-background-v1:0", "stable-creative-upscale-v1:0",
    "stable-conservative-upscale-v1:0", "stable-fast-upscale-v1:0",
    "stable-image-control-sketch-v1:0", "stable-image-control-structure-v1:0",
    "stable-image-style-guide-v1:0", "stable-style-transfer-v1:0",
)
_US = ("us-east-1", "us-east-2", "us-west-2")

MODELS: dict[str, Model] = {
    model.model_id: model
    for model in (
        Model("anthropic.claude-haiku-4-5-20251001-v1:0", "Anthropic", "chat", _US,
              on_demand=False, profiles=("us",), output="TEXT"),
        Model("anthropic.claude-sonnet-4-5-20250929-v1:0", "Anthropic", "chat", _US,
              on_demand=False, profiles=("us",), output="TEXT"),
        Model("amazon.nova-2-lite-v1:0", "Amazon", "chat", _US, on_demand=False,
              profiles=("us",), output="TEXT"),
        Model("stability.sd3-5-large-v1:0", "Stability AI", "text-image", ("us-west-2",),
              profiles=("us",)),
        Model("stability.stable-image-ultra-v1:1", "Stability AI", "text-image",
              ("us-west-2",), profiles=("us",)),
        Model("stability.stable-image-core-v1:1", "Stability AI", "text-image",
              ("us-west-2",), profiles=("us",)),
        *(Model(f"stability.{suffix}", "Stability AI", "image-service", ("us-west-2",),
                on_demand=False, profiles=("us",)) for suffix in _STABILITY_SERVICES),
        Model("amazon.nova-canvas-v1:0", "Amazon", "canvas",
              ("us-east-1", "eu-west-1", "ap-northeast-1"), legacy=NOVA_LEGACY,
              end_of_life=NOVA_END),
        Model("amazon.titan-image-generator-v2:0", "Amazon", "canvas",
              ("us-east-1", "us-west-2"), legacy=TITAN_LEGACY, end_of_life=TITAN_END),
        Model("amazon.nova-reel-v1:0", "Amazon", "video",
              ("us-east-1", "eu-west-1", "ap-northeast-1"), legacy=NOVA_LEGACY,
              end_of_life=NOVA_END, output="VIDEO"),
        Model("amazon.nova-reel-v1:1", "Amazon", "video", ("us-east-1",),
              legacy=NOVA_LEGACY, end_of_life=NOVA_END, output="VIDEO"),
        Model("luma.ray-v2:0", "Luma AI", "video", ("us-west-2",), output="VIDEO"),
    )
}
SUCCESSORS = {
    "amazon.nova-canvas-v1:0": "stability.sd3-5-large-v1:0",
    "amazon.titan-image-generator-v2:0": "stability.sd3-5-large-v1:0",
    "amazon.nova-reel-v1:0": "luma.ray-v2:0",
    "amazon.nova-reel-v1:1": "luma.ray-v2:0",
}
"""The live model each retired one is replaced by (issue 21)."""


def split_profile(model_id: str) -> tuple[str | None, str]:
    """(geography or None, bare id) of a model or inference-profile id (``us.x`` → us, x)."""
    head, _, rest = model_id.partition(".")
    if head in PROFILE_GEOGRAPHIES and rest in MODELS:
        return head, rest
    return None, model_id


def profile_serves(model: Model, geography: str, region: str) -> bool:
    """Whether ``model``'s ``geography`` profile can be called from ``region``.

    A profile is called from a source region of its geography that offers the model.
    """
    return (geography in model.profiles and region in PROFILE_GEOGRAPHIES[geography]
            and region in model.regions)


def find(model_id: str, region: str) -> Model:
    """The foundation model behind ``model_id`` as GetFoundationModel sees it in ``region``.

    Raises:
        BedrockError: Unknown here (``ValidationException``, as Bedrock answers an id it
            does not offer in the region).
    """
    model = MODELS.get(model_id.rsplit("/", 1)[-1])
    if model is None or region not in model.regions:
        raise invalid("The provided model identifier is invalid.")
    return model


def callable_model(
    model_id: str, region: str, now: datetime, extended: frozenset[str] = frozenset()
) -> Model:
    """The model a runtime call of ``model_id`` in ``region`` reaches, as Bedrock checks it.

    Args:
        model_id: A bare model id or an inference-profile id (``us.`` prefix).
        region: The region called (from the request's credential scope).
        now: The current time (end of life is checked against it).
        extended: Retired models this account still has access to.

    Raises:
        BedrockError: Unknown or not offered in the region, a bare id that needs an
            inference profile, a profile called from outside its geography, or a model past
            its end of life.
    """
    geography, bare = split_profile(model_id)
    model = MODELS.get(bare)
    if model is None:
        raise invalid("The provided model identifier is invalid.")
    if geography is not None:
        if not profile_serves(model, geography, region):
            raise invalid("The provided model identifier is invalid.")
    elif region not in model.regions:
        raise invalid("The provided model identifier is invalid.")
    elif not model.on_demand:
        raise invalid(
            f"Invocation of model ID {bare} with on-demand throughput isn't supported. "
            "Retry your request with the ID or ARN of an inference profile that contains "
            "this model."
        )
    if model.retired(now) and bare not in extended:
        raise BedrockError(
            "ResourceNotFoundException",
            "This model version has reached the end of its life. Please refer to the AWS "
            "documentation for more details.",
        )
    return model
