from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.outcomes import (
    ActionAskOutcomeConfirmed,
    ActionAskOutcomePriority,
    ActionAskOutcomeWhat,
    ValidateOutcomesForm,
)
from contract.plan import MAX_OUTCOMES
from tests.bot.factories import DOMAIN, answering, quote, texts, tracker

AWKWARD = 'My gardn 🌻 0[ {why} "quoted" <script>alert(1)</script>\nsecond line'


async def test_an_answer_is_kept_exactly_with_where_it_came_from() -> None:
    dispatcher = CollectingDispatcher()
    slots = await ValidateOutcomesForm().validate_outcome_what(
        AWKWARD, dispatcher, tracker(AWKWARD, message_id="m-7"), DOMAIN
    )
    assert slots == {
        "outcome_what": AWKWARD,
        "pending": {"what": quote(AWKWARD, "m-7")},
        "stage": "talking",
    }
    assert dispatcher.messages == []


async def test_command_like_words_in_an_answer_are_still_the_answer() -> None:
    text = "no, I don't know, my daughter helps me"
    slots = await ValidateOutcomesForm().validate_outcome_why(
        text, CollectingDispatcher(), tracker(text, intent="deny", slots={"pending": {}}), DOMAIN
    )
    assert slots["outcome_why"] == text
    assert slots["pending"] == {"why": quote(text)}


async def test_an_empty_answer_is_asked_again_kindly() -> None:
    dispatcher = CollectingDispatcher()
    slots = await ValidateOutcomesForm().validate_outcome_what("", dispatcher, tracker(""), DOMAIN)
    assert slots == {"outcome_what": None}
    assert texts(dispatcher) == ["utter_empty_answer"]


async def test_a_nul_character_is_asked_again_rather_than_altered() -> None:
    dispatcher = CollectingDispatcher()
    slots = await ValidateOutcomesForm().validate_outcome_what(
        "a\x00b", dispatcher, tracker("a\x00b"), DOMAIN
    )
    assert slots == {"outcome_what": None}
    assert texts(dispatcher) == ["utter_unreadable_answer"]


async def test_an_old_button_is_not_an_answer() -> None:
    dispatcher = CollectingDispatcher()
    slots = await ValidateOutcomesForm().validate_outcome_what(
        "/affirm", dispatcher, tracker("/affirm", intent="affirm"), DOMAIN
    )
    assert slots == {"outcome_what": None}
    assert texts(dispatcher) == ["utter_type_your_answer"]


async def test_reflect_back_quotes_the_person_exactly() -> None:
    dispatcher = CollectingDispatcher()
    pending = {"what": quote(AWKWARD), "why": quote("{what} because 0[1]")}
    await ActionAskOutcomeConfirmed().run(dispatcher, tracker(slots={"pending": pending}), DOMAIN)
    assert texts(dispatcher) == [
        "Thank you. Here is what I heard.\n\n"
        f"What matters to you: “{AWKWARD}”\n\n"
        "Why it matters: “{what} because 0[1]”",
        "utter_ask_outcome_confirmed",
    ]


async def test_yes_keeps_the_outcome() -> None:
    pending = {"what": quote("garden", "m1"), "why": quote("peace", "m2")}
    earlier = {"what": quote("dog"), "why": quote("company")}
    slots = await ValidateOutcomesForm().validate_outcome_confirmed(
        "yes",
        CollectingDispatcher(),
        tracker("yes", intent="affirm", slots={"pending": pending, "outcomes": [earlier]}),
        DOMAIN,
    )
    assert slots == {"outcome_confirmed": "yes", "outcomes": [earlier, pending], "pending": {}}


async def test_no_asks_again_from_the_start() -> None:
    dispatcher = CollectingDispatcher()
    slots = await ValidateOutcomesForm().validate_outcome_confirmed(
        "no", dispatcher, tracker("no", intent="deny"), DOMAIN
    )
    assert slots == {
        "outcome_confirmed": None,
        "outcome_what": None,
        "outcome_why": None,
        "pending": {},
    }
    assert texts(dispatcher) == ["utter_lets_try_again"]


async def test_an_unclear_reply_to_a_yes_no_question_asks_again() -> None:
    dispatcher = CollectingDispatcher()
    slots = await ValidateOutcomesForm().validate_more_outcomes(
        "hmm", dispatcher, tracker("hmm", intent="inform"), DOMAIN
    )
    assert slots == {"more_outcomes": None}
    assert texts(dispatcher) == ["utter_please_choose"]


async def test_another_outcome_starts_a_new_round() -> None:
    slots = await ValidateOutcomesForm().validate_more_outcomes(
        "yes", CollectingDispatcher(), tracker("yes", intent="affirm"), DOMAIN
    )
    assert slots == {
        "more_outcomes": None,
        "outcome_what": None,
        "outcome_why": None,
        "outcome_confirmed": None,
    }


async def test_the_tenth_outcome_ends_the_round() -> None:
    outcomes = [{"what": quote(f"w{n}"), "why": quote(f"y{n}")} for n in range(MAX_OUTCOMES - 1)]
    pending = {"what": quote("last"), "why": quote("because")}
    dispatcher = CollectingDispatcher()
    slots = await ValidateOutcomesForm().validate_outcome_confirmed(
        "yes",
        dispatcher,
        tracker("yes", intent="affirm", slots={"pending": pending, "outcomes": outcomes}),
        DOMAIN,
    )
    assert len(slots["outcomes"]) == MAX_OUTCOMES
    assert slots["more_outcomes"] == "no"
    assert texts(dispatcher) == ["utter_outcomes_full"]


async def test_the_first_and_later_questions_are_worded_differently() -> None:
    first, later = CollectingDispatcher(), CollectingDispatcher()
    await ActionAskOutcomeWhat().run(first, tracker(slots={"outcomes": []}), DOMAIN)
    outcomes = [{"what": quote("a"), "why": quote("b")}]
    await ActionAskOutcomeWhat().run(later, tracker(slots={"outcomes": outcomes}), DOMAIN)
    assert texts(first) == ["utter_ask_outcome_what_first"]
    assert texts(later) == ["utter_ask_outcome_what_more"]


ALL = [{"entity": "priority", "value": "all"}]
TWO = [
    {"what": quote("my garden 0[ {why}", "m-1"), "why": None},
    {"what": quote("seeing my grandson", "m-2"), "why": quote("he's 7", "m-3")},
]


async def test_with_two_or_more_they_are_asked_which_matters_most() -> None:
    form = ValidateOutcomesForm()
    domain_slots = DOMAIN["forms"]["outcomes_form"]["required_slots"]
    one = tracker(slots={"outcomes": TWO[:1], "more_outcomes": "no"})
    two = tracker(slots={"outcomes": TWO, "more_outcomes": "no"})
    asking = tracker(slots={"outcomes": TWO, "more_outcomes": None})
    for slots, asked in ((one, False), (two, True), (asking, False)):
        required = await form.required_slots(domain_slots, CollectingDispatcher(), slots, DOMAIN)
        assert ("outcome_priority" in required) is asked

    dispatcher = CollectingDispatcher()
    await ActionAskOutcomePriority().run(dispatcher, two, DOMAIN)
    [message] = dispatcher.messages
    assert message["text"] == "Which of these matters most to you just now?"
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("1. my garden 0[ {why}", '/choose{"priority": "0"}'),
        ("2. seeing my grandson", '/choose{"priority": "1"}'),
        ("They all matter as much", '/choose{"priority": "all"}'),
    ]


@pytest.mark.parametrize(
    ("text", "intent", "entities", "chosen", "order"),
    [
        ('/choose{"priority": "1"}', "choose", [{"entity": "priority", "value": "1"}], "1", [1, 0]),
        ("2", "inform", [], "1", [1, 0]),
        ("1", "inform", [], "0", [0, 1]),
        (
            '/choose{"priority": "all"}',
            "choose",
            [{"entity": "priority", "value": "all"}],
            "all",
            None,
        ),
        ("they all matter", "inform", [], "all", None),
        ("/deny", "deny", [], "all", None),
    ],
)
async def test_the_one_that_matters_most_goes_first(
    text: str, intent: str, entities: list[dict[str, str]], chosen: str, order: list[int] | None
) -> None:
    dispatcher = CollectingDispatcher()
    said = answering(
        "outcome_priority", text, intent=intent, entities=entities, slots={"outcomes": TWO}
    )
    slots = await ValidateOutcomesForm().validate_outcome_priority(text, dispatcher, said, DOMAIN)
    assert slots["outcome_priority"] == chosen
    if order is None:
        assert "outcomes" not in slots
    else:
        assert slots["outcomes"] == [TWO[i] for i in order]
        assert texts(dispatcher) == ["utter_priority_noted"]


async def test_anything_else_at_which_matters_most_asks_again_and_skip_keeps_the_order() -> None:
    form = ValidateOutcomesForm()
    said = answering("outcome_priority", "3", slots={"outcomes": TWO})
    dispatcher = CollectingDispatcher()
    assert await form.validate_outcome_priority("3", dispatcher, said, DOMAIN) == {
        "outcome_priority": None
    }
    assert texts(dispatcher) == ["utter_please_choose"]
    assert form.skip("outcome_priority", CollectingDispatcher(), said) == {
        "outcome_priority": "all"
    }
    assert form.go_back("outcome_priority", said) == {"more_outcomes": None}
