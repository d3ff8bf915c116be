"""Request and result models of the capabilities: their contract with the model and the API."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    NonNegativeInt,
    field_validator,
    model_validator,
)

from core.errors import CapabilityError
from core.findings import Finding
from core.placements import resolve_placement

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class CapabilityResult(BaseModel):
    """Base of every capability result: says which assets it made, and sums itself up."""

    def new_asset_ids(self) -> list[str]:
        """Ids of the assets this call created, in display order."""
        return []

    def summary(self) -> str:
        """One line for logs, tool steps and the model."""
        return type(self).__name__

    def policy_findings(self) -> list[Finding]:
        """Text-policy findings on the copy this call set (none blocks), to show the user."""
        return []


def check_colors(colors: list[str]) -> list[str]:
    """Validate and upper-case ``#RRGGBB`` colours."""
    bad = [c for c in colors if not _HEX.match(c)]
    if bad:
        raise ValueError(f"brand colors must look like '#1A2B3C'; got {bad}")
    return [c.upper() for c in colors]


class ExtractFeaturesRequest(BaseModel):
    """The product text to analyse."""

    title: str = Field(min_length=1, max_length=200, description="Product name or title.")
    description: str = Field("", max_length=5000, description="Product description or brief.")
    bullets: list[str] = Field(default_factory=list, max_length=20, description="Bullet points.")


class ProductFeatures(CapabilityResult):
    """What the product is and what to say about it."""

    product_name: str = Field(description="Short product name for headlines.")
    category: str = Field(description="Product category, e.g. 'drinkware'.")
    features: list[str] = Field(description="Salient, concrete product features.")
    benefits: list[str] = Field(description="What the features do for the customer.")
    audience_hints: list[str] = Field(description="Who it is for.")
    suggested_themes: list[str] = Field(description="Scene themes that suit the product.")
    tone: str = Field("", description="Tone of voice the brief asks for, if any.")
    headline_ideas: list[str] = Field(default_factory=list, description="Short headlines.")
    language: str = Field(
        "en", description="The language the product text is written in (ISO 639-1, e.g. 'de'):"
        " the ad copy is written in it.")

    def summary(self) -> str:
        """One line naming the features found."""
        listed = "; ".join(self.features[:4]) or "no concrete features"
        return f"{self.product_name}: {listed}"


def check_placement(name: str) -> str:
    """Validate a placement name (id, alias or WxH) and return the placement's id."""
    try:
        return resolve_placement(name).id
    except CapabilityError as exc:
        raise ValueError(f"{exc.message} {exc.hint}") from exc


def check_color(color: str | None) -> str | None:
    """Validate one optional ``#RRGGBB`` colour."""
    return None if color is None else check_colors([color])[0]


PlacementName = Annotated[str, AfterValidator(check_placement)]
Color = Annotated[str | None, AfterValidator(check_color)]
_PLACEMENTS_HELP = (
    "Where the ad runs: square (1:1 feed), portrait (4:5), story (9:16), pin (2:3 Pinterest), "
    "landscape (1.91:1 link ad, also LinkedIn), widescreen (16:9), IAB sizes like 300x250, "
    "728x90, 160x600, 300x600, 970x250, 320x50, or amazon-sb (Sponsored Brands custom "
    "image: no text)."
)


class GenerateAdImagesRequest(BaseModel):
    """Stage the advertiser's product in new scenes, product pixels kept intact."""

    product_image: str = Field(description="Asset id of the uploaded product photo.")
    n: int = Field(4, ge=1, le=8, description="How many variations to make.")
    theme: str = Field(
        "auto",
        description="Scene theme, e.g. 'studio', 'beach', 'hiking trail', 'marble', "
        "'summer'; 'auto' picks one from the product and brief.",
    )
    placements: list[PlacementName] = Field(
        default_factory=lambda: ["square"],
        min_length=1,
        max_length=6,
        description=_PLACEMENTS_HELP + " Each variation is made for every placement listed.",
    )
    headline: str | None = Field(None, max_length=90, description="Headline to set on the ad.")
    headlines: list[Annotated[str, Field(max_length=90)]] = Field(
        default_factory=list,
        max_length=8,
        description="One headline per variation, in order and repeated when fewer, each a "
        "different angle (a feature, a benefit, the occasion); instead of 'headline'.",
    )
    subline: str | None = Field(None, max_length=140, description="Smaller line under it.")
    sublines: list[Annotated[str, Field(max_length=140)]] = Field(
        default_factory=list,
        max_length=8,
        description="One subline per variation, in turn (each a different benefit); instead "
        "of 'subline'. A variation whose headline is its subline gets the next one.",
    )
    cta: str | None = Field(None, max_length=24, description="Call-to-action button text.")
    brand_colors: list[str] = Field(default_factory=list, max_length=5, description="#RRGGBB.")
    font: str | None = Field(
        None, description="Font: lato, manrope, hanken-grotesk, source-sans or fjalla-one."
    )
    logo: str | None = Field(None, description="Asset id of a logo image to place on the ads.")
    context: str = Field(
        "", max_length=2000, description="Product and brief text that guides theme 'auto'."
    )
    seed: int | None = Field(None, ge=0, description="Fix for reproducible results.")
    use_brand_kit: bool = Field(
        True, description="Apply the advertiser's saved brand kit where the request is silent."
    )
    photo_as_is: bool = Field(
        False,
        description="Use the whole photo as the product, without cutting it out (only when "
        "the advertiser agrees, after no product could be separated).",
    )

    _colors = field_validator("brand_colors")(check_colors)


ColorName = Literal[
    "red", "orange", "yellow", "green", "teal", "blue", "navy", "purple", "pink", "brown",
    "beige", "cream", "gold", "black", "white", "grey",
]
Tone = Literal["light", "mid", "dark"]


class ImageLook(BaseModel):
    """What an image looks like to a person, read from its pixels."""

    colors: list[ColorName] = Field(
        max_length=3,
        description="Up to 3 colour names of the whole picture (scene, product and text), "
        "the most prominent first, e.g. ['blue', 'white'].",
    )
    tone: Tone = Field(description="light, mid or dark, from the mean lightness.")
    lightness: float = Field(
        ge=0.0, le=100.0, description="Mean lightness, 0 (black) to 100 (white): which is darker."
    )
    backdrop: Color = Field(
        None, description="#RRGGBB round the top of the picture: the scene's backdrop wall "
        "(what 'a darker background' darkens)."
    )


class AdImage(BaseModel):
    """One generated ad image."""

    asset_id: str
    caption: str
    theme: str
    placement: str
    width: int
    height: int
    findings: list[Finding] = Field(
        default_factory=list,
        description="Image-policy warnings on this image (contrast, text area, safe zone...), "
        "to tell the user about.",
    )
    look: ImageLook | None = Field(
        None,
        description="Its main colours and tone, to tell the images apart ('the blue one', "
        "'the dark one').",
    )
    headline: str = Field("", description="The headline on it ('' when it has none).")
    cta: str = Field("", description="Its call-to-action button's text ('' when none).")


class GenerateAdImagesResult(CapabilityResult):
    """The ad images made, in order (variation 1 first, each in every placement)."""

    images: list[AdImage]
    cutout_id: str = Field(description="Asset id of the product cutout they were made from.")
    new_cutout: bool | None = Field(
        None, description="Whether this call cut the product out (False: a cutout made "
        "before was used).",
    )
    cutout_confidence: float | None = Field(
        None,
        description="How far the product cutout can be trusted, 0..1 (None: not measured, "
        "or the whole photo was used). Below 0.5 the notes say why, and the product may "
        "not be intact: do not claim it is.",
    )
    notes: list[str] = Field(
        default_factory=list,
        description="What was adjusted to fit the placements' rules, and any doubt about "
        "the cutout.",
    )

    def new_asset_ids(self) -> list[str]:
        """The ad images, in order."""
        return [image.asset_id for image in self.images]

    def summary(self) -> str:
        """One line listing the new images."""
        listed = ", ".join(
            f"{image.asset_id} ({image.theme}, {image.placement})" for image in self.images
        )
        return f"{len(self.images)} ad image(s): {listed}"


Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class EditImageRequest(BaseModel):
    """Change an existing ad image; the result is a new version, the original stays."""

    asset_id: str = Field(description="Asset id of the ad image to edit.")
    headline: str | None = Field(
        None, max_length=90, description="New headline; an empty string removes it."
    )
    subline: str | None = Field(None, max_length=140, description="New smaller line.")
    cta: str | None = Field(None, max_length=24, description="New call-to-action text.")
    theme: str | None = Field(None, description="New scene theme (re-stages the product).")
    warmth: float | None = Field(
        None, ge=-1.0, le=1.0, description="Colour change: +0.3 warmer, -0.3 cooler."
    )
    brightness: float | None = Field(
        None,
        ge=-1.0,
        le=1.0,
        description="Light change of the scene, -1..1: +0.3 clearly brighter, -0.3 clearly "
        "darker, 0.15 a touch; the product itself is never changed.",
    )
    contrast: float | None = Field(
        None,
        ge=-1.0,
        le=1.0,
        description="Contrast of the scene, -1..1: +0.3 punchier (makes the ad or product "
        "pop), -0.3 softer and flatter; the product itself is never changed.",
    )
    placement: PlacementName | None = Field(
        None, description="Expand or re-lay the ad for another placement. " + _PLACEMENTS_HELP
    )
    brand_colors: list[str] | None = Field(None, max_length=5, description="#RRGGBB.")
    backdrop_color: Color = Field(None, description="Recolour the background, #RRGGBB.")
    font: str | None = Field(None, description="New font for the text.")
    logo: str | None = Field(None, description="Asset id of a logo to add; '' removes it.")
    product_scale: float | None = Field(
        None, ge=0.5, le=2.0, description="Resize the product: 1.2 = 20% larger."
    )
    product_shift: tuple[float, float] | None = Field(
        None, description="Move the product by (dx, dy), fractions of the width and height."
    )
    remove_region: tuple[Fraction, Fraction, Fraction, Fraction] | None = Field(
        None,
        description="Remove an object or blemish inside (left, top, right, bottom), given as "
        "fractions of the width and height; the product itself is never changed.",
    )
    upscale: Literal[2] | None = Field(None, description="2 doubles the size for print.")

    @field_validator("brand_colors")
    @classmethod
    def _valid_colors(cls, colors: list[str] | None) -> list[str] | None:
        return None if colors is None else check_colors(colors)

    @field_validator("product_shift")
    @classmethod
    def _valid_shift(cls, shift: tuple[float, float] | None) -> tuple[float, float] | None:
        if shift is not None and any(abs(v) > 0.3 for v in shift):
            raise ValueError("product_shift values must be between -0.3 and 0.3")
        return shift

    @field_validator("remove_region")
    @classmethod
    def _valid_region(
        cls, box: tuple[float, float, float, float] | None
    ) -> tuple[float, float, float, float] | None:
        if box is not None and (box[2] <= box[0] or box[3] <= box[1]):
            raise ValueError("remove_region needs left < right and top < bottom")
        return box


class EditImageResult(CapabilityResult):
    """The new version of the image."""

    image: AdImage
    parent_id: str
    changes: list[str]
    notes: list[str] = Field(default_factory=list)
    copy_findings: list[Finding] = Field(
        default_factory=list,
        description="Text-policy findings on the new headline, subline or button (claims to "
        "soften, personal data...), each with its compliant rewrite in 'suggestion'.",
    )

    def new_asset_ids(self) -> list[str]:
        """The new version."""
        return [self.image.asset_id]

    def policy_findings(self) -> list[Finding]:
        """The findings on the new copy."""
        return list(self.copy_findings)

    def summary(self) -> str:
        """One line naming the change."""
        return f"{self.image.asset_id} from {self.parent_id}: {', '.join(self.changes)}"


class RemoveBackgroundRequest(BaseModel):
    """Remove the background of a photo: the product alone on transparency, as a PNG."""

    product_image: str = Field(
        description="Asset id of the photo whose background to remove: the uploaded product "
        "photo, unless the advertiser names another image."
    )
    box: tuple[NonNegativeInt, NonNegativeInt, NonNegativeInt, NonNegativeInt] | None = Field(
        None,
        description="Only when the advertiser marks the product: [left, top, right, bottom] "
        "around it in the photo's pixels; only what lies inside is kept (the fix for a "
        "cutout that picked the wrong thing or kept background).",
    )

    @model_validator(mode="after")
    def _box_has_area(self) -> RemoveBackgroundRequest:
        if self.box is not None and (self.box[2] <= self.box[0] or self.box[3] <= self.box[1]):
            raise ValueError("box must be [left, top, right, bottom] with right > left and "
                             "bottom > top")
        return self


class RemoveBackgroundResult(CapabilityResult):
    """The photo with its background removed: a PNG with transparency, the photo's size."""

    asset_id: str = Field(description="Asset id of the transparent PNG.")
    parent_id: str = Field(description="Asset id of the photo it was cut from.")
    width: int
    height: int
    method: str = Field(
        description="How the product was found: alpha (the photo was already transparent), "
        "learned, plain-background, grabcut or stability."
    )
    confidence: float = Field(ge=0.0, le=1.0, description="How far the cutout can be trusted.")
    notes: list[str] = Field(
        default_factory=list,
        description="Doubts about the cutout and what the advertiser can do, to tell them.",
    )

    def new_asset_ids(self) -> list[str]:
        """The transparent PNG."""
        return [self.asset_id]

    def summary(self) -> str:
        """One line naming the PNG and how far to trust it."""
        return (
            f"{self.asset_id} from {self.parent_id}: background removed, "
            f"{self.width}x{self.height} PNG ({self.method}, confidence {self.confidence:.2f})"
        )


class RemoveHandRequest(BaseModel):
    """Remove the hand holding the product from its photo, so the product stands alone."""

    product_image: str = Field(
        description="Asset id of the photo in which a hand holds the product: the uploaded "
        "product photo, unless the advertiser names another image."
    )


class RemoveHandResult(CapabilityResult):
    """A new product photo without the hand, and the product cut out of it again."""

    asset_id: str = Field(
        description="Asset id of the new photo without the hand: use it as the product photo "
        "for the next ads."
    )
    parent_id: str = Field(description="Asset id of the photo with the hand.")
    cutout_id: str = Field(description="Asset id of the product cut out of the new photo.")
    width: int
    height: int
    cutout_confidence: float | None = Field(
        None, ge=0.0, le=1.0, description="How far the new cutout can be trusted."
    )
    cropped: list[str] = Field(
        default_factory=list,
        description="Photo edges the product still runs off (it enters the ads from there).",
    )
    notes: list[str] = Field(
        default_factory=list, description="What the advertiser should check, to tell them."
    )

    def new_asset_ids(self) -> list[str]:
        """The new photo."""
        return [self.asset_id]

    def summary(self) -> str:
        """One line naming the new photo and its cutout."""
        return (
            f"{self.asset_id} from {self.parent_id}: the hand removed, {self.width}x"
            f"{self.height}; product cut out again as {self.cutout_id}"
        )


class SaveBrandKitRequest(BaseModel):
    """The brand kit fields the advertiser gave; omit the others."""

    colors: list[str] | None = Field(None, max_length=5, description="Brand colours, #RRGGBB.")
    logo: str | None = Field(None, description="Asset id of the uploaded logo image.")
    font: str | None = Field(
        None, description="Font family: lato, manrope, hanken-grotesk, source-sans, fjalla-one."
    )
    tone: str | None = Field(None, max_length=200, description="Tone of voice.")
    ai_label: bool | None = Field(
        None, description="True when the advertiser wants a visible 'AI-generated' label on "
        "every ad (False: only where a placement requires one).")

    @field_validator("colors")
    @classmethod
    def _valid_colors(cls, colors: list[str] | None) -> list[str] | None:
        return None if colors is None else check_colors(colors)


class BrandKitResult(CapabilityResult):
    """The brand kit as saved."""

    colors: list[str]
    logo: str | None
    font: str | None
    tone: str
    ai_label: bool | None = None

    def summary(self) -> str:
        """One line listing the kit, in the advertiser's words (no asset ids)."""
        parts = [", ".join(self.colors) or "no colours", "logo saved" if self.logo else "no logo"]
        parts += [f"font {self.font}" if self.font else "default font"]
        parts += ["an 'AI-generated' label on every ad"] if self.ai_label else []
        return "Brand kit saved: " + "; ".join(parts + ([self.tone] if self.tone else []))


# --------------------------------------------------------------------------- motion & video

VideoSize = Literal["1280x720", "1920x1080", "1080x1920"]
ShotKind = Literal["hero", "feature", "lifestyle", "how_it_works", "end_card"]
Camera = Literal["push_in", "pull_out", "pan_left", "pan_right", "static"]
Transition = Literal["cut", "crossfade", "slide"]
MotionStyle = Literal["auto", "push", "drift", "parallax"]
Particles = Literal["auto", "none", "dust", "bokeh", "snow", "steam", "sparkles", "leaves"]
MAX_VIDEO_SECONDS = 60


class AnimateImageRequest(BaseModel):
    """Turn an ad image into a "live image": a short seamless loop with subtle motion."""

    asset_id: str = Field(description="Asset id of the ad image to animate.")
    seconds: float = Field(4.0, ge=3.0, le=6.0, description="Loop length, 3 to 6 seconds.")
    fps: Literal[24, 30] = Field(24, description="Frames per second.")
    motion: MotionStyle = Field(
        "auto", description="Camera: push (slow zoom), drift (slow pan), parallax, or auto."
    )
    particles: Particles = Field("auto", description="Ambient particles; auto suits the theme.")
    sheen: bool = Field(True, description="A slow light sweep across the product.")


class VideoAsset(BaseModel):
    """One rendered video and its preview."""

    asset_id: str = Field(description="The MP4 (H.264, yuv420p, AAC track).")
    preview_id: str | None = Field(None, description="Animated WebP preview, if made.")
    poster_id: str | None = Field(None, description="A still frame (PNG), if made.")
    width: int
    height: int
    seconds: float
    fps: int
    caption: str = ""


class VideoOutcome(CapabilityResult):
    """A rendered video (local engine) or a started job (remote: the video arrives later)."""

    video: VideoAsset | None = Field(None, description="The video, when it is ready.")
    job_id: str | None = Field(None, description="Job id while a remote render runs.")
    status: Literal["completed", "started"] = "completed"
    notes: list[str] = Field(default_factory=list)

    def new_asset_ids(self) -> list[str]:
        """The MP4 once rendered (its preview and poster are reachable from it)."""
        return [self.video.asset_id] if self.video else []


class AnimateImageResult(VideoOutcome):
    """The live image made from an ad image (or the started job, on a remote video model)."""

    parent_id: str

    def summary(self) -> str:
        """One line naming the loop or the job."""
        if self.video is None:
            return f"live image job {self.job_id} started from {self.parent_id}"
        v = self.video
        return f"live image {v.asset_id} from {self.parent_id}: {v.seconds:g} s at {v.fps} fps"


class Shot(BaseModel):
    """One shot of a video storyboard."""

    kind: ShotKind = Field(
        description="hero (product push-in), feature (callout + detail crop), lifestyle "
        "(scene pan), how_it_works (comparison or steps panel), end_card (logo, headline, CTA)."
    )
    seconds: float = Field(3.0, ge=1.5, le=12.0, description="Length of the shot.")
    text: str = Field("", max_length=80, description="On-screen text or caption.")
    theme: str | None = Field(None, description="Scene theme of the shot; None keeps the video's.")
    camera: Camera = Field("push_in", description="Camera move.")
    transition: Transition = Field("crossfade", description="How this shot enters.")
    description: str = Field(
        "", max_length=512, description="What the shot shows, in words (a video model's prompt)."
    )


class Storyboard(BaseModel):
    """A video ad as a list of shots, written before anything is rendered."""

    title: str = Field("", max_length=120, description="Product or campaign name.")
    product_image: str = Field(description="Asset id of the product photo or cutout.")
    size: VideoSize = Field("1280x720", description="1280x720, 1920x1080 or 1080x1920.")
    fps: Literal[24, 30] = 24
    theme: str = Field("auto", description="Scene theme of the whole video.")
    headline: str | None = Field(None, max_length=60)
    cta: str | None = Field(None, max_length=24)
    brand_colors: list[str] = Field(default_factory=list, max_length=5)
    logo: str | None = Field(None, description="Asset id of the logo for the end card.")
    shots: list[Shot] = Field(min_length=1, max_length=20)

    _colors = field_validator("brand_colors")(check_colors)

    @property
    def seconds(self) -> float:
        """Total length, transitions overlapping nothing (each shot keeps its length)."""
        return round(sum(shot.seconds for shot in self.shots), 2)

    @property
    def dimensions(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        width, height = self.size.split("x")
        return int(width), int(height)


class WriteStoryboardRequest(BaseModel):
    """Plan a video ad: write its storyboard (shots) for the advertiser to review."""

    product_image: str = Field(description="Asset id of the uploaded product photo.")
    seconds: int = Field(
        12, ge=6, le=MAX_VIDEO_SECONDS, description="Total length, 6 to 60 seconds."
    )
    size: VideoSize = Field("1280x720", description="1280x720, 1920x1080 or 1080x1920.")
    theme: str = Field("auto", description="Scene theme; 'auto' picks one from the brief.")
    headline: str | None = Field(None, max_length=60)
    cta: str | None = Field(None, max_length=24)
    context: str = Field("", max_length=2000, description="Product and brief text.")
    use_brand_kit: bool = Field(True, description="Use the saved brand kit's colours and logo.")
    shots: list[Shot] | None = Field(
        None,
        max_length=20,
        description="Write the shots yourself from the brief and features (hero first, end "
        "card last, lengths adding up to `seconds`); omit to have them planned by rules.",
    )


class ReviseStoryboardRequest(BaseModel):
    """Change one shot of a storyboard (or add/remove one); a new storyboard version results."""

    storyboard_id: str = Field(description="Asset id of the storyboard to change.")
    shot: int = Field(ge=1, le=20, description="Shot number, 1 = first.")
    action: Literal["change", "remove", "insert_after"] = "change"
    kind: ShotKind | None = None
    seconds: float | None = Field(None, ge=1.5, le=12.0)
    text: str | None = Field(None, max_length=80)
    theme: str | None = None
    camera: Camera | None = None
    transition: Transition | None = None
    description: str | None = Field(None, max_length=512)


class StoryboardResult(CapabilityResult):
    """A storyboard, stored as an asset so it can be revised and rendered."""

    storyboard_id: str
    storyboard: Storyboard
    notes: list[str] = Field(default_factory=list, description="What does not fit, and why.")

    def summary(self) -> str:
        """The shots, one per line, numbered."""
        lines = [
            f"{i}. {s.kind} {s.seconds:g}s {s.camera}: {s.text or s.description}".rstrip(": ")
            for i, s in enumerate(self.storyboard.shots, 1)
        ]
        total = f"{self.storyboard.seconds:g} s, {self.storyboard.size}"
        return f"storyboard {self.storyboard_id} ({total}):\n" + "\n".join(lines)


class GenerateVideoRequest(BaseModel):
    """Render a storyboard into a video ad (MP4)."""

    storyboard_id: str = Field(description="Asset id of the storyboard to render.")
    placement: str | None = Field(
        None,
        description="Check the video against a placement's rules, e.g. 'sponsored-brands-video' "
        "or 'animated-display'.",
    )


class GenerateVideoResult(VideoOutcome):
    """The video (local engine) or the started job (Bedrock: the result arrives later)."""

    storyboard_id: str
    cutout_id: str | None = Field(
        None, description="Asset id of the product cutout the video shows (none for a "
        "storyboard of an upload that already had transparency).",
    )
    new_cutout: bool | None = Field(
        None, description="Whether this call cut the product out (False: a cutout made "
        "before was used, or none).",
    )

    def summary(self) -> str:
        """One line: the video or the job."""
        if self.video is None:
            return f"video job {self.job_id} started for storyboard {self.storyboard_id}"
        v = self.video
        return f"video {v.asset_id}: {v.seconds:g} s, {v.width}x{v.height} at {v.fps} fps"


# --------------------------------------------------------------------------- the gallery

MAX_COMPARED = 4
MAX_DOWNLOADED = 50
MAX_CARDS = 10


def distinct_ids(ids: list[str]) -> list[str]:
    """Asset ids stripped of spaces, each once: naming an image twice is a mistake."""
    stripped = [i.strip() for i in ids]
    if any(not i for i in stripped):
        raise ValueError("an asset id is empty")
    repeated = sorted({i for i in stripped if stripped.count(i) > 1})
    if repeated:
        raise ValueError(f"each image may be named once; repeated: {', '.join(repeated)}")
    return stripped


class RevertImageRequest(BaseModel):
    """Undo an edit: go back to the image this one was made from."""

    asset_id: str = Field(description="Asset id of the image whose edit to undo.")


class RevertImageResult(CapabilityResult):
    """The version an image was made from, shown again as the current one (nothing new made)."""

    image: AdImage = Field(
        description="The image it was made from, with its own asset id (and so its number)."
    )
    reverted_from: str = Field(description="Asset id of the version the undo went back from.")

    def new_asset_ids(self) -> list[str]:
        """The image shown again: nothing is made, and a thread keeps its number."""
        return [self.image.asset_id]

    def summary(self) -> str:
        """One line naming both versions."""
        return f"{self.image.asset_id} is the current version again (undid {self.reverted_from})"


class CompareImagesRequest(BaseModel):
    """Put 2 to 4 images side by side in one picture, each labelled with its number."""

    asset_ids: list[str] = Field(
        min_length=2,
        max_length=MAX_COMPARED,
        description="Asset ids of the 2 to 4 images to compare, in the order to show them.",
    )

    _distinct = field_validator("asset_ids")(distinct_ids)


class CompareImagesResult(CapabilityResult):
    """One picture with the images side by side (a comparison, not an ad)."""

    asset_id: str = Field(description="Asset id of the side-by-side PNG.")
    width: int
    height: int
    compared: list[str] = Field(description="Asset ids of the images shown, left to right.")

    def new_asset_ids(self) -> list[str]:
        """The side-by-side PNG."""
        return [self.asset_id]

    def summary(self) -> str:
        """One line naming what was compared."""
        return (
            f"{self.asset_id}: {', '.join(self.compared)} side by side "
            f"({self.width}x{self.height})"
        )


class DownloadImagesRequest(BaseModel):
    """Pack a conversation's ads (PNGs), live images and videos (MP4s) into one ZIP.

    Three ways to call it:

    * no ``asset_ids`` (the advertiser's "download all"): everything of this conversation,
      every numbered ad still in the gallery (earlier versions of an edited ad too; not
      those taken out or deleted) as PNGs in number order, then its live images and videos
      as MP4s (not those of an ad taken out or deleted); at most 100 files and 400 MB, else
      an error asking for fewer;
    * no ``asset_ids`` and ``latest``: the latest version of each ad only, as PNGs (no
      earlier versions, no live images or videos);
    * ``asset_ids``: exactly those images, live images or videos, in that order (up to 50);
      ``latest`` may not be given with them.

    Every ZIP holds a manifest.csv of its files.
    """

    asset_ids: list[str] | None = Field(
        None,
        min_length=1,
        max_length=MAX_DOWNLOADED,
        description="Asset ids of the images, live images or videos to pack, exactly those, "
        "in order (at most 50). Omit for everything of this conversation: every numbered ad "
        "still in the gallery (earlier versions too) in number order, then its live images "
        "and videos (at most 100 files and 400 MB).",
    )
    latest: bool = Field(
        False,
        description="Only with asset_ids omitted: pack just the latest version of each ad "
        "(PNGs; no earlier versions, live images or videos), for \"the latest ones\". Not "
        "allowed together with asset_ids.",
    )

    @field_validator("asset_ids")
    @classmethod
    def _distinct(cls, ids: list[str] | None) -> list[str] | None:
        return None if ids is None else distinct_ids(ids)

    @model_validator(mode="after")
    def _latest_without_ids(self) -> DownloadImagesRequest:
        if self.latest and self.asset_ids is not None:
            raise ValueError(
                "latest packs the latest version of every ad, so it cannot be given with "
                "asset_ids: give the ids of the versions to pack (and no latest), or latest "
                "alone."
            )
        return self


class DownloadImagesResult(CapabilityResult):
    """The ZIP, stored as an asset (its bytes are served like any asset's)."""

    asset_id: str = Field(description="Asset id of the ZIP (application/zip).")
    count: int = Field(description="How many files it holds (the manifest not counted).")
    bytes: int = Field(description="Size of the ZIP in bytes.")
    files: list[str] = Field(description="The file names inside, in order.")
    numbers: list[int] = Field(
        default_factory=list, description="The #numbers of the ads inside, in order."
    )
    live_images: int = Field(0, description="How many live images (MP4) it holds.")
    videos: int = Field(0, description="How many videos (MP4) it holds.")

    def new_asset_ids(self) -> list[str]:
        """The ZIP."""
        return [self.asset_id]

    def contents(self) -> str:
        """What the ZIP holds, as the advertiser names it: "5 files: #1-#3, #5, 1 live image"."""
        parts = [number_ranges(self.numbers)] if self.numbers else []
        unnumbered = self.count - len(self.numbers) - self.live_images - self.videos
        for amount, noun in ((unnumbered, "image"), (self.live_images, "live image"),
                             (self.videos, "video")):
            if amount:
                parts.append(f"{amount} {noun}{'s' if amount != 1 else ''}")
        files = f"{self.count} file{'s' if self.count != 1 else ''}"
        return f"{files}: {', '.join(parts)}" if parts else files

    def summary(self) -> str:
        """One line: what the ZIP holds."""
        return f"{self.asset_id}: ZIP of {self.contents()}, {self.bytes / 1e6:.1f} MB"


def number_ranges(numbers: list[int]) -> str:
    """#numbers as runs, in their order: [1, 2, 3, 4, 5, 7] -> "#1-#5, #7"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"#{run[0]}-#{run[-1]}" if len(run) > 2 else ", ".join(f"#{n}" for n in run)
        for run in runs
    )


def check_cards(cards: list[str]) -> list[str]:
    """Card texts without surrounding spaces; none may be blank."""
    stripped = [card.strip() for card in cards]
    blank = [str(n) for n, card in enumerate(stripped, 1) if not card]
    if blank:
        raise ValueError(f"card {', '.join(blank)} has no text; give every card its line")
    return stripped


class MakeCarouselRequest(BaseModel):
    """A carousel ad: 2 to 10 cards telling one story in one scene, one ad image per card."""

    product_image: str = Field(description="Asset id of the uploaded product photo.")
    cards: list[Annotated[str, Field(max_length=90)]] = Field(
        min_length=2,
        max_length=MAX_CARDS,
        description="The text of each card, in order: it becomes that card's headline. "
        "The first card hooks, the middle ones show a benefit each, the last one closes.",
    )
    theme: str = Field(
        "auto",
        description="One scene theme for every card, e.g. 'studio', 'beach', 'marble'; "
        "'auto' picks one from the product and brief.",
    )
    placement: PlacementName = Field(
        "square", description="Where the carousel runs (one size for every card). "
        + _PLACEMENTS_HELP
    )
    cta: str | None = Field(
        None, max_length=24, description="Call-to-action button text, on the last card only."
    )
    context: str = Field(
        "", max_length=2000, description="Product and brief text that guides theme 'auto'."
    )
    use_brand_kit: bool = Field(
        True, description="Apply the advertiser's saved brand kit (colours, font, logo)."
    )

    _cards = field_validator("cards")(check_cards)


class MakeCarouselResult(GenerateAdImagesResult):
    """The cards of the carousel, in order (each an ad image with its own number)."""

    carousel: list[str] = Field(description="Asset ids of the cards, first card first.")

    def summary(self) -> str:
        """One line listing the cards."""
        return f"carousel of {len(self.carousel)} card(s): {', '.join(self.carousel)}"


class DeleteImagesRequest(BaseModel):
    """Take ad images out of this conversation's gallery (their files are kept)."""

    asset_ids: list[str] = Field(
        min_length=1,
        max_length=MAX_DOWNLOADED,
        description="Asset ids of the ad images to take out of the gallery.",
    )

    _distinct = field_validator("asset_ids")(distinct_ids)


class DeleteImagesResult(CapabilityResult):
    """The images taken out; the others keep their numbers."""

    removed: list[str] = Field(description="Asset ids taken out of the gallery.")
    notes: list[str] = Field(default_factory=list)

    def summary(self) -> str:
        """One line naming what was taken out."""
        return f"taken out of the gallery: {', '.join(self.removed) or 'nothing'}"
