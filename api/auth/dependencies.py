"""FastAPI dependencies that say who is calling, or answer 401."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer
from sqlalchemy.orm import Session

from api.core.config import Settings, get_settings
from api.core.database import get_session
from api.core.security import is_bot_service_token, practitioner_id_from_token
from api.practitioners.models import Practitioner
from api.practitioners.service import get_active_practitioner

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


def current_practitioner(
    token: Annotated[str | None, Depends(_practitioner_scheme)],
    session: Annotated[Session, Depends(get_session)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Practitioner:
    if not token:
        raise _unauthorized("Not signed in.")
    # The bot's service token is not a JWT, so it fails here like any other invalid token.
    practitioner_id = practitioner_id_from_token(token=token, settings=settings)
    if practitioner_id is None:
        raise _unauthorized("Invalid or expired token. Please sign in again.")
    practitioner = get_active_practitioner(session=session, practitioner_id=practitioner_id)
    if practitioner is None:
        raise _unauthorized("Invalid or expired token. Please sign in again.")
    return practitioner


def require_bot(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bot_scheme)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> None:
    if credentials is None or not is_bot_service_token(
        token=credentials.credentials, settings=settings
    ):
        raise _unauthorized("Only the What Matters bot may send plans.")


CurrentPractitioner = Annotated[Practitioner, Depends(current_practitioner)]
SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
