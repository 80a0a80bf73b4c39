"""Does a message disclose risk? The reviewed phrase list in risk_phrases.yml decides.

Used in two places: the NLU pipeline (`bot.nlu.risk.RiskPhraseDetector`), so that every part of
the conversation sees intent `risk`, and the actions, which choose the contacts that fit.
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


@lru_cache(maxsize=1)
def patterns() -> dict[str, list[re.Pattern[str]]]:
    data = yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))
    return {
        category: [re.compile(pattern) for pattern in category_patterns]
        for category, category_patterns in data["categories"].items()
    }


def risk_categories(text: str) -> list[str]:
    """The categories of risk the message discloses, in the order of the file; [] if none."""
    message = normalise(text)
    return [
        category
        for category, compiled in patterns().items()
        if any(pattern.search(message) for pattern in compiled)
    ]
