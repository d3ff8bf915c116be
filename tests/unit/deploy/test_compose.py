"""deploy/: the compose file, its load balancer and image are consistent with the code (issue 25).

These machines have no container runtime, so the files are checked as data: every replica
reaches the same database and data volume, the load balancer sends to every replica and
does not buffer the event streams, and the image carries every package and setting it names.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from core.settings import FLAT_NAMES

DEPLOY = Path(__file__).parents[3] / "deploy"
REPLICAS = ("api-1", "api-2")


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_the_replicas_share_one_database_one_data_volume_and_one_secret() -> None:
    services = _compose()["services"]
    assert {"postgres", "minio", "ray-head", "lb", *REPLICAS} <= set(services)
    envs = [services[name]["environment"] for name in REPLICAS]
    assert envs[0] == envs[1]
    assert re.fullmatch(r"postgresql://adstudio:.*@postgres:5432/adstudio",
                        envs[0]["ADSTUDIO_DATABASE_URL"])
    assert envs[0]["ADSTUDIO_API_AUTH"] == "keys"  # not on loopback: keys, always
    assert ":?" in envs[0]["ADSTUDIO_SECRET_KEY"]  # compose refuses to start without it
    assert all(services[n]["volumes"] == ["adstudio-data:/data"] for n in REPLICAS)
    assert envs[0]["AWS_ENDPOINT_URL_S3"] == "http://minio:9000"
    bucket = envs[0]["ADSTUDIO_ASSETS_URI"].removeprefix("s3://").split("/")[0]
    assert f"local/{bucket}" in services["minio-buckets"]["command"][0]  # made before use
    assert services["api-1"]["depends_on"]["minio-buckets"]["condition"] == (
        "service_completed_successfully")
    assert services["api-1"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_every_adstudio_variable_the_compose_file_sets_is_a_setting() -> None:
    services = _compose()["services"]
    names = {key for name in REPLICAS for key in services[name]["environment"]
             if key.startswith("ADSTUDIO_")}
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    names |= set(re.findall(r"(ADSTUDIO_[A-Z_]+)=", dockerfile))
    unknown = {n for n in names if n.removeprefix("ADSTUDIO_").lower() not in FLAT_NAMES}
    assert unknown == set()


def test_the_load_balancer_sends_to_every_replica_without_buffering_streams() -> None:
    conf = (DEPLOY / "nginx.conf").read_text()
    upstream = re.search(r"upstream adstudio \{(.*?)\}", conf, re.S)
    assert upstream is not None
    assert re.findall(r"server ([\w-]+):7860;", upstream.group(1)) == list(REPLICAS)
    assert "proxy_buffering off;" in conf and "proxy_pass http://adstudio;" in conf
    lb = _compose()["services"]["lb"]
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in lb["volumes"]


def test_replicas_believe_forwarded_headers_only_as_the_balancer_writes_them() -> None:
    # the replicas trust X-Forwarded-For from any address of the compose network, so the
    # balancer must replace a client's own header, never append to it
    from core.settings import Settings

    conf = (DEPLOY / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "$proxy_add_x_forwarded_for" not in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    trusted = _compose()["x-adstudio"]["environment"]["ADSTUDIO_FORWARDED_ALLOW_IPS"]
    assert Settings(forwarded_allow_ips=trusted).api.forwarded_allow_ips == "*"


def test_the_image_carries_every_package_and_serves_with_a_readiness_check() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    pyproject = tomllib.loads((DEPLOY.parent / "pyproject.toml").read_text())
    packages = [p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]
                ["include"]]
    copied = set(re.findall(r"^COPY (\w+) \1$", dockerfile, re.M))
    assert set(packages) <= copied
    assert 'CMD ["adstudio", "serve"]' in dockerfile and "/readyz" in dockerfile
    assert "ADSTUDIO_HOST=0.0.0.0" in dockerfile


def test_the_ray_head_runs_batch_steps_with_the_replicas_settings() -> None:
    compose = _compose()
    head = compose["services"]["ray-head"]
    assert head["environment"] == compose["services"]["api-1"]["environment"]
    assert "--ray-client-server-port=10001" in head["command"]
    header = (DEPLOY / "docker-compose.yml").read_text().split("services:")[0]
    assert "--ray ray://ray-head:10001" in header  # the documented batch command uses it
