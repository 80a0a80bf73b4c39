"""Names the NLU pipeline and the actions share: intents and entities they both read."""

from __future__ import annotations

# The intent a message gets when it needs the safety response or a direct check at once.
RISK_INTENT = "risk"
# Any typed message that is not a command: the answer to the question asked.
ANSWER_INTENT = "inform"
# A question for the worker, kept for them in the person's words.
QUESTION_INTENT = "question"
# "I don't know": an example is offered, once.
DONT_KNOW_INTENT = "dont_know"
# A message holding a code: to carry on a paused conversation, or to begin a review.
RESUME_INTENT = "resume"
REVIEW_CODE_INTENT = "review_code"
# Inside a question, these intents mean the command they name: "I'd rather not say" skips it,
# "can I change what I said" goes back, and "delete all of it" asks whether to start again.
COMMAND_ALIASES = {"rather_not_say": "skip", "change_plan": "go_back", "delete_plan": "start_again"}
# Where "I want to add something" is an answer of its own (adding to what was just read back,
# or another thing that matters); at any other question it means the answer before.
ADDING_HERE = frozenset({"outcome_confirmed", "more_outcomes"})


def command_meant(intent: str | None, slot: str) -> str | None:
    """The command an intent means when typed at the question `slot`."""
    if intent == "add_something" and slot not in ADDING_HERE:
        # "Can I add something to the last one?": back to it, to change it.
        return "go_back"
    return COMMAND_ALIASES.get(intent, intent) if intent else None


# The entity carrying the graded level of risk, with its categories, source and check.
RISK_ENTITY = "risk_level"
