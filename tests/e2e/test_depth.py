"""A person and a carer who use names, say three things that matter, choose which matters most,
are asked what would help with each, ask two questions and answer "before we meet": the
practitioner API returns all of it in their order and their exact words."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from contract.http import API_PREFIX
from contract.plan import BEFORE_WE_MEET
from scripts.conversation import Conversation
from scripts.stack import Stack
from tests.e2e.test_conversation import SENT, find_plan

Turn = tuple[str, str | None]

# The three things, in the order said; the person chooses the third as mattering most.
PERSON: list[Turn] = [
    ("hello", None),
    ("/affirm", None),
    ("call me Nan", "call_me"),
    ("my garden 0[", "what"),
    ("it's where I feel like me", "why"),
    ("/affirm", None),
    ("yes", None),
    ("seeing my grandson {Callum}", "what"),
    ("he makes me laugh", "why"),
    ("/affirm", None),
    ("yes", None),
    ("getting to church on a Sunday", "what"),
    ("I've gone every week since I was a girl", "why"),
    ("/affirm", None),
    ("no", None),
    ('/choose{"priority": "2"}', None),
    # In the person's order now: church, the garden, the grandson.
    ("a lift there and back", "help"),
    ("the minister's wife", "who"),
    ("someone to do the heavy digging", "help"),
    ("my son, at weekends", "who"),
    ("a phone that's easy to use", "help"),
    ("my daughter {Jean}", "who"),
    ("the carers in the morning", "working_well"),
    # A question asked at a question: kept for the worker, and this one answered honestly.
    ("Will I have to pay for any of this?", "question"),
    ("the stairs", "not_working"),
    ("I sleep downstairs now", "not_working_effect"),
    ("I'm good at knitting", "strengths"),
    ("my neighbour Jean", "people"),
    ("/affirm", None),
    ("It's me", "typing"),
    ("ask for Nan on 07700 900123", "contact"),
    ("Yes, it's safe", "safe_to_contact"),
    ("Paisley", "town"),
    ("a visit at home", "meet_how"),
    ("mornings", "meet_when"),
    ("I'm hard of hearing", "communication"),
    ("my daughter Jean", "at_the_visit"),
    ("not my nephew", "not_involved"),
    ("my GP and Jean", "may_talk_to"),
    ("Is the day centre open on Sundays?", "anything_else"),
    ("/send_plan", None),
    ("/send_plan", None),
]
PERSON_ORDER = [2, 0, 1]  # which said thing is where in the plan

CARER: list[Turn] = [
    ("hello", None),
    ("/carer", None),
    ("Jean", "call_me"),
    ("my mum", "cared_for"),
    ("her name's Nan", "cared_for_name"),
    ("Paisley", "cared_for_town"),
    ("everything, day and night", "caring_role"),
    ("I'm worn out", "caring_impact"),
    ("a night's sleep", "what"),
    ("so I can think straight at work", "why"),
    ("/affirm", None),
    ("/deny", None),
    ("a sitter one night a week", "help"),
    ("the carers centre", "who"),
    ("my choir", "working_well"),
    ("I'm willing, but not the nights", "keep_caring"),
    ("my brother would come", "emergency_plan"),
    ("we haven't talked about it", "future_care"),
    ("a weekend away", "need_break"),
    ("her garden", "person_matters"),
    ("it's where she's herself", "person_matters_why"),
    ("I'm organised", "strengths"),
    ("my brother", "people"),
    ("if Mum has a fall", "look_again"),
    ("/deny", None),  # "No, skip these" questions before we meet
    ("/deny", None),  # no reference for Nan's plan
    ("/affirm", None),  # but the worker may look for it by her name and town
    ("Does Mum have to know what I said here?", "anything_else"),
    ("/send_plan", None),
    ("/send_plan", None),
]


def hold(stack: Stack, turns: list[Turn]) -> tuple[str, list[str]]:
    conversation = Conversation(stack.rasa_url, uuid.uuid4().hex)
    replies = [conversation.answer(message) for message, _ in turns]
    return conversation.sender, replies


def said(turns: list[Turn], field: str) -> list[str]:
    return [message for message, f in turns if f == field]


def test_names_priority_help_questions_and_before_we_meet_reach_the_worker(
    stack: Stack, api: httpx.Client
) -> None:
    sender, replies = hold(stack, PERSON)
    assert "Thank you, Nan." in replies[2]
    assert "What would help with “getting to church on a Sunday”?" in replies[15]
    # The question about paying is answered, and still kept for the worker.
    assert "The worker will explain this with you." in replies[23]
    sent = SENT.search(replies[-1])
    assert sent

    plan = find_plan(api, sender)
    assert plan is not None
    outcomes: list[dict[str, Any]] = plan["outcomes"]
    whats, whys = said(PERSON, "what"), said(PERSON, "why")
    helps, whos = said(PERSON, "help"), said(PERSON, "who")
    assert [o["what"]["text"] for o in outcomes] == [whats[i] for i in PERSON_ORDER]
    assert [o["why"]["text"] for o in outcomes] == [whys[i] for i in PERSON_ORDER]
    assert [o["help"]["text"] for o in outcomes] == helps
    assert [o["who"]["text"] for o in outcomes] == whos
    # Each answer carries the question it answered, as the person read it.
    assert outcomes[0]["help"]["asked"] == "What would help with “getting to church on a Sunday”?"
    assert [q["text"] for q in plan["questions"]] == [
        "Will I have to pay for any of this?",
        "Is the day centre open on Sundays?",
    ]
    sections = {part: quotes[0]["text"] for part, quotes in plan["sections"].items() if quotes}
    assert {p: sections.get(p) for p in BEFORE_WE_MEET} == {
        p: said(PERSON, p)[0] for p in BEFORE_WE_MEET
    }
    assert sections["call_me"] == "call me Nan"
    # What would help with each thing replaces the question for the whole plan.
    assert "what_would_help" not in sections and "who_could_help" not in sections

    carer_sender, carer_replies = hold(stack, CARER)
    assert (
        "What does looking after Nan involve for you, day to day and at night?"
        in (carer_replies[5])
    )
    carers = find_plan(api, carer_sender)
    assert carers is not None
    assert carers["match_consent"] is True
    carer_sections = {
        part: quotes[0]["text"] for part, quotes in carers["sections"].items() if quotes
    }
    assert carer_sections["cared_for_name"] == "her name's Nan"
    assert carer_sections["cared_for_town"] == "Paisley"
    [own] = carers["outcomes"]
    assert (own["help"]["text"], own["who"]["text"]) == (
        "a sitter one night a week",
        "the carers centre",
    )
    assert carers["linked_plans"] == []
    # The worker is shown the person's plan as a possible match; neither sees the other's.
    matches = api.get(f"{API_PREFIX}/plans/{carers['id']}/matches").json()
    mine = [match for match in matches if match["plan_id"] == plan["id"]]
    assert [match["matched"] for match in mine] == [["first_name", "town"]]
