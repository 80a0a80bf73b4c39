"""A review: a code from the worker, then each thing that mattered looked at again."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.draft import ActionShowDraft
from bot.actions.edit import ActionApplyEdit, targets
from bot.actions.pause import ActionResumeConversation
from bot.actions.plan import build_payload, conversation_finished
from bot.actions.plan_review import (
    PER_OUTCOME,
    ActionAskPlanReviewFormKeepCaring,
    ActionAskReviewNow,
    ActionReviewCode,
    ValidatePlanReviewForm,
    review_slots,
)
from bot.actions.settings import get_settings
from bot.nlu.components import CodeSpotter
from contract.formats import code_spotted
from contract.http import REVIEW_CLAIM_PATH
from tests.bot.conftest import serve
from tests.bot.factories import DOMAIN, answering, quote, slot_values, texts, tracker

CODE = "ABCD-EFGH-JKLM-NPQR"
AWKWARD = "Getting back to the bowling {what} club 0[ on a Tuesday 🎳"
NOTE = "We set up the lift to the lunch club in March. {note} 0["
CLAIM: dict[str, Any] = {
    "invitation_id": 7,
    "plan_reference": "WM-ABC234",
    "role": "person",
    "last_talked_at": "2026-03-03T10:15:00.5Z",
    "note": NOTE,
    "outcomes": [
        {"position": 0, "what": quote(AWKWARD, "m-0"), "why": quote("my pals", "m-0y")},
        {"position": 1, "what": quote("my garden", "m-1"), "why": None},
    ],
    "sections": {},
}
NOT_CLAIMED = [SlotSet("review_claimed", False)]
UNDER_REVIEW = {k: v for k, v in CLAIM.items() if k != "invitation_id"}


@dataclass
class Claims:
    """A real HTTP server standing in for the API's claim: what it answers, what it was sent."""

    status: int = 200
    body: dict[str, Any] = field(default_factory=lambda: CLAIM)
    seen: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)


@pytest.fixture
async def claims(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Claims]:
    api = Claims()

    async def claim(request: web.Request) -> web.Response:
        api.seen.append((json.loads(await request.text()), request.headers.get("Authorization")))
        return web.json_response(api.body, status=api.status)

    async with serve([web.post(REVIEW_CLAIM_PATH, claim)]) as url:
        monkeypatch.setenv("API_URL", url)
        get_settings.cache_clear()
        yield api


async def test_a_review_code_begins_the_review_with_the_workers_note(claims: Claims) -> None:
    dispatcher = CollectingDispatcher()
    said = f"review {CODE.lower()}"
    events = await ActionReviewCode().run(dispatcher, tracker(said, intent="review_code"), DOMAIN)
    assert events == [
        SlotSet("review_of", UNDER_REVIEW),
        SlotSet("role", "person"),
        SlotSet("reviewed", []),
        SlotSet("review_pending", {}),
        SlotSet("stage", "talking"),
        SlotSet("review_claimed", True),
    ]
    assert texts(dispatcher) == [
        "Hello again. We last talked on 3 March 2026. Let's look again at what mattered to you "
        "then, and how things are now. Nothing is sent until you choose, and you can skip any "
        "question.",
        f"Your worker left you a note: “{NOTE}”",
    ]
    assert claims.seen == [
        ({"code": CODE, "conversation_id": "conversation-1"}, "Bearer test-service-token")
    ]


@pytest.mark.parametrize(
    ("status", "reason", "response"),
    [
        (404, "unknown", "utter_review_unknown"),
        (410, "expired", "utter_review_expired"),
        (409, "used", "utter_review_used"),
        (409, "closed", "utter_review_closed"),
        (429, "too_many", "utter_review_too_many"),
        (500, "", "utter_review_unavailable"),
    ],
)
async def test_a_code_that_cannot_be_used_is_told_kindly(
    claims: Claims, status: int, reason: str, response: str
) -> None:
    claims.status, claims.body = status, {"detail": "Not this code.", "reason": reason}
    dispatcher = CollectingDispatcher()
    events = await ActionReviewCode().run(
        dispatcher, tracker(f"review {CODE}", intent="review_code"), DOMAIN
    )
    assert (events, texts(dispatcher)) == (NOT_CLAIMED, [response])


async def test_with_nothing_listening_the_person_is_asked_to_try_later() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionReviewCode().run(
        dispatcher, tracker(f"review {CODE}", intent="review_code"), DOMAIN
    )
    assert (events, texts(dispatcher)) == (NOT_CLAIMED, ["utter_review_unavailable"])


async def test_a_code_typed_on_its_own_is_tried_as_a_review_code(claims: Claims) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionResumeConversation().run(
        dispatcher, tracker(CODE, intent="resume"), DOMAIN
    )
    assert (events, texts(dispatcher)) == ([FollowupAction("action_review_code")], [])
    claims.status, claims.body = 404, {"reason": "unknown"}
    events = await ActionReviewCode().run(dispatcher, tracker(CODE, intent="resume"), DOMAIN)
    # Neither kind of code: said the way a mistyped resume code always was.
    assert (events, texts(dispatcher)) == (NOT_CLAIMED, ["utter_resume_not_found"])


async def test_a_conversation_under_way_is_not_turned_into_a_review(claims: Claims) -> None:
    for stage in ("talking", "review", "sent"):
        dispatcher = CollectingDispatcher()
        said = tracker(f"review {CODE}", intent="review_code", slots={"stage": stage})
        assert await ActionReviewCode().run(dispatcher, said, DOMAIN) == NOT_CLAIMED
        assert texts(dispatcher) == ["utter_review_in_progress"]
        # A code on its own, mid-conversation, is a mistyped resume code.
        dispatcher = CollectingDispatcher()
        said = tracker(CODE, intent="resume", slots={"stage": stage})
        assert await ActionReviewCode().run(dispatcher, said, DOMAIN) == NOT_CLAIMED
        assert texts(dispatcher) == ["utter_resume_not_found"]
    assert claims.seen == []


async def test_without_a_code_the_person_is_shown_how_to_give_it(claims: Claims) -> None:
    dispatcher = CollectingDispatcher()
    said = tracker("I have a review code", intent="review_code")
    assert await ActionReviewCode().run(dispatcher, said, DOMAIN) == NOT_CLAIMED
    assert texts(dispatcher) == ["utter_how_to_give_review_code"]


async def test_each_thing_that_mattered_is_quoted_exactly() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskReviewNow().run(dispatcher, tracker(slots={"review_of": UNDER_REVIEW}), DOMAIN)
    assert texts(dispatcher) == [f"Last time you said: “{AWKWARD}”. How is that now?"]
    second = {"review_of": UNDER_REVIEW, "reviewed": [{"position": 0}]}
    dispatcher = CollectingDispatcher()
    await ActionAskReviewNow().run(dispatcher, tracker(slots=second), DOMAIN)
    assert texts(dispatcher) == ["Last time you said: “my garden”. How is that now?"]


async def test_a_carer_is_asked_again_about_caring_with_their_own_words() -> None:
    carer = {**UNDER_REVIEW, "role": "carer", "sections": {"keep_caring": [quote("Just about 0[")]}}
    dispatcher = CollectingDispatcher()
    await ActionAskPlanReviewFormKeepCaring().run(
        dispatcher, tracker(slots={"review_of": carer}), DOMAIN
    )
    assert texts(dispatcher) == [
        "Last time, about keeping on caring, you said: “Just about 0[”. How is that now?"
    ]
    dispatcher = CollectingDispatcher()
    await ActionAskPlanReviewFormKeepCaring().run(
        dispatcher, tracker(slots={"review_of": {**carer, "sections": {}}}), DOMAIN
    )
    assert texts(dispatcher) == ["utter_ask_keep_caring"]


Said = tuple[str, str, str]  # (text, intent, message id)
MOVEMENT = [{"entity": "movement", "value": "better"}]


async def talk(slots: dict[str, Any], *said: Said) -> tuple[dict[str, Any], list[str]]:
    """Answer the review's questions in turn, as the form asks them; the slots after, and
    everything the assistant said."""
    form = ValidatePlanReviewForm()
    heard: list[str] = []
    for text, intent, message_id in said:
        required = review_slots(tracker(slots=slots))
        slot = next(name for name in required if slots.get(name) is None)
        entities = MOVEMENT if text.startswith("/choose") else None
        dispatcher = CollectingDispatcher()
        events = await form.get_validation_events(
            dispatcher,
            answering(
                slot, text, intent=intent, entities=entities, slots=slots, message_id=message_id
            ),
            DOMAIN,
        )
        slots = {**slots, slot: text, **slot_values(events)}
        heard += texts(dispatcher)
    return slots, heard


START = {"review_of": UNDER_REVIEW, "reviewed": [], "review_pending": {}, "role": "person"}
FIRST: list[Said] = [
    ("I go most Tuesdays now", "inform", "r-now"),
    ('/choose{"movement": "better"}', "choose", "r-mv"),
    ("the lift from Jean 0[", "inform", "r-h"),
    ("my hip in the cold", "inform", "r-w"),
    ("aye it still matters", "inform", "r-s"),
]


async def test_one_thing_at_a_time_then_anything_new_and_anything_else() -> None:
    assert review_slots(tracker(slots=START)) == list(PER_OUTCOME)
    slots, _ = await talk(START, *FIRST)
    assert slots["reviewed"] == [
        {
            "position": 0,
            "now": quote("I go most Tuesdays now", "r-now"),
            "movement": "better",
            "helped": quote("the lift from Jean 0[", "r-h"),
            "in_the_way": quote("my hip in the cold", "r-w"),
            "still_matters": quote("aye it still matters", "r-s"),
        }
    ]
    # Round again, for the second thing that mattered.
    assert {slot: slots[slot] for slot in PER_OUTCOME} == dict.fromkeys(PER_OUTCOME)
    slots, heard = await talk(
        slots,
        ("skip", "skip", "x1"),
        ("skip", "skip", "x2"),
        ("skip", "skip", "x3"),
        ("skip", "skip", "x4"),
        ("I've let it go, my son does it now", "inform", "r-let"),
    )
    assert heard[-1] == "utter_reviewed_all"
    assert slots["reviewed"][1] == {
        "position": 1,
        "now": None,
        "movement": None,
        "helped": None,
        "in_the_way": None,
        "still_matters": quote("I've let it go, my son does it now", "r-let"),
    }
    assert review_slots(tracker(slots=slots)) == ["review_new", "anything_else"]
    slots, _ = await talk(slots, ("/affirm", "affirm", "n0"))
    assert review_slots(tracker(slots=slots)) == [
        "review_new",
        "outcome_what",
        "outcome_why",
        "outcome_confirmed",
        "more_outcomes",
        "anything_else",
    ]
    slots, _ = await talk(
        slots,
        ("seeing my grandson", "inform", "n-w"),
        ("he's growing up fast", "inform", "n-y"),
        ("/affirm", "affirm", "n-c"),
        ("/deny", "deny", "n-m"),
    )
    assert not conversation_finished(tracker(slots=slots))
    slots, _ = await talk(slots, ("When will the worker come?", "inform", "a-e"))
    assert conversation_finished(tracker(slots=slots))

    payload = build_payload(tracker(slots=slots), reference="WM-NEW234")
    assert payload["kind"] == "review"
    assert payload["reviews_plan"] == "WM-ABC234"
    assert payload["reviewed"] == slots["reviewed"]
    assert payload["outcomes"] == [
        {
            "what": quote("seeing my grandson", "n-w"),
            "why": quote("he's growing up fast", "n-y"),
            "added": [],
            "help": None,
            "who": None,
        }
    ]
    assert payload["sections"] == {"anything_else": [quote("When will the worker come?", "a-e")]}


async def test_i_would_rather_not_say_is_one_of_the_choices() -> None:
    slots, _ = await talk(START, FIRST[0], ("I'd rather not say", "rather_not_say", "r-mv"))
    assert slots["review_pending"]["movement"] == "rather_not_say"
    slots, heard = await talk(START, FIRST[0], ("about the same", "inform", "r-mv"))
    assert slots["review_pending"]["movement"] == "same"
    slots, heard = await talk(START, FIRST[0], ("dunno really", "inform", "r-mv"))
    assert (slots["review_movement"], heard[-1]) == (None, "utter_please_choose")


async def test_going_back_reopens_the_question_before_even_across_things() -> None:
    form = ValidatePlanReviewForm()
    slots, _ = await talk(START, *FIRST)
    # At the second thing's first question, "go back" asks whether the first still matters.
    back = form.go_back("review_now", tracker(slots=slots))
    assert back is not None
    assert back["reviewed"] == []
    assert back["review_still_matters"] is None
    assert back["review_now"] == "I go most Tuesdays now"
    assert back["review_movement"] == "better"
    assert "still_matters" not in back["review_pending"]
    # Within one thing, back one question, its answer forgotten.
    slots, _ = await talk(START, *FIRST[:3])
    assert form.go_back("review_in_the_way", tracker(slots=slots)) == {
        "review_helped": None,
        "review_pending": {
            "position": 0,
            "now": quote("I go most Tuesdays now", "r-now"),
            "movement": "better",
        },
    }
    assert form.go_back("review_now", tracker(slots=START)) is None


async def test_the_draft_quotes_then_and_now_and_a_part_can_be_changed() -> None:
    slots, _ = await talk(
        START,
        *FIRST,
        *[("skip", "skip", f"s{i}") for i in range(5)],
        ("/deny", "deny", "n0"),
        ("no", "deny", "a-e"),
    )
    dispatcher = CollectingDispatcher()
    await ActionShowDraft().run(dispatcher, tracker(slots=slots), DOMAIN)
    said = texts(dispatcher)
    assert said[0] == "utter_draft_review_intro"
    assert said[1] == "\n".join(
        [
            f"1. Last time: “{AWKWARD}”",
            "How it is now: “I go most Tuesdays now”",
            "Better, the same or worse: Better",
            "What has helped: “the lift from Jean 0[”",
            "What has got in the way: “my hip in the cold”",
            "Whether it still matters to me: “aye it still matters”",
        ]
    )
    assert said[2].startswith("2. Last time: “my garden”\nHow it is now: You chose to skip this.")
    assert said[3] == "New things that matter to me:\nYou chose to skip this."
    assert said[-1] == "utter_ask_review"

    assert ("reviewed:0:helped", "1. What has helped") in targets(tracker(slots=slots), DOMAIN)
    changing = {
        **slots,
        "edit_target": "reviewed:0:helped",
        "pending": {"edit_what": quote("Jean, and the bus pass", "e-1")},
    }
    events = await ActionApplyEdit().run(CollectingDispatcher(), tracker(slots=changing), DOMAIN)
    reviewed = slot_values(events)["reviewed"]
    assert reviewed[0]["helped"] == quote("Jean, and the bus pass", "e-1")
    assert reviewed[0]["now"] == quote("I go most Tuesdays now", "r-now")


async def test_a_code_inside_a_question_is_never_kept_as_an_answer() -> None:
    slots = {**START, "requested_slot": "review_now"}
    dispatcher = CollectingDispatcher()
    events = await ValidatePlanReviewForm().get_validation_events(
        dispatcher,
        answering("review_now", f"review {CODE}", intent="review_code", slots=slots),
        DOMAIN,
    )
    assert slot_values(events) == {"review_now": None}
    assert texts(dispatcher) == ["utter_review_in_progress"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f"review {CODE}", CODE),
        ("review abcd efgh jklm npq2", "ABCD-EFGH-JKLM-NPQ2"),
        ("my code is abcdefghjklmnpq2", "ABCD-EFGH-JKLM-NPQ2"),
        ("review abcd-efgh-jklm-npqr please", CODE),
        # Words are not codes: an old 8-symbol shape, or sixteen letters with no O or I.
        ("no, I don't know, my daughter helps me", None),
        ("yes, the rest | sets | crap | back", None),
        ("them best jazz hymn", None),
        ("abcd efgh jklm npqr", None),
        ("ABCD-EFGH JKLM-NPQR", None),
    ],
)
def test_a_code_is_spotted_only_where_it_is_plainly_meant(text: str, code: str | None) -> None:
    assert code_spotted(text) == code


def test_the_code_spotter_reads_the_codes_shape_not_the_classifiers_guess() -> None:
    spotter = CodeSpotter({"max_words": 12})
    said = {
        f"review {CODE}": "review_code",
        "ABCD-EFGH-JKLM-NPQR": "resume",
        "no, I don't know, my daughter helps me": "inform",
        f"{'word ' * 12}{CODE}": "inform",
    }
    messages = [
        Message(data={TEXT: text, INTENT: {"name": "inform", "confidence": 0.9}}) for text in said
    ]
    spotter.process(messages)
    assert [m.get(INTENT)["name"] for m in messages] == list(said.values())
