"""Messages that only ask: "just asking, don't do it yet", "only a question: could you …?".

Such a message gets the answer to its question, never a tool call: what the planner would
do for it (which tool, on which ads, with what), read from the calls it would make, and
what that needs. Seven languages say it (en de fr es it pt nl).
"""

from __future__ import annotations

import re
from typing import Any

from agent.planner.language import fold, protect, restore

_ONLY_ASKING = re.compile(
    r"\b(?:"
    # en
    r"(?:just|only)\s+(?:a\s+)?(?:quick\s+)?question|(?:just|only)\s+(?:asking|wondering|"
    r"curious)|hypothetically|(?:don'?t|do not|dont)\s+(?:do|change|make|start|touch)\s+"
    r"(?:it|that|them|anything)?\s*(?:yet|for now|just yet)|not yet,?\s+(?:just|only)\b"
    # de
    r"|nur\s+(?:eine|ne|so\s+eine|mal\s+eine)\s+frage|nur\s+(?:so\s+)?gefragt|frage\s+nur|"
    r"(?:noch\s+)?(?:nicht|nichts|nix)\s+(?:machen|andern|tun)|mach(?:e|t)?\s+(?:es|das|noch)?\s*"
    r"(?:noch\s+)?(?:nicht|nichts)(?:\s+(?:gleich|sofort))?\s*(?:$|[,.!])"
    # fr
    r"|(?:juste|simple|seulement)\s+une\s+question|je\s+(?:demande|pose\s+la\s+question)\s+"
    r"(?:juste|seulement)|ne\s+(?:le|la|les)?\s*(?:fais|faites|change[sz]?)\s+pas\s+"
    r"(?:encore|tout\s+de\s+suite)|ne\s+(?:fais|faites|change[sz]?)\s+rien\s+(?:encore|pour\s+"
    r"l'instant|pour\s+le\s+moment)"
    # es
    r"|(?:solo|solamente|nomas)\s+(?:una\s+)?pregunta|(?:solo|nomas)\s+pregunto|pregunto\s+"
    r"(?:nomas|solo)|no\s+(?:lo|la|los|las)?\s*(?:hagas|haga|hagan|cambies)\s+(?:nada\s+)?"
    r"(?:todavia|aun|por\s+ahora)"
    # it
    r"|(?:solo|soltanto)\s+una\s+domanda|chiedo\s+(?:solo|soltanto)|(?:non\s+(?:farlo|farla|"
    r"fare\s+niente|cambiare\s+niente|toccare\s+niente))\s+(?:ancora|per\s+ora|subito)"
    # pt
    r"|(?:so|apenas)\s+uma\s+pergunta|(?:so|apenas)\s+(?:estou\s+a\s+)?pergunt(?:o|ando|ar)|"
    r"nao\s+(?:o|a|os|as)?\s*(?:facas|faca|faz|facam|mudes|mude)\s+(?:nada\s+)?"
    r"(?:ainda|ja|por\s+agora)"
    # nl
    r"|(?:alleen|gewoon|maar)\s+(?:even\s+)?een\s+vraag(?:je)?|ik\s+vraag\s+(?:het\s+)?"
    r"(?:alleen|maar|gewoon)|nog\s+niet\s+(?:doen|veranderen|maken)|doe\s+(?:het|dat|nog)\s+"
    r"(?:nog\s+)?niet|nog\s+niets\s+(?:doen|veranderen)"
    r")\b")
"""A message saying it only asks, or not to act yet, in any of the seven languages (folded)."""


def only_asking(text: str) -> bool:
    """Whether the message says it only asks, or not to act yet."""
    return bool(_ONLY_ASKING.search(fold(text)))


def hold_span(text: str) -> tuple[int, int] | None:
    """Where ``text`` (folded) says it only asks or not to act yet (None: it does not)."""
    match = _ONLY_ASKING.search(text)
    return match.span() if match else None


def holds_all(text: str, span: tuple[int, int], *, is_question: bool) -> bool:
    """Whether the hold at ``span`` of ``text`` holds the whole message back.

    It does when nothing but a greeting or a question comes before it, and what is left
    is a question (``is_question``) or nothing: "just asking: could you make a video?",
    "could you do videos? just curious", "don't do anything yet". An ask before it, or
    a hold that names its own ads, is no hold of the message: "make #2 warmer. I'm just
    curious how it looks", "mach #4 heller, aber #2 noch nicht ändern".
    """
    before = text[: span[0]].strip(" ,.;:!-¡¿")
    if before and not before.endswith("?") and not _GREETING.fullmatch(before):
        return False
    rest = without_asking(text)
    return len(re.findall(r"\w+", rest)) < 2 or is_question


_GREETING = re.compile(r"(?:hi|hey|hello|ok|okay|so|btw|hallo|salut|bonjour|hola|ciao|oi|ola|"
                       r"hoi|allo)(?:\s+(?:there|all|team))?", re.I)


_AS_ASKED = re.compile(
    r"(?:^|(?<=[,.:;!?]))\s*(?:(?:so|and|also|btw|hey|hi|ok|okay)\s+)*(?:can|could|would|will)\s+"
    r"(?:you|u|ya)\s+(?:(?:also|please|maybe|possibly|even)\s+)*|\bis\s+it\s+possible\s+to\s+|"
    r"\bdo\s+(?:you|u)\s+(?:also\s+)?(?=do\b|make\b)|\b(?:too|as well)(?=\s*\??\s*$)|\?")
"""How a question about an ability is put ("can you also …?"): off, the ask is left."""


def without_asking(text: str) -> str:
    """The message with its "just asking" words taken out: the question itself.

    Quoted copy is kept as typed ('"Brew Bold"' stays so), the rest is folded.
    """
    protected, quoted = protect(text)
    rest = _ONLY_ASKING.sub(" ", fold(protected))
    rest = re.sub(r"\b(?:if\s+that'?s\s+possible|if\s+possible|is\s+it\s+possible)\b", " ", rest)
    rest = re.sub(r"^[\s,.:;!?¿¡-]+|[\s,:;¿¡-]+$", "", re.sub(r"\s+", " ", rest))
    return restore(rest, quoted)


def as_an_ask(english: str) -> str:
    """A question about an ability, put as the ask it is about ("can you do videos?")."""
    return re.sub(r"\s+", " ", _AS_ASKED.sub(" ", english)).strip(" ,.;:")


_WHAT = {
    "edit_image": "make a new version of {ads} ({changes}); the original stays as it is",
    "generate_ad_images": "make {n} new ads from your product photo{theme}",
    "write_storyboard": ("write a storyboard first (shots, camera moves and text, from your "
                         "photo and brief), which you can change, then render it as a video"),
    "revise_storyboard": "change the storyboard ({changes}) before it is rendered",
    "generate_video": "render the video from the storyboard (it takes a few minutes)",
    "animate_image": "turn {ads} into a short live image (a looping animation)",
    "delete_images": "take {ads} out of the gallery",
    "download_images": "pack {ads} into a ZIP to download",
    "compare_images": "put {ads} side by side",
    "revert_image": "bring back the version of {ads} before the last change",
    "remove_background": "cut the product out of its photo as a transparent PNG",
    "remove_hand": "take the hand out of your product photo",
    "make_carousel": "make a carousel of cards",
    "save_brand_kit": "save that to your brand kit, used on every new ad",
    "update_brief": "note that in the brief",
    "extract_features": "read the features and benefits from your brief",
}
"""What each tool would do, in the words of an answer."""
_CHANGE_WORDS = {
    "warmth": ("warmer", "cooler"), "brightness": ("brighter", "darker"),
    "contrast": ("more contrast", "less contrast"),
}


def describe(calls: list[dict[str, Any]], numbers: dict[str, int]) -> str:
    """The answer to "could you …?": what the calls would do, and that nothing is done yet.

    Args:
        calls: The calls the planner would make, as ``{"name", "args"}``.
        numbers: Asset id → the ad's number ("#2").
    """
    steps: list[str] = []
    for name in dict.fromkeys(c["name"] for c in calls):
        own = [c["args"] for c in calls if c["name"] == name]
        ads = _ads(own, numbers)
        what = _WHAT.get(name, "use the {tool} tool").format(
            ads=ads, changes=_changes(own[0]), n=own[0].get("n", ""), tool=name,
            theme=f" in a {str(own[0]['theme']).replace('-', ' ')} scene"
            if own[0].get("theme") not in (None, "auto") else "")
        steps.append(f"{what} (*{name}*)")
    said = "; then ".join(steps)
    return (f"Yes, I can: I would {said}. I haven't done anything yet; say so when you want "
            "it.")


def _ads(args: list[dict[str, Any]], numbers: dict[str, int]) -> str:
    ids = [a["asset_id"] for a in args if a.get("asset_id")]
    ids += [i for a in args for i in a.get("asset_ids") or []]
    named = [f"#{numbers[i]}" for i in dict.fromkeys(ids) if i in numbers]
    if not named:
        return "the ads"
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + f" and {named[-1]}"


def _changes(args: dict[str, Any]) -> str:
    said = []
    for key, value in args.items():
        if key in ("asset_id", "context", "description", "product_image", "storyboard_id"):
            continue
        if key in _CHANGE_WORDS and isinstance(value, (int, float)):
            said.append(_CHANGE_WORDS[key][0 if value > 0 else 1])
        else:
            said.append(f"{key.replace('_', ' ')} {value}")
    return ", ".join(said) or "as asked"


HOLDING = ("Understood: I won't change anything for now. Ask me anything about the ads, or "
           "what I can do with them (new scenes, sizes, copy, live images, videos), and say "
           "what to make when you're ready.")
"""The reply to "just asking, don't do anything yet" with no question in it."""
