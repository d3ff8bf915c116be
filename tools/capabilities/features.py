"""Capability: extract a product's features from its text."""

from __future__ import annotations

from core.schemas import ExtractFeaturesRequest, ProductFeatures
from policy.injection import sanitize_model
from tools.sdk import CapabilityContext, capability


@capability(name="extract_features", cost_usd=0.002)
def extract_features(req: ExtractFeaturesRequest, ctx: CapabilityContext) -> ProductFeatures:
    """Extract a product's salient features, benefits, audience and suitable scene themes.

    Call this first for every new product, with the product title and the advertiser's
    description or bullet points; use its result to write headlines and pick themes.
    """
    # product text is data: instructions hidden in it never reach the feature engine
    return ctx.engines.features.extract(sanitize_model(req, "product text"))
