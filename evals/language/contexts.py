"""The named conversation states the language cases start from, as message histories.

Each context is the conversation a real thread would hold at that point: the user's
messages, the assistant's tool calls and the tool results with the artifacts the real
capabilities return (ad images carry their theme and their look, as the tools compute it
from pixels). Asset ids are fixed, so expected calls can name "#3" or "@photo".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolCall, ToolMessage

from agent.attachments import attachment_note

PHOTO = "img_a0000000f1"
ATTACHED = "img_a0000000f2"
LOGO = "img_c0000000a1"
STORYBOARD = "img_d0000000b1"
BRIEF = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign for "
    "young adults, energetic tone."
)
HEADLINE = "Stay cold. Go far."
LOOKS: dict[str, tuple[list[str], str]] = {
    "hiking-trail": (["green", "brown"], "mid"),
    "summer": (["yellow", "orange"], "light"),
    "water-splash": (["blue", "white"], "light"),
    "industrial-loft": (["grey", "brown"], "dark"),
    "studio": (["white", "grey"], "light"),
    "marble": (["white", "grey"], "light"),
    "beach": (["beige", "blue"], "light"),
    "city-night-bokeh": (["navy", "purple"], "dark"),
}
"""What each scene looks like, as the tools' look reading names it."""
ADS4 = ("hiking-trail", "summer", "water-splash", "industrial-loft")
ADS8 = (*ADS4, "studio", "marble", "beach", "city-night-bokeh")
FEATURES = {
    "product_name": "Insulated steel water bottle",
    "features": ["750 ml", "Double-wall vacuum insulation", "Keeps drinks cold 24 h"],
    "benefits": ["Cold water all day on the trail", "Light enough for every hike"],
    "headline_ideas": [HEADLINE, "Cold for 24 hours"],
    "audience_hints": ["young adults", "hikers"],
}


@dataclass
class Context:
    """A conversation state: its messages and the ids expected calls may refer to.

    Attributes:
        messages: The history before the case's message.
        images: Ad image ids in number order (#1 is ``images[0]``).
        attach: The case's message carries a photo (``@attached``).
        edited: Ad image ids a later edit has a new version of.
    """

    messages: list[BaseMessage] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    attach: bool = False
    edited: list[str] = field(default_factory=list)

    def symbols(self) -> dict[str, str]:
        """What the symbolic references of expected calls stand for.

        ``@latest`` lists (comma-separated) every ad's latest version: what a download
        without ids packs.
        """
        names = {f"#{i}": asset for i, asset in enumerate(self.images, 1)}
        latest = ",".join(a for a in self.images if a not in self.edited)
        return {**names, "@photo": PHOTO, "@attached": ATTACHED, "@storyboard": STORYBOARD,
                "@logo": LOGO, "@latest": latest}

    def user(self, text: str) -> HumanMessage:
        """The case's message, with the attachment note when it carries a photo."""
        if not self.attach:
            return HumanMessage(text)
        note = attachment_note(ATTACHED, "product.jpg")
        return HumanMessage(f"{note}\n{text}".strip(),
                            additional_kwargs={"attachments": [ATTACHED]})


class _Thread:
    """Builds a history one exchange at a time, the way the graph records it."""

    def __init__(self) -> None:
        self.context = Context()
        self._calls = 0

    def say(self, text: str, attachment: str | None = None) -> None:
        if attachment:
            note = attachment_note(attachment, "product.jpg")
            self.context.messages.append(
                HumanMessage(f"{note}\n{text}".strip(),
                             additional_kwargs={"attachments": [attachment]})
            )
        else:
            self.context.messages.append(HumanMessage(text))

    def reply(self, text: str) -> None:
        self.context.messages.append(AIMessage(text))

    def call(self, name: str, args: dict[str, Any], content: str, artifact: dict[str, Any]) -> None:
        self._calls += 1
        call_id = f"call_ctx{self._calls:04d}"
        self.context.messages.append(
            AIMessage("", tool_calls=[ToolCall(name=name, args=args, id=call_id, type="tool_call")])
        )
        self.context.messages.append(
            ToolMessage(content=content, name=name, tool_call_id=call_id, artifact=artifact)
        )

    def ads(self, themes: tuple[str, ...], first: int = 1) -> None:
        images = [ad_image(f"img_b{first + i:09d}", theme) for i, theme in enumerate(themes)]
        args = {"product_image": PHOTO, "n": len(themes), "theme": "auto",
                "placements": ["square"], "headline": HEADLINE, "cta": "Shop now"}
        self.call("generate_ad_images", args, f"{len(themes)} ad images made",
                  {"images": images, "cutout_id": "img_e000000001", "cutout_confidence": 0.95,
                   "notes": []})
        self.context.images += [im["asset_id"] for im in images]


def ad_image(asset_id: str, theme: str, placement: str = "square") -> dict[str, Any]:
    """An ad image as generate_ad_images and edit_image return it."""
    colors, tone = LOOKS.get(theme, (["white"], "light"))
    size = {"square": (1080, 1080), "story": (1080, 1920)}.get(placement, (1080, 1080))
    return {
        "asset_id": asset_id, "caption": theme.replace("-", " "), "theme": theme,
        "placement": placement, "width": size[0], "height": size[1], "findings": [],
        "look": {"colors": colors, "tone": tone},
    }


def _briefed(thread: _Thread) -> None:
    thread.say(BRIEF, PHOTO)
    brief = {"product_name": "Insulated steel water bottle", "description": BRIEF}
    thread.call("update_brief", brief, "Brief updated", {})
    thread.call("extract_features", {"title": "Insulated steel water bottle",
                                     "description": BRIEF}, "features extracted", FEATURES)


def _with_ads(themes: tuple[str, ...]) -> _Thread:
    thread = _Thread()
    _briefed(thread)
    thread.ads(themes)
    thread.reply(f"Here are {len(themes)} ad variations.")
    return thread


def new_photo() -> Context:
    """A new conversation; the case's message carries the photo."""
    return Context(attach=True)


def new_text() -> Context:
    """A new conversation, nothing known."""
    return Context()


def photo_brief() -> Context:
    """Photo and brief known, features extracted, no ads yet."""
    thread = _Thread()
    _briefed(thread)
    thread.reply("Here is what I read from your brief. Shall I make the ads?")
    return thread.context


def ads4() -> Context:
    """Four ads of the bottle."""
    return _with_ads(ADS4).context


def ads8() -> Context:
    """Eight ads of the bottle; #8 is the latest."""
    return _with_ads(ADS8).context


def ads4_logo() -> Context:
    """Four ads and a saved brand kit with a logo."""
    thread = _with_ads(ADS4)
    thread.say(f"{attachment_note(LOGO, 'logo.png')}\nthis is our logo, and our colours are "
               "#1F5F3A and #F5EBDD")
    kit = {"colors": ["#1F5F3A", "#F5EBDD"], "logo": LOGO, "font": None, "tone": ""}
    thread.call("save_brand_kit", {"colors": kit["colors"], "logo": LOGO},
                "Brand kit saved", kit)
    thread.reply("Brand kit saved. I'll use it on every new ad.")
    return thread.context


def ads4_edit() -> Context:
    """Four ads, then #5: a warmer version of #2, made last turn."""
    thread = _with_ads(ADS4)
    thread.say("make the second one warmer")
    new = ad_image("img_b000000005", "summer")
    parent = thread.context.images[1]
    thread.call("edit_image", {"asset_id": parent, "warmth": 0.35}, "new version made",
                {"image": new, "parent_id": parent, "changes": ["warmer"]})
    thread.context.images.append(new["asset_id"])
    thread.context.edited.append(parent)
    thread.reply("Here you go: #5, a new version of #2 (warmer).")
    return thread.context


def storyboard() -> Context:
    """Four ads and a storyboard of four shots, offered for rendering."""
    thread = _with_ads(ADS4)
    thread.say("make a 12 second video")
    shots = [
        {"kind": "hero", "seconds": 3.0, "camera": "push_in", "text": HEADLINE},
        {"kind": "feature", "seconds": 3.0, "camera": "static", "text": "Cold for 24 hours"},
        {"kind": "lifestyle", "seconds": 3.0, "camera": "pan_left", "text": ""},
        {"kind": "end_card", "seconds": 3.0, "camera": "static", "text": "Shop now"},
    ]
    board = {"title": "Insulated steel water bottle", "product_image": PHOTO, "size": "1280x720",
             "fps": 24, "theme": "hiking-trail", "shots": shots}
    thread.call("write_storyboard", {"product_image": PHOTO, "seconds": 12},
                "storyboard written", {"storyboard_id": STORYBOARD, "storyboard": board,
                                       "notes": []})
    thread.reply("Storyboard (12 s, 1280x720). Say render it to make the video, or change a "
                 "shot.")
    return thread.context


def asked_which() -> Context:
    """Four ads; the assistant asked which one to make warmer."""
    thread = _with_ads(ADS4)
    thread.say("make it warmer")
    thread.reply("Which one should I make warmer: #1, #2, #3 or #4?")
    return thread.context


def asked_product() -> Context:
    """A photo sent with "here you go"; the assistant asked what the product is."""
    thread = _Thread()
    thread.say("here you go", PHOTO)
    thread.reply("What is the product, and what are the ads for?")
    return thread.context


CONTEXTS: dict[str, Callable[[], Context]] = {
    "new_photo": new_photo,
    "new_text": new_text,
    "photo_brief": photo_brief,
    "ads4": ads4,
    "ads4_logo": ads4_logo,
    "ads4_edit": ads4_edit,
    "ads8": ads8,
    "storyboard": storyboard,
    "asked_which": asked_which,
    "asked_product": asked_product,
}


def build_context(name: str) -> Context:
    """Return a fresh copy of the named conversation state.

    Raises:
        KeyError: No context has that name.
    """
    return CONTEXTS[name]()
