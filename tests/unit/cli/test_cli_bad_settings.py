"""A setting that cannot be read stops every command with its variable's name, not a traceback."""

from __future__ import annotations

import sys

import pytest
from pydantic import ValidationError

from cli.app import main
from core.settings import get_settings, settings_problems


def test_a_bad_setting_names_its_variable_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ADSTUDIO_AI_LABEL", "sometimes")
    monkeypatch.setenv("ADSTUDIO_MAX_VARIATIONS", "lots")
    monkeypatch.setattr(sys, "argv", ["adstudio", "doctor"])
    get_settings.cache_clear()
    with pytest.raises(SystemExit) as stopped:
        main()
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "ADSTUDIO_AI_LABEL: Input should be 'off', 'required' or 'always'" in err
    assert "(got 'sometimes')" in err and "ADSTUDIO_MAX_VARIATIONS" in err
    assert "Traceback" not in err and "provenance.ai_label" not in err


def test_a_secret_setting_is_named_but_its_value_never_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ADSTUDIO_SIGNED_URL_SECONDS", "soon")  # no secret: its value is said
    monkeypatch.setattr(sys, "argv", ["adstudio", "doctor"])
    get_settings.cache_clear()
    with pytest.raises(SystemExit):
        main()
    err = capsys.readouterr().err
    assert "ADSTUDIO_SIGNED_URL_SECONDS" in err and "'soon'" in err
    refused = ValidationError.from_exception_data("Settings", [
        {"type": "string_type", "loc": ("storage", "database_url"),
         "input": "postgresql://ads:hunter2@db/ads"}])
    [line] = settings_problems(refused)
    assert line.startswith("ADSTUDIO_DATABASE_URL: ") and "hunter2" not in line
