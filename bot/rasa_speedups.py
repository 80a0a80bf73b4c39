"""One change to Rasa 3.6 itself, made when our `rasa run` starts (scripts/rasa_run.py).

Rasa checks every answer from the action server against a JSON schema with `jsonschema.validate`,
which first checks the schema itself, every time: about half the cost of each check, paid in the
event loop that every conversation shares, once or more a turn. Here the schema's validator is
built once. The check itself, and the error Rasa raises for a bad answer, are unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    return validators.validator_for(schema)(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def apply() -> None:
    RemoteAction._validate_action_result = _validate_action_result
