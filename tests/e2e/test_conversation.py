"""A whole conversation through the REST channel, read back through the practitioner API."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import httpx

from contract.http import API_PREFIX
from scripts.conversation import AWKWARD_CONVERSATION, Conversation
from scripts.stack import Stack

SENT = re.compile(r"Your reference is (WM-[A-Z0-9]{6})")


def hold_conversation(stack: Stack, sender: str) -> str:
    """Say every line of the awkward conversation; returns the last reply."""
    conversation = Conversation(stack.rasa_url, sender)
    reply = ""
    for message, _field in AWKWARD_CONVERSATION:
        reply = conversation.answer(message)
        assert reply, f"no reply to {message[:40]!r}"
    return reply


def expected_words() -> dict[str, str]:
    return {field: message for message, field in AWKWARD_CONVERSATION if field}


def words_in_plan(plan: dict[str, Any]) -> dict[str, str]:
    words = {}
    for index, outcome in enumerate(plan["outcomes"]):
        words[f"what:{index}"] = outcome["what"]["text"]
        words[f"why:{index}"] = outcome["why"]["text"]
        for added in outcome["added"]:
            words[f"added:{index}"] = added["text"]
        for part in ("help", "who"):
            if outcome[part] is not None:
                words[f"{part}:{index}"] = outcome[part]["text"]
    for section, quotes in plan["sections"].items():
        for quote in quotes:
            words[section] = quote["text"]
    return words


def find_plan(api: httpx.Client, sender: str) -> dict[str, Any] | None:
    listing = api.get(f"{API_PREFIX}/plans", params={"conversation_id": sender})
    listing.raise_for_status()
    plans = listing.json()
    if not plans:
        return None
    assert len(plans) == 1
    response = api.get(f"{API_PREFIX}/plans/{plans[0]['id']}")
    response.raise_for_status()
    return dict(response.json())


def test_the_plan_reaches_the_practitioner_in_the_persons_exact_words(
    stack: Stack, api: httpx.Client
) -> None:
    sender = uuid.uuid4().hex
    last_reply = hold_conversation(stack, sender)
    sent = SENT.search(last_reply)
    assert sent and "has been sent" in last_reply

    plan = find_plan(api, sender)
    assert plan is not None
    assert plan["reference"] == sent.group(1)
    assert plan["status"] == "new"
    assert words_in_plan(plan) == expected_words()

    # Every quote traces back to the very message it came from, in Rasa's own record.
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.env["RASA_API_TOKEN"]},
    ).json()
    said = {e["message_id"]: e["text"] for e in tracker["events"] if e["event"] == "user"}
    quotes = [o[part] for o in plan["outcomes"] for part in ("what", "why", "help", "who")]
    quotes += [added for o in plan["outcomes"] for added in o["added"]]
    quotes += [q for section in plan["sections"].values() for q in section]
    assert all(said[quote["message_id"]] == quote["text"] for quote in quotes)


def test_sending_again_does_not_make_a_second_plan(stack: Stack, api: httpx.Client) -> None:
    sender = uuid.uuid4().hex
    hold_conversation(stack, sender)
    again = Conversation(stack.rasa_url, sender).say_text("send my plan")
    assert "already been sent" in again
    assert len(api.get(f"{API_PREFIX}/plans", params={"conversation_id": sender}).json()) == 1


def test_wrong_tokens_are_refused(stack: Stack) -> None:
    assert httpx.get(f"{stack.api_url}{API_PREFIX}/plans").status_code == 401
    wrong = {"Authorization": "Bearer not-a-token"}
    assert httpx.get(f"{stack.api_url}{API_PREFIX}/plans", headers=wrong).status_code == 401
    assert (
        httpx.post(f"{stack.api_url}{API_PREFIX}/plans", headers=wrong, json={}).status_code == 401
    )
    # Rasa's own HTTP API is closed without its token.
    tracker_url = f"{stack.rasa_url}/conversations/anyone/tracker"
    assert httpx.get(tracker_url).status_code == 401
    assert httpx.get(tracker_url, params={"token": "wrong"}).status_code == 401


def test_a_plan_sent_while_the_api_is_down_arrives_when_it_is_back(
    stack: Stack, api: httpx.Client
) -> None:
    sender = uuid.uuid4().hex
    stack.stop("api")
    try:
        last_reply = hold_conversation(stack, sender)
        assert "Your plan is saved" in last_reply and SENT.search(last_reply)
        # The action server restarts while the plan is waiting: nothing may be lost.
        stack.stop("actions")
        stack.start("actions")
    finally:
        stack.start("api")
    back = time.monotonic()

    plan = None
    while plan is None and time.monotonic() - back < 60:
        time.sleep(1)
        plan = find_plan(api, sender)
    assert plan is not None, "the waiting plan did not arrive within a minute"
    assert words_in_plan(plan) == expected_words()
