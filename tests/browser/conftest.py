"""A real browser (Debian's Chromium) against the three real services."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, sync_playwright

# The stack and a practitioner account, shared with the end-to-end tests.
from tests.e2e.conftest import api_lead, practitioner_token, stack  # noqa: F401 - fixtures

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # Debian's Chromium: Playwright's own browser download is not possible on these machines.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    refused = watch_csp(page)
    yield page
    # Under the Content-Security-Policy nothing of ours may be refused: no inline script or
    # style, nothing from elsewhere.
    assert refused == []


def watch_csp(page: Page) -> list[str]:
    """Every Content-Security-Policy violation the page reports, as Chromium words it."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    # The pages' "Hide this page" goes to another site: answered here, as there is no network.
    page.route(
        re.compile(r"^https://"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>elsewhere</p>"),
    )
    return refused


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every alert() the page opens: one would mean something typed was run as code."""
    opened: list[str] = []

    def record(dialog: Dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
