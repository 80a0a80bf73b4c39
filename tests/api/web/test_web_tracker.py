"""The pages read a real tracker: relay.py, the one owner of the tracker-to-page mapping, on a
recording of Rasa's own (tests/contract/record_tracker.py), a carer mid-way through."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from api.web import relay
from contract.plan import HEADINGS_FIRST_PERSON, Part

TRACKER: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "contract" / "carer_tracker.json").read_text()
)


def test_the_carers_plan_so_far_in_their_words_under_their_own_headings() -> None:
    plan = relay.plan_view(TRACKER["slots"])

    assert not plan.sent
    said = {
        Part.CARED_FOR: "My mum, Jean 🌻 she's 84",
        Part.CARING_ROLE: "meals, pills, {everything} really & up at night",
        Part.CARING_IMPACT: "I'm shattered, I've cut my hours to 0[ nothing",
        Part.PERSON_MATTERS: "Her garden. Though she'd say the telly!",
        Part.PERSON_MATTERS_WHY: "it's where she's herself",
    }
    assert plan.sections == [(HEADINGS_FIRST_PERSON[part], words) for part, words in said.items()]


def test_the_progress_line_names_the_form_the_carer_is_in() -> None:
    assert relay.progress_of(TRACKER) == "Part 1 of 3: what matters to you"


def test_the_conversation_is_shown_again_with_a_pressed_button_as_its_words() -> None:
    turns = relay.turns_of(TRACKER)

    said = [turn["text"] for turn in turns if turn["speaker"] == "person"]
    assert said[0] == "hello"
    assert said[1] != "/carer"  # the button's title, not its payload
    assert said[-1] == "A night's sleep"
    assert all(turn["text"] for turn in turns if turn["speaker"] == "assistant")


def test_the_plan_so_far_shows_questions_skipped_parts_and_flags_as_they_are_sent() -> None:
    said = {"text": "when will {someone} come?", "message_id": "m1", "said_at": "x"}
    told = {"text": "my son takes my pension", "message_id": "m2", "said_at": "x"}
    worry = {"text": "the bills scare me", "message_id": "m3", "said_at": "x"}
    slots = {
        **TRACKER["slots"],
        "skipped": [Part.KEEP_CARING.value],
        "questions": [said],
        "safety_flags": [
            {"quote": told, "level": "harm", "categories": ["financial"]},
            {"quote": worry, "level": "concern", "categories": ["wellbeing"]},
        ],
    }
    plan = relay.plan_view(slots)

    # A skipped part is shown where it is asked: keeping on caring comes before their view of
    # the person they look after.
    headings = [heading for heading, _ in plan.sections]
    assert plan.sections[3] == (HEADINGS_FIRST_PERSON[Part.KEEP_CARING], None)
    assert headings.index(HEADINGS_FIRST_PERSON[Part.PERSON_MATTERS]) == 4
    assert plan.questions == ["when will {someone} come?"]
    assert plan.flags == [
        ("my son takes my pension", "Marked urgent"),
        ("the bills scare me", "For the worker to ask me about"),
    ]
    # The outcome being talked about is sent too (after a disclosure, say), so it is shown.
    assert plan.outcomes == [relay.OutcomeView(what=TRACKER["slots"]["pending"]["what"]["text"])]


def test_what_was_added_its_help_and_who_show_and_old_outcomes_still_do() -> None:
    def said(text: str) -> dict[str, str]:
        return {"text": text, "message_id": "m", "said_at": "x"}

    slots = {
        "outcomes": [
            {
                "what": said("my garden 🌻"),
                "why": said("it's {mine}"),
                "added": [said("0["), said("the roses"), "not a quote", None],
                "help": said("a raised bed"),
                "who": said("my son"),
            },
            # From a conversation before these were asked: no added, help or who at all.
            {"what": said("church"), "why": None},
            # Anything else the slot may hold is passed over.
            {"what": None},
            {"why": said("no what")},
            {"what": said("the sea"), "added": "not a list", "help": None, "who": 7},
            "not an outcome",
        ]
    }
    plan = relay.plan_view(slots)

    assert plan.outcomes == [
        relay.OutcomeView(
            what="my garden 🌻",
            why="it's {mine}",
            added=["0[", "the roses"],
            help="a raised bed",
            who="my son",
        ),
        relay.OutcomeView(what="church"),
        relay.OutcomeView(what="the sea"),
    ]


def test_a_button_pressed_on_an_earlier_message_of_the_reply_is_shown_as_its_words() -> None:
    def bot(text: str, *buttons: tuple[str, str]) -> dict[str, Any]:
        data = {"buttons": [{"title": t, "payload": p} for t, p in buttons]}
        return {"event": "bot", "text": text, "data": data}

    tracker = {
        "events": [
            bot("What would you like to do now?", ("Carry on", "/carry_on")),
            bot("Why does that matter to you?"),
            {"event": "user", "text": "/carry_on"},
            bot("Did I get that right?", ("Yes, that's right", "/affirm")),
            {"event": "user", "text": "/carry_on"},
        ]
    }
    said = [t["text"] for t in relay.turns_of(tracker) if t["speaker"] == "person"]
    # The second "/carry_on" was typed, not a button of the reply it answered.
    assert said == ["Carry on", "/carry_on"]
