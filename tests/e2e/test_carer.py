"""A person and their carer each hold their own conversation; practitioners read them linked."""

from __future__ import annotations

import uuid

import httpx

from contract.http import API_PREFIX
from scripts.conversation import Conversation
from scripts.stack import Stack
from tests.e2e.test_conversation import (
    SENT,
    expected_words,
    find_plan,
    hold_conversation,
    words_in_plan,
)

# (what the carer types, the plan field it should end up in, if any)
CARER_CONVERSATION: list[tuple[str, str | None]] = [
    ("hello", None),
    ("/carer", None),
    ("Morven", "call_me"),
    ("My mum, Jean 🌻 she's 84", "cared_for"),
    ("Jean", "cared_for_name"),
    ("Paisley, near the Abbey {PA1}", "cared_for_town"),
    ("meals, pills, {everything} really & up at night", "caring_role"),
    ("I'm shattered, I've cut my hours to 0[ nothing", "caring_impact"),
    # The carer's own outcomes come before anyone else's: they are not just a carer.
    ("A night's sleep", "what:0"),
    ("I can't think straight without it", "why:0"),
    ("/affirm", None),
    ("/deny", None),
    # One thing that matters to the carer: what would help with it, and who could.
    ("a sitter one night a week", "help:0"),
    ("the council, and my brother", "who:0"),
    ("my choir on a Thursday {still}", "working_well"),
    ("I'll keep going, but not the nights — that's my limit", "keep_caring"),
    ("no plan, my brother is in Aberdeen", "emergency_plan"),
    ("my brother might take her in, nothing's written down <yet>", "future_care"),
    ("yes!! even one afternoon", "need_break"),
    ("Her garden. Though she'd say the telly!", "person_matters"),
    ("it's where she's herself", "person_matters_why"),
    ("I'm organised", "strengths"),
    ("the carers centre on a Tuesday", "people"),
    ("if Mum has another fall 😟", "look_again"),
    ("/deny", None),  # "No, skip these" questions before we meet
]


def test_a_person_and_their_carer_each_in_their_own_words_linked(
    stack: Stack, api: httpx.Client
) -> None:
    person_sender = uuid.uuid4().hex
    person_sent = SENT.search(hold_conversation(stack, person_sender))
    assert person_sent
    person_reference = person_sent.group(1)

    carer = Conversation(stack.rasa_url, uuid.uuid4().hex)
    for message, _field in CARER_CONVERSATION:
        assert carer.answer(message)
    assert "see your plan beside theirs" in carer.say_text(f"it's {person_reference.lower()}")
    carer.say_text("no")
    assert "Send your plan to the social work team now?" in carer.say_text("/send_plan")
    carer_sent = SENT.search(carer.say_text("/send_plan"))
    assert carer_sent

    carers_plan = find_plan(api, carer.sender)
    persons_plan = find_plan(api, person_sender)
    assert carers_plan is not None and persons_plan is not None
    assert carers_plan["role"] == "carer" and persons_plan["role"] == "person"
    assert carers_plan["person_reference"] == person_reference
    assert carers_plan["linked_plans"] == [
        {"id": persons_plan["id"], "reference": person_reference, "role": "person"}
    ]
    assert words_in_plan(carers_plan) == {
        field: message for message, field in CARER_CONVERSATION if field
    }
    # The person's plan holds only the person's words.
    assert words_in_plan(persons_plan) == expected_words()

    side = api.get(f"{API_PREFIX}/plans/{persons_plan['id']}/side-by-side").json()
    assert side["what_matters_in_the_persons_words"] == persons_plan["outcomes"]
    [view] = side["carers"]
    assert [q["text"] for q in view["what_matters_to_the_person"]] == [
        "Her garden. Though she'd say the telly!"
    ]
    assert view["the_carers_own_outcomes"] == carers_plan["outcomes"]
    listing = api.get(f"{API_PREFIX}/plans", params={"role": "carer"}).json()
    assert carers_plan["id"] in [row["id"] for row in listing]
    assert persons_plan["id"] not in [row["id"] for row in listing]


def test_the_page_can_start_a_carer_straight_in_their_own_conversation(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    body = {"sender": sender, "message": "hello", "metadata": {"role": "carer"}}
    replies = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body).json()
    text = "\n".join(reply.get("text") or "" for reply in replies)
    assert "This is your own conversation, as someone who looks after" in text
    carer = Conversation(stack.rasa_url, sender)
    assert "what would you like me to call you?" in carer.say_text("/affirm")
    assert "the person you look after" in carer.say_text("Morven")
