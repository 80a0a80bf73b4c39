from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from api.auth.dependencies import (
    CurrentPractitioner,
    bearer_token,
    count_failed_sign_in,
    sign_in_refusal,
    too_many,
)
from api.auth.schemas import TokenOut
from api.auth.service import authenticate, end_session, start_session
from api.core.dependencies import SessionDep, SettingsDep, ThrottleDep, client_address
from api.core.openapi import errors

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=TokenOut,
    responses=errors(400, 401, 413, 422, 429, description={401: "Incorrect email or password."}),
)
def sign_in(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
) -> TokenOut:
    """OAuth2 password flow: `username` is the practitioner's email.

    Ten wrong passwords for one account, or thirty from one client, within 15 minutes, and
    further attempts are answered 429 with Retry-After until the window has passed."""
    client = client_address(request)
    wait = sign_in_refusal(throttle=throttle, email=form.username, client=client)
    if wait is not None:
        raise too_many(wait)
    practitioner = authenticate(session=session, email=form.username, password=form.password)
    if practitioner is None:
        count_failed_sign_in(throttle=throttle, email=form.username, client=client)
        # One message for a wrong email, a wrong password and a closed account alike.
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect email or password.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return TokenOut(
        access_token=start_session(session=session, practitioner=practitioner, settings=settings),
        expires_in=settings.access_token_minutes * 60,
    )


@router.post(
    "/sign-out",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=errors(401),
)
def sign_out(
    _: CurrentPractitioner,
    token: Annotated[str | None, Depends(bearer_token)],
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """End this token's session: from now on it is refused with 401, although unexpired."""
    end_session(session=session, token=token or "", settings=settings)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
