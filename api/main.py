"""The FastAPI application: `uvicorn api.main:app`. OpenAPI docs at /docs."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.audit.router import router as audit_router
from api.auth.router import router as auth_router
from api.core.config import get_settings
from api.core.database import get_engine
from api.core.dependencies import SessionDep, ThrottleDep
from api.core.protection import ProtectionMiddleware
from api.core.throttle import ThrottleUnavailableError
from api.fhir import router as fhir
from api.plans.router import router as plans_router
from api.practitioners.router import router as practitioners_router
from api.reviews.router import router as reviews_router
from api.themes import router as themes
from api.web import conversation, practitioner, speech
from contract.http import API_PREFIX

ROOT = Path(__file__).resolve().parents[1]
WEB_DIR = ROOT / "api" / "web"
# Installed by `npm ci` (make run / make test): the Scottish Government Design System's build.
logger = logging.getLogger(__name__)
DESIGN_SYSTEM = ROOT / "node_modules" / "@scottish-government" / "design-system" / "dist"
# Easy Read's pictures (api/web/pictures.py): OpenMoji, CC BY-SA 4.0, installed by `npm ci`.
PICTURES = ROOT / "node_modules" / "openmoji" / "color" / "svg"


def quiet_loggers() -> None:
    # httpx logs every request's URL at INFO, and the URL of a read from Rasa carries its
    # token (Rasa's HTTP API takes it only as ?token=): keep httpx to warnings and errors.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Fail at start-up, not at the first request, when a secret is missing. Tests replace
    # get_settings with dependency_overrides, so honour an override here too.
    app.dependency_overrides.get(get_settings, get_settings)()
    # Databases and files this process creates (SQLite under var/) are its owner's alone.
    os.umask(0o077)
    quiet_loggers()
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
    def health(session: SessionDep, throttle: ThrottleDep, response: Response) -> dict[str, str]:
        """Whether this API process can work: its database, and where it counts sign-in and
        resume-code attempts (Redis when several processes share them). 503 when either is
        gone, so a load balancer or supervisor stops sending it traffic."""
        try:
            session.execute(text("SELECT 1"))
            database = "ok"
        except SQLAlchemyError as error:
            logger.warning("Health: the database is unreachable: %s", type(error).__name__)
            database = "unavailable"
        # limits' check() answers False for any failure of its backend (a ping for Redis).
        counts = "ok" if throttle.storage.check() else "unavailable"
        healthy = database == "ok" and counts == "ok"
        if not healthy:
            response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return {
            "status": "ok" if healthy else "unavailable",
            "database": database,
            "rate_limit_store": counts,
        }

    return router


# Seconds a caller is asked to wait while the counts' store is away: a restart, not an outage.
THROTTLE_RETRY_AFTER = 5


async def _throttle_unavailable(_request: Request, error: ThrottleUnavailableError) -> JSONResponse:
    logger.error("The rate-limit store cannot be reached (%s): asking callers to wait", error)
    return JSONResponse(
        {"error": "unavailable", "retry_after": THROTTLE_RETRY_AFTER},
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(THROTTLE_RETRY_AFTER)},
    )


def create_app() -> FastAPI:
    app = FastAPI(
        title="What Matters — practitioner API",
        description=(
            "Receives the plans people choose to send from the What Matters assistant, "
            "in their own words, and serves them to practitioners. Every answer carries a "
            "strict Content-Security-Policy; request bodies are limited (413)."
        ),
        version="1.0.0",
        lifespan=_lifespan,
    )
    # Starlette types handlers as taking any Exception; ours only ever gets this one.
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(ThrottleUnavailableError, _throttle_unavailable)  # type: ignore[arg-type]
    for router in (
        _health_router(),
        auth_router,
        practitioners_router,
        plans_router,
        reviews_router,
        audit_router,
        fhir.router,
        themes.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    app.add_middleware(ProtectionMiddleware)
    # The pages: the public front door, beside the API.
    app.include_router(conversation.router)
    app.include_router(speech.router)
    app.include_router(practitioner.router)
    # FHIR: the Questionnaires at /fhir/..., and the plan page's download.
    app.include_router(fhir.public_router)
    app.include_router(fhir.page_router)
    app.include_router(themes.page_router)
    app.mount("/static/site", StaticFiles(directory=WEB_DIR / "static"), name="site")
    app.mount("/static/ds", StaticFiles(directory=DESIGN_SYSTEM, check_dir=False), name="ds")
    app.mount("/static/pictures", StaticFiles(directory=PICTURES, check_dir=False), name="pictures")
    return app


app = create_app()
