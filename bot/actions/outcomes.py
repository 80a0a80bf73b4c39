"""What matters to the person, and why: asked, reflected back in their words, confirmed."""

from __future__ import annotations

from typing import Any, cast

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.acknowledge import acknowledge
from bot.actions.plan import Outcome, outcomes_of, role_of
from bot.actions.quotes import Quote, fill, intent_of, response_text, take_answer
from bot.actions.repair import SKIPPED, AnswerForm, note_skipped
from bot.actions.sections import SectionValidation, reopen_section, skip_section
from bot.actions.state import HELP_INDEX, PendingPart, Slots, easy_read_of, pending_of
from contract.conversation import Slot, Stage
from contract.plan import CARER_OPENING, MAX_ADDED, MAX_OUTCOMES, PERSON_OPENING, Role

# "Which of these matters most to you just now?", asked once there are two or more: the one
# chosen goes first, so the plan lists them in the person's order.
PRIORITY = "outcome_priority"
# What the slot holds when they would rather not choose: all matter as much.
ALL_THE_SAME = "all"
_EXCERPT_CHARS = 40
# "I want to add something" at the read-back: the next answer is added to the thing that matters.
ADDED = "outcome_added"
# Then, in the person's order, for each thing that matters: "What would help with “…”?" and
# "Who could help with that?". HELP_INDEX says which.
HELP = "outcome_help"
WHO = "outcome_who"

# Every slot of the form filled: the form ends, with no more outcomes.
NO_MORE_OUTCOMES = {
    "outcome_what": SKIPPED,
    "outcome_why": SKIPPED,
    "outcome_confirmed": SKIPPED,
    "more_outcomes": "no",
}


class ValidateOutcomesForm(SectionValidation, AnswerForm):
    """What matters, and why, one outcome at a time. A carer is first asked about the person
    they look after, and what they think matters to that person (CARER_OPENING)."""

    def name(self) -> str:
        return "validate_outcomes_form"

    async def question_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        opening = CARER_OPENING if role_of(tracker) is Role.CARER else PERSON_OPENING
        slots = [part.value for part in opening] + outcome_round_slots(tracker)
        outcomes = outcomes_of(tracker)
        if tracker.get_slot("more_outcomes") == "no" and outcomes:
            if len(outcomes) >= 2:
                slots.append(PRIORITY)
            slots += [HELP, WHO]
        return slots

    def skip(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        if slot in CARER_OPENING:
            return skip_section(slot, tracker)
        if slot == PRIORITY:
            return {PRIORITY: ALL_THE_SAME}
        if slot in (HELP, WHO):
            return _help_answered(slot, None, tracker)
        pending = pending_of(tracker)
        if slot == ADDED:
            pending["adding"] = False
            return {ADDED: None, "pending": pending}
        if slot == "outcome_why":
            pending["why"] = None
            skipped = note_skipped(tracker, "why_it_matters")
            return {"outcome_why": SKIPPED, "pending": pending, "skipped": skipped}
        if slot == "outcome_confirmed":
            return self._keep(dispatcher, tracker)
        if slot == "outcome_what" and not outcomes_of(tracker):
            skipped = note_skipped(tracker, "what_matters")
            return {**NO_MORE_OUTCOMES, "pending": {}, "skipped": skipped}
        return {**NO_MORE_OUTCOMES, "pending": {}}

    def go_back(self, slot: str, tracker: Tracker) -> Slots | None:
        if slot == PRIORITY:
            return {"more_outcomes": None}
        if slot in (HELP, WHO):
            return _help_back(slot, tracker)
        if slot == ADDED:
            pending = pending_of(tracker)
            pending["adding"] = False
            return {"pending": pending}
        if slot in CARER_OPENING:
            index = CARER_OPENING.index(slot)
            return reopen_section(CARER_OPENING[index - 1], tracker) if index else None
        pending = pending_of(tracker)
        outcomes = outcomes_of(tracker)
        if slot == "outcome_why":
            return {"outcome_what": None, "pending": {}}
        if slot == "outcome_confirmed":
            # Back to "why": what they added stays.
            return {
                "outcome_why": None,
                "pending": {"what": pending.get("what"), "added": pending.get("added") or []},
            }
        if outcomes:
            # "Is there anything else?" or "What else matters?": back to confirming the last one.
            last = outcomes[-1]
            why = last.get("why")
            return {
                "outcomes": outcomes[:-1],
                "pending": {"what": last["what"], "why": why},
                "outcome_what": last["what"]["text"],
                "outcome_why": why["text"] if why else SKIPPED,
                "outcome_confirmed": None,
                "more_outcomes": None,
            }
        if role_of(tracker) is Role.CARER:
            return reopen_section(CARER_OPENING[-1], tracker)
        return None

    def _keep(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        pending = pending_of(tracker)
        outcome: Outcome = {"what": pending["what"], "why": pending.get("why")}
        if pending.get("added"):
            outcome["added"] = pending["added"]
        outcomes = [*outcomes_of(tracker), outcome]
        slots: Slots = {"outcome_confirmed": "yes", "outcomes": outcomes, "pending": {}}
        if len(outcomes) >= MAX_OUTCOMES:
            dispatcher.utter_message(response="utter_outcomes_full")
            slots["more_outcomes"] = "no"
        return slots

    def _take(
        self, part: PendingPart, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Slots:
        quote = take_answer(tracker, dispatcher)
        if quote is None:
            return {slot: None}
        pending = pending_of(tracker)
        pending[part] = quote
        return {slot: quote["text"], "pending": pending, Slot.STAGE: Stage.TALKING.value}

    async def validate_outcome_what(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._take("what", "outcome_what", dispatcher, tracker)

    async def validate_outcome_why(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._take("why", "outcome_why", dispatcher, tracker)

    async def validate_outcome_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        intent = intent_of(tracker)
        if intent == "affirm":
            return self._keep(dispatcher, tracker)
        pending = pending_of(tracker)
        if intent == "add_something" and len(pending.get("added") or []) < MAX_ADDED:
            pending["adding"] = True
            return {"outcome_confirmed": None, "pending": pending}
        if intent == "deny":
            dispatcher.utter_message(response="utter_lets_try_again")
            return {
                "outcome_confirmed": None,
                "outcome_what": None,
                "outcome_why": None,
                "pending": {},
            }
        dispatcher.utter_message(response="utter_please_choose")
        return {"outcome_confirmed": None}

    async def validate_outcome_added(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        """What they added when it was read back: its own quote, kept after what they said."""
        quote = take_answer(tracker, dispatcher)
        if quote is None:
            return {ADDED: None}
        pending = pending_of(tracker)
        pending["added"] = [*(pending.get("added") or []), quote]
        pending["adding"] = False
        # Empty again, so that "add something" can ask it again; confirming comes next.
        return {ADDED: None, "pending": pending}

    async def validate_outcome_help(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._help(HELP, dispatcher, tracker)

    async def validate_outcome_who(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        return self._help(WHO, dispatcher, tracker)

    def _help(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
        quote = take_answer(tracker, dispatcher)
        if quote is None:
            return {slot: None}
        acknowledge(dispatcher, tracker, quote["text"])
        return {**_help_answered(slot, quote, tracker), Slot.STAGE: Stage.TALKING.value}

    async def validate_more_outcomes(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        intent = intent_of(tracker)
        if intent in ("affirm", "add_something"):
            # Round again: the form asks for the next outcome from the start.
            return {
                "more_outcomes": None,
                "outcome_what": None,
                "outcome_why": None,
                "outcome_confirmed": None,
            }
        if intent == "deny":
            return {"more_outcomes": "no"}
        dispatcher.utter_message(response="utter_please_choose")
        return {"more_outcomes": None}

    async def validate_outcome_priority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Slots:
        outcomes = outcomes_of(tracker)
        chosen = _priority_in(tracker, len(outcomes))
        if chosen is None:
            dispatcher.utter_message(response="utter_please_choose")
            return {PRIORITY: None}
        if chosen == ALL_THE_SAME:
            return {PRIORITY: ALL_THE_SAME}
        first = int(chosen)
        dispatcher.utter_message(response="utter_priority_noted")
        ordered = [outcomes[first], *(o for i, o in enumerate(outcomes) if i != first)]
        return {PRIORITY: chosen, "outcomes": ordered}


def outcome_round_slots(tracker: Tracker) -> list[str]:
    """One thing that matters: what, why, anything they add when it is read back, confirmed;
    then whether there is more."""
    adding = [ADDED] if pending_of(tracker).get("adding") else []
    return ["outcome_what", "outcome_why", *adding, "outcome_confirmed", "more_outcomes"]


def help_index_of(tracker: Tracker, count: int) -> int:
    """Which thing that matters the help questions are about now (never past the last)."""
    value = tracker.get_slot(HELP_INDEX)
    index = int(value) if isinstance(value, (int, float)) else 0
    return max(0, min(index, count - 1))


_FIELD = {HELP: "help", WHO: "who"}


def _help_answered(slot: str, quote: Quote | None, tracker: Tracker) -> Slots:
    """Keep what would help with this thing (or who could), None if skipped. After who could
    help: on to the next thing that matters, or, after the last, the form is done."""
    outcomes = outcomes_of(tracker)
    index = help_index_of(tracker, len(outcomes))
    outcome = cast(dict[str, Any], outcomes[index])
    outcome[_FIELD[slot]] = quote
    shown = quote["text"] if quote else SKIPPED
    if slot == HELP:
        return {HELP: shown, "outcomes": outcomes}
    if index + 1 < len(outcomes):
        return {HELP_INDEX: index + 1, HELP: None, WHO: None, "outcomes": outcomes}
    return {WHO: shown, "outcomes": outcomes}


def _help_back(slot: str, tracker: Tracker) -> Slots:
    """Back from "what would help" to who could help with the thing before (or to choosing
    what matters most, or whether there is more); back from "who could help" to what would."""
    outcomes = outcomes_of(tracker)
    index = help_index_of(tracker, len(outcomes))
    if slot == WHO:
        cast(dict[str, Any], outcomes[index]).pop("help", None)
        return {HELP: None, "outcomes": outcomes}
    if index > 0:
        before = cast(dict[str, Any], outcomes[index - 1])
        before.pop("who", None)
        help_said = before.get("help")
        return {
            HELP_INDEX: index - 1,
            HELP: help_said["text"] if help_said else SKIPPED,
            WHO: None,
            "outcomes": outcomes,
        }
    return {PRIORITY: None} if len(outcomes) >= 2 else {"more_outcomes": None}


def excerpt(words: str) -> str:
    return words if len(words) <= _EXCERPT_CHARS else words[:_EXCERPT_CHARS] + "…"


def _priority_in(tracker: Tracker, count: int) -> str | None:
    """The choice: an outcome's index as text (a button, or its number typed), or ALL_THE_SAME
    (the button, "no", or "they all matter"); None if the message is neither."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "priority":
            value = str(entity.get("value"))
            if value == ALL_THE_SAME or (value.isdigit() and int(value) < count):
                return value
    typed = (tracker.latest_message.get("text") or "").strip().casefold()
    if typed.isdigit() and 1 <= int(typed) <= count:
        return str(int(typed) - 1)
    if intent_of(tracker) == "deny" or typed.startswith(("they all", "all of them", "all")):
        return ALL_THE_SAME
    return None


class ActionAskOutcomePriority(Action):
    """ "Which of these matters most to you just now?", with their own words as the buttons."""

    def name(self) -> str:
        return "action_ask_outcome_priority"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        easy_read = easy_read_of(tracker)
        buttons = [
            {
                "title": f"{number}. {excerpt(outcome['what']['text'] or '')}",
                "payload": f'/choose{{"priority": "{number - 1}"}}',
            }
            for number, outcome in enumerate(outcomes_of(tracker), start=1)
        ]
        buttons.append(
            {
                "title": response_text(domain, "utter_priority_all_button", easy_read=easy_read),
                "payload": f'/choose{{"priority": "{ALL_THE_SAME}"}}',
            }
        )
        dispatcher.utter_message(
            text=response_text(domain, "utter_ask_outcome_priority", easy_read=easy_read),
            buttons=buttons,
        )
        return []


class ActionAskOutcomeWhat(Action):
    """ "What matters to you?", then "What else matters to you?"."""

    first_response = "utter_ask_outcome_what_first"

    def name(self) -> str:
        return "action_ask_outcome_what"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        first = not outcomes_of(tracker)
        dispatcher.utter_message(
            response=self.first_response if first else "utter_ask_outcome_what_more"
        )
        return []


class ActionAskOutcomeConfirmed(Action):
    """Reflect back what was heard, quoting the person exactly, and ask if it is right."""

    def name(self) -> str:
        return "action_ask_outcome_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        pending = pending_of(tracker)
        why = pending.get("why")
        if not pending.get("added"):
            # Said once: not again after each thing they add.
            acknowledge(dispatcher, tracker, pending["what"]["text"], why["text"] if why else "")
        template = "utter_reflect_back" if why else "utter_reflect_back_no_why"
        easy_read = easy_read_of(tracker)
        dispatcher.utter_message(
            text=fill(
                response_text(domain, template, easy_read=easy_read),
                what=pending["what"]["text"],
                why=why["text"] if why else "",
            )
        )
        added_template = response_text(domain, "utter_reflect_back_added", easy_read=easy_read)
        for added in pending.get("added") or []:
            dispatcher.utter_message(text=fill(added_template, added=added["text"]))
        dispatcher.utter_message(response="utter_ask_outcome_confirmed")
        return []


class ActionAskOutcomeHelp(Action):
    """ "What would help with “…”?", quoting the thing that matters exactly."""

    def name(self) -> str:
        return "action_ask_outcome_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        outcomes = outcomes_of(tracker)
        if not outcomes:
            return []
        outcome = outcomes[help_index_of(tracker, len(outcomes))]
        template = response_text(domain, "utter_ask_outcome_help", easy_read=easy_read_of(tracker))
        dispatcher.utter_message(text=fill(template, what=outcome["what"]["text"]))
        return []
