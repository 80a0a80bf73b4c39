"""The shapes of what a person is given to keep: a plan's reference and a resume code."""

from __future__ import annotations

import re
import secrets

# No 0/O or 1/I: both are read out over the phone or copied by hand.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

REFERENCE_PREFIX = "WM-"
REFERENCE_LENGTH = 6
# A reference as the bot gives it. (The API accepts a wider shape: references sent by older
# bots stay readable.)
REFERENCE = re.compile(rf"{REFERENCE_PREFIX}[{ALPHABET}]{{{REFERENCE_LENGTH}}}")
# A reference as a carer may type it, upper-cased first: the dash optional, any letter or digit
# (a mistyped 0 or 1 is then "not found" rather than not heard).
TYPED_REFERENCE = re.compile(rf"\bWM-?([A-Z0-9]{{{REFERENCE_LENGTH}}})\b")

# A resume code: 16 symbols = 80 bits, in four groups of four (ABCD-EFGH-JKLM-NPQR). Guessing
# is hopeless even without the API's throttle: with a million live codes and a million guesses a
# second, finding any one of them takes 2^80 / 10^12 seconds, about 38,000 years. (The 8-symbol
# codes before were 40 bits: a day's unthrottled guessing at that rate would find some.)
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4
CODE_SYMBOLS = CODE_GROUPS * CODE_GROUP_LENGTH
CODE_SYMBOL = f"[{ALPHABET}]"
# Any case (the text is upper-cased first), with spaces or dashes anywhere between the symbols
# ("abcd efgh-jklm npqr").
_CODE = re.compile(
    rf"(?<![A-Z0-9])((?:{CODE_SYMBOL}[\s-]*){{{CODE_SYMBOLS - 1}}}{CODE_SYMBOL})(?![A-Z0-9])"
)
# The shorter codes given before: still accepted until they expire, never given again; with a
# dash, a space or neither between the halves ("46SA EJAJ").
_OLD_CODE = re.compile(rf"(?<![A-Z0-9])({CODE_SYMBOL}{{4}})[\s-]?({CODE_SYMBOL}{{4}})(?![A-Z0-9])")


# A code as it is spotted in any message, whatever else it says: exactly as we give it (four
# groups of four, all joined by dashes or all by single spaces, or none), and, unless the dashes
# say so, with a digit in it. Lenient code_in() would find one in "my DAUGHTER helps me" (an
# old 8-symbol code) or in any 16 letters without an O or an I.
_SPOTTED = re.compile(
    rf"(?<![A-Z0-9])({CODE_SYMBOL}{{4}})([- ]?)({CODE_SYMBOL}{{4}})\2"
    rf"({CODE_SYMBOL}{{4}})\2({CODE_SYMBOL}{{4}})(?![A-Z0-9])"
)


def new_reference() -> str:
    return REFERENCE_PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_code() -> str:
    return code_format("".join(secrets.choice(ALPHABET) for _ in range(CODE_SYMBOLS)))


def code_format(raw: str) -> str:
    """A code's symbols in groups, the way we give it."""
    return "-".join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH))


def code_in(text: str) -> str | None:
    """The resume code in what someone typed, written the way we give it; None if none."""
    upper = text.upper()
    match = _CODE.search(upper)
    if match:
        return code_format(re.sub(r"[\s-]", "", match.group(1)))
    old = _OLD_CODE.search(upper)
    return f"{old.group(1)}-{old.group(2)}" if old else None


def code_spotted(text: str) -> str | None:
    """A code plainly meant as one in `text`, written the way we give it; None if none."""
    match = _SPOTTED.search(text.upper())
    if match is None:
        return None
    raw = "".join(match.group(1, 3, 4, 5))
    if match.group(2) != "-" and not any(symbol.isdigit() for symbol in raw):
        return None
    return code_format(raw)
