"""Scenario files: pydantic models of the YAML, loaded with errors naming file and field.

A scenario is a product (text and a photo, drawn by a named recipe or read from a file),
scripted user turns or a simulated user, settings overrides, and expectations per turn
and for the whole run. ``evals/suites/default/*.yaml`` are examples of every field.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from evals.predicates import PredicateError, parse, parse_bare
from evals.recipes import RECIPES

MatchMode = Literal["strict", "unordered", "subset", "superset"]
Outcome = Literal["blocked", "warned", "rewritten", "none"]
AssetKind = Literal[
    "image", "animation", "video", "storyboard", "photo", "cutout", "preview", "poster"
]
Number = int | float | str
"""An exact number, or a comparison such as ``'>= 2'``."""


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file and the field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_number(value: Number | None) -> Number | None:
    if value is not None:
        try:
            parse_bare(value)
        except PredicateError as exc:
            raise ValueError(str(exc)) from exc
    return value


class Photo(_Model):
    """The product photo: a drawn ``recipe`` (see :mod:`evals.recipes`) or a ``file``.

    Attributes:
        recipe: Recipe name (bottle, mug, glass, jar, busy, hand; or a bad upload).
        file: Image path, relative to the scenario file.
        max_side: Long side of a drawn photo, in pixels (small keeps runs fast).
        name: File name the upload carries.
    """

    recipe: str | None = None
    file: str | None = None
    max_side: int = Field(480, ge=32, le=4000)
    name: str = "product.png"

    @model_validator(mode="after")
    def _one_source(self) -> Photo:
        if (self.recipe is None) == (self.file is None):
            raise ValueError("give exactly one of 'recipe' or 'file'")
        if self.recipe is not None and self.recipe not in RECIPES:
            raise ValueError(f"unknown recipe {self.recipe!r}; known: {', '.join(RECIPES)}")
        return self


class Product(_Model):
    """What is advertised: its text (``{product}`` in a turn) and its photo."""

    text: str = ""
    photo: Photo | None = None


class ExpectedCall(_Model):
    """One expected tool call.

    Attributes:
        tool: The tool's name.
        args: Arguments that must be equal (others are ignored unless ``args_mode`` is
            ``exact``).
        where: Predicates on the arguments: ``n >= 2``, ``placements contains story``.
        ignore: Arguments left out of an ``exact`` comparison.
        args_mode: ``subset`` (only ``args`` and ``where`` count) or ``exact`` (every
            argument but ``ignore`` must equal ``args``).
    """

    tool: str
    args: dict[str, Any] = Field(default_factory=dict)
    where: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    args_mode: Literal["subset", "exact"] = "subset"

    @field_validator("where")
    @classmethod
    def _predicates(cls, value: list[str]) -> list[str]:
        for text in value:
            try:
                parse(text)
            except PredicateError as exc:
                raise ValueError(str(exc)) from exc
        return value


class Trajectory(_Model):
    """The tool calls expected, and how they are matched.

    ``strict``: the same calls in the same order; ``unordered``: the same calls in any
    order; ``superset``: the agent made at least these calls; ``subset``: it made no call
    outside these.
    """

    mode: MatchMode = "superset"
    calls: list[ExpectedCall] = Field(default_factory=list)


class Guardrail(_Model):
    """The guardrail outcome (the most serious finding) and rule ids that must appear."""

    outcome: Outcome | None = None
    rules: list[str] = Field(default_factory=list)


class AssetCheck(_Model):
    """Checks on the assets made (in the turn, or in the whole run).

    Attributes:
        kind: Which assets (image, animation, video, storyboard, ...).
        count: How many of them (``4`` or ``'>= 2'``).
        format: File format (png, mp4, json).
        size: Pixel size, ``WxH``.
        placement: The placement an ad image was made for.
        duration: Seconds of a video or animation (``6`` or ``'<= 6'``).
        fidelity: The product's pixels are the photo's own.
        contrast: No text-contrast finding from the image policy.
        safe_zone: No safe-zone finding from the image policy.
        loop_seam: An animation's last frame flows into its first.
    """

    kind: AssetKind = "image"
    count: Number | None = None
    format: str | None = None
    size: str | None = Field(None, pattern=r"^\d+x\d+$")
    placement: str | None = None
    duration: Number | None = None
    fidelity: bool = False
    contrast: bool = False
    safe_zone: bool = False
    loop_seam: bool = False

    _numbers = field_validator("count", "duration")(_check_number)


class Reply(_Model):
    """Checks on what the agent said (its text and error messages).

    A scenario should hold for any good assistant, whatever engine plans its replies: check
    what happened (trajectory, assets, end state) and keep reply checks for what the reply
    itself must do, without its wording: ``asks_question``, ``mentions``, ``language``,
    ``not_contains``. ``contains`` and ``regex`` tie a scenario to one engine's sentences.

    Attributes:
        contains: Text that must appear (case-insensitive).
        not_contains: Text that must not appear (case-insensitive), e.g. a leaked prompt.
        regex: Regular expressions that must match.
        asks_question: Whether the reply asks the user something.
        mentions: Facts the reply must state, however it words them: a number (``200``,
            not matched inside ``1200``), an image number (``#3``, also written ``image
            3``), a size (``300x250``, also ``300 x 250``) or a word (``weapon``, also
            ``weapons``); see :func:`evals.evaluators.mentions`.
        language: The reply's language (``en``, ``de``, ``fr``, ``es``).
    """

    contains: list[str] = Field(default_factory=list)
    not_contains: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    asks_question: bool | None = None
    mentions: list[str] = Field(default_factory=list)
    language: str | None = Field(None, pattern=r"^[a-z]{2}$")

    @field_validator("mentions")
    @classmethod
    def _facts(cls, value: list[str]) -> list[str]:
        if any(not fact.strip() for fact in value):
            raise ValueError("a fact to mention cannot be empty")
        return value


class EndAsset(_Model):
    """A group of assets the run must end with (compared as a multiset)."""

    kind: AssetKind
    count: int = Field(1, ge=0)
    format: str | None = None
    size: str | None = Field(None, pattern=r"^\d+x\d+$")
    placement: str | None = None


class Link(_Model):
    """Lineage: ``asset`` (e.g. ``image#5``) was made from ``parent`` (``image#2``)."""

    asset: str = Field(pattern=r"^[a-z]+#\d+$")
    parent: str = Field(pattern=r"^[a-z]+#\d+$")


class EndState(_Model):
    """The final asset set (of the kinds listed, exactly) and its lineage."""

    assets: list[EndAsset] = Field(default_factory=list)
    lineage: list[Link] = Field(default_factory=list)


class Clarify(_Model):
    """Brief facts the agent must ask for before spending on generation.

    ``facts`` maps a fact to a regular expression its question matches, e.g.
    ``{photo: "photo|upload", product: "what is the product"}``.
    """

    facts: dict[str, str]


class Limits(_Model):
    """Upper bounds for the scope (turn or run)."""

    turns: int | None = Field(None, ge=1)
    tool_calls: int | None = Field(None, ge=0)
    latency_s: float | None = Field(None, gt=0)
    cost_usd: float | None = Field(None, ge=0)


class Judge(_Model):
    """LLM-as-judge (bedrock engine): criteria scored 1-5; pass at ``min_score``."""

    criteria: list[str] = Field(default_factory=lambda: ["brief adherence", "creative quality"])
    min_score: float = Field(3.0, ge=1, le=5)
    max_images: int = Field(2, ge=1, le=8)


class Expect(_Model):
    """What must hold for a turn, or for the whole run."""

    trajectory: Trajectory | None = None
    guardrail: Guardrail | None = None
    assets: list[AssetCheck] = Field(default_factory=list)
    reply: Reply | None = None
    end_state: EndState | None = None
    clarify: Clarify | None = None
    limits: Limits | None = None
    confirmation: bool | None = Field(None, description="A spend confirmation was asked.")
    errors: bool | None = Field(None, description="Whether an error message is expected.")
    judge: Judge | None = None


class Turn(_Model):
    """One scripted user message.

    Attributes:
        user: The text; ``{product}`` is replaced by the product's text.
        attach: ``photo`` attaches the scenario's product photo; another recipe name
            attaches that drawing (e.g. ``logo``).
        confirm: How the user answers a spend confirmation.
        expect: What must hold after this turn.
    """

    user: str
    attach: str | None = None
    confirm: Literal["approve", "decline"] = "approve"
    expect: Expect = Field(default_factory=Expect)

    @field_validator("attach")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and value != "photo" and value not in RECIPES:
            raise ValueError(f"attach 'photo' or a recipe ({', '.join(RECIPES)})")
        return value


class Rule(_Model):
    """A simulated user's rule on the local engine: when the reply matches, say this."""

    when: str = Field(description="Regular expression on the agent's last reply.")
    say: str
    attach: str | None = None


class SimulatedUser(_Model):
    """A persona with a goal; the chat model plays it on bedrock, ``rules`` on local.

    Attributes:
        persona: Who the user is.
        goal: What they want from the conversation.
        opening: The first message (``{product}`` allowed).
        attach_first: Attach the product photo to the opening message.
        rules: Local engine: the first rule whose ``when`` matches the reply answers.
        max_turns: The conversation ends after this many user messages.
        done_when: Regular expression on the reply that ends the conversation.
    """

    persona: str
    goal: str
    opening: str
    attach_first: bool = False
    rules: list[Rule] = Field(default_factory=list)
    max_turns: int = Field(4, ge=1, le=20)
    done_when: str | None = None


class Scenario(_Model):
    """One scenario file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    product: Product = Field(default_factory=Product)
    settings: dict[str, Any] = Field(default_factory=dict)
    seed: int = 0
    turns: list[Turn] = Field(default_factory=list)
    simulated_user: SimulatedUser | None = None
    expect: Expect = Field(default_factory=Expect)
    source: str = Field("", exclude=True, description="The file it was read from.")

    @field_validator("settings")
    @classmethod
    def _known_settings(cls, value: dict[str, Any]) -> dict[str, Any]:
        from core.settings import FLAT_NAMES

        unknown = sorted(set(value) - set(FLAT_NAMES) | set(value) & {"data_dir"})
        if unknown:
            raise ValueError(f"unknown or reserved settings {unknown} (see core/settings.py)")
        return value

    @model_validator(mode="after")
    def _has_conversation(self) -> Scenario:
        if bool(self.turns) == (self.simulated_user is not None):
            raise ValueError("give either 'turns' or 'simulated_user' (exactly one)")
        return self

    def fingerprint(self) -> str:
        """A short hash of what decides the scenario's outcome.

        The product (a photo file by its bytes), settings, seed, turns, simulated user and
        expectations; not the description or tags. Two runs whose fingerprints of one id
        differ ran different tests.
        """
        # defaults left out: a field added to the format later changes no fingerprint
        decisive = self.model_dump(mode="json", exclude_defaults=True,
                                   exclude={"id", "description", "tags", "source"})
        photo = self.product.photo
        if photo is not None and photo.file:
            path = Path(self.source).parent / photo.file
            decisive["photo_sha256"] = (hashlib.sha256(path.read_bytes()).hexdigest()
                                        if path.is_file() else None)
        text = json.dumps(decisive, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _where(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def parse_scenario(data: Any, source: str) -> Scenario:
    """Validate one scenario's data (``source`` names it in errors).

    Raises:
        ScenarioError: Invalid; one line per problem, with its field path.
    """
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise ScenarioError(f"{source}: a scenario is a mapping of fields, got {kind}")
    data = {"id": Path(source).stem, **data, "source": source}
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        lines = [f"  {_where(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ScenarioError(f"{source}: invalid scenario\n" + "\n".join(lines)) from exc


def load_scenario(path: Path) -> Scenario:
    """Read and validate one YAML scenario file.

    Raises:
        ScenarioError: Unreadable, not YAML, or invalid (file and field named).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read it ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML: {exc}") from exc
    return parse_scenario(data, str(path))


def suite_path(suite: str) -> Path:
    """A suite folder: a path, or the name of a shipped suite (``default``).

    Raises:
        ScenarioError: Neither exists.
    """
    path = Path(suite)
    if path.exists():
        return path
    shipped = Path(__file__).parent / "suites" / suite
    if shipped.is_dir():
        return shipped
    raise ScenarioError(
        f"{suite}: no such suite; give a folder of *.yaml scenarios or a shipped suite "
        f"({', '.join(sorted(p.name for p in (Path(__file__).parent / 'suites').iterdir()))})"
    )


def load_suite(suite: str) -> list[Scenario]:
    """Every scenario of a suite (a folder of ``*.yaml`` or one file), sorted by id.

    Raises:
        ScenarioError: A file is invalid, two scenarios share an id, or there are none.
    """
    path = suite_path(suite)
    files = [path] if path.is_file() else sorted(path.glob("*.yaml"))
    if not files:
        raise ScenarioError(f"{path}: no *.yaml scenario files in it")
    scenarios = [load_scenario(file) for file in files]
    seen: dict[str, str] = {}
    for scenario in scenarios:
        if scenario.id in seen:
            raise ScenarioError(
                f"{scenario.source}: id {scenario.id!r} is already used by {seen[scenario.id]}"
            )
        seen[scenario.id] = scenario.source
    return sorted(scenarios, key=lambda s: s.id)
