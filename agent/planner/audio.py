"""Requests for audio, which no tool makes (issue 19: a jingle read as a video storyboard).

"Can you write me a jingle for the radio spot?" asks for sound alone: a radio spot, a podcast
ad, a jingle, a piece of music. Every tool makes pictures or silent videos, so the planner
says so plainly, with what it can make instead, and calls nothing. Sound asked for *on a
video* ("a video with music") is answered by :func:`agent.planner.caution.asks_for_sound`.
"""

from __future__ import annotations

import re

_NOT_SOUND = (r"(?!\s*(?:festival|shop|store|school|lessons?|band|studio|app|brand|teacher|"
              r"company|business|label|venue|event|lovers?|fans?|notes?|theme|themed|bar|club|"
              r"system|quality|box|player|stand|instruments?|station|host|cover|logo)\b)")

_AUDIO = re.compile(
    r"\bjingles?\b" + _NOT_SOUND
    + r"|\bradio\s*-?\s*(?:spots?|ads?|adverts?|advertisements?|commercials?|scripts?|"
    r"versions?|slots?)\b|\bradiospots?\b|\bspots?\s+radio\b|\bads?\s+(?:of|for|on)\s+"
    r"(?:the\s+)?radio\b"
    r"|\bpodcast\s*-?\s*(?:ads?|spots?|reads?|scripts?|commercials?|adverts?|sponsorships?)\b"
    r"|\b(?:ads?|spots?)\s+(?:for|on|in)\s+(?:a|my|our|the)\s+podcasts?\b"
    r"|\b(?:compose|compon\w*|write|make|create|produce|record|give me|need|want)\s+(?:me\s+|"
    r"us\s+)?(?:an?\s+|some\s+)?(?:[\w-]+\s+){0,2}?(?:music|song|tune|melody|soundtrack|"
    r"audio)\b" + _NOT_SOUND
    + r"|^\W*(?:an?\s+|some\s+)?(?:[\w-]+\s+)?(?:music|song|melody|soundtrack)\s+for\s+"
    r"(?:the|my|our|this|an?)\s+(?:ads?|campaign|brand|product)\b")
"""Sound asked for on its own: a jingle, a radio or podcast spot, a piece of music."""

_PICTURES = re.compile(r"\b(?:video|clip|reel|animation|animated|animate|live image|gif|"
                       r"storyboard|film|movie|slideshow)s?\b")
"""Sound on a video is the video tool's limit, answered where that is explained."""


def asks_for_audio(english: str) -> str | None:
    """The plain answer when a message asks for audio alone (a jingle, a radio spot).

    Args:
        english: The message in the planner's English.

    Returns:
        What the planner can't make and what it can, or None when no audio is asked for.
    """
    if _AUDIO.search(english) is None or _PICTURES.search(english):
        return None
    return ("I can't make audio: no tool here writes, composes or records jingles, music, "
            "radio spots or podcast ads, so I haven't made anything. What I can make is "
            "visual: ad images (and changes to them), carousels, and short silent videos or "
            "live images from a storyboard. Should I make a picture ad or a short video for "
            "the same campaign instead?")
