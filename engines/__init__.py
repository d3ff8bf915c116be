"""Engines behind the capabilities: ``local`` (offline, the default) and ``bedrock``.

Each kind of engine is a small protocol; ``tools.services.build_engines`` is the one
place that picks the implementation for a deployment, so tests swap engines there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from pathlib import Path

    import numpy as np
    from PIL import Image

    from core.schemas import (
        AnimateImageRequest,
        ExtractFeaturesRequest,
        ProductFeatures,
        Storyboard,
    )
    from engines.local.ad.composition import Composition
    from engines.local.ad.recipe import Recipe
    from engines.local.cutout import Cutout


class FeatureEngine(Protocol):
    """Turns product text into structured features."""

    def extract(self, request: ExtractFeaturesRequest) -> ProductFeatures:
        """Return the product's features, benefits, audience and theme ideas."""
        ...


class ImageEngine(Protocol):
    """Cuts products out of photos and stages them in ad scenes.

    Attributes:
        name: The engine's name, for logs and asset metadata.
    """

    name: str

    @property
    def models(self) -> tuple[str, ...]:
        """The ids of the trained models that paint its ads (the provenance of a creative).

        Empty for the local renderer, which draws scenes procedurally.
        """
        ...

    @property
    def can_erase(self) -> bool:
        """Whether :meth:`erase` can paint over part of a photo (the hand holding a product)."""
        ...

    @property
    def erase_model(self) -> str:
        """The id of the model :meth:`erase` calls ("" when it cannot erase)."""
        ...

    def cut_out(
        self, photo: Image.Image, box: tuple[int, int, int, int] | None = None
    ) -> Cutout:
        """Separate the product (inside ``box``, when marked) from its photo's background."""
        ...

    def remove_background(
        self, photo: Image.Image, box: tuple[int, int, int, int] | None = None
    ) -> Cutout:
        """Separate the product (inside ``box``, when given) from its photo for a PNG."""
        ...

    def render_ad(
        self, cutout: Image.Image, recipe: Recipe, logo: Image.Image | None = None
    ) -> Composition:
        """Stage the cut-out product in a scene described by ``recipe`` (with a logo)."""
        ...

    def erase(self, photo: Image.Image, mask: Image.Image) -> Image.Image:
        """The photo with what ``mask`` covers (L, 255 = erase) painted over by a model.

        Only the masked pixels change; every other pixel stays the photo's own. Raises
        ``CapabilityError`` when the engine cannot paint (see ``can_erase``) or the call fails.
        """
        ...

    def adjust(
        self,
        image: Image.Image,
        warmth: float = 0.0,
        brightness: float = 0.0,
        contrast: float = 0.0,
    ) -> Image.Image:
        """Grade a whole image: warmer or cooler, brighter or darker, more or less contrast.

        Each value runs from -1 to 1 (> 0 warmer, brighter, punchier); 0 leaves it alone.
        """
        ...

    def retouch(
        self,
        image: Image.Image,
        operations: list[dict[str, object]],
        protect: np.ndarray | None = None,
    ) -> Retouched:
        """Apply stored retouches in order: removals (``protect`` kept), then the upscale.

        ``operations`` are ``{"op": "remove", "box": [l, t, r, b]}`` (fractions of the size)
        and ``{"op": "upscale", "factor": 2}``. Pixels under ``protect`` (the product, the
        text) are never the model's. A model call that fails falls back to the local code,
        with a note.
        """
        ...

    def extend(self, image: Image.Image, size: tuple[int, int]) -> Retouched:
        """``image`` scaled to fit ``size`` (never stretched) and the scene grown around it.

        The original's pixels (scaled) stay as they are; a model call that fails falls back
        to the local extension, with a note.
        """
        ...


@dataclass(frozen=True)
class PaidCall:
    """A billable model call that succeeded (answered), so the model bills it.

    A call that failed is not one: it is neither priced nor named in a creative's
    provenance. A call that answered but whose answer was not used (the local code stood
    in, e.g. a matte that kept nothing) is billed all the same: it is priced, but not
    named in the provenance (``used`` False).

    Attributes:
        unit: The cost unit it is priced by (``tools.cost``): "image", "cutout", "erase",
            "outpaint" or "upscale".
        model: The id of the model that was called.
        used: Whether its answer is in the result (a creative's provenance names it).
    """

    unit: str
    model: str
    used: bool = True

    def as_dict(self) -> dict[str, str]:
        """The call as an asset records it (its ``calls`` parameter)."""
        return {"unit": self.unit, "model": self.model}


@dataclass(frozen=True)
class Retouched:
    """A retouched image and what the user should know about how it was made.

    Attributes:
        image: The RGB result.
        notes: Sentences for the result's notes (a model call that failed and the local
            code that stood in), empty when all went as asked.
        calls: The model calls whose answers are in ``image`` (none locally, or when every
            call failed).
    """

    image: Image.Image
    notes: tuple[str, ...] = ()
    calls: tuple[PaidCall, ...] = ()


@dataclass(frozen=True)
class RenderedVideo:
    """A finished video on disk, written atomically (no half-written file is ever left).

    Attributes:
        mp4: H.264 (yuv420p, faststart) with a silent AAC track.
        preview: Animated WebP preview (small), if made.
        poster: A representative still (PNG), if made.
        width: Frame width in pixels.
        height: Frame height in pixels.
        seconds: Duration.
        fps: Frames per second.
        notes: What the render could not do as asked (the AI label found no place).
    """

    mp4: Path
    preview: Path | None
    poster: Path | None
    width: int
    height: int
    seconds: float
    fps: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AdLayers:
    """The parts an ad image was composed from, so motion can move them separately.

    Attributes:
        scene: The RGB scene with the product's shadows, without product, text or logo.
        product: The RGBA product exactly as pasted on the ad.
        product_box: (left, top, right, bottom) of the product on the canvas.
        overlay: RGBA layer holding scrims, text, button and logo (transparent elsewhere).
        theme: Id of the scene theme (for theme-aware particles).
    """

    scene: Image.Image
    product: Image.Image
    product_box: tuple[int, int, int, int]
    overlay: Image.Image
    theme: str


class VideoRenderer(Protocol):
    """Renders live images and storyboards into MP4 files on this machine."""

    name: str

    def animate(
        self,
        layers: AdLayers,
        request: AnimateImageRequest,
        out_dir: Path,
        progress: Callable[[int, int, str], None],
        cancelled: Callable[[], bool],
        seed: int = 0,
    ) -> RenderedVideo:
        """Render a seamless loop of ``layers``; raise ``RenderCancelled`` when cancelled."""
        ...

    def render(
        self,
        storyboard: Storyboard,
        cutout: Image.Image,
        logo: Image.Image | None,
        out_dir: Path,
        progress: Callable[[int, int, str], None],
        cancelled: Callable[[], bool],
        seed: int = 0,
        min_kbps: int | None = None,
        cropped: Collection[str] = (),
        label: str | None = None,
    ) -> RenderedVideo:
        """Render every shot of ``storyboard``; raise ``RenderCancelled`` when cancelled.

        ``min_kbps`` is the placement's least video bitrate, if it has one. ``cropped`` are
        the sides the product's photo cuts it at (a held product): it enters the shots
        from those sides of the frame instead of standing on a floor. ``label`` is the
        visible AI disclosure to show on every frame (None: none); the result's ``notes``
        say when it found no place.
        """
        ...


@dataclass(frozen=True)
class Engines:
    """The engine of each kind for one deployment.

    Attributes:
        features: Product text to features.
        images: Cutouts and ad scenes.
        video: Live images and storyboard videos rendered on this machine (always present:
            it also renders previews when a remote video model is configured).
        video_jobs: A remote, asynchronous video model (Nova Reel, Luma Ray2), if configured.
    """

    features: FeatureEngine
    images: ImageEngine
    video: VideoRenderer | None = None
    video_jobs: object | None = None
