from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm

from api.auth.dependencies import SessionDep, SettingsDep
from api.auth.schemas import TokenOut
from api.auth.service import authenticate
from api.core.security import create_access_token

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenOut)
def sign_in(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
) -> TokenOut:
    """OAuth2 password flow: `username` is the practitioner's email."""
    practitioner = authenticate(session=session, email=form.username, password=form.password)
    if practitioner is None:
        # One message for a wrong email, a wrong password and a closed account alike.
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect email or password.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return TokenOut(
        access_token=create_access_token(practitioner_id=practitioner.id, settings=settings),
        expires_in=settings.access_token_minutes * 60,
    )
