"""The brief as an editable card: its fields, the brand kit beside them, and "Update brief".

The pure helpers turn the thread's brief into the card's fields, the edited fields into the
brief update the agent records, and check that update with the ad policy as a brief typed
in the chat is checked. :class:`BriefEditor` binds them to a runtime; :func:`brief_panel`
lays the card out inside the caller's Blocks.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr
from PIL import Image

from agent.runtime import AgentRuntime
from core.errors import AssetNotFoundError
from core.findings import Finding
from core.markup import escape_markdown
from core.storage.brandkit import BrandKit
from policy.text import TextPolicy
from ui.history import Message

FIELDS: tuple[tuple[str, str], ...] = (
    ("product_name", "Product"),
    ("audience", "Audience"),
    ("tone", "Tone"),
    ("objective", "Objective"),
)
"""The card's editable fields: the brief's key, and the label the advertiser reads.

Placements are not among them: the ads' sizes come from each request ("4 more for stories",
or the workspace's Resize), and a placement typed here would not reach them."""
MAX_CHARS = 200
"""The longest value a field of the card takes."""
BUSY = "I'm still working on your last request: update the brief when it has finished."
WAITING = "Answer the Confirm / Cancel question first, then update the brief."
NO_CHANGE = "Nothing to update: change a field first."
UPDATED = "Brief updated: the next ads use it."
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LOGO_PX = 96

FieldValues = tuple[str, ...]
"""The card's field values, in the order of :data:`FIELDS`."""


def fields_of(brief: Mapping[str, Any] | None) -> FieldValues:
    """The card's fields for a brief, as text."""
    brief = brief or {}
    values = []
    for key, _label in FIELDS:
        value = brief.get(key) or ""
        values.append(", ".join(map(str, value)) if isinstance(value, list) else str(value))
    return tuple(values)


def edit_of(brief: Mapping[str, Any] | None, values: Sequence[str]) -> dict[str, Any]:
    """The brief update the edited fields make: the fields that changed, and only those.

    Raises:
        ValueError: A field was emptied (the brief keeps a value until a new one replaces
            it) or is longer than :data:`MAX_CHARS`.
    """
    before = fields_of(brief)
    update: dict[str, Any] = {}
    for (key, label), old, new in zip(FIELDS, before, values, strict=True):
        text = " ".join(str(new or "").split())
        if text == " ".join(old.split()):
            continue
        if not text:
            raise ValueError(f"{label} can't be left empty: type what it should be instead.")
        if len(text) > MAX_CHARS:
            raise ValueError(f"{label} is too long: keep it under {MAX_CHARS} characters.")
        update[key] = text
    return update


def label_of(key: str) -> str:
    """The card's label of a brief key ('product_name' → 'Product')."""
    return dict(FIELDS).get(key, key.replace("_", " ").capitalize())


def edit_text(update: Mapping[str, Any]) -> str:
    """The edit as the ad policy reads it: one 'Label: value' line per changed field."""
    lines = []
    for key, value in update.items():
        shown = ", ".join(value) if isinstance(value, list) else str(value)
        lines.append(f"{label_of(key)}: {shown}")
    return "\n".join(lines)


def edit_line(update: Mapping[str, Any]) -> str:
    """The chat's line for an edit: 'Brief updated: audience → students; tone → calm'."""
    parts = []
    for key, value in update.items():
        shown = ", ".join(value) if isinstance(value, list) else str(value)
        parts.append(f"{label_of(key).lower()} → {escape_markdown(shown)}")
    return "Brief updated: " + "; ".join(parts)


def refusal(findings: Sequence[Finding]) -> str | None:
    """Why the ad policy refuses an edit (its first block, and the fix), or None."""
    blocks = [f for f in findings if f.severity == "block"]
    if not blocks:
        return None
    first = blocks[0]
    where = f" (on “{first.excerpt}”)" if first.excerpt else ""
    return escape_markdown(f"Not updated: {first.reason}{where}. {first.fix}".strip())


def checked_edit(policy: TextPolicy, update: dict[str, Any]) -> dict[str, Any]:
    """The edit once the ad policy has read it, as a brief typed in the chat is read.

    Personal data in it is masked, as in a chat message.

    Raises:
        ValueError: The policy blocks it; the message says why and what to do.
    """
    findings = policy.check(edit_text(update), chat=True)
    refused = refusal(findings)
    if refused:
        raise ValueError(refused)
    if not any(f.severity == "rewrite" for f in findings):
        return update
    return {key: [policy.mask_pii(v) for v in value] if isinstance(value, list)
            else policy.mask_pii(str(value)) for key, value in update.items()}


def swatches_html(colors: Sequence[str]) -> str:
    """Colour swatches: a coloured square per '#RRGGBB' colour, its code under it."""
    shown = [c.upper() for c in colors if _COLOR.match(str(c))]
    return "".join(
        f'<span class="brief-swatch" title="{c}">'
        f'<span class="brief-swatch-color" role="img" aria-label="colour {c}" '
        f'style="background-color: {c};"></span><code>{c}</code></span>'
        for c in shown
    )


def logo_uri(data: bytes) -> str | None:
    """A small PNG thumbnail of a logo as a data URI (None when it is not an image)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((_LOGO_PX, _LOGO_PX))
            out = io.BytesIO()
            image.convert("RGBA").save(out, format="PNG")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def font_name(font: str) -> str:
    """A font id as people read it: 'hanken-grotesk' → 'Hanken Grotesk'."""
    return " ".join(word.capitalize() for word in re.split(r"[-_\s]+", font) if word)


def kit_html(kit: BrandKit | None, logo: str | None = None,
             brief: Mapping[str, Any] | None = None) -> str:
    """The brand kit on the card: colour swatches, the logo's thumbnail, the font.

    ``logo``: the logo's thumbnail as a data URI. ``brief``: the brief's features show as
    chips above the kit, and colours it names beyond the kit's as swatches of their own.
    """
    rows = []
    features = [" ".join(str(f).split()) for f in (brief or {}).get("features") or []]
    if any(features):
        chips = "".join(f'<span class="brief-chip">{html.escape(f)}</span>'
                        for f in features if f)
        rows.append(f'<div class="brief-row"><b>Features</b><div>{chips}</div></div>')
    if kit is None or not (kit.colors or kit.logo or kit.font):
        rows.append('<div class="brief-row"><b>Brand kit</b><div>None saved yet: say '
                    '“save my brand colours …” or attach your logo in the chat.</div></div>')
    else:
        if kit.colors:
            rows.append(f'<div class="brief-row"><b>Brand colours</b><div>'
                        f'{swatches_html(kit.colors)}</div></div>')
        if logo:
            rows.append(f'<div class="brief-row"><b>Logo</b><div><img class="brief-logo" '
                        f'src="{logo}" alt="Your logo"></div></div>')
        if kit.font:
            rows.append(f'<div class="brief-row"><b>Font</b><div>'
                        f'{html.escape(font_name(kit.font))}</div></div>')
    extra = [c for c in (brief or {}).get("brand_colors") or []
             if str(c).upper() not in {k.upper() for k in (kit.colors if kit else [])}]
    if swatches_html(extra):
        rows.append(f'<div class="brief-row"><b>Colours of this brief</b><div>'
                    f'{swatches_html(extra)}</div></div>')
    return f'<div class="brief-kit">{"".join(rows)}</div>'


CSS = """
#brief-style { display: none; }
#brief-kit .brief-kit { display: flex; flex-direction: column; gap: 10px; }
#brief-kit .brief-row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
#brief-kit .brief-row > b { min-width: 8em; font-size: var(--text-sm); font-weight: 600; }
#brief-kit .brief-row > div { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
#brief-kit .brief-swatch { display: inline-flex; flex-direction: column; align-items: center;
                           gap: 2px; font-size: var(--text-xs); }
#brief-kit .brief-swatch-color { display: block; width: 36px; height: 36px;
                                 border-radius: 6px; border: 1px solid rgba(0,0,0,.25); }
#brief-kit .brief-chip { padding: 2px 10px; border-radius: 999px;
                         background: var(--background-fill-secondary);
                         border: 1px solid var(--border-color-primary); }
#brief-kit .brief-logo { max-width: 96px; max-height: 64px; object-fit: contain;
                         border: 1px solid var(--border-color-primary); border-radius: 6px;
                         background: #fff; }
"""
"""The card's own styles (swatches, chips, the logo thumbnail)."""

EditOut = tuple[list[Message], Any, str]
"""What "Update brief" gives back: the chat, the brief (JSON) and the card's status line."""


class BriefEditor:
    """The card's handlers, bound to one runtime.

    Args:
        runtime: The agent runtime whose threads the card edits.
    """

    def __init__(self, runtime: AgentRuntime) -> None:
        self.runtime = runtime

    def kit(self, brief: Mapping[str, Any] | None) -> str:
        """The brand-kit part of the card (the tenant's saved kit) for the shown brief."""
        services = self.runtime.services
        kit = services.brand_kits.get(self.runtime.settings.tenant)
        logo = None
        if kit is not None and kit.logo:
            try:
                logo = logo_uri(services.assets.read(kit.logo))
            except AssetNotFoundError:
                logo = None
        return kit_html(kit, logo, brief)

    def refresh(self, brief: Mapping[str, Any] | None) -> tuple[Any, ...]:
        """The card for the shown brief: its fields and the brand kit."""
        return (*fields_of(brief), self.kit(brief))

    def update(self, *args: Any) -> EditOut:
        """The "Update brief" button: check the edit, record it, say so in the chat.

        ``args``: the field values (in the order of :data:`FIELDS`), the brief the card
        was showing, the chat history and the thread. Only the fields the advertiser changed
        from what the card showed are recorded, so a card left open in another tab does not
        undo a newer edit of the fields it did not touch. A refused edit changes nothing and
        says why on the card.
        """
        *values, shown, history, thread = args
        history = list(history or [])
        thread = str(thread or "")
        state = self.runtime.state(thread) if thread else None
        brief = state.brief.model_dump() if state else {}
        seen = shown if isinstance(shown, Mapping) else brief
        try:
            if not thread:
                raise ValueError("Describe your product in the chat first.")
            if self.runtime.running(thread):
                raise ValueError(BUSY)
            if self.runtime.pending_confirmation(thread) is not None:
                raise ValueError(WAITING)
            update = edit_of(seen, [str(v or "") for v in values])
            if not update:
                raise ValueError(NO_CHANGE)
            update = checked_edit(self.runtime.services.policy(self.runtime.settings.tenant),
                                  update)
        except ValueError as exc:
            return history, gr.skip(), f"⚠️ {exc}"
        self.runtime.edit_brief(thread, update)
        history.append({"role": "assistant", "content": edit_line(update)})
        after = self.runtime.state(thread)
        return history, after.brief.model_dump() if after else brief, UPDATED


@dataclass
class BriefPanel:
    """The components of the brief card."""

    editor: BriefEditor
    fields: list[Any]
    kit: Any
    button: Any
    status: Any

    def wire(self, brief: Any, chatbot: Any, thread: Any) -> None:
        """Fill the card whenever the brief changes; "Update brief" records an edit."""
        brief.change(self.editor.refresh, [brief], [*self.fields, self.kit],
                     api_visibility="private", queue=False)
        self.button.click(self.editor.update, [*self.fields, brief, chatbot, thread],
                          [chatbot, brief, self.status], api_visibility="private")


def brief_panel(editor: BriefEditor) -> BriefPanel:
    """Lay out the card: the brief's fields, "Update brief", then the brand kit."""
    gr.HTML(f"<style>{CSS}</style>", elem_id="brief-style")
    fields = [
        gr.Textbox(label=label, max_lines=1, elem_id=f"brief-{key.replace('_', '-')}",
                   placeholder=None)
        for key, label in FIELDS
    ]
    with gr.Row(equal_height=True):
        button = gr.Button("Update brief", variant="primary", size="sm", elem_id="brief-update",
                           min_width=120)
        status = gr.Markdown("", elem_id="brief-status")
    kit = gr.HTML(kit_html(None), elem_id="brief-kit")
    return BriefPanel(editor, fields, kit, button, status)
