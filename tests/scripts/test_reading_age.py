"""The reading age of what the assistant says: plain English for most people, Easy Read lower."""

from __future__ import annotations

import statistics

from scripts.reading_age import reading_age, rows

# Plain wording aims at a reading age of 9 to 11; a few messages (the honest safety wording, why
# a question is asked) run higher, never past 14. Easy Read stays at 9 or under, every message.
PLAIN_MEDIAN = 11.0
PLAIN_HIGHEST = 14.0
EASY_HIGHEST = 9.0


def test_plain_wording_stays_within_its_reading_age() -> None:
    plain = [row.plain for row in rows()]
    assert statistics.median(plain) <= PLAIN_MEDIAN
    assert [r.name for r in rows() if r.plain > PLAIN_HIGHEST] == []


def test_every_easy_read_message_is_easier_than_the_plain_ceiling() -> None:
    table = rows()
    assert [r.name for r in table if r.easy is not None and r.easy > EASY_HIGHEST] == []
    easy = [r.easy for r in table if r.easy is not None]
    assert statistics.median(easy) < statistics.median([r.plain for r in table])


def test_reading_age_is_measured_on_the_assistants_words_not_the_persons() -> None:
    long_quote = "“{what}”"
    assert reading_age(f"Thank you. This is what I heard. {long_quote}") == reading_age(
        "Thank you. This is what I heard."
    )
    # A long sentence of long words reads older than short everyday ones.
    assert reading_age("Is that right?") < reading_age(
        "Understanding your circumstances comprehensively enables appropriate, "
        "individualised recommendations regarding eligibility."
    )
