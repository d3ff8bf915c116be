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
from core.plaintext import has_markup, strip_markup
from core.storage.brandkit import BrandKit
from ui.history import Message

FIELDS: tuple[tuple[str, str], ...] = (
    ("product_name", "Product"),
    ("audience", "Audience"),
    ("tone", "Tone"),
    ("objective", "Objective"),
)
"""The card's editable text fields: the brief's key, and the label the advertiser reads.

Placements are not among them: the ads' sizes come from each request ("4 more for stories",
or the workspace's Resize), and a placement typed here would not reach them."""
CHIPS: tuple[tuple[str, str], ...] = (("features", "Features"),)
"""The card's chip fields (a list each: a chip per item, typed or removed on the card)."""
MAX_CHIPS = 12
"""The most chips a chip field takes."""
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


ChipValues = tuple[list[str], ...]
"""The card's chip fields, in the order of :data:`CHIPS`."""


def chips_of(brief: Mapping[str, Any] | None) -> ChipValues:
    """The card's chip fields for a brief: each a list of its items, as text."""
    brief = brief or {}
    return tuple(_items(brief.get(key)) for key, _label in CHIPS)


def _items(value: Any) -> list[str]:
    """A chip field's items: each on one line, the empty ones and repeats left out."""
    values = value if isinstance(value, list | tuple) else [value] if value else []
    return list(dict.fromkeys(t for t in (" ".join(str(v or "").split()) for v in values) if t))


def _checked(label: str, text: str) -> str:
    """``text`` when a field may take it.

    Raises:
        ValueError: It is empty or longer than :data:`MAX_CHARS`.
    """
    if not text:
        raise ValueError(f"{label} can't be left empty: type what it should be instead.")
    if len(text) > MAX_CHARS:
        raise ValueError(f"{label} is too long: keep it under {MAX_CHARS} characters.")
    return text


def edit_of(brief: Mapping[str, Any] | None, values: Sequence[str],
            chips: Sequence[Any] | None = None) -> dict[str, Any]:
    """The brief update the edited fields make: the fields that changed, and only those.

    ``chips``: the chip fields' lists (:data:`CHIPS` order), when the card sent them.

    Raises:
        ValueError: A field was emptied (the brief keeps a value until a new one replaces
            it), is longer than :data:`MAX_CHARS`, or holds more than :data:`MAX_CHIPS` chips.
    """
    update: dict[str, Any] = {}
    for (key, label), old, new in zip(FIELDS, fields_of(brief), values, strict=True):
        text = " ".join(str(new or "").split())
        if text != " ".join(old.split()):
            update[key] = _checked(label, text)
    for (key, label), old_items, new in zip(CHIPS, chips_of(brief), chips or (), strict=False):
        items = _items(new)
        if items == old_items:
            continue
        if not items:
            raise ValueError(f"{label} can't be left empty: add one instead.")
        if len(items) > MAX_CHIPS:
            raise ValueError(f"{label}: keep it to {MAX_CHIPS} or fewer.")
        update[key] = [_checked(label, item) for item in items]
    return update


def label_of(key: str) -> str:
    """The card's label of a brief key ('product_name' → 'Product')."""
    return dict((*FIELDS, *CHIPS)).get(key, key.replace("_", " ").capitalize())


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
    reason = first.reason.strip().rstrip(".")  # a guardrail's reason ends with its own stop
    return escape_markdown(f"Not updated: {reason}{where}. {first.fix}".strip())


def checked_edit(runtime: AgentRuntime, thread: str, update: dict[str, Any]) -> dict[str, Any]:
    """The edit once the chat's input check has read it, as a brief typed in the chat is.

    The local ad policy, the Bedrock guardrail when one is configured, and an audit-log
    entry for each (:meth:`AgentRuntime.check_input`). Personal data in it is masked, as
    in a chat message.

    Raises:
        ValueError: A check blocks it; the message says why and what to do.
    """
    update = _plain(update)
    checked = runtime.check_input(thread, edit_text(update))
    refused = refusal(checked.findings)
    if refused:
        raise ValueError(refused)
    if not any(f.severity == "rewrite" for f in checked.findings):
        return update
    masked = _guardrail_masked(update, checked.masked)
    if checked.masked and checked.masked != edit_text(update) and masked is update:
        raise ValueError(UNMAPPED_MASK)
    policy = runtime.services.policy(runtime.settings.tenant)
    return {key: [policy.mask_pii(v) for v in value] if isinstance(value, list)
            else policy.mask_pii(str(value))
            for key, value in masked.items()}


UNMAPPED_MASK = ("Not updated: the guardrail found personal data in this edit (a name, an "
                 "address, a number) and it could not be taken out field by field. Remove it "
                 "and press Update brief again.")


def _plain(update: dict[str, Any]) -> dict[str, Any]:
    """The edit as plain text: HTML or Markdown markup taken out of every field and chip.

    A brief's fields become ad copy (a feature can be a subline); ad copy is plain text, so
    markup typed on the card never reaches an ad or refuses a later generation.
    """
    def plain(text: str) -> str:
        return " ".join(strip_markup(text).split()) if has_markup(text) else text

    out: dict[str, Any] = {}
    for key, value in update.items():
        if isinstance(value, list):
            out[key] = [p for p in (plain(str(v)) for v in value) if p]
        else:
            out[key] = plain(str(value))
    return out


def _guardrail_masked(update: dict[str, Any], masked: str | None) -> dict[str, Any]:
    """The edit with the guardrail's masking of its text, line by line (as is without one).

    The guardrail read :func:`edit_text`: one "Label: value" line per field, in order. Were
    its lines not so, the edit stays as it was and the local policy's masking alone applies.
    """
    lines = (masked or "").splitlines()
    if not masked or len(lines) != len(update):
        return update
    out: dict[str, Any] = {}
    for (key, value), line in zip(update.items(), lines, strict=True):
        head = f"{label_of(key)}: "
        if not line.startswith(head):
            return update
        text = line[len(head):].strip()
        items = [t.strip() for t in text.split(",") if t.strip()]
        out[key] = text if not isinstance(value, list) else (
            items if len(items) == len(value) else value)  # a comma inside a chip: as it was
    return out


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

    def kit(self, brief: Mapping[str, Any] | None, features: bool = True) -> str:
        """The brand-kit part of the card (the tenant's saved kit) for the shown brief.

        ``features``: the brief's features as chips above the kit (False: the card edits
        them in their own field).
        """
        services = self.runtime.services
        kit = services.brand_kits.get(self.runtime.settings.tenant)
        logo = None
        if kit is not None and kit.logo:
            try:
                logo = logo_uri(services.assets.read(kit.logo))
            except AssetNotFoundError:
                logo = None
        shown = brief if features else {k: v for k, v in (brief or {}).items()
                                        if k != "features"}
        return kit_html(kit, logo, shown)

    def card_kit(self, brief: Mapping[str, Any] | None) -> str:
        """The brand kit as the card shows it: under the fields, the features among them."""
        return self.kit(brief, features=False)

    def refresh(self, brief: Mapping[str, Any] | None) -> tuple[Any, ...]:
        """The card for the shown brief: its fields, its chips and the brand kit."""
        chips = [gr.Dropdown(choices=items, value=items) for items in chips_of(brief)]
        return (*fields_of(brief), *chips, self.card_kit(brief))

    def update(self, *args: Any) -> EditOut:
        """The "Update brief" button: check the edit, record it, say so in the chat.

        ``args``: the field values (in the order of :data:`FIELDS`), then the chip fields'
        lists (:data:`CHIPS` order; a caller without them edits the text fields only), the
        brief the card was showing, the chat history and the thread. Only the fields the
        advertiser changed from what the card showed are recorded, so a card left open in
        another tab does not undo a newer edit of the fields it did not touch. A refused edit
        changes nothing and says why on the card.
        """
        *fields, shown, history, thread = args
        values, chips = fields[:len(FIELDS)], fields[len(FIELDS):]
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
            update = edit_of(seen, [str(v or "") for v in values], chips)
            if not update:
                raise ValueError(NO_CHANGE)
            update = checked_edit(self.runtime, thread, update)
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
    chips: list[Any]
    kit: Any
    button: Any
    status: Any

    def wire(self, brief: Any, chatbot: Any, thread: Any) -> None:
        """Fill the card whenever the brief changes; "Update brief" records an edit."""
        brief.change(self.editor.refresh, [brief], [*self.fields, *self.chips, self.kit],
                     api_visibility="private", queue=False)
        self.button.click(self.editor.update, [*self.fields, *self.chips, brief, chatbot, thread],
                          [chatbot, brief, self.status], api_visibility="private")


def brief_panel(editor: BriefEditor) -> BriefPanel:
    """Lay out the card: the product, its features, the other fields, then the brand kit."""
    gr.HTML(f"<style>{CSS}</style>", elem_id="brief-style")
    fields, chips = [], []
    for key, label in FIELDS:
        fields.append(gr.Textbox(label=label, max_lines=1,
                                 elem_id=f"brief-{key.replace('_', '-')}"))
        if key == "product_name":
            chips = [gr.Dropdown(
                [], value=[], multiselect=True, allow_custom_value=True, label=chip,
                info="Type one and press Enter to add it; × removes one.",
                elem_id=f"brief-{name}", max_choices=MAX_CHIPS,
            ) for name, chip in CHIPS]
    with gr.Row(equal_height=True):
        button = gr.Button("Update brief", variant="primary", size="sm", elem_id="brief-update",
                           min_width=120)
        status = gr.Markdown("", elem_id="brief-status")
    kit = gr.HTML(kit_html(None), elem_id="brief-kit")
    return BriefPanel(editor, fields, chips, kit, button, status)
