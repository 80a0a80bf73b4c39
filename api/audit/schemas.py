from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from api.audit.models import AuditAction


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    practitioner_id: int
    practitioner_name: str
    action: AuditAction
    plan_id: int
    plan_reference: str
    detail: str | None
