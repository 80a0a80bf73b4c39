"""Reviews in a real browser: a practitioner invites a review from the plan page, sees the code
once and its print view; once the review is sent (through the API, as the bot sends it), the
plan's history sets then and now side by side. axe finds nothing serious on each page."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from playwright.sync_api import Browser, Dialog, expect

from contract.formats import ALPHABET
from contract.http import API_PREFIX, REVIEW_CLAIM_PATH
from scripts.stack import Stack
from tests.browser.conftest import screenshot, watch_csp
from tests.browser.test_pages import answer, choose, no_serious_violations, send_as_bot, sign_in

SAID = "2026-07-01T09:30:00+00:00"
REVIEWED = "2027-01-12T14:00:00+00:00"  # 14:00 in the UK (GMT)
FIRST = "Getting back to the bowling club on a Tuesday <b>🎳</b>"
WHY = "It's where my pals are\nand I miss them"
NOW = "Much better: I've been three times since March 🌻 {name} 0["
HELPED = "The lift to the lunch club, and my son's reminders"
IN_THE_WAY = "<script>alert(1)</script> the bus was cancelled twice"
STILL = "Yes, more than ever"
NEW = "Learning to use the tablet to see my granddaughter"


def quote(text: str) -> dict[str, Any]:
    return {"text": text, "message_id": uuid.uuid4().hex, "said_at": SAID}


def _bot(stack: Stack) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.env['BOT_SERVICE_TOKEN']}"}


def send_plan(stack: Stack) -> str:
    reference = "WM-" + uuid.uuid4().hex[:6].upper()
    plan = {
        "conversation_id": uuid.uuid4().hex,
        "reference": reference,
        "sent_at": SAID,
        "outcomes": [
            {"what": quote(FIRST), "why": quote(WHY)},
            {"what": quote("Sleeping through the night"), "why": None},
        ],
        "sections": {"working_well": [quote("my neighbour pops in")]},
    }
    send_as_bot(stack, plan)
    return reference


def send_review(stack: Stack, code: str, reference: str) -> str:
    """What the bot does: claim the code for a conversation, then send that conversation's
    review."""
    conversation = uuid.uuid4().hex
    claimed = httpx.post(
        f"{stack.api_url}{REVIEW_CLAIM_PATH}",
        json={"code": f"review {code.lower()}", "conversation_id": conversation},
        headers=_bot(stack),
    )
    assert claimed.status_code == 200, claimed.text
    assert [o["what"]["text"] for o in claimed.json()["outcomes"]] == [
        FIRST,
        "Sleeping through the night",
    ]
    review_reference = "WM-" + uuid.uuid4().hex[:6].upper()
    review = {
        "conversation_id": conversation,
        "reference": review_reference,
        "sent_at": REVIEWED,
        "kind": "review",
        "reviews_plan": reference,
        "reviewed": [
            {
                "position": 0,
                "now": quote(NOW),
                "movement": "better",
                "helped": quote(HELPED),
                "in_the_way": quote(IN_THE_WAY),
                "still_matters": quote(STILL),
            }
        ],
        "outcomes": [{"what": quote(NEW), "why": None}],
        "sections": {"anything_else": [quote("Thank you for asking")]},
    }
    send_as_bot(stack, review)
    return review_reference


def test_invite_a_review_print_it_then_read_then_and_now(
    stack: Stack, browser: Browser, practitioner_token: str
) -> None:
    reference = send_plan(stack)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = watch_csp(page)
    opened: list[str] = []

    def record(dialog: Dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    sign_in(page, stack)
    page.locator("#queue tbody tr").filter(has_text=reference).locator("a").first.click()
    expect(page.locator("h1")).to_contain_text(reference)

    # The plan page: no invitation yet, and the form to make one.
    expect(page.locator("#reviews")).to_contain_text("No review has been sent yet.")
    note = "We set up the lift to the lunch club in March."
    page.fill("#invite-note", note)
    page.fill("#invite-days", "14")
    no_serious_violations(page, "review-invite-form")
    page.click("#invite-submit")

    # The invitation: where to go, the code, what will happen, and a version to read aloud.
    expect(page.locator("h1")).to_have_text("Your invitation to look again at what matters to you")
    code = page.locator("#code").inner_text()
    assert re.fullmatch(rf"[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}", code), code
    expect(page.locator("#where")).to_have_text(f"{stack.api_url}/")
    expect(page.locator("#invitation-note")).to_have_text(note)
    expect(page.locator("#read-aloud")).to_contain_text(" ".join(code.split("-")[0]))
    expect(page.locator("#code-once")).to_contain_text("the only time the code is shown")
    no_serious_violations(page, "review-invitation")

    # Print: the button prints; on paper only the invitation itself, the code in full.
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.click("#print-invitation")
    assert page.evaluate("() => window.printed") is True
    page.emulate_media(media="print")
    expect(page.locator("#invitation")).to_be_visible()
    expect(page.locator("#code")).to_be_visible()
    for hidden in ("#print-invitation", "#phone", "#code-once", ".wm-signed-in"):
        expect(page.locator(hidden)).to_be_hidden()
    screenshot(page, "review-invitation-print")
    page.emulate_media(media="screen")

    # Back on the plan page: the invitation is listed, without its code.
    page.goto(f"{stack.api_url}/practitioner")
    page.locator("#queue tbody tr").filter(has_text=reference).locator("a").first.click()
    expect(page.locator("#invitations")).to_contain_text("Not used yet")
    expect(page.locator("main")).not_to_contain_text(code)

    review_reference = send_review(stack, code, reference)

    # The queue: the review is its own item, linked to the plan it reviews.
    page.goto(f"{stack.api_url}/practitioner")
    row = page.locator("#queue tbody tr").filter(has_text=review_reference)
    expect(row).to_contain_text(f"Review {review_reference}")
    expect(row.locator(".wm-review-of")).to_have_text(f"Review of {reference}")
    no_serious_violations(page, "queue-with-a-review")

    # The review's own page: each answer beside the first words.
    row.locator("a").first.click()
    expect(page.locator("h1")).to_have_text(f"Review {review_reference} of plan {reference}")
    reviewed = page.locator(".wm-reviewed").first
    expect(reviewed.locator("blockquote").nth(0)).to_have_text(FIRST)
    expect(reviewed).to_contain_text(NOW)
    expect(reviewed).to_contain_text("Better")
    no_serious_violations(page, "review-page")

    # The history: then and now, oldest first, in their words.
    page.goto(f"{stack.api_url}/practitioner")
    # The review's row links the plan too: either link opens it.
    page.locator("#queue a").filter(has_text=re.compile(rf"^{reference}$")).first.click()
    expect(page.locator("#invitations")).to_contain_text("Review sent")
    page.click("#history-link")
    expect(page.locator("h1")).to_have_text(f"History of plan {reference}")
    first = page.locator("#outcome-0")
    expect(first).to_have_text(f"What mattered (1): “{FIRST}”")
    table = page.locator("#outcome-0-reviews")
    expect(table.locator("thead th")).to_have_text(
        [f"Review {review_reference}, 12 Jan 2027, 14:00"]
    )
    expect(table.locator("tbody tr")).to_have_text(
        [
            f"How it is now“{NOW}”",
            "Their choiceBetter",
            f"What has helped“{HELPED}”",
            f"What has got in the way“{IN_THE_WAY}”",
            f"Whether it still matters“{STILL}”",
        ]
    )
    expect(page.locator("#new-outcomes")).to_contain_text(NEW)
    expect(page.locator("main")).to_contain_text("Not reviewed yet.")
    no_serious_violations(page, "review-history")

    # At 320 pixels the history's table reflows rather than scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 320, f"the history scrolls sideways: {wide}px wide"
    no_serious_violations(page, "review-history-320")

    assert opened == []
    assert refused == []
    context.close()


def _invite_code(stack: Stack, practitioner_token: str, reference: str) -> str:
    worker = {"Authorization": f"Bearer {practitioner_token}"}
    # The newest plans come first (none of these is urgent), and this one is new.
    listing = httpx.get(
        f"{stack.api_url}{API_PREFIX}/plans", params={"limit": 200}, headers=worker
    ).json()
    [plan_id] = [p["id"] for p in listing if p["reference"] == reference]
    made = httpx.post(
        f"{stack.api_url}{API_PREFIX}/plans/{plan_id}/reviews",
        json={"note": "We set up the lift to the lunch club in March."},
        headers=worker,
    )
    assert made.status_code == 201, made.text
    return str(made.json()["code"])


def test_a_person_holds_their_review_in_the_page(
    stack: Stack, browser: Browser, practitioner_token: str
) -> None:
    reference = send_plan(stack)
    code = _invite_code(stack, practitioner_token, reference)
    page = browser.new_context().new_page()
    refused = watch_csp(page)
    page.goto(stack.api_url)

    # A code that is not one: said beside the box, and the person stays on it.
    page.click("text=I have a review code from my worker")
    no_serious_violations(page, "review-code-box")
    page.fill("#review-code", "ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    page.keyboard.press("Enter")
    expect(page.locator("#review-error")).to_contain_text("can't find that review code")
    expect(page.locator("#notice")).to_be_visible()
    no_serious_violations(page, "review-code-wrong")

    # Their code, typed as they might: the worker's note, then the first thing that mattered.
    page.fill("#review-code", code.lower().replace("-", " "))
    page.keyboard.press("Enter")
    log = page.locator("#log")
    expect(log).to_contain_text("We set up the lift to the lunch club in March.")
    expect(log).to_contain_text(f"Last time you said: “{FIRST}”. How is that now?")
    expect(page.locator("#progress")).to_have_text("Looking again at your plan")
    answer(page, NOW)
    choose(page, "Better")
    answer(page, HELPED)
    no_serious_violations(page, "review-conversation")

    # Their own page shows then and now, in their words.
    page.goto(f"{stack.api_url}/conversation/plan")
    expect(page.locator("main")).to_contain_text(FIRST)
    expect(page.locator("main")).to_contain_text(NOW)
    expect(page.locator("main")).to_contain_text(HELPED)
    no_serious_violations(page, "review-my-plan")
    page.context.close()
    assert refused == []
