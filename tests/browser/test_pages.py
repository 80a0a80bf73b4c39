"""The pages in a real browser: a conversation by keyboard alone, the practitioner reading it,
resuming by code elsewhere, escaping, and axe on every page and state."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from contract.http import API_PREFIX
from scripts.stack import Stack
from tests.browser.conftest import screenshot, watch_csp
from tests.e2e.conftest import PRACTITIONER_EMAIL, PRACTITIONER_PASSWORD

HOSTILE = "<img src=x onerror=alert(1)> my garden 🌻"
WHY = 'it\'s {mine} 0[ & "ours"'
# What would help with the one thing that matters and who could, then life just now.
LIFE = [
    "a lift to the lunch club",
    "my daughter could",
    "the carers in the morning",
    "the stairs",
    "I stay downstairs now",
    "I'm good at knitting",
    "my neighbour Jean",
    "no",
]
REFERENCE = re.compile(r"WM-[A-Z0-9]{6}")
SERIOUS = {"serious", "critical"}
_MAX_TABS = 60


def tab_to(page: Page, selector: str) -> None:
    """Move focus with the Tab key alone until it reaches `selector`."""
    target = page.locator(selector).first
    for _ in range(_MAX_TABS):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def replies(page: Page) -> int:
    return page.locator(".wm-turn--assistant").count()


def press(page: Page, selector: str) -> None:
    before = replies(page)
    tab_to(page, selector)
    page.keyboard.press("Enter")
    expect(page.locator(".wm-turn--assistant")).not_to_have_count(before)
    expect(page.locator("#status")).to_have_text("")


def choose(page: Page, title: str) -> None:
    press(page, f"#choices button:text-is({title!r})")


def answer(page: Page, text: str) -> None:
    before = replies(page)
    tab_to(page, "#message")
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(page.locator(".wm-turn--assistant")).not_to_have_count(before)
    expect(page.locator("#status")).to_have_text("")


def no_serious_violations(page: Page, state: str) -> None:
    """axe finds nothing serious or critical, and everything is in a landmark (`region`)."""
    results = Axe().run(page)
    serious = [
        v
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS or v["id"] == "region"
    ]
    assert serious == [], f"{state}: {[(v['id'], v['help']) for v in serious]}"
    screenshot(page, state)


def send_as_bot(stack: Stack, plan: dict[str, Any]) -> None:
    """Send a plan to the API as the bot does, and check it was taken."""
    bot = {"Authorization": f"Bearer {stack.env['BOT_SERVICE_TOKEN']}"}
    response = httpx.post(f"{stack.api_url}{API_PREFIX}/plans", json=plan, headers=bot)
    assert response.status_code == 201, response.text


def sign_in(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.api_url}/practitioner")
    expect(page).to_have_url(re.compile(r"/practitioner/sign-in$"))
    no_serious_violations(page, "sign-in")
    page.fill("#email", PRACTITIONER_EMAIL)
    page.fill("#password", PRACTITIONER_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/practitioner$"))


def test_a_whole_conversation_by_keyboard_then_the_practitioner_reads_it(
    stack: Stack, page: Page, dialogs: list[str], practitioner_token: str
) -> None:
    page.goto(stack.api_url)
    expect(page.locator(".ds_hide-page__button")).to_be_visible()
    no_serious_violations(page, "welcome")

    press(page, "#start-person")
    choose(page, "Yes, for myself")
    answer(page, "Jean")
    answer(page, HOSTILE)
    no_serious_violations(page, "mid-conversation")
    answer(page, WHY)
    choose(page, "Yes, that's right")
    choose(page, "No, that's all")
    for text in LIFE[:-1]:
        answer(page, text)
    choose(page, "No, skip these")
    answer(page, LIFE[-1])
    expect(
        page.locator("#choices button:text-is('Send it to the social work team')")
    ).to_be_visible()
    no_serious_violations(page, "draft")

    # The person's words appear as typed, as text: nothing they typed ran.
    expect(page.locator(".wm-turn--person").filter(has_text=HOSTILE)).to_have_count(1)
    assert page.locator("#log img").count() == 0

    # The draft as a document, in their words, before they choose to send it.
    page.goto(f"{stack.api_url}/conversation/plan")
    expect(page.locator("h1")).to_have_text("My plan so far")
    assert HOSTILE in page.locator("blockquote.wm-quote").all_inner_texts()
    no_serious_violations(page, "my-draft")
    page.go_back()

    # A reload (going back) carries on the same conversation.
    expect(page.locator(".wm-turn--person").filter(has_text=HOSTILE)).to_have_count(1)
    choose(page, "Send it to the social work team")
    choose(page, "Yes, send it")
    # The reference, then what happens next.
    sent, next_steps = (t.inner_text() for t in page.locator(".wm-turn--assistant").all()[-2:])
    reference = REFERENCE.search(sent)
    assert reference, sent
    assert "What happens next: a worker" in next_steps, next_steps
    no_serious_violations(page, "sent")
    page.goto(f"{stack.api_url}/conversation/plan")
    expect(page.locator("main")).to_contain_text(f"Your reference is {reference.group(0)}")
    no_serious_violations(page, "my-plan-sent")

    sign_in(page, stack)
    no_serious_violations(page, "queue")
    first_row = page.locator("#queue tbody tr").first
    expect(first_row).to_contain_text(reference.group(0))
    first_row.locator("a").click()
    expect(page.locator("h1")).to_contain_text(reference.group(0))
    quotes = page.locator("blockquote.wm-quote").all_inner_texts()
    assert HOSTILE in quotes and WHY in quotes
    assert all(text in quotes for text in LIFE[:-1])
    assert page.locator("main img").count() == 0
    no_serious_violations(page, "plan")

    page.select_option("#status", "in_progress")
    page.click("text=Change status")
    expect(page.locator("main")).to_contain_text("Status: In progress")
    page.fill("#note", "Phoned <b>Mrs</b> Smith")
    page.click("text=Add note")
    expect(page.locator("main")).to_contain_text("Phoned <b>Mrs</b> Smith")
    assert dialogs == []

    page.click("text=Sign out")
    page.goto(f"{stack.api_url}/practitioner")
    expect(page).to_have_url(re.compile(r"/practitioner/sign-in$"))


def test_leave_and_carry_on_elsewhere_with_a_code(stack: Stack, browser: Browser) -> None:
    first = browser.new_context().new_page()
    refused = watch_csp(first)
    first.goto(stack.api_url)
    press(first, "#start-person")
    choose(first, "Yes, for myself")
    answer(first, "Jean")
    answer(first, "my allotment")
    press(first, "#pause")
    code = re.search(r"resume ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})", first.locator("#log").inner_text())
    assert code
    first.context.close()

    other = browser.new_context().new_page()
    refused += watch_csp(other)
    other.goto(stack.api_url)
    expect(other.locator("#notice")).to_be_visible()
    other.click("text=I have a code to carry on a conversation")
    other.fill("#resume-code", code.group(1))
    other.keyboard.press("Enter")
    expect(other.locator(".wm-turn--assistant").first).to_be_visible()
    expect(other.locator("#log")).to_contain_text("Welcome back")
    expect(other.locator("#log")).to_contain_text("my allotment")
    # The same code does not work twice.
    again = browser.new_context().new_page()
    again.goto(stack.api_url)
    again.click("text=I have a code to carry on a conversation")
    again.fill("#resume-code", code.group(1).lower().replace("-", " "))
    again.keyboard.press("Enter")
    expect(again.locator("#resume-error")).to_contain_text("already been used")
    again.context.close()
    # Leaving on this computer: back to the start, and the conversation is not shown again.
    other.click("text=Leave this conversation on this computer")
    expect(other.locator("#notice")).to_be_visible()
    other.reload()
    expect(other.locator("#notice")).to_be_visible()
    expect(other.locator("#log")).not_to_contain_text("my allotment")
    other.context.close()
    assert refused == []


@pytest.mark.parametrize("path", ["/practitioner", "/practitioner/plans/1"])
def test_practitioner_pages_need_a_sign_in(stack: Stack, page: Page, path: str) -> None:
    page.goto(f"{stack.api_url}{path}")
    expect(page).to_have_url(re.compile(r"/practitioner/sign-in$"))


def test_every_page_carries_the_security_headers(stack: Stack, page: Page) -> None:
    documents: dict[str, dict[str, str]] = {}
    page.on(
        "response",
        lambda response: (
            documents.__setitem__(response.url, response.all_headers())
            if response.request.resource_type in ("document", "script", "stylesheet")
            and response.url.startswith(stack.api_url)
            else None
        ),
    )
    for path in ("/", "/conversation/plan", "/practitioner/sign-in", "/no-such-page"):
        page.goto(f"{stack.api_url}{path}")
    sign_in(page, stack)

    assert len(documents) >= 8  # the pages, their scripts and style sheets
    for url, headers in documents.items():
        policy = headers.get("content-security-policy", "")
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy, url
        assert headers.get("x-content-type-options") == "nosniff", url
        assert headers.get("referrer-policy") == "no-referrer", url


def test_the_design_system_works_under_the_policy(stack: Stack, page: Page) -> None:
    page.goto(stack.api_url)
    # The design system's script runs (from a file): Esc hides the page at once.
    page.keyboard.press("Escape")
    expect(page).not_to_have_url(re.compile(re.escape(stack.api_url)))


def test_a_lead_sees_the_audit_log_and_who_read_a_plan(
    stack: Stack, page: Page, api_lead: tuple[str, str]
) -> None:
    email, password = api_lead
    plan = {
        "conversation_id": uuid.uuid4().hex,
        "reference": "WM-AUD1T0",
        "sent_at": "2026-11-22T10:15:00+00:00",
        "outcomes": [{"what": {"text": "my garden", "said_at": "2026-11-22T10:00:00+00:00"}}],
    }
    send_as_bot(stack, plan)
    page.goto(f"{stack.api_url}/practitioner/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/practitioner$"))
    page.click("text=WM-AUD1T0")
    expect(page.locator("#readers")).to_be_visible()
    page.click("#print-plan")
    page.click("text=Audit log")
    expect(page.locator("h1")).to_have_text("Audit log")
    expect(page.locator("#audit")).to_contain_text("export (printed)")
    no_serious_violations(page, "audit")


def test_an_inline_script_is_refused_by_the_browser(stack: Stack, browser: Browser) -> None:
    # What an injection would try: the policy stops it even if escaping ever failed.
    probe = browser.new_context().new_page()
    refused = watch_csp(probe)
    probe.goto(stack.api_url)
    probe.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
            const image = '<img src="x" onerror="window.injected = true">';
            document.body.insertAdjacentHTML("beforeend", image);
        }"""
    )
    probe.wait_for_timeout(300)

    assert probe.evaluate("() => window.injected === undefined")
    assert any("script-src 'self'" in message for message in refused), refused
    probe.context.close()
