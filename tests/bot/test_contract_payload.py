"""The bot's side of the plan contract: the payloads it builds are exactly the recorded ones.

The API's side (tests/api/plans/test_plans_contract.py) checks that its `PlanIn` accepts the
same recorded payloads. Each environment runs its half, so the contract is held without the
end-to-end stack. After a deliberate change to the payload, write the file again with
`.venv-bot/bin/python -m tests.bot.test_contract_payload` and let the API's half judge it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.actions.plan import build_payload
from bot.actions.safety import Flag
from contract.plan import CARER_SECTIONS, Part, Role
from tests.bot.factories import finished_slots, quote, tracker

RECORDED = Path(__file__).resolve().parents[1] / "contract" / "plan_payloads.json"
SENT_AT = "2026-11-18T11:10:00+00:00"


def _flag() -> Flag:
    return {
        "quote": quote("he takes my pension", "msg-flag"),
        "categories": ["financial_harm"],
        "level": "harm",
        "source": "answer_to_check",
        "choices": ["yes", "carry_on"],
    }


def payloads() -> dict[str, dict[str, Any]]:
    """A person's plan sent mid-outcome with every optional field, and a carer's plan."""
    asked = {
        **quote("I'm no sure {why} 0[", "msg-a"),
        "asked": "What would you like to add?",
        "follows": "prompt",
    }
    person = finished_slots(
        pending={"what": quote("seeing my grandson", "msg-p"), "why": None, "added": [asked]},
        questions=[quote("when is my assessment?", "msg-q")],
        safety_flags=[_flag()],
        skipped=[Part.WHY_IT_MATTERS.value],
    )
    carer_answers = {s.value: quote(f"{s} words", f"msg-{s}") for s in CARER_SECTIONS}
    carer = {
        "role": Role.CARER.value,
        "answers": carer_answers,
        "outcomes": [{"what": quote("a night's sleep", "msg-cw"), "why": None}],
        "person_reference": "none",
        "match_consent": "yes",
        "skipped": [],
    }
    built = {
        "person": build_payload(tracker(slots=person), reference="WM-PERSNA"),
        "carer": build_payload(
            tracker(slots=carer, sender_id="conversation-2"), reference="WM-CARERA"
        ),
    }
    # The only value that changes from one run to the next.
    return {name: {**payload, "sent_at": SENT_AT} for name, payload in built.items()}


def test_the_bot_builds_the_recorded_payloads() -> None:
    assert payloads() == json.loads(RECORDED.read_text())


if __name__ == "__main__":
    RECORDED.write_text(json.dumps(payloads(), indent=2, ensure_ascii=False) + "\n")
