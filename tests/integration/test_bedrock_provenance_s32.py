"""Issue 26 on the bedrock engine, end to end against the fake Bedrock endpoint on loopback.

An ad whose scene a Bedrock model painted around the real product must carry a C2PA
manifest that names the model ids and says ``compositeWithTrainedAlgorithmicMedia``
(issue 26, "What to build"). The manifest is read with the c2pa library's own Reader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import c2pa
import pytest

from tests.fake_bedrock.app import describe
from tests.fake_bedrock.state import FakeBedrock
from tests.integration.test_bedrock_endpoint import (  # noqa: F401  (fixtures)
    fake,
    photo,
    run,
    server,
)

pytestmark = pytest.mark.integration
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def active_manifest(path: Path) -> tuple[str, dict[str, Any]]:
    """The validation state and the active manifest, as the c2pa library reads them."""
    with c2pa.Reader(str(path)) as reader:
        store = json.loads(reader.json())
        return reader.get_validation_state(), store["manifests"][store["active_manifest"]]


def test_a_bedrock_painted_ad_names_its_models_and_is_a_composite_with_trained_media(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch, photo: Path, tmp_path: Path,  # noqa: F811
) -> None:
    monkeypatch.setenv("ADSTUDIO_CHAT_ENGINE", "planner")
    out = tmp_path / "ads"
    result = run("generate", "--image", str(photo), "--brief", "Trail bottle, keeps water cold",
                 "--n", "1", "--out", str(out), "--yes")
    assert result.exit_code == 0, result.output + describe(fake)
    (ad,) = out.glob("*.png")
    state, manifest = active_manifest(ad)
    assert state == "Valid"
    actions = [a for block in manifest["assertions"] if block["label"].startswith("c2pa.actions")
               for a in block["data"]["actions"]]
    created = actions[0]
    assert created["action"] == "c2pa.created"
    assert created["digitalSourceType"] == IPTC + "compositeWithTrainedAlgorithmicMedia"
    assert created["parameters"]["engine"] == "bedrock"
    called = {call.target for call in fake.made("InvokeModel")}
    painted = [m for m in called if "inpaint" in m]
    assert painted and set(painted) <= set(created["parameters"]["models"]), (called, created)
    kinds = {i["metadata"]["com.adstudio.kind"] for i in manifest["ingredients"]}
    assert "product_photo" in kinds
