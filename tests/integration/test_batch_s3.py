"""Outputs to S3: assets and manifests written with boto3 to moto's server on loopback.

The suite's AWS guard (tests/conftest.py) refuses every botocore request; here requests
to 127.0.0.1 go through, and anything else is still refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.integration.test_batch_pool import write_catalog
from tests.moto_s3 import loopback_s3

BUCKET = "campaign-assets"


@pytest.fixture
def s3(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An S3 client on moto with an empty bucket; botocore may reach loopback only."""
    return loopback_s3(moto_endpoint, monkeypatch, BUCKET)


def test_assets_and_manifests_land_in_the_bucket(s3: Any, tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, 3, placements="mobile-banner")
    result = CliRunner().invoke(app, ["batch", str(catalog), "--out", f"s3://{BUCKET}/spring",
                                      "--yes", "--workers", "0"])
    assert result.exit_code == 0, result.output
    assert f"s3://{BUCKET}/spring/manifest.json" in result.output
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="spring/")["Contents"]
    keys = {item["Key"] for item in listed}
    assert {"spring/manifest.csv", "spring/manifest.json", "spring/index.html"} <= keys
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key="spring/manifest.json")["Body"].read())
    for product in manifest["products"]:
        (ad,) = [f for f in product["files"] if f["kind"] == "ad_image"]
        assert ad["location"] == f"s3://{BUCKET}/spring/{ad['path']}"
        head = s3.head_object(Bucket=BUCKET, Key=f"spring/{ad['path']}")
        assert head["ContentType"] == "image/png" and head["ContentLength"] > 1000


def test_an_unknown_bucket_is_refused_before_any_work(s3: Any, tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, 1)
    result = CliRunner().invoke(app, ["batch", str(catalog), "--out", "s3://no-such-bucket/x",
                                      "--yes"])
    assert result.exit_code == 2
    assert "Cannot write to s3://no-such-bucket" in result.output
