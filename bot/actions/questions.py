"""Questions the person asks, at any point: kept in their plan, in their words, for the worker.

A few the assistant can answer honestly get a short, fixed answer from domain/repair.yml
(`utter_answer_<topic>`): whether there may be a charge, who sees what they say, and what happens
next. The question is kept all the same. Any other gets an honest "I can't answer that".

A question is what the NLU heard as one, or a message shaped like one: a question mark, and
either a question word first or the NLU's guess, before the command gate took it as an answer
for being long. Other commands ("why are you asking?") are not questions for the worker.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import is_button_payload, latest_user_event, quote_latest_message
from bot.actions.state import QUESTIONS, already_sent
from bot.understanding.vocabulary import QUESTION_INTENT

# The words a question starts with, after a filler ("sorry, ", "um "), and the verbs that ask.
_FILLER = r"and|but|so|oh|ok|okay|um+|erm|sorry"
_QUESTION_WORDS = r"who|whose|what|when|where|why|how|which"
_VERBS = r"is|are|am|was|were|will|would|can|could|does|did|should|shall|may|might"

# "can't walk far" and "isn't easy" start with a question word too: not when it is negated.
_ASKS = re.compile(
    rf"^\W*(?:(?:{_FILLER})\W+)*"
    rf"(?:{_QUESTION_WORDS}|{_VERBS}|do|have|has)(?!['\u2019]t|n['\u2019]t|not)\b",
    re.IGNORECASE,
)

# The fixed answers, checked in this order: who may see what they say first, as it matters most.
_TOPICS: list[tuple[str, re.Pattern[str]]] = [
    (
        "privacy",
        re.compile(
            r"\bwho\b.{0,20}\b(see|sees|read|reads|gets?|knows?)\b"
            r"|\b(know|see|read|find out|hear|be told|shown|shared?|passed on|sent)\b.{0,40}"
            r"\b(what i|what i've|this|these|my answers|my plan|my words|here)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "charge",
        re.compile(
            r"\b(pay|paying|payment|cost|costs|charge[sd]?|how much|fees?|afford|free)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "next",
        re.compile(
            r"\bwhat happens\b|\b(come|coming|visit|visiting)\b|\bsee me\b"
            r"|\b(phone|call|ring|contact|hear from)\b|\bhow long\b|\bassessment\b",
            re.IGNORECASE,
        ),
    ),
]


def answer_topic(text: str) -> str | None:
    """The fixed answer's topic for a question, if the assistant can answer it honestly."""
    return next((topic for topic, pattern in _TOPICS if pattern.search(text)), None)


def _heard_before_the_gate(tracker: Tracker) -> str | None:
    """The NLU's own guess, before the command gate took a long or unsure message as an answer
    (it keeps that guess second in the ranking)."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    names = [str(entry.get("name")) for entry in ranking if isinstance(entry, dict)]
    return names[1] if len(names) > 1 else None


def asks_a_question(tracker: Tracker, *, commands: frozenset[str]) -> bool:
    """Whether the person's latest message is a question for the worker, though the command
    gate took it as an answer. `commands`: the intents that are commands, not questions."""
    event = latest_user_event(tracker)
    text = str((event or {}).get("text") or "")
    if "?" not in text or is_button_payload(tracker):
        return False
    guess = _heard_before_the_gate(tracker)
    if guess in commands and guess != QUESTION_INTENT:
        return False
    return guess == QUESTION_INTENT or bool(_ASKS.match(text))


def shaped_like_a_question(text: str) -> bool:
    """Whether a message could be a question at all: a question mark, or a question word first
    ("do yous do overnight sitters"). "a visit at home" is an answer, whatever was heard."""
    return "?" in text or bool(_ASKS.match(text))


# Plainly a question though typed without a question mark: a question word and a verb ("how
# long will this take", "who reads this"), or a verb and who or what it asks about ("will my son
# see this", "do yous do overnight sitters"). Not "what would help is a lift" (the answer
# follows), "do the garden" or "have my tea" (what they would like to do), nor "can't walk far".
_VERB = rf"(?:{_VERBS}|wil|wull|wid|kin|cud|div)"  # and as typed by some
_PERSON = r"(?:i|ah|you|yous|ye|u|they|he|she|it|we|someone|somebody|anyone|anybody)"
_THING = rf"(?:{_PERSON}|this|that|there|my|ma|his|her|their|our|your|the|a|an|me|all|any|mum|dad)"
_WORD = rf"(?:{_QUESTION_WORDS}|whit|hoo|hw)"
_NOT = r"(?!n['\u2019]?t)"
_PLAINLY_ASKS = re.compile(
    rf"^\W*(?:(?:{_FILLER}|also|just|please)\W+)*(?:"
    rf"{_WORD}(?:['\u2019]s\b|\s+(?:{_VERB}|do|have|has){_NOT}\b|\s+(?:much|long|many|often|soon)\b)"
    r"|(?:who|what)\s+(?:reads|sees|gets|knows|decides|pays|checks|keeps|comes|visits|happens)\b"
    rf"|{_VERB}{_NOT}\s+{_THING}\b|(?:do|dae|have|has){_NOT}\s+{_PERSON}\b)",
    re.IGNORECASE,
)
# "What would help is a lift", "what gets me through is my dog": the answer follows the "is".
_ANSWER_FOLLOWS = re.compile(
    r"^\W*(?:what|whit)(?:['\u2019]s\b)?(?:\s+[\w'\u2019]+){1,5}?\s+(?:is|are|was)\s+\S",
    re.IGNORECASE,
)


def asked_without_a_mark(text: str) -> bool:
    """Whether a message with no question mark is plainly a question all the same."""
    return "?" not in text and bool(_PLAINLY_ASKS.match(text)) and not _ANSWER_FOLLOWS.match(text)


# Where one sentence ends and the next begins.
_SENTENCES = re.compile(r"(?<=[.?!])\s+")


def says_more_than_a_question(text: str) -> bool:
    """Whether a message asks a question and says something besides: a sentence of two words or
    more that is not a question ("Willing, aye. Able? Depends on the day.", "can you tell the
    worker my feet are bad. I'd love a chiropodist")."""
    sentences = _SENTENCES.split(text.strip())
    if "?" in text:
        said = [part for part in sentences if not part.rstrip().endswith("?")]
    elif len(sentences) > 1 and asked_without_a_mark(sentences[0]):
        said = sentences[1:]
    else:
        return False
    return any(len(part.split()) >= 2 for part in said)


def note_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, answered_as_asked: bool = False
) -> dict[str, Any]:
    """Answer it if the assistant honestly can, else say so; keep it in the plan in their
    words. `answered_as_asked`: it is also the answer to the question asked ("anything else?"),
    so there is no "I can't answer that"."""
    quote = quote_latest_message(tracker)
    topic = answer_topic(str(quote["text"])) if quote else None
    if topic is not None:
        dispatcher.utter_message(response=f"utter_answer_{topic}")
        dispatcher.utter_message(response="utter_question_kept")
    elif answered_as_asked:
        dispatcher.utter_message(response="utter_question_kept")
    else:
        dispatcher.utter_message(response="utter_question_noted")
    return {QUESTIONS: [*(tracker.get_slot(QUESTIONS) or []), quote]}


class ActionNoteQuestion(Action):
    """A question asked outside a question of a form: answered if it can be, and kept."""

    def name(self) -> str:
        return "action_note_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if already_sent(tracker):
            topic = answer_topic(str((latest_user_event(tracker) or {}).get("text") or ""))
            dispatcher.utter_message(
                response=f"utter_answer_{topic}" if topic else "utter_no_question_to_note"
            )
            return []
        return [SlotSet(name, value) for name, value in note_question(dispatcher, tracker).items()]
