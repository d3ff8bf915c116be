"""A settings error a tool raises reaches the chat in plain words, its setting the log.

Issue 23: no engine names or environment variables in the conversation.
"""

from __future__ import annotations

import logging
import re

import pytest

from core.errors import ConfigurationError
from core.settings import Settings
from core.storage.assets import AssetStore
from core.storage.jobs import VideoJobStore
from tools.services import _painter, build_video_jobs

LEAKS = re.compile(r"\b(?:img|vid|ast)_[0-9a-f]{6,}|ADSTUDIO_|nova|luma|stability|titan",
                   re.IGNORECASE)
"""The browser tests' check of the visible chat, with the engines' names."""


def test_a_video_model_without_a_bucket_says_so_in_words(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    remote = settings.with_changes(video_engine="nova-reel")
    store = AssetStore(settings.data_dir / "assets")
    with caplog.at_level(logging.ERROR, logger="tools.services"), \
            pytest.raises(ConfigurationError) as caught:
        build_video_jobs(remote, store, VideoJobStore(settings.data_dir / "jobs.sqlite"))
    shown = str(caught.value)  # what the tool's error message carries to the chat
    assert not LEAKS.findall(shown), shown
    assert "videos" in shown and "whoever runs adstudio" in shown
    assert "ADSTUDIO_VIDEO_S3_URI" in caplog.text  # the operator still learns the setting


def test_an_unknown_image_engine_says_so_in_words(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="tools.services"), \
            pytest.raises(ConfigurationError) as caught:
        _painter("dall-e", Settings().images, client=None)
    assert not LEAKS.findall(str(caught.value)), str(caught.value)
    assert "ADSTUDIO_IMAGE_ENGINE" in caplog.text
