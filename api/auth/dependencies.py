"""FastAPI dependencies that say who is calling, or answer 401 (403 for a lead's pages)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer

from api.auth.service import practitioner_for_token
from api.core.dependencies import SessionDep, SettingsDep
from api.core.security import is_bot_service_token
from api.core.throttle import Limit, Throttle
from api.practitioners.models import Practitioner

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 - a URL, not a secret

# auto_error=False: we answer every failure ourselves with the same 401, rather than FastAPI's
# own errors, whose status and headers have changed between versions.
_practitioner_scheme = OAuth2PasswordBearer(
    tokenUrl=TOKEN_URL, auto_error=False, scheme_name="PractitionerToken"
)
_bot_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="BotServiceToken",
    description="BOT_SERVICE_TOKEN: only the bot may send plans.",
)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail=detail,
        headers={"WWW-Authenticate": "Bearer"},
    )


def bearer_token(token: Annotated[str | None, Depends(_practitioner_scheme)]) -> str | None:
    return token


def current_practitioner(
    token: Annotated[str | None, Depends(_practitioner_scheme)],
    session: SessionDep,
    settings: SettingsDep,
) -> Practitioner:
    if not token:
        raise _unauthorized("Not signed in.")
    # The bot's service token is not a JWT, so it fails here like any other invalid token; a
    # token whose session was ended (sign-out, password change) fails here too.
    practitioner = practitioner_for_token(session=session, token=token, settings=settings)
    if practitioner is None:
        raise _unauthorized("Invalid or expired token. Please sign in again.")
    return practitioner


def require_lead(
    practitioner: Annotated[Practitioner, Depends(current_practitioner)],
) -> Practitioner:
    if not practitioner.is_lead:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="Only a lead practitioner may read the audit log."
        )
    return practitioner


def require_bot(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bot_scheme)],
    settings: SettingsDep,
) -> None:
    if credentials is None or not is_bot_service_token(
        token=credentials.credentials, settings=settings
    ):
        raise _unauthorized("Only the What Matters bot may send plans.")


def too_many(retry_after_seconds: int) -> HTTPException:
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        detail="Too many attempts. Please wait and try again.",
        headers={"Retry-After": str(retry_after_seconds)},
    )


def sign_in_refusal(*, throttle: Throttle, email: str, client: str) -> int | None:
    """Seconds to wait if this account or this client has failed too often; None to go on."""
    for limit, value in (
        (Limit.SIGN_IN_ACCOUNT, email.strip().lower()),
        (Limit.SIGN_IN_CLIENT, client),
    ):
        refusal = throttle.check(limit, value)
        if refusal is not None:
            return refusal.retry_after_seconds
    return None


def count_failed_sign_in(*, throttle: Throttle, email: str, client: str) -> None:
    throttle.count(Limit.SIGN_IN_ACCOUNT, email.strip().lower())
    throttle.count(Limit.SIGN_IN_CLIENT, client)


CurrentPractitioner = Annotated[Practitioner, Depends(current_practitioner)]
LeadPractitioner = Annotated[Practitioner, Depends(require_lead)]
