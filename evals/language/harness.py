"""Running one language case: the chat model takes the turn, tools answer with stand-in results.

The chat model is bound to the agent's real tools (their names, schemas and docstrings) and
gets the case's conversation plus its message. Every tool call it makes is checked against
the tool's request schema, as the real tool node would, and answered with a result shaped
like the capability's, without rendering anything. The loop runs until the model answers
in text, so a brief that leads to features and then images is scored as one turn.
"""

from __future__ import annotations

import itertools
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from pydantic import BaseModel, ValidationError

from agent.toolkit import make_tools
from evals.language.cases import Case
from evals.language.contexts import FEATURES, Context, ad_image, build_context

MAX_STEPS = 6
_ids = itertools.count(100)


def _new_id() -> str:
    return f"img_f{next(_ids):09d}"


def run_case(model: BaseChatModel, case: Case) -> tuple[list[dict[str, Any]], Context, str]:
    """Let ``model`` take the case's turn.

    Returns:
        The tool calls made (name and args, in order), the context, and the final reply.
    """
    context = build_context(case.context)
    tools = make_tools()
    schemas = {tool.name: tool.args_schema for tool in tools}
    bound = model.bind_tools(tools)
    messages: list[BaseMessage] = [*context.messages, context.user(case.text)]
    calls: list[dict[str, Any]] = []
    reply = ""
    for _ in range(MAX_STEPS):
        message = bound.invoke(messages)
        messages.append(message)
        reply = message.text if isinstance(message, AIMessage) else ""
        tool_calls = message.tool_calls if isinstance(message, AIMessage) else []
        if not tool_calls:
            break
        for call in tool_calls:
            calls.append({"name": call["name"], "args": dict(call["args"])})
            messages.append(_answer(call, schemas.get(call["name"]), context))
    return calls, context, reply


def _answer(call: Any, schema: Any, context: Context) -> ToolMessage:
    """A stand-in result for one call, or the validation error the tool node would give."""
    name, args, call_id = call["name"], dict(call["args"]), call["id"]
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        try:
            schema.model_validate(args)
        except ValidationError as exc:
            return ToolMessage(content=f"Error: invalid arguments for {name}: {exc}", name=name,
                               tool_call_id=call_id, status="error")
    artifact = _artifact(name, args, context)
    return ToolMessage(content=f"{name} done", name=name, tool_call_id=call_id, artifact=artifact)


def _theme_of(asset_id: str, context: Context) -> str:
    for message in context.messages:
        artifact = message.artifact if isinstance(message, ToolMessage) else None
        if isinstance(artifact, dict):
            for image in [*artifact.get("images", []), artifact.get("image") or {}]:
                if image.get("asset_id") == asset_id:
                    return str(image.get("theme", "studio"))
    return "studio"


def _parent_of(asset_id: str, context: Context) -> str | None:
    for message in context.messages:
        artifact = message.artifact if isinstance(message, ToolMessage) else None
        if isinstance(artifact, dict) and (artifact.get("image") or {}).get("asset_id") == asset_id:
            return str(artifact.get("parent_id") or "") or None
    return None


def _artifact(name: str, args: dict[str, Any], context: Context) -> dict[str, Any]:
    """A result shaped like the capability's own."""
    if name == "extract_features":
        return {**FEATURES, "product_name": args.get("title") or FEATURES["product_name"]}
    if name in ("generate_ad_images", "make_carousel"):
        count = len(args.get("cards", [])) or int(args.get("n") or 4)
        theme = str(args.get("theme") or "auto")
        themes = [theme if theme != "auto" else t for t in ("studio", "marble", "beach", "summer")]
        images = [ad_image(_new_id(), themes[i % 4]) for i in range(count)]
        return {"images": images, "cutout_id": _new_id(), "cutout_confidence": 0.95, "notes": []}
    if name == "edit_image":
        parent = str(args.get("asset_id", ""))
        image = ad_image(_new_id(), str(args.get("theme") or _theme_of(parent, context)))
        return {"image": image, "parent_id": parent, "changes": sorted(args), "notes": []}
    if name == "revert_image":
        edited = str(args.get("asset_id"))
        parent = _parent_of(edited, context) or edited
        return {"image": ad_image(parent, _theme_of(parent, context)), "reverted_from": edited}
    if name == "save_brand_kit":
        return {"colors": args.get("colors") or [], "logo": args.get("logo"),
                "font": args.get("font"), "tone": args.get("tone") or ""}
    if name in ("write_storyboard", "revise_storyboard"):
        shots = [{"kind": "hero", "seconds": 3.0, "camera": "push_in", "text": ""}] * 4
        return {"storyboard_id": _new_id(), "storyboard": {"shots": shots, "size": "1280x720"},
                "notes": []}
    if name in ("animate_image", "generate_video"):
        return {"video": {"asset_id": _new_id(), "seconds": 4, "fps": 24, "width": 1080,
                          "height": 1080}, "notes": []}
    return {"asset_id": _new_id(), "parent_id": args.get("product_image"), "notes": []}
