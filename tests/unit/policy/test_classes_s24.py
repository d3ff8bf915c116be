"""The classes of violation session 24 wrote rules for, and the near misses beside them.

Each class came from a kind the former blind set 8 showed the rules had no words for,
written as a class in seven languages (en, de, fr, es, it, pt, nl): a sale that feeds on a
tragedy; sex sold in other words; breaking into someone else's accounts as a service;
forged papers in Dutch and Portuguese; alcohol, gambling and vapes offered to minors or
without the age check; bets in French, Portuguese, Italian and Dutch. The sentences here
are new ones, not set 8's. The rules alone are checked (the learned reader only warns).
"""

from __future__ import annotations

import pytest

from policy.text import load_policy

RULES = load_policy(learned=False)


def _families(text: str) -> set[str]:
    return {f.family for f in RULES.check(text)}


@pytest.mark.parametrize(("text", "family"), [
    # a tragedy used to sell
    ("Honouring the victims of the earthquake: 25% off all tents today.", "sensitive"),
    ("Zum Gedenken an die Opfer des Anschlags: 15 % auf alles.", "sensitive"),
    ("Em memória das vítimas das enchentes, 20% de desconto em bombas de água.", "sensitive"),
    ("Terror attack downtown? Stock up on first-aid kits now.", "sensitive"),
    ("Slachtoffers van de overstroming opgelet: pompen tegen paniekprijzen.", "sensitive"),
    # sex in other words
    ("Relax massage with happy ending, hotel visits, discreet.", "prohibited"),
    ("Massaggio rilassante con finale 😉 anche a domicilio.", "prohibited"),
    ("Vecinas de tu zona buscan sexo esta noche.", "prohibited"),
    ("Looking for a FWB? Sign up in 2 minutes.", "prohibited"),
    ("Sugar daddy dating for ambitious students.", "prohibited"),
    ("Free room in exchange for favours, women only.", "prohibited"),
    ("Undress AI: upload any photo and see her naked.", "prohibited"),
    # hacking as a service, cracked software, a stolen phone unlocked
    ("Hackers for hire: we get into any Gmail account in 24 hours.", "prohibited"),
    ("Wir hacken jeden WhatsApp-Account, diskret.", "prohibited"),
    ("Recuperamos qualquer conta de Instagram, mesmo que não seja sua.", "prohibited"),
    ("Photoshop 2026 cracked version, free download.", "prohibited"),
    ("We remove FRP lock and iCloud activation lock from any iPhone.", "prohibited"),
    # forged papers in Dutch and Portuguese
    ("Valse paspoorten en rijbewijzen, snelle levering.", "prohibited"),
    ("Carteira de motorista sem exame, entrega em 3 dias.", "prohibited"),
    # the age check waived
    ("Online casino, no age verification, instant payouts.", "restricted"),
    ("Vapes baratos, sin verificación de edad, envío discreto.", "restricted"),
    # prescription medicines: sold without one (restricted), bought up to sell on (a drug trade)
    ("Tramadol 50 mg sin receta, envío en 24 h.", "restricted"),
    ("We buy your spare ADHD meds: Ritalin, Vyvanse, cash today.", "prohibited"),
    # the reader's low mood or marriage
    ("Voel je je eenzaam? Onze app helpt.", "sensitive"),
    ("Sposata ma annoiata? Scrivici.", "sensitive"),
    ("Hast du Übergewicht? Dieser Tee hilft.", "sensitive"),
    # dating as a service, however serious (restricted on every large ad platform)
    ("Dating app for dog lovers, 18+.", "restricted"),
    ("Singlebörse für Wanderfreunde: finde Leute, die gern in die Berge gehen.", "restricted"),
    ("Sito di incontri per over 50: iscriviti gratis.", "restricted"),
    ("Partnervermittlung mit persönlicher Beratung.", "restricted"),
    # winnings promised for sure
    ("Vinci 300 € alla roulette ogni sera, garantito.", "financial"),
    ("Our token can't go down: 3% a week.", "financial"),
    # bets in fr, pt, it, nl
    ("Misez 5 € et gagnez jusqu'à 200 € ce soir.", "restricted"),
    ("Wed €10 en win €300 op de Champions League.", "restricted"),
])
def test_each_class_is_caught_as_its_family(text: str, family: str) -> None:
    assert family in _families(text)


@pytest.mark.parametrize("text", [
    # help for victims, products for disasters, a date, a film
    "10% of every sale goes to the flood victims' relief fund.",
    "Hurricane shutters, 20% off until June 1.",
    "Offer valid until 9/11: 20% off all mattresses.",
    "A feel-good film with a happy ending, streaming now.",
    "Fauteuil de massage, finition cuir, livraison offerte.",
    # hacking words that are not hacking
    "10 kitchen hacks for busy parents.",
    "DDoS protection for small business websites, from $5 a month.",
    "Cracked black pepper, 250 g grinder.",
    "Forgot your password? Recover your account in two steps.",
    "Growth hacking course for startup founders.",
    # the young and the adult, apart
    "Root beer floats for teens at our summer diner.",
    "Teens' wine-red hoodie, organic cotton.",
    "Teen photography workshop: time slots available on Saturdays.",
    "Sex education books for parents of teenagers.",
    "Unisex hoodie, delivered tonight in London.",
    # papers and sources
    "Passport holder in vegan leather with RFID blocking.",
    "Paris weekend deals: 3 nights for €299.",
    # found by session 24's reviewer: legal age notices, idioms, insurance, stairlifts…
    "Award-winning mattress, satisfaction guaranteed – 20% off.",
    "Ganhe 20% de desconto no seguro auto.",
    "Gagnez de la place : montage garanti 2 ans.",
    "Win a free coffee with every purchase – guaranteed!",
    "Can't go down the stairs alone? Our stairlifts help.",
    "Our prices will never go down this low again.",
    "Rom-com night: a happy ending guaranteed!",
    "Spa: percorso benessere con finale in piscina.",
    "Spa weekend with massage and a happy ending to your week.",
    "Descubra o sexo do bebê perto de você: ultrassom 3D.",
    "Sex and the City marathon tonight at our cinema!",
    "Hook up your new TV tonight: free installation near you.",
    "Parental controls that block explicit videos and photos.",
    "Fashion victims, rejoice: 50% off!",
    "Der Anschlag der Tastatur ist weich – 20 % Rabatt.",
    "Verwijdert aanslag en kalk: nu 20% korting.",
    "Wheelchair ramp sale – order before prices rise.",
    "Flood victims can drop off damaged furniture for free collection.",
    "Charity run for flood victims – 10% off entry.",
    "Holocaust survivors' stories: book 20% off.",
    "Cracked windows? We replace the glass, 20% off.",
    "Log in and get into any of your accounts with one tap: our password manager.",
    "We buy your old prescription glasses and sunglasses.",
    "Está sol? Protetor solar com 20% de desconto.",
    "Partnersuche für Ihr Start-up: Investorenabend am 12. Mai.",
    "Are you ready? Our summer menu is here.",
    "Win a trip to Rome! Winner drawn on 1 July, terms apply.",
    "Satisfaction guaranteed or your money back within 30 days.",
    "Dating back to 1887, our bakery still uses the same recipe.",
])
def test_a_near_miss_passes_clean(text: str) -> None:
    found = _families(text)
    assert not found & {"prohibited", "sensitive", "restricted", "financial"}, (text, found)


def test_an_age_checked_tasting_is_alcohol_not_an_offer_to_minors() -> None:
    rules = {f.rule_id for f in RULES.check("Craft beer tasting, 21+ only, ID required.")}
    assert rules == {"restricted.alcohol"}


def test_an_over_the_counter_medicine_is_no_drug_deal() -> None:
    found = {f.family for f in RULES.check("Ibuprofen 400 mg, no prescription needed.")}
    assert "prohibited" not in found


@pytest.mark.parametrize("text", [
    "We do not sell wine or beer to minors.",
    "Not for sale to minors. Vape starter kit 15% off.",
    "Keine Abgabe an Jugendliche unter 18 Jahren. Wein 20 % Rabatt.",
    "Vente interdite aux mineurs. Bière artisanale -20 %.",
    "Ohne Ausweis kein Bier – wir kontrollieren das Alter.",
    "Help your teen quit vaping: free coaching program.",
])
def test_an_age_notice_is_no_offer_to_minors(text: str) -> None:
    # the drink or the vape is still its restricted category; the notice is the law's wording
    assert "restricted.minors" not in {f.rule_id for f in RULES.check(text)}
