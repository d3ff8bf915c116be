"""Evaluators of what a trial made: asset checks, the final asset set and its lineage.

Product fidelity reuses the image policy's measure (:func:`policy.images.fidelity_scores`)
against the trial's stored cutout; text contrast and safe zones read the image policy's
findings from the trial's audit log; the loop seam compares an animation's last frame
with its first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import av
import numpy as np
from PIL import Image

from core.errors import CapabilityError
from core.placements import resolve_placement
from core.storage.assets import Asset
from engines.local.ad.staging import trim
from evals.evaluators import Evaluator, Score, score
from evals.predicates import parse_bare
from evals.scenario import AssetCheck, EndState
from evals.transcript import Scope, Trial, format_of, kind_of, placement_of, size_of
from policy.images import AdLayout, fidelity_scores

SEAM_FLOOR = 2.0  # mean grey-level step always accepted at the seam (codec noise)
SEAM_FACTOR = 3.0  # the seam may step this many times the loop's typical frame step


def fidelity(trial: Trial, asset: Asset) -> str | None:
    """Why the ad's product differs from the advertiser's cutout, or None when it does not."""
    box, cutout_id, fmt = (asset.parameters.get("product_box"), asset.parameters.get("cutout"),
                           placement_of(asset))
    if not box or not cutout_id or not fmt:
        return f"{asset.id}: no layout recorded to check fidelity against"
    try:
        placement = resolve_placement(fmt)
    except CapabilityError:
        return f"{asset.id}: unknown placement {fmt}"
    with Image.open(trial.store.path(asset.id)) as opened:
        image = opened.convert("RGB")
    with Image.open(trial.store.path(str(cutout_id))) as opened:
        cutout = opened.convert("RGBA")
    layout = AdLayout(placement=placement, product_box=(box[0], box[1], box[2], box[3]),
                      product=trim(cutout))
    scores = fidelity_scores(image, layout)
    if scores.severity() is None:
        return None
    return (f"{asset.id}: product changed ({scores.changed:.1%} of pixels, mean difference "
            f"{scores.mean_difference:.1f})")


def policy_findings(trial: Trial, asset: Asset, rule: str) -> list[str]:
    """The image policy's findings of ``rule`` on the asset, from the audit log."""
    if trial.audit is None:
        return []
    return [f"{asset.id}: {f.reason}" for entry in trial.audit.for_asset(asset.id, trial.tenant)
            for f in entry.findings if f.rule_id == rule]


def _grey_frames(path: str) -> list[np.ndarray]:
    with av.open(path) as container:
        return [
            np.asarray(frame.to_image().convert("L").resize((96, 96)), dtype=np.float32)
            for frame in container.decode(video=0)
        ]


def loop_seam(trial: Trial, asset: Asset) -> str | None:
    """Why the animation jumps at its loop point, or None when it flows."""
    frames = _grey_frames(str(trial.store.path(asset.id)))
    if len(frames) < 3:
        return f"{asset.id}: only {len(frames)} frames"
    steps = [float(np.abs(b - a).mean()) for a, b in zip(frames, frames[1:], strict=False)]
    seam = float(np.abs(frames[0] - frames[-1]).mean())
    allowed = max(SEAM_FLOOR, SEAM_FACTOR * float(np.median(steps)))
    return None if seam <= allowed else f"{asset.id}: seam step {seam:.2f} > {allowed:.2f}"


def _number_problem(label: str, spec: object, value: object) -> str | None:
    if spec is None or parse_bare(spec).test(value):
        return None
    return f"{label} {value!r} does not satisfy {spec!r}"


def _asset_problems(trial: Trial, asset: Asset, check: AssetCheck) -> list[str]:
    """What is wrong with one asset under ``check``."""
    problems: list[str] = []
    for label, wanted, got in (("format", check.format, format_of(asset)),
                               ("size", check.size, size_of(asset)),
                               ("placement", check.placement, placement_of(asset))):
        if wanted is not None and wanted != got:
            problems.append(f"{asset.id}: {label} {got}, expected {wanted}")
    duration = _number_problem(f"{asset.id}: duration", check.duration,
                               asset.parameters.get("seconds"))
    problems += [duration] if duration else []
    probes: list[tuple[bool, Callable[[], list[str]]]] = [
        (check.fidelity, lambda: [p for p in [fidelity(trial, asset)] if p]),
        (check.contrast, lambda: policy_findings(trial, asset, "image.contrast")),
        (check.safe_zone, lambda: policy_findings(trial, asset, "image.safe_zone")),
        (check.loop_seam, lambda: [p for p in [loop_seam(trial, asset)] if p]),
    ]
    for wanted_probe, probe in probes:
        if wanted_probe:
            problems += probe()
    return problems


def assets(checks: list[AssetCheck]) -> Evaluator:
    """The scope's assets of each checked kind: their count and every per-asset check."""

    def evaluate(trial: Trial, scope: Scope) -> Score:
        made = trial.assets_of(scope.turns)
        problems: list[str] = []
        for check in checks:
            chosen = [a for a in made if kind_of(a) == check.kind]
            counted = _number_problem(f"{check.kind} count", check.count, len(chosen))
            problems += [counted] if counted else []
            for asset in chosen:
                problems += _asset_problems(trial, asset, check)
        summary = ", ".join(f"{k} {n}" for k, n in Counter(kind_of(a) for a in made).items())
        return score(f"{scope.name}.assets", not problems,
                     "; ".join(problems)[:600] or f"ok ({summary or 'no assets'})")

    return evaluate


# --------------------------------------------------------------------------- end state


def numbered(trial: Trial) -> dict[str, Asset]:
    """Every asset by reference: ``image#1`` is the first ad image made, and so on."""
    refs: dict[str, Asset] = {}
    counts: Counter[str] = Counter()
    for asset in trial.assets:
        kind = kind_of(asset)
        counts[kind] += 1
        refs[f"{kind}#{counts[kind]}"] = asset
    return refs


def _state_problems(trial: Trial, spec: EndState) -> list[str]:
    """Differences between the final asset set (of the kinds listed) and the expected one."""
    kinds = {group.kind for group in spec.assets}
    expected: Counter[tuple[str, str | None, str | None, str | None]] = Counter()
    for group in spec.assets:
        expected[(group.kind, group.format, group.size, group.placement)] += group.count
    actual: Counter[tuple[str, str | None, str | None, str | None]] = Counter()
    for asset in (a for a in trial.assets if kind_of(a) in kinds):
        key = next(
            (k for k in expected if k[0] == kind_of(asset)
             and all(w is None or w == g for w, g in zip(
                 k[1:], (format_of(asset), size_of(asset), placement_of(asset)), strict=True))),
            (kind_of(asset), format_of(asset), size_of(asset), placement_of(asset)),
        )
        actual[key] += 1
    missing, extra = expected - actual, actual - expected
    return [f"missing {n} x {k}" for k, n in missing.items()] + [
        f"unexpected {n} x {k}" for k, n in extra.items()
    ]


def _lineage_problems(trial: Trial, spec: EndState) -> list[str]:
    refs = numbered(trial)
    problems = []
    for link in spec.lineage:
        child, parent = refs.get(link.asset), refs.get(link.parent)
        if child is None or parent is None:
            problems.append(f"{link.asset} or {link.parent} was never made")
        elif parent.id not in child.parents:
            problems.append(f"{link.asset} was not made from {link.parent}")
    return problems


def end_state(spec: EndState) -> Evaluator:
    """The run ends with exactly the expected assets, each made from the right parent."""

    def evaluate(trial: Trial, scope: Scope) -> Score:
        problems = _state_problems(trial, spec) + _lineage_problems(trial, spec)
        return score(f"{scope.name}.end_state", not problems, "; ".join(problems) or "ok")

    return evaluate
