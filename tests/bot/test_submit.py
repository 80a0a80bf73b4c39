from __future__ import annotations

import re

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.outbox import flush, get_outbox
from bot.actions.settings import get_settings
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
    # No team details set: only what is known of what happens next.
    assert texts(dispatcher)[1:] == ["utter_next_steps"]
    [(path, payload)] = fake_api.received
    assert path == f"{API_PREFIX}/plans"
    assert fake_api.authorizations == ["Bearer test-service-token"]
    assert payload["conversation_id"] == "conversation-1"
    assert payload["reference"] == reference
    assert payload["outcomes"] == [{**o, "added": []} for o in slots["outcomes"]]
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

    assert texts(dispatcher) == ["utter_sent_later", "utter_next_steps"]
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
    assert texts(dispatcher) == ["utter_sent_later", "utter_next_steps"]
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


@pytest.mark.parametrize(
    ("easy_read", "told"),
    [
        (
            False,
            "What happens next: a worker from the Adult Social Work Team {0[} will read your "
            "plan and get in touch with you, usually within 5 working days. If you want to talk "
            "to them before then, call 0131 496 0000 and give your reference.",
        ),
        (
            True,
            "What happens next? A social worker from the Adult Social Work Team {0[} will read "
            "your plan. They will get in touch within 5 working days. You can phone them on "
            "0131 496 0000. Say your plan number.",
        ),
    ],
)
async def test_once_sent_the_person_is_told_the_teams_own_details(
    fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch, easy_read: bool, told: str
) -> None:
    monkeypatch.setenv("TEAM_NAME", "the Adult Social Work Team {0[}")
    monkeypatch.setenv("TEAM_PHONE", " 0131 496 0000 ")
    monkeypatch.setenv("TEAM_RESPONSE_TIME", "within 5 working days")
    get_settings.cache_clear()
    dispatcher = CollectingDispatcher()
    slots = finished_slots(easy_read=easy_read)

    await ActionSubmitPlan().run(dispatcher, tracker(slots=slots), DOMAIN)

    assert texts(dispatcher)[1:] == [told]


async def test_a_team_known_only_in_part_is_not_half_told(
    fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEAM_NAME", "the Adult Social Work Team")
    monkeypatch.setenv("TEAM_PHONE", "0131 496 0000")
    get_settings.cache_clear()
    dispatcher = CollectingDispatcher()

    await ActionSubmitPlan().run(dispatcher, tracker(slots=finished_slots()), DOMAIN)

    assert texts(dispatcher)[1:] == ["utter_next_steps"]
