"""What error answers look like, so that every route can document each status it returns."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorOut(BaseModel):
    detail: str


class ValidationProblem(BaseModel):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(BaseModel):
    # A request that breaks the schema gets the list; a rule the schema cannot express (an
    # unknown assignee, two plans of the same role) gets one sentence.
    detail: list[ValidationProblem] | str


_DESCRIPTIONS = {
    400: "The body cannot be read (not UTF-8 JSON, or not a form).",
    401: "Not signed in, or the token is invalid, expired or signed out.",
    403: "Signed in, but not allowed to do this.",
    404: "There is no such plan.",
    409: "The request conflicts with the plan as it is.",
    413: "The request body is too large.",
    422: "The request is not valid: see `detail`.",
    429: "Too many attempts: wait for the seconds in the Retry-After header.",
}


def errors(*codes: int, description: dict[int, str] | None = None) -> dict[int | str, Any]:
    """`responses=` for a route: each status with its meaning and the body it carries."""
    given = description or {}
    return {
        code: {
            "model": ValidationErrorOut if code == 422 else ErrorOut,
            "description": given.get(code, _DESCRIPTIONS[code]),
        }
        for code in codes
    }
