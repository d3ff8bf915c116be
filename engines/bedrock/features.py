"""Feature extraction with the Bedrock chat model's structured output."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

import prompts
from core.errors import CapabilityError
from core.schemas import ExtractFeaturesRequest, ProductFeatures
from policy.injection import sanitize_model


class BedrockFeatureEngine:
    """Fills :class:`ProductFeatures` from product text with a chat model.

    Args:
        chat_model: A chat model supporting ``with_structured_output``.
    """

    def __init__(self, chat_model: BaseChatModel) -> None:
        self._extract = chat_model.with_structured_output(ProductFeatures)

    def extract(self, request: ExtractFeaturesRequest) -> ProductFeatures:
        """Ask the model for the product's features; the product text is data, not orders.

        Injection attempts in the text are removed before the prompt is written (callers
        such as the storyboard writer come here without the capability).
        """
        product = sanitize_model(request, "product text")
        messages = [
            SystemMessage(prompts.render("extract_features")),
            HumanMessage(prompts.render("product_text", product_json=product.model_dump_json())),
        ]
        result = self._extract.invoke(messages)
        if not isinstance(result, ProductFeatures):
            raise CapabilityError(
                "The model did not return product features.", hint="Try again in a moment."
            )
        return result
