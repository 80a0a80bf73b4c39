"""The reading age of every response the assistant can say, in plain wording and in Easy Read.

`make reading-age` prints each response's reading age in both, then the medians. Reading age is
the Flesch-Kincaid grade (textstat) plus 5, the usual way a US school grade becomes an age; a
placeholder the action fills with the person's words ({what}) is left out, since those words
are theirs. tests/scripts/test_reading_age.py holds the ceilings.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Any

import textstat
import yaml

from api.web.responses import DOMAIN_DIR

# British English syllables, from the hyphenation dictionary textstat uses (pyphen). textstat is
# pinned at 0.7.3: later versions download a word list (nltk's cmudict) at run time.
textstat.set_lang("en_GB")

_PLACEHOLDER = re.compile(r"“?\{\w+\}”?")
_BULLET = re.compile(r"^\s*•\s*", re.MULTILINE)
# Not messages of their own: a button's title, and the draft's frames for the person's words.
NOT_MESSAGES = frozenset(
    {
        "utter_edit_outcome_button",
        "utter_draft_outcome",
        "utter_draft_outcome_no_why",
        "utter_draft_section",
        "utter_nothing_here",
    }
)


@dataclass(frozen=True)
class Row:
    name: str
    plain: float
    easy: float | None


def _easy(variation: dict[str, Any]) -> bool:
    return {"type": "slot", "name": "easy_read", "value": True} in (
        variation.get("condition") or []
    )


def reading_age(text: str) -> float:
    words = _BULLET.sub("", _PLACEHOLDER.sub("", text))
    # A bullet point is a sentence of its own when read.
    words = re.sub(r"(?<![.?!:])\n", ".\n", words.strip())
    return round(float(textstat.flesch_kincaid_grade(words)) + 5, 1)


def rows() -> list[Row]:
    found: list[Row] = []
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (data.get("responses") or {}).items():
            if name in NOT_MESSAGES:
                continue
            plain = [v["text"] for v in variations if not _easy(v)]
            easy = [v["text"] for v in variations if _easy(v)]
            found.append(
                Row(
                    name=name,
                    plain=max(reading_age(t) for t in plain),
                    easy=max(reading_age(t) for t in easy) if easy else None,
                )
            )
    return found


def main() -> None:
    table = rows()
    print(f"{'response':40} {'plain':>6} {'easy read':>10}")
    for row in table:
        shown = f"{row.easy:10.1f}" if row.easy is not None else f"{'-':>10}"
        print(f"{row.name:40} {row.plain:6.1f} {shown}")
    plain = [r.plain for r in table]
    easy_ages = [r.easy for r in table if r.easy is not None]
    print(
        f"\nplain: {len(plain)} responses, median reading age {statistics.median(plain):.1f}, "
        f"highest {max(plain):.1f}"
    )
    median = statistics.median(easy_ages)
    print(
        f"Easy Read: {len(easy_ages)} responses, median reading age {median:.1f}, "
        f"highest {max(easy_ages):.1f}"
    )


if __name__ == "__main__":
    main()
