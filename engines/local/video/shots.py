"""The shots of storyboard videos: each kind staged, captioned and moved by its camera."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from engines.local.easing import ease
from engines.local.themes import AUTO_NAMES, normalize, resolve_theme
from engines.local.typography.fonts import FontRole
from engines.local.video.cards import card_overlay
from engines.local.video.end_card import EndCard
from engines.local.video.layers import TEXT_FADE_SECONDS, Overlay
from engines.local.video.look import Box, Look
from engines.local.video.stages import Stage, View, build_stage, render_stage

if TYPE_CHECKING:
    from core.schemas import Shot, Storyboard

PUSH = 0.08  # push-in / pull-out zoom range
PAN_ZOOM, PAN_RANGE = 1.1, 0.07
DETAIL_ZOOM = 1.5


class Clip:
    """One shot, ready to draw any of its frames.

    Attributes:
        shot: The storyboard shot.
        overlays: Its text cards, button and logo layers (for checks and drawing).
        lead: Seconds the shot is visible before its own start (its entering transition).
    """

    def __init__(
        self, shot: Shot, look: Look, background: Callable[[float], np.ndarray],
        overlays: list[Overlay], lead: float = 0.0, moving: bool = True,
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
        """
        self.shot = shot
        self.look = look
        self.background = background
        self.overlays = overlays
        self.lead = lead
        self.moving = moving
        self._held: np.ndarray | None = None

    @property
    def settles(self) -> float | None:
        """Seconds after which every frame is the same (None while the camera moves)."""
        if self.moving:
            return None
        ends = [o.start + TEXT_FADE_SECONDS for o in self.overlays]
        return self.lead + max(ends, default=0.0)

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


def _camera(shot: Shot, stage: Stage, look: Look, base: float, dst: tuple[float, float],
            src: tuple[float, float] | None = None) -> Callable[[float], View]:
    """The eased camera path of a shot, as a function of eased time 0..1."""
    cx, cy = src or stage.centre
    span = PAN_RANGE * look.width

    def view(e: float) -> View:
        if shot.camera == "push_in":
            return View(base * (1 + PUSH * e), (cx, cy), dst)
        if shot.camera == "pull_out":
            return View(base * (1 + PUSH * (1 - e)), (cx, cy), dst)
        if shot.camera in ("pan_left", "pan_right"):
            sign = 1.0 if shot.camera == "pan_right" else -1.0
            return View(base * PAN_ZOOM, (cx + sign * span * (e - 0.5), cy), dst)
        return View(base, (cx, cy), dst)

    return view


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

    def theme(self, shot: Shot) -> str:
        """The shot's scene theme id: its own when it has one, else the video's."""
        if shot.theme and normalize(shot.theme) not in AUTO_NAMES:
            return resolve_theme(shot.theme, self.board.title).id
        return self.look.theme

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

    def caption(self, text: str, size: float, anchor: tuple[float, float]) -> list[Overlay]:
        """A caption card in the text area (none for blank text); ``size`` is of the unit."""
        if not text.strip():
            return []
        px = round(self.look.unit * size)
        return [card_overlay([(text, "headline", px, 3)], self.look, self.text_area(), anchor)]

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

        moving = view(0.0) != view(1.0)
        return Clip(shot, self.look, background, overlays, lead, moving=moving)

    def _anchor(self, bottom: bool = False) -> tuple[float, float]:
        """Where a card sits in the text area (mirrored when the text area is)."""
        if self.look.vertical:
            return (0.5, 1.0 if self._leaves("top", "bottom") else 0.0)
        return (1.0 if self._leaves("left", "right") else 0.0, 0.88 if bottom else 0.5)

    def hero(self, shot: Shot, lead: float) -> Clip:
        """Product push-in on the theme's scene, its name on a card."""
        stage = self._hero_stage(shot)
        view = _camera(shot, stage, self.look, 1.0, stage.centre)
        overlays = self.caption(shot.text, 0.075, self._anchor())
        return self._stage_clip(shot, stage, view, overlays, lead)

    def feature(self, shot: Shot, lead: float) -> Clip:
        """A zoomed detail of the product (top, middle, bottom in turn) beside a callout."""
        w, h = self.size
        stage = self._hero_stage(shot)
        x0, y0, x1, y1 = stage.box
        depth = (0.28, 0.5, 0.72)[self.features % 3]
        self.features += 1
        src = ((x0 + x1) / 2, y0 + depth * (y1 - y0))
        if self.look.vertical:
            dst = (0.5 * w, (0.36 if self._leaves("top", "bottom") else 0.64) * h)
        else:
            dst = ((0.3 if self._leaves("left", "right") else 0.7) * w, 0.5 * h)
        view = _camera(shot, stage, self.look, DETAIL_ZOOM, dst, src)
        overlays = self.caption(shot.text, 0.062, self._anchor())
        return self._stage_clip(shot, stage, view, overlays, lead)

    def lifestyle(self, shot: Shot, lead: float) -> Clip:
        """A wider scene with a smaller product, the camera panning across it."""
        theme = self.theme(shot)
        if self.look.vertical:
            stage = self.stage(1, 0.7, (0.0, 0.09), theme)
        else:
            stage = self.stage(1, 0.72, (0.2, 0.02), theme)
        view = _camera(shot, stage, self.look, 1.0, stage.centre)
        overlays = self.caption(shot.text, 0.058, self._anchor(bottom=True))
        return self._stage_clip(shot, stage, view, overlays, lead)

    def how_it_works(self, shot: Shot, lead: float) -> Clip:
        """The product beside a numbered steps card."""
        if self.look.vertical:
            stage = self.stage(0, 0.6, (0.0, 0.1), self.theme(shot))
        else:
            stage = self._hero_stage(shot)
        view = _camera(shot, stage, self.look, 1.0, stage.centre)
        return self._stage_clip(shot, stage, view, self.steps(shot), lead)

    def steps(self, shot: Shot) -> list[Overlay]:
        """A numbered steps card (title = the first part when there are several)."""
        parts = [p.strip() for p in _split(shot.text) if p.strip()]
        if not parts:
            return []
        u = self.look.unit
        title = self.board.title or "How it works"
        rows: list[tuple[str, FontRole, int, int]] = [
            (title, "headline", round(u * 0.058), 2)
        ]
        rows += [(p, "bold", round(u * 0.045), 2) for p in parts[:3]]
        return [card_overlay(rows, self.look, self.text_area(), self._anchor(), numbers=True)]

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


def _split(text: str) -> list[str]:
    for sep in (";", "\n", "·", "|", " / "):
        if sep in text:
            return text.split(sep)
    return [text]
