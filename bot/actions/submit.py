"""Sending what the person chose to send: the plan, or urgent flags for a plan already sent."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.api_client import Delivery
from bot.actions.logs import short_id
from bot.actions.outbox import deliver, get_outbox, plan_key
from bot.actions.plan import build_payload, told_not_ready
from bot.actions.quotes import fill, response_text
from bot.actions.safety import Choice, leave_form, slot_events, stop_steps
from bot.actions.settings import get_settings
from bot.actions.state import already_sent, easy_read_of, mark_sent, plan_reference_of
from contract.formats import new_reference

logger = logging.getLogger(__name__)


async def send_plan(tracker: Tracker, *, reference: str) -> Delivery:
    """Queue the plan, then try to deliver it at once.

    It goes into the outbox first, so that if the API is down it is still sent later, with
    nothing more asked of the person. A plan the API rejects is taken out again, so that the
    person can try again.
    """
    outbox = get_outbox()
    key = plan_key(tracker.sender_id)
    delivery = await deliver(
        outbox, outbox.put("plan", key, build_payload(tracker, reference=reference))
    )
    if delivery is Delivery.REJECTED:
        outbox.forget(key)
    elif delivery is Delivery.RETRY:
        logger.info(
            "Plan for conversation %s is waiting in the outbox", short_id(tracker.sender_id)
        )
    return delivery


class ActionSubmitPlan(Action):
    def name(self) -> str:
        return "action_submit_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if told_not_ready(dispatcher, tracker):
            return []

        reference = plan_reference_of(tracker) or new_reference()
        delivery = await send_plan(tracker, reference=reference)
        if delivery is Delivery.REJECTED:
            dispatcher.utter_message(response="utter_send_failed")
            return []
        response = "utter_sent" if delivery is Delivery.DELIVERED else "utter_sent_later"
        dispatcher.utter_message(response=response, reference=reference)
        tell_next_steps(dispatcher, tracker, domain)
        return mark_sent(reference)


def tell_next_steps(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> None:
    """What happens now the plan is sent, and how to reach the team, as the deployment says."""
    settings = get_settings()
    if not settings.team_known:
        dispatcher.utter_message(response="utter_next_steps")
        return
    template = response_text(domain, "utter_next_steps_team", easy_read=easy_read_of(tracker))
    dispatcher.utter_message(
        text=fill(
            template,
            team=settings.team_name.strip(),
            phone=settings.team_phone.strip(),
            response_time=settings.team_response_time.strip(),
        )
    )


class ActionSendUrgent(Action):
    """After a disclosure of risk, the person chose to send now, marked urgent.

    Before the plan was sent: send what they have said so far, with the flags. After: add the
    flags to the plan they sent. Either way the conversation leaves any question it was in.
    """

    def name(self) -> str:
        return "action_send_urgent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        chose = stop_steps(tracker, Choice.SEND_NOW)
        tracker.slots.update(chose)
        flags = list(tracker.get_slot("safety_flags") or [])
        chosen = slot_events(chose)
        if already_sent(tracker):
            outbox = get_outbox()
            last = flags[-1]["quote"] if flags else {}
            key = f"flags:{tracker.sender_id}:{last.get('message_id')}"
            payload = {"conversation_id": tracker.sender_id, "flags": flags}
            delivery = await deliver(outbox, outbox.put("flags", key, payload))
            added = delivery is Delivery.DELIVERED
            dispatcher.utter_message(response="utter_flag_added" if added else "utter_flag_waiting")
            return [*chosen, *leave_form()]

        reference = plan_reference_of(tracker) or new_reference()
        delivery = await send_plan(tracker, reference=reference)
        if delivery is Delivery.REJECTED:
            dispatcher.utter_message(response="utter_send_failed")
            return [*chosen, *leave_form()]
        response = "utter_sent_urgent" if delivery is Delivery.DELIVERED else "utter_sent_later"
        dispatcher.utter_message(response=response, reference=reference)
        return [*chosen, *leave_form(), *mark_sent(reference)]
