from __future__ import annotations

from fastapi import APIRouter

from api.auth.dependencies import CurrentPractitioner
from api.core.dependencies import SessionDep
from api.core.openapi import errors
from api.practitioners import service
from api.practitioners.models import Practitioner
from api.practitioners.schemas import MeOut, PractitionerOut

router = APIRouter(prefix="/practitioners", tags=["practitioners"])


@router.get("/me", response_model=MeOut, responses=errors(401))
def read_me(practitioner: CurrentPractitioner) -> Practitioner:
    return practitioner


@router.get("", response_model=list[PractitionerOut], responses=errors(401))
def list_practitioners(_: CurrentPractitioner, session: SessionDep) -> list[Practitioner]:
    """Active practitioners, by name: whom a plan can be assigned to."""
    return list(service.list_active_practitioners(session=session))
