"""Scenario files: the shipped suite validates, bad files get errors naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.predicates import PredicateError, parse, parse_bare
from evals.recipes import RECIPES, recipe_bytes
from evals.scenario import ScenarioError, load_scenario, load_suite, parse_scenario


def test_every_shipped_scenario_loads_and_the_suite_covers_every_capability() -> None:
    scenarios = load_suite("default")
    assert len(scenarios) >= 30
    tags = {tag for s in scenarios for tag in s.tags}
    for needed in ("extract_features", "ad_images", "edit", "brand_kit", "animate", "storyboard",
                   "video", "confirmation", "multi_turn", "clarify", "policy", "injection",
                   "bad_upload", "simulated_user"):
        assert needed in tags, needed
    tools = {call.tool for s in scenarios for t in [s.expect, *(x.expect for x in s.turns)]
             if t.trajectory for call in t.trajectory.calls}
    assert {"generate_ad_images", "edit_image", "save_brand_kit", "animate_image",
            "write_storyboard", "revise_storyboard", "generate_video"} <= tools


def test_a_bad_field_is_named_with_its_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("turns:\n  - user: hi\n    expect:\n      trajectory: {mode: sideways}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert str(path) in message and "turns.0.expect.trajectory.mode" in message


@pytest.mark.parametrize("text, fragment", [
    ("turns: [{user: hi}]\nsettings: {no_such_setting: 1}\n", "settings"),
    ("turns: [{user: hi, attach: spaceship}]\n", "turns.0.attach"),
    ("product: {photo: {recipe: bottle, file: x.png}}\nturns: [{user: hi}]\n", "product.photo"),
    ("turns: [{user: hi, expect: {trajectory: {calls: [{tool: x, where: ['n >>> 2']}]}}}]\n",
     "where"),
    ("expect: {}\n", "simulated_user"),
    ("[1, 2]\n", "mapping"),
    ("turns: [\n", "not valid YAML"),
])
def test_invalid_scenarios_say_what_is_wrong(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=fragment):
        load_scenario(path)


def test_an_unknown_suite_lists_the_shipped_ones() -> None:
    with pytest.raises(ScenarioError, match="default"):
        load_suite("no-such-suite")


def test_predicates_compare_without_running_code() -> None:
    assert parse("n >= 2").test_args({"n": 3})
    assert not parse("n >= 2").test_args({"n": 1})
    assert not parse("n >= 2").test_args({})
    assert parse("format in [square, story]").test_args({"format": "story"})
    assert parse("placements contains story").test_args({"placements": ["square", "story"]})
    assert parse("recipe.theme == beach").test_args({"recipe": {"theme": "beach"}})
    assert parse("headline matches ^Stay").test_args({"headline": "Stay cold"})
    hostile = parse("x == __import__('os').system('false')")
    assert hostile.value == "__import__('os').system('false')"  # a string, never executed
    assert parse_bare(">= 3").test(3) and not parse_bare("< 3").test(3)
    assert parse_bare(4).test(4) and not parse_bare(4).test("4")
    with pytest.raises(PredicateError, match="FIELD OP VALUE"):
        parse("n is big")


def test_predicates_negate_a_match_and_index_lists() -> None:
    free = parse(r"headline not matches free\s*money")
    assert free.test_args({"headline": "Go further."})
    assert not free.test_args({"headline": "FREE  money!"})
    assert not free.test_args({})  # a missing argument satisfies no predicate
    shift = {"product_shift": [-0.15, 0.0]}
    assert parse("product_shift.0 < 0").test_args(shift)
    assert not parse("product_shift.1 < 0").test_args(shift)
    assert not parse("product_shift.2 == 0").test_args(shift)  # no third value


def test_a_fact_to_mention_cannot_be_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.yaml"
    path.write_text("turns: [{user: hi, expect: {reply: {mentions: ['#3', ' ']}}}]\n")
    with pytest.raises(ScenarioError, match="turns.0.expect.reply.mentions"):
        load_scenario(path)


def test_the_shipped_suite_checks_no_engine_wording() -> None:
    """Any good assistant passes: no scenario asks for one engine's sentences."""
    for scenario in load_suite("default"):
        for scope, expect in [("run", scenario.expect),
                              *((f"turn {i}", t.expect) for i, t in enumerate(scenario.turns, 1))]:
            if expect.reply:
                assert not expect.reply.contains and not expect.reply.regex, (scenario.id, scope)


def test_recipes_give_the_bytes_they_promise() -> None:
    import io

    from PIL import Image

    photo = Image.open(io.BytesIO(recipe_bytes("bottle", max_side=320)))
    assert max(photo.size) == 320
    assert Image.open(io.BytesIO(recipe_bytes("jar"))).mode == "RGBA"
    assert recipe_bytes("empty") == b""
    assert Image.open(io.BytesIO(recipe_bytes("tiny"))).size == (48, 60)
    assert set(RECIPES) >= {"bottle", "mug", "corrupt", "texture", "logo"}
    with pytest.raises(KeyError, match="unknown photo recipe"):
        recipe_bytes("spaceship")


def test_predicate_values_are_yaml_12_and_regexes_stay_as_written() -> None:
    assert parse("headline matches On").test_args({"headline": "On the trail"})
    assert parse("animate == yes").value == "yes"  # YAML 1.1 would read True
    assert parse("flag == true").value is True and parse("n >= 2").value == 2
    assert parse("h matches '^Stay'").value == "^Stay"
    assert parse_bare("matches [0-9]+ ml").test("750 ml")


def test_a_fingerprint_changes_with_the_test_not_with_its_wording() -> None:
    base = {"description": "Warmer edit.", "tags": ["edit"], "seed": 1,
            "turns": [{"user": "make #2 warmer", "expect": {"trajectory": {"calls": []}}}]}
    first = parse_scenario(base, "a.yaml").fingerprint()
    described = parse_scenario({**base, "description": "Another text.", "tags": []}, "b.yaml")
    assert described.fingerprint() == first  # what the report says, not what runs
    reworded = {**base, "turns": [{"user": "make #2 cooler", "expect": {"trajectory": {
        "calls": []}}}]}
    assert parse_scenario(reworded, "a.yaml").fingerprint() != first
    assert parse_scenario({**base, "seed": 2}, "a.yaml").fingerprint() != first


def test_a_replaced_photo_file_changes_the_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "p.png").write_bytes(b"first photo")
    data = {"product": {"photo": {"file": "p.png"}},
            "turns": [{"user": "ads please", "expect": {"trajectory": {"calls": []}}}]}
    before = parse_scenario(data, str(tmp_path / "s.yaml")).fingerprint()
    (tmp_path / "p.png").write_bytes(b"another photo")
    assert parse_scenario(data, str(tmp_path / "s.yaml")).fingerprint() != before
