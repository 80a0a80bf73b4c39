from __future__ import annotations

from sqlalchemy.orm import Session

from api.core.security import (
    hash_password,
    password_needs_rehash,
    spend_verification_time,
    verify_password,
)
from api.practitioners.models import Practitioner
from api.practitioners.service import get_practitioner_by_email


def authenticate(*, session: Session, email: str, password: str) -> Practitioner | None:
    """The active practitioner with this email and password, or None."""
    practitioner = get_practitioner_by_email(session=session, email=email)
    if practitioner is None:
        spend_verification_time(password)
        return None
    if not verify_password(password, practitioner.password_hash):
        return None
    if not practitioner.is_active:
        return None
    if password_needs_rehash(practitioner.password_hash):
        # Argon2's recommended parameters change over time; upgrade while we have the password.
        practitioner.password_hash = hash_password(password)
        session.commit()
    return practitioner
