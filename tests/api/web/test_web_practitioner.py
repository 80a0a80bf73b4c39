"""The practitioners' pages: sessions that end, the audit page and who has read a plan."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.practitioners.models import Practitioner
from api.web.practitioner import SESSION_COOKIE
from contract.http import API_PREFIX
from tests.api import factories


def _plan(client: TestClient, bot_headers: dict[str, str]) -> dict[str, object]:
    response = client.post(
        f"{API_PREFIX}/plans", json=factories.plan_payload(), headers=bot_headers
    )
    assert response.status_code == 201
    return dict(response.json())


def test_signing_out_ends_the_session_not_only_the_cookie(
    client: TestClient, practitioner: Practitioner
) -> None:
    factories.sign_in_pages(client)
    token = client.cookies[SESSION_COOKIE]
    queue = client.get("/practitioner")
    csrf = factories.hidden_field(queue.text, "csrf")

    out = client.post("/practitioner/sign-out", data={"csrf": csrf}, follow_redirects=False)

    assert out.status_code == 303
    # The old token, put back by hand, is no longer let in: not on the pages, not on the API.
    client.cookies.set(SESSION_COOKIE, token)
    again = client.get("/practitioner", follow_redirects=False)
    assert (again.status_code, again.headers["location"]) == (303, "/practitioner/sign-in")
    assert (
        client.get(f"{API_PREFIX}/practitioners/me", headers=factories.bearer(token)).status_code
        == 401
    )


def test_reading_and_printing_a_plan_page_are_recorded(
    client: TestClient,
    practitioner: Practitioner,
    bot_headers: dict[str, str],
    lead_headers: dict[str, str],
) -> None:
    plan = _plan(client, bot_headers)
    factories.sign_in_pages(client)
    page = client.get(f"/practitioner/plans/{plan['id']}")
    csrf = factories.hidden_field(page.text, "csrf")
    assert 'data-export-url="/practitioner/plans/' in page.text

    printed = client.post(f"/practitioner/plans/{plan['id']}/export", data={"csrf": csrf})
    forged = client.post(f"/practitioner/plans/{plan['id']}/export", data={"csrf": "nope"})
    note = client.post(
        f"/practitioner/plans/{plan['id']}",
        data={"csrf": csrf, "action": "note", "value": "Phoned"},
        follow_redirects=False,
    )

    assert (printed.status_code, forged.status_code, note.status_code) == (204, 403, 303)
    log = client.get(f"{API_PREFIX}/audit", headers=lead_headers).json()
    assert [(e["action"], e["detail"]) for e in log] == [
        ("note", None),
        ("export", "printed"),
        ("read", None),
    ]
    # Only a practitioner's own page shows no audit: the plan page has no "who has read it".
    assert 'id="readers"' not in page.text


def test_a_lead_sees_who_has_read_a_plan_and_the_audit_page(
    client: TestClient,
    practitioner: Practitioner,
    lead: Practitioner,
    bot_headers: dict[str, str],
) -> None:
    plan = _plan(client, bot_headers)
    factories.sign_in_pages(client)
    client.get(f"/practitioner/plans/{plan['id']}")
    assert client.get("/practitioner/audit").status_code == 403

    with TestClient(client.app) as lead_client:
        factories.sign_in_pages(lead_client, email="lee@example.org")
        page = lead_client.get(f"/practitioner/plans/{plan['id']}")
        readers = page.text.split('id="readers"', 1)[1].split("</table>", 1)[0]
        assert readers.count("<tr><td>") == 2
        assert "Alex Morgan" in readers and "Lee Lead" in readers

        everyone = lead_client.get("/practitioner/audit")
        by_alex = lead_client.get(f"/practitioner/audit?practitioner={practitioner.id}")
        by_reference = lead_client.get(f"/practitioner/audit?plan={plan['reference']}")
        unknown = lead_client.get("/practitioner/audit?plan=WM-NOPE")

    assert everyone.status_code == 200
    assert everyone.text.count("<td>read</td>") == 2
    assert by_alex.text.count("<td>read</td>") == 1 and "Lee Lead</td>" not in by_alex.text
    assert by_reference.text.count("<td>read</td>") == 2
    assert "No entries." in unknown.text


def _flagged_plan(client: TestClient, bot_headers: dict[str, str]) -> dict[str, object]:
    flag = {
        "quote": factories.quote("my son takes my pension", message_id="f1"),
        "categories": ["financial_harm"],
        "level": "harm",
        "source": "phrase_list",
        "choices": ["carry_on"],
    }
    payload = factories.plan_payload(
        safety_flags=[flag], questions=[factories.quote("when will you come?", message_id="q1")]
    )
    response = client.post(f"{API_PREFIX}/plans", json=payload, headers=bot_headers)
    assert response.status_code == 201
    return dict(response.json())


def test_a_plan_opens_with_what_matters_its_flags_questions_and_reading_time(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    plan = _flagged_plan(client, bot_headers)
    factories.sign_in_pages(client)
    page = client.get(f"/practitioner/plans/{plan['id']}").text
    summary = page.split('id="summary"', 1)[1].split("</section>", 1)[0]

    assert "<strong>Possible harm</strong>: financial harm" in summary
    assert "“Seeing my grandchildren every week”" in summary
    assert "“when will you come?”" in summary
    assert "About 1 minute to read." in page
    # Times in UK local time: 10:00 UTC on a November day is 10:00 GMT; no "UTC" anywhere.
    assert "UTC" not in page


def test_only_forward_statuses_are_offered_and_a_backward_one_is_refused_kindly(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    plan = _plan(client, bot_headers)
    factories.sign_in_pages(client)
    here = f"/practitioner/plans/{plan['id']}"
    csrf = factories.hidden_field(client.get(here).text, "csrf")

    moved = client.post(here, data={"csrf": csrf, "action": "status", "value": "contacted"})
    assert 'id="change-done" role="status"' in moved.text and "Status changed." in moved.text
    offered = moved.text.split('id="status"', 1)[1].split("</select>", 1)[0]
    assert 'value="new"' not in offered and 'value="in_progress"' not in offered
    assert 'value="contacted"' in offered and 'value="closed"' in offered
    # Focus goes back to the button that made the change.
    assert 'id="status-submit" data-focus' in moved.text

    back = client.post(here, data={"csrf": csrf, "action": "status", "value": "new"})
    assert back.status_code == 200
    assert back.headers["content-type"].startswith("text/html")
    assert "A status only moves forward." in back.text
    assert "Status: <strong>Contacted</strong>" in back.text


def test_the_queue_gives_the_reasons_a_plan_is_urgent(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    _flagged_plan(client, bot_headers)
    factories.sign_in_pages(client)
    queue = client.get("/practitioner").text
    assert '<ul class="wm-reasons"><li>Possible harm (financial harm)</li></ul>' in queue
    # A glimpse of each plan: the first thing that matters, in their words.
    assert "What matters first: </span>“Seeing my grandchildren every week”" in queue


def test_how_to_reach_them_and_prepare_the_visit_comes_first(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    """The "before we meet" answers open the plan, beside the flags, not after everything."""
    payload = factories.plan_payload(
        sections={
            "working_well": [factories.quote("My neighbour pops in", message_id="m3")],
            "contact": [factories.quote("ask for Jean, 07700 900123", message_id="m4")],
            "safe_to_contact": [factories.quote("No, please don't", message_id="m5")],
            "typing": [factories.quote("my son Davie is typing", message_id="m6")],
        },
        skipped=["meet_when"],
    )
    plan = client.post(f"{API_PREFIX}/plans", json=payload, headers=bot_headers).json()
    factories.sign_in_pages(client)

    page = client.get(f"/practitioner/plans/{plan['id']}").text
    summary = page.split('id="summary"', 1)[1].split("</section>", 1)[0]
    block = summary.split('id="before-we-meet"', 1)[1].split("</dl>", 1)[0]

    quoted = '\n    <dd><span class="wm-quote">“{}”</span></dd>'.format
    assert "<dt>How to reach them</dt>" + quoted("ask for Jean, 07700 900123") in block
    assert "<dt>Safe to call or leave a message</dt>" + quoted("No, please don&#39;t") in block
    assert "<dt>Times that suit them</dt>\n    <dd>They chose to skip this.</dd>" in block
    assert "<dt>Who typed the answers</dt>" in block
    # Shown once, at the top: not again among the other parts.
    assert page.count("ask for Jean, 07700 900123") == 1


def test_a_plan_without_before_we_meet_says_so(
    client: TestClient, practitioner: Practitioner, bot_headers: dict[str, str]
) -> None:
    plan = _plan(client, bot_headers)
    factories.sign_in_pages(client)

    page = client.get(f"/practitioner/plans/{plan['id']}").text

    assert '<p id="before-we-meet">Not answered.</p>' in page
