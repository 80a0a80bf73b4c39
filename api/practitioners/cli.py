"""Practitioner accounts from the command line (run the migrations first).

python -m api.practitioners.cli create --email EMAIL [--name NAME] [--role lead]
python -m api.practitioners.cli set-password --email EMAIL

The password is asked for (twice, not shown) at a terminal, or read as the first line of
standard input (`... < file`, or piped from a password manager); it is never an argument,
because any local user can read every process's arguments.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from typing import TextIO

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from api.auth.service import change_password
from api.core.config import SettingsError
from api.core.database import get_sessionmaker
from api.practitioners.models import PractitionerRole
from api.practitioners.service import (
    PasswordRefusedError,
    create_practitioner,
    get_practitioner_by_email,
)


class _NoPasswordError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m api.practitioners.cli",
        description="Manage practitioner accounts. The password is read from a prompt or stdin.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create a practitioner account")
    create.add_argument("--email", required=True)
    create.add_argument("--name", help="shown to colleagues (default: the part before @)")
    create.add_argument(
        "--role",
        choices=[role.value for role in PractitionerRole],
        default=PractitionerRole.PRACTITIONER.value,
        help="a lead also reads the audit log (default: practitioner)",
    )
    change = commands.add_parser(
        "set-password", help="change a practitioner's password and end all their sessions"
    )
    change.add_argument("--email", required=True)
    return parser


def read_password(stdin: TextIO) -> str:
    """At a terminal, ask twice without showing it; otherwise the first line of stdin."""
    if stdin.isatty():
        first = getpass.getpass("Password (at least 12 characters, not shown): ")
        if getpass.getpass("The same password again: ") != first:
            raise _NoPasswordError("The two passwords were not the same.")
        return first
    line = stdin.readline()
    # Only the line ending is taken off: spaces may be part of a passphrase.
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise _NoPasswordError("No password was given on standard input.")
    return password


def main(
    argv: Sequence[str] | None = None,
    *,
    session_factory: sessionmaker[Session] | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run a command; returns the exit code. Tests pass their own session_factory and stdin."""
    args = _parser().parse_args(argv)
    email: str = args.email.strip()
    if "@" not in email.strip("@"):
        print(f"Not an email address: {email!r}.", file=sys.stderr)
        return 1
    try:
        factory = session_factory or get_sessionmaker()
        password = read_password(stdin or sys.stdin)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 1
    except _NoPasswordError as error:
        print(f"Refused: {error}", file=sys.stderr)
        return 1
    with factory() as session:
        try:
            if args.command == "set-password":
                return _set_password(session, email=email, password=password)
            practitioner = create_practitioner(
                session=session,
                email=email,
                password=password,
                name=args.name,
                role=PractitionerRole(args.role),
            )
        except PasswordRefusedError as error:
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
        role = " (lead)" if practitioner.is_lead else ""
        print(f"Created practitioner {practitioner.email}{role} (id {practitioner.id}).")
    return 0


def _set_password(session: Session, *, email: str, password: str) -> int:
    practitioner = get_practitioner_by_email(session=session, email=email)
    if practitioner is None:
        print(f"There is no practitioner with email {email.lower()}.", file=sys.stderr)
        return 1
    change_password(session=session, practitioner_id=practitioner.id, password=password)
    print(f"Password changed for {practitioner.email}; every session they had is ended.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
