"""The local planner: a deterministic chat model that reads the conversation and calls tools.

It implements LangChain's chat-model interface (``bind_tools`` included), so the graph runs
the same with it as with Bedrock. It is honest about being offline in its first reply.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolCall, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool

from agent.attachments import attached_ids, strip_notes
from agent.planner.intents import LOGO, Request, Target, classify, product_title
from agent.planner.motion_intents import MotionRequest, read_motion
from engines.local.cutout.confidence import DOUBTFUL

MAX_VARIATIONS = 8
OFFLINE_NOTE = (
    "I'm running on adstudio's offline **local engine**: rule-based planning and a built-in "
    "renderer, no AWS account needed (set `ADSTUDIO_ENGINE=bedrock` to use Bedrock models)."
)
EXAMPLES = (
    '- *make the second one warmer and add the headline "Stay cold. Go far."*\n'
    "- *put image 3 on marble* · *make it 9:16 for stories*\n"
    "- *generate 2 more in a beach theme*"
)
HELP = (
    "I make ads for your product. Send a product photo (PNG, JPEG or WebP) and a short "
    "brief (what it is, who it's for, the tone), and I will:\n"
    "1. pull out the product's features and benefits,\n"
    "2. stage your product, untouched, in new scenes: 4 ad image variations with a "
    "headline,\n"
    "3. make new versions on request, for example:\n" + EXAMPLES + "\n"
    "4. bring an ad to life (*make #2 a live image*) or storyboard and render a video ad "
    "(*make a 15 second video*),\n"
    "5. remove a photo's background (*remove the background*): a transparent PNG."
)


@dataclass
class Conversation:
    """What the planner reads off the message history."""

    request: Request
    photo: str | None
    attached: bool
    features: dict[str, Any] | None
    images: list[str]  # every ad image of the thread, in order: image #1 is images[0]
    last_set: list[str]  # the images of the latest generation
    latest: str | None
    brief_text: str
    turn_results: list[ToolMessage] = field(default_factory=list)
    first_reply: bool = True
    attached_ids: list[str] = field(default_factory=list)
    variations: int = 4
    logo: str | None = None
    storyboard: dict[str, Any] | None = None  # the latest storyboard result (id + shots)
    motion: MotionRequest | None = None


def _brief_text(message: AIMessage) -> list[str]:
    """The brief facts the assistant recorded with update_brief (not every chat line)."""
    keys = ("description", "audience", "tone", "objective")
    return [
        str(call["args"][key])
        for call in message.tool_calls
        if call["name"] == "update_brief"
        for key in keys
        if call["args"].get(key)
    ]


def read_conversation(messages: Sequence[BaseMessage], variations: int = 4) -> Conversation:
    """Collect the product photo, features, images and the current request."""
    photo: str | None = None
    features: dict[str, Any] | None = None
    images: list[str] = []
    last_set: list[str] = []
    texts: list[str] = []
    logo: str | None = None
    storyboard: dict[str, Any] | None = None
    last_human = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    for message in messages:
        if isinstance(message, HumanMessage):
            ids = attached_ids(message)
            if ids and not LOGO.search(message.text):  # a logo is not a product photo
                photo = ids[-1]
        elif isinstance(message, AIMessage):
            texts.extend(_brief_text(message))
        elif isinstance(message, ToolMessage) and message.status != "error":
            artifact = message.artifact if isinstance(message.artifact, dict) else {}
            if message.name == "extract_features":
                features = artifact
            elif message.name == "generate_ad_images":
                last_set = [im["asset_id"] for im in artifact.get("images", [])]
                images.extend(last_set)
            elif message.name == "edit_image" and artifact.get("image"):
                images.append(artifact["image"]["asset_id"])
            elif message.name == "save_brand_kit":
                logo = artifact.get("logo") or logo
            elif message.name in ("write_storyboard", "revise_storyboard"):
                storyboard = artifact
    human = messages[last_human] if last_human >= 0 else HumanMessage("")
    text = strip_notes(human.text)
    attached = bool(attached_ids(human))
    request = classify(
        text, has_images=bool(images), has_product=features is not None, attached=attached
    )
    turn = messages[last_human + 1 :]
    return Conversation(
        request=request,
        photo=photo,
        attached=attached,
        features=features,
        images=images,
        last_set=last_set,
        latest=images[-1] if images else None,
        brief_text=" ".join(dict.fromkeys(texts))[-2000:],
        turn_results=[m for m in turn if isinstance(m, ToolMessage)],
        first_reply=not any(isinstance(m, AIMessage) for m in messages),
        variations=variations,
        attached_ids=attached_ids(human),
        logo=logo,
        storyboard=storyboard,
        motion=None if attached else read_motion(
            text, has_images=bool(images), has_storyboard=storyboard is not None
        ),
    )


def plan(messages: Sequence[BaseMessage], tools: Sequence[str], variations: int = 4) -> AIMessage:
    """Decide the next message: tool calls, a question, or an answer.

    Args:
        messages: The conversation so far.
        tools: Names of the tools that may be called (none: answer in text only).
        variations: Images per generation unless the user asks for a number.
    """
    convo = read_conversation(messages, variations)
    if convo.turn_results and isinstance(messages[-1], ToolMessage):
        message = after_tools(convo, tools)
    else:
        message = respond(convo, tools)
    if convo.first_reply:
        message.content = f"{OFFLINE_NOTE}\n\n{message.content}".strip()
    return message


def respond(convo: Conversation, tools: Sequence[str]) -> AIMessage:
    """First step of a turn: act on what the user asked."""
    request = convo.request
    if request.kind == "help":
        return AIMessage(HELP)
    if request.kind == "greeting":
        return AIMessage("Hello! " + HELP)
    if request.kind == "thanks":
        return AIMessage("You're welcome! Ask for more variations or changes any time.")
    if request.kind == "cutout":
        return remove_background(convo, tools)
    if convo.motion is not None and request.kind not in ("greeting", "thanks", "help"):
        return motion_step(convo, convo.motion, tools)
    if request.kind == "brief":
        return start_brief(convo, tools)
    if request.kind == "generate":
        return generate(convo, tools)
    if request.kind == "edit":
        return edit(convo, tools)
    if request.kind == "brand":
        return save_brand(convo, tools)
    if request.kind == "brief_update":
        noted = "Noted, I've added that to the brief."
        return _tool_message(noted, [_call("update_brief", request.facts)], tools)
    return AIMessage(
        "I'm not sure what you'd like me to do. " + HELP
        if not convo.features
        else "I'm not sure which change you mean. You can say, for example:\n" + examples(convo)
    )


def start_brief(convo: Conversation, tools: Sequence[str]) -> AIMessage:
    """A new product: record the brief and extract its features."""
    text = convo.request.text
    if not text:
        return AIMessage(
            "Thanks for the photo! What is the product? Tell me its name, what makes it "
            "special, and who the ads are for."
        )
    title = product_title(text)
    brief = {"product_name": title, "description": text, **convo.request.facts}
    calls = [
        _call("update_brief", brief),
        _call("extract_features", {"title": title, "description": text}),
    ]
    note = "Let me read your brief and pull out the product's features."
    return _tool_message(note, calls, tools)


def save_brand(convo: Conversation, tools: Sequence[str]) -> AIMessage:
    """Remember the brand kit the user described (colours, logo, font, tone)."""
    request = convo.request
    kit: dict[str, Any] = {}
    if request.brand_colors:
        kit["colors"] = request.brand_colors
    if request.font:
        kit["font"] = request.font
    if convo.attached and LOGO.search(request.text):
        kit["logo"] = convo.attached_ids[-1]
    tone = request.facts.get("tone")
    if tone:
        kit["tone"] = tone
    if not kit:
        return AIMessage(
            "Tell me your brand colours (like #FF6600), attach your logo and say "
            "'this is our logo', or name a font (Lato, Manrope, Hanken Grotesk, Source Sans, "
            "Fjalla One), and I'll use them on every ad."
        )
    return _tool_message("Saving your brand kit…", [_call("save_brand_kit", kit)], tools)


def remove_background(convo: Conversation, tools: Sequence[str]) -> AIMessage:
    """Remove the background of the photo attached now, or named, or else the latest one."""
    target = convo.request.target
    if convo.attached_ids:
        photo: str | None = convo.attached_ids[-1]
    elif isinstance(target, str) and target.startswith("img_"):
        photo = target
    else:
        photo = convo.photo
    if photo is None:
        return AIMessage(
            "Upload the photo whose background I should remove (PNG, JPEG or WebP, the "
            "product clearly visible) and I'll make a transparent PNG of the product."
        )
    call = _call("remove_background", {"product_image": photo})
    return _tool_message("Removing the background…", [call], tools)


def describe_cutout(convo: Conversation, result: ToolMessage) -> str:
    """Hand over the transparent PNG, with any doubts about it."""
    artifact = result.artifact if isinstance(result.artifact, dict) else {}
    parent = number(convo, str(artifact.get("parent_id", "")))
    notes = [n for n in artifact.get("notes", []) if isinstance(n, str) and n.strip()]
    text = (
        f"Here is {parent} without its background: a transparent PNG "
        f"(`{artifact.get('asset_id', '')}`), {artifact.get('width')}x{artifact.get('height')} "
        "like the photo, so the product sits exactly where it was."
    )
    return "\n\n".join([text, *notes])


def generate(convo: Conversation, tools: Sequence[str]) -> AIMessage:
    """Generate ad images of the known product photo."""
    if convo.photo is None:
        return AIMessage(
            "I need a product photo to stage: upload one (PNG, JPEG or WebP, the product "
            "clearly visible, ideally on a plain background)."
        )
    if convo.features is None:
        return start_brief(convo, tools)
    request = convo.request
    features = convo.features
    benefits = [b for b in features.get("benefits", []) if isinstance(b, str)]
    ideas = [h for h in features.get("headline_ideas", []) if isinstance(h, str)]
    headline = request.headline
    if headline is None:
        headline = next(iter(ideas), None)
    args: dict[str, Any] = {
        "product_image": convo.photo,
        "n": max(1, min(request.n or convo.variations, MAX_VARIATIONS)),
        # A theme word inside a brief ("summer campaign") guides "auto"; only an explicit
        # request ("in a beach theme") pins every variation to one theme.
        "theme": (request.theme if request.kind == "generate" or request.theme_explicit else None)
        or "auto",
        "placements": request.placements or ["square"],
        "headline": headline or None,
        "subline": next((b for b in benefits if b != headline), None),
        "cta": request.cta or "Shop now",
        "context": convo.brief_text or request.text,
    }
    if request.brand_colors:
        args["brand_colors"] = request.brand_colors
    if request.as_is:
        args["photo_as_is"] = True
    n = args["n"]
    note = f"Staging your product in {n} scene{'s' if n != 1 else ''}…"
    return _tool_message(note, [_call("generate_ad_images", args)], tools)


def edit(convo: Conversation, tools: Sequence[str]) -> AIMessage:
    """Make a new version of the image (or every image of the last set) the user means."""
    request = convo.request
    changes: dict[str, Any] = {}
    for name in ("headline", "cta", "theme", "warmth", "product_scale", "backdrop_color"):
        value = getattr(request, name)
        if value is not None:
            changes[name] = value
    if request.format is not None:
        changes["placement"] = request.format
    if request.product_shift is not None:
        changes["product_shift"] = list(request.product_shift)
    if request.upscale:
        changes["upscale"] = 2
    if request.font:
        changes["font"] = request.font
    if request.remove_region == (0.0, 0.0, 0.0, 0.0):
        return AIMessage(
            "Where is what you want removed? Say for example 'remove the leaf in the top "
            "left' (top, bottom, left, right, center, or a corner)."
        )
    if request.remove_region is not None:
        changes["remove_region"] = list(request.remove_region)
    if request.logo == "remove":
        changes["logo"] = ""
    elif request.logo == "add":
        if convo.logo is None:
            return AIMessage(
                "Upload your logo and say 'this is our logo' first; then I can add it."
            )
        changes["logo"] = convo.logo
    if request.brand_colors:
        changes["brand_colors"] = request.brand_colors
    if request.target == "all" and convo.last_set:
        calls = [_call("edit_image", {"asset_id": a, **changes}) for a in convo.last_set]
        return _tool_message(f"Making new versions of all {len(calls)}…", calls, tools)
    if isinstance(request.target, list):
        targets = [resolve_target(convo, number) for number in request.target]
        unclear = next((t for t in targets if not t.startswith("img_")), None)
        if unclear:
            return AIMessage(unclear)
        calls = [_call("edit_image", {"asset_id": a, **changes}) for a in targets]
        return _tool_message(f"Making new versions of {len(calls)} images…", calls, tools)
    target = resolve_target(convo, request.target)
    if not target.startswith("img_"):
        return AIMessage(target)
    return _tool_message(
        "Making a new version…", [_call("edit_image", {"asset_id": target, **changes})], tools
    )


def resolve_target(convo: Conversation, target: Target | None) -> str:
    """Return the asset id the user means, or a question when it is unclear."""
    if target == "all" or isinstance(target, list):
        target = -1
    if isinstance(target, str):
        return target
    if target is None or target == -1:
        if convo.latest:
            return convo.latest
        return "Which image should I change? Say its number, for example 'the second one'."
    if 1 <= target <= len(convo.images):
        return convo.images[target - 1]
    return (
        f"There are only {len(convo.images)} images in this conversation; which one do you "
        f"mean (#1-#{len(convo.images)})?"
    )


def after_tools(convo: Conversation, tools: Sequence[str]) -> AIMessage:
    """Next step once this turn's tool results are in."""
    results = {m.name: m for m in convo.turn_results if m.status != "error"}
    failed = [m for m in convo.turn_results if m.status == "error"]
    if failed and not results.keys() & {"generate_ad_images", "edit_image"}:
        return AIMessage(explain_failure(failed[-1]))
    if results.keys() & MOTION_TOOLS:
        return AIMessage(describe_motion(convo, results))
    if "remove_background" in results:
        return AIMessage(describe_cutout(convo, results["remove_background"]))
    if "generate_ad_images" in results:
        return AIMessage(describe_images(convo, results["generate_ad_images"]))
    if "edit_image" in results:
        text = describe_edits(convo)
        if failed:
            text += "\n\n" + explain_failure(failed[-1])
        return AIMessage(text)
    if "save_brand_kit" in results:
        summary = str(results["save_brand_kit"].content).split("\n", 1)[0]
        return AIMessage(f"{summary}. I'll use it on every new ad unless you say otherwise.")
    if "extract_features" in results:
        if convo.photo is None:
            return AIMessage(
                describe_features(convo.features)
                + "\n\nNow upload a product photo and I'll stage it in 4 ad scenes."
            )
        return generate(convo, tools)
    return AIMessage("Noted. " + ("What would you like next?" if convo.features else HELP))


MOTION_TOOLS = {"animate_image", "write_storyboard", "revise_storyboard", "generate_video"}


def motion_step(convo: Conversation, motion: MotionRequest, tools: Sequence[str]) -> AIMessage:
    """Act on a motion request: animate an ad, write, revise or render a storyboard."""
    if motion.kind == "animate":
        targets = motion.target if isinstance(motion.target, list) else [motion.target]
        calls = []
        for target in targets:
            asset = resolve_target(convo, target)
            if not asset.startswith("img_"):
                return AIMessage(asset)
            calls.append(_call("animate_image", {"asset_id": asset}))
        return _tool_message("Bringing it to life: a seamless live-image loop.", calls, tools)
    board = convo.storyboard or {}
    if motion.kind == "render":
        render = {"storyboard_id": board["storyboard_id"]}
        if motion.placement:
            render["placement"] = motion.placement
        return _tool_message("Rendering the video from the storyboard.",
                             [_call("generate_video", render)], tools)
    if motion.kind == "revise":
        return _revise(board, motion, tools)
    if convo.photo is None:
        return AIMessage("Upload a product photo first, and I'll storyboard a video ad for it.")
    args: dict[str, Any] = {"product_image": convo.photo,
                            "context": (convo.brief_text or convo.request.text)[:2000]}
    if motion.seconds is not None:
        args["seconds"] = motion.seconds
    if motion.size:
        args["size"] = motion.size
    if motion.placement == "sponsored-brands-video" and motion.size == "1080x1920":
        args["size"] = "1280x720"
    if convo.request.theme:
        args["theme"] = convo.request.theme
    if convo.request.headline:
        args["headline"] = convo.request.headline
    if convo.request.cta:
        args["cta"] = convo.request.cta
    return _tool_message("Here's a storyboard first, so you can change it before I render.",
                         [_call("write_storyboard", args)], tools)


def _revise(board: dict[str, Any], motion: MotionRequest, tools: Sequence[str]) -> AIMessage:
    """Call revise_storyboard for one shot (relative lengths resolved against the shot)."""
    shots = board.get("storyboard", {}).get("shots", [])
    if not motion.shot or not 1 <= motion.shot <= len(shots):
        return AIMessage(f"The storyboard has {len(shots)} shots; which one (1-{len(shots)})?")
    changes = dict(motion.changes)
    if isinstance(changes.get("seconds"), str):
        current = float(shots[motion.shot - 1].get("seconds", 3.0))
        changes["seconds"] = round(min(12.0, max(1.5, current + float(changes["seconds"]))), 1)
    if not changes:
        return AIMessage(
            f"What should change in shot {motion.shot}? For example: 'make shot "
            f"{motion.shot} about the 24 h cold', 'make it longer' or 'remove shot {motion.shot}'."
        )
    args = {"storyboard_id": board["storyboard_id"], "shot": motion.shot, **changes}
    return _tool_message(f"Updating shot {motion.shot}.", [_call("revise_storyboard", args)],
                         tools)


def describe_motion(convo: Conversation, results: dict[str | None, ToolMessage]) -> str:
    """Sum up a live image, a storyboard or a video."""
    for name in ("generate_video", "animate_image"):
        if name in results:
            artifact = results[name].artifact if isinstance(results[name].artifact, dict) else {}
            notes = notes_of(artifact)
            if artifact.get("status") == "started":
                return ("The render has started on the video model; it takes a few minutes and "
                        f"the video will appear here when it is ready.{notes}")
            video = artifact.get("video") or {}
            what = "live image" if name == "animate_image" else "video ad"
            return (f"Here is your {what}: {video.get('seconds', 0):g} s at "
                    f"{video.get('fps', 24)} fps, {video.get('width')}x{video.get('height')} "
                    f"(MP4, H.264).{notes} The product stays sharp in every frame.")
    message = results.get("revise_storyboard") or results["write_storyboard"]
    artifact = message.artifact if isinstance(message.artifact, dict) else {}
    board = artifact.get("storyboard", {})
    lines = [
        f"{i}. **{shot['kind'].replace('_', ' ')}** · {shot['seconds']:g} s · "
        f"{shot['camera'].replace('_', ' ')}" + (f" · “{shot['text']}”" if shot.get("text") else "")
        for i, shot in enumerate(board.get("shots", []), 1)
    ]
    total = sum(float(shot["seconds"]) for shot in board.get("shots", []))
    return (
        f"Storyboard ({total:g} s, {board.get('size', '')}):\n" + "\n".join(lines)
        + notes_of(artifact)
        + "\n\nSay **render it** to make the video, or change a shot, e.g. "
        "*make the second shot about the 24 h cold* or *remove shot 3*."
    )


def describe_features(features: dict[str, Any] | None) -> str:
    """Sum up extracted features in Markdown."""
    if not features:
        return ""
    lines = [f"**{features.get('product_name', 'Your product')}** — what I'll build the ads on:"]
    lines += [f"- {f}" for f in features.get("features", [])[:5]]
    benefits = features.get("benefits", [])[:3]
    if benefits:
        lines.append("Benefits: " + "; ".join(benefits))
    audience = features.get("audience_hints", [])
    if audience:
        lines.append("Audience: " + ", ".join(audience))
    return "\n".join(lines)


def number(convo: Conversation, asset_id: str) -> str:
    """The image's number in this conversation ("#3"), as the UI shows it."""
    if asset_id in convo.images:
        return f"#{convo.images.index(asset_id) + 1}"
    return "your photo" if asset_id == convo.photo else "the image"


def notes_of(artifact: dict[str, Any]) -> str:
    """What the engine adjusted to fit the placement's rules, as a sentence."""
    notes = [n.strip().rstrip(".") for n in artifact.get("notes", []) if isinstance(n, str)]
    return f" Note: {'; '.join(dict.fromkeys(n for n in notes if n))}." if any(notes) else ""


def examples(convo: Conversation) -> str:
    """Follow-ups worth trying, in this product's words."""
    ideas = [h for h in (convo.features or {}).get("headline_ideas", []) if isinstance(h, str)]
    headline = ideas[1] if len(ideas) > 1 else "Made for you"
    second = number(convo, convo.last_set[1]) if len(convo.last_set) > 1 else "#2"
    return (
        f'- *make {second} warmer and add the headline "{headline}"*\n'
        "- *put it on marble* · *make it 9:16 for stories*\n"
        "- *generate 2 more in a beach theme*"
    )


def describe_images(convo: Conversation, result: ToolMessage) -> str:
    """Sum up a generation: features (when new this turn) and the images made, by number."""
    artifact = result.artifact if isinstance(result.artifact, dict) else {}
    images = artifact.get("images", [])
    listed = ", ".join(
        f"{number(convo, im['asset_id'])} {str(im.get('theme', '')).replace('-', ' ')}"
        for im in images
    )
    parts = []
    if any(m.name == "extract_features" for m in convo.turn_results):
        parts.append(describe_features(convo.features))
    plural = "s" if len(images) != 1 else ""
    parts.append(
        f"Here {'are' if plural else 'is'} {len(images)} ad variation{plural}: {listed}."
        f"{notes_of(artifact)}{_intact(artifact)} Try:\n{examples(convo)}"
    )
    return "\n\n".join(p for p in parts if p)


def _intact(artifact: dict[str, Any]) -> str:
    """The promise that the product is untouched, made only on a trusted cutout."""
    confidence = artifact.get("cutout_confidence")
    if confidence is not None and confidence < DOUBTFUL:
        return ""
    return " Your product's pixels are untouched."


def describe_edits(convo: Conversation) -> str:
    """Sum up this turn's edits: which new image came from which, and what changed."""
    lines = []
    for message in convo.turn_results:
        artifact = message.artifact if isinstance(message.artifact, dict) else {}
        if message.name == "edit_image" and artifact.get("image"):
            made = number(convo, artifact["image"]["asset_id"])
            parent = number(convo, str(artifact.get("parent_id", "")))
            changes = ", ".join(artifact.get("changes", [])) or "your changes"
            lines.append(f"{made}: a new version of {parent} ({changes}).{notes_of(artifact)}")
    return "Here you go: " + " ".join(lines) + " The originals are unchanged."


def explain_failure(message: ToolMessage) -> str:
    """Tell the user why a tool failed and what to do."""
    detail = str(message.content).removeprefix("Error:").strip()
    return f"I couldn't finish that: {detail}"


def _call(name: str, args: dict[str, Any]) -> ToolCall:
    return ToolCall(name=name, args=args, id=f"call_{uuid.uuid4().hex[:12]}", type="tool_call")


def _tool_message(note: str, calls: list[ToolCall], tools: Sequence[str]) -> AIMessage:
    unknown = [c["name"] for c in calls if c["name"] not in tools]
    if unknown:
        return AIMessage(f"I would need the tool(s) {unknown}, but they are not available.")
    return AIMessage(content=note, tool_calls=calls)


class LocalPlanner(BaseChatModel):
    """Deterministic, offline stand-in for the Bedrock chat model.

    Attributes:
        tool_names: Names of the tools bound with :meth:`bind_tools` (none: text only).
        variations: Images per generation unless the user asks for a number.
    """

    tool_names: tuple[str, ...] = ()
    variations: int = 4

    @property
    def _llm_type(self) -> str:
        return "adstudio-local-planner"

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: str | None = None, **kwargs: Any
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Return a planner that may call ``tools`` (any LangChain tool format)."""
        names = tuple(convert_to_openai_tool(t)["function"]["name"] for t in tools)
        return self.model_copy(update={"tool_names": names})

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = plan(messages, self.tool_names, self.variations)
        message.response_metadata = {"model": self._llm_type, "tool_names": list(self.tool_names)}
        return ChatResult(generations=[ChatGeneration(message=message)])
