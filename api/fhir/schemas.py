"""How FHIR leaves the API: JSON under FHIR's own media type."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from api.fhir.service import MEDIA_TYPE


class FhirResponse(JSONResponse):
    """JSON as `application/fhir+json`. Starlette writes it with ensure_ascii=False, so every
    character of the person's words reaches the file as UTF-8, as it was stored."""

    media_type = MEDIA_TYPE


def fhir_content(description: str) -> dict[int | str, Any]:
    """`responses=` for a route that answers a FHIR resource."""
    return {
        200: {
            "description": description,
            "content": {MEDIA_TYPE: {"schema": {"type": "object"}}},
        }
    }
