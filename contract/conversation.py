"""What the pages may read of a conversation's state in Rasa's tracker.

The pages read the tracker over Rasa's HTTP API, so a slot or form renamed in the bot's domain
would break them silently; they name these, and the bot's tests check the domain has them.
"""

from __future__ import annotations

from contract._enum import StrEnum


class Stage(StrEnum):
    """Where the conversation is (the `stage` slot); rules read it to answer "send it" sensibly."""

    WELCOME = "welcome"
    TALKING = "talking"
    REVIEW = "review"
    SENT = "sent"


class Slot(StrEnum):
    """The slots the API's pages read."""

    STAGE = "stage"
    ROLE = "role"
    ANSWERS = "answers"
    OUTCOMES = "outcomes"
    PLAN_REFERENCE = "plan_reference"
    # The rest of what is sent, which the person's own plan page shows too.
    PENDING = "pending"
    QUESTIONS = "questions"
    SAFETY_FLAGS = "safety_flags"
    SKIPPED = "skipped"
    # Easy Read wording (its own variation of each response), chosen on the page.
    EASY_READ = "easy_read"
    # A review of a plan sent before: what it quotes back, and what has been said about it.
    REVIEW_OF = "review_of"
    REVIEWED = "reviewed"
    REVIEW_PENDING = "review_pending"


class Form(StrEnum):
    """The forms, one per part of the conversation, that the page's progress line names."""

    OUTCOMES = "outcomes_form"
    LIFE = "life_form"
    EDIT = "edit_form"
    # Looking again at a plan sent before.
    PLAN_REVIEW = "plan_review_form"
