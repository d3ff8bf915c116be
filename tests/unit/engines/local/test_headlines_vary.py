"""Headlines vary across sets of ads of one product (issue 22).

An art director's review: twelve hoodie ads, made in three sets of four, carried only two
headlines. The brief gives more to say (its benefits, its occasion, its facts): later sets
take other lines, each from the product's features or the brief, none repeated in a set.
"""

from __future__ import annotations

from agent.events import AssetEvent
from agent.runtime import AgentRuntime
from core.schemas import ExtractFeaturesRequest
from engines.local.features import GENERIC_LINES, analyse
from tests.paths import PHOTOS

BRIEF = "Blue zip hoodie, brushed fleece inside, white logo. Winter campaign, cosy tone."


def test_three_sets_of_four_hoodie_ads_carry_many_headlines(runtime: AgentRuntime) -> None:
    photo = runtime.upload((PHOTOS / "hoodie_blue.jpg").read_bytes(), "hoodie_blue.jpg")
    thread = runtime.new_thread()
    sets = []
    for message, attached in ((BRIEF, [photo]), ("4 more", []), ("4 more", [])):
        made = [e for e in runtime.stream(thread, message, attached) if isinstance(e, AssetEvent)]
        sets.append([runtime.services.assets.get(e.asset_id).parameters["recipe"]["headline"]
                     for e in made])
    assert [len(s) for s in sets] == [4, 4, 4]
    for one in sets:
        assert len({h.casefold() for h in one}) == 4, one  # a set never repeats a line
    distinct = {h.casefold() for one in sets for h in one}
    assert len(distinct) >= 7, sets


def test_later_lines_come_from_the_brief_or_fit_any_product() -> None:
    found = analyse(ExtractFeaturesRequest(title="Blue zip hoodie", description=BRIEF))
    later = found.headline_ideas[4:]
    assert "Brushed fleece inside" in later  # a fact of the brief, not said by the first four
    generic = {g.casefold() for g in GENERIC_LINES}
    for line in later:
        own = line.casefold() in generic or line in found.features or line in found.benefits
        assert own or "hoodie" in line.casefold() or line == "Wear it your way", line
