"""A short, fixed acknowledgement of what the person just told us, before the conversation moves
on: "since Jim passed" is not met with "Thank you. Here is what I heard." alone.

The words are the domain's (`utter_acknowledge_<kind>`, domain/conversation.yml), chosen by these
rules, never a paraphrase of the person. Loss first, then hardship, then pride: "I've been
struggling since my wife died" is a loss. A message that met the safety response gets none: that
response is the acknowledgement.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.safety import assessment_of
from bot.safety.levels import Level

_PEOPLE = (
    r"(?:wife|husband|partner|son|daughter|child|baby|mum|mam|mother|maw|dad|father|da|paw"
    r"|brother|sister|gran|granny|grandad|grandpa|grandma|friend|pal|dog|cat|him|her)"
)

_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "loss",
        re.compile(
            r"\b(?:died|dying|death|passed away|passed on|funeral|bereave\w*|widow\w*|grief"
            r"|grieving|no longer with us|late (?:husband|wife|partner|mum|dad|son|daughter))\b"
            # "since Jim passed", "before he passed": passed, and nothing passed after it.
            r"|\bpassed\s*(?:[.,;!]|$)"
            rf"|\blost (?:my |our )?{_PEOPLE}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "hardship",
        re.compile(
            r"\b(?:struggl\w*|can'?t cope|cannot cope|not coping|too much for me|exhausted"
            r"|worn out|lonely|isolated|frightened|scared|skint|no money|in debt|hard going"
            r"|really hard|so hard|very hard|difficult|tough)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "pride",
        re.compile(
            r"\b(?:proud|achiev\w*|i (?:still|can still) |i managed|i won|i raised|i brought up"
            r"|i built|i made)\b",
            re.IGNORECASE,
        ),
    ),
]


def acknowledgement_for(*texts: str) -> str | None:
    """The kind of acknowledgement what they said calls for, if any."""
    said = " ".join(texts)
    return next((kind for kind, pattern in _KINDS if pattern.search(said)), None)


def acknowledge(dispatcher: CollectingDispatcher, tracker: Tracker, *texts: str) -> None:
    """Say the fitting acknowledgement, unless the message met the safety response."""
    if assessment_of(tracker).level is not Level.NONE:
        return
    kind = acknowledgement_for(*texts)
    if kind is not None:
        dispatcher.utter_message(response=f"utter_acknowledge_{kind}")
