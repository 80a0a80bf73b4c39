"""Write a test story for every repair path inside every question: `make rasa-test` runs them.

    python -m tests.bot.stories.generate build/stories/test_repair.yml

Each story walks to one question, says one command there, and then either answers the question
asked again or follows the conversation to where the command leads. Whether a command ends the
form is not written down here: the real validation action is run on that question to find out,
so the stories cannot drift from what the forms do.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.edit import ValidateEditForm
from bot.actions.life import ValidateLifeForm
from bot.actions.outcomes import ValidateOutcomesForm
from bot.actions.plan_review import ValidatePlanReviewForm
from bot.actions.repair import AnswerForm
from bot.safety.levels import Assessment, Level, Source, risk_entity
from contract.plan import CARER_SECTIONS, PERSON_SECTIONS
from tests.bot.factories import DOMAIN, answering, finished_slots, quote, slot_values, tracker

Step = dict[str, Any]

FORMS: dict[str, AnswerForm] = {
    "outcomes_form": ValidateOutcomesForm(),
    "life_form": ValidateLifeForm(),
    "edit_form": ValidateEditForm(),
    "plan_review_form": ValidatePlanReviewForm(),
}

# What a person types for each command (buttons send the `/intent` form).
COMMANDS: dict[str, str] = {
    "skip": "skip",
    "go_back": "go back",
    "why_asking": "why are you asking me that",
    "dont_know": "not sure",
    "help": "help",
    "greet": "hello",
    "start": "/start",
    "pause": "stop for now",
    "carry_on": "carry on",
    "start_again": "start again",
    "question": "when is my assessment?",
    "resume": "I have a code ABCD-EFGH",
    "risk": "i want to end it all",
    "send_urgent": "/send_urgent",
    "start_again_confirm": "/start_again_confirm",
}
# The level the NLU pipeline gives a disclosure (bot/safety/levels.py).
ENTITIES = {"risk": [risk_entity(Assessment(Level.LIFE, ("suicide",), Source.PHRASE_LIST), 20)]}
# Buttons that leave the question altogether: rules, not the form, answer them.
LEAVING = {"send_urgent": "action_send_urgent", "start_again_confirm": "action_start_again"}

# The answer given to each question on the way to the one being tested, and the slots it leaves.
ANSWERS: dict[str, tuple[str, str, Any]] = {
    "outcome_what": ("my garden", "inform", "my garden"),
    "outcome_why": ("it's where I feel like me", "inform", "it's where I feel like me"),
    "outcome_confirmed": ("/affirm", "affirm", True),
    "more_outcomes": ("/deny", "deny", False),
    "outcome_help": ("a lift there and back", "inform", "a lift there and back"),
    "outcome_who": ("my son Tam", "inform", "my son Tam"),
    **{
        section: (f"my {section} answer", "inform", f"my {section} answer")
        for section in PERSON_SECTIONS + CARER_SECTIONS
    },
    "before_we_meet": ("/affirm", "affirm", "yes"),
    "person_reference": ("/deny", "deny", "none"),
    "match_consent": ("/affirm", "affirm", "yes"),
    "edit_target": ("1", "inform", "outcome:0"),
    "edit_what": ("my allotment", "inform", "my allotment"),
    "edit_why": ("I grow my own veg", "inform", "I grow my own veg"),
    "review_now": ("I go most weeks now", "inform", "I go most weeks now"),
    "review_movement": ("better", "inform", "better"),
    "review_helped": ("the lift on a Tuesday", "inform", "the lift on a Tuesday"),
    "review_in_the_way": ("my hip", "inform", "my hip"),
    "review_still_matters": ("aye, it does", "inform", "aye, it does"),
    "review_new": ("/affirm", "affirm", "yes"),
}


# What a review code gives a review: one thing that mattered, and (a carer's) parts of caring.
def review_of(role: str) -> dict[str, Any]:
    return {
        "plan_reference": "WM-ABC234",
        "role": role,
        "last_talked_at": "2026-03-03T10:15:00+00:00",
        "note": None,
        "outcomes": [{"position": 0, "what": quote("the bowling club"), "why": None}],
        "sections": {"keep_caring": [quote("just about")]} if role == "carer" else {},
    }


# Each form as each role meets it; changing the draft is the same for both.
FLOWS = [
    ("outcomes_form", "person"),
    ("life_form", "person"),
    ("edit_form", "person"),
    ("outcomes_form", "carer"),
    ("life_form", "carer"),
    ("plan_review_form", "person"),
    ("plan_review_form", "carer"),
]
# Once a form is finished, what the rules do next.
AFTER_FORM: dict[str, list[Step]] = {
    "outcomes_form": [{"action": "life_form"}, {"active_loop": "life_form"}],
    "life_form": [{"action": "action_show_draft"}, {"slot_was_set": [{"stage": "review"}]}],
    "edit_form": [{"action": "action_apply_edit"}, {"action": "action_show_draft"}],
    "plan_review_form": [{"action": "action_show_draft"}, {"slot_was_set": [{"stage": "review"}]}],
}


def user(text: str, intent: str | None) -> Step:
    step: Step = {"user": text}
    if intent is not None:
        step["intent"] = intent
    return step


def start(form: str, role: str) -> dict[str, Any]:
    """The slots as `form` begins: after what matters (one thing), after the whole
    conversation (changing the draft), or after a review code."""
    if form == "plan_review_form":
        return {"role": role, "review_of": review_of(role), "reviewed": []}
    if form == "life_form":
        return {"role": role, "outcomes": [{"what": quote("my garden"), "why": quote("it's me")}]}
    if form == "edit_form":
        return {**finished_slots(), "role": role}
    return {"role": role}


async def walk(form: str, role: str, until: str | None = None) -> tuple[list[str], dict[str, Any]]:
    """Answer `form`'s questions in turn through its real validation, up to `until`: the
    questions asked, and the slots then. The questions depend on what has been said (what would
    help is asked of each thing that matters; a review asks about each thing that mattered)."""
    slots = start(form, role)
    asked: list[str] = []
    while True:
        required = await FORMS[form].required_slots(
            DOMAIN["forms"][form]["required_slots"],
            CollectingDispatcher(),
            tracker(slots=slots),
            DOMAIN,
        )
        slot = next((name for name in required if slots.get(name) is None), None)
        if slot is None or slot == until:
            return asked, slots
        if asked[-1:] == [slot]:
            raise RuntimeError(f"{form} asks {slot} again after its answer")
        asked.append(slot)
        text, intent, _ = ANSWERS[slot]
        events = await FORMS[form].get_validation_events(
            CollectingDispatcher(), answering(slot, text, intent=intent, slots=slots), DOMAIN
        )
        slots = {**slots, slot: text, **slot_values(events)}


async def questions(form: str, role: str) -> list[str]:
    """The questions `form` asks someone in `role`, in order, as the real form decides."""
    return (await walk(form, role))[0]


async def opening(form: str, role: str) -> list[Step]:
    """From the first message to the first question of `form`."""
    if form == "edit_form":
        return [
            {"slot_was_set": [{"stage": "review"}]},
            user("show my plan", "show_plan"),
            {"action": "action_show_draft"},
            user("/change_plan", "change_plan"),
            {"action": "edit_form"},
            {"active_loop": "edit_form"},
        ]
    if form == "plan_review_form":
        return [
            user("review ABCD-EFGH-JKLM-NPQR", "review_code"),
            {"action": "action_review_code"},
            {"slot_was_set": [{"stage": "talking"}, {"review_claimed": True}]},
            {"action": "plan_review_form"},
            {"active_loop": "plan_review_form"},
        ]
    steps = [
        user("hello", "greet"),
        {"action": "action_start_conversation"},
        {"slot_was_set": [{"stage": "welcome"}]},
    ]
    if role == "carer":
        steps += [user("/carer", "carer"), {"action": "action_choose_carer"}]
    else:
        steps.append(user("/affirm", "affirm"))
    steps += [{"action": "outcomes_form"}, {"active_loop": "outcomes_form"}]
    if form == "life_form":
        for slot in await questions("outcomes_form", role):
            steps += [answer(slot), {"action": "outcomes_form"}]
        steps += finish("outcomes_form")
    return steps


def answer(slot: str) -> Step:
    text, intent, _ = ANSWERS[slot]
    return user(text, None if intent == "inform" else intent)


def finish(form: str) -> list[Step]:
    return [{"active_loop": None}, {"slot_was_set": [{"requested_slot": None}]}, *AFTER_FORM[form]]


async def slots_before(form: str, role: str, slot: str) -> dict[str, Any]:
    """The slots of a conversation that has answered every question before `slot`."""
    return (await walk(form, role, until=slot))[1]


async def form_ends(form: str, role: str, slot: str, intent: str) -> bool:
    """Whether saying `intent` at `slot` leaves every question of the form filled."""
    before = await slots_before(form, role, slot)
    events = await FORMS[form].get_validation_events(
        CollectingDispatcher(),
        answering(
            slot, COMMANDS[intent], intent=intent, entities=ENTITIES.get(intent), slots=before
        ),
        DOMAIN,
    )
    after = {**before, slot: COMMANDS[intent], **slot_values(events)}
    required = await FORMS[form].required_slots(
        DOMAIN["forms"][form]["required_slots"],
        CollectingDispatcher(),
        tracker(slots=after),
        DOMAIN,
    )
    return all(after.get(name) is not None for name in required)


async def story(form: str, role: str, slot: str, intent: str) -> dict[str, Any]:
    steps = await opening(form, role)
    for earlier in await questions(form, role):
        if earlier == slot:
            break
        steps += [answer(earlier), {"action": form}]
    steps.append(user(COMMANDS[intent], intent))
    if intent in LEAVING:
        steps += [{"action": LEAVING[intent]}, {"active_loop": None}]
    elif await form_ends(form, role, slot, intent):
        steps += [{"action": form}, *finish(form)]
    else:
        # The question (or the one before it) is asked again, and answered this time.
        steps += [{"action": form}, user("an answer at last", None), {"action": form}]
    return {"story": f"{intent} at {slot} ({form}, {role})", "steps": steps}


async def stories() -> list[dict[str, Any]]:
    return [
        await story(form, role, slot, intent)
        for form, role in FLOWS
        for slot in await questions(form, role)
        for intent in COMMANDS
    ]


class _Plain(yaml.SafeDumper):
    """Writes shared steps out in full each time: Rasa's story reader knows no YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def main(path: str) -> None:
    # Pausing writes a resume code: keep it out of the real store.
    scratch = tempfile.mkdtemp(prefix="repair-stories-")
    os.environ["ACTIONS_DATABASE_URL"] = f"sqlite:///{scratch}/actions.sqlite3"
    os.environ["OUTBOX_PATH"] = f"{scratch}/outbox.sqlite3"
    os.environ["RESUME_CODES_PATH"] = f"{scratch}/resume_codes.sqlite3"
    os.environ.setdefault("BOT_SERVICE_TOKEN", "story-generator")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {"version": "3.1", "stories": asyncio.run(stories())}
    out.write_text(yaml.dump(document, Dumper=_Plain, sort_keys=False, allow_unicode=True))
    print(f"{len(document['stories'])} repair stories written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
