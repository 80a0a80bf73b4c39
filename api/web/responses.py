"""Every wording the assistant can say, read from the Rasa domain (domain/*.yml).

The pages use it to tell an assistant message from anything else: only these texts are ever
spoken aloud from the cache (api/web/speech.py), and each message finds its picture through the
name of the response it came from (api/web/pictures.py). The FHIR Questionnaire asks what the
bot asks, word for word (api/fhir/questionnaire.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "domain"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def text_key(text: str) -> str:
    """A message's key in the page's URLs: its words never travel in a URL (or a log line)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# A variation's conditions: (slot name, value) pairs that must all hold.
Conditions = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Catalogue:
    # Every text variation of every response, by response name, in the domain's order.
    variations: dict[str, list[str]]
    # The texts with no {placeholder}: said exactly as written, with nobody's words in them.
    literal: dict[str, str]  # text_key -> text
    # text -> response name, for texts said exactly as written.
    names: dict[str, str]
    # (pattern, response name) for the texts a custom action fills with a person's words.
    templates: list[tuple[re.Pattern[str], str]]
    # Every variation of every response with the slot values it is conditioned on, if any.
    conditioned: dict[str, list[tuple[Conditions, str]]]
    # The picture each response names for Easy Read (its `metadata: {picture: ...}`).
    pictures: dict[str, str]

    def text_for(self, name: str, **slots: Any) -> str:
        """What Rasa says for a response when the slots have these values: a variation whose
        conditions all hold, else one with no conditions (Rasa's rule; where it would choose at
        random among several, the first in the domain)."""
        variations = self.conditioned.get(name) or []
        holding = [
            text
            for conditions, text in variations
            if conditions and all(slots.get(slot) == value for slot, value in conditions)
        ]
        unconditioned = [text for conditions, text in variations if not conditions]
        chosen = holding or unconditioned
        if not chosen:
            raise KeyError(f"the domain has no response {name} for these slots")
        return chosen[0]

    def response_of(self, text: str) -> str | None:
        """The name of the response a message came from; None if it is not the assistant's."""
        name = self.names.get(text)
        if name is not None:
            return name
        for pattern, template_name in self.templates:
            if pattern.fullmatch(text):
                return template_name
        return None


def parts(text: str) -> list[str]:
    """The messages Rasa's REST channel sends for one text: one per paragraph."""
    split = text.strip().split("\n\n")
    return split if len(split) > 1 else []


def _variations(raw: Any) -> list[tuple[Conditions, str]]:
    return [
        (
            tuple(
                (str(c.get("name")), c.get("value"))
                for c in v.get("condition") or []
                if isinstance(c, dict) and c.get("type") == "slot"
            ),
            str(v["text"]),
        )
        for v in raw or []
        if isinstance(v, dict) and v.get("text")
    ]


def _picture(raw: Any) -> str | None:
    """The picture a response names on any of its variations (the first, by convention)."""
    for variation in raw or []:
        metadata = variation.get("metadata") if isinstance(variation, dict) else None
        if isinstance(metadata, dict) and isinstance(metadata.get("picture"), str):
            return str(metadata["picture"])
    return None


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    # split() alternates literal text and placeholder names: literals are escaped, names match
    # anything (a person's words can be any length, across lines).
    return re.compile(
        "".join(re.escape(part) if i % 2 == 0 else "(?s:.*)" for i, part in enumerate(parts))
    )


def load(directory: Path = DOMAIN_DIR) -> Catalogue:
    conditioned: dict[str, list[tuple[Conditions, str]]] = {}
    pictures: dict[str, str] = {}
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, raw in (data.get("responses") or {}).items():
            conditioned.setdefault(str(name), []).extend(_variations(raw))
            picture = _picture(raw)
            if picture is not None:
                pictures[str(name)] = picture
    variations = {name: [text for _, text in found] for name, found in conditioned.items()}
    literal: dict[str, str] = {}
    names: dict[str, str] = {}
    templates: list[tuple[re.Pattern[str], str]] = []
    for name, texts in variations.items():
        for whole in texts:
            # Rasa's REST channel sends a text with blank lines as one message per paragraph
            # (the tracker, read on reload, keeps it whole): both are the assistant's.
            for text in (whole, *parts(whole)):
                if _PLACEHOLDER.search(text):
                    templates.append((_pattern(text), name))
                else:
                    literal[text_key(text)] = text
                    names.setdefault(text, name)
    return Catalogue(
        variations=variations,
        literal=literal,
        names=names,
        templates=templates,
        conditioned=conditioned,
        pictures=pictures,
    )


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The domain's responses, read once per process (the domain changes only with a deploy)."""
    return load()
