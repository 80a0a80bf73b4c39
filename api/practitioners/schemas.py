from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class PractitionerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
