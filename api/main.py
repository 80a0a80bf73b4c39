"""The FastAPI application: `uvicorn api.main:app`. OpenAPI docs at /docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.auth.router import router as auth_router
from api.core.config import get_settings
from api.core.database import get_engine
from api.plans.router import router as plans_router
from api.practitioners.router import router as practitioners_router

API_PREFIX = "/api/v1"


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Fail at start-up, not at the first request, when a secret is missing. Tests replace
    # get_settings with dependency_overrides, so honour an override here too.
    app.dependency_overrides.get(get_settings, get_settings)()
    yield
    if get_engine.cache_info().currsize:  # only if a request opened it
        get_engine().dispose()


async def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    # FastAPI's default answer echoes each invalid value back; for a plan that is the person's
    # words. Say where and what is wrong, without repeating them.
    details = [
        {"type": err["type"], "loc": err["loc"], "msg": err["msg"]} for err in error.errors()
    ]
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content=jsonable_encoder({"detail": details}),
    )


def _health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return router


def create_app() -> FastAPI:
    app = FastAPI(
        title="What Matters — practitioner API",
        description=(
            "Receives the plans people choose to send from the What Matters assistant, "
            "in their own words, and serves them to practitioners."
        ),
        version="1.0.0",
        lifespan=_lifespan,
    )
    # Starlette types handlers as taking any Exception; ours only ever gets this one.
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    for router in (_health_router(), auth_router, practitioners_router, plans_router):
        app.include_router(router, prefix=API_PREFIX)
    return app


app = create_app()
