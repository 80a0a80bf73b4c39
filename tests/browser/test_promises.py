"""The conversation page's promises, held in a real browser by keyboard: the safety choices
appear after a disclosure and work, one more Enter never sends the plan, the draft shows
everything that will be sent, and focus is always fully on the screen (issue 12)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from scripts.stack import Stack
from tests.browser.conftest import watch_csp
from tests.browser.test_pages import (
    REFERENCE,
    answer,
    choose,
    no_serious_violations,
    press,
    replies,
    tab_to,
)

DISCLOSURE = "My son takes my pension and won't let me see my friends"
SAFETY_CHOICES = ["Send what I've said now, marked urgent", "Carry on", "Stop for now"]
QUESTION = "when will the worker come?"
SIZES = {"desktop": (1280, 800), "phone": (375, 667)}


def focus_fully_in_view(page: Page, after: str) -> None:
    """The focused element's box lies wholly inside the window, below anything fixed on top."""
    box = page.evaluate(
        """() => {
            const element = document.activeElement;
            const box = element.getBoundingClientRect();
            const hide = document.querySelector(".ds_hide-page");
            const fixed = hide && getComputedStyle(hide).position === "fixed";
            return {
                top: box.top, bottom: box.bottom, left: box.left, right: box.right,
                width: window.innerWidth, height: window.innerHeight,
                covered: fixed ? hide.getBoundingClientRect().bottom : 0,
                tag: element.tagName, text: (element.textContent || "").slice(0, 40),
            };
        }"""
    )
    assert box["tag"] != "BODY", f"after {after}: focus was lost"
    inside = (
        box["top"] >= box["covered"]
        and box["bottom"] <= box["height"]
        and box["left"] >= 0
        and box["right"] <= box["width"]
    )
    assert inside, f"after {after}: focus is not fully in view: {box}"


def turn(page: Page, after: str) -> None:
    """Wait for the assistant's reply to settle, then check where focus is."""
    expect(page.locator("#status")).to_have_text("")
    focus_fully_in_view(page, after)


def say(page: Page, text: str) -> None:
    before = replies(page)
    tab_to(page, "#message")
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(page.locator(".wm-turn--assistant")).not_to_have_count(before)
    turn(page, repr(text))


def pick(page: Page, title: str) -> None:
    choose(page, title)
    focus_fully_in_view(page, title)


@pytest.mark.parametrize("size", SIZES)
def test_safety_choices_show_and_the_draft_shows_everything_and_two_enters_never_send(
    stack: Stack, browser: Browser, size: str
) -> None:
    width, height = SIZES[size]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    refused = watch_csp(page)
    page.goto(stack.api_url)
    tab_to(page, "#start-person")
    page.keyboard.press("Enter")
    expect(page.locator(".wm-turn--assistant")).not_to_have_count(0)
    turn(page, "start")
    pick(page, "Yes, for myself")
    say(page, "Jean")

    # A disclosure of harm: the helplines, then the three choices, in the page, with focus on
    # the first; the next question waits.
    say(page, DISCLOSURE)
    latest = page.locator(".wm-turn--assistant").last
    expect(latest).to_contain_text("What would you like to do now?")
    offered = page.locator("#choices button")
    expect(offered).to_have_text(SAFETY_CHOICES)
    assert page.evaluate("() => document.activeElement.textContent") == SAFETY_CHOICES[0]
    expect(page.locator("#log")).not_to_contain_text("Why does that matter")
    no_serious_violations(page, f"after-safety-{size}")
    pick(page, "Carry on")
    expect(page.locator(".wm-turn--assistant").last).to_contain_text("Why does that matter")

    # Skip "why", then ask a question at "what would help with it?", then answer on.
    say(page, "skip")
    pick(page, "Yes, that's right")
    pick(page, "No, that's all")
    say(page, QUESTION)
    expect(page.locator("#log")).to_contain_text("I've also put your question in your plan")
    for text in (
        "a lift",
        "my daughter",
        "the carers",
        "the stairs",
        "I hardly get out to the shops now",
        "knitting",
        "my neighbour",
    ):
        say(page, text)
    pick(page, "No, skip these")
    before = replies(page)
    say(page, "no")

    # The draft: focus on its start, not on a button; two more Enters send nothing.
    draft = page.locator(".wm-turn--assistant").nth(before)
    expect(draft).to_contain_text("Here is your plan so far")
    assert draft.evaluate("element => element === document.activeElement")
    shown = page.locator("#log").inner_text()
    for words in (
        "Why: You chose to skip this.",
        f"My questions for the worker:\n“{QUESTION}”",
        f"“{DISCLOSURE}”\nMarked urgent",
    ):
        assert words in shown, words
    assert "(nothing)" not in shown
    no_serious_violations(page, f"draft-{size}")
    settled = replies(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    assert replies(page) == settled
    expect(page.locator("#log")).not_to_contain_text("Your reference is")

    # My plan shows the same: the question, the skipped part and the urgent flag.
    page.goto(f"{stack.api_url}/conversation/plan")
    main = page.locator("main")
    expect(main).to_contain_text("You chose to skip this.")
    expect(main).to_contain_text("My questions for the worker")
    expect(page.locator("blockquote.wm-quote").filter(has_text=QUESTION)).to_have_count(1)
    # The disclosure is both their answer (what matters) and the flag.
    expect(page.locator("blockquote.wm-quote").filter(has_text=DISCLOSURE)).to_have_count(2)
    expect(main).to_contain_text("Marked urgent")
    no_serious_violations(page, f"my-draft-{size}")
    page.go_back()

    # Sending asks once, with focus on the question; Enter there sends nothing.
    expect(page.locator("#choices button").first).to_be_visible()
    pick_before = replies(page)
    tab_to(page, "#choices button:text-is('Send it to the social work team')")
    page.keyboard.press("Enter")
    expect(page.locator(".wm-turn--assistant")).not_to_have_count(pick_before)
    asking = page.locator(".wm-turn--assistant").last
    expect(asking.locator(".wm-turn__text")).to_have_text(
        "Send your plan to the social work team now?"
    )
    assert asking.evaluate("element => element === document.activeElement")
    expect(page.locator("#choices button")).to_have_text(["Yes, send it", "Not yet"])
    asked = replies(page)
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)
    assert replies(page) == asked
    no_serious_violations(page, f"send-confirm-{size}")
    choose(page, "Yes, send it")
    assert REFERENCE.search(page.locator(".wm-turn--assistant").nth(-2).inner_text())
    expect(page.locator(".wm-turn--assistant").last).to_contain_text("What happens next")
    page.context.close()
    assert refused == []


def test_choosing_send_now_after_a_disclosure_sends_it_marked_urgent(
    stack: Stack, page: Page
) -> None:
    page.goto(stack.api_url)
    page.click("#start-person")
    choose(page, "Yes, for myself")
    say(page, DISCLOSURE)
    choose(page, SAFETY_CHOICES[0])
    sent = page.locator(".wm-turn--assistant").last.inner_text()
    assert "marked urgent" in sent and REFERENCE.search(sent), sent
    no_serious_violations(page, "sent-urgent")


def test_phone_numbers_in_the_safety_messages_can_be_called(stack: Stack, page: Page) -> None:
    page.goto(stack.api_url)
    page.click("#start-person")
    choose(page, "Yes, for myself")
    say(page, DISCLOSURE)
    links = page.locator("#log a[href^='tel:']")
    expect(links.filter(has_text="999")).not_to_have_count(0)
    expect(links.filter(has_text="101")).to_have_attribute("href", "tel:101")
    # The person's own words are never turned into links, even when they hold a number.
    say(page, "carry on, my number is 0131 496 0000")
    assert page.locator(".wm-turn--person a").count() == 0


# (width, height, a touch screen?): 320x256 is a desktop at 400% zoom, 375x667 a phone.
@pytest.mark.parametrize("size", [(320, 256, False), (375, 667, True), (1280, 800, False)])
def test_the_hide_control_covers_nothing_that_has_focus(
    stack: Stack, browser: Browser, size: tuple[int, int, bool]
) -> None:
    width, height, touch = size
    page = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch
    ).new_page()
    page.goto(stack.api_url)
    hide = page.locator(".ds_hide-page__button")
    expect(hide).to_be_visible()
    # Tab through the welcome page: nothing focused is ever under the hide control.
    for _ in range(16):
        page.keyboard.press("Tab")
        overlap = page.evaluate(
            """() => {
                const active = document.activeElement;
                const h = document.querySelector(".ds_hide-page__button");
                if (active === document.body || h.contains(active)) return 0;
                const a = active.getBoundingClientRect();
                const b = h.getBoundingClientRect();
                const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                return x > 0 && y > 0 ? x * y : 0;
            }"""
        )
        assert overlap == 0, (size, page.evaluate("() => document.activeElement.outerHTML"))
    # The site name is never covered either (at the top of the page, where it is).
    page.evaluate("() => window.scrollTo(0, 0)")
    title = page.locator(".ds_site-branding__title").bounding_box()
    button = hide.bounding_box()
    assert title and button
    assert (
        title["y"] >= button["y"] + button["height"] or button["x"] >= title["x"] + title["width"]
    )
    hint = page.locator(".ds_hide-page__text")
    if touch:
        # A touch screen has no Esc key to press.
        expect(hint).to_be_hidden()
    else:
        expect(hint).to_be_visible()
    if width >= 768:
        # On a wide screen it stays in view as the page scrolls (a short window, so it must).
        page.set_viewport_size({"width": width, "height": 300})
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        assert page.evaluate("() => window.scrollY") > 100
        expect(hide).to_be_in_viewport(ratio=1)
    page.context.close()


def test_a_wrong_resume_code_keeps_the_code_box(stack: Stack, page: Page) -> None:
    page.goto(stack.api_url)
    page.click("text=I have a code to carry on a conversation")
    page.fill("#resume-code", "zzzz zzzz zzzz zzzz")
    page.keyboard.press("Enter")
    error = page.locator("#resume-error")
    expect(error).to_contain_text("couldn't find a conversation")
    expect(page.locator("#resume-code")).to_be_visible()
    expect(page.locator("#notice")).to_be_visible()
    expect(page.locator("#chat")).to_be_hidden()
    assert page.evaluate("() => document.activeElement.id") == "resume-code"
    no_serious_violations(page, "resume-wrong-code")


def test_a_code_is_shown_to_write_down_and_taken_with_spaces(
    stack: Stack, browser: Browser
) -> None:
    first = browser.new_context().new_page()
    first.goto(stack.api_url)
    first.click("#start-person")
    choose(first, "Yes, for myself")
    say(first, "Jean")
    say(first, "my allotment")
    tab_to(first, "#pause")
    first.keyboard.press("Enter")
    code_box = first.locator(".wm-code")
    expect(code_box).to_be_visible()
    expect(first.locator("#log")).to_contain_text("Write this down")
    expect(first.locator(".wm-code-print")).to_be_visible()
    code = re.sub(r"\s", "", code_box.first.inner_text())
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code), code
    no_serious_violations(first, "resume-code-given")
    first.context.close()

    other = browser.new_context().new_page()
    other.goto(stack.api_url)
    other.click("text=I have a code to carry on a conversation")
    other.fill("#resume-code", code.replace("-", " ").lower())
    other.keyboard.press("Enter")
    expect(other.locator("#log")).to_contain_text("my allotment")
    other.context.close()


def test_a_message_whose_answer_never_came_is_sent_again_and_taken_once(
    stack: Stack, page: Page
) -> None:
    """The API took a message and went away before it answered (here, its answer is cut off on
    the way back): the page sends it again with the same key, and the assistant answers it
    once, from what it had already taken."""
    sent: list[dict[str, object]] = []

    def answer_lost_once(route: Route) -> None:
        sent.append(json.loads(route.request.post_data or "{}"))
        if len(sent) == 1:
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.goto(stack.api_url)
    press(page, "#start-person")
    choose(page, "Yes, for myself")
    page.route("**/conversation/messages", answer_lost_once)
    answer(page, "my allotment")
    page.unroute("**/conversation/messages")

    assert [(m["text"], m["again"]) for m in sent] == [
        ("my allotment", False),
        ("my allotment", True),
    ]
    assert sent[0]["key"] == sent[1]["key"]
    expect(page.locator(".wm-turn--person").filter(has_text="my allotment")).to_have_count(1)
    page.reload()
    # Rasa holds it once: the conversation read back shows it once, and the reply once.
    expect(page.locator(".wm-turn--person").filter(has_text="my allotment")).to_have_count(1)
    expect(page.locator(".wm-turn--assistant").last).not_to_have_text("")
    no_serious_violations(page, "sent-again")
