"""The classes of violation session 23 wrote rules for, and the near misses beside them.

Each class came from a cause seen on a development set, written as a class (not its
phrases): a copy sold as a brand's original is a trademark matter; "hot singles near you"
is dating bait (restricted, and it sells people by their looks); CBD is a restricted
category; a session's seat count with its capacity stated is a fact; a footnoted survey
is a source; a price rising within minutes is an invented countdown; experts by their
short names; turning back the body's age; adult chat sold by its age gate; easy money
dressed as a job ad. The rules alone are checked (the learned reader only ever warns).
"""

from __future__ import annotations

import pytest

from policy.text import load_policy

RULES = load_policy(learned=False)


def _families(text: str) -> set[str]:
    return {f.family for f in RULES.check(text)}


@pytest.mark.parametrize(("text", "expected"), [
    # a copy sold as the original: trademark, not a claim of its own
    ("Hublot-type watch, mirror quality, identical to the original.", {"trademark"}),
    ("Originalgetreue Kopie der bekannten Designer-Tasche.", {"trademark"}),
    ("Copie parfaite du parfum le plus vendu, même flacon.", {"trademark"}),
    # dating bait: restricted and sensitive, not prohibited
    ("Hot singles in Bristol are waiting to chat with you.", {"restricted", "sensitive"}),
    ("Heiße Singles aus deiner Stadt wollen dich treffen.", {"restricted", "sensitive"}),
    ("Célibataires chaudes de ta région, inscris-toi.", {"restricted", "sensitive"}),
    ("Solteras calientes cerca de ti quieren chatear.", {"restricted", "sensitive"}),
    # plainly sexual copy stays prohibited
    ("Video chat 18+ with no limits, girls online.", {"prohibited"}),
    # CBD
    ("CBD balm 500 mg for after the gym.", {"restricted"}),
    ("Crème au CBD, 50 ml.", {"restricted"}),
    # an invented countdown of the price
    ("Price goes up in 30 minutes!", {"urgency"}),
    ("Der Preis steigt in einer Stunde.", {"urgency"}),
    # experts by their short names
    ("Les dermatos la recommandent pour les peaux sensibles.", {"claims"}),
    # turning back the body's age
    ("Turns back the clock on your skin: 5 years younger in 10 days.", {"health"}),
    ("Detiene el envejecimiento de tu piel.", {"health"}),
    # easy money dressed as a job ad
    ("Wir suchen Leute: vom Handy aus 1 Stunde am Tag, 1.200 € pro Woche verdienen.",
     {"financial"}),
])
def test_each_class_is_caught_as_its_family(text: str, expected: set[str]) -> None:
    assert _families(text) == expected


@pytest.mark.parametrize("text", [
    "Replica of the Eiffel Tower, 30 cm, cast iron.",
    "No replicas, no knockoffs: every sneaker is checked by our authenticators.",
    "Keine Replika: jede Uhr mit Echtheitszertifikat.",
    "Singles cooking class on Friday, all ages welcome.",
    "Heiße Suppe für Singles: Portionen für eine Person.",
    "Hot singles: single-origin coffee pods, 10 per box.",
    "Hemp shopping bag, 100% natural fibre.",
    "Office for rent in the CBD, 120 m².",
    "CBD-free hemp seed oil for salads.",
    "Only 2 places left in Sunday's yoga workshop (max. 10 participants).",
    "Noch 2 Plätze im Kochkurs am Freitag, höchstens 8 Personen.",
    "Nouveau tarif au 1er mars : réservez avant au prix actuel.",
    "Blog : les conseils de dermatos pour l'hiver.",
    "Anti-ageing night cream with retinol, 50 ml.",
    "18+ only: comedy night on Saturday, ID at the door.",
    "Pistola de pegamento caliente y 30 barras.",
    "Pistolet à clous pour charpentiers.",
    "We're hiring a remote accountant: work from home, 8 hours a day, earn €3,000 per month.",
    # found by the review: everyday copy the first version of these classes blocked
    "Turn back the clock: 80s night at the Roxy",
    "Stop the clock on tax stress: book your accountant",
    "Our vacuum wine stopper stops the ageing of your opened bottle",
    "Stoppt die Alterung Ihres Weins: der Vakuumverschluss",
    "Modern 2-bed apartment, 5 minutes walk to CBD",
    "Office space for lease in Hobart CBD",
    "Robes pour femmes sexy et élégantes",
    "Nouvelle collection : lingerie pour femmes sexy",
    "Mujeres calientes: ropa térmica para el invierno",
    "Sexy women's dresses for tonight's party",
    "Hot men's swim shorts for tonight's beach party",
    "Voted Best Buy 2026* *Survey of 20,000 shoppers by YouGov, 2025.",
])
def test_near_misses_stay_clean(text: str) -> None:
    assert _families(text) == set()



@pytest.mark.parametrize("text", [
    "Meet hot singles tonight. Free coffee for new members!",
    "Hot singles in your area are waiting to chat. Free tea for new members!",
    "Only 2 left in stock! Table lamp, fits rooms for max 4 people.",
    "Premium CBD oil for sleep and anxiety",
    "Buy organic CBD gummies, 25 mg each",
])
def test_an_exception_elsewhere_in_the_text_does_not_clear_a_violation(text: str) -> None:
    assert _families(text)
