"""The API's side of the plan contract: it accepts exactly what the bot builds.

tests/bot/test_contract_payload.py holds the bot to the recorded payloads; here `PlanIn` reads
them and the plan comes back with every quote where the bot put it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.plans.models import PART_LENGTH, STORED_SECTIONS
from api.plans.schemas import PlanIn, PlanOut
from contract.plan import SECTIONS_FOR, Role
from tests.api import factories

RECORDED: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[2] / "contract" / "plan_payloads.json").read_text()
)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_the_api_reads_what_the_bot_sends(name: str) -> None:
    payload = RECORDED[name]
    plan = PlanIn.model_validate(payload)

    assert plan.role == Role(payload["role"])
    given = {section for section, quotes in plan.sections.items() if quotes}
    assert given == set(payload["sections"]) <= set(SECTIONS_FOR[plan.role])


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_what_the_bot_sends_comes_back_as_it_was_said(
    name: str, app: FastAPI, client: TestClient, bot_headers: dict[str, str]
) -> None:
    payload = RECORDED[name]
    created = client.post(app.url_path_for("receive_plan"), json=payload, headers=bot_headers)
    assert created.status_code == 201, created.text

    plan = PlanOut.model_validate(created.json())
    assert plan.reference == payload["reference"]
    for section, quotes in payload["sections"].items():
        assert [q.text for q in plan.sections[section]] == [q["text"] for q in quotes]
    assert [o.what.text for o in plan.outcomes] == [o["what"]["text"] for o in payload["outcomes"]]
    assert plan.skipped == payload.get("skipped", [])


@pytest.mark.parametrize("role", list(Role))
def test_the_api_takes_every_part_the_contract_asks_of_a_role_and_no_other(role: Role) -> None:
    # The contract is the only list: a part it gains is taken with no change in the API.
    every_part = {part.value: [factories.quote(part.value)] for part in SECTIONS_FOR[role]}
    plan = PlanIn.model_validate(factories.plan_payload(role=role.value, sections=every_part))

    assert list(plan.sections) == list(SECTIONS_FOR[role])


def test_every_stored_part_fits_its_column() -> None:
    # The database does not check the names (migration 0007); it only holds PART_LENGTH.
    assert max(len(name) for name in STORED_SECTIONS) <= PART_LENGTH
