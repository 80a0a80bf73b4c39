"""The conversation page's relay: the browser's secret, Rasa's sender id, and their checks."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.core.config import Settings
from api.core.security import conversation_sender_id, is_conversation_secret
from api.web.conversation import CONVERSATION_COOKIE
from api.web.relay import MESSAGE_KEY
from contract.conversation import Slot
from contract.http import API_PREFIX
from contract.plan import HEADINGS_FIRST_PERSON, HEADINGS_THIRD_PERSON, Part, Role
from tests.api import factories
from tests.api.web.conftest import FakeRasa


def _say(client: TestClient, text: str = "hello") -> int:
    return int(client.post("/conversation/messages", json={"text": text}).status_code)


def test_rasa_sees_an_id_derived_from_the_cookie_never_the_cookie(
    client: TestClient, rasa: FakeRasa, settings: Settings
) -> None:
    assert _say(client) == 200
    secret = client.cookies[CONVERSATION_COOKIE]

    assert is_conversation_secret(secret)
    assert rasa.senders() == [conversation_sender_id(secret=secret, settings=settings)]
    assert secret not in str(rasa.requests)
    # The same browser carries on the same conversation.
    assert _say(client) == 200
    assert len(set(rasa.senders())) == 1


def test_a_plans_conversation_id_as_a_cookie_opens_a_fresh_conversation(
    client: TestClient,
    rasa: FakeRasa,
    settings: Settings,
    bot_headers: dict[str, str],
    auth_headers: dict[str, str],
) -> None:
    # The person talks, and their plan arrives with the id Rasa knows them by.
    _say(client)
    person = rasa.senders()[0]
    plan = factories.plan_payload(conversation_id=person)
    assert client.post(f"{API_PREFIX}/plans", json=plan, headers=bot_headers).status_code == 201
    seen = client.get(f"{API_PREFIX}/plans", headers=auth_headers).json()[0]["conversation_id"]
    assert seen == person

    # A practitioner sets what they saw as the cookie, in another browser.
    with TestClient(client.app) as practitioner:
        practitioner.cookies.set(CONVERSATION_COOKIE, seen)
        assert practitioner.get("/conversation/history").json() == {"turns": []}
        practitioner.post("/conversation/messages", json={"text": "I am the person"})

    # Rasa never heard from the person's conversation again: a different sender, a new one.
    assert rasa.senders()[-1] != person
    assert rasa.senders().count(person) == 1


def test_a_plan_stored_with_an_old_cookie_as_its_id_cannot_be_opened_with_it(
    client: TestClient, rasa: FakeRasa, settings: Settings
) -> None:
    # Before this change the id on a plan was the browser's cookie itself.
    old_cookie = "A" * 32
    client.cookies.set(CONVERSATION_COOKIE, old_cookie)
    _say(client)

    assert rasa.senders() == [conversation_sender_id(secret=old_cookie, settings=settings)]
    assert old_cookie not in rasa.senders()


def test_a_cookie_of_another_shape_never_reaches_rasa(
    client: TestClient, rasa: FakeRasa, settings: Settings
) -> None:
    client.cookies.set(CONVERSATION_COOKIE, "../../version?x=")
    assert client.get("/conversation/history").json() == {"turns": []}
    assert client.get("/conversation/plan").status_code == 200
    assert rasa.requests == []

    response = client.post("/conversation/messages", json={"text": "hello"})
    assert response.status_code == 200
    # A new secret of our own, in place of the one we did not give.
    secret = response.cookies[CONVERSATION_COOKIE]
    assert is_conversation_secret(secret)
    assert rasa.senders() == [conversation_sender_id(secret=secret, settings=settings)]
    # Every read of the conversation asks for exactly one, quoted, path segment.
    for method, path, _ in rasa.requests:
        assert method == "POST" or path.startswith(f"/conversations/{rasa.senders()[0]}/tracker?")


def test_rasa_errors_are_answered_kindly(client: TestClient, rasa: FakeRasa) -> None:
    _say(client)
    for status, body in ((500, b"oops"), (200, b"<html>not json</html>"), (200, b"[1, 2]")):
        rasa.status, rasa.body = status, body
        message = client.post("/conversation/messages", json={"text": "hello"})
        history = client.get("/conversation/history")
        plan = client.get("/conversation/plan")
        assert message.status_code in (200, 502), (status, body)
        assert history.status_code in (200, 502), (status, body)
        assert plan.status_code in (200, 502), (status, body)
    rasa.status, rasa.body = 500, b"oops"
    assert client.post("/conversation/messages", json={"text": "hi"}).json() == {
        "error": "unavailable"
    }


def test_my_plan_says_so_when_the_assistant_is_down_not_that_there_is_no_plan(
    client: TestClient, rasa: FakeRasa
) -> None:
    _say(client)
    rasa.status, rasa.body = 500, b"oops"

    page = client.get("/conversation/plan")

    assert page.status_code == 502
    assert "cannot be shown just now" in page.text
    assert "There is no plan here yet" not in page.text


def test_a_carers_plan_has_the_headings_the_carer_was_shown_in_the_first_person(
    client: TestClient, rasa: FakeRasa
) -> None:
    _say(client)
    said = {"text": "my mum, Jean", "message_id": "m1", "said_at": factories.SENT_AT}
    rasa.slots = {
        Slot.ROLE: Role.CARER.value,
        Slot.ANSWERS: {Part.CARED_FOR.value: said, Part.CARING_IMPACT.value: said},
    }

    page = client.get("/conversation/plan").text

    assert HEADINGS_FIRST_PERSON[Part.CARED_FOR] in page  # "Who I look after"
    assert HEADINGS_FIRST_PERSON[Part.CARING_IMPACT] in page
    assert HEADINGS_THIRD_PERSON[Part.CARED_FOR] not in page  # never "Who they look after"


def test_resume_codes_are_throttled_per_client(client: TestClient, rasa: FakeRasa) -> None:
    codes = [_say(client, f"resume ABCD-EFGH-JKLM-NP{n:02d}".replace("0", "Q")) for n in range(10)]
    refused = client.post("/conversation/messages", json={"text": "resume abcd efgh jklm npqr"})

    assert codes == [200] * 10
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert len(rasa.senders()) == 10  # the 11th never reached the assistant
    # Ordinary answers, long words among them, are not slowed down.
    answers = ["my garden", "my responsibilities", "uncharacteristically"]
    assert [_say(client, text) for text in answers] == [200] * 3


def test_leaving_a_conversation_needs_the_pages_form_token(client: TestClient) -> None:
    page = client.get("/")
    token = factories.hidden_field(page.text, "form_token")
    _say(client)

    forged = client.post(
        "/conversation/forget", data={"form_token": "x" * 64}, follow_redirects=False
    )
    missing = client.post("/conversation/forget", follow_redirects=False)
    assert (forged.status_code, missing.status_code) == (403, 403)
    assert CONVERSATION_COOKIE in client.cookies

    left = client.post("/conversation/forget", data={"form_token": token}, follow_redirects=False)
    assert left.status_code == 303
    assert CONVERSATION_COOKIE not in client.cookies


def test_another_sites_form_cannot_post_the_sign_in_form(client: TestClient) -> None:
    # A page elsewhere can post the fields, but has neither our cookie nor its token.
    response = client.post(
        "/practitioner/sign-in",
        data={"email": "alex@example.org", "password": factories.PASSWORD, "form_token": "forged"},
        follow_redirects=False,
    )

    assert response.status_code == 403
    assert "wm_session" not in client.cookies


def test_a_carers_conversation_is_kept_apart_the_same_way(
    client: TestClient, rasa: FakeRasa, settings: Settings
) -> None:
    response = client.post("/conversation/messages", json={"text": "/start", "role": "carer"})
    secret = response.cookies[CONVERSATION_COOKIE]

    [(method, path, body)] = rasa.requests[:1]
    assert (method, path) == ("POST", "/webhooks/rest/webhook")
    # Each message carries a key of its own (relay.MESSAGE_KEY), to be found again in the store.
    key = body["metadata"].pop(MESSAGE_KEY)
    assert re.fullmatch(r"[0-9a-f]{32}", key)
    assert body == {
        "sender": conversation_sender_id(secret=secret, settings=settings),
        "message": "/start",
        "metadata": {"role": "carer"},
    }
