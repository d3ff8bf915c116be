"""Reading what the advertiser asks for: the local planner's understanding of a message.

Pure functions from text to a :class:`Request`; no model, no state. The planner turns a
request into tool calls.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from agent.planner.audience import MINORS, aimed_at_minors
from agent.planner.language import colour_hex, detect, fold, platform_placement, read, shade
from agent.planner.naming import product_phrase
from agent.planner.references import ORDINALS, WORD_NUMBERS
from core.errors import CapabilityError
from core.placements import load_placements, resolve_placement
from engines.local.features import find_audience, find_tone, product_name
from engines.local.themes import AUDIENCE_WORDS, Theme, load_themes, normalize

Kind = Literal[
    "help", "greeting", "thanks", "edit", "generate", "brief", "brief_update", "brand", "cutout",
    "hand", "unknown",
]
Target = int | str | Literal["all"] | list[int]

NUMBERS = WORD_NUMBERS
"""Numbers in words ("three", "a dozen"), shared with the reading of references."""
FORMATS: tuple[tuple[str, str], ...] = (
    (r"9\s*[:x×]\s*16s?|stor(?:y|ies)|reels?|tiktok|vertical|portrait video", "9:16"),
    (r"16\s*[:x×]\s*9s?|widescreen|youtube|horizontal", "16:9"),
    (r"1\.91\s*:\s*1|landscape", "1.91:1"),
    (r"4\s*[:x×]\s*5s?|portrait(?! video)", "4:5"),
    (r"1\s*[:x×]\s*1s?|square|feed post", "1:1"),
    (r"pins", "pin"),  # "the same 3 as pins": Pinterest pins
)
_SIZE = re.compile(r"\b(\d{2,4})\s*[x×]\s*(\d{2,4})(?:er|e[rns])?\b", re.I)  # "300x250er"
_AMBIGUOUS_PLACEMENTS = {"link", "link ad", "link-ad", "reel", "reels", "vertical", "stories"}
_RATIO = re.compile(r"\d+\s*:\s*\d+")
_NUMBER = rf"(\d+|{'|'.join(sorted(NUMBERS, key=len, reverse=True))})"
_MEDIA = (r"(?:ad\s+)?(?:images?|ads?|variations?|versions?|options?|pictures?|creatives?|visuals?|"
          r"ones|banners?|heroe?s|posts|pins|variants|stills)")
_COUNT = re.compile(
    rf"\b{_NUMBER}\s+(?:(?:more|new|other|different|ad|extra|fresh)\s+)*{_MEDIA}\b"
    rf"|\b{_NUMBER}\s+(?:[a-z-]+\s+){{1,3}}?(?:ads|images|variations|versions|creatives|"
    r"banners|heroe?s|visuals|posts|pins)\b"
    rf"|\b{_NUMBER}\s+(?:more|extra|new|fresh|others?)\b|\b{_NUMBER}\s+of\s+them\b"
    rf"|\bmore\s+(?!one\b|a\b){_NUMBER}\b(?!\s*(?:seconds?|s\b|%|x\b|bit|little|touch))"
    # "another batch of 3", "other 2 on the beach": new ones, counted
    # ("a set of 3 mugs" is the product: only a new set counts)
    rf"|\b(?:batch|round|(?:another|new|fresh)\s+set)\s+of\s+{_NUMBER}\b"
    r"(?!\s*(?:%|x\b|:|seconds?|s\b|cards?))"
    rf"|(?<!the )(?<!these )(?<!those )\b(?:another|other)\s+(?!one\b){_NUMBER}\b"
    r"(?!\s*(?:%|x\b|:|seconds?|s\b|ml\b|cards?))",
    re.IGNORECASE,
)
_CHANGE_WORDS = (r"(?:warmer|cooler|colder|brighter|darker|lighter|bigger|smaller|plainer|"
                 r"punchier|moodier|softer|sharper|as|into)\b")
"""Words after "2 dark ones" that change those images instead of asking for new ones."""
_COUNT_OF_ONES = (rf"^\s*(?:(?:and|also|plus|then|maybe|like)\s+)?"
                  # "lets do 1 neon one for tiktok"
                  r"(?:(?:lets|let's|let us|ok|okay|so)\s+)?(?:(?:do|make)\s+)?"
                  rf"{_NUMBER}\s+(?:more\s+)?[a-z-]+\s+ones?\b(?!\s+{_CHANGE_WORDS})")
"""New ads counted by kind: "four christmas ones please" (not "the two dark ones")."""
_GENERATE = re.compile(
    rf"\b(?:some|a few)\s+(?:\w+\s+)?ones\b|\b(?:spin|whip|knock)\s+up\b"
    # "some ads for our bottle please": a request for ads, even without a verb
    rf"|^\s*(?:some|a few|a couple(?:\s+of)?)\s+(?:\w+\s+)?{_MEDIA}"
    r"(?=\s*(?:$|[,.!?]|(?:for|please|pls|with|in|on)\b))"
    rf"|{_COUNT_OF_ONES}"
    rf"|\b(?:generate|create|make|render|produce|design|give me|gimme|show me|want|need|try)\b.*?"
    rf"\b{_MEDIA}\b|\b(?:more|another|new|other)\s+(?:\w+\s+)?{_MEDIA}\b"
    rf"|^\s*(?:please\s+)?(?:generate|create|render|produce)\b|\b{_NUMBER}\s+(?:more|others?)\b"
    # "few more pls but on a kitchen counter", "want more for valentines", "a black friday batch"
    r"|^\s*(?:a\s+)?few\s+more\b|\b(?:want|need|like)\s+(?:some\s+)?more\s+(?:for|with|in|on)\b"
    r"|\b(?:need|want|make|do|give me)\s+(?:an?\s+)?(?:[a-z-]+\s+){0,2}batch\b"
    r"(?!\s+of\s+(?:\w+\s+)?(?:copy|text|headlines?|ideas?|taglines?|captions?|words?)\b)"
    rf"|\b(?:see|show me|let'?s see)\s+{_NUMBER}\s+(?:for|in|on|with)\b"
    r"|\b(?:do|make|gimme|give me|try|need|want)\s+(?:some|a few|a couple)\s+(?:more\s+)?"
    r"(?:for|in|on|with)\b"
    # "another batch but moodier", "can we do valentines day ones"
    r"|^\s*(?:(?:and|ok|okay|so)\s+)?(?:another|one more|a new)\s+(?:batch|round|set)\b"
    rf"|\b(?:can we do|let'?s do|do)\s+(?!(?:the|these|those|both|all|them|it|that|this|"
    rf"which|what|more|new|other)\b)(?:[a-z-]+\s+){{1,3}}ones\b(?!\s+{_CHANGE_WORDS})"
    # "do them for linkedin" once the product is known: the ads, for that platform
    r"|^\s*(?:(?:ok|okay|yes|sure|great)[\s,]+)?(?:do|make)\s+(?:them|those|these)\s+"
    r"(?:for|in|as)\b",
    re.IGNORECASE,
)
_QUOTED = r"[\"“”'‘’«„]([^\"“”«»„]{1,90}?)[\"“”'‘’»](?=\s|[.,!?;:)]|$)"
_QUOTE = re.compile(_QUOTED)
_HEADLINE = re.compile(
    r"\b(?:headline|tagline|title|slogan|caption|(?<!button )(?<!cta )(?<!subline )(?:text|copy))\b"
    rf"[^\"“'‘«]{{0,40}}?{_QUOTED}",
    re.IGNORECASE,
)
_REMOVE_HEADLINE = re.compile(
    r"\b(?:remove|delete|drop|no|without|get rid of|kill|lose|ditch|take off|take out)\s+"
    r"(?:the\s+)?(?:headline|text|title)\b"
    r"|\b(?:headline|title)\s+(?:(?:on|of|from|in)\s+\S+\s+|(?:on|of|from|in) the \S+\s+)?"
    r"(?:removed|gone|off)\b", re.I
)
_REMOVE_CTA = re.compile(
    r"\b(?:no|without)\s+(?:the\s+|a\s+)?(?:cta|button|call to action)\b"
    r"|\b(?:remove|delete|drop|get rid of|kill|lose|ditch|take off|take out)\s+"
    # "lose the shop now button": the button named by its words (not "touching the button")
    r"(?:the\s+)?(?:(?!(?:and|or|on|of|from|in|at|next|to|near|above|below|under|over|by|with|"
    r"the|a|logo|headline|text|title|subline|tagline|copy|badge|[a-z]+ing)\b)[a-z]+\s+){0,3}?"
    r"(?:cta|button|call to action)\b"
    r"|\b(?:cta|button)\s+(?:(?:on|of|from|in)\s+\S+\s+|(?:on|of|from|in) the \S+\s+)?"
    r"(?:removed|gone|off)\b", re.I)
_CTA = re.compile(rf"\b(?:cta|button|call to action)\b[^\"“'‘«]{{0,30}}?{_QUOTED}", re.I)
_WARMTH = re.compile(
    r"(?:\b(not|no|less|never|instead of|rather than)\s+(?:\w+\s+)?)?"
    r"(?:\b(much|a lot|way|even|far|a (?:little )?bit|slightly|a touch)\s+)?"
    r"\b(too orange|too warm|too yellow|too cold|too blue|"
    r"warm (?:it|them|those|these|this|that|#\s*\d{1,2}|the \w+(?: one)?)(?: all| both| back)? up|"
    r"cool (?:it|them|those|these|this|that|#\s*\d{1,2}|the \w+(?: one)?)(?: all| both| back)? "
    r"down|"
    # "warm up #2 a bit", "cool down every one except #1"
    r"warm (?:back )?up(?= (?:#|\d|the|all|every|each|both|image|ad|number|pic|a bit|a little|"
    r"slightly|please|pls)\b|\s*$)|"
    r"cool (?:back )?down(?= (?:#|\d|the|all|every|each|both|image|ad|number|pic|a bit|a little|"
    r"slightly|please|pls)\b|\s*$)|"
    r"more warm|more cool|more cold|"
    r"warmer|more golden|sunnier|warm|cooler|colder|bluer|cool|cold|orange|yellow|blue)\b",
    re.I,
)
_WARM_WORDS = {"warmer", "more golden", "sunnier", "warm", "too cold", "too blue", "more warm",
               "orange", "yellow"}
_PLAIN_ADJECTIVES = {"warm", "cool", "cold", "orange", "yellow", "blue"}  # only after "less"
_ASSET = re.compile(r"\bimg_[0-9a-f]{10}\b")
_INDEX = re.compile(
    r"(?:#\s*(\d{1,3})\b|\b(?:image|ad|number|no\.|variation|version|option|picture|one)s?"
    rf"\s*#?\s*(\d{{1,3}})\b|\b({'|'.join(ORDINALS)})\b)",
    re.IGNORECASE,
)
_NUMBER_LIST = re.compile(
    r"\b(?:images?|ads?|numbers?|variations?|versions?|#)\s*#?\s*(\d{1,3}(?:\s*(?:,|and|&|\+)"
    r"\s*#?\s*\d{1,3})+)",
    re.I,
)
_FIRST_N = re.compile(r"\bfirst\s+(two|three|four|five|six|2|3|4|5|6)\b", re.I)
_ALL = re.compile(
    r"\b(?:them(?:\s+all)?|all\s+of\s+them|all(?:\s+the)?\s+(?:\w+\s+)?(?:images|ads|ones|"
    r"variations|versions)|each(?:\s+one|\s+of\s+them)?|every\s+(?:one|image|ad)|both)\b",
    re.I,
)
_LAST = re.compile(r"\b(?:last|latest|previous|that|this|it)\b(?:\s+one)?", re.I)
_HELP = re.compile(
    r"^\s*(?:help|\?|what can you do|what do you do|how does (?:this|it) work|who are you)"
    r"|\bwhat can you\b|\bhow do i\b|\bhelp me\b",
    re.I,
)
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[\s!.]*$", re.I)
_THANKS = re.compile(
    r"^(?=.*[a-z])\s*(?:(?:ok|okay|great|perfect|awesome|nice|cool|lovely|amazing|wow|good)[\s,!.]*)*"
    r"(?:thanks?|thank you|thx|cheers)?(?:\s+(?:a lot|so much|very much))?[\s!.]*$",
    re.I,
)
_SIGN_OFF = re.compile(
    # a message made only of thanks, praise and goodbyes, as typed (accents folded), in seven
    # languages: "thanks, that's all for today", "super, tschüss!", "grazie, per oggi è tutto"
    r"^[\s,!.:;)(-]*(?:(?:(?:that'?s|that is|thats) (?:all|it|everything)"
    r"|(?:i'?m|we'?re|i am|we are) (?:done|good|all set)|all (?:done|good|set)"
    r"|(?:good)?bye(?: bye)?|see (?:you|ya)"
    r"(?: (?:tomorrow|later|soon|next week|on monday))?|talk (?:to you )?(?:later|soon|tomorrow)"
    r"|have a (?:good|nice|great) (?:day|evening|weekend|one)|for (?:now|today|the day|tonight)"
    r"|then|here|ok|okay|great|perfect|perfetto|parfait|perfecto|perfeito|awesome|nice|cool"
    r"|lovely|amazing|brilliant|super|top|prima|genial|fab|good|bueno|bene|bom|goed|mate|guys"
    r"|so much|a lot|very much|thanks?|thank you|thx|ty|ta|cheers|danke(?: schon| sehr)?"
    r"|vielen dank|merci(?: beaucoup)?|(?:muchas )?gracias|grazie(?: mille)?|obrigad[oa]"
    r"|bedankt|dank je(?: wel)?|dankjewel|das war'?s|das ist alles|tschuss|bis (?:morgen|bald"
    r"|spater)|fur heute|c'est tout|au revoir|a (?:demain|bientot|plus)|pour aujourd'hui"
    r"|(?:eso )?es todo|adios|hasta (?:manana|luego|pronto)|por hoy|(?:e|è) tutto|ciao"
    r"|a domani|per oggi|(?:e|é) so|e tudo|tchau|ate (?:amanha|logo)|por hoje|dat was het"
    r"|dat is alles|doei|tot (?:morgen|ziens|straks)|voor vandaag)"
    r"(?:[\s,!.:;)(-]+(?=\S)|(?=[\s,!.:;)(-]*$)))+[\s,!.:;)(-]*$",
    re.I,
)
_SIGN_OFF_WORD = re.compile(
    r"\b(?:thanks?|thank you|thx|ty|ta|cheers|danke|dank|merci|gracias|grazie|obrigad[oa]|bedankt"
    r"|bye|see (?:you|ya)|talk (?:to you )?later|that'?s (?:all|it|everything)|done|all set"
    r"|have a|das war|das ist alles|tschuss|bis|c'est tout|au revoir|a demain|todo|adios|hasta"
    r"|tutto|ciao|a domani|e so|e tudo|tchau|ate|dat was het|dat is alles|doei|tot)\b",
    re.I,
)
_PREAMBLE = re.compile(
    r"^\s*(?:(?:hi|hello|hey)\b[\s,!.]*|(?:so|ok|okay|well)\b[\s,]*"
    r"|(?:can|could|would) you (?:please )?(?:make|create|generate|design)\b[^.]*?\bfor\s+"
    r"|(?:please )?(?:make|create|generate|design)\b[^.]*?\b(?:ads?|images?) for\s+"
    r"|(?:i|we) (?:sell|make|have|offer|launched|are launching)\s+|(?:this|here) is\s+"
    r"|here's\s+|meet\s+|introducing\s+|(?:our|my) (?:new\s+)?|(?:a|an|the)\s+"
    r"|(?:salut|hola|hallo|bonjour|coucou|buenas)\b[\s,!.]*"
    r"|(?:je vends|ich verkaufe|vendo|vendemos|wir verkaufen|nous vendons)\s+"
    r"(?:des |de |die |unsere )?"
    r"|(?:nouveau|nouvelle|neu|nuevo|nueva)\s*[:!.-]+\s*"
    r"|(?:oh|ah|um+|hm+|so|well|ok|okay)\b[\s,!.]*"
    r"|(?:it'?s|its|it is|that'?s|das ist|ist|hier ist|this is|c'est|c’est|voici|es|son|este es|"
    r"esta es|estos son)\s+"
    r"(?:unser|unsere|unseren|unserer|mein|meine|notre|nuestro|nuestra|nuestros|unos|unas|una|"
    r"une|un|des|ne|eine|ein|a|an|the)?\s*(?:neue[rns]?|nouveau|nouvelle|nuevo|nueva)?\s*"
    r"|(?:new\s+)?(?:product|item|collection|kollektion|neue kollektion|nueva colecci[oó]n|"
    r"nouvelle collection|nouveau produit|nuevo producto|neues produkt|launch)\s*(?:[:!.-]+\s*|\s+)"
    r"|(?:i|we)\s+(?:want|need|would like)\s+(?:some\s+)?(?:ads?|images?)\s+for\s+"
    r"|(?:ads?|images?)\s+for\s+)+",
    re.I,
)
_AS_IS = re.compile(
    r"\bas[- ]is\b|\bas it is\b|\b(?:whole|full|entire|original) (?:photo|image|picture)\b", re.I
)
_BRAND = re.compile(
    r"\bbrand(?:ing)?\s+(?:colou?rs?|kit|font|palette|identity)\b"
    r"|\b(?:our|my|new)\s+(?:brand\s+)?colou?rs\s*(?:are|is|it'?s|:)"
    r"|\b(?:this|here|that|it)(?:\s+is|'s)\s+(?:our|my|the)\s+(?:brand\s+|company\s+|new\s+)?logo\b"
    r"|\b(?:our|my)\s+(?:brand\s+|company\s+|new\s+)?logo\s+(?:is\s+)?(?:attached|here)\b"
    r"|^\s*(?:(?:the)\s+)?(?:brand\s+)?logo\s+(?:is\s+)?(?:attached|here|below|enclosed)\b"
    r"|^\s*(?:(?:our|my|the|a)\s+)?new\s+logo\s*(?:[.!,;:-]|$)"
    r"|\b(?:always|every ad|all (?:my|our) ads)\b.*\b(?:font|colou?rs?)\b"
    # "our tone of voice is playful, save that": the brand's voice, kept for every ad
    # "tone of voice: playful, a bit cheeky. save that": the voice, kept
    r"|\b(?:tone of voice|brand voice)\b(?=.*\b(?:save|remember|store|keep)\s+(?:that|it|this)\b)"
    r"|\b(?:our|my)\s+(?:brand(?:'s)?\s+)?(?:tone of voice|brand voice|voice)\s+"
    r"(?:is|=|:|should be)\b"
    r"|\bbrand\s+(?:tone|voice)\b"
    r"|\b(?:our|my)\s+tone\s+(?:is|=|:)\b.*\b(?:save|remember|keep)\s+(?:that|it|this)\b",
    re.I,
)
LOGO = re.compile(
    r"\b(?:this|here|that|it)(?:\s+is|'s)\s+(?:our|my|the)\s+(?:brand\s+|company\s+|new\s+)?logo\b"
    r"|\b(?:our|my)\s+(?:brand\s+|company\s+|new\s+)?logo\s+(?:is\s+)?(?:attached|here|below)\b"
    r"|\b(?:attached|here)\s+is\s+(?:our|my)\s+(?:brand\s+)?logo\b"
    r"|\buse\s+(?:this|it)\s+as\s+(?:our|my|the)\s+logo\b"
    r"|\b(?:here'?s|heres|here are|attaching|attached|sending|uploading)\s+(?:is\s+)?(?:our|my)\s+"
    r"(?:brand\s+|company\s+|new\s+)?logo\b"
    r"|^\s*(?:(?:our|my|the)\s+)?logo\s*[.!]*\s*$"
    r"|^\s*(?:(?:our|my|the|a)\s+)?new\s+logo\s*(?:[.!,;:-]|$)"  # "new logo, replace the old one"
    r"|^\s*(?:(?:our|my|the)\s+)?(?:brand\s+)?logo\s+(?:is\s+)?(?:attached|here|below|enclosed)\b",
    re.I,
)


_OUR_FONT_IS = re.compile(r"\b(?:our|my)\s+(?:brand\s+)?(?:font|typeface)\s*(?:is|it'?s|=|:)\s")
""""our font is Hanken Grotesk": the brand's font, stated."""


def names_brand(text: str) -> bool:
    """Whether ``text`` speaks of the brand kit ("our brand font", "our colours are …")."""
    return bool(_BRAND.search(text)) or bool(re.search(r"\b(?:our|my)\s+(?:brand\s+)?font\b", text))


def declares_logo(text: str) -> bool:
    """Whether the text says an attached image is the advertiser's logo ("this is our logo").

    "A tee with an embroidered logo" describes the product; it declares nothing.
    """
    return bool(LOGO.search(text))
FONTS = {
    "lato": "lato",
    "manrope": "manrope",
    "hanken": "hanken-grotesk",
    "hanken grotesk": "hanken-grotesk",
    "source sans": "source-sans",
    "source sans pro": "source-sans",
    "fjalla": "fjalla-one",
    "fjalla one": "fjalla-one",
}
_FONT = re.compile(rf"\b({'|'.join(sorted(FONTS, key=len, reverse=True))})\b", re.I)
_REMOVE = re.compile(r"\b(?:remove|erase|delete|get rid of|clean up|take out|retouch)\b", re.I)
_TEXT_WORDS = re.compile(r"\b(?:headline|text|tagline|title|logo|button|cta|subline)\b", re.I)
REGIONS: dict[str, tuple[float, float, float, float]] = {
    "top left": (0.0, 0.0, 0.4, 0.4),
    "top right": (0.6, 0.0, 1.0, 0.4),
    "bottom left": (0.0, 0.6, 0.4, 1.0),
    "bottom right": (0.6, 0.6, 1.0, 1.0),
    "top": (0.0, 0.0, 1.0, 0.3),
    "bottom": (0.0, 0.7, 1.0, 1.0),
    "left": (0.0, 0.0, 0.3, 1.0),
    "right": (0.7, 0.0, 1.0, 1.0),
    "center": (0.3, 0.3, 0.7, 0.7),
    "middle": (0.3, 0.3, 0.7, 0.7),
}
_REGION = re.compile(
    r"\b(top[- ]left|top[- ]right|bottom[- ]left|bottom[- ]right|top|bottom|left|right|"
    r"cent(?:er|re)|middle)\b(?:\s+(?:corner|side|edge|of))?",
    re.I,
)
_BIGGER = re.compile(
    r"\b(?:(much|a lot|way)\s+)?(bigger|larger|zoom in|enlarge the product)\b", re.I
)
_PERCENT = re.compile(r"\b(\d{1,3})\s*%\s*(bigger|larger|smaller)\b", re.I)
_PERCENT_AFTER = re.compile(
    r"\b(bigger|larger|smaller)\b[^.%]{0,25}?\b(?:like|about|around|by|maybe|say|roughly|"
    r"approximately|approx|some|circa)\s+"
    r"(\d{1,3})\s*%", re.I)
"""The percentage said after the change: "bigger on #1, like 30%", "smaller by 20%"."""
_TIMES = re.compile(r"\b(\d|two|three|four|five|ten)\s+times\s+(bigger|larger|smaller)\b", re.I)
""""3 times bigger": a factor, which may be more than a resize can do."""
_TIMES_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_SMALLER = re.compile(r"\b(?:(much|a lot|way)\s+)?(smaller|zoom out|shrink)\b", re.I)
_MOVE = re.compile(
    r"\b(?:move|shift|push|slide|nudge)\b[^.]*?\b(?:to\s+the\s+|towards?\s+(?:the\s+)?)?"
    r"(left|right|up|down|higher|lower)\b",
    re.I,
)
_SHIFTS = {
    "left": (-0.15, 0.0),
    "right": (0.15, 0.0),
    "up": (0.0, -0.1),
    "higher": (0.0, -0.1),
    "down": (0.0, 0.1),
    "lower": (0.0, 0.1),
}
_UPSCALE = re.compile(
    r"\b(?:upscale|upsize|high(?:er)?[- ]res(?:olution)?|for (?:the )?print(?:ing)?|"
    r"print[- ]?(?:ready|redy|version|quality)|2x|in print quality|for (?:a |the |our |my )?"
    r"(?:poster|shop window|billboard|flyer)|(?:as|into) (?:a |an )?(?:big |large |huge )?"
    r"(?:poster|print)|"
    r"double (?:the )?(?:size|resolution))\b",
    re.I,
)
_LOGO_OFF = re.compile(
    r"\b(?:remove|delete|drop|hide|without|no|take off)\s+(?:the\s+|our\s+|my\s+)?logo\b"
    r"|\blogo\s+off\b", re.I
)
_LOGO_ON = re.compile(
    r"\b(?:add|put|place|show|include|use|needs?|want|with|stamp)\b[^.]*\blogo\b"
    r"|\blogo\s+(?:(?:please|pls|too|as well)\s+)?(?:on|onto|to|in)\b"
    r"(?!\s+(?:the\s+)?(?:product|bottle|shirt|tee|chest|back))", re.I
)
_NEGATION = {"no", "not", "don't", "dont", "without", "never", "instead", "except", "none",
             "avoid", "skip", "nothing"}
_THEME_CUE_BEFORE = (
    r"(?:on|in|at|into|onto|by|near|vibe|style|mood|theme|(?:background|backdrop|scene) (?:of|with)"
    r"|with|something|somthing|very|super|really|bit|rather|kind of|sort of)"
    r"(?:\s+(?:an?|the|some|more|very|really|super))?"
)
_THEME_CUE_AFTER = (r"(?:theme|themed|background|backdrop|scene|setting|vibes?|look|style|mood|"
                    r"feel|feeling|aesthetic|edition|season|light|lighting|ones?|ads|creatives|"
                    r"visuals|versions|shots|pics|posts)")
_OBJECTIVES = {
    "awareness": ("awareness", "launch", "introduce", "reach"),
    "sales": ("sales", "sell", "conversions", "purchase", "buy", "promotion", "discount"),
    "consideration": ("consideration", "traffic", "clicks", "engagement"),
}
_CUTOUT = re.compile(
    # English: "remove the (white) background", "transparent background", "cut out the product"
    r"\b(?:remove|erase|delete|drop|strip|get rid of|take (?:out|away)|lose)\s+"
    r"(?:(?:the|its|my|this|that|our|their)\s+)?"
    r"(?:(?!(?:in|on|at|from|of|behind|and|to)\b)\w+\s+){0,2}(?:background|backdrop|bg)\b"
    # ... but not "remove the background clutter" or "drop the background to a darker blue"
    r"(?!\s+(?:to|into|with|for|clutter|noise|objects?|items?|people|text|colou?r)\b)"
    r"|\btake\s+(?:(?:the|its|this|that)\s+)?(?:background|backdrop|bg)\s+(?:off|out|away)\b"
    r"|\b(?:transparent|see[- ]through)\s+(?:background|backdrop|bg|png)\b"
    r"|\bon\s+(?:transparent|see[- ]through)(?!\s+(?!(?:background|backdrop|bg|png)\b)\w)"
    # "the bottle on transparent", not "on a transparent glass shelf"
    r"|\b(?:background|backdrop)\s+(?:removal|remover|removed|transparent|gone)\b"
    # German word order: "kannst du den Hintergrund vom Produktfoto entfernen?"
    r"|\bthe\s+(?:background|backdrop|bg)\s+(?:from|of)\s+(?:the\s+)?(?:product\s*)?"
    r"(?:photo|picture|pic|image|foto)\s+(?:(?:please|pls)\s+)?remove\s*[?!.]*\s*$"
    r"|\bwithout\s+(?:(?:a|the|its|any)\s+)?(?:background|backdrop)\b"
    # "the bottle on its own with no background"
    r"|\b(?:on (?:its|their) own|by itself|alone)\b[^.;]{0,20}?\bno\s+(?:background|backdrop|bg)\b"
    r"|\bno\s+(?:background|backdrop|bg)\b[^.;]{0,20}?\b(?:on (?:its|their) own|by itself)\b"
    r"|\bcut\s+(?:it\s+)?out\s+(?:the|my|this|our)\s+(?!(?:text|headline|logo|copy)\b)[a-z]+"
    r"(?:\s+pls|\s+please)?\s*$"
    # "cut the bottle out of #3 for me"
    r"|\bcut\s+(?:the|my|this|our)\s+(?:product|bottle|item|mug|bag|shoe|jar|can)\s+out\b"
    r"|\bcut\s+(?:it\s+)?out\s+(?:the|my|this|our)\s+(?:product|item|object|photo|image|"
    r"background|backdrop|bg)\b"
    r"|\bcut\s+(?:(?:the|my|this|our)\s+)?(?:product|item|object|it)\s+out\b"
    # "cut the bottle out on its own": the product, named by what it is
    r"|\bcut\s+(?:the|my|this|our)\s+(?!(?:logo|text|headline|title|watermark|price|tag|label|"
    r"cta|button|words?|copy|date|stamp|shot|scene|end|intro|outro|hand|shadows?|music|sound|"
    r"audio|voice|voiceover|caption|subtitles?|slogan|tagline|reflections?|glare|people|person|"
    r"crap|noise|background|last|first|middle|part|bit|rest)\b)[a-z]+\s+out\b"
    r"(?!\s+of\b)"
    # "cut out the bottle from the product pic"
    r"|\bcut\s+(?:it\s+)?out\s+(?:the|my|this|our)\s+(?!(?:logo|text|headline|title|watermark|"
    r"price|tag|label|cta|button|words?|copy|date|stamp)\b)[a-z]+\s+(?:from|of|in|on)\s+"
    r"(?:the|my|this|our)\s+(?:product\s+)?(?:photo|image|pic|picture|shot)\b"
    r"|\bisolate\s+(?:(?:the|my|our)\s+)?product\b"
    # German: "Freisteller", "freistellen", "Hintergrund entfernen", "ohne Hintergrund"
    r"|\bfrei(?:zu|ge)?stell\w*|\bhintergrund\s+(?:entfernen|entfernt|weg|löschen|transparent)\b"
    r"|\b(?:entferne|lösche)\s+(?:den\s+)?hintergrund\b"
    r"|\b(?:ohne|transparente[mnr]?)\s+hintergrund\b"
    # Spanish: "quitar el fondo", "fondo transparente", "sin fondo"
    r"|\b(?:quit|elimin|borr|sac|remov)(?:ar|a|e|ale|ele)\s+(?:(?:el|los)\s+)?fondos?\b"
    r"|\bquítale\s+(?:el\s+)?fondo\b|\bfondo\s+transparente\b|\bsin\s+fondo\b"
    # French: "supprimer l'arrière-plan", "enlever le fond", "fond transparent", "détourer"
    r"|\b(?:supprim|enl[eè]v|retir|effac|[oô]t)(?:er|e|ez)\s+(?:(?:l['’]|le|mon|ton|son)\s*)?"
    r"(?:arri[eè]re[- ]plan|fond)\b"
    r"|\b(?:fond|arri[eè]re[- ]plan)\s+transparent\b|\bsans\s+(?:(?:l['’]|le)\s*)?"
    r"(?:arri[eè]re[- ]plan|fond)\b|\bd[ée]tour(?:er|ez|e|é|ée|age)\b",
    re.I,
)
_NOT_BEFORE = re.compile(r"\b(?:don['’]?t|do not|never|not|no need to)\s+(?:\w+\s+)?$", re.I)
_PUNCTUATION = re.compile(r"[^\w\s'-]")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}\b")


@dataclass
class Request:
    """What one user message asks for.

    Attributes:
        kind: The intent.
        text: The message text without attachment notes.
        n: How many images were asked for.
        theme: A theme named in the message (catalog id).
        format: The first placement named in the message (placement id).
        placements: Every placement named, in order.
        headline: New headline ("" means remove it).
        cta: New call-to-action text.
        warmth: Colour change asked for.
        target: Which image: a 1-based index, -1 for the latest, "all" for the whole last
            set, or an asset id.
        brand_colors: Hex colours in the message.
        facts: Brief facts stated in the message (audience, tone, objective, ...).
        as_is: Use the whole photo as the product instead of cutting it out.
        font: A font family named in the message (registry id).
        theme_explicit: The theme was asked for ("use the beach theme", "on marble"), not
            just mentioned ("summer campaign").
        mood: The theme stands for a mood word ("moodier", "more premium"), not a scene named.
        remove_region: Region to clean up, as fractions (left, top, right, bottom).
        product_scale: Resize the product by this factor.
        product_shift: Move the product by (dx, dy), fractions of the canvas.
        upscale: Make a 2x version for print.
        backdrop_color: Recolour the background to this #RRGGBB.
        logo: Add or remove the brand logo.
        brightness: Lighter (> 0) or darker (< 0) overall.
        contrast: Punchier (> 0) or flatter (< 0).
        english: The message as the rules read it (see :mod:`agent.planner.language`).
        lang: The language the message is written in.
        also_cutout: The message asks for ads and for the photo without its background:
            the cutout follows the ads.
        subline: New subline ("" means remove it).
        kit: The message asks for the saved brand kit's colours ("on brand", "our brand
            colours") without naming colours.
        no_kit: The message asks for new ads without the saved brand kit ("without any of
            the brand stuff", "no brand colours or logo").
    """

    kind: Kind
    text: str
    n: int | None = None
    theme: str | None = None
    format: str | None = None
    placements: list[str] = field(default_factory=list)
    headline: str | None = None
    cta: str | None = None
    warmth: float | None = None
    target: Target | None = None
    brand_colors: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    as_is: bool = False
    font: str | None = None
    theme_explicit: bool = False
    mood: bool = False
    remove_region: tuple[float, float, float, float] | None = None
    product_scale: float | None = None
    product_shift: tuple[float, float] | None = None
    upscale: bool = False
    backdrop_color: str | None = None
    logo: Literal["add", "remove"] | None = None
    brightness: float | None = None
    contrast: float | None = None
    english: str = ""
    lang: str = "en"
    also_cutout: bool = False
    subline: str | None = None
    kit: bool = False
    no_kit: bool = False

    def has_edit(self) -> bool:
        """Whether the message asks to change an image."""
        changes = (
            self.headline,
            self.cta,
            self.warmth,
            self.theme,
            self.format,
            self.remove_region,
            self.product_scale,
            self.product_shift,
            self.backdrop_color,
            self.logo,
            self.font,
            self.brightness,
            self.contrast,
        )
        return (any(v is not None for v in changes) or bool(self.brand_colors) or self.upscale
                or self.subline is not None or self.kit)


_WORD_COUNT = re.compile(
    r"\b(half a dozen|a dozen|a couple of|a couple|a few|a pair of)\b(?!\s+(?:of\s+)?(?:seconds?|"
    r"sec|words?|changes?|things?|tweaks?|edits?|colou?rs?|more seconds))"
    rf"|\bmaybe\s+{_NUMBER}\b(?!\s*(?:%|x\b|s\b|sec))"
    rf"|\b(?:see|show me)\s+{_NUMBER}\s+(?:for|in|on|with)\b"  # "show me 3 for instagram"
    rf"|\b(?:generate|create|produce)\s+(?:me\s+)?(?:just\s+)?{_NUMBER}\b(?!\s*(?:%|x\b|×|:|s\b|sec))"
    rf"|\b(?:have|get|do|make|want|need)\s+(?:me\s+)?(?:just\s+)?{_NUMBER}\s+(?:in|with)\s+"
    r"(?:an?\s+)?(?:\w+\s+)?(?:style|theme|look|vibe|feel|scene|setting)\b"
    r"|^\s*(couple)\s+(?:of\s+)?more\b"  # "couple more christmassy ones"
    # "make it 8 total": the count on its own
    rf"|\b(?:make it|make that|make them)\s+{_NUMBER}\s+(?:total|in total|altogether|overall)\b"
    # "more like the night one, 2"
    rf"|^\s*more\s+(?:like|in the style of)\b[^,;]{{1,60}},\s*{_NUMBER}\s*[.!?]*\s*$"
)


_COUNT_ALONE = re.compile(
    rf"(?:^|[,;:]|\s[-–—])\s?(?:just|only)\s(?:the\s)?{_NUMBER}\s?(?:please|pls)?(?=\s?(?:[,.;!?]|$))")
"""The count on its own: "a black friday version, just one, …" (or "#3, just the one")."""
_NEW_ONE = re.compile(r"\ban?\s+(?:[a-z'-]+\s+){1,3}?(?:one|version|variant|ad|image)\b"
                      r"(?!\s+of\b)")
"""A new ad named by its kind: "a christmas one for the feed" (not "a warmer version of #2")."""


def count_alone(request: Request, text: str) -> int | None:
    """The count said on its own ("…, just one"), when it counts new ads.

    "make #3 warmer, just the one" or "put #2 on marble, only the one" narrows an edit to
    the image named; the count is only taken with an ask for new ads ("a christmas one,
    just one", "make more, just the one") or where nothing is to be changed.
    """
    match = _COUNT_ALONE.search(_RATIO.sub(" ", text))
    if not match:
        return None
    edit = request.has_edit() or request.target is not None or _IMAGE_NUMBER.search(text) \
        or re.search(rf"\b{_NUMBER}\s+(?:and|&|,)\s*{_NUMBER}\b", text[:match.start()])
    asks_new = _GENERATE.search(_IMAGE_NUMBER.sub(" it ", text)) or (
        request.target is None and not _IMAGE_NUMBER.search(text)
        and _NEW_ONE.search(text[:match.start()]))
    if edit and not asks_new:
        return None
    word = match.group(1).lower()
    count = int(word) if word.isdigit() else NUMBERS.get(word, 0)
    return count if 1 <= count <= 60 else None


_N_ONES = re.compile(_COUNT_OF_ONES)  # how many: "three halloween ones please"


_IMAGE_NUMBER = re.compile(
    r"#\s*\d{1,3}\b"
    # "la 3 más chévere", "mach die 4 edler" (the 4 more premium): image 4, more of a look
    r"|\bthe\s+\d{1,2}\b(?=\s+more\s+(?!(?:ads?|images?|ones?|versions?|variations?|options?|"
    r"creatives?|visuals?|pictures?|of|for|in|on|like|please|pls)\b)[a-z])")


def find_count(text: str) -> int | None:
    """Return how many images the text asks for ('9:16 ads' is a format, not 16 ads)."""
    text = _IMAGE_NUMBER.sub(" image ", text)  # "make #2 more beachy": image 2, not 2 more
    text = _FONT.sub(" font ", text)  # "Fjalla One" is a font, not one image
    words = _WORD_COUNT.search(_RATIO.sub(" ", text))
    if words and not _COUNT.search(_RATIO.sub(" ", text)):
        word = next(g for g in words.groups() if g).lower()
        count = int(word) if word.isdigit() else NUMBERS.get(word, 2 if word == "couple" else 0)
        return count if count and 1 <= count <= 60 else None
    match = _COUNT.search(_RATIO.sub(" ", text)) or _N_ONES.match(text)
    if not match:
        return None
    word = next(g for g in match.groups() if g).lower()
    count = int(word) if word.isdigit() else NUMBERS[word]
    return count if 1 <= count <= 60 else None  # "a 728 banner" is a size, not 728 ads


_BARE_COUNT = re.compile(
    rf"\b(?:make|do|create|generate|give me|start with)\s+(?:me\s+)?"
    rf"(?:just\s+|only\s+|for now\s+|first\s+|about\s+|around\s+|like\s+)?{_NUMBER}\b"
    r"(?!\s*(?:%|x\b|×|seconds?|sec|s\b|:|#|ml|cm|left|in stock|remaining|days?|"
    r"hours?|weeks?|units?|pieces?|items?|pcs|€|\$|months?|years?))"
    rf"|\b(?:just|only)\s+{_NUMBER}\s+(?:for now|to start|first|please|pls|ads?|images?)\b"
    rf"|(?:^\s*|[,;:]\s+|\s[-–—]\s|\bgimme\s+|\bgive us\s+)(?:a |an )?{_NUMBER}\s+"
    r"(?:for|in|on|with)\s+(?!\d)"
    r"|\bjust (?:the )?(one)\b"
    rf"|\b(?:see|show me)\s+{_NUMBER}\s+(?:for|in|on|with)\b"  # "ok lets see 5 for the feed"
    rf"|(?:,|\band)\s+(?:maybe\s+)?{_NUMBER}\s+(?:please|pls|plz|thanks|thx|max|tops|or so)"
    r"(?:\s+x+)?\s*[.!?]*\s*$"  # "try something on a mossy floor, 3 please", "…, 6 please x"
)


def _bare_count(text: str) -> int | None:
    """"just 2 for now", "make 3 first": a count without a noun, before any ad exists."""
    match = _BARE_COUNT.search(text)
    if not match:
        return None
    word = next(g for g in match.groups() if g).lower()
    count = int(word) if word.isdigit() else NUMBERS.get(word)
    return count if count and count >= 1 else None


_UPRIGHT_STORY = re.compile(
    r"\bportrait(?=\s+(?:format\s+)?\(?9\s*[:x×]\s*16)"
    r"|\b(?:vertical|upright)(?=\s+(?:format\s+)?\(?\d{1,2}\s*[:x×]\s*\d{1,2}\b)"
    r"|\bportrait(?=\s+(?:format\s+)?for\s+(?:(?:instagram|ig|facebook|fb)[\s-]+)?"
    r"(?:stor(?:y|ies)|reels?)\b)")
""""portrait" or "vertical" naming the orientation of the size said with it ("portrait
9:16", "vertical 4:5", "portrait for Instagram stories"), not a placement of its own."""


_SOURCE_FORMATS = (
    re.compile(r"([\w:.-]{1,20}(?: [\w:.-]{1,20})?)\s{0,3}(?:→|->|=>)"),
    re.compile(r"\bfrom\s+(?:the\s+)?([\w:.-]{1,20}(?: [\w:.-]{1,20})?)\s+(?:to|into)\s"),
    re.compile(r"\b(?:instead of|rather than)\s+(?:the\s+)?([\w:.-]{1,20}(?: [\w:.-]{1,20})?)"),
    re.compile(r"(?:^|[:,]\s?)([\w:.-]{1,20})\s+(?:to|into)\s"),
)
"""Where an image's size changes, the size it has: "square → story", "from 1:1 to 9:16",
"story instead of square", "last two: square to story"."""


def find_placements(text: str) -> list[str]:
    """Return the placements the text names, in order ("stories and a 728x90 banner").

    A size said as the one to change from ("square → story") is no placement asked for.
    """
    for pattern in _SOURCE_FORMATS:
        for match in pattern.finditer(text):
            rest = text[: match.start(1)] + text[match.end(1):]
            if _named_placements(match.group(1)) and _named_placements(rest):
                text = text[: match.start(1)] + " " * len(match.group(1)) + text[match.end(1):]
    return _named_placements(text)


def _named_placements(text: str) -> list[str]:
    """Every placement ``text`` names, in order."""
    text = _UPRIGHT_STORY.sub(" ", text)  # "Hochformat 9:16" is the story size, not also 4:5
    found: list[tuple[int, str]] = []
    for match in _SIZE.finditer(text):
        with suppress(CapabilityError):
            found.append((match.start(), resolve_placement(f"{match[1]}x{match[2]}").id))
    for pattern, fmt in FORMATS:
        for match in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            found.append((match.start(), resolve_placement(fmt).id))
    for placement in load_placements().values():
        for name in (placement.id, placement.label, *placement.aliases):
            if len(name) > 3 and name.lower() not in _AMBIGUOUS_PLACEMENTS:
                words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", name))
                for match in re.finditer(rf"\b{words}\b", text, re.IGNORECASE):
                    found.append((match.start(), placement.id))
    named = list(dict.fromkeys(pid for _, pid in sorted(found)))
    known = {p.id for p in load_placements().values()}
    platforms = [p for p in platform_placement(text) if p in known]
    chosen = list(dict.fromkeys([*platforms, *named])) if platforms else named
    return _one_per_size(_without_defaults(chosen, text))


def _one_per_size(placements: list[str]) -> list[str]:
    """"for Amazon 1200x628" is one placement: the platform's, not also a link ad that size."""
    sizes: set[tuple[int, int]] = set()
    kept = []
    for pid in placements:
        size = resolve_placement(pid).size
        if size not in sizes:
            kept.append(pid)
            sizes.add(size)
    return kept


_SPECIFIC_BANNERS = {"wide-skyscraper", "half-page", "billboard", "mobile-banner",
                     "medium-rectangle", "leaderboard"}


_FEED_SIZE = r"(?:\d{1,2}\s*:\s*\d{1,2}|\d{3,4}\s*[x×]\s*\d{3,4}|portrait|vertical|landscape)"
_SIZED_FEED = re.compile(
    rf"{_FEED_SIZE}\s+(?:(?:for|on|in)\s+)?(?:(?:the|my|our|ig|insta|instagram|fb|facebook)\s+){{0,2}}"
    rf"feeds?\b|\bfeeds?\s*(?:in|at|as|[(:])\s*{_FEED_SIZE}")
"""A size said with the feed it is for: the feed names no size of its own then."""


def _without_defaults(placements: list[str], text: str) -> list[str]:
    """Drop a platform's default where the text names the exact size.

    "insta story" is a story, not a square and a story; "a skyscraper banner, 160 wide" is
    no leaderboard as well.
    """
    if len(placements) < 2:
        return placements
    kept = placements
    text = _SIZED_FEED.sub(" ", text)  # "4:5 for the feed" asks 4:5, not also the feed's square
    if "square" in kept and not re.search(r"\b(?:square|1:1|1x1|feed|1080x1080)\b", text):
        kept = [p for p in kept if p != "square"]
    if "leaderboard" in kept and len(_SPECIFIC_BANNERS & set(kept)) > 1 and not re.search(
            r"\bleaderboard\b|\b728\s*[x×]\s*90\b", text):
        kept = [p for p in kept if p != "leaderboard"]
    return kept or placements


_A_NUMBER = re.compile(rf"(?<![#\d.:x×])\b{_NUMBER}\b(?!\s*(?:%|x\b|×|:|seconds?|s\b|ml\b))")
_RESIZE_WORDS = re.compile(r"\b(?:size|sized|format|version|crop|resize)\b")


_SAME_ONES = re.compile(r"\bsame\s+(?:\d{1,2}|two|three|four|five|six|ones|designs|ads)\b"
                        r"(?:\s+(?:ones|designs|ads|images))?\s+(?:as|in|for|like)\b")
""""the same 3 as pins": the designs already counted, also in another size."""


def counts_per_placement(text: str, resize: bool = False) -> list[tuple[int, str]]:
    """How many images each placement gets ("6 for pinterest and 2 for youtube").

    Only where at least two placements each have their own number. With ``resize``, the
    numbers are images to resize instead ("make 3 tiktok size, 1 youtube size").
    """
    if _SAME_ONES.search(text):
        return []  # "3 square + the same 3 as pins": one set of designs, in both sizes
    numbers = list(_A_NUMBER.finditer(_RATIO.sub(" ", text)))
    pairs: list[tuple[int, str]] = []
    resizing = False
    for number, following in zip(numbers, [*numbers[1:], None], strict=False):
        chunk = text[number.start(): following.start() if following else len(text)]
        placements = find_placements(chunk)
        word = number.group(1).lower()
        count = int(word) if word.isdigit() else NUMBERS.get(word, 0)
        if len(placements) == 1 and 1 <= count <= 60 and (word.isdigit() or not resize):
            pairs.append((count, placements[0]))  # an image is named by its digit, never "one"
            # "pásame el 1 a 9:16 y el 3 a 4:5": "the 1" is an image, no count of new ones
            the_image = word.isdigit() and text[: number.start()].endswith("the ")
            resizing = resizing or bool(_RESIZE_WORDS.search(chunk)) or the_image
    return pairs if len({p for _, p in pairs}) >= 2 and resizing == resize else []


def find_format(text: str) -> str | None:
    """Return the first placement the text names."""
    return next(iter(find_placements(text)), None)


def _fold(text: str) -> str:
    return " " + normalize(_PUNCTUATION.sub(" ", text)) + " "


def _negated(folded: str, start: int) -> bool:
    """Whether one of the three words before ``start`` negates what follows.

    "Too summery", "less beachy": the word before says there is too much of it, so it is
    no scene asked for either.
    """
    head = folded[:start]
    if head and not head[-1].isspace():
        head = head.rsplit(None, 1)[0] if len(head.split()) > 1 else ""  # a word begun
    before = head.split()
    near = folded[:start].split()
    return bool(_NEGATION & set(near[-3:])) or bool(before and before[-1] in _EXCESS) or (
        "none of" in " ".join(near[-6:])) or (  # "a few more, none of them on the beach"
        " ".join(near[-2:]) in _ALL_BUT or " ".join(near[-3:-1]) in _ALL_BUT)


_ALL_BUT = frozenset({"anything but", "everything but", "all but", "other than", "rather than",
                      "apart from", "anything except", "whatever but"})
""""4 ads, anything but marble": marble is the one scene not asked for."""


_EXCESS = frozenset({"too", "overly", "less", "excessively"})


def _mentions(folded: str, phrase: str) -> int | None:
    """Position of ``phrase`` as whole words in ``folded`` unless negated, else None."""
    for match in re.finditer(rf"(?<= ){re.escape(phrase)}(?= )", folded):
        if not _negated(folded, match.start()):
            return match.start()
    return None


_PRODUCT_NOUNS = frozenset({
    "bottle", "mug", "cup", "backpack", "sneaker", "shoe", "footwear", "apparel", "bag",
    "notebook", "laptop", "headphones", "charger", "watch", "perfume", "serum", "cream",
    "lotion", "soap", "candle", "lamp", "pillow", "cushion", "blanket", "throw", "towel",
    "razor", "shampoo", "conditioner", "toothbrush", "toothpaste", "sweater", "hoodie", "parka",
    "down jacket", "beanie", "gloves", "boots", "sunglasses", "swimwear", "jewelry",
    "jewellery", "cosmetics", "skincare", "furniture", "vase", "gadget", "speaker", "console",
    "scarf", "lingerie", "sunscreen", "drinkware", "product", "schoolbag", "lunchbox",
    "pencil", "pencils", "cologne", "makeup", "soda",
})
"""Theme keywords that name a product, not a scene: "the bottle bigger" asks for no theme."""


def find_theme(text: str) -> tuple[str | None, bool]:
    """Return the catalog theme the text names and whether it is asked for explicitly.

    "Like the summer one but sunset-y": the scene named after "but" corrects the one before
    it, and needs no cue of its own (not "anything but marble": that one is not asked for).
    """
    text = _PRINT_HANGS.sub(r"\1", text)
    folded = _fold(text)
    but = _BUT_SCENE.search(folded)
    if but is not None:
        corrected, _ = _named_theme(" on " + folded[but.end():])
        if corrected is not None:
            return corrected, True
    return _named_theme(text)


_PRINT_HANGS = re.compile(
    r"(\b(?:poster|posters|print|prints|flyer|flyers|billboard|sign|signs|leaflet|banner|"
    r"a3|a2|a1)\b)(?:\s+\w+){0,2}?\s+(?:in|for|on|at|by)\s+(?:the|our|my|a|your)\s+"
    r"(?:(?:shop|store|front|showroom|office|cafe|café)\s+)?(?:window|wall|entrance|door|counter)\b",
    re.I)
""""a poster in the window", "a print for our shop wall": where the print hangs, no scene."""
_BUT_SCENE = re.compile(r"(?<!anything)(?<!everything)(?<!whatever)(?<! all)(?<!nothing) but "
                        r"(?:(?:more|a bit|a little|make it|make them|with a|with an|with)\s+)?"
                        r"(?=\S+(?: [^ ]+)? $)")
"""The last words of a message after "but": the correction of a scene named before."""


def _named_theme(text: str) -> tuple[str | None, bool]:
    """The theme ``text`` names (see :func:`find_theme`), without corrections after "but".

    Theme names and labels count anywhere; other keywords only right after "on/in/at"
    or right before "theme/background/scene". A name is explicit when such a cue
    surrounds it ("on marble", "the beach theme"); "a summer campaign" only mentions it.
    An explicit name wins over a mention; among equals, the longest name. Negated mentions
    ("no beach") never count.
    """
    folded = _fold(text)
    themes = list(load_themes().values())
    named = [
        (len(name), theme.id, name)
        for theme in themes
        for name in {normalize(theme.id), normalize(theme.label)}
        if _mentions(folded, name) is not None
    ]
    if named:
        # "Summer campaign. Use the beach theme": the cued name is the one asked for.
        cued = [n for n in named if _cued(folded, re.escape(n[2])) is not None]
        _, theme_id, _ = max(cued or named)
        return theme_id, bool(cued)
    scores: dict[str, int] = {}
    for theme in themes:
        for keyword in dict.fromkeys(normalize(k) for k in (*theme.keywords, *theme.named_by)
                                     if len(k) > 3 and k not in _PRODUCT_NOUNS):
            match = (_cued(folded, re.escape(keyword)) or _adjective(folded, keyword, theme)
                     or _noun_made_adjective(folded, keyword)
                     or _for_a_date(folded, keyword, theme))
            if match and not _negated(folded, match.start() + 1):
                # "on concrete": the theme named after the word wins a tie
                named_after = keyword in normalize(theme.id) or keyword in normalize(theme.label)
                scores[theme.id] = scores.get(theme.id, 0) + len(keyword) + named_after
    if not scores:
        return None, False
    # "wintry with snow and mountains": the theme the most (and most specific) cued words
    # call for
    return max(scores, key=lambda t: scores[t]), True


def _for_a_date(folded: str, keyword: str, theme: Theme) -> re.Match[str] | None:
    """"Some for valentines", "3 more for autumn": "for" names an occasion or a season.

    For anything else "for" names an audience or a placement ("for the display network").
    """
    if not (theme.occasion or theme.season) or keyword in AUDIENCE_WORDS:
        return None  # "a winter campaign for students": an audience, not back to school
    if theme.occasion and keyword not in {normalize(n) for n in theme.named_by}:
        return None  # "3 ads for the promo", "for a gift": no occasion is named
    return re.search(rf" for (?:the |a |an |this |next )?{re.escape(keyword)} ", folded)


def _adjective(folded: str, keyword: str, theme: Theme) -> re.Match[str] | None:
    """A scene adjective ("beachy", "christmassy", "snowy") names its theme without a cue.

    It is one made from a scene word of the same theme ("beach" → "beachy"); "display" is
    no adjective of anything.
    """
    if len(keyword) < 5 or not keyword.endswith("y") or keyword in _GRADE_WORDS:
        return None
    nouns = {normalize(k) for k in theme.keywords} | {normalize(theme.id)}
    if keyword[:-1] not in nouns and keyword[:-2] not in nouns:
        return None
    return re.search(rf"(?<![\w-]){re.escape(keyword)}(?![\w-])", folded)


def _noun_made_adjective(folded: str, keyword: str) -> re.Match[str] | None:
    """A scene noun made an adjective ("splashy", "cloudy", "leafy", "smoky") names its theme.

    Any theme's scene noun of four letters or more, with "y" ("splash" → "splashy") or in place
    of its last "e" ("smoke" → "smoky"); not a look word ("sunny", "glowy" grade an image).
    """
    if len(keyword) < 4 or not keyword.isalpha() or keyword.endswith("y") or (
            keyword in _GRADE_WORDS or keyword in _COLOUR_WORDS):
        return None
    forms = [f"{keyword}y", f"{keyword}ey"]
    if keyword.endswith("e"):
        forms.append(f"{keyword[:-1]}y")
    return re.search(rf"(?<![\w-])(?:{'|'.join(forms)})(?![\w-])", folded)


def _cued(folded: str, word: str) -> re.Match[str] | None:
    return _cue_pattern(word).search(folded)


@cache
def _cue_pattern(word: str) -> re.Pattern[str]:
    """The pattern of a theme word with a cue around it, compiled once per word.

    A grading word ("warm", "bright") or a colour ("white") is a theme only as a place or a
    named look ("on a bright background", "a warm theme"), never after "very" or "with"
    ("very warm", "with a white logo").
    """
    grade = word in _GRADE_WORDS or word in _COLOUR_WORDS
    before = _PLACE_CUE_BEFORE if grade else _THEME_CUE_BEFORE
    after = _PLACE_CUE_AFTER if grade else _THEME_CUE_AFTER
    if word in _LIGHT_WORDS:
        after = rf"(?:{after}|light|lighting|glow)"  # "golden light" is golden hour
    # "that sunset golden light": a look word may sit between a scene word and its cue
    between = "" if grade else rf"(?:(?:{'|'.join(sorted(_GRADE_WORDS))}) )?"
    return re.compile(rf" {before} {word} | {word} {between}{after} ")


_COLOUR_WORDS = frozenset({"white", "grey", "gray", "pink", "green", "gold", "tan", "aqua"})
"""Colours that are also scene words: a scene only as a place ("on white", "a white
background"), never after "with" ("a tee with a white logo print" is no studio)."""
_LIGHT_WORDS = frozenset({"golden"})
"""Look words that name a theme before "light" ("golden light"), unlike "soft light"."""


_PLACE_CUE_AFTER = r"(?:theme|themed|background|backdrop|scene|setting)"
_GRADE_WORDS = frozenset({"warm", "cold", "cool", "bright", "fresh", "hot", "light", "dark",
                          "soft", "clean", "simple", "minimal", "bold", "calm", "natural",
                          "sunny", "glow", "golden", "energy", "sleek", "moody", "vibrant"})
_PLACE_CUE_BEFORE = (
    r"(?:on|in|at|into|onto|by|near|(?:background|backdrop|scene) (?:of|with))"
    r"(?:\s+(?:an?|the|some))?"
)


_LABELLED = re.compile(
    r"(?:^|\n|[.!?]\s+)(?:headline(?:\s+idea)?|überschrift|schlagzeile|titre|titular|titolo)"
    r"\s*:\s*[\"“„«]?\s*([^\n\"“”„«»]{2,80}?)\s*[\"”“»]?\s*(?=\n|$|\s+[A-Z][\w ]{0,20}:\s)",
    re.IGNORECASE)


def labelled_headline(text: str) -> str | None:
    """A headline a brief gives on a line of its own, unquoted ("Headline: Stay cold. Go far.").

    In the brief's own words and case (German, French, Spanish and Italian labels too); the
    line ends it, or the next label ("... Audience: hikers"). What reads as an instruction
    about the headline ("headline: make it bigger") is none.
    """
    match = _LABELLED.search(text)
    if match is None or _ABOUT_THE_HEADLINE.match(match.group(1)):
        return None  # "headline: make it bigger" asks for a change, it is no copy
    return match.group(1).strip()


_ABOUT_THE_HEADLINE = re.compile(
    r"\s*(?:make|change|bigger|smaller|larger|shorter|longer|remove|delete|drop|use|put|move|"
    r"add|less|more|too|not|no|none|same|keep|mach|plus|moins|más|menos|più|meno)\b",
    re.IGNORECASE)


def find_headline(text: str) -> str | None:
    """Return a quoted headline ('add the headline "Stay cold."'), or "" to remove it."""
    match = _HEADLINE.search(text)
    if match:
        return match.group(1).strip()
    named = _copy_named_after(text, "headline")
    if named is not None:
        return named  # "'Cold all day' as the headline"
    said = _SAYS_QUOTE.search(text)
    if said and not _OTHER_COPY.search(text[: said.start()][-40:]) and not _OTHER_COPY.search(
            text[said.end(): said.end() + 25]):
        return said.group(1).strip()  # '#2 should say "Summer's calling"'
    return "" if _REMOVE_HEADLINE.search(text) else None


_SAYS_QUOTE = re.compile(rf"\b(?:say|says|saying|read|reads)\s*:?\s*{_QUOTED}", re.I)
_OTHER_COPY = re.compile(
    r"\b(?:button|cta|call to action|sub ?line|sub-line|tagline|shot|scene|card|frame|end)\b", re.I)


_SUBLINE = re.compile(
    rf"\b(?:sub ?line|sub-line|subheadline|sub-headline|tagline)\b[^\"“'‘«]{{0,30}}?{_QUOTED}"
    rf"|{_QUOTED}\s+(?:as|in|for)\s+(?:the\s+|a\s+)?(?:sub ?line|sub-line|tagline)\b", re.I)
_REMOVE_SUBLINE = re.compile(
    r"\b(?:remove|delete|drop|no|without)\s+(?:the\s+)?(?:sub ?line|sub-line|tagline)\b", re.I)
_REPLACE = re.compile(rf"\b(?:change|replace|swap|switch|make)\s+{_QUOTED}\s+(?:to|with|for|into|"
                      rf"by)\s+{_QUOTED}", re.I)
_CTA_WORDS = re.compile(r"^\s*(?:shop|buy|get|order|grab|learn|discover|see|try|save|book|"
                        r"join|start|claim|explore)\b", re.I)
KIT_COLOURS = re.compile(r"\b(?:our|the|my)?\s*(?:brand|kit)\s+colou?rs?\b|\bbrand\s+kit\b"
                         r"|\bon[- ]brand\b|\b(?:in|with|using|use|apply|put|add|set)\s+our\s+"
                         r"(?:own\s+)?"
                         r"colou?rs\b")
"""The saved brand kit's colours, asked for without naming them ("on brand")."""
_WIDER = re.compile(
    r"\b(?:make|turn|crop|reformat)\s+(?:#\s?\d{1,2}|it|this|that|them|(?:the\s+)?(?:image|ad|"
    r"[a-z-]+\s+one))\s+(?:a\s+(?:bit|lot|little)\s+)?(?:wider|horizontal)\b"
    r"|\bwider\s+(?:format|version|crop|size)\b")
"""The image itself in a wide shape ("make #4 wider"), not the product ("the bottle wider")."""
_WITHOUT_KIT = re.compile(
    r"\b(?:without|no|minus|skip|leave out|drop|none of)\s(?:any\s)?(?:of\s)?(?:the\s|our\s|my\s)?"
    r"(?:brand(?:ing)?(?:\s(?:kit|stuff|things|colou?rs?|look|identity))?|kit)\b(?!\s+new\b)"
    r"|\boff[- ]brand\b|\bunbranded\b")
"""New ads made without the saved brand kit ("without any of the brand stuff this time")."""


def find_subline(text: str) -> str | None:
    """Return a quoted subline ('subline on 3: "Cold for 24 hours"'), or "" to remove it."""
    match = _SUBLINE.search(text)
    if match:
        return next(g for g in match.groups() if g).strip()
    named = _copy_named_after(text, "subline")
    if named is not None:
        return named  # "'Up to 40% off' as the subline"
    return "" if _REMOVE_SUBLINE.search(text) else None


_QUOTE_AS = re.compile(
    rf"{_QUOTED}\s*(?:as|for|in|on)\s+(?:the\s+|a\s+|our\s+|my\s+)?"
    r"(sub ?line|sub-line|subheadline|tagline|headline|title|cta|button|call to action)\b", re.I)
_SLOTS = {"subline": ("sub line", "subline", "sub-line", "subheadline", "tagline"),
          "headline": ("headline", "title"), "cta": ("cta", "button", "call to action")}


_A_QUOTE_SLOT = re.compile(
    rf"\b(?:a|an|the|new)\s+{_QUOTED}\s*"
    r"(sub ?line|sub-line|subheadline|tagline|headline|title|cta|button)\b", re.I)
""""gets a 'Free shipping' subline": the copy named before its slot."""


def _copy_named_after(text: str, slot: str) -> str | None:
    """Quoted copy followed by its slot ("'Up to 40% off' as the subline", "a 'X' subline")."""
    for pattern in (_QUOTE_AS, _A_QUOTE_SLOT):
        for match in pattern.finditer(text):
            if match.group(2).lower() in _SLOTS[slot]:
                return match.group(1).strip()
    return None


def find_replacement(text: str) -> tuple[str, str] | None:
    """The copy to replace and its new words ("change 'Shop now' to 'Grab yours'")."""
    match = _REPLACE.search(text)
    return (match.group(1).strip(), match.group(2).strip()) if match else None


def find_cta(text: str) -> str | None:
    """Return quoted button text ('button "Buy now"'), or "" to remove the button."""
    match = _CTA.search(text)
    removal = _REMOVE_CTA.search(text)
    if match and removal and removal.start() < match.start() and not _NEW_COPY.search(
            text[removal.end():match.start(1)]):
        return ""  # "remove the button of 'Shop now'": the quote names the old button
    if match:
        return match.group(1).strip()
    named = _copy_named_after(text, "cta")
    if named is not None:
        return named  # "'Grab yours' as the button"
    bare = _CTA_BARE.search(text)
    if bare and not removal and _bare_copy(bare.group(1)):
        words = bare.group(1).strip()
        return words[0].upper() + words[1:]  # "swap the button to Grab yours"
    return "" if removal else None


_CTA_BARE = re.compile(
    r"\b(?:button|cta|call to action)(?:\s+(?:text|copy))?"
    r"(?:\s+on\s+(?:#\s*\d+|\d{1,2}|the\s+[a-z-]+(?:\s+one)?))?"
    r"\s+(?:to|into|=|:|->|→|should (?:say|read|be)|says?|reads?)\s+"
    r"([^,.;!?\"“”«»()#]{2,28}?)\s*(?:\s(?:please|pls|thanks|thx|ty))?\s*(?:[,.;!?]|$)", re.I)
_NOT_COPY = re.compile(
    r"^(?:the|a|an|it|be|something|bigger|smaller|larger|left|right|top|bottom|center|centre|"
    r"middle|bold|bolder|round|rounded|square|pill|outline|match|same|white|black|dark|light)\b"
    r"|\b(?:colou?r|size|corner|side|font|shape)\b", re.I)


def _bare_copy(words: str) -> bool:
    """Unquoted button words ("grab yours"), not a look ("red", "bigger", "the left")."""
    words = words.strip()
    return (len(words.split()) <= 4 and not _NOT_COPY.search(words)
            and not any(colour_hex(w) for w in words.split()))


_NEW_COPY = re.compile(r"\b(?:to|with|into|say|says|read|reads|instead|for)\b|[:=→>]")


def find_warmth(text: str) -> float | None:
    """Return the colour change asked for: > 0 warmer, < 0 cooler, None for no change.

    "not warmer but cooler" is cooler; "less warm" is cooler; "much warmer" is a bigger
    step and "slightly cooler" a smaller one.
    """
    change: float | None = None
    for match in _WARMTH.finditer(text):
        modifier, strength, word = (g.lower() if g else "" for g in match.groups())
        if modifier in ("not", "no", "never", "instead of", "rather than") or (
                word in _PLAIN_ADJECTIVES and not modifier):
            continue
        sign = 1.0 if word in _WARM_WORDS or word.startswith("warm ") else -1.0
        sign = -sign if modifier == "less" else sign
        step = 0.6 if strength in ("much", "a lot", "way", "even", "far") else 0.35
        change = sign * (0.2 if strength and step == 0.35 else step)
    return change


def find_target(text: str) -> Target | None:
    """Return which image(s) the text means.

    An asset id, a number (#3, "the second one"), several numbers ("images 2 and 3",
    "#2, #4", "the first two"), "all" (the last set), or -1 (the latest image).
    """
    asset = _ASSET.search(text)
    if asset:
        return asset.group(0)
    listed = _NUMBER_LIST.search(text)
    hashes = [int(n) for n in re.findall(r"#\s*(\d{1,3})\b", text)]
    if listed or len(hashes) > 1:
        found = [int(n) for n in re.findall(r"\d{1,3}", listed.group(1))] if listed else hashes
        return list(dict.fromkeys(found))
    first = _FIRST_N.search(text)
    if first:
        word = first.group(1).lower()
        return list(range(1, (int(word) if word.isdigit() else NUMBERS[word]) + 1))
    match = _INDEX.search(text)
    if match:
        digit = match.group(1) or match.group(2)
        return int(digit) if digit else ORDINALS[match.group(3).lower()]
    if _ALL.search(text):
        return "all"
    return -1 if _LAST.search(text) else None


def find_region(text: str) -> tuple[float, float, float, float] | None:
    """Return the region a removal names ("remove the leaf in the top left")."""
    if not _REMOVE.search(text) or _TEXT_WORDS.search(text):
        return None
    match = _REGION.search(text)
    if match is None:
        return (0.0, 0.0, 0.0, 0.0)  # a removal without a place: the planner asks where
    key = re.sub(r"[- ]+", " ", match.group(1).lower()).replace("centre", "center")
    return REGIONS[key]


def find_scale(text: str) -> float | None:
    """Return how much to resize the product ("make it bigger" → 1.2, "50% smaller" → 0.5)."""
    if _about_text(text) or _UPSCALE.search(text):
        return None
    times = _TIMES.search(text)
    if times:
        word = times.group(1).lower()
        factor = float(_TIMES_WORDS.get(word) or int(word))
        grow = times.group(2).lower() in ("bigger", "larger")
        return round(factor if grow else 1 / factor, 2)  # out of range: the planner asks
    percent = _PERCENT.search(text)
    after = None if percent else _PERCENT_AFTER.search(text)
    if percent or after:
        amount, way = (percent.group(1), percent.group(2)) if percent else (
            after.group(2), after.group(1)) if after else ("0", "")
        change = int(amount) / 100
        grow = way.lower() in ("bigger", "larger")
        return round(max(0.5, min(2.0, 1 + change if grow else 1 - change)), 2)
    for pattern, step in ((_BIGGER, 0.2), (_SMALLER, -0.2)):
        match = pattern.search(text)
        if match:
            return round(1.0 + step * (2 if match.group(1) else 1), 2)
    return None


_TO_SIDE = re.compile(
    r"\b(?:product|bottle|item|it|mug|bag|bigger|larger|smaller)\s+"
    r"(?:and\s+)?(?:please\s+)?(?:a bit\s+|a little\s+|slightly\s+|more\s+|further\s+)?"
    r"(?:(?:to|towards|on)\s+the\s+(left|right)\b"
    r"|(higher|lower)\b)", re.I)
""""the bottle a bit to the left" (German word order), "put the bottle a bit higher"."""
_AND_SIDE = re.compile(
    r"\s+(?:a bit\s+|a little\s+)?(?:and|&)\s+(?:to\s+the\s+|towards?\s+(?:the\s+)?)?"
    r"(left|right|up|down|higher|lower)\b", re.I)
""""down and to the right": a second direction right after the first."""


def find_shift(text: str) -> tuple[float, float] | None:
    """Return where to move the product ("move it to the left" → (-0.15, 0))."""
    if _about_text(text):
        return None
    match = _MOVE.search(text) or _TO_SIDE.search(text)
    if not match:
        return None
    dx, dy = _SHIFTS[next(g for g in match.groups() if g).lower()]
    second = _AND_SIDE.match(text, match.end())
    if second:
        more = _SHIFTS[second.group(1).lower()]
        if (dx == 0) != (more[0] == 0):  # one across and one up or down
            dx, dy = dx + more[0], dy + more[1]
    return dx, dy


_SIZED_TEXT = re.compile(
    r"\b(?:headline|text|font|logo|button|cta|title|tagline|copy|subline)s?\s+(?:\S+\s+){0,5}?"
    r"(?:bigger|larger|smaller|left|right|up|down)\b"
    r"|\b(?:bigger|larger|smaller)\s+(?:\w+\s+)?(?:headline|text|font|logo|button|cta|title)",
    re.I,
)


def _about_text(text: str) -> bool:
    """The size or move is about the copy or logo, not the product ("make the headline bigger")."""
    return bool(_SIZED_TEXT.search(text)) and not re.search(r"\bproduct\b", text, re.I)


_BACKGROUND_WORD = re.compile(r"\b(?:background|backdrop)s?\b", re.I)
_NOT_COLOURS = {"tan", "linen", "snow", "chocolate", "bisque", "wheat"}  # more often not colours


_OTHER_SUBJECTS = frozenset({"headline", "text", "button", "cta", "font", "logo", "subline",
                             "tagline", "copy", "title", "letters", "lettering"})


def _colour_near_background(text: str) -> str | None:
    """The first colour named within six words after "background" (or two before it)."""
    for match in _BACKGROUND_WORD.finditer(text):
        after = re.findall(r"#[0-9a-fA-F]{6}\b|[a-z-]+", text[match.end():].lower())[:6]
        before = re.findall(r"#[0-9a-fA-F]{6}\b|[a-z-]+", text[: match.start()].lower())[-2:]
        # "a navy backdrop and a white headline": the colour right before it is the
        # background's; what comes after another subject ("headline") is that subject's
        ends = [i for i, w in enumerate(after) if w in _OTHER_SUBJECTS]
        after = after[: ends[0]] if ends else after
        adjacent = before[-1:] if before and colour_hex(before[-1]) else []
        for words in (before if adjacent else [], after, before):
            typed = next((w for w in words if w.startswith("#")), None)
            if typed:  # "a deep navy, #1B2A49": the code typed is the exact colour meant
                return typed.upper()
            for i, word in enumerate(words):
                if word.startswith("#"):
                    return word.upper()
                pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
                for candidate in (pair, word):
                    value = colour_hex(candidate) if candidate not in _NOT_COLOURS else None
                    if candidate and value:
                        return value
    return None


_DARKER_BACKDROP = re.compile(r"\b(darker|deeper|moodier|black)\b[^.]*\b(?:background|backdrop)\b"
                              r"|\b(?:background|backdrop)\b[^.]*\b(darker|deeper)\b", re.I)
_LIGHTER_BACKDROP = re.compile(r"\b(lighter|brighter|paler)\b[^.]*\b(?:background|backdrop)\b"
                               r"|\b(?:background|backdrop)\b[^.]*\b(lighter|brighter|paler)\b",
                               re.I)


def find_backdrop_color(text: str, current: str | None = None) -> str | None:
    """Return the background colour asked for ("make the background navy" → #000080).

    Any CSS/X11 colour name counts, with "dark"/"light" ("dark blue"), and "a darker
    background" darkens ``current`` (the image's main colour, when known).
    """
    if _KEEP_BACKGROUND.search(text):
        return None
    value = _colour_near_background(text)
    if value:
        return value
    if current and _DARKER_BACKDROP.search(text):
        return shade(current, 0.45)
    if current and _LIGHTER_BACKDROP.search(text):
        return shade(current, 1.6)
    return None


def find_logo(text: str) -> Literal["add", "remove"] | None:
    """Return whether the message adds or removes the logo on an image."""
    if _LOGO_OFF.search(text):
        return "remove"
    return "add" if _LOGO_ON.search(text) else None


def find_font(text: str) -> str | None:
    """Return the font family the text names ('use Manrope' → 'manrope')."""
    folded = normalize(text)
    for match in _FONT.finditer(folded):
        before = folded[max(0, match.start() - 40): match.start()]  # the words just before
        if _NOT_THIS_FONT.search(before) or _NO_LONGER.match(
                folded[match.end():]):
            continue  # "brand font is not lato anymore": the font not wanted
        return FONTS[match.group(1).lower()]
    return None


_NOT_THIS_FONT = re.compile(r"\b(?:not|no|never|without|instead of|except|but|other than|"
                            r"rather than|(?:no|not) more|stop using|drop|ditch|hate)\s+"
                            r"(?:the\s+|using\s+)?$")
_NO_LONGER = re.compile(r"\s+(?:anymore|any more|no more|no longer)\b")


_BRIGHTER = re.compile(r"\b(?:(much|a lot|way|even)\s+)?(brighter|lighter|more light|lighten|"
                       r"brighten|less (?:dark|gloomy|dim|murky|moody|dull|drab)|more luminous|"
                       r"sunnier|too dark|so dark|"
                       r"(?:lift|raise|bump|up|increase)\s+(?:the\s+)?(?:exposure|brightness)|"
                       r"more exposure)\b",
                       re.I)
_DARKER = re.compile(r"\b(?:(much|a lot|way|even)\s+)?(darker|darken|dimmer|less bright|"
                     r"moodier|more moody|too bright|too light|overexposed|"
                     r"(?:lower|reduce|decrease)\s+(?:the\s+)?(?:exposure|brightness)|"
                     r"less exposure)\b", re.I)
_POP = re.compile(r"\bpop\b(?!\s+(?:it|this|that|them|our \w+|the \w+|\w+ code)\s+"
                  r"(?:on|in|onto|into|at)\b)"
                  r"|\bstand out\b|\bless boring\b|\bboring\b|\bmore exciting\b"
                  r"|\boomph\b|\blooks? (?:a bit |too |so )?flat\b|\bmore zing\b"
                  r"|\b(?:bump|boost|crank|push)\s+(?:up\s+)?(?:the\s+)?contrast\b"
                  r"|\b(?:higher|increase(?: the)?|up the|raise(?: the)?)\s+contrast\b"
                  r"|\blivelier\b|\bmore lively\b|\bmore interesting\b"
                  r"|\bmore (?:punch|impact|contrast|vivid|vibrant|eye[- ]catching)"
                  r"|\bpunchier\b|\bbolder\b|\bmore striking\b|\bcatchier\b", re.I)
_FLATTER = re.compile(r"\bless contrast\b|\bsofter\b|\bmore muted\b|\bflatter\b", re.I)
_PLAINER = re.compile(
    r"\b(?:plainer|simpler|cleaner|calmer|less busy|too busy|less cluttered|too cluttered|"
    r"minimal(?:ist)?|more minimal|quieter)\b", re.I)
_PREMIUM = re.compile(r"\b(?:more )?(?:premium|luxur(?:y|ious)|elegant|classier|"
                      r"high[- ]end|sophisticated)\b"
                      # "make them look expensive", not the praise "#1 looks expensive"
                      r"|\blook\s+(?:more\s+|really\s+|very\s+)?(?:expensive|pricey|posh|fancy)\b",
                      re.I)


_BRAND_COLOURS = re.compile(
    r"(?:\bbrand\s+colou?rs?|\b(?:our|my|new)\s+colou?rs?|^\s*colou?rs?|\bcolou?rs?\s*:)"
    r"(?:\s+(?:are|is|it'?s|now|changed|should be|to|:|=|c'est|sind|son))*"
    r"[\s:,-]*(.+?)(?:[.;!?]|,?\s+(?:font|logo|tone|update|apply|and (?:update|apply|use|"
    r"make))\b|$)"
)


_SAVED_AS = re.compile(
    r"\b(?:save|add|set|store|keep|remember)\s+(\S(?:[^.!?;]{0,80}?\S)?)\s+(?:as|to|in|into)\s+"
    r"(?:a\s+|an\s+|our\s+|the\s+)?(?:brand\s+(?:colou?rs?|palette|kit)|(?:colou?rs?\s+)?(?:in\s+)?(?:the\s+|our\s+)?kit)\b")
""""Save navy as a brand colour", "add teal to the kit": colours stated for the kit."""


def named_brand_colours(text: str) -> list[str]:
    """Brand colours given by name ("our brand colours are navy and gold") as #RRGGBB."""
    match = _BRAND_COLOURS.search(text)
    saved = _SAVED_AS.search(text)
    if saved and (not match or saved.start() < match.start()):
        match = saved
    if not match:
        return []
    found = []
    for chunk in re.split(r"\s*(?:,|&|/|\+|\band\b|\bplus\b|\bnow\b|\bthen\b)\s*",
                          match.group(1)):
        value = _colour_in([w for w in chunk.split() if w not in ("our", "the", "a", "please")])
        if value:
            found.append(value)
    return list(dict.fromkeys(found))[:5]


def _colour_in(words: list[str]) -> str | None:
    """The first colour named in ``words`` ("forest green" before "green")."""
    for start in range(len(words)):
        value = colour_hex(" ".join(words[start:start + 2])) or colour_hex(words[start])
        if value:
            return value
    return None


def _names_theme(text: str, theme_id: str) -> bool:
    """Whether the text names the theme itself ("marble"), not just a keyword of it."""
    theme = load_themes().get(theme_id)
    names = {normalize(theme_id)} | ({normalize(theme.label)} if theme else set())
    return any(_mentions(_fold(text), name) is not None for name in names)


_SHADE = (r"[\s-]+(?:green|blue|grey|gray|white|black|red|brown|beige|yellow|orange|pink|"
          r"purple|gold|teal|navy)\b")


def _shade_of(text: str, theme_id: str) -> bool:
    """"forest green", "ocean blue": the theme's name says which colour, it is no scene."""
    theme = load_themes().get(theme_id)
    names = {normalize(theme_id)} | ({normalize(theme.label)} if theme else set())
    return any(re.search(rf"\b{re.escape(name)}{_SHADE}", _fold(text)) for name in names)


_COPY_SUBJECT = re.compile(
    r"\b(?:headline|text|font|logo|button|cta|copy|title|tagline|subline|typo\w*|lettering)s?\b")
_SCENE_SUBJECT = re.compile(
    r"\b(?:product|bottle|background|backdrop|image|photo|scene|picture|whole|everything|it|"
    r"colou?rs?|ad|one)\b")
_KEEP_BACKGROUND = re.compile(
    r"\b(?:not|but not|except|leave|keep|without changing)\s+(?:the\s+)?(?:background|backdrop)\b")


def find_brightness(text: str) -> float | None:
    """Return the overall lightness change asked for ("brighter" → 0.3, "much darker" → -0.5).

    A lighter or darker *background* is a backdrop change, not this.
    """
    if re.search(r"\b(?:background|backdrop)\b", text, re.I) and not _KEEP_BACKGROUND.search(text):
        return None
    for pattern, sign in ((_BRIGHTER, 1.0), (_DARKER, -1.0)):
        match = pattern.search(text)
        if match and not _NOT_BEFORE.search(text[: match.start()]):
            return sign * (0.5 if match.group(1) else 0.3)
    return None


def find_contrast(text: str) -> float | None:
    """Return the contrast change asked for ("make it pop" → 0.35, "softer" → -0.25)."""
    if _POP.search(text):
        return 0.35
    return -0.25 if _FLATTER.search(text) else None


def find_mood_theme(text: str) -> str | None:
    """A scene for a mood: plainer → studio, premium/moodier → studio-dark."""
    if _PLAINER.search(text):
        return "studio"
    if _PREMIUM.search(text) or re.search(r"\bmoodier\b|\bmore moody\b", text, re.I):
        return "studio-dark"
    return None


_HAND = re.compile(
    r"\b(?:remove|erase|delete|get rid of|take (?:out|away|off)|lose|crop out|edit out|cut out)"
    r"\s+(?:(?:the|my|his|her|their|that|this|those|these)\s+)?"
    r"(?:hands?|fingers?|arms?)\b(?!\s+(?:cream|lotion|soap|wash|bag|towel|made|painted))"
    r"|\b(?:hands?|fingers?)\s+(?:out|gone|removed)\b"
    # the hand named first, the removal after it: "the hand in my photo looks weird, get rid of
    # it", "there is a hand holding the bottle in my photo, can it be removed?"
    r"|\b(?:the|my|a|an|his|her)\s+hands?\b(?!\s+(?:cream|lotion|soap|wash|bag|towel|made|painted))"
    r"[^.;!]{0,70}?(?:\b(?:remove|erase|delete|get rid of|take (?:out|away|off)|lose|edit out|"
    r"crop out)\s+(?:it|them|that)\b|\bremove\s*[?!.]*\s*$"
    # "can you take it out", "get it off": the pronoun inside the verb
    r"|\b(?:take|get|cut|edit|crop|rub)\s+(?:it|them|that)\s+(?:out|away|off)\b"
    r"|\b(?:can|could) (?:it|they|that) be (?:removed|deleted|erased|taken out)\b)"
)


def has_images_named(request: Request) -> bool:
    """The request names ad images (#3, "the second"): a hand there is a retouch of that ad."""
    return isinstance(request.target, list) or (
        isinstance(request.target, int) and request.target > 0)


def wants_hand_removal(text: str) -> bool:
    """Whether the text asks to take the hand holding the product out of its photo.

    "remove the hand", "no hand", "Hand entfernen", "enlève la main", "sin la mano"; a
    product named after hands ("hand cream") is no hand.
    """
    match = _HAND.search(text)
    return match is not None and not _NOT_BEFORE.search(text[: match.start()])


def wants_cutout(text: str) -> bool:
    """Whether the text asks to remove a photo's background ("remove the background").

    English, German ("Freisteller"), Spanish ("quitar el fondo") and French ("supprimer
    l'arrière-plan") phrasings count; a negated one ("don't remove the background") does not.
    """
    match = _CUTOUT.search(text)
    return match is not None and not _NOT_BEFORE.search(text[: match.start()])


def find_objective(text: str) -> str:
    """Return the campaign objective the text implies, or ''."""
    lowered = text.lower()
    for objective, cues in _OBJECTIVES.items():
        if any(re.search(rf"\b{cue}\b", lowered) for cue in cues):
            return objective
    return ""


def _audience(text: str) -> list[str]:
    """The audiences ``text`` names, less minors it only keeps out ("no kids allowed")."""
    found = find_audience(text)
    if aimed_at_minors(fold(text)):
        return found
    return [a for a in found if MINORS.search(fold(a)) is None]


def brief_fields(text: str) -> dict[str, object]:
    """Return the brief facts stated in ``text`` (audience, tone, objective, ...)."""
    fields: dict[str, object] = {
        "audience": ", ".join(_audience(text)),
        "tone": find_tone(text),
        "objective": find_objective(text),
        "brand_colors": [c.upper() for c in _COLOR.findall(text)],
    }
    placements = find_placements(text)
    if placements:
        fields["placements"] = placements
    return {k: v for k, v in fields.items() if v}


def product_title(text: str) -> str:
    """Return the product's name from a brief, without greetings and request phrasing.

    "Hi, I sell handmade soy candles" gives "Handmade soy candles". Words that only
    accompany an upload ("here you go", "product photo", "again") name nothing: "".
    """
    phrase = product_phrase(text)
    return product_name(phrase) if phrase else ""




def classify(
    text: str,
    *,
    has_images: bool,
    has_product: bool,
    attached: bool,
    english: str | None = None,
    current_color: str | None = None,
) -> Request:
    """Read one request.

    Args:
        text: What the user typed (attachment notes removed).
        has_images: Ad images exist in the conversation (so edits make sense).
        has_product: The product is known (features were extracted).
        attached: The message carries a product photo.
        english: The request as the rules read it (default: :func:`language.read` of text).
        current_color: The main colour of the image meant, for "a darker background".

    Returns:
        The request, with every parameter found in the text.
    """
    if english is None:
        reading = read(text)
        english, lang = reading.text, reading.lang
    else:
        lang = detect(text)
    unquoted = _QUOTE.sub(" ", english)  # quoted copy is copy, not an instruction
    theme, explicit = find_theme(unquoted)
    about_copy = bool(_COPY_SUBJECT.search(unquoted)) and not _SCENE_SUBJECT.search(unquoted)
    mood = None if about_copy else find_mood_theme(unquoted)
    from_mood = theme is None and mood is not None
    if from_mood:
        theme, explicit = mood, True
    request = Request(
        kind="unknown",
        text=text,
        english=english,
        lang=lang,
        n=find_count(unquoted) or (None if has_images else _bare_count(unquoted)),
        theme=theme,
        format=find_format(unquoted),
        placements=find_placements(unquoted),
        headline=find_headline(english),
        cta=find_cta(english),
        warmth=find_warmth(unquoted),
        target=find_target(unquoted),
        brand_colors=[c.upper() for c in _COLOR.findall(unquoted)],
        facts=brief_fields(_QUOTE.sub(" ", text)),
        as_is=bool(_AS_IS.search(unquoted)),
        font=find_font(unquoted),
        theme_explicit=explicit,
        mood=from_mood,
        remove_region=find_region(unquoted),
        product_scale=find_scale(unquoted),
        product_shift=find_shift(unquoted),
        upscale=bool(_UPSCALE.search(unquoted)),
        backdrop_color=find_backdrop_color(unquoted, current_color),
        logo=find_logo(unquoted),
        brightness=None if about_copy else find_brightness(unquoted),
        contrast=None if about_copy else find_contrast(unquoted),
    )
    if request.headline is None:
        request.headline = labelled_headline(text)  # "Headline: Stay cold. Go far."
    if not request.brand_colors:
        request.brand_colors = named_brand_colours(unquoted)
    request.subline = find_subline(english)
    if request.subline is not None and request.headline == request.subline:
        request.headline = None  # "subline: 'X'" is no headline
    if request.cta and request.headline == request.cta and _BUTTON_TEXT.search(unquoted):
        request.headline = None  # "the text of the button: 'X'" is the button's, no headline
    replacement = find_replacement(english)
    if replacement and request.headline is None and request.cta is None:
        old_copy, new_copy = replacement  # "change 'Shop now' to 'Grab yours'"
        if _CTA_WORDS.match(old_copy) and len(old_copy.split()) <= 3:
            request.cta = new_copy
        else:
            request.headline = new_copy
    if request.format is None and _WIDER.search(unquoted):
        request.format, request.placements = "landscape", ["landscape"]  # "make #4 wider"
    request.no_kit = bool(_WITHOUT_KIT.search(unquoted))
    request.kit = (not request.brand_colors and bool(KIT_COLOURS.search(unquoted))
                   and not _SAVED_AS.search(unquoted)  # "save navy as a brand colour"
                   and not request.no_kit)
    if request.backdrop_color:  # a background colour is not a brand colour
        request.brand_colors = [c for c in request.brand_colors if c != request.backdrop_color]
        if request.theme and (not _names_theme(unquoted, request.theme)
                              or _shade_of(unquoted, request.theme)):
            request.theme, request.theme_explicit = None, False  # "sage green": a colour
    pop = re.search(r"\bpop\b|\bstand out\b", unquoted) and _POP.search(unquoted)
    if pop and request.contrast and request.product_scale is None:
        request.product_scale = 1.15  # "make it pop": punchier and a bigger product
    corrected = _CORRECTION.split(unquoted)
    if len(corrected) > 1 and len(request.placements) > 1:
        # "make them square... no wait, 4:5": the size said last replaces the one before
        later = find_placements(corrected[-1])
        if later:
            request.placements, request.format = later, later[0]
    if request.n is None:
        request.n = count_alone(request, unquoted)
    if len(corrected) > 1:
        # "let's do 4... actually no, make it 8 total": the count said last is the count
        count = find_count(corrected[-1]) or count_alone(request, corrected[-1]) or (
            None if has_images else _bare_count(corrected[-1]))
        if count:
            request.n = count
    request.kind = _kind(request, has_images=has_images, has_product=has_product, attached=attached)
    if request.kind == "generate" and request.n is None and _ONE_MORE_LIKE.match(unquoted):
        request.n = 1  # "another like the loft one": one new ad
    relative = (_DARKER_BACKDROP.search(unquoted) or _LIGHTER_BACKDROP.search(unquoted)) \
        and not _colour_near_background(unquoted)
    if request.kind == "generate" and has_images and request.n is None and relative:
        # "make a version with a darker background": darker than an image's own, so a
        # version of an image (which one is read, or asked), not four new ads
        request.kind = "edit"
    return request


_CORRECTION = re.compile(r"\b(?:no\s+wait|wait|no,?\s+actually|actually,?\s+no|i mean|or rather|"
                         r"scratch that)\b"
                         r"[\s,.:!-]*")


_BUTTON_TEXT = re.compile(r"\b(?:text|words?|copy|label)\s+(?:of|on)\s+the\s+(?:button|cta)\b"
                          r"|\b(?:button|cta)\s+(?:text|copy|label|words?)\b")
_QUESTION = re.compile(
    r"^\s*(?:why|how (?:much|many|long|does|do|is|are|would|will)|"
    r"what(?:'s| is| are| does| do)?|when|where|"
    r"who|which|is it|are you|do you|does it|will it|"
    r"(?:would|should|might) (?:a|an|it|this|that|these|those|they|i|we)\b"
    r"(?! (?:like|want|love|be able|be possible)\b)|"
    r"is (?:the|this|that|my|our|#\s*\d)|are (?:the|these|those|they))\b", re.I)
_ADVICE = re.compile(
    r"\b(?:work|look|perform|do|convert) (?:better|best)\b|\bwhat(?:'s| is) the difference\b"
    r"|\b(?:difference|diff|diffs)\s+between\b|\bwhat'?s\s+the\s+diff\b"
    r"|\bdifference\b[^?]*\?|\bhow long (?:would|will|is)\b"
    r"|\bwhich (?:(?:size|format|placement|ratio|platform|colou?r|theme|version)\s+)?"
    r"(?:one|of them|works|would|"
    r"is|do you)\b|\bwhat do you (?:think|recommend)\b|\bdo you think\b|\bin your opinion\b"
    r"|\b(?:can|could|do) (?:you|u) (?:also )?(?:make|do|create|generate|handle)\s+"
    r"(?:videos?|video ads|carousels|animations|gifs|banners|stories|reels)\s*"
    r"(?:too|as well|also)?\s*\?"
    r"|\bjust (?:wondering|asking|curious)\b|\bdon'?t change anything\b|\bno changes? yet\b"
    r"|\bwill (?:the|it|there)\b[^?]*\?|\bis there (?:a|any)\b[^?]*\?|\bdoes (?:the|it)\b[^?]*\?")


def asks_advice(text: str) -> bool:
    """A question about the ads, not a request ("would the yellow one work better as a story?")."""
    text = _GREETING_START.sub("", text.strip()) or text  # "hi! what does a video cost?"
    first, *rest = re.split(r"(?<=[?.!])\s+", text.strip(), maxsplit=1)
    if rest and _ORDERS.search(rest[0]):
        return False  # "why is #4 so dark? make it brighter": the question leads to an ask
    if _ORDERS.search(first) and not first.rstrip().endswith("?"):
        return False  # "make #3 look better": an order, whatever it hopes for
    return bool(_ADVICE.search(text)) or (
        first.endswith("?") and bool(_QUESTION.search(first.lstrip("¿")))
        and not re.search(r"\b(?:can|could|would|will) (?:you|u)\b", text))


_ORDERS = re.compile(
    r"^\s*(?:(?:ok|so|then|and|please|pls|just)\s+)*(?:make|give|generate|create|add|put|change|"
    r"remove|delete|use|do|animate|turn|move|swap|translate|show|download|compare|try|write|"
    r"render|resize|set|drop|replace|save|undo|revert|crop|darken|brighten|lighten|upscale|"
    r"i want|i need|we need|let'?s)\b")


_NOT_A_BRIEF = re.compile(
    r"^\s*(?:(?:hi+|hey+|hello|hallo|hola|salut|ciao)\b[\s,!.]*)?"
    r"(?:idk|i don'?t know|dunno|sorry|oops|no\b|nah|nope|hm+\b|lol|wait|never ?mind|"
    r"not sure|whatever|just make|boh\b|"
    r"(?:(?:i (?:have|'ve got|got) )?no (?:idea|clue)\b(?!\s+(?:is|are|too|can)\b)|"
    r"i'?m (?:lost|confused|new here)\b|you (?:do|decide|choose|pick)\b|up to you\b|"
    r"your call\b|surprise me\b))"
    # "you pick the colours, it's a yoga mat": a product comes with the hand-off
    r"(?!.*\b(?:it'?s|its|it is|this is|the product is|we (?:sell|make)|i sell)\s+"
    r"(?:a|an|our|my|handmade|organic|vegan)?\b)"
    # "sorry, it's a hiking backpack": the apology comes with the answer
    r"(?![\s,!.]*(?:oh\s+)?(?:it'?s|its|it is|this is|that'?s|the product is)\s+(?:a|an|our|my)\b)",
    re.I | re.S)


_GREETING_START = re.compile(r"^\s*(?:hi+|hiya|hey+|hello|holaa*|hallo|bonjour|salut)\b[\s,!.]*")
_ASKS_HOW = re.compile(r"\b(?:how|what|why|do i|does it|need to|necesito|comment|wie)\b")
_TRAILING_QUESTION = re.compile(
    r"[,;!]\s*(?=[^,.;!?\d\"“«„']{1,25}\?\s*$)[^?]*\b(?:how|where|what|which|when|why|"
    r"who|c[oó]mo|d[oó]nde|qu[eé]|cu[aá]l|comment|o[uù]|quoi|quel\w*|pourquoi|wie|wo|was|"
    r"welche\w*|warum|come|dove|cosa|quale|perch[eé]|si pu[oò]|se puede|est-ce)\b")
""""…, como hago?", "…, how do I start?": a short question closing the message asks how,
it names no product to start a brief with. Only a question word makes it one: "…, please?"
and "…, can you?" are the request itself."""


_ANOTHER_BATCH = re.compile(r"^\s*(?:(?:and|ok|okay|so)\s+)?(?:another|one more|a new)\s+"
                            r"(?:batch|round|set)\b(?!\s+of\s+(?:edits|changes|tweaks)\b)")
_MORE_LIKE = re.compile(r"^\s*(?:(?:some|a few|a couple|any)\s+)?more\s+(?:like|in the style of)\b"
                        # "another like the loft one but on the beach": a new one
                        r"|^\s*(?:(?:and|ok|okay|so|then)\s+)?(?:another|one more)\s+(?:one\s+)?"
                        r"(?:like|in the style of)\b")


_ONE_MORE_LIKE = re.compile(r"^\s*(?:(?:and|ok|okay|so|then)\s+)?(?:another|one more)\s+"
                            r"(?:one\s+)?(?:like|in the style of)\b")


_ON_AN_IMAGE = re.compile(r"\b(?:on|for|in|of)\s+the\s+[a-z]+(?:\s+one)?\b|\bthe\s+[a-z]+\s+one\b"
                          r"|\bon\s+the\s+(?:first|second|third|fourth|last)\b")


_NO_ADS = re.compile(r"\b(?:no|not|without|don't (?:make|need|want))\s+(?:any\s+)?"
                     r"(?:ads|images|creatives|visuals)\b")
""""just need a transparent png of this, no ads": the cutout only."""


def signs_off(text: str) -> bool:
    """Whether ``text`` only thanks and says goodbye ("thanks, that's all for today")."""
    folded = fold(text).replace("’", "'")
    return bool(_SIGN_OFF.match(folded) and _SIGN_OFF_WORD.search(folded))


def _kind(request: Request, *, has_images: bool, has_product: bool, attached: bool) -> Kind:
    text = request.english or request.text
    words = len(text.split())
    question = _QUESTION.search(_GREETING_START.sub("", text)) or (
        "?" in text and _ASKS_HOW.search(text)) or any(
            _TRAILING_QUESTION.search(t) for t in (text, request.text))  # "¿cómo …?" as said
    if not has_product and text and (question or _NOT_A_BRIEF.search(text)):
        return "help" if _HELP.search(text) else "unknown"
    if not text:
        return ("generate" if has_product else "brief") if attached else "unknown"
    if _GREETING.match(text):
        return "greeting"
    if _THANKS.match(text) or signs_off(request.text):
        return "thanks"
    if wants_hand_removal(text) and not has_images_named(request) and not (
            _GENERATE.search(text) or find_count(text)):
        return "hand"
    if wants_cutout(text) or wants_cutout(request.text):
        rest = _CUTOUT.sub(" ", text)
        if not (_GENERATE.search(rest) or find_count(rest)) or (has_images and not attached) \
                or _NO_ADS.search(rest):
            return "cutout"
        request.also_cutout = True  # "6 ads for instagram + cut out the background"
    if _HELP.search(text) and not attached:
        return "help"
    if request.as_is and has_product:
        return "generate"
    specific = isinstance(request.target, list) or (
        isinstance(request.target, int) and request.target > 0
    )
    specific = specific or (isinstance(request.target, str) and request.target.startswith("img_"))
    if has_images and request.logo and not attached:
        return "edit"
    # "heres our logo" with an upload, "notre police c'est Hanken Grotesk": the brand's own
    about_brand = bool(_BRAND.search(text)) or (attached and declares_logo(text)) or (
        request.font is not None and _OUR_FONT_IS.search(text) is not None) or (
        request.font is not None and (
            not (has_images and (request.target == "all" or re.search(r"\ball\b", text)))
            or bool(re.search(r"\b(?:all (?:my|our|future|new) ads|always|from now on|every new|"
                              r"future ads|going forward|by default)\b", text))
        )
    )
    uses_kit = request.kit and request.font is None and not declares_logo(text)
    if request.no_kit and request.font is None and not declares_logo(text):
        about_brand = False  # "make 2 more, no brand colours": new ads without the kit
    if has_images and request.font and not _BRAND.search(text) and _ON_AN_IMAGE.search(text):
        return "edit"  # "the font on the grey one to lato": that ad, not the brand kit
    if about_brand and not specific and not uses_kit and (
            has_product or words < 10 or declares_logo(text)):
        return "brand"
    if has_images and _MORE_LIKE.search(text) and request.n is None:
        return "generate"  # "more like the first, the one with mountains"
    if has_images and _ANOTHER_BATCH.match(text):
        return "generate"  # "another batch but make them look expensive": "them" are the new
    if has_images and request.target is not None and request.n is None and request.has_edit():
        return "edit"
    if _GENERATE.search(_IMAGE_NUMBER.sub(" it ", text)) or request.n is not None:
        return "brief" if not has_product and words > 8 else "generate"
    if has_images and request.has_edit():
        return "edit"
    if not has_product:
        return "brief" if attached or words >= 4 else "unknown"
    if attached:
        return "brief" if words >= 8 else "generate"
    if request.facts:
        return "brief_update"
    if request.theme or request.format:
        return "generate"
    return "unknown"
