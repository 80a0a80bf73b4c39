"""Easy Read and Listen in a real browser: Easy Read chosen on the welcome page, a short
conversation with its wording and pictures, switched off by typing, and a message read aloud."""

from __future__ import annotations

import struct

from playwright.sync_api import Page, expect

from scripts.stack import Stack
from tests.browser.test_pages import answer, choose, no_serious_violations, press

READY = "Is this for you, or for someone you look after?"
CALL_ME = "What name would you like me to use? You can skip this."
FIRST = (
    "What matters to you in your life just now? "
    "For example: seeing my family, my garden, going to the shops."
)
WHY = "Why does that matter to you? For example: it makes me happy, I feel safe."


def assistant(page: Page, text: str) -> None:
    expect(page.locator(".wm-turn--assistant .wm-turn__text").filter(has_text=text)).to_have_count(
        1
    )


def test_easy_read_wording_and_pictures_then_off_by_typing_and_listen(
    stack: Stack, page: Page
) -> None:
    page.goto(stack.api_url)
    page.click("label[for=easy-read]")
    expect(page.locator("#easy-read")).to_be_checked()
    # The welcome page's buttons have pictures at once; decorative, their words say it all.
    expect(page.locator("#start-person img.wm-picture")).to_have_attribute("alt", "")
    no_serious_violations(page, "easy-read-welcome")

    press(page, "#start-person")
    assistant(page, READY)
    ready = page.locator(".wm-turn--assistant").filter(has_text=READY)
    expect(ready.locator("img.wm-picture")).to_have_attribute("alt", "A waving hand")
    expect(page.locator("#choices button img.wm-picture")).to_have_count(3)
    choose(page, "Yes, for me")
    assistant(page, CALL_ME)
    answer(page, "Peggy")
    # Thanked by the name they gave, filled in exactly, with the message's own picture.
    thanked = page.locator(".wm-turn--assistant").filter(has_text="Thank you, Peggy.")
    expect(thanked.locator("img.wm-picture")).to_have_attribute("alt", "A waving hand")
    assistant(page, FIRST)
    first = page.locator(".wm-turn--assistant").filter(has_text=FIRST)
    expect(first.locator("img.wm-picture")).to_have_attribute("alt", "A red heart")
    expect(first.locator("img.wm-picture")).to_have_attribute("src", "/static/pictures/2764.svg")
    answer(page, "my garden")
    assistant(page, WHY)
    no_serious_violations(page, "easy-read-conversation")
    # The text is larger in Easy Read.
    size = page.locator(".wm-turn__text").last.evaluate(
        "element => parseFloat(getComputedStyle(element).fontSize)"
    )
    assert size >= 21

    # Typed, "easy read off" is a setting, never an answer: nothing is sent.
    turns = page.locator(".wm-turn").count()
    page.fill("#message", "easy read off")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text("Easy Read is off.")
    expect(page.locator("#easy-read")).not_to_be_checked()
    assert page.locator(".wm-turn").count() == turns
    expect(page.locator("#log img")).to_have_count(0)
    answer(page, "it keeps me going")
    assistant(page, "Thank you. Here is what I heard.")
    expect(page.locator('#choices button:text-is("Yes, that\'s right")')).to_be_visible()
    no_serious_violations(page, "easy-read-off")

    # Listen: the message, spoken by our own server, with a control to stop it.
    with page.expect_response(lambda r: "/conversation/speech/" in r.url) as heard:
        page.locator(".wm-turn--assistant").last.locator("button.wm-listen").click()
    audio = heard.value.body()
    # The browser asks for a range ("bytes=0-"): a cached file answers 206 with all of it.
    assert heard.value.status in (200, 206)
    assert heard.value.headers["content-type"] == "audio/wav"
    assert audio[:4] == b"RIFF" and audio[8:12] == b"WAVE"
    assert struct.unpack("<I", audio[24:28])[0] == 22050
    expect(page.locator("#listen-player")).to_be_visible()
    no_serious_violations(page, "listen")
    page.click("#listen-stop")
    expect(page.locator("#listen-player")).to_be_hidden()

    # Their own plan, read back to them.
    choose(page, "Yes, that's right")
    page.goto(f"{stack.api_url}/conversation/plan")
    with page.expect_response(lambda r: r.url.endswith("/conversation/plan/speech")) as plan:
        page.click("#listen-plan")
    assert plan.value.status in (200, 206)
    assert plan.value.body()[:4] == b"RIFF"
    expect(page.locator("#plan-audio")).to_be_visible()
    no_serious_violations(page, "listen-to-my-plan")
