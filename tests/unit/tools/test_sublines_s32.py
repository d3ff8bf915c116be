"""Sublines vary across a batch as headlines do (issue 22: one subline on almost every ad).

An art director saw the tote's "Made to carry the everyday" under nearly every headline of a
batch. A request may carry one subline per variation; each ad takes its own in turn, never
the line its own headline already says.
"""

from __future__ import annotations

from core.schemas import GenerateAdImagesRequest
from tests.unit.agent.planner.talk import calls, turn
from tools.capabilities.ad_images import plan_recipes
from tools.services import Services

BENEFITS = ["Room for your laptop and more", "Made to carry the everyday", "Folds flat in a pocket"]


def _lines(services: Services, **fields: object) -> list[tuple[str | None, str | None]]:
    req = GenerateAdImagesRequest(product_image="img_0000000000", n=4, **fields)
    ctx = services.capability_context("default")
    return [(r.headline, r.subline) for r in plan_recipes(req, ctx, seed=3, kit=None)]


def test_each_variation_takes_its_own_subline_in_turn(services: Services) -> None:
    made = _lines(services, headline="Carry more", sublines=BENEFITS)
    assert [s for _, s in made] == [*BENEFITS, BENEFITS[0]]


def test_a_subline_its_own_headline_says_gives_way_to_the_next(services: Services) -> None:
    made = _lines(services, headlines=BENEFITS[:2], sublines=BENEFITS)
    for headline, subline in made:
        assert subline and subline != headline
    assert len({s for _, s in made}) >= 2


def test_one_subline_the_user_gives_goes_on_every_ad(services: Services) -> None:
    made = _lines(services, headline="Carry more", subline="Free engraving")
    assert {s for _, s in made} == {"Free engraving"}


def test_a_brief_with_several_benefits_gives_a_batch_several_sublines() -> None:
    made = dict(calls(turn("photo_brief", "make 4 ads")))
    args = made["generate_ad_images"]
    assert "subline" not in args
    assert len(args["sublines"]) >= 2 and len(set(args["sublines"])) == len(args["sublines"])


def test_a_subline_the_user_names_stays_on_every_ad() -> None:
    made = dict(calls(turn("photo_brief", "make 4 ads, subline 'Free engraving'")))
    args = made["generate_ad_images"]
    assert args["subline"] == "Free engraving" and not args.get("sublines")


def test_a_blocked_word_in_any_subline_refuses_the_call(services: Services) -> None:
    import pytest

    from core.errors import PolicyViolationError
    from tools.sdk import registry

    ctx = services.capability_context("default")
    with pytest.raises(PolicyViolationError):
        registry()["generate_ad_images"].invoke({
            "product_image": "img_0000000000", "n": 2, "headline": "Carry more",
            "sublines": ["Made to carry the everyday", "Cures cancer, guaranteed"]}, ctx)
