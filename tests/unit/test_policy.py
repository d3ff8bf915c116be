"""The local text policy: blocked terms, risky claims, personal data."""

from __future__ import annotations

import pytest

from tools.policy import check_text, load_policy


@pytest.mark.parametrize(
    ("text", "rule"),
    [("Buy a handgun today", "prohibited.weapons"), ("cheap MDMA here", "prohibited.drugs"),
     ("xxx content", "prohibited.adult")],
)
def test_blocked_terms(text: str, rule: str) -> None:
    findings = check_text(text)
    assert [(f.rule_id, f.severity) for f in findings] == [(rule, "block")]
    assert findings[0].reason and findings[0].fix


def test_words_inside_other_words_do_not_match() -> None:
    assert check_text("A shotgun wedding? No: begun, gunmetal grey finish, methodical") == []
    assert check_text("Insulated steel water bottle, 750 ml, keeps drinks cold 24 h") == []


def test_claims_are_warned_with_span() -> None:
    text = "The #1 bottle, clinically proven"
    findings = check_text(text)
    assert [f.rule_id for f in findings] == ["claims.unsubstantiated"] * 2
    assert [text[slice(*f.span)] for f in findings] == ["The #1", "clinically proven"]
    assert all(f.severity == "warn" for f in findings)


def test_personal_data_is_found_and_masked() -> None:
    text = "Mail bob@example.com or call +1 415 555 0134; card 4111 1111 1111 1111."
    policy = load_policy()
    assert [f.rule_id for f in policy.check(text)] == ["pii.email", "pii.phone", "pii.card"]
    assert policy.mask_pii(text) == "Mail [email] or call [phone]; card [card number]."


def test_numbers_that_fail_luhn_are_not_cards() -> None:
    assert not [f for f in check_text("order 1234 5678 9012 3456") if f.rule_id == "pii.card"]


def test_policy_has_a_version() -> None:
    assert load_policy().version


@pytest.mark.parametrize(
    "text",
    ["Percussive massage gun for athletes", "Hot glue gun, 60 W", "Gunmetal grey finish",
     "Gun-metal frame", "Sizes 250 500 750 ml", "Order 2024 1234 5678", "put #1 on marble"],
)
def test_ordinary_product_text_passes(text: str) -> None:
    assert check_text(text) == []
    assert load_policy().mask_pii(text) == text


def test_plurals_of_blocked_terms_match() -> None:
    assert [f.rule_id for f in check_text("Rifles and grenades")] == ["prohibited.weapons"] * 2


def test_nude_is_a_warning_not_a_block() -> None:
    assert [(f.rule_id, f.severity) for f in check_text("Nude lipstick, matte")] == [
        ("sensitive.nudity", "warn")
    ]


@pytest.mark.parametrize("phone", ["(415) 555-0134", "415-555-0134", "+44 20 7946 0958"])
def test_phone_formats(phone: str) -> None:
    assert [f.rule_id for f in check_text(f"Call {phone} today")] == ["pii.phone"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [("kill yourself if you don't buy it", "prohibited.harassment"),
     ("This shit is great", "prohibited.profanity")],
)
def test_abuse_and_profanity_are_blocked(text: str, rule: str) -> None:
    assert [(f.rule_id, f.severity) for f in check_text(text)] == [(rule, "block")]


def test_scunthorpe_and_friends_pass() -> None:
    assert check_text("Scunthorpe United scarf, classic Shitake mushroom kit") == []
