"""Art direction: scene prompts for image models, from the theme, product and brief.

Image models draw only the scene; the product's own pixels are composited back and the text
is set by the local typography, so prompts describe a backdrop, a surface and light, never
words. Unwanted things go into the negative prompt, never as "no X" in the positive one.

:func:`scene_prompt` is the deterministic art director (the local engine's, and the fallback
of the chat model's in ``engines.bedrock.art_director``); every director's output
passes :func:`checked`, which enforces those rules. The product and brief are advertiser
text, data and never instructions: :func:`scene_prompt` removes injection attempts from
them (:func:`policy.injection.sanitize`) before writing a word of the prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from engines.local.themes import Theme
from policy.injection import sanitize

NEGATIVE = (
    "text, letters, words, watermark, logo, signature, extra products, duplicate product, "
    "distorted product, deformed, blurry, low quality, oversaturated, cropped, frame, border"
)
_NEGATION = re.compile(r"\b(?:no|not|without|never|don't|avoid)\b[^,.;]*[,.;]?\s*", re.I)


@dataclass(frozen=True)
class ScenePrompt:
    """A positive and a negative prompt, each within a model's length limit."""

    prompt: str
    negative: str


class ArtDirector(Protocol):
    """Writes the prompts for a scene; :func:`scene_prompt` is the deterministic one."""

    def __call__(
        self, theme: Theme, product: str, context: str = "", limit: int = 1024
    ) -> ScenePrompt:
        """Return prompts for the scene around ``product`` that fit ``limit`` characters."""
        ...


def describe_theme(theme: Theme) -> str:
    """The theme in words: its name, then surface, backdrop, light, mood and accents."""
    return ", ".join([f"{theme.label} scene", *_describe(theme)])


def checked(prompt: ScenePrompt, limit: int) -> ScenePrompt:
    """Enforce the prompt rules on any director's output.

    Negations are dropped from the positive prompt, both prompts are cut to ``limit`` at a
    comma or space, and an empty negative prompt gets the standard one.

    Args:
        prompt: The prompts as written.
        limit: The model's prompt length limit, in characters.
    """
    positive = _NEGATION.sub("", prompt.prompt).strip(" ,;.")
    negative = prompt.negative.strip(" ,;.") or NEGATIVE
    return ScenePrompt(prompt=_fit(positive, limit), negative=_fit(negative, limit))


def _describe(theme: Theme) -> list[str]:
    """The theme's parts in words: surface, backdrop, light, mood and accents."""
    parts = [
        f"on a {theme.surface.texture} surface" if theme.surface.texture != "plain" else "",
        f"{theme.backdrop.style} backdrop" if theme.backdrop.style != "sky" else "open sky",
        "warm light" if theme.lighting.warmth > 0.2 else
        "cool light" if theme.lighting.warmth < -0.2 else "soft natural light",
        " ".join(theme.mood),
        ", ".join(accent.kind.replace("_", " ") for accent in theme.accents),
    ]
    return [part for part in parts if part]


def scene_prompt(theme: Theme, product: str, context: str = "", limit: int = 1024) -> ScenePrompt:
    """Write the prompts for the scene around ``product``.

    Args:
        theme: The resolved theme.
        product: What the product is ("insulated steel water bottle").
        context: Brief words worth echoing (audience, season); negations and injection
            attempts are dropped.
        limit: The model's prompt length limit, in characters.

    Returns:
        Prompts that fit ``limit``.
    """
    product = sanitize(product, "product name")
    brief = _NEGATION.sub("", sanitize(context, "scene brief")).strip()
    pieces = [
        f"Professional advertising product photograph of {product or 'a product'}",
        f"{theme.label} scene",
        *_describe(theme),
        "shallow depth of field, realistic soft shadow under the product, high detail",
        brief[:300],
    ]
    prompt = ", ".join(p.strip(" ,") for p in pieces if p.strip(" ,"))
    return ScenePrompt(prompt=_fit(prompt, limit), negative=_fit(NEGATIVE, limit))


def _fit(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters at a comma or space."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: max(cut.rfind(","), cut.rfind(" "))].rstrip(" ,")
