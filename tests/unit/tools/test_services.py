"""The composition root: one capability context per call, with the tenant's policy and audit."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from core.errors import CapabilityError
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tools.sdk import registry
from tools.services import Services, build_services

ACME_POLICY = """\
version: 3
terms:
  prohibited.profanity: [frick]
"""


@pytest.fixture
def deployment(tmp_path: Path) -> Services:
    """Services whose policy folder gives tenant ``acme`` a word of its own to refuse."""
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "tenant-acme.yaml").write_text(ACME_POLICY)
    return build_services(Settings(data_dir=tmp_path / "data", policy_dir=folder))


def _photo(services: Services, tenant: str) -> str:
    data = encode_png(bottle_on_white()[0])
    return services.assets.put(data, kind="product_photo", mime="image/png", tenant=tenant).id


def test_a_context_carries_the_tenants_policy_and_the_audit_log(deployment: Services) -> None:
    acme = deployment.capability_context("acme")
    other = deployment.capability_context("globex")
    assert acme.tenant == "acme" and other.tenant == "globex"
    assert acme.policy.version.endswith("+tenant-acme.3")
    assert "+tenant" not in other.policy.version
    assert acme.audit is deployment.audit and acme.audit is not None
    assert acme.assets is deployment.assets and acme.engines is deployment.engines
    assert acme.max_variations == deployment.settings.limits.max_variations


def test_options_given_are_kept_and_the_rest_default(deployment: Services) -> None:
    seen: list[tuple[int, int, str]] = []
    ctx = deployment.capability_context(
        "acme", seed=7, progress=lambda *args: seen.append(args), cancelled=lambda: True,
        thread="t-9", threads=1,
    )
    ctx.progress(1, 2, "half")
    assert (ctx.seed, ctx.thread, ctx.threads, ctx.cancelled()) == (7, "t-9", 1, True)
    assert seen == [(1, 2, "half")]
    plain = deployment.capability_context("acme")
    assert (plain.seed, plain.thread, plain.cancelled()) == (0, None, False)
    assert plain.threads >= 1


def test_a_photos_first_cutout_is_a_progress_step_and_its_later_ads_skip_it(
    deployment: Services,
) -> None:
    generate = registry()["generate_ad_images"]
    photo = _photo(deployment, "acme")
    for first in (True, False):
        seen: list[str] = []
        ctx = deployment.capability_context("acme", progress=partial(_said, seen))
        generate.invoke({"product_image": photo, "n": 1}, ctx)
        assert ("Cutting the product out of its photo" in seen) is first
        assert seen.index("Rendering 1 image") == (1 if first else 0)


def _said(seen: list[str], done: int, total: int, message: str) -> None:
    seen.append(message)


def test_a_capability_refuses_copy_by_the_tenants_own_rule_and_audits_it(
    deployment: Services,
) -> None:
    generate = registry()["generate_ad_images"]
    request = {"product_image": _photo(deployment, "acme"), "n": 1, "headline": "Frick, it's cold"}
    with pytest.raises(CapabilityError, match="cannot go on an ad"):
        generate.invoke(request, deployment.capability_context("acme", thread="t-acme"))
    [entry] = deployment.audit.for_thread("t-acme", "acme") if deployment.audit else []
    assert entry.decision == "block" and entry.subject == "text"
    assert [f.rule_id for f in entry.findings] == ["prohibited.profanity"]

    # the same words from a tenant without that rule make an ad, and the pass is audited too
    request["product_image"] = _photo(deployment, "globex")
    result = generate.invoke(request, deployment.capability_context("globex", thread="t-gx"))
    assert len(result.images) == 1
    entries = deployment.audit.for_thread("t-gx", "globex") if deployment.audit else []
    assert {(e.subject, e.decision) for e in entries} == {("text", "pass"), ("image", "pass")}
