"""The shots of storyboard videos: each kind staged, captioned and moved by its camera."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from functools import cache
from typing import TYPE_CHECKING

import cv2
import numpy as np
from PIL import Image

from engines.local.easing import ease
from engines.local.themes import AUTO_NAMES, Theme, load_themes, normalize, resolve_theme
from engines.local.typography.fonts import FontRole
from engines.local.video.cards import card_overlay
from engines.local.video.end_card import EndCard
from engines.local.video.layers import TEXT_FADE_SECONDS, Overlay
from engines.local.video.look import Box, Look
from engines.local.video.stages import (
    KEEP_MARGIN,
    Stage,
    View,
    build_stage,
    fit_zoom,
    frame_box,
    render_stage,
)

if TYPE_CHECKING:
    from core.schemas import Shot, Storyboard

FloatBox = tuple[float, float, float, float]
PUSH = 0.08  # push-in / pull-out zoom range
PAN_ZOOM, PAN_RANGE = 1.1, 0.07
DETAIL_ZOOM = 1.5
COVER_TIMES = 9
"""Camera positions sampled (eased time 0..1) for where the product shows during a shot."""
CARD_GAP = 0.012
"""Space kept between a card and the product, as a share of the frame's shorter side."""


class Clip:
    """One shot, ready to draw any of its frames.

    Attributes:
        shot: The storyboard shot.
        overlays: Its text cards, button and logo layers (for checks and drawing).
        lead: Seconds the shot is visible before its own start (its entering transition).
        mask: The product's coverage (uint8) over the box ``where`` gives (None: not known).
    """

    def __init__(
        self, shot: Shot, look: Look, background: Callable[[float], np.ndarray],
        overlays: list[Overlay], lead: float = 0.0, moving: bool = True,
        where: Callable[[float], FloatBox | None] | None = None,
        mask: np.ndarray | None = None,
    ) -> None:
        """Keep the shot's background function and still layers.

        Args:
            shot: The storyboard shot.
            look: The video's look.
            background: The shot's background at eased time 0..1 (a new array each call).
            overlays: Text cards, button and logo layers drawn on top.
            lead: Seconds the shot is visible before its own start.
            moving: Whether the background changes over time; a still background with
                every overlay settled gives the same frame, which is drawn only once.
            where: The product's box on the frame at eased time 0..1 (None: not known).
            mask: The product's coverage, stretched over ``where``'s box.
        """
        self.shot = shot
        self.look = look
        self.background = background
        self.overlays = overlays
        self.lead = lead
        self.moving = moving
        self.where = where
        self.mask = mask
        self._held: np.ndarray | None = None

    @property
    def settles(self) -> float | None:
        """Seconds after which every frame is the same (None while the camera moves)."""
        if self.moving:
            return None
        ends = [o.start + TEXT_FADE_SECONDS for o in self.overlays]
        return self.lead + max(ends, default=0.0)

    def product_box(self, seconds: float) -> FloatBox | None:
        """Where the product is on the frame ``seconds`` after the shot became visible."""
        if self.where is None:
            return None
        return self.where(ease(seconds / max(self.shot.seconds + self.lead, 1e-6)))

    def frame(self, seconds: float) -> np.ndarray:
        """The frame ``seconds`` after the shot became visible (uint8 RGB).

        Once the shot has settled, the same read-only array is returned for every frame.
        """
        settles = self.settles
        if settles is not None and seconds >= settles and self._held is not None:
            return self._held
        duration = self.shot.seconds + self.lead
        frame = self.background(ease(seconds / max(duration, 1e-6)))
        for overlay in self.overlays:
            overlay.draw(frame, seconds - self.lead)
        if settles is not None and seconds >= settles:
            frame.flags.writeable = False
            self._held = frame
        return frame


CLOSE_UP_WORDS = ("close-up", "close up", "closeup", "macro", "extreme detail")
"""Words of a shot's description that declare it a close-up (the product may be cut)."""


def close_up(shot: Shot) -> bool:
    """Whether the shot is declared a close-up: its description asks for one.

    Every other shot keeps the whole product in the frame at every moment.
    """
    text = shot.description.lower()
    return any(word in text for word in CLOSE_UP_WORDS)


def _camera(shot: Shot, stage: Stage, look: Look, base: float, dst: tuple[float, float],
            src: tuple[float, float] | None = None) -> Callable[[float], View]:
    """The eased camera path of a shot, as a function of eased time 0..1.

    Unless the shot is a close-up, the move is planned against the product's box: the
    zoom range is scaled down to the largest zoom at which the whole product fits (a push
    keeps its ratio, ending there at most), a pan's travel is cut to what keeps the box in
    the frame, and every view carries the box so that no frame can cut the product.
    """
    cx, cy = src or stage.centre
    span = PAN_RANGE * look.width
    size = (look.width, look.height)
    keep = None if close_up(shot) else stage.box
    free = stage.cropped
    top = base * (1 + PUSH) if shot.camera in ("push_in", "pull_out") else base
    top = base * PAN_ZOOM if shot.camera in ("pan_left", "pan_right") else top
    if keep is not None:
        fitted = fit_zoom(keep, size, top, free)
        base, top = base * fitted / top, fitted
        span = min(span, _pan_room(keep, size, top, free))
    near = max(base, 1.0)

    def view(e: float) -> View:
        if shot.camera == "push_in":
            return View(near + (top - near) * e, (cx, cy), dst, keep, free)
        if shot.camera == "pull_out":
            return View(top - (top - near) * e, (cx, cy), dst, keep, free)
        if shot.camera in ("pan_left", "pan_right"):
            sign = 1.0 if shot.camera == "pan_right" else -1.0
            return View(top, (cx + sign * span * (e - 0.5), cy), dst, keep, free)
        return View(near, (cx, cy), dst, keep, free)

    return view


def _pan_room(box: Box, size: tuple[int, int], s: float, free: frozenset[str]) -> float:
    """How far (plate px) the aim may travel at zoom ``s`` with the box kept in the frame."""
    w = size[0]
    m = KEEP_MARGIN * min(size)
    left = -math.inf if "left" in free else m - s * box[0]
    right = math.inf if "right" in free else w - m - s * box[2]
    lo, hi = max(w - s * w, left), min(0.0, right)
    return max(0.0, (hi - lo) / s)


class ShotBuilder:
    """Builds each kind of shot for one video, sharing stages between shots.

    A product the photo's frame cuts (``cropped``: held in a hand, cut by the photo's edge)
    enters every shot from the same sides of the frame, with no floor shadow, and the
    captions move to the part of the frame it leaves free.
    """

    def __init__(self, storyboard: Storyboard, cutout: Image.Image, logo: Image.Image | None,
                 look: Look, cropped: Collection[str] = ()) -> None:
        self.board = storyboard
        self.cutout = cutout
        self.logo = logo
        self.look = look
        self.cropped = frozenset(cropped)
        self.stages: dict[tuple[object, ...], Stage] = {}
        self.features = 0

    def stage(
        self, variation: int, scale: float, shift: tuple[float, float], theme: str | None = None
    ) -> Stage:
        """The stage of a product framing on a theme's scene, composed once per video."""
        key = (variation, scale, shift, theme or self.look.theme)
        if key not in self.stages:
            self.stages[key] = build_stage(
                self.cutout, self.look, variation, scale, shift, theme, self.cropped
            )
        return self.stages[key]

    def theme(self, shot: Shot, index: int | None = None) -> str:
        """The shot's scene theme id: its own when it has one, else one of the video's.

        Shots without a theme of their own each get their own scene: the ``n``-th product
        shot of the storyboard takes the ``n``-th of :func:`scene_themes` (the video's
        theme first, then its closest relatives), so no backdrop repeats before they run
        out.
        """
        if shot.theme and normalize(shot.theme) not in AUTO_NAMES:
            return resolve_theme(shot.theme, self.board.title).id
        if index is None:
            index = next((i for i, s in enumerate(self.board.shots) if s is shot), 0)
        scenes = scene_themes(self.look.theme)
        n = sum(s.kind != "end_card" for s in self.board.shots[:index])
        return scenes[n % len(scenes)]

    @property
    def size(self) -> tuple[int, int]:
        """The frame size."""
        return self.look.width, self.look.height

    def text_area(self) -> Box:
        """Where captions go: the left column (16:9) or the top of the safe zone (9:16).

        The right column or the bottom instead when the product enters from the left or
        the top (it is staged flush against that side).
        """
        x0, y0, x1, y1 = self.look.safe
        if self.look.vertical:
            if self._leaves("top", "bottom"):
                return (x0, y1 - round((y1 - y0) * 0.42), x1, y1)
            return (x0, y0, x1, y0 + round((y1 - y0) * 0.42))
        if self._leaves("left", "right"):
            return (x1 - round((x1 - x0) * 0.42), y0, x1, y1)
        return (x0, y0, x0 + round((x1 - x0) * 0.42), y1)

    def _leaves(self, side: str, opposite: str) -> bool:
        """Whether the product runs off ``side`` of the frame (and not its opposite too)."""
        return side in self.cropped and opposite not in self.cropped

    def caption(
        self, text: str, size: float, anchor: tuple[float, float],
        avoid: np.ndarray | None = None,
    ) -> list[Overlay]:
        """A caption card in the text area (none for blank text); ``size`` is of the unit.

        ``avoid`` is where the product shows during the shot (:meth:`cover`): the card
        never covers it.
        """
        if not text.strip():
            return []
        px = round(self.look.unit * size)
        return [card_overlay([(text, "headline", px, 3)], self.look, self.text_area(), anchor,
                             avoid=avoid)]

    def cover(self, stage: Stage, view: Callable[[float], View]) -> np.ndarray:
        """The frame pixels the product (its mask: handles, straps) covers in any frame.

        The product's alpha is carried through the camera at :data:`COVER_TIMES` moments
        and widened by :data:`CARD_GAP`, so a card placed off it keeps clear all shot long.
        """
        w, h = self.size
        alpha = np.zeros((h, w), np.uint8)
        x0, y0 = round(stage.box[0]), round(stage.box[1])
        product = stage.product[..., 3]
        ph, pw = product.shape[:2]
        sub = alpha[max(y0, 0):y0 + ph, max(x0, 0):x0 + pw]
        sub[...] = product[max(-y0, 0):max(-y0, 0) + sub.shape[0],
                           max(-x0, 0):max(-x0, 0) + sub.shape[1]]
        seen = np.zeros((h, w), bool)
        for e in np.linspace(0.0, 1.0, COVER_TIMES):
            m = view(float(e)).matrix(self.size)
            seen |= cv2.warpAffine(alpha, m, (w, h), flags=cv2.INTER_LINEAR) > 24
        gap = max(1, round(CARD_GAP * min(w, h)))
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * gap + 1, 2 * gap + 1))
        return cv2.dilate(seen.astype(np.uint8), kernel) > 0

    def _hero_stage(self, shot: Shot) -> Stage:
        theme = self.theme(shot)
        if self.look.vertical:
            return self.stage(0, 0.78, (0.0, 0.07), theme)
        return self.stage(0, 0.95, (0.17, 0.0), theme)

    def _stage_clip(
        self, shot: Shot, stage: Stage, view: Callable[[float], View], overlays: list[Overlay],
        lead: float,
    ) -> Clip:
        top = max(view(0.0).s, view(0.5).s, view(1.0).s)

        def background(e: float) -> np.ndarray:
            return render_stage(stage, view(e), self.size, top)

        def where(e: float) -> FloatBox:
            return frame_box(stage.box, view(e).matrix(self.size))

        moving = view(0.0) != view(1.0)
        return Clip(shot, self.look, background, overlays, lead, moving=moving, where=where,
                    mask=stage.product[..., 3])

    def _anchor(self, bottom: bool = False) -> tuple[float, float]:
        """Where a card sits in the text area (mirrored when the text area is)."""
        if self.look.vertical:
            return (0.5, 1.0 if self._leaves("top", "bottom") else 0.0)
        return (1.0 if self._leaves("left", "right") else 0.0, 0.88 if bottom else 0.5)

    def hero(self, shot: Shot, lead: float) -> Clip:
        """Product push-in on the theme's scene, its name on a card."""
        stage = self._hero_stage(shot)
        view = _camera(shot, stage, self.look, 1.0, stage.centre)
        overlays = self.caption(shot.text, 0.075, self._anchor(), self.cover(stage, view))
        return self._stage_clip(shot, stage, view, overlays, lead)

    def feature(self, shot: Shot, lead: float) -> Clip:
        """The product framed large beside a callout.

        A close-up (declared in the shot's description) zooms on a detail instead: the
        product's top, middle or bottom in turn, cut by the frame.
        """
        w, h = self.size
        stage = self._hero_stage(shot)
        x0, y0, x1, y1 = stage.box
        depth = (0.28, 0.5, 0.72)[self.features % 3] if close_up(shot) else 0.5
        self.features += 1
        src = ((x0 + x1) / 2, y0 + depth * (y1 - y0))
        if self.look.vertical:
            dst = (0.5 * w, (0.36 if self._leaves("top", "bottom") else 0.64) * h)
        else:
            dst = ((0.3 if self._leaves("left", "right") else 0.7) * w, 0.5 * h)
        view = _camera(shot, stage, self.look, DETAIL_ZOOM, dst, src)
        overlays = self.caption(shot.text, 0.062, self._anchor(), self.cover(stage, view))
        return self._stage_clip(shot, stage, view, overlays, lead)

    def lifestyle(self, shot: Shot, lead: float) -> Clip:
        """A wider scene with a smaller product, the camera panning across it."""
        theme = self.theme(shot)
        if self.look.vertical:
            stage = self.stage(1, 0.7, (0.0, 0.09), theme)
        else:
            stage = self.stage(1, 0.72, (0.2, 0.02), theme)
        view = _camera(shot, stage, self.look, 1.0, stage.centre)
        overlays = self.caption(shot.text, 0.058, self._anchor(bottom=True),
                                self.cover(stage, view))
        return self._stage_clip(shot, stage, view, overlays, lead)

    def how_it_works(self, shot: Shot, lead: float) -> Clip:
        """The product beside a numbered steps card."""
        if self.look.vertical:
            stage = self.stage(0, 0.6, (0.0, 0.1), self.theme(shot))
        else:
            stage = self._hero_stage(shot)
        view = _camera(shot, stage, self.look, 1.0, stage.centre)
        steps = self.steps(shot, self.cover(stage, view))
        return self._stage_clip(shot, stage, view, steps, lead)

    def steps(self, shot: Shot, avoid: np.ndarray | None = None) -> list[Overlay]:
        """A numbered steps card (title = the first part when there are several).

        ``avoid``: where the product shows during the shot; the card never covers it.
        """
        parts = [p.strip() for p in _split(shot.text) if p.strip()]
        if not parts:
            return []
        u = self.look.unit
        title = self.board.title or "How it works"
        rows: list[tuple[str, FontRole, int, int]] = [
            (title, "headline", round(u * 0.058), 2)
        ]
        rows += [(p, "bold", round(u * 0.045), 2) for p in parts[:3]]
        return [card_overlay(rows, self.look, self.text_area(), self._anchor(), numbers=True,
                             avoid=avoid)]

    def end_card(self, shot: Shot, lead: float) -> Clip:
        """Logo, product, headline and button on the brand gradient."""
        card = EndCard(self.board, shot, self.cutout, self.logo, self.look, self.cropped)
        return Clip(shot, self.look, card.background, card.overlays, lead, moving=False)

    def build(self, shot: Shot, lead: float) -> Clip:
        """The clip of ``shot`` (of its kind), visible ``lead`` seconds before its start."""
        make = {
            "hero": self.hero,
            "feature": self.feature,
            "lifestyle": self.lifestyle,
            "how_it_works": self.how_it_works,
            "end_card": self.end_card,
        }[shot.kind]
        return make(shot, lead)


SCENES = 6
"""How many different scenes a storyboard's shots cycle through."""


@cache
def scene_themes(theme: str, count: int = SCENES) -> tuple[str, ...]:
    """``theme`` and the ``count - 1`` themes closest to it, for the shots of one video.

    Relatives share its moods (two points each), its group and its keywords (one point
    each); dated occasions and themes of another season are left out; ties go by id.
    """
    themes = load_themes()
    base = themes.get(theme)
    if base is None:
        return (theme,)

    def score(other: Theme) -> float:
        return (
            2 * len(set(base.mood) & set(other.mood))
            + (other.group == base.group)
            + len(set(base.keywords) & set(other.keywords))
        )

    others = [
        t for t in themes.values()
        if t.id != base.id and not t.occasion
        and (not base.season or not t.season or set(base.season) & set(t.season))
    ]
    ranked = sorted(others, key=lambda t: (-score(t), t.id))
    return (base.id, *(t.id for t in ranked[: count - 1]))


def _split(text: str) -> list[str]:
    for sep in (";", "\n", "·", "|", " / "):
        if sep in text:
            return text.split(sep)
    return [text]
