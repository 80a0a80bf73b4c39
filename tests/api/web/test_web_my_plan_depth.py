"""My plan, in depth: each thing that matters with what I added, what would help with it and
who could help, in my own voice, on the page and read aloud; and what to call me and where I
live among the rest, in the order asked."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.web import relay
from api.web.speech import plan_script
from contract.conversation import Slot
from contract.plan import HEADINGS_FIRST_PERSON, HEADINGS_THIRD_PERSON, Part
from tests.api import factories
from tests.api.web.conftest import FakeRasa


def _said(text: str) -> dict[str, str]:
    return {"text": text, "message_id": "m1", "said_at": factories.SAID_AT}


SLOTS = {
    Slot.OUTCOMES.value: [
        {
            "what": _said("my garden"),
            "why": _said("it's {mine} 0["),
            "added": [_said("the roses"), _said("and the shed")],
            "help": _said("a raised bed"),
            "who": _said("my son Callum"),
        },
        {"what": _said("church"), "why": None},
    ],
    Slot.ANSWERS.value: {
        Part.CALL_ME.value: _said("Morag"),
        Part.WORKING_WELL.value: _said("my neighbour"),
        Part.TOWN.value: _said("Kirkcaldy"),
    },
}


def test_my_plan_shows_what_i_added_and_the_help_and_who_for_each_thing_in_my_voice(
    client: TestClient, rasa: FakeRasa
) -> None:
    client.post("/conversation/messages", json={"text": "hello"})
    rasa.slots = SLOTS

    page = client.get("/conversation/plan").text

    first = page.split("<h3>1.</h3>", 1)[1].split("<h3>2.</h3>", 1)[0]
    expected = [
        '<blockquote class="wm-quote">my garden</blockquote>',
        "<p>Why it matters:</p>",
        '<blockquote class="wm-quote">it&#39;s {mine} 0[</blockquote>',
        "<p>What I added:</p>",
        '<blockquote class="wm-quote">the roses</blockquote>',
        '<blockquote class="wm-quote">and the shed</blockquote>',
        "<p>What would help with this:</p>",
        '<blockquote class="wm-quote">a raised bed</blockquote>',
        "<p>Who could help with this:</p>",
        '<blockquote class="wm-quote">my son Callum</blockquote>',
    ]
    positions = [first.index(part) for part in expected]
    assert positions == sorted(positions)
    second = page.split("<h3>2.</h3>", 1)[1].split("<h2>", 1)[0]
    # Not asked yet (or an older conversation): nothing is said about help or who.
    assert "What would help with this" not in second and "What I added" not in second
    # What to call me first, where I live with the rest, in the order asked; never the
    # practitioner's words for them.
    assert (
        page.index(HEADINGS_FIRST_PERSON[Part.CALL_ME])
        < page.index(HEADINGS_FIRST_PERSON[Part.WORKING_WELL])
        < page.index(HEADINGS_FIRST_PERSON[Part.TOWN])
    )
    assert HEADINGS_THIRD_PERSON[Part.CALL_ME] not in page


def test_my_plan_is_read_aloud_with_what_i_added_and_the_help_and_who() -> None:
    script = plan_script(relay.plan_view(SLOTS))

    assert script.split("\n")[:8] == [
        "What matters to me.",
        "1. my garden",
        "Why: it's {mine} 0[",
        "What I added: the roses",
        "What I added: and the shed",
        "What would help with this: a raised bed",
        "Who could help with this: my son Callum",
        "2. church",
    ]
    assert "What to call me.\nMorag" in script
