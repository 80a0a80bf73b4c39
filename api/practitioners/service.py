from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.core.security import hash_password
from api.practitioners.models import Practitioner

MIN_PASSWORD_LENGTH = 12


class PasswordTooShortError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_practitioner(*, session: Session, practitioner_id: int) -> Practitioner | None:
    return session.get(Practitioner, practitioner_id)


def get_active_practitioner(*, session: Session, practitioner_id: int) -> Practitioner | None:
    practitioner = session.get(Practitioner, practitioner_id)
    if practitioner is None or not practitioner.is_active:
        return None
    return practitioner


def get_practitioner_by_email(*, session: Session, email: str) -> Practitioner | None:
    return session.scalar(select(Practitioner).where(Practitioner.email == normalise_email(email)))


def list_active_practitioners(*, session: Session) -> Sequence[Practitioner]:
    return session.scalars(
        select(Practitioner)
        .where(Practitioner.is_active.is_(True))
        .order_by(Practitioner.name, Practitioner.id)
    ).all()


def create_practitioner(
    *, session: Session, email: str, password: str, name: str | None = None
) -> Practitioner | None:
    """A new active practitioner; None if the email already has an account."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShortError(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters long."
        )
    email = normalise_email(email)
    practitioner = Practitioner(
        email=email,
        name=name if name else email.split("@", 1)[0],
        password_hash=hash_password(password),
        is_active=True,
    )
    session.add(practitioner)
    try:
        session.commit()
    except IntegrityError:
        # The unique email constraint, which also covers two accounts created at once.
        session.rollback()
        return None
    return practitioner
