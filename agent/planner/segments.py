"""Splitting a message into its requests: "make #2 warmer and give me 2 more" is two.

A message is cut at sentence ends, and at "and", "also", "plus", "then" or a comma when what
follows starts a new request (an action word or a count). A piece that asks for nothing on
its own ("first and third:") stays with its neighbour.
"""

from __future__ import annotations

import re

from agent.planner.actions import COPY_PARTS, ORDINAL
from agent.planner.language import protect, restore
from agent.planner.references import without_descriptions

_ACTIONS = (
    r"make|give|generate|create|add|put|change|remove|delete|use|do|animate|turn|move|swap|"
    r"shorten|translate|show|zip|download|compare|try|write|render|resize|set|drop|replace|"
    r"apply|save|send|export|undo|revert|go back|crop|bring|can you|could you|would you|"
    r"can we|could we|can i|could i|i.d like|we.d like|"
    r"nudge|shift|push|slide|upscale|enlarge|shrink|darken|brighten|lighten|recolou?r|swap|"
    r"i want|i need|we need|we want|let.s|lets|also|maybe|then|trash|kill|bin|ditch|nuke|scrap|"
    r"gimme|lemme|"
    r"chuck|keep|cut|another\s+(?:batch|round|set|lot)"
)
_COUNT = (r"(?:(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|"
          r"a couple|a dozen)\s+(?:more|others?|new)\b"
          r"|more\s+(?:\d{1,2}|two|three|four|five|six)\b)")
_CHANGE_ADJ = (r"(?:warmer|cooler|colder|brighter|darker|lighter|bigger|smaller|plainer|punchier|"
               r"moodier|softer|sharper)\b(?!\s+(?:ones?|ads?|images?|versions?|variations?|"
               r"creatives?|visuals?|banners?|more)\b)")
_REFERENCE = (
    r"(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|last|\d(?:st|nd|rd|th))"
    r"(?:\s+one)?\b|#\s*\d|(?:image|ad|number|pic)\s+\d|the\s+[a-z-]+\s+ones?\b"
    r"|the\s+one\s+(?:with|on|in|from)\b|the\s+\d{1,2}\b"
    r"|(?:dark|darker|light|bright|red|orange|yellow|gold|green|teal|blue|navy|purple|pink|brown|"
    r"beige|cream|black|white|grey|gray)\s+one\b"  # "dark one brighter, yellow one cooler"
)
_CUT = re.compile(
    r"(?:(?<=[a-z])(?<!image)(?<!images)(?<!\bad)(?<!\bads)(?<!\bpic)(?<!\bpics)(?<!number)"
    r"(?<!\band)(?<!\bnr)(?<!\bno)(?<!\bor)(?<!\bthe)(?<!\bboth)"
    r"(?<!\blast)(?<!\bfirst)(?<!\blatest)(?<!\bmiddle)"  # "the last 3 cooler": one ask
    rf"\s+(?=\d{{1,2}}\s+{_CHANGE_ADJ})|[.!?;]+\s+|\n+|\s*[\u2600-\u27bf\U0001f300-\U0001faff][\ufe0f\u200d]?\s*"
    rf"|\s*(?:,|\s[-–—])?\s+(?:(?:oh|ah|btw|ps)\s+)?"
    rf"(?:and|also|plus|then|and then|and also|instead)\s+"
    rf"(?=(?:(?:right away|straight away|immediately|directly|just|please|instead)\s+)?"
    rf"(?:{_ACTIONS}|{_COUNT})\b)"
    rf"|\s+\+\s+|\s*,\s+(?=(?:(?:instead|also|then)\s+)?(?:{_ACTIONS}|{_COUNT})\b)"
    # "make 4 ads and a short vertical video too": a second thing to make
    r"|\s+and\s+(?=an?\s+(?:[\w-]+\s+){0,3}(?:video|storyboard|carousel|reel|spot|clip)\b"
    r"(?![^?]*\?))"  # not in a question: "the difference between a live image and a video?"
    # "…, and the one with the beach put it in story format": the image, then its ask
    r"|(?<=[a-z])(?<!\byou)(?<!\bu)(?<!please)(?<!\bpls)(?<!\band)(?<!\bthen)(?<!\balso)"
    r"(?<!\bjust)(?<!\bto)(?<!\bcan)(?<!\bcould)(?<!\bi)(?<!\bwe)(?<!\bnow)(?<!\bso)(?<!\bok)"
    r"(?<!\bor)(?<!\blets)(?<!\blet's)(?<!\bplz)\s+(?=(?:put|make|turn|set)\s+(?:it|them)\s+"
    r"(?:in|into|as|to|on)\b)"
    r"|(?:(?<=\d)|(?<=\bone)|(?<=\bones))(?<!, #\d)(?<!, \d)\s+"
    r"(?=(?:make|change|put|turn|give|add|remove|delete|animate|set)\b(?!\s*[.!]*$)"
    r"(?!\s+(?:to|into)\s+⟦)))",  # "headline on 2 change to 'Kalt'": the copy of that ask
)
_SHOT_OR_NUMBER = (r"(?:the\s+)?(?:shot|scene)\s+\d|(?:the\s+)?end card\b"
                   r"|(?:on|to|for)\s+(?:the\s+)?\d{1,2}\b"
                   r"|\d{1,2}\s+(?:needs?|is|should|could|looks?|feels?|gets?|wants?)\b"
                   rf"|\d{{1,2}}\s+{_CHANGE_ADJ}"
                   r"(?!\s*(?:%|x\b|s\b|sec|seconds?|:))"
                   r"|the\s+(?:hero|opening|first|last|final|closing)\s+(?:shot|scene)\b")
_ONLY_A_HEX = re.compile(r"^\s*(?:(?:that is|i\.e\.|so|which is|aka|or)\s+)?#[0-9a-f]{6}\W*$", re.I)
"""A colour code alone after a comma: the exact value of the colour named before it."""
_CUT_AT_REFERENCE = re.compile(
    rf"(?<!\ball)(?<!everything)(?<!\bthem)\s*,?\s+(?:and|plus|but)\s+(?=(?:{_REFERENCE}))"
    r"(?!\S+\s*(?:[:,]|and\b))"
    rf"|\s*,?\s+(?:and|plus|but)\s+(?={_SHOT_OR_NUMBER})"
    r"|\s+[-–—]\s+(?=also\s+(?:the\s+[a-z-]+\s+one|#\s*\d))"  # "… - also the loft one, same text"
    r"|\s*,?\s+and\s+(?=the\s+[a-z-]+\s+(?:for|as|in|into|on|to|with|please|more|less|brighter|"
    r"darker|warmer|cooler|bigger|smaller|plainer)\b)"
    rf"|\s*,\s+(?=[^,]*?(?<![a-z])(?:{_REFERENCE}|{_SHOT_OR_NUMBER}))"
)
_ASKS = re.compile(rf"\b(?:{_ACTIONS}|{_COUNT}|more|another|need|needs|want|bigger|smaller|"
                   r"cta|subline|tagline|copy|text|colou?rs?|kill|trash|erase|ditch|bin|lose|"
                   r"cutout|cut out|camera|static|"
                   r"get rid|zip|upscale|revert|undo|contrast\w*|punchier|bolder|"
                   r"\d+\s*(?:s|secs?|seconds?)|"
                   r"warmer|cooler|brighter|darker|plainer|premium|pop|shorter|longer|too\s+[a-z]+|"
                   r"(?:cool|calm|tone) (?:it|them) down|warm (?:it|them) up|"
                   r"vertical|square|story|banner|logo|headline|button|background|font|"
                   r"video|storyboard|carousel|yes|no|thanks|hello|help|pinterest|pin|tiktok|"
                   r"linkedin|youtube|instagram|insta|facebook|reels?|portrait|landscape|"
                   r"widescreen|print|theme|marble|beach|studio|upscale|animated?|live|size|format|"
                   r"version|\d{2,4}\s*x\s*\d{2,4}|\d{1,2}\s*:\s*\d{1,2}|"
                   r"(?:warm|cool|calm|tone|brighten|lighten)\s+(?:(?:it|them|this|that)\s+)?"
                   r"(?:up|down))\b"
                   r"|\b(?:say|says|saying|read|reads)\s*:?\s*[\"'“‘«⟦]")  # '#2 should say "…"'


_ENDS_WITH_REFERENCE = re.compile(
    r"(?:#\s*\d{1,3}|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|one)"
    r"|\b\d{1,2}(?:st|nd|rd|th)"  # "make the 2nd and 3rd warmer"
    r"|\b(?:first|last|middle)\s+(?:two|three|four|five|\d{1,2})"  # "the first two and …"
    r"|(?<![:x×\d.])\b\d{1,2})\s*$"
)


_WHOLE_ACTION = re.compile(
    r"\b(?:delete|kill|remove|drop|trash|download|zip|compare|animate|undo|revert|upscale|"
    r"warmer|cooler|brighter|darker|bigger|smaller)\b"
)


_GENERIC = re.compile(
    rf"(?:\b(?:the\s+)?(?:first|last|middle|latest)\s+(?:two|three|four|five)\b|{_REFERENCE}|"
    rf"{_SHOT_OR_NUMBER}|\b(?:make|do|put|need|want|i|we|just|can you|could you|would you|"
    r"please|pls|"
    r"and|also|then|the|one|ones|image|images|ad|ads|number|numbers|on|to|for|both|"
    r"\d{1,2}|#)\b|#\s*\d+|[,&+])"
)


def _says_what(piece: str) -> bool:
    """Whether the piece says what to do, beyond naming images ("make #2" does not).

    A size or a ratio says it too: "#3 a 160x600", "#5 in 4:5".
    """
    return bool(re.search(r"[a-z]{2,}|\d{2,4}\s*[x×]\s*\d{2,4}|\b\d{1,2}\s*:\s*\d{1,2}\b",
                          _GENERIC.sub(" ", piece)))


def _only_describes(piece: str) -> bool:
    """A piece that only names images by what they show ("the one with marble")."""
    return bool(re.match(rf"\s*(?:{_REFERENCE})", piece)) and not _says_what(
        without_descriptions(piece))


_TEXT_PARTS_NAMED = re.compile(rf"\s*(?:the\s+)?{ORDINAL}\s+{COPY_PARTS}\b")
""""3rd words of the headline": the rest of a list of the copy's parts, not an image."""


def _rejoin_lists(pieces: list[str], closing: bool = True) -> list[str]:
    """"make #2, #4 warmer" is one request: a piece ending on a reference joins the next.

    ``closing``: nothing after these pieces points back at their last image ("…, and the
    beach one put it in story format" does), so a bare image ending them belongs to a list.
    """
    joined: list[str] = []
    carry = ""
    for index, piece in enumerate(pieces):
        after = pieces[index + 1] if index + 1 < len(pieces) else ""
        # "delete the 1 and the 2, and the yellow one in story format": the 2 is deleted too
        follows = re.match(rf"\s*(?:and\b|(?:{_REFERENCE}))", after)
        # "compare #2 and #3" (then something else): the list ends the piece
        last = closing and not after and bool(_TAKES_A_LIST.search(joined[-1] if joined else ""))
        if (not carry and joined and _REFERENCE_ONLY.match(piece) and (follows or last)
                and _WHOLE_ACTION.search(joined[-1]) and _ENDS_WITH_REFERENCE.search(joined[-1])):
            joined[-1] = f"{joined[-1]} and {piece}"  # "delete the 2 and the 3, and to the …"
            continue
        named, _, remark = piece.partition(",")
        if (not carry and joined and remark and _REMARK.match(remark)
                and _REFERENCE_ONLY.match(named) and _WHOLE_ACTION.search(joined[-1])
                and _ENDS_WITH_REFERENCE.search(joined[-1])):
            joined[-1] = f"{joined[-1]} and {named}"  # "delete the studio one and the marble
            continue  # one, they look the same": the remark gives the reason, asks nothing
        if joined and not carry and _TEXT_PARTS_NAMED.match(piece):
            joined[-1] = f"{joined[-1]} and {piece}"  # "remove the 2nd and 3rd words of …"
            continue
        piece = f"{carry}, {piece}" if carry else piece
        # "kill #4, #2 cooler", "logo on 2 and 3, bigger product on 3": the first ask is whole
        whole = (_WHOLE_ACTION.search(piece) or _says_what(piece)) and not _COPY_FOR.match(piece)
        carry = piece if _ENDS_WITH_REFERENCE.search(piece) and not whole else ""
        if not carry:
            joined.append(piece)
    if carry:
        joined.append(carry)
    return joined


_COPY_FOR = re.compile(r"^\s*(?:the\s+)?(?:new\s+)?(?:cta|button|headline|subline|tagline)\s+"
                       r"(?:on|for|of)\s+[^\"“'‘«⟦]*$")
""""cta on #2 and #3 'Order today'": the copy for the list comes after its last image."""
_REFERENCE_ONLY = re.compile(rf"^\s*(?:(?:{_REFERENCE})\s*(?:,|and)?\s*)+$")
_BEFORE_BRAND = re.compile(r"\s*,?\s+(?:and|also|plus)\s+|[.!?;]+\s+|\n+")
_BARE_THE = re.compile(r"^\s*the\s+[a-z-]+\s*$")
_THE_X_ONE = re.compile(r"^\s*the\s+[a-z-]+\s+ones?\b")
_VERB_THE_BARE = re.compile(r"^\s*(?:make|turn|do|get|put)\s+the\s+[a-z-]+\s*$")
_BARE_THE_FIRST = re.compile(r"^\s*the\s+[a-z-]+\s+")
_LEAVE = re.compile(
    r"\s*(?:,|\band\b|-)?\s*\b(?:leave|keep)\s+(?:the\s+)?(?:others?|rest|other ones)\s+"
    r"(?:alone|as (?:is|they are)|untouched|the same)\b"
    r"|\s*(?:,|\band\b|-)?\s*\b(?:the\s+)?(?:others?|rest|other ones)\s+(?:are|is)\s+"
    r"(?:fine|ok|okay|good|perfect)(?:\s+as (?:is|they are))?\b"
    # after an ask: "…warmer pls, the dark ones are fine as is", "…, but leave the beach one alone"
    r"|\s*(?:,|;|\band\b|-|\bbut\b)\s*(?:but\s+)?(?:the\s+)?[a-z-]+\s+ones?\s+(?:are|is|r)\s+"
    r"(?:fine|ok|okay|good|perfect|great)(?:\s+as (?:is|they are|it is))?\b(?!\s+(?:but|except))"
    r"|\s*(?:,|;|\band\b|-|\bbut\b)\s*(?:but\s+)?\b(?:leave|keep)\s+(?:the\s+)?[a-z-]+\s+"
    r"ones?\s+(?:alone|as (?:is|they are|it is)|untouched)\b"
    # "…, and 4th one... nah leave 4 as is": a change begun and taken back
    r"|(?>\s*(?:[,;-]|\band\b))*+\s*(?>(?:the\s+)?[a-z0-9#-]+\s+one\s*(?:\.{2,}|…|,)?\s*)?"
    r"(?>(?:nah|no|actually|hmm|wait)(?:\s*,\s*|\s+))++(?:just\s+)?(?:leave|keep)\s+(?:#\s*)?"
    r"(?:\d{1,2}|it|that one)\s+(?:alone|as (?:is|it is)|untouched|the same)\b"
    # "make it cooler but keep everything else": nothing else to change
    r"|\s*(?:,|;|\band\b|-|\bbut\b)\s*(?:but\s+)?\b(?:keep|leave)\s+(?:everything|all|the rest)\s+"
    r"else(?:\s+(?:the same|as (?:is|it is)|untouched|alone))?\b"
)
_REASON_ASIDE = re.compile(
    r"\s*\((?:(?:way|far|much|a bit|bit|kinda|just|all|both|they(?:'re| are| look)|"
    r"it(?:'s| is| looks)|looks?|seems?)\s+)?(?:too|because|cause|cos|cuz|bc|since)\b[^()]{0,80}\)")
"""A reason in brackets ("kill #4 and #8 (too dark for our brand)"): why, not a request."""
_TAKES_A_LIST = re.compile(r"\b(?:compare|download|zip|delete|remove|kill|drop|trash|bin|ditch|"
                           r"side by side|next to|vs|versus|export|send)\b")
_LISTED = re.compile(rf"^\s*+(?:(?:{_REFERENCE})\s*+(?:,|and)?+\s*+)++"
                     r"(?:please|pls|plz|thanks|thx|too|as well)?\s*[.!]*$")
_TARGET_FIRST = re.compile(rf"^\s*(?:to|for|on)\s+(?:(?:{_REFERENCE})\s*(?:,|and)?\s*)+$")
_NAMES_IMAGE = re.compile(r"#\s*\d|\b(?:image|ad|number|pic|shot|scene)\s+\d")
_ONLY_A_COUNT = re.compile(r"^\s*(?:maybe|like|say|about|around|just)?\s*\d{1,2}\s*[?!.]*\s*$"
                           # "do some for black friday, maybe 5, headline '…'": the same ask
                           r"|^\s*(?:maybe|like|say|about|around)\s+\d{1,2}\s*,")
_POINTS_BACK = re.compile(r"\b(?:it|them|this one|that one)\b")
_ENUMERATOR = re.compile(  # "first: …. second: …. third: zip it", "1) … 2) …"
    r"^\s*(?:(?:first|second|third|fourth|fifth)(?:ly)?|finally|lastly|and finally|"
    r"step\s+\d|\d\s*[).])\s*[:)-]?\s+(?=\S)(?<=[:)\-.]\s)|^\s*(?:firstly|secondly|thirdly|"
    r"finally|lastly)\s*,?\s+")
_LEADING_AND = re.compile(r"^(?:and|also|plus|then|and then)\s+")
_BRAND_STATEMENT = re.compile(
    r"\b(?:new|our|save|saved|set)\s+(?:the\s+)?brand\s+(?:colou?rs?|kit|font|palette)\b"
    r"|\bbrand\s+(?:colou?rs?|kit|font|palette)\s*(?:are|is|:|=|now|should be)"
    r"|\b(?:our|my)\s+(?:new\s+)?colou?rs\s*(?:are|is|it'?s|:|=)"
    r"|\b(?:our|my)\s+(?:new\s+)?(?:brand\s+)?(?:font|typeface)\s*(?:is|it'?s|:|=)"
    # "save teal and coral as our brand colours": one statement, however many colours
    r"|\b(?:save|add|set|store)\s+\S[^.!?;]{0,80}?\s(?:as|to|in|into)\s+(?:a\s+|an\s+|our\s+|the\s+)?"
    r"brand\s+(?:colou?rs?|palette|kit|font)\b")


_CAN_YOU_DO = re.compile(
    r"^\s*(?:can|could|do)\s+(?:you|u)\s+(?:also\s+)?(?:make|do|create|generate|handle)\s+"
    r"(?:videos?|video ads|carousels|animations|gifs|banners|stories|reels)\s*"
    r"(?:too|as well|also)?\s*\?+\s*$")
"""A question about what the assistant can make."""


_REMARK = re.compile(
    r"^\s*(?:(?:hmm+|honestly|tbh|ok|okay|so|well)\s*,?\s+)*(?:the\s+)?[\w# -]{1,40}?\s+"
    r"(?:look|looks|seem|seems|feel|feels|are|is)\s+(?:(?:kinda|kind of|a bit|pretty|very|quite|"
    r"really|too|so|almost|basically|exactly|like)\s+)*(?:the\s+)?(?:same|similar|alike|identical)"
    r"\b(?:\s+to me)?\s*[.!?]*$")
""""marble and studio look kinda same to me..": a remark before the ask, asking nothing."""
_LIST_THEN_ZIP = re.compile(rf"^\s*(?:{_REFERENCE})\s+(?:as|in|into)\s+(?:a\s+|one\s+)?"
                            r"(?:zip|zip file|zipfile|download|pngs?|jpe?gs?|files)\b")
""""i just want the 2 and the 4 as zip": the list goes with the zip after its last image."""


_COPY_PART = (r"the\s+(?:headline|button|cta|subline|sub line|tagline|logo|text|title)\s+"
              r"(?:from|on|of|in|off)\s+(?:#\s*\d{1,2}|image\s+\d{1,2}|(?:the\s+)?\d{1,2}\b"
              r"|the\s+[a-z-]+(?:\s+one)?)")
_ONE_VERB_TWO_PARTS = re.compile(
    r"\b(remove|delete|drop|lose|get rid of|take off|take out|kill|ditch)\s+"
    rf"({_COPY_PART})\s*,?\s+and\s+(?=(?:also\s+)?{_COPY_PART})")
""""remove the button from #3 and the headline from #4": the verb is said once for both."""


_IT_NEXT = re.compile(r"^\s*(?:put|make|turn|set|give|move|do|change)\s+it\b")
""""… and the beach one put it in story format": the ask that follows is about that image."""


_EXCEPTION = re.compile(r"\s*(?:except(?:\s+for)?|but\s+not|apart\s+from|other\s+than)\b")
"""An exception opens no request of its own: it narrows the one before it."""


def split_requests(text: str, answering: bool = False) -> list[str]:
    """The requests in ``text`` (in the planner's English), in order; at least one.

    Args:
        text: The message in the planner's English.
        answering: The assistant asked "which one?": a leading bare reference ("the yellow
            one, and make the blue one cooler") is an answer of its own.
    """
    if _CAN_YOU_DO.match(text):
        return [text]  # "can you also do videos?": one question, not "can you" and "do videos"
    text = _ONE_VERB_TWO_PARTS.sub(r"\1 \2. \1 ", text)
    brand = _BRAND_STATEMENT.search(text)
    if brand:
        # "brand colours: navy + white. update everything" is one request; an ask before it
        # ("cutout of the bottle pls, and our brand colours are …") is one of its own
        before = list(_BEFORE_BRAND.finditer(text[: brand.start()]))
        if before and _ASKS.search(text[: before[-1].start()]):
            return [text[: before[-1].start()].strip(" ,"),
                    *split_requests(text[before[-1].end():], answering)]
        return [text]
    protected, quoted = protect(text)
    protected = _LEAVE.sub("", protected)  # quoted copy ("The rest is fine print") stays
    protected = _REASON_ASIDE.sub("", protected)
    pieces: list[str] = []
    parts = _CUT.split(protected)
    for index, part in enumerate(parts):
        # "make #2, #4 warmer" stays one request; "#1 cooler, #2 brighter" is two.
        subparts = [p for p in _CUT_AT_REFERENCE.split(part) if p and p.strip(" ,")]
        then = next((p for p in parts[index + 1:] if p and p.strip(" ,")), "")
        pieces += [restore(p, quoted).strip(" ,")
                   for p in _rejoin_lists(subparts, not _IT_NEXT.match(then))]
    pieces = [_ENUMERATOR.sub("", _LEADING_AND.sub("", p)) for p in pieces]
    pieces = [p for p in pieces if p.strip()]
    merged: list[str] = []
    ahead = ""  # a bare reference after a finished ask: it goes with the next ask
    for index, piece in enumerate(pieces):
        if ahead:  # "the one with the beach, can you …": the description ends at the comma
            piece = f"{ahead} {piece}" if ahead.endswith(" and") else f"{ahead}, {piece}"
        ahead = ""
        if merged and _ONLY_A_HEX.match(piece):
            merged[-1] = f"{merged[-1]}, {piece}"  # "… to a deep navy, #1B2A49": that colour
            continue
        if merged and _EXCEPTION.match(piece):
            merged[-1] = f"{merged[-1]} {piece}"  # "all the light ones warmer, except #6"
            continue
        if not answering and index + 1 < len(pieces) and _REMARK.match(piece):
            continue  # "X and Y look the same to me.. make X warmer": only the ask counts
        if merged and _LIST_THEN_ZIP.match(piece) and _ENDS_WITH_REFERENCE.search(merged[-1]):
            merged[-1] = f"{merged[-1]} and {piece}"
            continue
        if answering and index == 1 and merged and _LISTED.match(piece) \
                and _TAKES_A_LIST.search(merged[-1]):
            merged[-1] = f"{merged[-1]} and {piece}"  # "borra la 2 y la 3" after "which one?"
        elif answering and index == 1 and merged:
            merged.append(piece)
        elif (not merged and not answering and index + 1 < len(pieces)
              and _BARE_THE.match(piece) and _THE_X_ONE.match(pieces[index + 1])):
            ahead = f"{piece} one and"  # "the marble and the studio one, cooler"
        elif (not merged and not answering and index + 1 < len(pieces)
              and _BARE_THE.match(piece) and _POINTS_BACK.search(pieces[index + 1])):
            ahead = f"{piece.strip()} one"  # "la plage, mets-la en story": "the beach one, …"
        elif (not answering and index + 1 < len(pieces) and _VERB_THE_BARE.match(piece)
              and _BARE_THE_FIRST.match(pieces[index + 1])):
            # "make the blue and the yellow warmer", "… and the yellow one cooler"
            one = " one" if _THE_X_ONE.match(pieces[index + 1]) else ""
            ahead = f"{piece}{one} and"
        elif (not merged and not answering and index + 1 < len(pieces)
              and (_REFERENCE_ONLY.match(piece) or _only_describes(piece))):
            following = pieces[index + 1]
            if not re.search(rf"(?:{_REFERENCE})", following):
                ahead = piece  # "the one on marble, make the product bigger"
            elif re.match(rf"\s*(?:{_REFERENCE})", following):
                ahead = f"{piece} and"  # "the beach one and the marble one: button 'Buy'"
            else:
                merged.append(piece)
        elif (merged and index + 1 < len(pieces) and _WHOLE_ACTION.search(merged[-1])
              and ((not _ASKS.search(piece) and _REFERENCE_ONLY.match(piece)
                    and _POINTS_BACK.search(pieces[index + 1]))
                   # an image described, then "it" (one image): "…, and the beach one put it
                   # in story format"; "them" would be the whole list ("… and compare them")
                   or (not _ASKS.search(without_descriptions(piece))
                       and (_REFERENCE_ONLY.match(piece) or _only_describes(piece))
                       and re.search(r"\bit\b", pieces[index + 1])))):
            # "delete #4 👋 the 2 make it warmer", "…, and the beach one put it in story format"
            ahead = piece
        elif (merged and index + 1 < len(pieces) and _TARGET_FIRST.match(piece)
              and _WHOLE_ACTION.search(merged[-1])):
            ahead = piece  # "borrá la 4 y a la 1 ponele …": "to the 1" is what follows' target
        elif (merged and not _ASKS.search(piece) and re.match(rf"\s*(?:{_REFERENCE})", piece)
              and not _LISTED.match(piece) and re.search(rf"(?:{_REFERENCE})", merged[-1])
              and not _TAKES_A_LIST.search(merged[-1]) and not _TAKES_A_LIST.search(piece)):
            # "the mountain one pop more, and the loft one looks drab, maybe more contrast?":
            # another image named with no ask of its own goes with the ask that follows
            following = pieces[index + 1] if index + 1 < len(pieces) else ""
            if following and _ASKS.search(following) and not re.search(
                    rf"(?:{_REFERENCE})", following):
                ahead = piece
            else:
                merged.append(piece)
        elif merged and _LISTED.match(piece) and not _ONLY_A_COUNT.match(piece):
            merged[-1] = f"{merged[-1]} and {piece}"  # "delete #5 and #6": one list
        elif merged and (not _ASKS.search(piece) or _ONLY_A_COUNT.match(piece)):
            merged[-1] = f"{merged[-1]} {piece}"  # "some moodier ones? maybe 3?"
        elif merged and _only_describes(piece):
            merged[-1] = f"{merged[-1]} and {piece}"  # "download the beach one, the marble one"
        elif not merged or _ASKS.search(merged[-1]) or _NAMES_IMAGE.search(piece):
            merged.append(piece)  # "#2 is perfect. delete #4": the praise names no ask
        else:
            merged[-1] = f"{merged[-1]} {piece}"
    return merged or [text]


MAX_CHARS = 1200
"""The most of one message the planner reads: a chat ask is a few sentences. Rules over a
20,000-character paste took seconds; the rest of such a message is left unread and said so."""
_SENTENCE_END = re.compile(r"[.!?\n](?=\s|$)")


def first_part(text: str, limit: int = MAX_CHARS) -> tuple[str, str]:
    """``text`` cut to at most ``limit`` characters at a sentence end (else a space), and the rest.

    The rest is "" when the whole text fits.
    """
    if len(text) <= limit:
        return text, ""
    head = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    cut = ends[-1] if ends and ends[-1] > limit // 2 else head.rfind(" ")
    cut = cut if cut > limit // 2 else limit
    return text[:cut].rstrip(), text[cut:].strip()
