"""A brief written in German, French, Spanish or Italian gets ads whose copy is in it too.

On the local engine the words on the ad come from the brief itself (the product's name, a
short clause of what the advertiser wrote about it) and a button in the brief's language,
never an English template ("Meet the Schwarze Keramiktasse", "Shop now").
"""

from __future__ import annotations

import pytest

from agent.events import ToolEndEvent, ToolStartEvent
from agent.runtime import AgentRuntime
from core.images import encode_png
from evals.recipes import bottle_on_white

# a button a native speaker would expect on a shop's ad (any of them will do)
BUTTONS = {
    "de": {"jetzt kaufen", "kaufen", "zum shop", "jetzt entdecken", "jetzt bestellen"},
    "fr": {"acheter", "acheter maintenant", "j'achète", "commander", "découvrir"},
    "es": {"comprar", "comprar ahora", "compra ya", "descubrir"},
    "it": {"acquista", "acquista ora", "compra ora", "scopri"},
}
ENGLISH = ("meet the", "shop now", "made for you", "keeps drinks", "built to last")


@pytest.mark.parametrize(
    ("language", "brief", "name", "said"),
    [("de", "Thermosflasche aus Edelstahl. Hält Getränke 24 Stunden kalt, 750 ml. "
            "Sommerkampagne für junge Wanderer.", "Thermosflasche aus Edelstahl",
      "Hält Getränke 24 Stunden kalt"),
     ("fr", "Gourde isotherme en acier. Garde l'eau fraîche toute la journée, 750 ml. "
            "Campagne d'été pour les randonneurs.", "Gourde isotherme en acier",
      "Garde l'eau fraîche toute la journée"),
     ("es", "Botella térmica de acero. Mantiene el agua fría 24 horas, 750 ml. "
            "Campaña de verano para senderistas.", "Botella térmica de acero",
      "Mantiene el agua fría 24 horas"),
     ("it", "Borraccia termica in acciaio. Mantiene l'acqua fresca per 24 ore, 750 ml. "
            "Campagna estiva per escursionisti.", "Borraccia termica in acciaio",
      "Mantiene l'acqua fresca per 24 ore")],
)
def test_the_ads_copy_is_in_the_briefs_language(
    runtime: AgentRuntime, language: str, brief: str, name: str, said: str
) -> None:
    photo = runtime.upload(encode_png(bottle_on_white()[0]), "flasche.png")
    events = list(runtime.stream(runtime.new_thread(), brief, [photo]))
    generated = [e for e in events if isinstance(e, ToolStartEvent)
                 and e.name == "generate_ad_images"]
    assert len(generated) == 1
    assert all(e.ok for e in events if isinstance(e, ToolEndEvent))
    args = generated[0].args
    headlines = args.get("headlines") or [args["headline"]]  # one per variation, in turn
    sublines = args.get("sublines") or [args["subline"]]  # one per variation, in turn
    copy = " ".join([*headlines, *sublines, str(args.get("cta") or "")]).lower()
    assert not any(phrase in copy for phrase in ENGLISH), args
    assert name.lower() in headlines[0].lower()
    assert str(sublines[0]).lower() == said.lower()  # the advertiser's own words
    assert str(args["cta"]).lower() in BUTTONS[language]


@pytest.mark.parametrize(
    ("brief", "headline"),
    [("Insulated steel water bottle, 750 ml, keeps drinks cold 24 h.\n"
      "Headline: Stay cold. Go far.", "Stay cold. Go far."),
     ("Matte black ceramic mug, 350 ml. Headline idea: Your slow morning. Audience: "
      "coffee lovers", "Your slow morning."),
     ("Sonnenhut aus Stroh, Sommerkampagne.\nÜberschrift: „Sommer auf dem Kopf“",
      "Sommer auf dem Kopf")],
)
def test_a_headline_the_brief_gives_on_its_own_line_is_the_ads_headline(
    runtime: AgentRuntime, brief: str, headline: str
) -> None:
    photo = runtime.upload(encode_png(bottle_on_white()[0]), "product.png")
    events = list(runtime.stream(runtime.new_thread(), brief, [photo]))
    generated = [e.args for e in events if isinstance(e, ToolStartEvent)
                 and e.name == "generate_ad_images"]
    assert [args["headline"] for args in generated] == [headline]
