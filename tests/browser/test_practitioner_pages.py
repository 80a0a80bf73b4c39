"""The practitioners' pages in a real browser: a plan's first screen, kind answers to every
change, focus kept in place, a sign-in error that takes focus, and a queue that reflows."""

from __future__ import annotations

import uuid
from typing import Any

from playwright.sync_api import Browser, Page, expect

from scripts.stack import Stack
from tests.browser.test_pages import no_serious_violations, send_as_bot, sign_in
from tests.e2e.conftest import PRACTITIONER_EMAIL

SAID = "2026-07-01T09:30:00+00:00"  # 10:30 in the UK (BST)


def quote(text: str) -> dict[str, Any]:
    return {"text": text, "message_id": uuid.uuid4().hex, "said_at": SAID}


def send_flagged_plan(stack: Stack) -> str:
    reference = "WM-" + uuid.uuid4().hex[:6].upper()
    plan = {
        "conversation_id": uuid.uuid4().hex,
        "reference": reference,
        "sent_at": SAID,
        "outcomes": [
            {"what": quote("my garden"), "why": quote("it keeps me going")},
            {"what": quote("seeing my friends"), "why": None},
        ],
        "sections": {"working_well": [quote("my neighbour pops in")]},
        "questions": [quote("when will you come?")],
        "safety_flags": [
            {
                "quote": quote("My son takes my pension and won't let me see my friends"),
                "categories": ["financial_harm"],
                "level": "harm",
                "source": "phrase_list",
                "choices": ["carry_on"],
            }
        ],
        "skipped": ["why_it_matters"],
    }
    send_as_bot(stack, plan)
    return reference


def test_a_flagged_plan_shows_what_matters_on_the_first_screen_and_changes_kindly(
    stack: Stack, browser: Browser, practitioner_token: str
) -> None:
    reference = send_flagged_plan(stack)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, stack)
    row = page.locator("#queue tbody tr").filter(has_text=reference)
    expect(row).to_contain_text("Possible harm (financial harm)")
    expect(row.locator(".wm-glimpse")).to_have_text("What matters first: “my garden”")
    no_serious_violations(page, "queue-with-flags")
    row.locator("a").click()
    expect(page.locator("h1")).to_contain_text(reference)

    # The first screen, without scrolling: the flags, what matters in order, the questions.
    summary = page.locator("#summary")
    expect(summary).to_contain_text("Possible harm: financial harm")
    expect(summary.locator("ol li")).to_have_text(["“my garden”", "“seeing my friends”"])
    expect(summary).to_contain_text("“when will you come?”")
    expect(page.locator("#reading-time")).to_have_text("About 1 minute to read.")
    box = summary.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    # UK time: 09:30 UTC on 1 July is 10:30 BST.
    expect(page.locator("main")).to_contain_text("Sent 01 Jul 2026, 10:30.")
    expect(page.locator("main")).not_to_contain_text("UTC")
    no_serious_violations(page, "plan-with-flags")

    # A status change: a message, and focus back on the button that made it.
    page.select_option("#status", "contacted")
    page.click("#status-submit")
    expect(page.locator("#change-done")).to_have_text("Status changed.")
    expect(page.locator("#status-submit")).to_be_focused()
    expect(page.locator("main")).to_contain_text("Status: Contacted")
    # Only the statuses it may move to are offered now.
    expect(page.locator("#status option")).to_have_text(["Contacted", "Closed"])
    no_serious_violations(page, "plan-status-changed")

    # A note with no words: said kindly, beside the form, never raw JSON.
    page.click("#note-submit")
    expect(page.locator("#change-problem")).to_contain_text("Please type a note before adding it.")
    expect(page.locator("#change-problem")).to_be_focused()
    assert "{" not in page.locator("main").inner_text()
    no_serious_violations(page, "plan-change-problem")
    page.fill("#note", "Phoned")
    page.click("#note-submit")
    expect(page.locator("#change-done")).to_have_text("Note added.")
    expect(page.locator("#note-submit")).to_be_focused()
    page.context.close()


def test_a_backward_status_posted_anyway_is_refused_kindly(
    stack: Stack, page: Page, practitioner_token: str
) -> None:
    reference = send_flagged_plan(stack)
    sign_in(page, stack)
    page.locator("#queue tbody tr").filter(has_text=reference).locator("a").click()
    page.select_option("#status", "closed")
    page.click("#status-submit")
    expect(page.locator("#change-done")).to_be_visible()
    # An old page (or a crafted form) still offering "New": posted as it was.
    page.evaluate(
        """() => {
            const option = document.createElement("option");
            option.value = "new";
            option.textContent = "New";
            document.getElementById("status").append(option);
            document.getElementById("status").value = "new";
        }"""
    )
    page.click("#status-submit")
    problem = page.locator("#change-problem")
    expect(problem).to_contain_text("A status only moves forward.")
    expect(problem).to_be_focused()
    expect(page.locator("main")).to_contain_text("Status: Closed")


def test_a_sign_in_error_takes_focus(stack: Stack, page: Page) -> None:
    page.goto(f"{stack.api_url}/practitioner/sign-in")
    page.fill("#email", PRACTITIONER_EMAIL)
    page.fill("#password", "not the password")
    page.keyboard.press("Enter")
    summary = page.locator(".ds_error-summary")
    expect(summary).to_contain_text("Incorrect email or password.")
    expect(summary).to_be_focused()
    no_serious_violations(page, "sign-in-error")


def test_the_queue_reflows_at_320_pixels(
    stack: Stack, browser: Browser, practitioner_token: str
) -> None:
    send_flagged_plan(stack)
    page = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    sign_in(page, stack)
    expect(page.locator("#queue")).to_be_visible()
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 320, f"the queue scrolls sideways: {wide}px wide"
    # Each plan's cells stack, one under another.
    cells = page.locator("#queue tbody tr").first.locator("td")
    tops = [box["y"] for box in (cells.nth(i).bounding_box() for i in range(5)) if box]
    assert tops == sorted(tops) and len(set(tops)) == 5, tops
    no_serious_violations(page, "queue-320")
    page.context.close()
