"""The domain has every name the contract gives the pages and the API: renaming a slot or a
form the pages read, or a section's slot, fails here rather than silently on a page."""

from __future__ import annotations

from bot.actions.sections import SectionValidation
from contract.conversation import Form, Slot, Stage
from contract.plan import (
    FREE_TEXT_SECTIONS,
    HEADINGS_FIRST_PERSON,
    HEADINGS_THIRD_PERSON,
    Part,
)
from tests.bot.factories import DOMAIN


def test_the_slots_and_forms_the_pages_read_are_in_the_domain() -> None:
    assert set(Slot) <= set(DOMAIN["slots"])
    assert set(Form) <= set(DOMAIN["forms"])


def test_every_stage_but_the_welcome_is_a_value_of_the_stage_slot() -> None:
    # The welcome is not a value the rules need to tell apart (it reads as any other value).
    assert set(DOMAIN["slots"][Slot.STAGE]["values"]) == set(Stage) - {Stage.WELCOME}


def test_every_free_text_section_is_a_slot_with_a_heading_in_both_voices() -> None:
    assert set(FREE_TEXT_SECTIONS) <= set(DOMAIN["slots"])
    assert set(HEADINGS_FIRST_PERSON) == set(Part)
    assert set(HEADINGS_THIRD_PERSON) == set(Part)


def test_every_question_of_every_form_can_be_answered_in_that_form() -> None:
    # A slot whose mapping does not name the form is never filled there: the form rejects the
    # answer and the conversation falls out of it ("Sorry, I didn't understand").
    for form, spec in DOMAIN["forms"].items():
        for slot in spec["required_slots"]:
            forms = {
                condition.get("active_loop")
                for mapping in DOMAIN["slots"][slot]["mappings"]
                for condition in mapping.get("conditions") or []
                if condition.get("requested_slot") == slot
            }
            assert form in forms, (form, slot)


def test_every_free_text_section_has_its_own_validation() -> None:
    # rasa-sdk finds `validate_<slot>` by name: a section without one would keep any words.
    for section in FREE_TEXT_SECTIONS:
        assert callable(getattr(SectionValidation, f"validate_{section}", None)), section


def test_no_message_asks_more_than_one_question() -> None:
    # One thing at a time: a person with dementia or a learning disability answers the last
    # question of several, and the others are lost.
    for name, variations in DOMAIN["responses"].items():
        for variation in variations:
            assert str(variation.get("text") or "").count("?") <= 1, name
