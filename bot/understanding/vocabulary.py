"""Names the NLU pipeline and the actions share: intents and entities they both read."""

from __future__ import annotations

# The intent a message gets when it needs the safety response or a direct check at once.
RISK_INTENT = "risk"
# Any typed message that is not a command: the answer to the question asked.
ANSWER_INTENT = "inform"
# A message holding a code: to carry on a paused conversation, or to begin a review.
RESUME_INTENT = "resume"
REVIEW_CODE_INTENT = "review_code"
# Inside a question, these intents mean the command they name: "I'd rather not say" skips it,
# and "can I change what I said" goes back.
COMMAND_ALIASES = {"rather_not_say": "skip", "change_plan": "go_back"}
# The entity carrying the graded level of risk, with its categories, source and check.
RISK_ENTITY = "risk_level"
