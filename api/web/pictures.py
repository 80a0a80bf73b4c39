"""Easy Read's pictures: one beside each of the assistant's messages and each button.

The pictures are OpenMoji (https://openmoji.org, CC BY-SA 4.0), installed from the npm registry
(package.json) and served from our own origin at /static/pictures/<code>.svg. A message finds
its picture through the response it came from, which names it in the domain (api/web/responses.py),
a button through the intent its payload names; both are stable keys, unlike the wording.
"""

from __future__ import annotations

from typing import Any, TypedDict

from api.web.relay import Turn
from api.web.responses import catalogue, text_key

PICTURES_URL = "/static/pictures"


class Picture(TypedDict):
    src: str
    alt: str


# Our names for the pictures: (OpenMoji code, alt text). A picture beside a message stands for
# what the message is about, so it has alt text; in a button it is decorative (alt="").
PICTURES: dict[str, tuple[str, str]] = {
    "hello": ("1F44B", "A waving hand"),
    "heart": ("2764", "A red heart"),
    "why": ("1F914", "A thinking face"),
    "idea": ("1F4A1", "A light bulb"),
    "talk": ("1F4AC", "A speech bubble"),
    "tick": ("2705", "A tick"),
    "cross": ("274C", "A cross"),
    "carer": ("1FAC2", "Two people hugging"),
    "tasks": ("1F4CB", "A list of jobs"),
    "tired": ("1F634", "A sleeping face"),
    "going_well": ("1F44D", "Thumbs up"),
    "not_going_well": ("1F44E", "Thumbs down"),
    "strong": ("1F4AA", "A strong arm"),
    "people": ("1F46A", "A family"),
    "help": ("1F91D", "Two hands shaking"),
    "limits": ("1F6A7", "A barrier"),
    "emergency": ("23F0", "An alarm clock"),
    "break": ("1F3D6", "A beach with an umbrella"),
    "link": ("1F517", "A link of a chain"),
    "question": ("2753", "A question mark"),
    "information": ("2139", "An information sign"),
    "back": ("2B05", "An arrow pointing back"),
    "skip": ("23ED", "An arrow to skip ahead"),
    "stop": ("1F6D1", "A stop sign"),
    "key": ("1F511", "A key"),
    "restart": ("1F504", "Arrows going round"),
    "plan": ("1F4DD", "A page with writing"),
    "change": ("270F", "A pencil"),
    "send": ("1F4E4", "A tray of letters going out"),
    "bin": ("1F5D1", "A bin"),
    "wait": ("231B", "An hourglass"),
    "phone": ("1F4DE", "A telephone"),
    "safe": ("1F6E1", "A shield"),
    "warning": ("26A0", "A warning sign"),
    "keep_quiet": ("1F910", "A face with a zipped mouth"),
    "next": ("27A1", "An arrow pointing on"),
}

# Each response names its picture in the domain (domain/: `metadata: {picture: <name>}` on its
# first variation), beside its words. These families of responses, one of each for every
# question, share theirs by the prefix of their names.
FAMILIES: dict[str, str] = {
    "utter_why_": "why",
    "utter_example_": "idea",
    "utter_reminder_": "talk",
}

# A button's picture, by the intent its payload names ("/affirm", '/choose{"target": ...}').
BUTTONS: dict[str, str] = {
    "affirm": "tick",
    "deny": "cross",
    "carer": "carer",
    "carry_on": "next",
    "change_plan": "change",
    "choose": "change",
    "delete_plan": "bin",
    "not_yet": "wait",
    "pause": "stop",
    "rather_not_say": "keep_quiet",
    "send_plan": "send",
    "send_urgent": "warning",
    "start_again_confirm": "restart",
}


def picture_name(response: str) -> str | None:
    name = catalogue().pictures.get(response)
    if name is not None:
        return name
    return next((p for prefix, p in FAMILIES.items() if response.startswith(prefix)), None)


def src(name: str) -> str:
    return f"{PICTURES_URL}/{PICTURES[name][0]}.svg"


def message_picture(text: str) -> Picture | None:
    response = catalogue().response_of(text)
    name = picture_name(response) if response else None
    return {"src": src(name), "alt": PICTURES[name][1]} if name else None


def button_picture(payload: str) -> str | None:
    intent = payload.removeprefix("/").split("{", 1)[0].strip()
    name = BUTTONS.get(intent)
    return src(name) if name else None


def annotate(turns: list[Turn]) -> list[dict[str, Any]]:
    """The turns as the page gets them, with what Easy Read and Listen need: each assistant
    message's picture and speech key, each button's picture."""
    out: list[dict[str, Any]] = []
    for turn in turns:
        extra: dict[str, Any] = {}
        if turn["speaker"] == "assistant" and turn["text"]:
            extra = {"speech": text_key(turn["text"]), "picture": message_picture(turn["text"])}
        buttons = [{**b, "picture": button_picture(b["payload"])} for b in turn["buttons"]]
        out.append({**turn, **extra, "buttons": buttons})
    return out
