"""The fake's bedrock-runtime: Converse, InvokeModel, async invoke (video) and ApplyGuardrail.

Each call is checked as Bedrock checks it: the model must be offered (and alive) in the
region the request was signed for, and image sizes must follow the model's rules; what
breaks them answers the ``ValidationException`` (or ``ResourceNotFoundException``) Bedrock
answers.
"""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from typing import Any

from PIL import Image

from tests.fake_bedrock import pictures, sizes
from tests.fake_bedrock.errors import BedrockError, invalid
from tests.fake_bedrock.models import Model, callable_model
from tests.fake_bedrock.replies import Reply, Request, json_reply
from tests.fake_bedrock.state import ACCOUNT, AsyncJob, ConverseReply, FakeBedrock, ToolUse

MAX_GUARDRAIL_IMAGES = 20
MAX_GUARDRAIL_IMAGE_BYTES = 4 * 1024 * 1024
MAX_GUARDRAIL_SIDE = 8000


def _model(fake: FakeBedrock, model_id: str, region: str) -> Model:
    return callable_model(model_id, region, fake.now(), fake.extended_access)


# --------------------------------------------------------------------------- Converse


def converse(fake: FakeBedrock, request: Request, model_id: str) -> Reply:
    """Answer a Converse call: a forced tool gets its structured input, else the script."""
    model = _model(fake, model_id, request.region)
    if model.kind != "chat":
        raise invalid("This action doesn't support the model that you provided. Try again "
                      "with a supported text or chat model.")
    body = request.json()
    _check_conversation(body)
    forced = _forced_tool(body)
    if forced is not None:
        if forced not in fake.structured:
            raise invalid(f"fake Bedrock: no structured answer scripted for tool {forced!r}")
        scripted = ConverseReply(tool_uses=(ToolUse(forced, fake.structured[forced]),))
    else:
        with fake.lock:
            queued = fake.script.popleft() if fake.script else ConverseReply(text="Done.")
        if isinstance(queued, BedrockError):
            raise queued
        scripted = queued
    return json_reply(_converse_answer(scripted))


def _forced_tool(body: dict[str, Any]) -> str | None:
    """The tool a request forces (``toolChoice`` tool or any with one tool), if any."""
    config = body.get("toolConfig") or {}
    choice = config.get("toolChoice") or {}
    if "tool" in choice:
        return str(choice["tool"]["name"])
    tools = [tool["toolSpec"]["name"] for tool in config.get("tools", []) if "toolSpec" in tool]
    if "any" in choice and len(tools) == 1:
        return tools[0]
    return None


def _check_conversation(body: dict[str, Any]) -> None:
    """Refuse a conversation Bedrock refuses: tool results that do not answer tool uses."""
    messages = body.get("messages") or []
    if not messages or messages[0].get("role") != "user":
        raise invalid("A conversation must start with a user message. Try again with a "
                      "conversation that starts with a user message.")
    uses_tools = any("toolUse" in block or "toolResult" in block
                     for message in messages for block in message.get("content", []))
    if uses_tools and not body.get("toolConfig"):
        raise invalid("The toolConfig field must be defined when using toolUse and toolResult "
                      "content blocks.")
    for index, message in enumerate(messages[:-1]):
        asked = {block["toolUse"]["toolUseId"] for block in message.get("content", [])
                 if "toolUse" in block}
        answered = {block["toolResult"]["toolUseId"]
                    for block in messages[index + 1].get("content", []) if "toolResult" in block}
        if asked - answered:
            raise invalid(
                f"Expected toolResult blocks at messages.{index + 1}.content for the following "
                f"Ids: {', '.join(sorted(asked - answered))}"
            )
        if answered - asked:
            raise invalid(
                f"The number of toolResult blocks at messages.{index + 1}.content exceeds the "
                "number of toolUse blocks of previous turn."
            )


def _converse_answer(reply: ConverseReply) -> dict[str, Any]:
    """The Converse response body of a scripted reply."""
    content: list[dict[str, Any]] = [{"text": reply.text}] if reply.text else []
    for use in reply.tool_uses:
        content.append({"toolUse": {"toolUseId": use.id or f"tooluse_{uuid.uuid4().hex[:20]}",
                                    "name": use.name, "input": use.input}})
    stop = reply.stop_reason or ("tool_use" if reply.tool_uses else "end_turn")
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": stop,
        "usage": {"inputTokens": 120, "outputTokens": 30, "totalTokens": 150},
        "metrics": {"latencyMs": 5},
    }


# --------------------------------------------------------------------------- InvokeModel


def invoke_model(fake: FakeBedrock, request: Request, model_id: str) -> Reply:
    """Answer an InvokeModel call of an image model with images of the right size."""
    model = _model(fake, model_id, request.region)
    body = request.json()
    if model.kind in ("text-image", "image-service"):
        return json_reply(_stability(model, body))
    if model.kind == "canvas":
        return json_reply(_canvas(body))
    raise invalid(f"The model {model.model_id} is not invoked with InvokeModel here.")


def _stability(model: Model, body: dict[str, Any]) -> dict[str, Any]:
    """Stability's answer: ``{"seeds", "finish_reasons", "images"}``."""
    if not isinstance(body.get("prompt", ""), str):
        raise invalid("prompt: expected a string")
    fmt = str(body.get("output_format", "png"))
    service = model.model_id.removeprefix("stability.")
    if model.kind == "text-image" and "image" not in body:
        width, height = sizes.STABILITY_ASPECTS.get(str(body.get("aspect_ratio", "1:1")),
                                                    (1024, 1024))
        return _stability_images(pictures.painted(width, height), body, fmt)
    field = "init_image" if service.startswith("stable-style-transfer") else "image"
    if field not in body:
        raise invalid(f"{field}: required")
    image = pictures.decode(body[field], field)
    sizes.check_stability(image.width, image.height, field)
    if "mask" in body:
        mask = pictures.decode(body["mask"], "mask")
        if mask.size != image.size:
            raise invalid(f"mask: must be the size of the image ({image.width}x{image.height}), "
                          f"got {mask.width}x{mask.height}.")
    return _stability_images(_stability_output(service, image, body), body, fmt)


def _stability_output(service: str, image: Image.Image, body: dict[str, Any]) -> Image.Image:
    """What a Stability service paints for ``image``."""
    width, height = image.size
    if "remove-background" in service:
        return pictures.matte(image)
    if "outpaint" in service:
        grow = [int(body.get(side, 0)) for side in ("left", "right", "up", "down")]
        if not any(grow):
            raise invalid("outpaint: at least one of left, right, up or down must be set.")
        return pictures.painted(width + grow[0] + grow[1], height + grow[2] + grow[3])
    if "upscale" in service:
        return pictures.painted(width * 4, height * 4)
    return pictures.painted(width, height)


def _stability_images(image: Image.Image, body: dict[str, Any], fmt: str) -> dict[str, Any]:
    return {"seeds": [int(body.get("seed", 0)) or 1234], "finish_reasons": [None],
            "images": [pictures.encode(image, fmt)]}


def _canvas(body: dict[str, Any]) -> dict[str, Any]:
    """Nova Canvas / Titan: ``{"images": [...]}`` at the requested or input size."""
    task = body.get("taskType")
    config = body.get("imageGenerationConfig") or {}
    count = int(config.get("numberOfImages", 1))
    if task in ("TEXT_IMAGE", "COLOR_GUIDED_GENERATION"):
        width, height = int(config.get("width", 1024)), int(config.get("height", 1024))
        sizes.check_canvas_size(width, height, requested=True)
        return {"images": [pictures.encode(pictures.painted(width, height))] * count}
    params = {
        "INPAINTING": "inPaintingParams", "OUTPAINTING": "outPaintingParams",
        "BACKGROUND_REMOVAL": "backgroundRemovalParams", "IMAGE_VARIATION": "imageVariationParams",
    }.get(str(task))
    if params is None or params not in body:
        raise invalid(f"taskType: {task!r} needs {params or 'a known task type'}")
    source = body[params].get("image") or (body[params].get("images") or [None])[0]
    if not source:
        raise invalid(f"{params}.image: required")
    image = pictures.decode(source)
    sizes.check_canvas_size(image.width, image.height, requested=False)
    if task == "BACKGROUND_REMOVAL":
        return {"images": [pictures.encode(pictures.matte(image))]}
    return {"images": [pictures.encode(pictures.painted(*image.size))] * count}


# --------------------------------------------------------------------------- async invoke


def start_async_invoke(fake: FakeBedrock, request: Request, model_id: str) -> Reply:
    """Start a video job; its MP4 is written when a poll finds it complete."""
    model = _model(fake, model_id, request.region)
    if model.kind != "video":
        raise invalid(f"The model {model.model_id} does not support asynchronous invocation.")
    body = request.json()
    s3_uri = str(body.get("outputDataConfig", {}).get("s3OutputDataConfig", {}).get("s3Uri", ""))
    bucket = s3_uri.removeprefix("s3://").split("/", 1)[0]
    if not s3_uri.startswith("s3://") or bucket not in fake.s3.buckets:
        raise invalid(f"Unable to write to the S3 output location {s3_uri}: check the bucket "
                      "and its permissions.")
    _check_video_input(model, body.get("modelInput") or {})
    invocation_id = uuid.uuid4().hex[:12]
    arn = f"arn:aws:bedrock:{request.region}:{ACCOUNT}:async-invoke/{invocation_id}"
    job = AsyncJob(invocation_id, arn, model.model_id, request.region, s3_uri.rstrip("/"),
                   str(body.get("clientRequestToken", "")), fake.now(), body)
    with fake.lock:
        fake.jobs[arn] = job
    return json_reply({"invocationArn": arn})


def _check_video_input(model: Model, model_input: dict[str, Any]) -> None:
    """Refuse a video body Bedrock refuses (the fields its model documents)."""
    if model.model_id.startswith("luma."):
        prompt = model_input.get("prompt", "")
        if not isinstance(prompt, str) or not 1 <= len(prompt) <= 5000:
            raise invalid("prompt: must be 1 to 5000 characters")
        if model_input.get("duration", "5s") not in ("5s", "9s"):
            raise invalid("duration: must be 5s or 9s")
        if model_input.get("resolution", "720p") not in ("540p", "720p"):
            raise invalid("resolution: must be 540p or 720p")
        return
    if model_input.get("taskType") not in ("TEXT_VIDEO", "MULTI_SHOT_AUTOMATED",
                                            "MULTI_SHOT_MANUAL"):
        raise invalid("taskType: must be TEXT_VIDEO, MULTI_SHOT_AUTOMATED or MULTI_SHOT_MANUAL")


def get_async_invoke(fake: FakeBedrock, request: Request, arn: str) -> Reply:
    """A job's status; the ``polls_to_complete``-th poll completes it (and writes the MP4)."""
    job = fake.jobs.get(arn)
    if job is None or job.region != request.region:
        raise BedrockError("ValidationException", f"Invocation {arn} was not found.")
    with fake.lock:
        fake.polls[arn] = fake.polls.get(arn, 0) + 1
        done = fake.polls[arn] >= fake.polls_to_complete
    status = "InProgress"
    answer = _job_summary(job)
    if done and fake.video_failure:
        status = "Failed"
        answer["failureMessage"] = fake.video_failure
    elif done:
        status = "Completed"
        bucket, _, prefix = job.s3_uri.removeprefix("s3://").partition("/")
        key = "/".join(part for part in (prefix, job.invocation_id, "output.mp4") if part)
        fake.s3.put(bucket, key, pictures.tiny_mp4())
    answer["status"] = status
    if status != "InProgress":
        answer["endTime"] = _iso(fake.now())
    return json_reply(answer)


def list_async_invokes(fake: FakeBedrock, request: Request, _target: str) -> Reply:
    """The region's jobs, newest first."""
    jobs = sorted((job for job in fake.jobs.values() if job.region == request.region),
                  key=lambda job: job.submitted, reverse=True)
    summaries = [{**_job_summary(job), "status": "InProgress"} for job in jobs]
    return json_reply({"asyncInvokeSummaries": summaries})


def _job_summary(job: AsyncJob) -> dict[str, Any]:
    return {
        "invocationArn": job.arn,
        "modelArn": f"arn:aws:bedrock:{job.region}::foundation-model/{job.model_id}",
        "clientRequestToken": job.token,
        "submitTime": _iso(job.submitted),
        "lastModifiedTime": _iso(job.submitted),
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": job.s3_uri}},
    }


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- ApplyGuardrail


def apply_guardrail(fake: FakeBedrock, request: Request, target: str) -> Reply:
    """ApplyGuardrail: intervenes on :attr:`FakeBedrock.blocked_words`."""
    guardrail_id, version = target.split("@", 1)
    if version not in fake.guardrails.get((request.region, guardrail_id), set()):
        raise BedrockError("ResourceNotFoundException",
                           f"Guardrail {guardrail_id} version {version} was not found.")
    body = request.json()
    texts: list[str] = []
    images = 0
    for block in body.get("content", []):
        if "text" in block:
            texts.append(str(block["text"].get("text", "")))
        elif "image" in block:
            images += 1
            _check_guardrail_image(block["image"])
    if images > MAX_GUARDRAIL_IMAGES:
        raise invalid(f"At most {MAX_GUARDRAIL_IMAGES} images can be checked per request.")
    hits = [word for word in fake.blocked_words if any(word in text.lower() for text in texts)]
    units = max(1, -(-sum(len(text) for text in texts) // 1000)) if texts else 0
    answer: dict[str, Any] = {
        "usage": {"topicPolicyUnits": units, "contentPolicyUnits": units, "wordPolicyUnits": 0,
                  "sensitiveInformationPolicyUnits": 0,
                  "sensitiveInformationPolicyFreeUnits": 0,
                  "contextualGroundingPolicyUnits": 0},
        "action": "GUARDRAIL_INTERVENED" if hits else "NONE",
        "outputs": [{"text": "Sorry, this ad cannot be made."}] if hits else [],
        "assessments": [{"topicPolicy": {"topics": [
            {"name": "Health claims", "type": "DENY", "action": "BLOCKED", "detected": True}
        ]}}] if hits else [],
    }
    if hits:
        answer["actionReason"] = "Guardrail blocked."
    return json_reply(answer)


def _check_guardrail_image(block: dict[str, Any]) -> None:
    """Refuse an image ApplyGuardrail refuses (PNG/JPEG, 4 MB, 8000 px)."""
    if block.get("format") not in ("png", "jpeg"):
        raise invalid("image.format: must be png or jpeg")
    data = base64.b64decode(block.get("source", {}).get("bytes", ""))
    if len(data) > MAX_GUARDRAIL_IMAGE_BYTES:
        raise invalid("The image exceeds the 4 MB limit.")
    image = pictures.decode(base64.b64encode(data).decode())
    if max(image.size) > MAX_GUARDRAIL_SIDE:
        raise invalid("The image exceeds 8000 pixels on a side.")
