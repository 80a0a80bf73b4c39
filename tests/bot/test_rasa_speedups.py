"""Rasa's check of the action server's answers, with its validator built once: the same verdicts."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_speedups


def test_the_check_keeps_its_verdicts() -> None:
    rasa_speedups.apply()
    action = RemoteAction("validate_outcome_form", EndpointConfig("http://127.0.0.1:1"))
    good = {
        "events": [{"event": "slot", "name": "outcome_what", "value": "my garden 0["}],
        "responses": [{"text": "Thank you"}],
    }
    assert action._validate_action_result(good) is True
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list", "responses": []})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": [{"event": 7}], "responses": []})
