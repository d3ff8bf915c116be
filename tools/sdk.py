"""The capability SDK: declare a capability once, use it from chat, API, CLI and batch.

A capability is one function taking a pydantic request and a :class:`CapabilityContext`
and returning a pydantic result::

    @capability(name="generate_ad_images", cost_usd=0.24)
    def generate_ad_images(req: GenerateAdImagesRequest, ctx: CapabilityContext) -> ...:
        \"\"\"Docstring: what the model (and the API docs) read.\"\"\"

The registry derives everything else from that declaration: the agent's tools
(``agent.toolkit``), and later the API routes, CLI commands and batch job types.
"""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, get_type_hints

from pydantic import BaseModel, ValidationError

from core.errors import CapabilityError, describe_errors
from core.schemas import CapabilityResult
from core.settings import AiLabelMode
from core.storage.assets import AssetStore
from core.storage.brandkit import BrandKit, BrandKitStore
from engines import Engines
from policy.audit import AuditLog
from policy.text import TextPolicy

if TYPE_CHECKING:
    from engines.bedrock.guardrail import BedrockGuardrail

ReqT = TypeVar("ReqT", bound=BaseModel)
ResT = TypeVar("ResT", bound="CapabilityResult")

ProgressFn = Callable[[int, int, str], None]
UsageFn = Callable[[Any, AssetStore | None], Mapping[str, float]]
"""Billable work a request asks for, by unit: ``{"image": 4}``, ``{"video_second": 12}``."""


def _no_progress(done: int, total: int, message: str) -> None:
    """Ignore progress reports."""


@dataclass(frozen=True)
class ThreadGallery:
    """The ad images of the chat thread a call belongs to, as the conversation shows them.

    Attributes:
        numbers: Every ad image of the thread by asset id, numbered #1, #2, ... in the order
            made (an ad taken out of the gallery keeps its number, so none shifts).
        current: The ads the gallery shows now, by number: the latest version of each (the
            newest edit, or the image an undo went back to), none taken out.
        removed: The ads taken out of the gallery (``delete_images``); their files stay.
        motion: The thread's live images and videos (MP4 asset ids), oldest first; those
            deleted from the store are left out.
    """

    numbers: Mapping[str, int] = field(default_factory=dict)
    current: tuple[str, ...] = ()
    removed: frozenset[str] = frozenset()
    motion: tuple[str, ...] = ()


@dataclass(frozen=True)
class AiLabel:
    """The deployment's rule for a visible AI disclosure on ads (``ADSTUDIO_AI_LABEL``).

    Attributes:
        mode: ``required`` (where a placement or the brand kit asks), ``always`` or ``off``.
        text: What the label says.
    """

    mode: AiLabelMode = "required"
    text: str = "AI-generated"


@dataclass
class CapabilityContext:
    """What a capability may use: engines, the asset store, the run's tenant and seed.

    Built by ``Services.capability_context`` (tools/services.py) for every face; the
    tenant's policy and the audit log have no defaults, so no caller can forget them.

    Attributes:
        assets: Where inputs are read from and outputs written to.
        engines: The engine of each kind (built once by ``tools.services.build_engines``).
        policy: The tenant's ad policy, which checks ad copy before it is rendered.
        audit: Where every policy check of this call is recorded (None: not recorded).
        tenant: Owner of every asset this call reads or writes.
        seed: Base seed, so the same request gives the same output.
        max_variations: Upper bound on images per call.
        progress: Called with (done, total, message) during long work.
        brand_kits: Where advertisers' brand kits are kept (None: no brand kits).
        cancelled: Returns True once the caller wants long work stopped.
        thread: The conversation this call belongs to (for jobs that finish later).
        guardrail: A Bedrock guardrail that checks generated images before they are stored.
        threads: How many threads the call may use for parallel work (variations drawn
            side by side); a batch worker process gets its share of the cores.
        gallery: The ad images of the chat thread the call belongs to (None: the call is
            not part of a chat, e.g. a direct API, MCP, CLI or batch call).
        ai_label: When ads carry a visible AI disclosure, and what it says.
    """

    assets: AssetStore
    engines: Engines
    policy: TextPolicy
    audit: AuditLog | None
    tenant: str = "default"
    seed: int = 0
    max_variations: int = 8
    progress: ProgressFn = field(default=_no_progress)
    brand_kits: BrandKitStore | None = None
    cancelled: Callable[[], bool] = field(default=lambda: False)
    thread: str | None = None
    guardrail: BedrockGuardrail | None = None
    threads: int = field(default_factory=lambda: os.cpu_count() or 1)
    gallery: ThreadGallery | None = None
    ai_label: AiLabel = field(default_factory=lambda: AiLabel())

    def brand_kit(self) -> BrandKit | None:
        """The tenant's brand kit, if it saved one."""
        return self.brand_kits.get(self.tenant) if self.brand_kits else None


@dataclass(frozen=True)
class Capability(Generic[ReqT, ResT]):
    """One declared capability.

    Attributes:
        name: Stable identifier (tool name, API path segment, CLI command).
        description: What it does, for the model and the docs (the function docstring).
        request: Pydantic model of the arguments.
        result: Pydantic model of the result.
        fn: The implementation.
        cost_usd: Estimated cost of one call on the bedrock engine.
        modes: Where it may run: "online" (chat, API) and/or "batch".
        usage: Optional estimator of the billable units a request asks for; the agent
            prices them (``tools.cost``) and asks before expensive work.
    """

    name: str
    description: str
    request: type[ReqT]
    result: type[ResT]
    fn: Callable[[ReqT, CapabilityContext], ResT]
    cost_usd: float = 0.0
    modes: frozenset[str] = frozenset({"online", "batch"})
    usage: UsageFn | None = None

    def invoke(self, payload: ReqT | Mapping[str, Any], ctx: CapabilityContext) -> ResT:
        """Validate ``payload`` against the request model and run the capability."""
        if isinstance(payload, self.request):
            return self.fn(payload, ctx)
        try:
            request = self.request.model_validate(payload)
        except ValidationError as exc:
            problems = describe_errors(exc.errors())
            raise CapabilityError(
                f"Invalid arguments for {self.name}: {problems}.",
                hint="Fix the arguments and call again.",
            ) from exc
        return self.fn(request, ctx)


# The declarations, filled once when the capability modules are imported (as routes are on
# a web framework's router); nothing changes it at run time.
_REGISTRY: dict[str, Capability[Any, Any]] = {}
_CAPABILITY_MODULES = ("tools.capabilities",)


def capability(
    *,
    name: str,
    cost_usd: float = 0.0,
    modes: tuple[str, ...] = ("online", "batch"),
    usage: UsageFn | None = None,
) -> Callable[[Callable[[ReqT, CapabilityContext], ResT]], Capability[ReqT, ResT]]:
    """Declare a capability; request and result models come from the type hints.

    Args:
        name: Stable identifier of the capability.
        cost_usd: Estimated cost of one call on the bedrock engine.
        modes: Where it may run ("online", "batch").
        usage: Billable units of a request, given the asset store or None (see :data:`UsageFn`).

    Returns:
        A decorator that registers the function and returns its :class:`Capability`.
    """

    def register(fn: Callable[[ReqT, CapabilityContext], ResT]) -> Capability[ReqT, ResT]:
        hints = get_type_hints(fn)
        first = next(iter(inspect.signature(fn).parameters))
        declared: Capability[ReqT, ResT] = Capability(
            name=name,
            description=inspect.cleandoc(fn.__doc__ or name),
            request=hints[first],
            result=hints["return"],
            fn=fn,
            cost_usd=cost_usd,
            modes=frozenset(modes),
            usage=usage,
        )
        if name in _REGISTRY and _REGISTRY[name].fn is not fn:
            raise ValueError(f"capability {name!r} is declared twice")
        _REGISTRY[name] = declared
        return declared

    return register


def registry() -> Mapping[str, Capability[Any, Any]]:
    """Return every declared capability by name (importing the capability modules)."""
    for module in _CAPABILITY_MODULES:
        importlib.import_module(module)
    return dict(_REGISTRY)
