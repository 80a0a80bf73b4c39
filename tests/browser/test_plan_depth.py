"""A plan in depth in a real browser: before we meet first (what to call them, where they
live), their questions, then each thing that matters in their order with what they added,
what would help and who could; each answer's question and mark in words; axe finds nothing
serious."""

from __future__ import annotations

import uuid
from typing import Any

from playwright.sync_api import Browser, expect

from scripts.stack import Stack
from tests.browser.test_pages import no_serious_violations, send_as_bot, sign_in

SAID = "2026-07-01T09:30:00+00:00"


def quote(text: str, *, asked: str | None = None, follows: str | None = None) -> dict[str, Any]:
    return {
        "text": text,
        "message_id": uuid.uuid4().hex,
        "said_at": SAID,
        "asked": asked,
        "follows": follows,
    }


def send_plan_in_depth(stack: Stack) -> str:
    reference = "WM-" + uuid.uuid4().hex[:6].upper()
    plan = {
        "conversation_id": uuid.uuid4().hex,
        "reference": reference,
        "sent_at": SAID,
        "outcomes": [
            {
                "what": quote("getting to the bowling club", asked="What matters to you?"),
                "why": quote("my pals are there", asked="Why does that matter to you, Morag?"),
                "added": [quote("on a Tuesday", asked="What would you like to add?")],
                "help": quote("a lift there", asked="What would help with that?"),
                "who": quote("my nephew", asked="Who could help?", follows="prompt"),
            },
            {"what": quote("seeing the sea"), "why": None},
        ],
        "sections": {
            "call_me": [quote("Morag", asked="What would you like me to call you?")],
            "town": [quote("Kirkcaldy", asked="Which town or village do you live in?")],
        },
        "questions": [quote("can my nephew come?")],
    }
    send_as_bot(stack, plan)
    return reference


def test_a_plan_in_depth_reads_in_order_and_is_accessible(
    stack: Stack, browser: Browser, practitioner_token: str
) -> None:
    reference = send_plan_in_depth(stack)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, stack)
    page.locator("#queue tbody tr").filter(has_text=reference).locator("a").click()
    expect(page.locator("h1")).to_contain_text(reference)

    summary = page.locator("#summary")
    before = summary.locator("#before-we-meet")
    expect(before.locator("dt").first).to_have_text("What to call them")
    expect(before.locator("dd").first).to_contain_text("“Morag”")
    expect(before).to_contain_text("Where they live")
    expect(before).to_contain_text("“Kirkcaldy”")
    expect(summary.locator("#summary-questions li")).to_have_text(["“can my nephew come?”"])
    expect(summary.locator("#summary-priorities li")).to_have_text(
        ["“getting to the bowling club”", "“seeing the sea”"]
    )
    # Before we meet, then the questions, then what matters: in that order on the screen.
    tops = [
        box["y"]
        for box in (
            before.bounding_box(),
            summary.locator("#summary-questions").bounding_box(),
            summary.locator("#summary-priorities").bounding_box(),
        )
        if box
    ]
    assert len(tops) == 3 and tops == sorted(tops), tops

    first = page.locator("#priorities .wm-outcome").first
    expect(first.locator("h3")).to_have_text("1. What matters")
    for words in (
        "Why it matters",
        "my pals are there",
        "Added when read back",
        "on a Tuesday",
        "What would help with this",
        "a lift there",
        "Who could help with this",
        "my nephew",
        "Asked: “Why does that matter to you, Morag?”",
        "Answered after an example was offered",
    ):
        expect(first).to_contain_text(words)
    expect(page.locator("#priorities .wm-outcome").nth(1).locator("h3")).to_have_text(
        "2. What matters"
    )
    no_serious_violations(page, "plan-in-depth")

    # Printed, the plan keeps its order, its questions asked and its marks.
    page.emulate_media(media="print")
    expect(page.locator("#before-we-meet")).to_be_visible()
    expect(first).to_contain_text("Answered after an example was offered")
    expect(first.locator(".wm-asked").first).to_be_visible()
    expect(page.locator("#follow-up")).to_be_hidden()
    page.context.close()
