"""The dependencies every part of the API shares: the database session, the settings, the
throttle. Who is calling is auth's business (api/auth/dependencies.py)."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.core.config import Settings, get_settings
from api.core.database import get_session
from api.core.throttle import Throttle

# Requests run in a thread pool, so the first few may all find no throttle yet: one makes it.
# (Several making it at once also imported the Redis client at once, and one of them found it
# half-imported, which the rate-limit library read as a version too old: a 500 at start-up.)
_throttle_made = threading.Lock()


def get_throttle(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> Throttle:
    """One throttle per application, made on first use from its (possibly overridden) settings."""
    throttle: Throttle | None = getattr(request.app.state, "throttle", None)
    if throttle is None:
        with _throttle_made:
            throttle = getattr(request.app.state, "throttle", None)
            if throttle is None:
                throttle = Throttle(settings.rate_limit_storage_url)
                request.app.state.throttle = throttle
    return throttle


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ThrottleDep = Annotated[Throttle, Depends(get_throttle)]
