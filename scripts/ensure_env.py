"""Create .env from .env.example, giving every empty secret a random value.

Existing values in .env are kept, and settings added to .env.example later are appended, so
running it again (every `make run` and `make test` does) never changes a secret in use.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

SECRETS = ("SECRET_KEY", "BOT_SERVICE_TOKEN", "RASA_API_TOKEN", "ACTION_SERVER_TOKEN")


def _values(lines: list[str]) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def ensure_env(example: Path, target: Path) -> list[str]:
    """Write missing settings into `target`; returns the names added."""
    current = target.read_text().splitlines() if target.exists() else []
    have = _values(current)
    added = []
    out = list(current)
    for line in example.read_text().splitlines():
        if "=" not in line or line.startswith("#"):
            if not current:
                out.append(line)
            continue
        key, value = (part.strip() for part in line.split("=", 1))
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
