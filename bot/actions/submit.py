from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.api_client import Delivery
from bot.actions.outbox import deliver, get_outbox
from bot.actions.plan import build_payload, conversation_finished, new_reference

logger = logging.getLogger(__name__)


class ActionSubmitPlan(Action):
    """Send the plan the person has seen and chosen to send.

    It goes into the outbox first, so that if the API is down it is still sent later, with
    nothing more asked of the person.
    """

    def name(self) -> str:
        return "action_submit_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reference = tracker.get_slot("plan_reference")
        if tracker.get_slot("stage") == "sent":
            dispatcher.utter_message(response="utter_already_sent", reference=reference)
            return []
        if not conversation_finished(tracker):
            dispatcher.utter_message(response="utter_not_finished")
            return []

        reference = reference or new_reference()
        payload = build_payload(tracker, reference=reference)
        outbox = get_outbox()
        outbox.put(payload)
        delivery = await deliver(outbox, payload)
        if delivery is Delivery.REJECTED:
            outbox.forget(tracker.sender_id)
            dispatcher.utter_message(response="utter_send_failed")
            return []
        sent = [SlotSet("stage", "sent"), SlotSet("plan_reference", reference)]
        if delivery is Delivery.DELIVERED:
            dispatcher.utter_message(response="utter_sent", reference=reference)
        else:
            logger.info("Plan for conversation %s is waiting in the outbox", tracker.sender_id)
            dispatcher.utter_message(response="utter_sent_later", reference=reference)
        return sent
