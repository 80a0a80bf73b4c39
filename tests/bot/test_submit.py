from __future__ import annotations

import re

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.outbox import flush, get_outbox
from bot.actions.submit import ActionSubmitPlan
from contract.http import API_PREFIX
from contract.plan import PERSON_SECTIONS
from tests.bot.conftest import FakeApi
from tests.bot.factories import DOMAIN, finished_slots, texts, tracker


def reference_of(events: list[SlotSet]) -> str:
    [reference] = [event["value"] for event in events if event["name"] == "plan_reference"]
    return str(reference)


async def test_a_sent_plan_reaches_the_api_in_the_persons_words(fake_api: FakeApi) -> None:
    dispatcher = CollectingDispatcher()
    slots = finished_slots()
    events = await ActionSubmitPlan().run(dispatcher, tracker(slots=slots), DOMAIN)

    reference = reference_of(events)
    assert re.fullmatch(r"WM-[A-HJ-NP-Z2-9]{6}", reference)
    assert events == [SlotSet("stage", "sent"), SlotSet("plan_reference", reference)]
    assert dispatcher.messages[0]["response"] == "utter_sent"
    assert dispatcher.messages[0]["reference"] == reference
    [(path, payload)] = fake_api.received
    assert path == f"{API_PREFIX}/plans"
    assert fake_api.authorizations == ["Bearer test-service-token"]
    assert payload["conversation_id"] == "conversation-1"
    assert payload["reference"] == reference
    assert payload["outcomes"] == slots["outcomes"]
    assert payload["sections"] == {s: [slots["answers"][s]] for s in PERSON_SECTIONS}
    assert (payload["questions"], payload["safety_flags"], payload["skipped"]) == ([], [], [])
    # Delivered, so purged: the outbox keeps nothing the API already has.
    assert get_outbox().state("plan:conversation-1") is None


async def test_when_the_api_is_down_the_plan_waits_and_is_delivered_later(
    fake_api: FakeApi,
) -> None:
    fake_api.status = 503
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitPlan().run(dispatcher, tracker(slots=finished_slots()), DOMAIN)

    assert texts(dispatcher) == ["utter_sent_later"]
    assert events[0] == SlotSet("stage", "sent")
    assert get_outbox().state("plan:conversation-1") == "pending"

    fake_api.status = 201
    assert await flush(get_outbox()) == 1
    # Delivered, so purged: the outbox keeps nothing the API already has.
    assert get_outbox().state("plan:conversation-1") is None
    assert len(fake_api.received) == 2
    assert fake_api.received[0] == fake_api.received[1]


async def test_when_nothing_listens_the_plan_waits() -> None:
    dispatcher = CollectingDispatcher()
    await ActionSubmitPlan().run(dispatcher, tracker(slots=finished_slots()), DOMAIN)
    assert texts(dispatcher) == ["utter_sent_later"]
    assert get_outbox().state("plan:conversation-1") == "pending"


async def test_a_plan_the_api_rejects_is_not_marked_sent(fake_api: FakeApi) -> None:
    fake_api.status = 422
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitPlan().run(dispatcher, tracker(slots=finished_slots()), DOMAIN)
    assert events == []
    assert texts(dispatcher) == ["utter_send_failed"]
    assert get_outbox().state("plan:conversation-1") is None


async def test_sending_twice_says_it_was_already_sent(fake_api: FakeApi) -> None:
    dispatcher = CollectingDispatcher()
    slots = finished_slots(stage="sent", plan_reference="WM-ABCDEF")
    assert await ActionSubmitPlan().run(dispatcher, tracker(slots=slots), DOMAIN) == []
    assert dispatcher.messages[0]["response"] == "utter_already_sent"
    assert fake_api.received == []


async def test_an_unfinished_conversation_cannot_be_sent(fake_api: FakeApi) -> None:
    dispatcher = CollectingDispatcher()
    slots = finished_slots(anything_else=None)
    assert await ActionSubmitPlan().run(dispatcher, tracker(slots=slots), DOMAIN) == []
    assert texts(dispatcher) == ["utter_not_finished"]
    assert fake_api.received == []
