"""The whole cycle: a plan sent, a review invited by the worker, held through the REST channel,
and read by the worker as then and now, every word byte for byte."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from contract.http import API_PREFIX
from scripts.conversation import Conversation
from scripts.stack import Stack
from tests.e2e.test_conversation import SENT, find_plan, hold_conversation

NOTE = "We set up the lift to the lunch club in March. {note} 0[ 🚌"
# (what the person types in the review, where it should end up, if anywhere)
REVIEW: list[tuple[str, str | None]] = [
    # The first thing that mattered (chosen as mattering most): no longer matters.
    ("He's at the big school now, I see him Sundays", "0:now"),
    ('/choose{"movement": "same"}', None),
    ("my daughter drives him over", "0:helped"),
    ("nothing really", "0:in_the_way"),
    ("Not so much now, I've let that one go — he's grown up", "0:still_matters"),
    # The second: better.
    ("Still out there most days 🌻 0[ {garden}", "1:now"),
    ('/choose{"movement": "better"}', None),
    ("my neighbour Bill & the new kneeler <3", "1:helped"),
    ("the rain\tand my knees", "1:in_the_way"),
    ("Aye, more than ever", "1:still_matters"),
    # Something new.
    ("/affirm", None),
    ("Getting to the lunch club on a Friday 🍲", "new:what"),
    ("it's the only hot meal I don't cook myself {really}", "new:why"),
    ("/affirm", None),
    ("/deny", None),
    ("could the lift come at 11 instead?", "anything_else"),
]


def _invite(api: httpx.Client, plan_id: int) -> str:
    response = api.post(f"{API_PREFIX}/plans/{plan_id}/reviews", json={"note": NOTE})
    assert response.status_code == 201, response.text
    return str(response.json()["code"])


def _review_words(history: dict[str, Any]) -> dict[str, str]:
    """What the history shows of the review, by where it came from in REVIEW."""
    words: dict[str, str] = {}
    for index, outcome in enumerate(history["outcomes"]):
        [review] = outcome["reviews"]
        for part in ("now", "helped", "in_the_way", "still_matters"):
            words[f"{index}:{part}"] = review[part]["text"]
    [new] = history["new_outcomes"]
    words["new:what"], words["new:why"] = new["what"]["text"], new["why"]["text"]
    [(review_id, anything_else)] = [
        (entry["review_id"], entry["quote"]["text"])
        for entry in history["sections"].get("anything_else", [])
        if entry["review_id"] is not None
    ]
    assert review_id == new["review_id"]
    words["anything_else"] = anything_else
    return words


def test_a_review_from_invitation_to_then_and_now(stack: Stack, api: httpx.Client) -> None:
    first = uuid.uuid4().hex
    assert SENT.search(hold_conversation(stack, first))
    plan = find_plan(api, first)
    assert plan is not None
    code = _invite(api, plan["id"])

    person = Conversation(stack.rasa_url, uuid.uuid4().hex)
    opening = person.say_text(f"review {code.lower()}")
    assert f"Your worker left you a note: “{NOTE}”" in opening
    first_words = plan["outcomes"][0]["what"]["text"]
    assert first_words == "Seeing my grandson, he's 7"  # chosen as mattering most
    assert f"Last time you said: “{first_words}”. How is that now?" in opening
    for message, _where in REVIEW:
        reply = person.answer(message)
        assert reply and "didn't understand" not in reply, (message, reply)
    draft = person.say_text("/send_plan")
    assert "Send your plan to the social work team now?" in draft
    sent = SENT.search(person.say_text("/send_plan"))
    assert sent

    # The code worked once: another conversation is told so, kindly.
    again = Conversation(stack.rasa_url, uuid.uuid4().hex).say_text(f"review {code}")
    assert "used already" in again

    review = find_plan(api, person.sender)
    assert review is not None
    assert (review["kind"], review["reviews_plan_id"]) == ("review", plan["id"])
    assert review["reference"] == sent.group(1)
    movements = [r["movement"] for r in review["reviewed"]]
    assert movements == ["same", "better"]

    history = api.get(f"{API_PREFIX}/plans/{plan['id']}/history")
    assert history.status_code == 200, history.text
    body = history.json()
    # Then: the first words, exactly as first sent, never overwritten.
    assert [o["what"] for o in body["outcomes"]] == [o["what"] for o in plan["outcomes"]]
    after = find_plan(api, first)
    assert after is not None
    assert after["reviews"] == [
        {"id": review["id"], "reference": review["reference"], "sent_at": review["sent_at"]}
    ]
    assert {k: v for k, v in after.items() if k != "reviews"} == {
        k: v for k, v in plan.items() if k != "reviews"
    }
    # Now: every review answer byte for byte beside them.
    assert _review_words(body) == {where: said for said, where in REVIEW if where}
    listed = api.get(f"{API_PREFIX}/plans", params={"kind": "review"}).json()
    assert review["id"] in [p["id"] for p in listed]
