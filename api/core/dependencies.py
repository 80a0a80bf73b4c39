"""The dependencies every part of the API shares: the database session, the settings, the
throttle. Who is calling is auth's business (api/auth/dependencies.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.core.config import Settings, get_settings
from api.core.database import get_session
from api.core.throttle import Throttle


def get_throttle(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> Throttle:
    """One throttle per application, made on first use from its (possibly overridden) settings."""
    throttle: Throttle | None = getattr(request.app.state, "throttle", None)
    if throttle is None:
        throttle = Throttle(settings.rate_limit_storage_url)
        request.app.state.throttle = throttle
    return throttle


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ThrottleDep = Annotated[Throttle, Depends(get_throttle)]
