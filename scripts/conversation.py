"""A person talking to the assistant through Rasa's REST channel, for tests and the benchmark.

Standard library only, so that it runs on either virtual environment's Python.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from typing import Any

from contract.plan import MAX_OUTCOMES

# A whole conversation: (what the person types, which plan field it should end up in, if any).
# The answers are awkward on purpose: emoji, "0[", braces, quotes, HTML, line breaks, tabs,
# control characters, another language, a long answer, and words that sound like commands.
# 20,000 characters; Rasa trims white space at the ends of a message, so it ends in a "!".
LONG_ANSWER = ("My days are long and I like to tell it how it is. " * 400).rstrip() + "!"
AWKWARD_CONVERSATION: list[tuple[str, str | None]] = [
    ("hello", None),
    ("/affirm", None),
    # What to call them: not plainly a name, so kept, and never said back.
    ("Peggy 🌻 {name}", "call_me"),
    ("My garden 🌻🏴 0[ {name} — it's where I feel like me", "what:1"),
    ('because my late husband planted it {{and}} I keep it going "for him"', "why:1"),
    # "I want to add something" when it is read back.
    ("/add_something", None),
    ("and the roses were Jim's {why} 0[", "added:1"),
    ("/affirm", None),
    ("yes", None),
    ("Seeing my grandson, he's 7", "what:0"),
    ("no, I don't know, my daughter helps me", "why:0"),
    ("yes that's right", None),
    ("no", None),
    # "Which of these matters most to you just now?": the second, which then comes first.
    ("2", None),
    # What would help with each, and who could, in that order.
    ("a lift to his school on a Friday 0[", "help:0"),
    ("my daughter {Jean}", "who:0"),
    ("someone to help with the weeding; 0[1] {}", "help:1"),
    ("me, my daughter Jean, and the lunch club", "who:1"),
    ("Line one\nLine two\n\ttabbed <b>bold</b> & <script>alert('x')</script>", "working_well"),
    ("the stairs\x07 are \x1b[31mhard", "not_working"),
    ("I sleep downstairs now {in the chair} 0[", "not_working_effect"),
    ("Tha mi math air fighe. Jestem dumna z rodziny. 🧶", "strengths"),
    (LONG_ANSWER, "people"),
    # Before we meet: agreed to, and every question answered.
    ("/affirm", None),
    ("It's me", "typing"),
    ("ask for Jean {Mrs} McKay — 07700 900123 / jean@example.org", "contact"),
    ("No, please don't", "safe_to_contact"),
    ("Paisley {PA1} 0[", "town"),
    ("a visit at home, not video 📵", "meet_how"),
    ("mornings; not Tuesdays 0[", "meet_when"),
    ("I'm hard of hearing, speak slowly & face me", "communication"),
    ("my daughter Jean", "at_the_visit"),
    ("not my nephew <Gary>", "not_involved"),
    ("my GP, Dr Singh, and Jean", "may_talk_to"),
    ("when is the worker coming?", "anything_else"),
    # "Send it", then "Yes, send it" to the one question sending asks.
    ("/send_plan", None),
    ("/send_plan", None),
]


# A long conversation (97 turns) for the cost of a late turn (scripts/turn_cost.py) and its
# end-to-end test: what to call them, ten outcomes (the most asked for), each question after the
# first outcome first met with "why?", what would help with each and who could, then the life
# questions. Turn 6 and turn 61 are the same step (confirming an outcome, then asked whether
# anything else matters: the first and the ninth), so only what came before them differs;
# turn_cost checks that their replies are the same. Every answer is different, and awkward, so
# each can be found in the plan.
WHY_ASKING = "why are you asking me that"
LONG_CONFIRM_TURNS = (6, 61)


def _long_conversation() -> list[tuple[str, str | None]]:
    turns: list[tuple[str, str | None]] = [
        ("hello", None),
        ("/affirm", None),
        ("Morag {0[}", "call_me"),
    ]
    for index in range(MAX_OUTCOMES):
        why: list[tuple[str, str | None]] = [(WHY_ASKING, None)] if index else []
        # Twice at one question, so that the ninth outcome is confirmed at turn 61 (the tenth
        # would not be the same step: after it, "anything else?" is not asked).
        again = why if index < MAX_OUTCOMES - 2 else []
        turns += [*why, *again, (f"Thing {index} matters 0[{index}] {{me}} — 🌻", f"what:{index}")]
        turns += [*why, (f'because "{index}" {{{{it}}}}\tkeeps me going', f"why:{index}")]
        turns.append(("/affirm", None))
        if index < MAX_OUTCOMES - 1:  # after the last, "anything else?" is not asked
            turns.append(("yes", None))
    # "Which of these matters most to you just now?": "They all matter as much".
    turns.append(("/deny", None))
    for index in range(MAX_OUTCOMES):
        turns.append((f"help with {index} {{0[}} would be good", f"help:{index}"))
        turns.append((f"{index} people 🌻 could help", f"who:{index}"))
    life = ["the carers in the morning", "the stairs <b>", "I stay downstairs {all day}",
            "baking 🍰", "my sister, Morag", "when is the worker coming?"]  # fmt: skip
    parts = ["working_well", "not_working", "not_working_effect", "strengths", "people",
             "anything_else"]  # fmt: skip
    said = list(zip(life, parts, strict=True))
    # "No, skip these" to the questions before we meet; then "anything else?"; then "Send it",
    # and "Yes, send it" to the one question sending asks.
    return [
        *turns,
        *said[:-1],
        ("/deny", None),
        said[-1],
        ("/send_plan", None),
        ("/send_plan", None),
    ]


LONG_CONVERSATION = _long_conversation()


# The endings of the safety checks' questions (domain/safety.yml, utter_ask_safety_step).
SAFETY_CHECKS = (
    "ending your life or hurting yourself?",
    "ending their life or hurting themselves?",
    "hurt, very unwell or in danger right now?",
    "taken money or things from you?",
    "taking advantage of the person you look after, or of you?",
)


@dataclass
class Conversation:
    rasa_url: str
    sender: str

    def say(self, message: str) -> list[dict[str, Any]]:
        body = json.dumps({"sender": self.sender, "message": message}).encode()
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return list(json.load(response))

    def say_text(self, message: str) -> str:
        """Everything the assistant replied, as one string."""
        return "\n".join(reply.get("text") or "" for reply in self.say(message))

    def answer(self, message: str) -> str:
        """Say `message`; if the assistant then asks one of its safety checks (which its
        classifier may ask of an everyday answer, a few times in a hundred), answer "No"."""
        reply = self.say_text(message)
        if any(reply.rstrip().endswith(question) for question in SAFETY_CHECKS):
            reply = self.say_text("/deny")
        return reply
