"""Stopping for now, and coming back: on the same device by saying hello, on another by code."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.codes import CodeState, get_resume_codes
from bot.actions.quotes import fill, response_text
from bot.actions.rasa_client import fetch_tracker
from bot.actions.reminder import remind
from bot.actions.state import (
    PENDING,
    REQUESTED_SLOT,
    RESUME_CODE,
    REVIEW_CLAIMED,
    easy_read_of,
)
from contract.formats import code_in, new_code

# Slots that belong to this moment of the conversation, not to the draft; resume_code is
# spent once used, and a new one is given when they stop again; review_claimed starts a review
# only as the code is accepted.
_NOT_CARRIED = {REQUESTED_SLOT, RESUME_CODE, REVIEW_CLAIMED}


def pause_conversation(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> dict[str, Any]:
    """Tell the person how to come back; returns the slots to set (their resume code).

    Every pause gives a new code: codes work once, and the one given before stops working."""
    code = new_code()
    get_resume_codes().issue(code, tracker.sender_id)
    dispatcher.utter_message(
        text=fill(response_text(domain, "utter_paused", easy_read=easy_read_of(tracker)), code=code)
    )
    return {RESUME_CODE: code}


class ActionPause(Action):
    def name(self) -> str:
        return "action_pause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        slots = pause_conversation(dispatcher, tracker, domain)
        return [SlotSet(name, value) for name, value in slots.items()]


class ActionResumeConversation(Action):
    """Carry on a paused conversation here, from its resume code."""

    def name(self) -> str:
        return "action_resume_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        code = code_in(tracker.latest_message.get("text") or "")
        codes = get_resume_codes()
        state, sender = codes.state(code) if code else (CodeState.UNKNOWN, None)
        if sender == tracker.sender_id:
            # Their own code, in the same conversation: nothing to fetch, nothing spent.
            return [FollowupAction("action_start_conversation")]
        if state is CodeState.SPENT:
            dispatcher.utter_message(response="utter_resume_code_spent")
            return []
        if state is CodeState.UNKNOWN and code is not None:
            # Not a resume code we gave: perhaps the worker's review code, typed on its own.
            return [FollowupAction("action_review_code")]
        old = await fetch_tracker(sender) if state is CodeState.FOUND and sender else None
        if old is None or code is None or not codes.use(code):
            dispatcher.utter_message(response="utter_resume_not_found")
            return []

        dispatcher.utter_message(response="utter_resumed")
        old_slots = old.get("slots") or {}
        events: list[EventType] = [
            SlotSet(name, value)
            for name, value in old_slots.items()
            if name not in _NOT_CARRIED and name in domain.get("slots", {})
        ]
        events.append(SlotSet(RESUME_CODE, None))
        loop = (old.get("active_loop") or {}).get("name")
        remind(
            dispatcher,
            domain,
            loop=loop,
            requested_slot=old_slots.get(REQUESTED_SLOT),
            pending=old_slots.get(PENDING),
        )
        if loop:
            # The form asks its next question without reading this message as an answer.
            return [
                *events,
                ActiveLoop(loop),
                SlotSet(REQUESTED_SLOT, None),
                FollowupAction(loop),
            ]
        return [*events, FollowupAction("action_start_conversation")]
