"""The graded safety response: warmth, a direct check, or help at once, and never a lost answer.

The NLU pipeline grades every typed message (bot/safety/levels.py) and passes the level as the
entity `risk_level`. Here each level gets its response:

- concern: warmth; the message is flagged "for the worker to ask about", not urgent.
- check: the classifier alone heard possible risk, so we ask one direct, kind question first
  (Yes / No / I'd rather not say). A "yes" raises the level; anything else leaves a concern.
- harm: possible harm to an adult at risk: honesty about the council's duty to inquire (Adult
  Support and Protection (Scotland) Act 2007), the contacts that fit, and the plan urgent.
- life: risk to life or a medical emergency: 999, NHS 24, Samaritans, honesty that nobody reads
  this live and the plan may not be read until the next working day; "are you safe right now?"
  after a "yes" to the direct question.

After harm or life the person chooses: send now (urgent), carry on, or stop for now; the next
question waits until they have chosen. The steps still to take are the slot `safety_steps`;
every form asks them first (AnswerForm.required_slots), and `safety_form` asks them where no
other question is open. Each flag records its level, what raised it and what the person chose.
Whatever the message triggered, its words stay the answer to the question it was typed at.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypedDict

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import Quote, quote_latest_message
from bot.actions.state import already_sent, stage_of
from bot.safety.levels import (
    DOMESTIC_ABUSE,
    EMERGENCY_CATEGORIES,
    HARM_CATEGORIES,
    Assessment,
    CheckKind,
    Level,
    Source,
    category_after_yes,
)
from bot.understanding.vocabulary import RISK_ENTITY
from contract.conversation import Stage

SAFETY_STEP = "safety_step"
STEP_KIND = "safety_step_kind"
STEPS = "safety_steps"
FLAGS = "safety_flags"


# Someone else threatening the person's life: help as for harm, after 999.
_THREAT_ONLY = frozenset({"danger_to_life"}) | HARM_CATEGORIES


class Step(str, Enum):
    """A question the safety response asks; the value is the slot `safety_step_kind`."""

    LIFE_CHECK = "life_check"
    EMERGENCY_CHECK = "emergency_check"
    HARM_CHECK = "harm_check"
    SAFE_NOW = "safe_now"
    CHOICE = "choice"
    CHOICE_SENT = "choice_sent"


CHECK_STEPS = {
    CheckKind.LIFE: Step.LIFE_CHECK,
    CheckKind.EMERGENCY: Step.EMERGENCY_CHECK,
    CheckKind.HARM: Step.HARM_CHECK,
}
_CHECK_OF_STEP = {step: kind for kind, step in CHECK_STEPS.items()}


class Choice(str, Enum):
    YES = "yes"
    NO = "no"
    RATHER_NOT_SAY = "rather_not_say"
    SEND_NOW = "send_now"
    CARRY_ON = "carry_on"
    STOP = "stop"


class Flag(TypedDict, total=False):
    quote: Quote
    categories: list[str]
    level: str  # concern | check | harm | life (check: asked, not yet answered)
    source: str  # phrase_list | classifier | answer_to_check
    choices: list[str]  # what the person chose, in order: yes/no/..., then send_now/...


def assessment_of(tracker: Tracker) -> Assessment:
    """The graded level the NLU pipeline gave the latest message."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == RISK_ENTITY:
            check = entity.get("check")
            source = entity.get("source")
            return Assessment(
                Level(entity["value"]),
                tuple(entity.get("categories") or ()),
                Source(source) if source else None,
                CheckKind(check) if check else None,
            )
    return Assessment(Level.NONE)


def flags_of(tracker: Tracker) -> list[Flag]:
    return [Flag(**flag) for flag in tracker.get_slot(FLAGS) or []]  # type: ignore[typeddict-item]


def steps_of(tracker: Tracker) -> list[str]:
    return list(tracker.get_slot(STEPS) or [])


def _choice_step(tracker: Tracker) -> str:
    return Step.CHOICE_SENT.value if already_sent(tracker) else Step.CHOICE.value


def _steps_slots(steps: list[str]) -> dict[str, Any]:
    return {STEPS: steps, STEP_KIND: steps[0] if steps else None, SAFETY_STEP: None}


def _help_now(dispatcher: CollectingDispatcher, level: Level, categories: tuple[str, ...]) -> None:
    """The response for clear risk: the contacts that fit, and honesty about what happens."""
    if level is Level.LIFE:
        if EMERGENCY_CATEGORIES.intersection(categories):
            dispatcher.utter_message(response="utter_safety_emergency")
        if not _THREAT_ONLY.issuperset(categories):
            dispatcher.utter_message(response="utter_safety_life")
            dispatcher.utter_message(response="utter_safety_life_honest")
            return
    # Harm, or a threat to life from someone else: 999 first (above), then the police, the
    # council, and honesty about the duty to inquire.
    dispatcher.utter_message(response="utter_safety_harm")
    if DOMESTIC_ABUSE in categories:
        dispatcher.utter_message(response="utter_safety_abuse")
    dispatcher.utter_message(response="utter_safety_harm_honest")


def respond(
    dispatcher: CollectingDispatcher, tracker: Tracker, assessment: Assessment
) -> dict[str, Any]:
    """Meet the latest message at its level. Returns the slots to set (flags and steps)."""
    quote = quote_latest_message(tracker)
    if quote is None or assessment.level is Level.NONE:
        return {}
    flag = Flag(
        quote=quote,
        categories=list(assessment.categories) or ["wellbeing"],
        level=assessment.level.value,
        source=(assessment.source or Source.CLASSIFIER).value,
        choices=[],
    )
    steps = [s for s in steps_of(tracker) if s not in (Step.CHOICE.value, Step.CHOICE_SENT.value)]
    if assessment.level is Level.CONCERN:
        dispatcher.utter_message(response="utter_concern")
    elif assessment.level is Level.CHECK:
        steps = [CHECK_STEPS[assessment.check or CheckKind.HARM].value, *steps]
    else:
        _help_now(dispatcher, assessment.level, assessment.categories)
        steps = [*steps, _choice_step(tracker)]
    return {FLAGS: [*flags_of(tracker), flag], **_steps_slots(steps)}


def _record(flags: list[Flag], choice: Choice, **changes: Any) -> list[Flag]:
    """The last flag with the person's choice (and any change of level) recorded."""
    if not flags:
        return flags
    last = Flag(**{**flags[-1], **changes})  # type: ignore[typeddict-item]
    last["choices"] = [*flags[-1].get("choices", []), choice.value]
    return [*flags[:-1], last]


def answer_step(
    dispatcher: CollectingDispatcher, tracker: Tracker, intent: str | None
) -> dict[str, Any] | None:
    """The person's answer to the step they were asked; None if it was not one we can read."""
    steps = steps_of(tracker)
    if not steps:
        return {SAFETY_STEP: None}
    step, rest = Step(steps[0]), steps[1:]
    flags = flags_of(tracker)
    answer = {
        "affirm": Choice.YES,
        "deny": Choice.NO,
        "rather_not_say": Choice.RATHER_NOT_SAY,
        # "I'd rather not say" is also how people skip a question.
        "skip": Choice.RATHER_NOT_SAY,
        "carry_on": Choice.CARRY_ON,
    }.get(intent or "")
    if step in _CHECK_OF_STEP:
        if answer is Choice.YES:
            check = _CHECK_OF_STEP[step]
            said = flags[-1].get("categories") if flags else None
            category = category_after_yes(check, said[0] if said else None)
            level = Level.HARM if check is CheckKind.HARM else Level.LIFE
            _help_now(dispatcher, level, (category,))
            flags = _record(
                flags,
                Choice.YES,
                level=level.value,
                categories=[category],
                source=Source.ANSWER_TO_CHECK.value,
            )
            follow = [Step.SAFE_NOW.value] if check is CheckKind.LIFE else []
            rest = [*follow, *rest, _choice_step(tracker)]
        elif answer in (Choice.NO, Choice.RATHER_NOT_SAY):
            dispatcher.utter_message(
                response="utter_check_no" if answer is Choice.NO else "utter_check_rather_not"
            )
            flags = _record(flags, answer, level=Level.CONCERN.value)
        else:
            return None
    elif step is Step.SAFE_NOW:
        if answer not in (Choice.YES, Choice.NO):
            return None
        dispatcher.utter_message(
            response="utter_safe_now_yes" if answer is Choice.YES else "utter_safe_now_no"
        )
        flags = _record(flags, Choice.YES if answer is Choice.YES else Choice.NO)
    else:  # the choice: send now and stop for now leave the question through their own paths
        if answer not in (Choice.CARRY_ON, Choice.NO):
            return None
        dispatcher.utter_message(response="utter_carry_on_after_risk")
        flags = _record(flags, Choice.CARRY_ON)
    return {FLAGS: flags, **_steps_slots(rest)}


def stop_steps(tracker: Tracker, choice: Choice) -> dict[str, Any]:
    """The person left the safety steps (sent now, or stopped for now): record it, clear them."""
    if not steps_of(tracker):
        return {}
    return {FLAGS: _record(flags_of(tracker), choice), **_steps_slots([])}


def slot_events(slots: dict[str, Any]) -> list[EventType]:
    return [SlotSet(name, value) for name, value in slots.items()]


class ActionRespondToRisk(Action):
    """Risk outside a question (at the welcome, at the draft, after sending): respond; a rule
    then asks the steps in `safety_form`."""

    def name(self) -> str:
        return "action_respond_to_risk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return slot_events(respond(dispatcher, tracker, assessment_of(tracker)))


class ActionAfterSafety(Action):
    """The safety steps outside a question are done: pick up where the person was."""

    def name(self) -> str:
        return "action_after_safety"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        stage = stage_of(tracker)
        if stage is Stage.REVIEW:
            return [FollowupAction("action_show_draft")]
        if stage is Stage.WELCOME:
            dispatcher.utter_message(response="utter_ask_ready")
        return []


def leave_form() -> list[EventType]:
    return [ActiveLoop(None), SlotSet("requested_slot", None)]
