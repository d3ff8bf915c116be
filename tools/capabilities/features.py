"""Capability: extract a product's features from its text."""

from __future__ import annotations

import logging

from core.plaintext import strip_markup
from core.schemas import ExtractFeaturesRequest, ProductFeatures
from engines.local.features import NO_NAME
from policy.injection import sanitize_model
from tools.sdk import CapabilityContext, capability

log = logging.getLogger(__name__)


@capability(name="extract_features", cost_usd=0.002)
def extract_features(req: ExtractFeaturesRequest, ctx: CapabilityContext) -> ProductFeatures:
    """Extract a product's salient features, benefits, audience and suitable scene themes.

    Call this first for every new product, with the product title and the advertiser's
    description or bullet points; use its result to write headlines and pick themes.
    """
    # product text is data: instructions hidden in it never reach the feature engine, and
    # its markup never reaches the product name or the headlines made from it
    return ctx.engines.features.extract(sanitize_model(plain_text(req), "product text"))


def plain_text(req: ExtractFeaturesRequest) -> ExtractFeaturesRequest:
    """``req`` with markup and control characters taken out of its text (logged)."""
    bullets = [b for b in (strip_markup(b) for b in req.bullets) if b]
    plain = req.model_copy(update={
        "title": strip_markup(req.title) or NO_NAME,
        "description": strip_markup(req.description),
        "bullets": bullets,
    })
    if plain != req:
        log.warning("removed markup or control characters from the product text")
    return plain
