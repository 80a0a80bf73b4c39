"""The reviewed phrase list (risk_phrases.yml): the categories of risk a message names.

Two tiers. A match in `categories` is what a practitioner reviewed as clear risk, so it alone may
raise the top levels (bot/safety/levels.py). A match in `possible` is words that may or may not
mean risk ("I'm tired of everything"): like the classifier's guesses, it only asks the person
first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

PHRASES_FILE = Path(__file__).with_name("risk_phrases.yml")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES).casefold()).strip()


CLEAR = "categories"
POSSIBLE = "possible"


@lru_cache(maxsize=2)
def patterns(tier: str = CLEAR) -> dict[str, list[re.Pattern[str]]]:
    data = yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))
    return {
        category: [re.compile(pattern) for pattern in category_patterns]
        for category, category_patterns in data[tier].items()
    }


# "I'm not going to hurt myself", "never thought of ending it": a phrase denied just before it
# is not a disclosure. Only the three words before count, so "I'm not sleeping and I want to
# end it all" still is.
_DENIED = re.compile(r"\b(not|never|no|nae|wouldn'?t|won'?t|isn'?t|aren'?t)( \S+){0,2} ?$")


_SENTENCE_END = re.compile(r"[.!?\n]")


def said(pattern: re.Pattern[str], message: str) -> bool:
    """The pattern matches somewhere not denied within its own sentence."""
    for match in pattern.finditer(message):
        before = message[: match.start()]
        ends = [m.end() for m in _SENTENCE_END.finditer(before)]
        if not _DENIED.search(before[ends[-1] if ends else 0 :]):
            return True
    return False


def risk_categories(text: str, tier: str = CLEAR) -> list[str]:
    """The categories of risk the message discloses (or, for POSSIBLE, may disclose), in the order
    of the file; [] if none."""
    message = normalise(text)
    return [
        category
        for category, compiled in patterns(tier).items()
        if any(said(pattern, message) for pattern in compiled)
    ]
