from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.core.security import (
    create_access_token,
    hash_password,
    is_bot_service_token,
    practitioner_id_from_token,
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


def test_an_access_token_names_its_practitioner_until_it_expires() -> None:
    token = create_access_token(practitioner_id=7, settings=SETTINGS)
    stale = create_access_token(
        practitioner_id=7, settings=SETTINGS, now=datetime.now(tz=UTC) - timedelta(minutes=61)
    )

    assert practitioner_id_from_token(token=token, settings=SETTINGS) == 7
    assert practitioner_id_from_token(token=stale, settings=SETTINGS) is None
    assert practitioner_id_from_token(token="garbage", settings=SETTINGS) is None


def test_a_token_signed_with_another_key_is_refused() -> None:
    other = factories.settings(database_url="sqlite://", secret_key="x" * 40)
    token = create_access_token(practitioner_id=7, settings=other)

    assert practitioner_id_from_token(token=token, settings=SETTINGS) is None


def test_only_the_exact_service_token_is_the_bots() -> None:
    assert is_bot_service_token(token=factories.BOT_SERVICE_TOKEN, settings=SETTINGS)
    assert not is_bot_service_token(token=factories.BOT_SERVICE_TOKEN[:-1], settings=SETTINGS)
    assert not is_bot_service_token(token="", settings=SETTINGS)
    assert not is_bot_service_token(token="é" * 10, settings=SETTINGS)
