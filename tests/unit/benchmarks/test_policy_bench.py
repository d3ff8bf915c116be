"""``make bench``'s ad-policy figures: per family and language, with or without a held-out set."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.policy import BLIND, FORMER_BLIND, LABELLED, quality_report

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


def test_the_report_has_families_languages_and_obfuscated_cases(tmp_path: Path) -> None:
    report = quality_report(CASES, held_out=tmp_path / "policy_held_out.jsonl",
                            blind=tmp_path / "b.jsonl", former_blind=tmp_path / "f.jsonl")
    assert "health" in report and "\nde " in report and "\nen " in report
    assert "obfuscated cases" in report and "near misses" in report
    assert "policy_held_out.jsonl is not there" in report


def test_a_held_out_set_gets_its_own_line_when_it_is_there(tmp_path: Path) -> None:
    held = tmp_path / "policy_held_out.jsonl"
    held.write_text("\n".join(json.dumps(c) for c in CASES[:2]) + "\n", encoding="utf-8")
    report = quality_report(CASES, held_out=held)
    line = next(row for row in report.splitlines() if row.startswith("held-out set (2 cases)"))
    assert "tp    2" in line and "recall 1.00" in line


def test_the_blind_held_out_set_gets_a_line_of_its_own(tmp_path: Path) -> None:
    blind = tmp_path / "policy_held_out_3.jsonl"
    blind.write_text("\n".join(json.dumps(c) for c in CASES[2:]) + "\n", encoding="utf-8")
    report = quality_report(CASES, held_out=tmp_path / "missing.jsonl", blind=blind,
                            former_blind=tmp_path / "missing_2.jsonl")
    line = next(r for r in report.splitlines() if r.startswith("blind held-out set (2 cases)"))
    assert "fp   0" in line
    assert "former blind set" not in report


def test_the_former_blind_set_is_reported_apart_from_the_blind_one(tmp_path: Path) -> None:
    former = tmp_path / "policy_held_out_2.jsonl"
    former.write_text("\n".join(json.dumps(c) for c in CASES[:2]) + "\n", encoding="utf-8")
    report = quality_report(CASES, held_out=tmp_path / "missing.jsonl",
                            blind=tmp_path / "missing_3.jsonl", former_blind=former)
    line = next(r for r in report.splitlines()
                if r.startswith("former blind set, tunable (2 cases)"))
    assert "recall 1.00" in line
    assert "blind held-out set" not in report


def test_the_blind_set_is_the_third_held_out_set() -> None:
    assert BLIND.name == "policy_held_out_3.jsonl"
    assert FORMER_BLIND.name == "policy_held_out_2.jsonl"
    assert BLIND not in LABELLED and FORMER_BLIND not in LABELLED


def test_no_blind_set_no_blind_line(tmp_path: Path) -> None:
    report = quality_report(CASES, held_out=tmp_path / "a.jsonl", blind=tmp_path / "b.jsonl",
                            former_blind=tmp_path / "c.jsonl")
    assert "blind" not in report
