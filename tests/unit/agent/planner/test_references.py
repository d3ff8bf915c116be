"""Which images a message means, read against what the images show."""

from __future__ import annotations

import pytest

from agent.planner.language import read
from agent.planner.references import Picture, Reference, in_the_list, listed_in, resolve

ADS = [
    Picture(1, "img_b000000001", "hiking-trail", ("green", "brown"), "mid"),
    Picture(2, "img_b000000002", "summer", ("yellow", "orange"), "light"),
    Picture(3, "img_b000000003", "water-splash", ("blue", "white"), "light"),
    Picture(4, "img_b000000004", "industrial-loft", ("grey", "brown"), "dark"),
]
EIGHT = [*ADS, Picture(5, "img_b000000005", "studio", ("white", "grey"), "light"),
         Picture(6, "img_b000000006", "marble", ("white", "grey"), "light")]


def numbers(text: str, pictures: list[Picture] = ADS, recent: list[int] | None = None) -> object:
    last = [p.number for p in pictures]
    reference = resolve(read(text).text, pictures, last, last if recent is None else recent)
    if reference is None:
        return None
    return reference.numbers or "ask"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the blue one", [3]),
        ("the one with the mountains", [1]),
        ("do the loft one for pinterest", [4]),
        ("the dark one", [4]),
        ("thrid one is perfect", [3]),
        ("la troisième", [3]),
        ("das zweite Bild", [2]),
        ("first and third", [1, 3]),
        ("images 2-4", [2, 3, 4]),
        ("the last two", [3, 4]),
        ("the first two", [1, 2]),
        ("all cooler except the first", [2, 3, 4]),
        ("every one of them needs our logo", [1, 2, 3, 4]),
    ],
)
def test_references_resolve_to_the_images_meant(text: str, expected: list[int]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("text", "pictures"),
    [("the red one", ADS), ("the white one", EIGHT), ("make it warmer", ADS), ("#9", ADS),
     ("both", ADS)],
)
def test_unclear_references_become_questions(text: str, pictures: list[Picture]) -> None:
    assert numbers(text, pictures) == "ask"


def test_it_means_the_one_image_just_made() -> None:
    assert numbers("make it warmer", ADS, recent=[4]) == [4]


def test_a_question_lists_the_candidates() -> None:
    reference = resolve("the white one", EIGHT, [1, 2, 3, 4, 5, 6], [])
    assert reference is not None and reference.question is not None
    assert "#5" in reference.question and "#6" in reference.question
    assert {5, 6} <= set(reference.candidates) and 2 not in reference.candidates


def test_no_reference_is_none() -> None:
    assert numbers("give me 2 more in a beach theme") is None


@pytest.mark.parametrize(
    ("question", "listed"),
    [("More than one image fits “white”. Which one do you mean: #3 (water splash), "
      "#5 (studio), #6 (marble)?", [3, 5, 6]),
     ("Which image should I change: #9 (beach), #10 (studio), #11 (marble)?", [9, 10, 11]),
     ("There is no #9: this conversation has #1-#8. Which one do you mean: #7, #8?", [7, 8]),
     ("Is #2 the one you mean?", []),
     ("Shall I make the ads?", [])],
)
def test_the_images_a_question_listed_are_read_in_its_order(
    question: str, listed: list[int]
) -> None:
    assert listed_in(question) == listed


def test_a_place_counts_in_the_list_and_a_typed_number_in_the_gallery() -> None:
    listed = [9, 10, 11]
    gallery = Reference(numbers=[2], how="number")
    assert in_the_list("the second one", listed, gallery) == Reference(numbers=[10],
                                                                       how="number")
    assert in_the_list("the last one", listed, None) == Reference(numbers=[11], how="number")
    assert in_the_list("#2", listed, gallery) is gallery
    assert in_the_list("the fifth one", listed, gallery) is gallery  # past the list's end
    assert in_the_list("the second one", [4], gallery) is gallery  # one image: no list
    assert in_the_list("all except the first", listed, gallery) is gallery
    assert in_the_list("the one I made last week", listed, None) is None
    assert in_the_list("the first 2 and the last", listed, None) == Reference(
        numbers=[9, 10, 11], how="number")
    assert in_the_list("the middle two", [2, 4, 6, 8], None) == Reference(numbers=[4, 6],
                                                                           how="number")
    assert in_the_list("the middle two", listed, gallery) is gallery  # no middle two of 3
