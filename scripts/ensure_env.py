"""Create .env from .env.example, giving every empty secret a random value.

Existing values in .env are kept, and settings added to .env.example later are appended, so
running it again (every `make run` and `make test` does) never changes a secret in use.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from dotenv import dotenv_values

from contract.services import SECRETS
from scripts.stack import read_env_file


def ensure_env(example: Path, target: Path) -> list[str]:
    """Write missing settings into `target`; returns the names added."""
    current = target.read_text().splitlines() if target.exists() else []
    have = read_env_file(target)
    added = []
    defaults = dotenv_values(example)
    out = list(current)
    for line in example.read_text().splitlines():
        key = line.split("=", 1)[0].strip()
        if key not in defaults or line.startswith("#"):
            # The example's comments go into a new file only, each beside its setting.
            if not current:
                out.append(line)
            continue
        value = (defaults[key] or "").strip()
        if key in have and (have[key] or key not in SECRETS):
            continue
        if key in SECRETS and not value:
            value = secrets.token_urlsafe(32)
        out = [existing for existing in out if not existing.startswith(f"{key}=")]
        out.append(f"{key}={value}")
        added.append(key)
    target.write_text("\n".join(out) + "\n")
    target.chmod(0o600)
    return added


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    added = ensure_env(root / ".env.example", root / ".env")
    if added:
        print(f".env: set {', '.join(added)}", file=sys.stderr)
