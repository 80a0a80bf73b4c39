from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.core.security import hash_password
from api.practitioners.models import Practitioner, PractitionerRole

MIN_PASSWORD_LENGTH = 12
# Common passwords, one a line, lower case: the most used passwords and the words and keyboard
# runs they are built from. Shipped with the code, so the check needs no network.
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
# What people add to a common word to pass a length rule: digits, symbols and spaces.
_PADDING = re.compile(r"[\d\W_]+")


class PasswordRefusedError(ValueError):
    """The password is too short or too common: say why, and ask for another."""


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    """A listed password, or a listed word padded with digits and symbols ("password1234",
    "Qwerty!!2024", "letmein letmein")."""
    common = _common_passwords()
    lowered = password.lower()
    if lowered in common:
        return True
    words = [word for word in _PADDING.split(lowered) if word]
    return bool(words) and all(word in common for word in words)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRefusedError(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters long."
        )
    if is_common_password(password):
        raise PasswordRefusedError(
            "That password is one of the most common, and would be guessed quickly. "
            "Please choose another: a few unrelated words work well."
        )


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


def list_practitioners(*, session: Session) -> Sequence[Practitioner]:
    """Everyone who ever had an account, active or not: the audit log names them all."""
    return session.scalars(select(Practitioner).order_by(Practitioner.name, Practitioner.id)).all()


def create_practitioner(
    *,
    session: Session,
    email: str,
    password: str,
    name: str | None = None,
    role: PractitionerRole = PractitionerRole.PRACTITIONER,
) -> Practitioner | None:
    """A new active practitioner; None if the email already has an account."""
    check_password(password)
    email = normalise_email(email)
    practitioner = Practitioner(
        email=email,
        name=name if name else email.split("@", 1)[0],
        password_hash=hash_password(password),
        is_active=True,
        role=role.value,
    )
    session.add(practitioner)
    try:
        session.commit()
    except IntegrityError:
        # The unique email constraint, which also covers two accounts created at once.
        session.rollback()
        return None
    return practitioner
