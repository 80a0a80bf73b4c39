"""Passwords (argon2), practitioners' access tokens (JWT, HS256), the bot's service token, and
the conversation id that Rasa sees, derived from the browser's secret."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.core.config import Settings

JWT_ALGORITHM = "HS256"
# Marks our own tokens, so that a JWT signed with the same key for another purpose is refused.
ACCESS_TOKEN_TYPE = "access"  # noqa: S105 - a claim value, not a secret
# The largest id our tables' integer keys hold (PostgreSQL INTEGER; SQLite's are wider): anything
# larger cannot name a row, and is refused (422) before it reaches the database, where it would
# be an error (a 500) rather than "not found".
MAX_ID = 2**31 - 1

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


def new_token_id() -> str:
    """A JWT's `jti`: unique per sign-in, so two sign-ins in the same second differ, and the
    key of the server-side session that sign-out revokes."""
    return secrets.token_urlsafe(24)


def create_access_token(
    *, practitioner_id: int, jti: str, settings: Settings, now: datetime | None = None
) -> str:
    issued = now or datetime.now(tz=UTC)
    claims = {
        "sub": str(practitioner_id),
        "jti": jti,
        "type": ACCESS_TOKEN_TYPE,
        "iat": issued,
        "exp": issued + timedelta(minutes=settings.access_token_minutes),
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=JWT_ALGORITHM)


@dataclass(frozen=True)
class TokenClaims:
    practitioner_id: int
    jti: str


def access_token_claims(*, token: str, settings: Settings) -> TokenClaims | None:
    """Who a valid, unexpired access token names, and its id; None for anything else.

    A valid signature is not enough to be let in: the caller also checks that the session
    `jti` names is still open (see api.auth.service).
    """
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "sub", "jti"]},
        )
    except jwt.InvalidTokenError:
        return None
    if claims.get("type") != ACCESS_TOKEN_TYPE or not isinstance(claims.get("jti"), str):
        return None
    try:
        practitioner_id = int(claims["sub"])
    except (TypeError, ValueError):
        return None
    if not 1 <= practitioner_id <= MAX_ID:
        return None
    return TokenClaims(practitioner_id=practitioner_id, jti=claims["jti"])


def is_bot_service_token(*, token: str, settings: Settings) -> bool:
    expected = settings.bot_service_token.get_secret_value()
    # Constant time, so the token cannot be guessed one character at a time; bytes, because
    # compare_digest only accepts ASCII str.
    return hmac.compare_digest(token.encode(), expected.encode())


# --- the conversation's two names -----------------------------------------------------------
# The browser holds a random secret in its cookie; Rasa, the bot, the plan and practitioners
# only ever see HMAC(key, secret). A practitioner who reads a plan's conversation_id cannot
# turn it back into the cookie, and setting it as a cookie opens a different, new conversation.
CONVERSATION_SECRET_BYTES = 24
# secrets.token_urlsafe(24): 32 characters of the URL-safe base64 alphabet.
_CONVERSATION_SECRET = re.compile(r"[A-Za-z0-9_-]{32}")


def new_conversation_secret() -> str:
    return secrets.token_urlsafe(CONVERSATION_SECRET_BYTES)


def is_conversation_secret(value: str) -> bool:
    """The cookie has the shape we give it: anything else is ignored, never passed to Rasa."""
    return _CONVERSATION_SECRET.fullmatch(value) is not None


def conversation_sender_id(*, secret: str, settings: Settings) -> str:
    """The Rasa sender id of the conversation whose browser secret is `secret`."""
    # A key of its own, derived from SECRET_KEY, so that the same HMAC can never be asked of
    # another part of the system (the CSRF tokens use their own label too).
    key = hmac.new(
        settings.secret_key.get_secret_value().encode(), b"conversation-sender-id", hashlib.sha256
    ).digest()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()
