from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.core.security import (
    MAX_ID,
    TokenClaims,
    access_token_claims,
    conversation_sender_id,
    create_access_token,
    hash_password,
    is_bot_service_token,
    is_conversation_secret,
    new_conversation_secret,
    verify_password,
)
from tests.api import factories

SETTINGS = factories.settings(database_url="sqlite://")


def test_passwords_are_hashed_with_argon2_and_verified() -> None:
    hashed = hash_password("a long passphrase")

    assert hashed.startswith("$argon2id$")
    assert "a long passphrase" not in hashed
    assert verify_password("a long passphrase", hashed)
    assert not verify_password("a long passphrasE", hashed)
    assert not verify_password("a long passphrase", "not a hash")


def test_an_access_token_names_its_practitioner_and_session_until_it_expires() -> None:
    token = create_access_token(practitioner_id=7, jti="j1", settings=SETTINGS)
    stale = create_access_token(
        practitioner_id=7,
        jti="j2",
        settings=SETTINGS,
        now=datetime.now(tz=UTC) - timedelta(minutes=61),
    )

    assert access_token_claims(token=token, settings=SETTINGS) == TokenClaims(7, "j1")
    assert access_token_claims(token=stale, settings=SETTINGS) is None
    assert access_token_claims(token="garbage", settings=SETTINGS) is None


def test_a_token_naming_an_id_beyond_the_database_is_refused() -> None:
    token = create_access_token(practitioner_id=MAX_ID + 1, jti="j", settings=SETTINGS)

    assert access_token_claims(token=token, settings=SETTINGS) is None


def test_a_token_signed_with_another_key_is_refused() -> None:
    other = factories.settings(database_url="sqlite://", secret_key="x" * 40)
    token = create_access_token(practitioner_id=7, jti="j", settings=other)

    assert access_token_claims(token=token, settings=SETTINGS) is None


def test_the_conversation_id_rasa_sees_is_not_the_browsers_secret() -> None:
    secret = new_conversation_secret()
    sender = conversation_sender_id(secret=secret, settings=SETTINGS)

    assert is_conversation_secret(secret)
    assert len(sender) == 64 and secret not in sender
    # The same secret is always the same conversation; another key, another conversation.
    assert conversation_sender_id(secret=secret, settings=SETTINGS) == sender
    other = factories.settings(database_url="sqlite://", secret_key="y" * 40)
    assert conversation_sender_id(secret=secret, settings=other) != sender
    # The id a practitioner sees, used as a cookie, names yet another conversation.
    assert conversation_sender_id(secret=sender, settings=SETTINGS) != sender


def test_only_cookies_of_the_shape_we_give_are_conversation_secrets() -> None:
    assert is_conversation_secret("A" * 32)
    for bad in ("", "A" * 31, "A" * 33, "../../version?x=AAAAAAAAAAAAAAAAA", "A" * 31 + "/"):
        assert not is_conversation_secret(bad)


def test_only_the_exact_service_token_is_the_bots() -> None:
    assert is_bot_service_token(token=factories.BOT_SERVICE_TOKEN, settings=SETTINGS)
    assert not is_bot_service_token(token=factories.BOT_SERVICE_TOKEN[:-1], settings=SETTINGS)
    assert not is_bot_service_token(token="", settings=SETTINGS)
    assert not is_bot_service_token(token="é" * 10, settings=SETTINGS)
