"""Readings of disguised text: look-alikes, leetspeak, invisible characters, spaced letters."""

from __future__ import annotations

import pytest

from policy.normalise import normalise, variants


@pytest.mark.parametrize(("text", "reading"), [
    ("It cur3s eczema", "It cures eczema"),
    ("L0se 10 kg", "Lose 10 kg"),
    ("Buy c0caine", "Buy cocaine"),
    ("\u0441\u043e\u0441\u0430\u0456\u043f\u0435 for sale", "cocaine for sale"),  # Cyrillic
    ("Our serum c\u200bures eczema", "Our serum cures eczema"),
    ("c u r e s cancer", "cures cancer"),
    ("c.u.r.e.s", "cures"),
    ("\uff43\uff55\uff52\uff45\uff53", "cures"),  # fullwidth letters (NFKC)
    ("the world\u2019s best", "the world's best"),
    ("Ca$h now", "Cash now"),
    ("D1e b3ste Z4hnb\u00fcrste der W3lt", "Die beste Zahnb\u00fcrste der Welt"),
])
def test_disguises_are_read_through(text: str, reading: str) -> None:
    assert normalise(text).text == reading


@pytest.mark.parametrize("text", [
    "4K TV, 5G, 24/7 support, $50 off, 3-in-1, 100% cotton",
    "MP3 player, PS5 controller, 100ml, 2x, 1st",
    "Plain copy, nothing to undo.",
    "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440",  # real Russian stays
    "A B C news, U.S.A",
    "Amazing!! Wow!",
    "@brand",
])
def test_numbers_codes_and_real_words_stay_as_written(text: str) -> None:
    assert variants(text) == []


def test_a_one_reads_as_i_and_as_l() -> None:
    assert [r.text for r in variants("k1lls 1ose")] == ["kills iose", "kllls lose"]


def test_spans_of_a_reading_point_at_the_original_text() -> None:
    text = "Our serum c\u200bur3s eczema"
    reading = normalise(text)
    start = reading.text.index("cures eczema")
    span = reading.span(start, start + len("cures eczema"))
    assert text[slice(*span)] == "c\u200bur3s eczema"


def test_spans_of_joined_letters_cover_the_spaces() -> None:
    text = "gel c u r e s acne"
    reading = normalise(text)
    start = reading.text.index("cures")
    assert text[slice(*reading.span(start, start + 5))] == "c u r e s"


@pytest.mark.parametrize(("text", "reading"), [
    ("Retvrns of 300%", "Returns of 300%"),  # "v" for "u" between consonants
    ("CVRES ACNE", "CURES ACNE"),
    ("b\u0435st pr\u0456ce", "best price"),
    ("r\u0435\u0301gime minceur", "r\u00e9gime minceur"),  # Cyrillic "е" under an accent
    ("gu\u0435\u0301rit l'ecz\u00e9ma", "gu\u00e9rit l'ecz\u00e9ma"),
    ("g@r@nt1zado", "garantizado"),
    ("adelg@za 5 kilos", "adelgaza 5 kilos"),
    ("s1n d1eta", "sin dieta"),
])
def test_v_for_u_and_accented_look_alikes_read_through(text: str, reading: str) -> None:
    assert normalise(text).text == reading


@pytest.mark.parametrize("text", [
    "Elvis and Marvel", "Volvo service", "Nevada, Vienna, Avila",
    # a "v" between consonants in real words and acronyms
    "Curvy fit for savvy shoppers", "Nervy debut", "Das nervt", "Green with envy",
    "DVD und PVC", "HDTVs on sale",
])
def test_a_real_v_stays(text: str) -> None:
    assert normalise(text).text == text


def test_disguised_words_in_every_language_meet_the_rules() -> None:
    from policy.text import load_policy

    policy = load_policy()
    for text, family in [("Retvrns of 300% guaranteed", "financial"),
                         ("Pi\u0435rde 10 kilos sin d1eta", "health"),
                         ("S\u0441hluss mit N@gelpilz", "health"),
                         ("Adi\u00f3s a la c\u0435lul1tis", "health")]:
        assert family in {f.family for f in policy.check(text)}, text


def test_lone_surrogates_become_replacement_characters() -> None:
    from policy.normalise import well_formed

    assert well_formed("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert well_formed("plain, caf\u00e9 \U0001f600") == "plain, caf\u00e9 \U0001f600"
    well_formed("a\udc80b").encode("utf-8")  # no UnicodeEncodeError
