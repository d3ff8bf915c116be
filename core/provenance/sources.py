"""The IPTC digital source type of what adstudio makes, and how it is chosen.

Platforms read this value (in the C2PA actions) to label AI content. adstudio's images
always start from the advertiser's own product photo, so the choice is about what was
added around it:

- ``compositeWithTrainedAlgorithmicMedia``: a trained model painted part of the image (the
  bedrock engine's scene around the real product, an erase or outpaint filled by a model,
  a model's upscale).
- ``trainedAlgorithmicMedia``: a trained model made all of it: every frame of a Bedrock
  video model's clip (the ad it started from only guided it), or an image made with no
  captured input.
- ``compositeSynthetic``: the local engine's ads and edits. The real product photo is
  composited onto a scene that code draws (gradients, surfaces, props, lettering) with no
  trained model. IPTC defines ``compositeSynthetic`` as a mix or composite of several
  elements, at least one of which is synthetic. ``algorithmicMedia`` would be wrong: it
  means the whole image came from an algorithm, but the product pixels are a capture.
  ``composite`` says less than we know, and ``compositeCapture`` would hide the drawn scene.
- ``algorithmicallyEnhanced``: a cutout (the background made transparent). The product's
  pixels are the photo's own, only a matte was added. That holds even when a model made
  the matte, because it adds no content.

A derived asset is never labelled as less generated than what it was made from, so a
cutout of a photo a model retouched keeps the model's type.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

IPTC: Final = "http://cv.iptc.org/newscodes/digitalsourcetype/"
TRAINED: Final = IPTC + "trainedAlgorithmicMedia"
COMPOSITE_WITH_TRAINED: Final = IPTC + "compositeWithTrainedAlgorithmicMedia"
COMPOSITE_SYNTHETIC: Final = IPTC + "compositeSynthetic"
ENHANCED: Final = IPTC + "algorithmicallyEnhanced"

GENERATIVE_UNITS: Final = frozenset({"image", "erase", "outpaint", "upscale"})
"""Cost units (:class:`engines.PaidCall`) of calls whose model paints pixels (not a matte)."""
CUTOUT_KINDS: Final = frozenset({"product_cutout", "background_removed"})

_RANK: Final = (ENHANCED, COMPOSITE_SYNTHETIC, COMPOSITE_WITH_TRAINED, TRAINED)


def source_type(
    kind: str, generative: bool, *, captured_input: bool, inherited: Iterable[str] = (),
    whole: bool = False,
) -> str:
    """The IPTC digital source type of one new asset.

    Args:
        kind: The asset's kind (``ad_image``, ``product_cutout``, ...).
        generative: A trained model painted pixels of it in this step.
        captured_input: It was made from at least one other asset (a product photo, an ad).
        inherited: The source types recorded on the assets it was made from.
        whole: The model made every pixel (a video model's clip), not a part.

    Returns:
        The full IPTC URI.
    """
    if generative:
        own = COMPOSITE_WITH_TRAINED if captured_input and not whole else TRAINED
    elif kind in CUTOUT_KINDS:
        own = ENHANCED
    else:
        own = COMPOSITE_SYNTHETIC
    known = [t for t in inherited if t in _RANK]
    strongest = max([own, *known], key=_RANK.index)
    if strongest == TRAINED and captured_input and not (generative and whole):
        return COMPOSITE_WITH_TRAINED  # a generated image combined with others
    return strongest


def is_generative(calls: Iterable[object]) -> bool:
    """Whether any recorded call (``{"unit": ..., "model": ...}``) painted pixels."""
    return any(isinstance(c, dict) and c.get("unit") in GENERATIVE_UNITS for c in calls)


def short_name(uri: str) -> str:
    """The term of an IPTC URI (``compositeSynthetic``), or the value as it is."""
    return uri.removeprefix(IPTC)
