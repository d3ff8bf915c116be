"""``make bench``'s ad-policy figures: per family and language, with or without held-out sets."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.policy import (
    BLIND,
    FORMER,
    FORMER_BLIND,
    FORMER_BLIND_3,
    FORMER_BLIND_4,
    FORMER_BLIND_5,
    FORMER_BLIND_6,
    FORMER_BLIND_7,
    FORMER_BLIND_8,
    FORMER_BLIND_9,
    FORMER_BLIND_10,
    FORMER_BLIND_11,
    FORMER_BLIND_12,
    FORMER_BLIND_13,
    FORMER_BLIND_14,
    LABELLED,
    quality_report,
)
from policy.training import DEV, TRAINING

CASES = [
    {"id": "a", "lang": "en", "text": "Cures diabetes in a week.", "expect": ["health"],
     "near_miss": False, "adversarial": False},
    {"id": "b", "lang": "de", "text": "Heilt Arthrose in 5 Tagen!", "expect": ["health"],
     "near_miss": False, "adversarial": False},
    {"id": "c", "lang": "en", "text": "Casino night party decorations.", "expect": [],
     "near_miss": True, "adversarial": False},
    {"id": "d", "lang": "en", "text": "It cur3s eczema.", "expect": ["health"],
     "near_miss": False, "adversarial": True},
]


def _write(path: Path, cases: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(c) for c in cases) + "\n", encoding="utf-8")
    return path


def test_the_report_has_families_languages_and_obfuscated_cases(tmp_path: Path) -> None:
    report = quality_report(CASES, held_out=tmp_path / "policy_held_out.jsonl",
                            blind=tmp_path / "b.jsonl", former=(tmp_path / "f.jsonl",))
    assert "health" in report and "\nde " in report and "\nen " in report
    assert "obfuscated cases" in report and "near misses" in report
    assert "policy_held_out.jsonl is not there" in report


def test_a_held_out_set_gets_the_rules_line_and_the_whole_policys(tmp_path: Path) -> None:
    held = _write(tmp_path / "policy_held_out.jsonl", CASES[:2])
    report = quality_report(CASES, held_out=held, blind=tmp_path / "b.jsonl", former=())
    rows = report.splitlines()
    rules = next(i for i, r in enumerate(rows)
                 if r.startswith("held-out set policy_held_out (2), rules"))
    assert "tp    2" in rows[rules] and "recall 1.00" in rows[rules]
    reader = rows[rules + 1]
    assert reader.startswith("  with the learned reader") and "recall 1.00" in reader


def test_the_blind_set_gets_lines_of_its_own_and_former_ones_are_apart(tmp_path: Path) -> None:
    blind = _write(tmp_path / "policy_held_out_6.jsonl", CASES[2:])
    former = _write(tmp_path / "policy_held_out_4.jsonl", CASES[:2])
    report = quality_report(CASES, held_out=tmp_path / "missing.jsonl", blind=blind,
                            former=(former,))
    line = next(r for r in report.splitlines() if r.startswith("blind set policy_held_out_6 (2)"))
    assert "fp   0" in line
    assert any(r.startswith("former blind set policy_held_out_4 (2)") for r in report.splitlines())


def test_the_fifteenth_set_is_blind_and_the_fourteenth_a_former_one() -> None:
    assert BLIND is not None and BLIND.name == "policy_held_out_15.jsonl" and BLIND.is_file()
    assert BLIND not in FORMER
    assert {FORMER_BLIND.name, FORMER_BLIND_3.name, FORMER_BLIND_4.name, FORMER_BLIND_5.name,
            FORMER_BLIND_6.name, FORMER_BLIND_7.name, FORMER_BLIND_8.name,
            FORMER_BLIND_9.name, FORMER_BLIND_10.name, FORMER_BLIND_11.name,
            FORMER_BLIND_12.name, FORMER_BLIND_13.name, FORMER_BLIND_14.name} == {
        "policy_held_out_2.jsonl", "policy_held_out_3.jsonl", "policy_held_out_4.jsonl",
        "policy_held_out_5.jsonl", "policy_held_out_6.jsonl", "policy_held_out_7.jsonl",
        "policy_held_out_8.jsonl", "policy_held_out_9.jsonl", "policy_held_out_10.jsonl",
        "policy_held_out_11.jsonl", "policy_held_out_12.jsonl", "policy_held_out_13.jsonl",
        "policy_held_out_14.jsonl"}
    assert FORMER_BLIND_14 in FORMER and FORMER[-1] == FORMER_BLIND_14
    assert FORMER_BLIND_14.is_file()
    assert FORMER_BLIND_12.name in DEV and FORMER_BLIND_13.name in DEV
    # set 14 was never read: not tuned on, not learned from (yet); set 15 is blind
    assert not any(n in name for name in (*TRAINING, *DEV) for n in ("held_out_14", "held_out_15"))
    assert not any(n in p.name for p in LABELLED for n in ("held_out_14", "held_out_15"))


def test_the_eighth_set_is_labelled_in_this_policys_families() -> None:
    from policy.scoring import load_cases
    from policy.training import FAMILIES

    cases = load_cases(FORMER_BLIND_8)
    assert len(cases) == 300
    assert all(set(c["expect"]) <= set(FAMILIES) for c in cases)
    assert any("adult" in c["expect_as_written"] for c in cases)  # the writer's, kept


def test_a_missing_blind_set_is_said_and_skipped(tmp_path: Path) -> None:
    former = _write(tmp_path / "policy_held_out_7.jsonl", CASES[:2])
    report = quality_report(CASES, held_out=tmp_path / "a.jsonl",
                            blind=tmp_path / "policy_held_out_9.jsonl", former=(former,))
    rows = report.splitlines()
    assert "blind set: policy_held_out_9.jsonl is not there yet (skipped)" in rows
    assert any(r.startswith("former blind set policy_held_out_7 (2)") for r in rows)
    assert not any(r.startswith("blind set policy_held_out_9") for r in rows)


def test_no_blind_set_no_blind_line(tmp_path: Path) -> None:
    report = quality_report(CASES, held_out=tmp_path / "a.jsonl", blind=None,
                            former=(tmp_path / "c.jsonl",))
    assert "blind" not in report


def test_a_set_in_another_taxonomy_is_scored_through_its_aliases() -> None:
    from policy.scoring import score, total
    from policy.text import load_policy

    # sexual content is this policy's prohibited family; set 8's writer called it "adult"
    cases = [{"id": "a", "text": "Hot escorts available tonight, discreet live sex cams",
              "expect": ["adult"]}]
    rules = load_policy(learned=False)
    assert total(score(cases, policy=rules)).tp == 0
    mapped = total(score(cases, policy=rules, aliases={"adult": "prohibited"}))
    assert (mapped.tp, mapped.fn) == (1, 0)
