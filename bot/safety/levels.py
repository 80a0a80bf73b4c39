"""How serious is what a message tells us? One graded answer, from two sources.

- The reviewed phrase list (risk_phrases.yml): a match is clear risk, so it raises the level
  at once: risk to life or a medical emergency (`life`), or possible harm to an adult at risk
  (`harm`).
- The classifier over sentence representations (bot/safety/model.py), which reads meaning
  rather than words. Its guesses never raise `harm` or `life` themselves: it asks the person
  first (`check`), and their "yes" raises the level. It also notices wellbeing worries
  (`concern`), which are kept for the worker to ask about and are not urgent.

The levels, lowest first: none, concern, check, harm, life.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from bot.understanding.vocabulary import RISK_ENTITY


class Level(str, Enum):
    NONE = "none"
    CONCERN = "concern"
    CHECK = "check"
    HARM = "harm"
    LIFE = "life"

    @property
    def urgent(self) -> bool:
        return self in (Level.HARM, Level.LIFE)


class Source(str, Enum):
    """What raised a flag, so the practitioner knows how far to trust its label."""

    PHRASE_LIST = "phrase_list"
    CLASSIFIER = "classifier"
    ANSWER_TO_CHECK = "answer_to_check"


class CheckKind(str, Enum):
    """The one direct, kind question asked when the classifier alone heard possible risk."""

    LIFE = "life"  # "are you thinking about hurting yourself or ending your life?"
    EMERGENCY = "emergency"  # "is anyone hurt, very unwell or in danger right now?"
    HARM = "harm"  # "has anyone hurt you, frightened you or taken things from you?"


# The phrase list's categories (risk_phrases.yml), and the classifier's finer ones.
LIFE_CATEGORIES = frozenset({"suicide", "self_harm"})
EMERGENCY_CATEGORIES = frozenset({"medical_emergency", "danger_to_life"})
HARM_CATEGORIES = frozenset(
    {
        "abuse",
        "domestic_abuse",
        "neglect",
        "unsafe_home",
        "financial_harm",
        "physical_harm",
        "sexual_harm",
        "psychological_harm",
    }
)
DOMESTIC_ABUSE = "domestic_abuse"
# A worry for the worker to ask about, when the classifier names no category of risk.
WELLBEING = "wellbeing"


def level_of_category(category: str) -> Level:
    if category in LIFE_CATEGORIES or category in EMERGENCY_CATEGORIES:
        return Level.LIFE
    if category in HARM_CATEGORIES:
        return Level.HARM
    return Level.CONCERN


def check_for(category: str | None) -> CheckKind:
    if category in LIFE_CATEGORIES:
        return CheckKind.LIFE
    if category in EMERGENCY_CATEGORIES:
        return CheckKind.EMERGENCY
    return CheckKind.HARM


def category_after_yes(check: CheckKind, category: str | None) -> str:
    """The category a "yes" to a check confirms: the classifier's, if it fits the question."""
    fits = {
        CheckKind.LIFE: LIFE_CATEGORIES,
        CheckKind.EMERGENCY: EMERGENCY_CATEGORIES,
        CheckKind.HARM: HARM_CATEGORIES,
    }[check]
    if category in fits:
        return str(category)
    return {CheckKind.LIFE: "suicide", CheckKind.EMERGENCY: "medical_emergency"}.get(check, "abuse")


@dataclass(frozen=True)
class Assessment:
    level: Level
    categories: tuple[str, ...] = ()
    source: Source | None = None
    check: CheckKind | None = None

    @property
    def category(self) -> str | None:
        return self.categories[0] if self.categories else None


NOTHING = Assessment(Level.NONE)
_ORDER = list(Level)


def from_phrases(categories: list[str], possible: Sequence[str] = ()) -> Assessment | None:
    """Risk named by the reviewed phrase list: clear risk at the highest level any of its
    categories reaches; otherwise words that may mean risk, which ask the check that fits."""
    if categories:
        level = max((level_of_category(c) for c in categories), key=_ORDER.index)
        return Assessment(level, tuple(categories), Source.PHRASE_LIST)
    if possible:
        first = possible[0]
        return Assessment(Level.CHECK, tuple(possible), Source.PHRASE_LIST, check_for(first))
    return None


def risk_entity(assessment: Assessment, length: int) -> dict[str, Any]:
    """The assessment as the entity the NLU pipeline gives the message (read by the actions)."""
    return {
        "entity": RISK_ENTITY,
        "value": assessment.level.value,
        "start": 0,
        "end": length,
        "extractor": "RiskGrader",
        "categories": list(assessment.categories),
        "source": assessment.source.value if assessment.source else None,
        "check": assessment.check.value if assessment.check else None,
    }
