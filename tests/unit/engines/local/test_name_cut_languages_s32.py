"""A product name cut short keeps its head noun in every language (issue 22).

An art director's review: a French name came out as "Sac à", a bag cut down to a
preposition. Romance names put the head noun first ("Sac cabas en toile", "Bolsa de tela
roja"): a cut keeps their start. German, Dutch and English ones put it last
("Einkaufstasche", "draagtas", "tote bag"): a cut keeps their end. Either way the cut fits
its limit (or is the head alone), ends on no small word ("à", "de", "con", "mit") and
holds the head noun.
"""

from __future__ import annotations

import pytest

from engines.local.typography.phrases import name_cut

SMALL = {"à", "a", "de", "del", "en", "in", "con", "com", "di", "da", "do", "mit", "met",
         "with", "avec", "para", "per"}
CASES = [  # language, name, limit, head noun, what the cut may hold at most
    ("fr", "Sac à main en cuir cabas rouge", 12, "Sac", "Sac à main"),
    ("fr", "Sac cabas en toile rouge avec poignées renforcées", 16, "Sac", "Sac cabas"),
    ("fr", "Gourde isotherme en acier inoxydable", 18, "Gourde", "Gourde isotherme"),
    ("es", "Bolsa de tela roja con asas reforzadas", 20, "Bolsa", "Bolsa de tela roja"),
    ("es", "Camiseta de algodón orgánico azul", 12, "Camiseta", "Camiseta"),
    ("it", "Borsa tote in tela rossa con manici", 12, "Borsa", "Borsa tote"),
    ("it", "Tazza in ceramica nera da 350 ml", 20, "Tazza", "Tazza in ceramica"),
    ("pt", "Bolsa de lona vermelha com alças", 15, "Bolsa", "Bolsa de lona"),
    ("pt", "Caneca de cerâmica preta grande", 20, "Caneca", "Caneca de cerâmica"),
    ("de", "Rote Canvas Einkaufstasche mit Henkeln", 20, "Einkaufstasche",
     "Einkaufstasche"),
    ("de", "Schwarzer Keramikbecher mit Henkel", 25, "Keramikbecher",
     "Schwarzer Keramikbecher"),
    ("nl", "Rode canvas draagtas met versterkte hengsels", 22, "draagtas",
     "Rode canvas draagtas"),
    ("nl", "Zwarte keramische mok met oor", 16, "mok", "keramische mok"),
    ("en", "Red canvas tote bag with reinforced handles", 20, "bag", "Red canvas tote bag"),
]


@pytest.mark.parametrize(("language", "name", "limit", "head", "best"), CASES)
def test_a_cut_name_keeps_its_head_noun(
    language: str, name: str, limit: int, head: str, best: str
) -> None:
    for given in (language, None):  # told the language, or reading it from the name
        cut = name_cut(name, limit, given)
        words = cut.split()
        assert head in words, f"{cut!r} lost {head!r}"
        assert len(cut) <= limit or cut == head
        assert words[-1].lower() not in SMALL, f"{cut!r} ends on a small word"
        assert cut == best, f"{name!r} at {limit} ({given}): {cut!r}"
