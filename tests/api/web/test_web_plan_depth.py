"""The plan page in depth: what to call them and before we meet first, their questions, then
each thing that matters in their order with why, what they added, what would help and who;
every answer with the question it answered and its mark; the same when printed and side by
side; and, for a carer who consented, possible matches a practitioner may link."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient

from api.practitioners.models import Practitioner
from contract.http import API_PREFIX
from tests.api import factories
from tests.api.factories import quote

ASKED_WHY = "Why does “0[” {why} matter to you, Morag? 🌻"


def _send(client: TestClient, bot_headers: dict[str, str], payload: dict[str, Any]) -> Any:
    response = client.post(f"{API_PREFIX}/plans", json=payload, headers=bot_headers)
    assert response.status_code == 201, response.text
    return response.json()


def _person(**overrides: Any) -> dict[str, Any]:
    payload = factories.plan_payload(
        outcomes=[
            factories.outcome(
                quote("Getting to the bowling club", message_id="w0", asked="What matters?"),
                quote("My pals are there", message_id="y0", asked=ASKED_WHY, follows="prompt"),
                added=[
                    quote("on a Tuesday", message_id="a0", asked="Anything to add?"),
                    quote("and the Friday too", message_id="a1"),
                ],
                help=quote("a lift there", message_id="h0", asked="What would help?"),
                who=quote("my nephew Callum", message_id="o0", follows="safety_check"),
            ),
            factories.outcome(quote("Seeing the sea", message_id="w1")),
        ],
        sections={
            "call_me": [quote("Morag", message_id="cm", asked="What should I call you?")],
            "town": [quote("Kirkcaldy", message_id="tn")],
            "contact": [quote("07700 900123", message_id="ct")],
        },
        questions=[quote("Can my nephew come?", message_id="q0")],
        skipped=["meet_when"],
    )
    payload.update(overrides)
    return payload


class _PrintHidden(HTMLParser):
    """The text inside what print CSS hides: `.wm-no-print` elements and forms."""

    VOID = frozenset({"input", "br", "img", "meta", "link", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append(tag == "form" or "wm-no-print" in classes)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any(self.stack):
            self.hidden.append(data)


def _print_hidden(page: str) -> str:
    parser = _PrintHidden()
    parser.feed(page)
    return " ".join(parser.hidden)


def _page(client: TestClient, plan_id: int) -> str:
    response = client.get(f"/practitioner/plans/{plan_id}")
    assert response.status_code == 200
    return response.text


def test_the_plan_opens_with_what_to_call_them_and_before_we_meet_then_questions_then_priorities(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    plan = _send(client, bot_headers, _person())
    factories.sign_in_pages(client)
    page = _page(client, plan["id"])

    summary = page.split('id="summary"', 1)[1].split("</section>", 1)[0]
    block = summary.split('id="before-we-meet"', 1)[1].split("</dl>", 1)[0]
    headings = [part.split("</dt>", 1)[0] for part in block.split("<dt>")[1:]]
    assert headings[:4] == [
        "What to call them",
        "Who typed the answers",
        "How to reach them",
        "Safe to call or leave a message",
    ]
    assert "Where they live" in headings
    assert (
        '<dt>What to call them</dt>\n    <dd><span class="wm-asked">'
        'Asked: “What should I call you?”</span> <span class="wm-quote">“Morag”</span></dd>'
    ) in block
    assert (
        '<dt>Where they live</dt>\n    <dd><span class="wm-quote">“Kirkcaldy”</span></dd>' in block
    )
    assert "<dt>Times that suit them</dt>\n    <dd>They chose to skip this.</dd>" in block
    # The first screen: before we meet, their questions, then what matters in their order.
    assert (
        summary.index('id="before-we-meet"')
        < summary.index('id="summary-questions"')
        < summary.index('id="summary-priorities"')
    )
    assert (
        '<ol id="summary-priorities"><li class="wm-quote">“Getting to the bowling club”</li>'
        '<li class="wm-quote">“Seeing the sea”</li></ol>'
    ) in summary
    # Below: their questions in full before the things that matter, each shown once.
    assert page.index('id="questions-title"') < page.index('id="priorities-title"')
    assert "What matters, in the person&#39;s order of priority</h2>" in page
    assert page.count("Kirkcaldy") == 1 and page.count("“Morag”") == 1


def test_each_thing_that_matters_is_numbered_with_why_additions_help_and_who(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    plan = _send(client, bot_headers, _person())
    factories.sign_in_pages(client)
    page = _page(client, plan["id"])

    priorities = page.split('id="priorities"', 1)[1].split('id="questions-title"', 1)[0]
    first, second = priorities.split('<section class="wm-outcome"')[1:3]
    assert '<h3 id="outcome-1">1. What matters</h3>' in first
    assert '<h3 id="outcome-2">2. What matters</h3>' in second
    order = [
        "Getting to the bowling club",
        "<dt>Why it matters</dt>",
        "My pals are there",
        "<dt>Added when read back</dt>",
        "on a Tuesday",
        "and the Friday too",
        "<dt>What would help with this</dt>",
        "a lift there",
        "<dt>Who could help with this</dt>",
        "my nephew Callum",
    ]
    assert [first.index(words) for words in order] == sorted(first.index(w) for w in order)
    # What was not said is said to be not answered, never left empty.
    assert second.count("<dd>Not answered.</dd>") == 3
    assert "<dt>Added when read back</dt>" not in second
    # What would help was asked of each thing: the question for the whole plan is not shown as
    # if it had been answered with nothing.
    assert "<h2>What would help</h2>" not in page and "<h2>Who could help</h2>" not in page


def test_every_answer_shows_the_question_it_answered_and_its_mark_in_words(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    plan = _send(client, bot_headers, _person())
    factories.sign_in_pages(client)
    page = _page(client, plan["id"])

    why = (
        '<p class="wm-asked">Asked: “Why does “0[” {why} matter to you, Morag? 🌻”</p>\n'
        '<blockquote class="wm-quote">My pals are there</blockquote>\n'
        '<p class="wm-mark"><strong>Answered after an example was offered</strong></p>'
    )
    assert why in page
    who = (
        '<blockquote class="wm-quote">my nephew Callum</blockquote>\n'
        '<p class="wm-mark"><strong>Answered with or just after a safety check</strong></p>'
    )
    assert who in page
    assert '<p class="wm-asked">Asked: “Anything to add?”</p>' in page
    # An answer the bot sent no question for has no "Asked" line and no mark.
    assert '<p class="ds_hint-text">Said 22 Nov 2026, 10:00</p>\n<p class="wm-asked">' not in page
    assert page.count('class="wm-mark"') == 2


def test_the_printed_plan_carries_everything_but_the_controls(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    """Printing is the page itself under print CSS: only `.wm-no-print` and forms are hidden,
    and none of the plan's words are inside either."""
    plan = _send(client, bot_headers, _person())
    factories.sign_in_pages(client)
    page = _page(client, plan["id"])
    css = client.get("/static/site/site.css").text

    assert ".wm-no-print, form { display: none !important; }" in css
    hidden = _print_hidden(page)
    assert "Print this plan" in hidden  # the parser does see what print hides
    for words in (
        "Morag",
        "Kirkcaldy",
        "Before we meet",
        "What matters, in the person's order of priority",
        "a lift there",
        "Anything to add?",
        "Answered after an example was offered",
        "Can my nephew come?",
    ):
        assert words in page.replace("&#39;", "'") and words not in hidden


def _carer(**overrides: Any) -> dict[str, Any]:
    return factories.carer_payload(
        sections={
            "call_me": [quote("Davie", message_id="c0")],
            "cared_for": [quote("My aunt", message_id="c1")],
            "cared_for_name": [quote("It's Morag.", message_id="c2")],
            "cared_for_town": [quote("  kirkcaldy ", message_id="c3")],
            "person_matters": [quote("Her bowling", message_id="c4")],
            "meet_how": [quote("At hers, please", message_id="c5")],
        },
        **overrides,
    )


def test_side_by_side_shows_both_orders_of_priority_and_both_before_we_meet(
    client: TestClient,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
) -> None:
    person = _send(client, bot_headers, _person())
    _send(client, bot_headers, _carer(person_reference=person["reference"]))
    factories.sign_in_pages(client)
    page = _page(client, person["id"])

    table = page.split('id="side-by-side"', 1)[1].split("</table>", 1)[0]
    person_cell, carer_cell = table.split("<tbody>", 1)[1].split("<td>")[1:3]
    assert person_cell.index("Getting to the bowling club") < person_cell.index("Seeing the sea")
    assert "a lift there" in person_cell and "Answered after an example was offered" in person_cell
    assert "<p><strong>1.</strong></p>" in person_cell
    assert "Her bowling" in carer_cell and "A night&#39;s sleep" in carer_cell
    before = table.split("<tr>")[-1]
    assert "Before we meet</strong>" in before and "Before we meet the carer</strong>" in before
    assert "“Morag”" in before and "“At hers, please”" in before and "“Davie”" in before
    # The side-by-side table is printed: none of it is inside anything print hides.
    assert "At hers, please" not in _print_hidden(page)


def test_a_consenting_carers_plan_suggests_matches_and_a_practitioner_links_one(
    client: TestClient,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
) -> None:
    person = _send(client, bot_headers, _person())
    elsewhere = _send(
        client,
        bot_headers,
        _person(
            sections={
                "call_me": [quote("call me morag", message_id="x")],
                "town": [quote("Leith", message_id="y")],
            }
        ),
    )
    carer = _send(client, bot_headers, _carer(match_consent=True))
    factories.sign_in_pages(client)
    page = _page(client, carer["id"])

    matches = page.split('id="matches"', 1)[1].split("</section>", 1)[0]
    rows = matches.split("<tbody>", 1)[1].split("<tr>")[1:]
    assert [row.split('">', 2)[1].split("<", 1)[0] for row in rows] == [
        person["reference"],
        elsewhere["reference"],
    ]
    assert "<td>First name and town</td>" in rows[0] and "<td>First name only</td>" in rows[1]
    # None of anyone's words: no name, no town, no answer.
    for words in ("Morag", "morag", "Kirkcaldy", "Leith", "bowling"):
        assert words not in matches
    # Suggestions are for deciding, never printed with the plan.
    assert "Possible matches with a person" in _print_hidden(page)

    csrf = factories.hidden_field(page, "csrf")
    linked = client.post(
        f"/practitioner/plans/{carer['id']}/links",
        data={"csrf": csrf, "other_plan_id": str(person["id"])},
        follow_redirects=False,
    )
    forged = client.post(
        f"/practitioner/plans/{carer['id']}/links",
        data={"csrf": "nope", "other_plan_id": str(elsewhere["id"])},
    )

    assert (linked.status_code, linked.headers["location"]) == (
        303,
        f"/practitioner/plans/{carer['id']}?done=link",
    )
    assert forged.status_code == 403
    read = client.get(f"{API_PREFIX}/plans/{carer['id']}", headers=auth_headers).json()
    assert [other["id"] for other in read["linked_plans"]] == [person["id"]]
    # Linked now: no more suggestions.
    assert 'id="matches"' not in _page(client, carer["id"])


def test_without_consent_a_carers_page_suggests_nothing(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    _send(client, bot_headers, _person())
    carer = _send(client, bot_headers, _carer())
    factories.sign_in_pages(client)

    assert 'id="matches"' not in _page(client, carer["id"])
