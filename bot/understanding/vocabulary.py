"""Names the NLU pipeline and the actions share: intents and entities they both read."""

from __future__ import annotations

# The intent a message gets when it needs the safety response or a direct check at once.
RISK_INTENT = "risk"
# Any typed message that is not a command: the answer to the question asked.
ANSWER_INTENT = "inform"
# The entity carrying the graded level of risk, with its categories, source and check.
RISK_ENTITY = "risk_level"
