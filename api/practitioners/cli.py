"""Practitioner accounts from the command line (run the migrations first).

python -m api.practitioners.cli create --email EMAIL --password PASSWORD [--name NAME]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from api.core.config import SettingsError
from api.core.database import get_sessionmaker
from api.practitioners.service import PasswordTooShortError, create_practitioner


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m api.practitioners.cli", description="Manage practitioner accounts."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create a practitioner account")
    create.add_argument("--email", required=True)
    create.add_argument("--password", required=True, help="at least 12 characters")
    create.add_argument("--name", help="shown to colleagues (default: the part before @)")
    return parser


def main(
    argv: Sequence[str] | None = None, *, session_factory: sessionmaker[Session] | None = None
) -> int:
    """Run a command; returns the exit code. Tests pass their own session_factory."""
    args = _parser().parse_args(argv)
    email: str = args.email.strip()
    if "@" not in email.strip("@"):
        print(f"Not an email address: {email!r}.", file=sys.stderr)
        return 1
    try:
        factory = session_factory or get_sessionmaker()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 1
    with factory() as session:
        try:
            practitioner = create_practitioner(
                session=session, email=email, password=args.password, name=args.name
            )
        except PasswordTooShortError as error:
            print(f"Refused: {error}", file=sys.stderr)
            return 1
        except DBAPIError as error:
            print(
                f"Could not create the account ({type(error.orig).__name__}). Has the database "
                "been migrated? Run: .venv-api/bin/alembic -c api/alembic.ini upgrade head",
                file=sys.stderr,
            )
            return 1
        if practitioner is None:
            print(f"A practitioner with email {email.lower()} already exists.", file=sys.stderr)
            return 1
        print(f"Created practitioner {practitioner.email} (id {practitioner.id}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
