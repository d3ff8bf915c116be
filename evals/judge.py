"""LLM-as-judge: a vision chat model scores ad images against the brief (bedrock only).

The rubric is ``prompts/eval_judge.md``; the model runs at temperature 0. On the local
engine the judge is skipped, and the report and the CLI say so.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage

from evals.evaluators import Evaluator, Score, score
from evals.scenario import Judge
from evals.transcript import Scope, Trial, kind_of
from prompts import render

SKIPPED = (
    "LLM-as-judge skipped: it runs on the bedrock engine only (--engine bedrock); the local "
    "engine has no vision model."
)
_JSON = re.compile(r"\{.*\}", re.S)


def judge_messages(spec: Judge, brief: str, product: str, images: list[bytes]) -> list[BaseMessage]:
    """The judge's request: the filled rubric, then each image as a base64 PNG block."""
    text = render(
        "eval_judge", criteria=", ".join(spec.criteria), brief=json.dumps(brief),
        product=json.dumps(product), count=len(images),
    )
    blocks: list[str | dict[str, Any]] = [{"type": "text", "text": text}]
    blocks += [
        {"type": "image", "base64": base64.b64encode(png).decode(), "mime_type": "image/png"}
        for png in images
    ]
    return [HumanMessage(content=blocks)]


def read_verdict(text: str, criteria: list[str]) -> tuple[dict[str, float], str]:
    """Scores by criterion (1-5) and the comment from the judge's reply.

    Raises:
        ValueError: No JSON object with a score for every criterion.
    """
    match = _JSON.search(text)
    if match is None:
        raise ValueError(f"the judge replied without JSON: {text[:200]!r}")
    data = json.loads(match.group(0))
    scores = {str(k).lower(): float(v) for k, v in dict(data.get("scores", {})).items()}
    missing = [c for c in criteria if c.lower() not in scores]
    if missing:
        raise ValueError(f"the judge gave no score for {missing}")
    bounded = {c: min(5.0, max(1.0, scores[c.lower()])) for c in criteria}
    return bounded, str(data.get("comment", ""))


def judge(spec: Judge, model: BaseChatModel) -> Evaluator:
    """The judge's mean score over the criteria; passes at ``min_score`` (1-5).

    ``model`` must be a vision model at temperature 0. Below the bar the score is the
    mean mapped from 1-5 to 0-1.
    """

    def evaluate(trial: Trial, scope: Scope) -> Score:
        key = f"{scope.name}.judge"
        images = [a for a in trial.assets_of(scope.turns) if kind_of(a) == "image"]
        if not images:
            return score(key, False, "no images to judge")
        pngs = [trial.store.read(a.id) for a in images[: spec.max_images]]
        brief = "\n".join(t.user for t in scope.turns)
        try:
            reply = model.invoke(judge_messages(spec, brief, trial.scenario.product.text, pngs))
            scores, comment = read_verdict(reply.text, spec.criteria)
        except ValueError as exc:
            return score(key, False, str(exc))
        mean = sum(scores.values()) / len(scores)
        detail = ", ".join(f"{k} {v:g}" for k, v in scores.items())
        passed = mean >= spec.min_score
        return score(key, (mean - 1) / 4 if not passed else 1.0,
                     f"mean {mean:.2f}/5 ({detail}); {comment}")

    return evaluate
