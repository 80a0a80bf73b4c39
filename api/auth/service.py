from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from api.auth.models import PractitionerSession
from api.core.config import Settings
from api.core.security import (
    access_token_claims,
    create_access_token,
    hash_password,
    new_token_id,
    password_needs_rehash,
    spend_verification_time,
    verify_password,
)
from api.practitioners.models import Practitioner
from api.practitioners.service import (
    check_password,
    get_active_practitioner,
    get_practitioner,
    get_practitioner_by_email,
)

# Expired sessions are deleted this many days after they expire.
SESSION_DAYS_KEPT = 7


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


def start_session(
    *, session: Session, practitioner: Practitioner, settings: Settings, now: datetime | None = None
) -> str:
    """Open a session for this practitioner and return its access token."""
    issued = now or datetime.now(tz=UTC)
    jti = new_token_id()
    # Sessions that ended long ago say nothing any more: keep the table small.
    session.execute(
        delete(PractitionerSession).where(
            PractitionerSession.expires_at < issued - timedelta(days=SESSION_DAYS_KEPT)
        )
    )
    session.add(
        PractitionerSession(
            jti=jti,
            practitioner_id=practitioner.id,
            created_at=issued,
            expires_at=issued + timedelta(minutes=settings.access_token_minutes),
        )
    )
    session.commit()
    return create_access_token(
        practitioner_id=practitioner.id, jti=jti, settings=settings, now=issued
    )


def practitioner_for_token(
    *, session: Session, token: str, settings: Settings
) -> Practitioner | None:
    """The active practitioner whose open session this token belongs to, or None."""
    claims = access_token_claims(token=token, settings=settings)
    if claims is None:
        return None
    record = session.scalar(
        select(PractitionerSession).where(PractitionerSession.jti == claims.jti)
    )
    if (
        record is None
        or record.revoked_at is not None
        or record.practitioner_id != claims.practitioner_id
        or record.expires_at <= datetime.now(tz=UTC)
    ):
        return None
    return get_active_practitioner(session=session, practitioner_id=claims.practitioner_id)


def end_session(*, session: Session, token: str, settings: Settings) -> bool:
    """Sign out: the token is refused from now on. False if it named no open session."""
    claims = access_token_claims(token=token, settings=settings)
    if claims is None:
        return False
    result = session.execute(
        update(PractitionerSession)
        .where(
            PractitionerSession.jti == claims.jti,
            PractitionerSession.revoked_at.is_(None),
        )
        .values(revoked_at=datetime.now(tz=UTC))
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def end_all_sessions(*, session: Session, practitioner_id: int) -> None:
    """Every token of this practitioner is refused from now on (after a password change)."""
    session.execute(
        update(PractitionerSession)
        .where(
            PractitionerSession.practitioner_id == practitioner_id,
            PractitionerSession.revoked_at.is_(None),
        )
        .values(revoked_at=datetime.now(tz=UTC))
    )
    session.commit()


def change_password(*, session: Session, practitioner_id: int, password: str) -> bool:
    """Set a new password (checked like a new account's) and end every open session, so a
    stolen token stops working too. False if there is no such practitioner."""
    check_password(password)
    practitioner = get_practitioner(session=session, practitioner_id=practitioner_id)
    if practitioner is None:
        return False
    practitioner.password_hash = hash_password(password)
    session.commit()
    end_all_sessions(session=session, practitioner_id=practitioner_id)
    return True
