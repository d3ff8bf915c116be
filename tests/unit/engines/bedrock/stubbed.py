"""A Bedrock image engine on a Stubber'd bedrock-runtime client, and what each call sent."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.response import StreamingBody
from botocore.stub import Stubber
from PIL import Image

from core.images import encode_png
from core.settings import Settings
from engines.bedrock.images import BedrockImageEngine
from tools.services import build_image_engine


@dataclass
class Stubbed:
    """A Bedrock image engine on a Stubber'd client, and what each call sent."""

    engine: BedrockImageEngine
    stubber: Stubber
    sent: list[dict[str, Any]] = field(default_factory=list)

    def answer(self, payload: dict[str, Any]) -> None:
        """Queue one InvokeModel answer with this JSON body."""
        data = json.dumps(payload).encode()
        body = StreamingBody(io.BytesIO(data), len(data))
        self.stubber.add_response("invoke_model", {"body": body, "contentType": "application/json"})

    def answer_image(self, image: Image.Image) -> None:
        """Queue one Stability answer that paints ``image``."""
        png = base64.b64encode(encode_png(image)).decode()
        self.answer({"seeds": [7], "finish_reasons": [None], "images": [png]})

    def body(self, call: int = 0) -> dict[str, Any]:
        """The JSON body of the ``call``-th request sent."""
        return dict(json.loads(self.sent[call]["body"]))


def stubbed(image_engine: str) -> Iterator[Stubbed]:
    """The engine ``image_engine`` on a Stubber'd client; every queued answer must be used."""
    client = boto3.client("bedrock-runtime", region_name="us-west-2")
    engine = build_image_engine(Settings(image_engine=image_engine), client=client)  # type: ignore[arg-type]
    assert isinstance(engine, BedrockImageEngine)
    stub = Stubbed(engine, Stubber(client))
    client.meta.events.register("provide-client-params.bedrock-runtime.InvokeModel",
                                lambda params, **kw: stub.sent.append(params))
    with stub.stubber:
        yield stub
        stub.stubber.assert_no_pending_responses()
