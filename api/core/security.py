"""Passwords (argon2), practitioners' access tokens (JWT, HS256) and the bot's service token."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.core.config import Settings

JWT_ALGORITHM = "HS256"
# Marks our own tokens, so that a JWT signed with the same key for another purpose is refused.
ACCESS_TOKEN_TYPE = "access"  # noqa: S105 - a claim value, not a secret

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# Verified against when the email is unknown, so that a wrong email takes as long as a
# wrong password and sign-in does not reveal which emails have accounts.
_DUMMY_HASH = _hasher.hash("not the password of anyone")


def spend_verification_time(password: str) -> None:
    verify_password(password, _DUMMY_HASH)


def create_access_token(
    *, practitioner_id: int, settings: Settings, now: datetime | None = None
) -> str:
    issued = now or datetime.now(tz=UTC)
    claims = {
        "sub": str(practitioner_id),
        "type": ACCESS_TOKEN_TYPE,
        "iat": issued,
        "exp": issued + timedelta(minutes=settings.access_token_minutes),
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=JWT_ALGORITHM)


def practitioner_id_from_token(*, token: str, settings: Settings) -> int | None:
    """The practitioner id in a valid, unexpired access token; None for anything else."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "sub"]},
        )
    except jwt.InvalidTokenError:
        return None
    if claims.get("type") != ACCESS_TOKEN_TYPE:
        return None
    try:
        return int(claims["sub"])
    except (TypeError, ValueError):
        return None


def is_bot_service_token(*, token: str, settings: Settings) -> bool:
    expected = settings.bot_service_token.get_secret_value()
    # Constant time, so the token cannot be guessed one character at a time; bytes, because
    # compare_digest only accepts ASCII str.
    return hmac.compare_digest(token.encode(), expected.encode())
