"""Art direction by the chat model: scene prompts written from the product, theme and brief.

The chat model drafts the positive and negative prompts with structured output; the draft
then passes the same rules as the deterministic director (:func:`checked`: no negations in
the positive prompt, the model's length limit). Any failure of the chat call falls back to
the deterministic :func:`scene_prompt`, so a scene always gets a prompt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

import prompts
from engines.art_direction import (
    ArtDirector,
    ScenePrompt,
    checked,
    describe_theme,
    scene_prompt,
)
from engines.local.themes import Theme
from policy.injection import sanitize
from policy.text import check_text

log = logging.getLogger(__name__)

ASK_LIMIT = 800
"""Longest prompt asked of the chat model, whatever the image model accepts."""


class SceneDraft(BaseModel):
    """The chat model's scene prompts (the pydantic twin of :class:`ScenePrompt`)."""

    prompt: str = Field(description="What the scene shows: surface, backdrop, light, mood.")
    negative: str = Field(description="Comma-separated things the image must not show.")


class ChatArtDirector:
    """An :class:`~engines.art_direction.ArtDirector` backed by a chat model.

    Args:
        chat_model: A chat model supporting ``with_structured_output``.
        fallback: The director used when the chat call fails (the deterministic one).
    """

    def __init__(self, chat_model: BaseChatModel, fallback: ArtDirector = scene_prompt) -> None:
        self._draft = chat_model.with_structured_output(SceneDraft)
        self._fallback = fallback

    def __call__(
        self,
        theme: Theme,
        product: str,
        context: str = "",
        limit: int = 1024,
        *,
        features: Sequence[str] = (),
    ) -> ScenePrompt:
        """Return the chat model's prompts for the scene, checked; the fallback's on failure.

        Args:
            theme: The resolved theme.
            product: What the product is.
            context: Brief words (audience, season, tone).
            limit: The image model's prompt length limit, in characters.
            features: Product features worth echoing in the scene (props, setting).
        """
        try:
            messages = self.messages(theme, product, context, limit, features)
            draft = self._draft.invoke(messages)
            if not isinstance(draft, SceneDraft):
                raise TypeError(f"expected a SceneDraft, got {type(draft).__name__}")
            result = checked(ScenePrompt(prompt=draft.prompt, negative=draft.negative), limit)
            if not result.prompt:
                raise ValueError("the draft prompt was empty once checked")
            findings = check_text(result.prompt)
            refused = sorted({f.rule_id for f in findings if f.severity == "block"})
            if refused:  # what goes to the image model obeys the ad policy too
                raise ValueError(f"the draft prompt broke the ad policy: {', '.join(refused)}")
        except Exception:  # any failure of the chat call: the deterministic prompt instead
            log.warning("art direction by the chat model failed; using scene_prompt",
                        exc_info=True)
            return self._fallback(theme, product, context, limit)
        return result

    @staticmethod
    def messages(
        theme: Theme, product: str, context: str, limit: int, features: Sequence[str] = ()
    ) -> list[SystemMessage | HumanMessage]:
        """The chat messages asking for the scene prompts (advertiser text kept as JSON).

        Product and brief are data: instructions hidden in them are cut before the model
        sees them (:func:`policy.injection.sanitize`).
        """
        product = sanitize(product, "product name")
        context = sanitize(context, "scene brief")
        features = [sanitize(f, "product feature") for f in features]
        instructions = prompts.render(
            "art_direction",
            product=json.dumps(product or "a product", ensure_ascii=False),
            features=json.dumps(list(features), ensure_ascii=False),
            theme=json.dumps(describe_theme(theme), ensure_ascii=False),
            brief=json.dumps(context[:1000], ensure_ascii=False),
            max_chars=min(limit, ASK_LIMIT),
        )
        return [SystemMessage(instructions), HumanMessage("Write the scene prompts.")]
