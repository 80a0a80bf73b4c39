from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from api.practitioners.models import PractitionerRole


class PractitionerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str


class MeOut(PractitionerOut):
    """The signed-in practitioner: with their role (a lead also reads the audit log)."""

    role: PractitionerRole
