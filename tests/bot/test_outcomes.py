from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot.actions.outcomes import (
    ActionAskOutcomeConfirmed,
    ActionAskOutcomeWhat,
    ValidateOutcomesForm,
)
from contract.plan import MAX_OUTCOMES
from tests.bot.factories import DOMAIN, quote, texts, tracker

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
