"""A lead confirms outcome areas on a plan and reads the themes page: charts with tables behind
them, nothing under 5 shown, and axe finds nothing serious."""

from __future__ import annotations

import re
import uuid

import httpx
from playwright.sync_api import Page, expect

from scripts.stack import Stack
from tests.browser.test_pages import no_serious_violations


def test_a_lead_confirms_areas_and_reads_the_themes(
    stack: Stack, page: Page, api_lead: tuple[str, str]
) -> None:
    email, password = api_lead
    bot = {"Authorization": f"Bearer {stack.env['BOT_SERVICE_TOKEN']}"}
    for number in range(6):
        plan = {
            "conversation_id": uuid.uuid4().hex,
            "reference": f"WM-THEME{number}",
            "sent_at": "2026-11-22T10:15:00+00:00",
            "outcomes": [
                {"what": {"text": "Seeing my pals at the lunch club",
                          "said_at": "2026-11-22T10:00:00+00:00"}}
            ],
        }  # fmt: skip
        sent = httpx.post(f"{stack.api_url}/api/v1/plans", json=plan, headers=bot)
        assert sent.status_code == 201
    page.goto(f"{stack.api_url}/practitioner/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/practitioner$"))

    for number in range(5):
        page.goto(f"{stack.api_url}/practitioner")
        page.click(f"text=WM-THEME{number}")
        expect(page.locator("#download-fhir")).to_be_visible()
        page.locator("details[id^=areas-] summary").click()
        if number == 0:
            no_serious_violations(page, "plan-outcome-areas")
        page.locator("details[id^=areas-] input[value=seeing_people]").check()
        page.click("text=Confirm these areas")
        expect(page.locator("details[id^=areas-] summary")).to_contain_text("confirmed")

    page.click("text=Themes")
    expect(page.locator("h1")).to_have_text("Themes")
    expect(page.locator("#chart-people-title")).to_be_visible()
    seeing = page.locator("#people tr", has_text="Seeing people")
    expect(seeing.locator("td").last).to_have_text("5")
    # Every other area counts fewer than 5 plans: suppressed.
    expect(
        page.locator("#people tr", has_text="Improved mobility").locator("td").last
    ).to_have_text("*")
    expect(page.locator("body")).not_to_contain_text("lunch club")
    no_serious_violations(page, "themes")
