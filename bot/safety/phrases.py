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

# "I used to self harm when I was younger", "at my old house a man took my money": harm that is
# over is a worry for the worker, not an emergency. A clear-risk phrase in a sentence told in the
# past, with nothing in it about now, asks the gentle check instead of the safety response (and
# the person's "yes" raises the level as for any check).
_PAST = re.compile(
    r"\b(used to|years ago|when (i|we|he|she|they) (was|were) (young|younger|little|wee|a (child|"
    r"kid|bairn|teenager|girl|boy|student))|growing up|at (my|ma) (old|last) (house|home|flat|"
    r"place)|the (last|old) (home|place|house|flat) (i|we) (was|were|lived) in|in the past)\b"
)
_NOW = re.compile(
    r"\b(now|noo|still|again|anymore|any more|every (day|night|week)|today|tonight|yesterday|"
    r"last night|this (morning|week)|keeps?|started)\b"
)


def _sentences_said(pattern: re.Pattern[str], message: str) -> list[str]:
    """The sentences in which the pattern matches, not denied just before the match."""
    found = []
    for match in pattern.finditer(message):
        before = message[: match.start()]
        ends = [m.end() for m in _SENTENCE_END.finditer(before)]
        start = ends[-1] if ends else 0
        if _DENIED.search(before[start:]):
            continue
        end = _SENTENCE_END.search(message, match.end())
        found.append(message[start : end.start() if end else len(message)])
    return found


def said(pattern: re.Pattern[str], message: str) -> bool:
    """The pattern matches somewhere not denied within its own sentence."""
    return bool(_sentences_said(pattern, message))


def over(sentence: str) -> bool:
    """The sentence tells of something in the past, and nothing about now."""
    return bool(_PAST.search(sentence)) and not _NOW.search(sentence)


def _named(message: str, tier: str) -> list[tuple[str, list[str]]]:
    """Each category the (normalised) message names in `tier`, with the sentences naming it."""
    named = []
    for category, compiled in patterns(tier).items():
        sentences = [s for pattern in compiled for s in _sentences_said(pattern, message)]
        if sentences:
            named.append((category, sentences))
    return named


def phrase_categories(text: str) -> tuple[list[str], list[str]]:
    """The categories of risk the message discloses (clear) and may disclose (possible), each in
    the order of the file. Clear risk told only as over counts as possible risk."""
    message = normalise(text)
    clear: list[str] = []
    past: list[str] = []
    for category, sentences in _named(message, CLEAR):
        (past if all(over(s) for s in sentences) else clear).append(category)
    possible = [category for category, _ in _named(message, POSSIBLE)]
    return clear, possible + [category for category in past if category not in possible]


def risk_categories(text: str, tier: str = CLEAR) -> list[str]:
    """One tier of phrase_categories: the clear risk, or the possible risk."""
    clear, possible = phrase_categories(text)
    return clear if tier == CLEAR else possible
