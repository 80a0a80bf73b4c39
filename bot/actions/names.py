"""What to call the person, and the name of the person a carer looks after.

Both answers are kept verbatim, like every other. A name is also used in the assistant's own
later questions ("What does looking after Margaret involve?"), but only when the answer plainly
is a name: "call me Peggy" gives "Peggy"; "my mum, she's 84", "I'm fine" and "margaret" (no
capital) give none, and the question keeps its own words ("the person you look after"). The
assistant never guesses a name out of a sentence: a wrong one said back is worse than none.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.plan import answers_of
from bot.actions.quotes import fill, response_variation
from bot.actions.state import MATCH_CONSENT, easy_read_of
from contract.plan import Part

_LEAD = re.compile(
    r"^(?:(?:you can |just |please )?call (?:me|her|him|them)|my name is|my name's|i'm|i am"
    r"|it's|its|it is|(?:her|his|their) name is|(?:her|his|their) name's"
    r"|(?:she|he)(?:'s| is) called|they(?:'re| are) called|(?:she|he)'s)\s+",
    re.IGNORECASE,
)
_WORD = re.compile(r"^[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*$")
# Words that make an answer something other than a name ("I'm fine", "not now", "Anything").
_NOT_NAMES = frozenset(
    """my the a an and no not nope none nothing dunno skip pass idk fine ok okay yes yeah aye
    sure anything whatever hello hi hiya thanks good well me myself sorry here help why what
    how who stop back later wait pause quit exit start again restart next""".split()
)
# The questions whose answer is a name: a plain one is that answer, whatever the classifier
# heard in it ("Will", "Hope").
NAMES_ASKED = frozenset({Part.CALL_ME, Part.CARED_FOR_NAME})
_MAX_WORDS = 3
_MAX_CHARS = 40


def name_in(text: str) -> str | None:
    """The name an answer plainly is, as typed (less a leading "call me" and an end stop)."""
    said = _LEAD.sub("", text.strip()).strip().rstrip(".!").strip()
    words = said.split()
    if not words or len(words) > _MAX_WORDS or len(said) > _MAX_CHARS:
        return None
    if any(not _WORD.match(w) or w.casefold() in _NOT_NAMES for w in words):
        return None
    # A name is written with a capital: "fine" or "tired" after "I'm" is not one.
    if not words[0][0].isupper():
        return None
    return " ".join(words)


def name_of(tracker: Tracker, part: Part) -> str | None:
    """The name given in answer to `part` (CALL_ME or CARED_FOR_NAME), if it plainly is one."""
    said = answers_of(tracker).get(part)
    return name_in(said["text"]) if said else None


def say_named(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    response: str,
    name: str | None,
) -> None:
    """Say `response`, or its `<response>_named` twin with the name filled in when there is
    one (filled here, not by Rasa, so a name is said exactly as typed)."""
    named = f"{response}_named"
    if name is None or named not in domain.get("responses", {}):
        dispatcher.utter_message(response=response)
        return
    variation = response_variation(domain, named, easy_read=easy_read_of(tracker))
    dispatcher.utter_message(
        text=fill(str(variation["text"]), name=name), buttons=variation.get("buttons") or []
    )


class _AskAboutCaredFor(Action, ABC):
    """A carer's question about the person they look after, by name if the carer gave one."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        name = name_of(tracker, Part.CARED_FOR_NAME)
        say_named(dispatcher, tracker, domain, f"utter_ask_{self.slot}", name)
        return []


class ActionAskCaredForTown(_AskAboutCaredFor):
    @property
    def slot(self) -> str:
        return Part.CARED_FOR_TOWN.value


class ActionAskCaringRole(_AskAboutCaredFor):
    @property
    def slot(self) -> str:
        return Part.CARING_ROLE.value


class ActionAskEmergencyPlan(_AskAboutCaredFor):
    @property
    def slot(self) -> str:
        return Part.EMERGENCY_PLAN.value


class ActionAskFutureCare(_AskAboutCaredFor):
    @property
    def slot(self) -> str:
        return Part.FUTURE_CARE.value


class ActionAskPersonMatters(_AskAboutCaredFor):
    @property
    def slot(self) -> str:
        return Part.PERSON_MATTERS.value


class ActionAskPersonMattersWhy(_AskAboutCaredFor):
    @property
    def slot(self) -> str:
        return Part.PERSON_MATTERS_WHY.value


class ActionAskMatchConsent(_AskAboutCaredFor):
    """ "If Margaret has talked to us too, may the worker use her name and where she lives to
    look for her plan?"."""

    @property
    def slot(self) -> str:
        return MATCH_CONSENT
